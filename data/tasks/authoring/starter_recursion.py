"""Starter tier of the task family `recursion`: short recursive definitions over numbers, strings and lists.

Each task has a natural one-call-deep recursion (a base case and one step), which a loop may replace; the
suite's `recursion` family holds the backtracking and memoized ones. Trees take the two JSON-friendly shapes
of that family: `[value, left, right]` lists and `{"value": v, "children": [...]}` dicts, described in each
prompt. Every fourth task (index % 4 == 3) is held out.
Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_recursion.jsonl.
"""

from _task import task

FAMILY = "recursion"
TIER = "starter"


@task(difficulty="easy", inputs=[[4096], [0], [7], [10], [99999], [1000001]])
def sum_of_digits(n: int) -> int:
    """Add up the decimal digits of the non-negative integer `n`.

    >>> sum_of_digits(4096)
    19
    """
    if n < 10:
        return n
    return n % 10 + sum_of_digits(n // 10)


@task(difficulty="easy", inputs=[[7, 3], [5, 0], [0, 9], [-4, 3], [1, 1], [12, 12]])
def multiply_by_adding(a: int, b: int) -> int:
    """Multiply the integer `a` by the non-negative integer `b` with additions only: a times 0 is 0,
    and a times b is a plus a times (b - 1).

    >>> multiply_by_adding(7, 3)
    21
    """
    if b == 0:
        return 0
    return a + multiply_by_adding(a, b - 1)


@task(difficulty="easy", inputs=[[20], [1], [0], [-5], [64], [1000]])
def halving_sequence(n: int) -> list:
    """Start from `n` and keep halving with integer division (n // 2) until reaching 1; return every
    number on the way, `n` and 1 included. For n < 1 return [].

    >>> halving_sequence(20)
    [20, 10, 5, 2, 1]
    """
    if n < 1:
        return []
    return [n] + halving_sequence(n // 2)


@task(difficulty="easy", inputs=[[3], [0], [1], [2], [6]])
def nested_parentheses(n: int) -> str:
    """Return `n` opening parentheses followed by `n` closing ones, each pair wrapped around the
    next: 0 gives "", and n gives "(" + the result for n - 1 + ")".

    >>> nested_parentheses(3)
    '((()))'
    """
    if n == 0:
        return ""
    return "(" + nested_parentheses(n - 1) + ")"


@task(difficulty="easy", inputs=[["drawer"], [""], ["a"], ["ab"], ["never odd or even"], ["Ünï"]])
def reverse_text(text: str) -> str:
    """Return the characters of `text` in the opposite order: the reverse of the text after its first
    character, followed by that first character.

    >>> reverse_text("drawer")
    'reward'
    """
    if text == "":
        return ""
    return reverse_text(text[1:]) + text[0]


@task(difficulty="easy", inputs=[[40], [1], [7], [2], [1024], [96], [6]])
def count_halvings(n: int) -> int:
    """Count how many times the positive integer `n` can be divided by 2 before the result is odd: an
    odd `n` gives 0, and 40 = 2 * 2 * 2 * 5 gives 3.

    >>> count_halvings(40)
    3
    """
    if n % 2 == 1:
        return 0
    return 1 + count_halvings(n // 2)


@task(difficulty="easy", inputs=[[10, 3], [0, 2], [5, 5], [1, 1], [-4, 2], [20, 6]])
def count_down_by(start: int, step: int) -> list:
    """List the numbers from `start` downwards in steps of `step` (step > 0), keeping only numbers
    above 0: [start] followed by the list for start - step. A start below 1 gives [].

    >>> count_down_by(10, 3)
    [10, 7, 4, 1]
    """
    if start < 1:
        return []
    return [start] + count_down_by(start - step, step)


@task(difficulty="easy", inputs=[["cat"], [""], ["a"], ["abcd"], ["aa"], ["to be"]])
def all_suffixes(text: str) -> list:
    """List the endings of `text` from longest to shortest: `text` itself, then `text` without its
    first character, and so on down to its last character alone. "" has none.

    >>> all_suffixes("cat")
    ['cat', 'at', 't']
    """
    if text == "":
        return []
    return [text] + all_suffixes(text[1:])


@task(difficulty="easy", inputs=[[5, 2], [5, 0], ["x", 1], [0, 4], [[1, 2], 1], [None, 3]])
def nest_n_times(value, n: int):
    """Wrap `value` in `n` levels of lists: n = 0 gives `value` itself, n = 1 gives [value], n = 2
    gives [[value]], and so on.

    >>> nest_n_times(5, 2)
    [[5]]
    """
    if n == 0:
        return value
    return [nest_n_times(value, n - 1)]


@task(difficulty="easy", inputs=[[[10, 3, 5, 1]], [[]], [[7]], [[1, 2]], [[-1, -2, -3]], [[0, 0, 5, 0, 5]]])
def alternating_sum(nums: list) -> int:
    """Return nums[0] - nums[1] + nums[2] - nums[3] + ..., adding and subtracting the numbers in turn.
    An empty list gives 0.

    >>> alternating_sum([10, 3, 5, 1])
    11
    """
    if not nums:
        return 0
    return nums[0] - alternating_sum(nums[1:])


@task(
    difficulty="medium",
    inputs=[[[1, [2, [3, 4]], 5]], [[]], [[[[]]]], [[[1], [2], [3]]], [["a", ["b", ["c"]]]], [[1, 2, 3]]],
)
def flatten_deep(items: list) -> list:
    """Return the elements of `items` that are not lists, in order, taking the elements of inner
    lists (at any depth) in their place: every level of nesting is removed.

    >>> flatten_deep([1, [2, [3, 4]], 5])
    [1, 2, 3, 4, 5]
    """
    flat = []
    for x in items:
        if isinstance(x, list):
            flat.extend(flatten_deep(x))
        else:
            flat.append(x)
    return flat


@task(
    difficulty="medium",
    inputs=[[[1, [2, [3]], 4]], [[]], [[[]]], [[-5, [0]]], [[[1, 2], [[3]], 4.5]], [[7]]],
)
def double_nested(items: list) -> list:
    """`items` holds numbers and lists of the same kind, nested to any depth. Return a list of the same
    shape in which every number is multiplied by 2.

    >>> double_nested([1, [2, [3]], 4])
    [2, [4, [6]], 8]
    """
    return [double_nested(x) if isinstance(x, list) else x * 2 for x in items]


@task(difficulty="easy", inputs=[[3], [0], [1], [5], [-2]])
def star_stairs(n: int) -> list:
    """Draw a staircase of `n` steps as a list of strings: step 1 is "*", step 2 is "**", and so on up
    to `n` stars. For n < 1 return [].

    >>> star_stairs(3)
    ['*', '**', '***']
    """
    if n < 1:
        return []
    return star_stairs(n - 1) + ["*" * n]


@task(
    difficulty="medium",
    inputs=[
        [{"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": []}]}],
        [{"value": 1, "children": []}],
        [{"value": 1, "children": [{"value": 2, "children": [{"value": 3, "children": []}]}]}],
        [{"value": 0, "children": [{"value": 1, "children": [{"value": 2, "children": []},
                                                            {"value": 3, "children": []}]},
                                   {"value": 4, "children": []}]}],
        [{"value": 9, "children": [{"value": 9, "children": []}] * 4}],
    ],
)
def tree_node_count(tree: dict) -> int:
    """A tree is a dict {"value": v, "children": [subtree, ...]}. Return how many nodes it has: the
    root plus the nodes of all of its subtrees.

    >>> tree_node_count({"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": []}]})
    3
    """
    return 1 + sum(tree_node_count(child) for child in tree["children"])


@task(
    difficulty="medium",
    inputs=[
        [[1, [2, None, None], [3, None, [4, None, None]]]],
        [None],
        [[5, None, None]],
        [[-1, [-2, None, None], None]],
        [[0, None, [10, [20, None, None], None]]],
        [[1, [1, [1, None, None], [1, None, None]], [1, None, None]]],
    ],
)
def binary_tree_total(tree) -> int:
    """`tree` is either None (an empty tree) or a list of three items: a number, the left subtree and
    the right subtree. Add up every number stored in the tree.

    >>> binary_tree_total([1, [2, None, None], [3, None, [4, None, None]]])
    10
    """
    if tree is None:
        return 0
    value, left, right = tree
    return value + binary_tree_total(left) + binary_tree_total(right)


@task(difficulty="medium", inputs=[[[1, [2, [3]], []]], [[]], [[1, 2]], [[[[[]]]]], [[[], [], []]], [["[x]", ["y"]]]])
def count_inner_lists(items: list) -> int:
    """Count the lists found anywhere inside `items`, at any depth, without counting `items` itself.

    >>> count_inner_lists([1, [2, [3]], []])
    3
    """
    count = 0
    for x in items:
        if isinstance(x, list):
            count += 1 + count_inner_lists(x)
    return count
