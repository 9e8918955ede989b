"""Task family `strings`: character counting, case, slicing, simple transforms of text.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into data/tasks/strings.jsonl.
"""

FAMILY = "strings"

TASKS = [
    dict(
        name="count_vowels",
        difficulty="easy",
        prompt='''def count_vowels(text: str) -> int:
    """Return how many characters of `text` are English vowels (a, e, i, o, u), in either case.

    >>> count_vowels("Banana Split")
    4
    """
''',
        solution='''    return sum(1 for ch in text if ch.lower() in "aeiou")
''',
        inputs=[["Banana Split"], [""], ["rhythm"], ["AEIOUaeiou"], ["héllo wörld"], ["x" * 1000 + "o"]],
    ),
]
