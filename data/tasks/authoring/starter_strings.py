"""Starter tier of the `strings` family: one- to three-line string tasks a beginner writes.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_strings.jsonl. See data/README.md (Tiers) for why this tier exists.
"""

from _task import task

FAMILY = "strings"
TIER = "starter"


@task(difficulty="easy", inputs=[["Sam"], [""], ["Ana Lopez"], ["x"], ["Zoë"]])
def greeting(name: str) -> str:
    """Return the text "Hello, " followed by `name` and an exclamation mark.

    >>> greeting("Sam")
    'Hello, Sam!'
    """
    return "Hello, " + name + "!"


@task(difficulty="easy", inputs=[["stop"], [""], ["Watch Out"], ["go 2 it"], ["ALREADY"]])
def shout(text: str) -> str:
    """Return `text` in capital letters with one "!" added at the end.

    >>> shout("stop")
    'STOP!'
    """
    return text.upper() + "!"


@task(difficulty="easy", inputs=[["note"], [""], ["a b"], ["[x]"], ["42"]])
def wrap_in_brackets(text: str) -> str:
    """Return `text` with a "[" put before it and a "]" put after it.

    >>> wrap_in_brackets("note")
    '[note]'
    """
    return "[" + text + "]"


@task(difficulty="easy", inputs=[["Paris"], ["london"], [""], ["É"], ["123abc"], ["a"]])
def starts_with_capital(text: str) -> bool:
    """Return True if the first character of `text` is an uppercase letter, otherwise False.
    An empty string gives False.

    >>> starts_with_capital("Paris")
    True
    """
    return text[:1].isupper()


@task(difficulty="easy", inputs=[["wow", 3], ["ok", 1], ["yes", 0], ["", 2], ["hey you", 4]])
def add_exclamations(text: str, count: int) -> str:
    """Return `text` followed by `count` exclamation marks ("!"). A `count` of 0 adds nothing.

    >>> add_exclamations("wow", 3)
    'wow!!!'
    """
    return text + "!" * count


@task(difficulty="easy", inputs=[["planet"], ["a"], [""], ["ok"], ["Xyz"]])
def first_and_last_char(word: str) -> str:
    """Return a two-letter string: the first character of `word` followed by its last character.
    A one-letter word gives that letter twice; an empty word gives an empty string.

    >>> first_and_last_char("planet")
    'pt'
    """
    if word == "":
        return ""
    return word[0] + word[-1]


@task(difficulty="easy", inputs=[["New York City"], [""], ["no caps"], ["ABC def G"], ["Ünder 9"]])
def count_capital_letters(text: str) -> int:
    """Return how many characters of `text` are uppercase letters.

    >>> count_capital_letters("New York City")
    3
    """
    return sum(1 for ch in text if ch.isupper())


@task(difficulty="easy", inputs=[["walking"], ["ab"], [""], ["cat"], ["spring"]])
def last_three_letters(word: str) -> str:
    """Return the last three characters of `word`. A word shorter than three characters is returned whole.

    >>> last_three_letters("walking")
    'ing'
    """
    return word[-3:]


@task(difficulty="easy", inputs=[[["red", "green", "blue"]], [[]], [["one"]], [["a", "", "b"]], [["x-y", "z"]]])
def join_with_dashes(words: list) -> str:
    """Return one string made of the strings in `words`, in order, with a "-" between neighbours.

    >>> join_with_dashes(["red", "green", "blue"])
    'red-green-blue'
    """
    return "-".join(words)


@task(difficulty="easy", inputs=[["3.14"], [""], ["a.b.c"], ["no dots"], ["..,"]])
def swap_dots_for_commas(text: str) -> str:
    """Return `text` with every "." replaced by ",".

    >>> swap_dots_for_commas("3.14")
    '3,14'
    """
    return text.replace(".", ",")


@task(
    difficulty="easy",
    inputs=[["the cat saw the dog", "the"], ["", "a"], ["cat catalog cat", "cat"], ["The the", "the"],
            ["one", "two"], ["go go  go", "go"]],
)
def count_word_occurrences(sentence: str, word: str) -> int:
    """Return how many of the space-separated words of `sentence` are exactly equal to `word`
    (case-sensitive; a word that only contains `word` does not count).

    >>> count_word_occurrences("the cat saw the dog", "the")
    2
    """
    return sentence.split().count(word)


@task(difficulty="easy", inputs=[["hello"], ["Hello"], [""], ["abc1"], ["two words"], ["z"]])
def only_lowercase_letters(text: str) -> bool:
    """Return True if `text` is not empty and every character in it is a lowercase letter.

    >>> only_lowercase_letters("hello")
    True
    """
    return text.isalpha() and text.islower()


@task(difficulty="easy", inputs=[["(quiet)"], ["ab"], ["a"], [""], ["abcde"]])
def drop_first_and_last(text: str) -> str:
    """Return `text` without its first and its last character. Strings of length 2 or less give "".

    >>> drop_first_and_last("(quiet)")
    'quiet'
    """
    return text[1:-1]


@task(difficulty="easy", inputs=[["level"], ["abc"], ["a"], [""], ["Anna"], ["xyzx"]])
def starts_and_ends_same(word: str) -> bool:
    """Return True if `word` begins and ends with the same character (case-sensitive).
    An empty word gives False; a one-letter word gives True.

    >>> starts_and_ends_same("level")
    True
    """
    if word == "":
        return False
    return word[0] == word[-1]


@task(difficulty="easy", inputs=[["maria@example.com"], ["@host"], ["no.at.sign"], ["a@b@c"], ["x.y@z.org"]])
def email_username(email: str) -> str:
    """Return the part of `email` before the first "@". If there is no "@", return `email` unchanged.

    >>> email_username("maria@example.com")
    'maria'
    """
    return email.split("@")[0]


@task(difficulty="medium", inputs=[["hello World"], [""], ["x"], ["already Big"], ["éclair"], ["1st place"]])
def uppercase_first_letter(text: str) -> str:
    """Return `text` with only its first character changed to uppercase; every other character stays
    exactly as it was.

    >>> uppercase_first_letter("hello World")
    'Hello World'
    """
    return text[:1].upper() + text[1:]


@task(difficulty="easy", inputs=[["good day to you"], [""], ["one"], ["  two spaces"], ["   "]])
def first_word(sentence: str) -> str:
    """Return the first word of `sentence` (words are separated by spaces), or "" if it has no words.

    >>> first_word("good day to you")
    'good'
    """
    words = sentence.split()
    return words[0] if words else ""


@task(difficulty="easy", inputs=[["room 101"], [""], ["no digits"], ["7"], ["abc9"], ["x-y"]])
def has_digit(text: str) -> bool:
    """Return True if at least one character of `text` is a digit 0-9, otherwise False.

    >>> has_digit("room 101")
    True
    """
    return any(ch.isdigit() for ch in text)


@task(difficulty="easy", inputs=[["banana", "a"], ["", "x"], ["apple", "z"], ["Aa", "a"], ["sss", "s"]])
def censor_letter(text: str, letter: str) -> str:
    """Return `text` with every occurrence of the character `letter` replaced by "*" (case-sensitive).

    >>> censor_letter("banana", "a")
    'b*n*n*'
    """
    return text.replace(letter, "*")


@task(difficulty="easy", inputs=[["abc"], [""], ["Hi there"], ["x"], ["racecar"]])
def backwards_in_capitals(text: str) -> str:
    """Return `text` reversed (last character first) and in capital letters.

    >>> backwards_in_capitals("abc")
    'CBA'
    """
    return text[::-1].upper()
