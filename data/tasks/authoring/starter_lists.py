"""Starter tier of the `lists` family: one- to three-line list tasks a beginner writes.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_lists.jsonl. See data/README.md (Tiers) for why this tier exists.
"""

from _task import task

FAMILY = "lists"
TIER = "starter"


@task(difficulty="easy", inputs=[[[8, 3, 5]], [[]], [["x"]], [[None, 1]], [[[1], [2]]]])
def first_item_or_none(items: list):
    """Return the first element of `items`, or None if the list is empty.

    >>> first_item_or_none([8, 3, 5])
    8
    """
    if not items:
        return None
    return items[0]


@task(difficulty="easy", inputs=[[[4, 6, 100]], [[]], [[9]], [[-1, -2, -3]], [[2.5, 0.5, 7]]])
def sum_of_first_two(nums: list):
    """Return the sum of the first two numbers of `nums`. A list with fewer than two numbers gives the sum
    of the numbers it has (0 for an empty list).

    >>> sum_of_first_two([4, 6, 100])
    10
    """
    return sum(nums[:2])


@task(difficulty="easy", inputs=[[[0, 5, 0, 2]], [[]], [[1, 2, 3]], [[0]], [[0.0, 0, -1]]])
def count_zeros(nums: list) -> int:
    """Return how many elements of `nums` are equal to 0.

    >>> count_zeros([0, 5, 0, 2])
    2
    """
    return nums.count(0)


@task(difficulty="easy", inputs=[[[3, 12, 7], 10], [[], 5], [[10, 10], 10], [[-4, 2], 0], [[1, 2, 3], 100]])
def cap_at(nums: list, limit: int) -> list:
    """Return a new list where every number of `nums` greater than `limit` is replaced by `limit`.
    The other numbers stay as they are.

    >>> cap_at([3, 12, 7], 10)
    [3, 10, 7]
    """
    return [min(n, limit) for n in nums]


@task(difficulty="easy", inputs=[[[4, -2, 9, 1]], [[7]], [[3, 3]], [[-5, -1, -9]], [[0, 100, 50]]])
def smallest_and_largest(nums: list) -> list:
    """Return a list of two numbers: the smallest and then the largest value of `nums` (never empty).

    >>> smallest_and_largest([4, -2, 9, 1])
    [-2, 9]
    """
    return [min(nums), max(nums)]


@task(difficulty="easy", inputs=[[[1, 2], 3], [[], 4], [["a"], 0], [[0], 1], [[True, None], 2]])
def repeat_list(items: list, times: int) -> list:
    """Return a new list holding the elements of `items` repeated `times` times in a row.

    >>> repeat_list([1, 2], 3)
    [1, 2, 1, 2, 1, 2]
    """
    return items * times


@task(difficulty="easy", inputs=[[[8, 3, 5]], [[]], [["only"]], [[1, None]], [[[], [0]]]])
def last_item(items: list):
    """Give back the final element of `items`; for an empty list give back None.

    >>> last_item([8, 3, 5])
    5
    """
    return items[-1] if items else None


@task(
    difficulty="easy",
    inputs=[[["tea", "milk", "jam"], "tea", "jam"], [[], "a", "b"], [[1, 2], 1, 3], [[1, 2], 3, 2], [[5], 5, 5],
            [["x", "y"], "y", "x"]],
)
def contains_both(items: list, first, second) -> bool:
    """Return True if both `first` and `second` appear in `items`, otherwise False.

    >>> contains_both(["tea", "milk", "jam"], "tea", "jam")
    True
    """
    return first in items and second in items


@task(
    difficulty="medium",
    inputs=[[[3, 1, 3, 2], 3], [[], 1], [[1, 2], 5], [[7], 7], [["a", "b", "a"], "a"], [[1, 2, 2], 2]],
)
def remove_first(items: list, value) -> list:
    """Return a copy of `items` with the first element equal to `value` removed. If `value` does not
    appear, return an unchanged copy.

    >>> remove_first([3, 1, 3, 2], 3)
    [1, 3, 2]
    """
    result = list(items)
    if value in result:
        result.remove(value)
    return result


@task(difficulty="easy", inputs=[[["hi", "hello", "hey"], 2], [[], 1], [["abc"], 3], [["a", "bb", "ccc"], 0], [["xyz", "xy"], 2]])
def count_longer_than(words: list, n: int) -> int:
    """Return how many strings in `words` have more than `n` characters.

    >>> count_longer_than(["hi", "hello", "hey"], 2)
    2
    """
    return sum(1 for w in words if len(w) > n)


@task(difficulty="easy", inputs=[[[1, 2, 3], [10, 20, 30]], [[], []], [[5], [-5]], [[0.5, 1], [0.25, 2]], [[-1, -2], [-3, -4]]])
def pairwise_sums(a: list, b: list) -> list:
    """Return a list whose element i is `a[i] + b[i]`. Both lists have the same length.

    >>> pairwise_sums([1, 2, 3], [10, 20, 30])
    [11, 22, 33]
    """
    return [x + y for x, y in zip(a, b)]


@task(difficulty="easy", inputs=[[[1, 2, 3, 4]], [[]], [[9]], [[1, 2]], [["a", "b", "c"]], [[5, 5, 6]]])
def swap_first_last(items: list) -> list:
    """Return a copy of `items` with its first and last elements swapped. Lists with fewer than two
    elements are returned unchanged (as a copy).

    >>> swap_first_last([1, 2, 3, 4])
    [4, 2, 3, 1]
    """
    result = list(items)
    if len(result) >= 2:
        result[0], result[-1] = result[-1], result[0]
    return result


@task(difficulty="easy", inputs=[[[2, 3], 1], [[], "x"], [["b"], "a"], [[None], None], [[1, 2, 3], 0]])
def insert_at_front(items: list, value) -> list:
    """Return a new list that starts with `value` and continues with the elements of `items`.

    >>> insert_at_front([2, 3], 1)
    [1, 2, 3]
    """
    return [value] + items


@task(
    difficulty="easy",
    inputs=[[[1, 5, 10, 15], 5, 10], [[], 0, 1], [[3, 4], 5, 1], [[2, 2, 2], 2, 2], [[-3, 0, 3], -3, 3],
            [[4, 6], 5, 5]],
)
def count_between(nums: list, low: int, high: int) -> int:
    """Return how many numbers of `nums` are at least `low` and at most `high` (both ends included).

    >>> count_between([1, 5, 10, 15], 5, 10)
    2
    """
    return sum(1 for n in nums if low <= n <= high)


@task(difficulty="easy", inputs=[[["to", "be", "or"]], [[]], [[""]], [["hello", "world"]], [["a", "", "bc"]]])
def total_length(words: list) -> int:
    """Return the total number of characters in all the strings of `words` together.

    >>> total_length(["to", "be", "or"])
    6
    """
    return sum(len(w) for w in words)


@task(difficulty="easy", inputs=[[[4, 0, -2, -7]], [[]], [[1, 2, 3]], [[-1]], [[0, 5, -5, -5]]])
def index_of_first_negative(nums: list) -> int:
    """Return the position of the first number below zero in `nums`, or -1 if there is none.

    >>> index_of_first_negative([4, 0, -2, -7])
    2
    """
    for i, n in enumerate(nums):
        if n < 0:
            return i
    return -1


@task(difficulty="easy", inputs=[[[3, 4, 9, 10], 3], [[], 2], [[1, 2, 3], 5], [[0, -6, 7], 6], [[8, 16], 8], [[5, 10, 11], 5]])
def keep_multiples_of(nums: list, k: int) -> list:
    """Return the numbers of `nums` that are multiples of `k` (divisible by `k` with no remainder), in order.

    >>> keep_multiples_of([3, 4, 9, 10], 3)
    [3, 9]
    """
    return [n for n in nums if n % k == 0]


@task(difficulty="easy", inputs=[[[7, 8, 9]], [[1]], [["a", "b", "c", "d", "e"]], [[4, 2, 0]], [[None, "x", 3]]])
def middle_item(items: list):
    """Return the element in the middle of `items`. The list always has an odd number of elements.

    >>> middle_item([7, 8, 9])
    8
    """
    return items[len(items) // 2]


@task(difficulty="easy", inputs=[[2, 5], [3, 3], [5, 2], [-2, 1], [0, 0], [10, 14]])
def numbers_from_to(start: int, end: int) -> list:
    """Return the list of whole numbers from `start` up to `end`, both included. If `start` is bigger than
    `end`, return an empty list.

    >>> numbers_from_to(2, 5)
    [2, 3, 4, 5]
    """
    return list(range(start, end + 1))


@task(difficulty="medium", inputs=[[[5, 1, 4]], [[]], [[2]], [[3, 3, 3]], [[-1, 0, 1, 2]]])
def difference_from_first(nums: list) -> list:
    """Return a list where each number of `nums` has the first number of `nums` subtracted from it.
    An empty list gives an empty list.

    >>> difference_from_first([5, 1, 4])
    [0, -4, -1]
    """
    if not nums:
        return []
    return [n - nums[0] for n in nums]
