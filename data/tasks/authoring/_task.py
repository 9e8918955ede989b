"""`@task(...)`: the metadata of one task, attached to the function that is its canonical solution.

A task in a family module is a real function: its signature and docstring are the prompt the model reads, its
body is the canonical solution. build.py cuts both out of the module's source text (so they are exactly what
is written there, comments and blank lines included); this decorator only records what the source cannot say.

    @task(difficulty="easy", inputs=[["hello"], [""], ["aaa"], ["Aa"], ["abcabc"]])
    def char_frequencies(text: str) -> dict:
        <docstring: the description and a >>> example>
        counts = {}
        ...

- `difficulty`: easy | medium | hard.
- `inputs`: argument lists (>= 5) the solution is run on to compute the expected values of the tests.
- `float_tol`: relative tolerance for floats in the expected values (build.py's default otherwise).
- `preamble`: source text placed before the `def` in the prompt, for a prompt that must start with imports or
  helpers (e.g. "from typing import List\\n\\n\\n"); the prompt is then preamble + signature + docstring.
"""


def task(*, difficulty: str, inputs: list, float_tol: float | None = None, preamble: str = ""):
    metadata = {"difficulty": difficulty, "inputs": inputs, "preamble": preamble}
    if float_tol is not None:
        metadata["float_tol"] = float_tol

    def attach(fn):
        fn.task = metadata
        return fn

    return attach
