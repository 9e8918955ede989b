"""Starter tier of the `sorting_searching` family: sorted() with a key, min/max, and one-loop searches.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_sorting_searching.jsonl. See data/README.md (Tiers) for why this tier exists.
"""

from _task import task

FAMILY = "sorting_searching"
TIER = "starter"


@task(difficulty="easy", inputs=[[[3, 1, 2]], [[]], [[5]], [[2, -1, 2, 0]], [[1.5, -0.5, 1]]])
def sorted_copy(nums: list) -> list:
    """Return a new list with the numbers of `nums` in increasing order. Do not change `nums`.

    >>> sorted_copy([3, 1, 2])
    [1, 2, 3]
    """
    return sorted(nums)


@task(difficulty="easy", inputs=[[[3, 1, 2]], [[]], [[7]], [[4, 4, -4]], [[0.5, 10, -2]]])
def largest_first(nums: list) -> list:
    """Return the numbers of `nums` sorted from the largest to the smallest.

    >>> largest_first([3, 1, 2])
    [3, 2, 1]
    """
    return sorted(nums, reverse=True)


@task(difficulty="easy", inputs=[[[5, 2, 8, 1]], [[4, 4, 4]], [[9]], [[]], [[-1, -3, 0]], [[2, 1]]])
def two_smallest(nums: list) -> list:
    """Return the two smallest numbers of `nums` in increasing order. If `nums` has fewer than two numbers,
    return all of them, sorted.

    >>> two_smallest([5, 2, 8, 1])
    [1, 2]
    """
    return sorted(nums)[:2]


@task(difficulty="easy", inputs=[[[40, 75, 62, 90]], [[1, 2]], [[]], [[5, 5, 5, 5]], [[-1, 0, 3, 2, 1]]])
def top_three(scores: list) -> list:
    """Return the three highest numbers of `scores`, highest first. A list with fewer than three numbers
    gives all of them, highest first.

    >>> top_three([40, 75, 62, 90])
    [90, 75, 62]
    """
    return sorted(scores, reverse=True)[:3]


@task(difficulty="easy", inputs=[[["ant", "bee", "cat"], "bee"], [["ant"], "dog"], [[], "x"], [[1, 2, 1], 1], [["a", "b"], "b"]])
def position_of(items: list, target) -> int:
    """Return the index of the first element of `items` equal to `target`, or -1 if `target` is not there.

    >>> position_of(["ant", "bee", "cat"], "bee")
    1
    """
    for i, item in enumerate(items):
        if item == target:
            return i
    return -1


@task(difficulty="easy", inputs=[[[1, 2, 1, 3], 1], [[], 0], [[5], 4], [["a", "a"], "a"], [[7, 8, 9], 9]])
def last_position_of(items: list, target) -> int:
    """Return the index of the last element of `items` that equals `target`, or -1 if no element does.

    >>> last_position_of([1, 2, 1, 3], 1)
    2
    """
    result = -1
    for i, item in enumerate(items):
        if item == target:
            result = i
    return result


@task(difficulty="medium", inputs=[[["pear", "fig", "kiwi"]], [[]], [["b"]], [["ab", "ca", "bb"]], [["zoo", "a", "xya"]]])
def sort_by_last_letter(words: list) -> list:
    """Return `words` (none of them empty) sorted by their last letter. Words with the same last letter
    keep their original order.

    >>> sort_by_last_letter(["pear", "fig", "kiwi"])
    ['fig', 'kiwi', 'pear']
    """
    return sorted(words, key=lambda w: w[-1])


@task(difficulty="easy", inputs=[[["banana", "fig", "apple"]], [["one"]], [["ab", "cd"]], [["", "x"]], [["tree", "sky", "sun"]]])
def shortest_word(words: list) -> str:
    """Return the shortest string in `words` (never empty). If several are equally short, return the first one.

    >>> shortest_word(["banana", "fig", "apple"])
    'fig'
    """
    shortest = words[0]
    for word in words:
        if len(word) < len(shortest):
            shortest = word
    return shortest


@task(
    difficulty="easy",
    inputs=[[["apple", "banana", "blueberry"], "b"], [["kiwi"], "a"], [[], "x"], [["Bob", "bob"], "b"], [["cat", "car"], "c"]],
)
def first_starting_with(words: list, letter: str) -> str:
    """Return the first word in `words` that starts with `letter`, or "" if no word does.

    >>> first_starting_with(["apple", "banana", "blueberry"], "b")
    'banana'
    """
    for word in words:
        if word.startswith(letter):
            return word
    return ""


@task(difficulty="easy", inputs=[[[-7, 2, -3, 5]], [[]], [[0]], [[3, -3]], [[-1, -10, 4]]])
def sort_by_size_ignoring_sign(nums: list) -> list:
    """Return the numbers of `nums` sorted by their absolute value (their size without the minus sign),
    smallest first. Numbers with the same absolute value keep their original order.

    >>> sort_by_size_ignoring_sign([-7, 2, -3, 5])
    [2, -3, 5, -7]
    """
    return sorted(nums, key=abs)


@task(difficulty="easy", inputs=[[[5, 2, 8, 3, 6]], [[]], [[1, 3]], [[4]], [[-2, 0, 2, -4]]])
def sorted_evens(nums: list) -> list:
    """Return the even numbers of `nums` in increasing order (odd numbers are left out).

    >>> sorted_evens([5, 2, 8, 3, 6])
    [2, 6, 8]
    """
    evens = [n for n in nums if n % 2 == 0]
    return sorted(evens)


@task(difficulty="easy", inputs=[[[1, 4, 9, 2], 3], [[1, 2], 5], [[], 0], [[7], 7], [[3, 8, 10], -1]])
def first_greater_than(nums: list, limit: int):
    """Return the first number in `nums` that is greater than `limit`, or None if there is none.

    >>> first_greater_than([1, 4, 9, 2], 3)
    4
    """
    for n in nums:
        if n > limit:
            return n
    return None


@task(
    difficulty="easy",
    inputs=[[[["Ana", 34], ["Bo", 71], ["Cy", 50]]], [[["Solo", 1]]], [[["A", 9], ["B", 9]]], [[["x", 0], ["y", -1]]],
            [[["p", 3], ["q", 4], ["r", 4]]]],
)
def oldest_person(people: list) -> str:
    """`people` is a non-empty list of [name, age] lists. Return the name of the oldest person; if several
    share the highest age, return the first of them.

    >>> oldest_person([["Ana", 34], ["Bo", 71], ["Cy", 50]])
    'Bo'
    """
    return max(people, key=lambda person: person[1])[0]


@task(difficulty="easy", inputs=[["banana"], [""], ["z"], ["cba"], ["Hello"]])
def sort_letters(word: str) -> str:
    """Return a string with the characters of `word` in sorted order (Python's normal order, so
    uppercase letters come before lowercase ones).

    >>> sort_letters("banana")
    'aaabnn'
    """
    return "".join(sorted(word))


@task(
    difficulty="medium",
    inputs=[[[["b", 2], ["a", 3], ["c", 1]]], [[]], [[["x", 0]]], [[["p", 5], ["q", 5], ["r", 4]]], [[["m", -1], ["n", -2]]]],
)
def sort_by_second(pairs: list) -> list:
    """`pairs` is a list of [name, number] lists. Return them sorted by the number, smallest first;
    pairs with equal numbers keep their original order.

    >>> sort_by_second([["b", 2], ["a", 3], ["c", 1]])
    [['c', 1], ['b', 2], ['a', 3]]
    """
    return sorted(pairs, key=lambda pair: pair[1])


@task(difficulty="easy", inputs=[[[3, 1, 3, 2, 3], 3], [[], 1], [[1, 2], 5], [[0], 0], [["a", "b", "a"], "a"]])
def all_positions_of(items: list, target) -> list:
    """Return the list of every index at which `items` holds `target`, in increasing order.

    >>> all_positions_of([3, 1, 3, 2, 3], 3)
    [0, 2, 4]
    """
    return [i for i, item in enumerate(items) if item == target]


@task(difficulty="medium", inputs=[[[3, 8, 5, 2, 7]], [[]], [[1, 3]], [[4, 2]], [[0, -1, -2, 9]], [[6, 1, 4, 3]]])
def evens_first(nums: list) -> list:
    """Return the numbers of `nums` with all the even numbers first and then all the odd numbers.
    Inside each group the numbers keep their original order.

    >>> evens_first([3, 8, 5, 2, 7])
    [8, 2, 3, 5, 7]
    """
    return [n for n in nums if n % 2 == 0] + [n for n in nums if n % 2 != 0]


@task(
    difficulty="easy",
    inputs=[[["Red", "green", "BLUE"], "blue"], [["a"], "b"], [[], "x"], [["Ab", "aB"], "ab"], [["one", "two"], "TWO"]],
)
def find_ignoring_case(words: list, word: str) -> int:
    """Return the index of the first string in `words` that equals `word` when upper and lower case are
    treated as the same, or -1 if there is none.

    >>> find_ignoring_case(["Red", "green", "BLUE"], "blue")
    2
    """
    for i, w in enumerate(words):
        if w.lower() == word.lower():
            return i
    return -1


@task(difficulty="medium", inputs=[[[3, 9, 5, 12], 8], [[], 4], [[5, 6], 5], [[1, 1], 2], [[-4, -9, 0], -1], [[2, 7, 4], 100]])
def nearest_below(nums: list, x: int):
    """Return the largest number in `nums` that is smaller than `x`, or None if no number is smaller than `x`.

    >>> nearest_below([3, 9, 5, 12], 8)
    5
    """
    smaller = [n for n in nums if n < x]
    return max(smaller) if smaller else None


@task(difficulty="medium", inputs=[[[70, 95, 80, 95], 80], [[], 50], [[10], 10], [[1, 2, 3], 3], [[4, 4, 4], 4], [[5, 6], 1]])
def place_in_ranking(scores: list, score: int) -> int:
    """A player with `score` gets the place 1 + (how many numbers in `scores` are strictly higher).
    Return that place.

    >>> place_in_ranking([70, 95, 80, 95], 80)
    3
    """
    return 1 + sum(1 for s in scores if s > score)
