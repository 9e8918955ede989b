"""Task family `recursion`: nested lists, trees, backtracking, enumeration and memoized counting.

Trees appear in two JSON-friendly shapes, each described in its prompt: binary trees as nested lists
`[value, left, right]` (an empty subtree is None) and general trees as dicts `{"value": v, "children": [...]}`.
Order matters: every fifth task (index % 5 == 4) is held out, and tasks were placed so that close
relatives (e.g. counting and listing coin combinations) share a split.
Written for codegen-rlhf; see data/README.md for provenance and license.
"""

from _task import task

FAMILY = "recursion"


@task(
    difficulty="easy",
    inputs=[
        ([1, [2, [3]], 4],),
        ([],),
        ([1, 2, 3],),
        ([[]],),
        ([[[[[]]]]],),
        ([[1], [2, [3, [4]]], [5]],),
        (["a", ["b"]],),
    ],
)
def nesting_depth(items: list) -> int:
    """Return how deeply lists are nested inside items. A list that contains no
    lists (including the empty list) has depth 1; each extra level of list
    inside adds one.

    >>> nesting_depth([1, [2, [3]], 4])
    3
    >>> nesting_depth([])
    1
    """
    deepest = 0
    for x in items:
        if isinstance(x, list):
            deepest = max(deepest, nesting_depth(x))
    return deepest + 1


@task(
    difficulty="easy",
    inputs=[
        ([1, [2, 3], [[4]]],),
        ([[], []],),
        ([],),
        ([-5, [5, [-1]]],),
        ([7],),
        ([[[[100]]], 1],),
        ([10 ** 15, [10 ** 15]],),
    ],
)
def sum_nested(items: list) -> int:
    """Add up every integer found anywhere inside a list whose elements are integers
    or further lists of the same kind, at any depth.

    >>> sum_nested([1, [2, 3], [[4]]])
    10
    >>> sum_nested([[], []])
    0
    """
    total = 0
    for x in items:
        if isinstance(x, list):
            total += sum_nested(x)
        else:
            total += x
    return total


@task(
    difficulty="easy",
    inputs=[
        ([1, [1, 2, [1]], 3], 1),
        ([], 5),
        (["a", ["b", ["a", "a"]]], "a"),
        ([[2], [2], 2], 3),
        ([0, [0, [0, [0]]]], 0),
        ([1, 2, 3], 2),
    ],
)
def count_nested_occurrences(items: list, target) -> int:
    """Count how many elements equal to target appear anywhere in a nested list
    (lists inside lists, at any depth). Lists themselves are never counted.

    >>> count_nested_occurrences([1, [1, 2, [1]], 3], 1)
    3
    >>> count_nested_occurrences([], 5)
    0
    """
    count = 0
    for x in items:
        if isinstance(x, list):
            count += count_nested_occurrences(x, target)
        elif x == target:
            count += 1
    return count


@task(
    difficulty="medium",
    inputs=[([1, [2, 3], [4, [5, 6]]],), ([],), ([1, 2, 3],), ([[1, 2]],), ([[], [1, []], "x"],), ([[[1, 2], 3], 4],)],
)
def deep_reverse(items: list) -> list:
    """Return a new nested list in which the order of elements is reversed at every
    level: the outer list, and recursively every list inside it. The input must not
    be modified.

    >>> deep_reverse([1, [2, 3], [4, [8, 9]]])
    [[[9, 8], 4], [3, 2], 1]
    >>> deep_reverse([])
    []
    """
    return [deep_reverse(x) if isinstance(x, list) else x for x in reversed(items)]


@task(difficulty="easy", inputs=[(2, 3), (0, 0), (0, 7), (1, 0), (1, 5), (2, 0), (3, 3), (3, 1)])
def ackermann(m: int, n: int) -> int:
    """The Ackermann function for non-negative m and n:
    A(0, n) = n + 1; A(m, 0) = A(m - 1, 1) for m > 0;
    A(m, n) = A(m - 1, A(m, n - 1)) for m > 0 and n > 0.

    >>> ackermann(2, 3)
    9
    >>> ackermann(0, 0)
    1
    """
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


@task(difficulty="easy", inputs=[(3, 5), (-2, 3), (7, 0), (0, 0), (0, 4), (2, 1), (-3, 4), (2, 100), (10, 6)])
def power_by_squaring(base: int, exponent: int) -> int:
    """Compute base raised to the non-negative integer exponent using repeated
    squaring: x**e is (x**(e//2))**2, times one more x when e is odd. x**0 is 1.

    >>> power_by_squaring(3, 5)
    243
    >>> power_by_squaring(-2, 3)
    -8
    """
    if exponent == 0:
        return 1
    half = power_by_squaring(base, exponent // 2)
    result = half * half
    if exponent % 2:
        result *= base
    return result


@task(difficulty="medium", inputs=[("aba",), ("",), ("z",), ("abc",), ("aaa",), ("bbaa",), ("dcba",), ("aabbc",)])
def distinct_permutations(text: str) -> list[str]:
    """Return every distinct rearrangement of the characters of text, sorted in
    ascending string order. Repeated characters must not produce repeated results.
    The empty string has exactly one rearrangement, itself.

    >>> distinct_permutations("aba")
    ['aab', 'aba', 'baa']
    >>> distinct_permutations("")
    ['']
    """
    if not text:
        return [""]
    results = []
    for ch in sorted(set(text)):
        i = text.index(ch)
        for rest in distinct_permutations(text[:i] + text[i + 1:]):
            results.append(ch + rest)
    return results


@task(difficulty="medium", inputs=[([1, 2, 3],), ([],), (["a"],), ([5, 5],), (["x", "y"],), ([4, 3, 2, 1],)])
def subsets_by_bitmask(items: list) -> list[list]:
    """Return all 2**len(items) subsets of items. Subset number k (k from 0 to
    2**len(items) - 1) contains items[i] exactly when bit i of k is set, and keeps the
    elements in their original order. The result lists the subsets for k = 0, 1, 2, ...

    >>> subsets_by_bitmask([1, 2, 3])
    [[], [1], [2], [1, 2], [3], [1, 3], [2, 3], [1, 2, 3]]
    >>> subsets_by_bitmask([])
    [[]]
    """
    if not items:
        return [[]]
    smaller = subsets_by_bitmask(items[:-1])
    return smaller + [s + [items[-1]] for s in smaller]


@task(
    difficulty="hard",
    inputs=[([2, 3, 6, 7], 7), ([4], 6), ([1], 0), ([5, 1], 5), ([3, 2], 8), ([], 3), ([7, 3, 2], 12), ([1, 2], 4)],
)
def combinations_to_target(candidates: list[int], target: int) -> list[list[int]]:
    """candidates holds distinct positive integers, each of which may be used any
    number of times. Return every multiset of candidates whose sum is exactly target,
    each written as a non-decreasing list, with the lists sorted in ascending
    (lexicographic) order. A target of 0 is reached by the empty combination.

    >>> combinations_to_target([2, 3, 6, 7], 7)
    [[2, 2, 3], [7]]
    >>> combinations_to_target([4], 6)
    []
    """
    pool = sorted(candidates)
    results = []

    def extend(start, remaining, chosen):
        if remaining == 0:
            results.append(list(chosen))
            return
        for i in range(start, len(pool)):
            if pool[i] > remaining:
                break
            chosen.append(pool[i])
            extend(i, remaining - pool[i], chosen)
            chosen.pop()

    extend(0, target, [])
    return results


@task(
    difficulty="medium",
    inputs=[
        (2, "A", "C", "B"),
        (0, "A", "C", "B"),
        (1, "x", "y", "z"),
        (3, "L", "R", "M"),
        (4, "1", "3", "2"),
        (10, "A", "B", "C"),
    ],
)
def hanoi_moves(n: int, source: str, target: str, spare: str) -> list[list[str]]:
    """Solve the Tower of Hanoi with n discs stacked on peg source, moving them all to
    peg target with the help of peg spare, in the minimum number of moves. Return the
    moves in order, each as [from_peg, to_peg]. n = 0 needs no moves.

    >>> hanoi_moves(2, "A", "C", "B")
    [['A', 'B'], ['A', 'C'], ['B', 'C']]
    >>> hanoi_moves(0, "A", "C", "B")
    []
    """
    if n == 0:
        return []
    return (hanoi_moves(n - 1, source, spare, target)
            + [[source, target]]
            + hanoi_moves(n - 1, spare, target, source))


@task(
    difficulty="medium",
    inputs=[(4, [1, 2]), (3, [2]), (0, [3]), (5, []), (7, [1, 3, 5]), (10, [2, 5]), (60, [1, 2, 3]), (1, [1])],
)
def stair_climb_ways(n: int, steps: list[int]) -> int:
    """Count the ordered sequences of moves that climb exactly n stairs, where each move
    climbs one of the sizes listed in steps (distinct positive integers). Different
    orders count as different ways; n = 0 has one way (no moves).

    >>> stair_climb_ways(4, [1, 2])
    5
    >>> stair_climb_ways(3, [2])
    0
    """
    ways = [1] + [0] * n
    for i in range(1, n + 1):
        ways[i] = sum(ways[i - s] for s in steps if s <= i)
    return ways[n]


@task(difficulty="medium", inputs=[(4,), (1,), (0,), (2,), (5,), (10,), (100,), (300,)])
def partition_count(n: int) -> int:
    """Number of ways to write the non-negative integer n as a sum of positive integers
    when the order of the terms does not matter (4 = 3+1 = 2+2 = 2+1+1 = 1+1+1+1 gives 5).
    partition_count(0) is 1. n can be a few hundred.

    >>> partition_count(4)
    5
    >>> partition_count(1)
    1
    """
    ways = [1] + [0] * n
    for part in range(1, n + 1):
        for total in range(part, n + 1):
            ways[total] += ways[total - part]
    return ways[n]


@task(difficulty="hard", inputs=[(4,), (1,), (2,), (3,), (5,), (7,), (12,)])
def list_partitions(n: int) -> list[list[int]]:
    """List every way to write the positive integer n as a sum of positive integers,
    ignoring order. Write each way as a non-increasing list, and order the ways in
    descending lexicographic order (so [n] comes first and all ones come last).

    >>> list_partitions(4)
    [[4], [3, 1], [2, 2], [2, 1, 1], [1, 1, 1, 1]]
    >>> list_partitions(1)
    [[1]]
    """
    def build(remaining, largest):
        if remaining == 0:
            return [[]]
        out = []
        for first in range(min(remaining, largest), 0, -1):
            for rest in build(remaining - first, first):
                out.append([first] + rest)
        return out

    return build(n, n)


@task(
    difficulty="easy",
    inputs=[
        ({"value": 1, "children": [{"value": 2, "children": []}]},),
        (None,),
        ({"value": 5, "children": []},),
        ({"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": [{"value": 4, "children": [{"value": 6, "children": []}]}]}]},),
        ({"value": 0, "children": [{"value": 1, "children": []}, {"value": 2, "children": []}, {"value": 3, "children": []}]},),
        ({"value": 1, "children": [{"value": 2, "children": [{"value": 3, "children": []}]}, {"value": 4, "children": []}]},),
    ],
)
def tree_height(tree: dict) -> int:
    """A tree is a dict {"value": v, "children": [subtree, ...]}, or None for an empty
    tree. Return the number of nodes on the longest path from the root down to a leaf
    (a single node has height 1, None has height 0).

    >>> tree_height({"value": 1, "children": [{"value": 2, "children": []}]})
    2
    >>> tree_height(None)
    0
    """
    if tree is None:
        return 0
    return 1 + max((tree_height(c) for c in tree["children"]), default=0)


@task(difficulty="medium", inputs=[(2,), (0,), (1,), (3,), (4,), (10,)])
def gray_code_sequence(bits: int) -> list[int]:
    """Return the reflected binary Gray code on the given number of bits as a list of
    integers: for 0 bits it is [0]; for b bits take the sequence for b - 1 bits, then
    the same sequence reversed with the value 2**(b-1) added to each element.

    >>> gray_code_sequence(2)
    [0, 1, 3, 2]
    >>> gray_code_sequence(0)
    [0]
    """
    if bits == 0:
        return [0]
    shorter = gray_code_sequence(bits - 1)
    high = 1 << (bits - 1)
    return shorter + [high + x for x in reversed(shorter)]


@task(
    difficulty="medium",
    inputs=[
        ({"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": []}]},),
        ({"value": "a", "children": []},),
        (None,),
        ({"value": 1, "children": [{"value": 2, "children": [{"value": 4, "children": []}, {"value": 5, "children": []}]}, {"value": 3, "children": []}]},),
        ({"value": 0, "children": [{"value": 0, "children": [{"value": 0, "children": []}]}]},),
        ({"value": "r", "children": [{"value": "x", "children": []}, {"value": "y", "children": [{"value": "z", "children": []}]}, {"value": "w", "children": []}]},),
    ],
)
def root_to_leaf_paths(tree: dict) -> list[list]:
    """A tree is a dict {"value": v, "children": [subtree, ...]}. Return the list of
    values along every path from the root to a leaf (a node without children), visiting
    children in the order given. None (an empty tree) has no paths.

    >>> root_to_leaf_paths({"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": []}]})
    [[1, 2], [1, 3]]
    >>> root_to_leaf_paths({"value": "a", "children": []})
    [['a']]
    """
    if tree is None:
        return []
    if not tree["children"]:
        return [[tree["value"]]]
    paths = []
    for child in tree["children"]:
        for path in root_to_leaf_paths(child):
            paths.append([tree["value"]] + path)
    return paths


@task(
    difficulty="medium",
    inputs=[
        ([1, [2, None, None], [3, [4, None, None], None]],),
        (None,),
        ([7, None, None],),
        ([1, None, [2, None, [3, None, [-4, None, None]]]],),
        ([0, [-1, [5, None, None], [6, None, None]], [1, None, [7, None, None]]],),
    ],
)
def binary_tree_level_sums(tree: list) -> list[int]:
    """A binary tree is a list [value, left, right] where left and right are trees or
    None, and None is the empty tree. Return the sum of the values on each level,
    starting with the root's level. The empty tree gives an empty list.

    >>> binary_tree_level_sums([1, [2, None, None], [3, [4, None, None], None]])
    [1, 5, 4]
    >>> binary_tree_level_sums(None)
    []
    """
    sums = []

    def visit(node, depth):
        if node is None:
            return
        if depth == len(sums):
            sums.append(0)
        sums[depth] += node[0]
        visit(node[1], depth + 1)
        visit(node[2], depth + 1)

    visit(tree, 0)
    return sums


@task(
    difficulty="easy",
    inputs=[
        ([1, [2, None, None], [3, None, None]],),
        (None,),
        ([5, None, None],),
        ([1, [2, [4, None, None], None], None],),
        ([1, [2, [4, None, None], [5, None, None]], [3, None, [6, None, None]]],),
    ],
)
def mirror_binary_tree(tree: list) -> list:
    """A binary tree is a list [value, left, right] (subtrees may be None; None is the
    empty tree). Return a new tree that is its mirror image: at every node the left and
    right subtrees are swapped.

    >>> mirror_binary_tree([1, [2, None, None], [3, None, None]])
    [1, [3, None, None], [2, None, None]]
    >>> mirror_binary_tree(None) is None
    True
    """
    if tree is None:
        return None
    value, left, right = tree
    return [value, mirror_binary_tree(right), mirror_binary_tree(left)]


@task(
    difficulty="medium",
    inputs=[
        ([5, [3, None, None], [8, None, None]],),
        ([5, [3, None, [6, None, None]], [8, None, None]],),
        (None,),
        ([1, None, None],),
        ([5, [5, None, None], None],),
        ([5, None, [5, None, None]],),
        ([10, [5, [2, None, None], [7, None, None]], [15, [12, None, None], [20, None, None]]],),
        ([10, [5, None, None], [15, [9, None, None], None]],),
        ([-3, [-7, None, None], [0, None, None]],),
    ],
)
def is_search_tree(tree: list) -> bool:
    """A binary tree is a list [value, left, right] (subtrees may be None). Decide whether
    it is a binary search tree: every value in a node's left subtree is strictly smaller
    than the node's value and every value in its right subtree is strictly larger, at
    every node. The empty tree (None) is a search tree.

    >>> is_search_tree([5, [3, None, None], [8, None, None]])
    True
    >>> is_search_tree([5, [3, None, [6, None, None]], [8, None, None]])
    False
    """
    def within(node, low, high):
        if node is None:
            return True
        value, left, right = node
        if (low is not None and value <= low) or (high is not None and value >= high):
            return False
        return within(left, low, value) and within(right, value, high)

    return within(tree, None, None)


@task(difficulty="hard", inputs=[(4,), (3,), (0,), (1,), (2,), (5,), (6,), (8,)])
def count_queen_placements(n: int) -> int:
    """Count the ways to put n queens on an n by n chessboard so that no two share a row,
    a column or a diagonal. n = 0 counts as one (empty) placement.

    >>> count_queen_placements(4)
    2
    >>> count_queen_placements(3)
    0
    """
    def place(row, cols, diag, anti):
        if row == n:
            return 1
        total = 0
        for c in range(n):
            if c not in cols and row - c not in diag and row + c not in anti:
                total += place(row + 1, cols | {c}, diag | {row - c}, anti | {row + c})
        return total

    return place(0, frozenset(), frozenset(), frozenset())


@task(
    difficulty="medium",
    inputs=[
        ([2, 1, 3],),
        ([1, 2],),
        ([],),
        ([4, 4, 4],),
        ([5, 3, 8, 1, 4, 7, 9, 3],),
        ([3, 2, 1],),
        ([-1, 0, -2, 10],),
    ],
)
def build_search_tree(values: list[int]) -> list:
    """Insert the values one by one, in the given order, into an initially empty binary
    search tree (smaller values go left, larger go right, a value already present is
    skipped). Return the tree as nested lists [value, left, right], with None for an
    empty subtree; inserting nothing gives None.

    >>> build_search_tree([2, 1, 3])
    [2, [1, None, None], [3, None, None]]
    >>> build_search_tree([1, 2])
    [1, None, [2, None, None]]
    """
    def insert(node, value):
        if node is None:
            return [value, None, None]
        if value < node[0]:
            node[1] = insert(node[1], value)
        elif value > node[0]:
            node[2] = insert(node[2], value)
        return node

    root = None
    for v in values:
        root = insert(root, v)
    return root


@task(difficulty="medium", inputs=[(2,), (0,), (1,), (3,), (4,), (6,)])
def balanced_bracket_strings(pairs: int) -> list[str]:
    """Return every string made of exactly `pairs` "(" characters and `pairs` ")"
    characters in which the brackets are properly matched, in ascending string order.
    Zero pairs give one empty string.

    >>> balanced_bracket_strings(2)
    ['(())', '()()']
    >>> balanced_bracket_strings(0)
    ['']
    """
    results = []

    def grow(prefix, opened, closed):
        if closed == pairs:
            results.append(prefix)
            return
        if opened < pairs:
            grow(prefix + "(", opened + 1, closed)
        if closed < opened:
            grow(prefix + ")", opened, closed + 1)

    grow("", 0, 0)
    return results


@task(difficulty="medium", inputs=[("a1b",), ("42",), ("",), ("Z",), ("ab",), ("x-Y",), ("abcd",)])
def case_variants(text: str) -> list[str]:
    """Return all strings obtainable from text by independently choosing lower or upper
    case for every letter; other characters stay as they are. Return the distinct
    results in ascending string order.

    >>> case_variants("a1b")
    ['A1B', 'A1b', 'a1B', 'a1b']
    >>> case_variants("42")
    ['42']
    """
    if not text:
        return [""]
    rest = case_variants(text[1:])
    first = text[0]
    options = {first.lower(), first.upper()} if first.isalpha() else {first}
    return sorted(o + r for o in options for r in rest)


@task(difficulty="medium", inputs=[("23",), ("",), ("7",), ("9",), ("79",), ("234",), ("22",)])
def keypad_letter_combinations(digits: str) -> list[str]:
    """On a phone keypad 2 = "abc", 3 = "def", 4 = "ghi", 5 = "jkl", 6 = "mno",
    7 = "pqrs", 8 = "tuv", 9 = "wxyz". Return every letter string that the digit string
    (made only of 2-9) could spell, in ascending order. An empty digit string spells
    nothing, so the result is an empty list.

    >>> keypad_letter_combinations("23")
    ['ad', 'ae', 'af', 'bd', 'be', 'bf', 'cd', 'ce', 'cf']
    >>> keypad_letter_combinations("")
    []
    """
    keys = {"2": "abc", "3": "def", "4": "ghi", "5": "jkl",
            "6": "mno", "7": "pqrs", "8": "tuv", "9": "wxyz"}
    if not digits:
        return []
    if len(digits) == 1:
        return list(keys[digits])
    return [ch + rest for ch in keys[digits[0]] for rest in keypad_letter_combinations(digits[1:])]


@task(
    difficulty="hard",
    inputs=[
        ("catsdog", ["cat", "cats", "sdog", "dog"]),
        ("abc", ["ab"]),
        ("", ["a"]),
        ("aaaa", ["a", "aa"]),
        ("abab", []),
        ("applepie", ["apple", "pie", "app", "lepie"]),
        ("a" * 40, ["a", "aa", "aaa"]),
        ("xyz", ["xyz", "x", "yz", "xy", "z"]),
    ],
)
def word_split_count(text: str, words: list[str]) -> int:
    """Count the ways to cut text into consecutive pieces so that every piece is one of
    the given words (each word may be used any number of times). The empty text can be
    cut in exactly one way.

    >>> word_split_count("catsdog", ["cat", "cats", "sdog", "dog"])
    2
    >>> word_split_count("abc", ["ab"])
    0
    """
    vocabulary = set(words)
    ways = [1] + [0] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(end):
            if ways[start] and text[start:end] in vocabulary:
                ways[end] += ways[start]
    return ways[len(text)]


@task(
    difficulty="medium",
    inputs=[
        (5, [1, 2, 5]),
        (3, [2]),
        (0, [7]),
        (10, []),
        (10, [10]),
        (100, [1, 5, 10, 25, 50]),
        (11, [5, 2]),
        (1000, [3, 7, 11]),
    ],
)
def coin_change_ways(amount: int, coins: list[int]) -> int:
    """Count the different ways to pay the non-negative amount using any number of coins
    of the given distinct positive denominations. Ways that differ only in the order of
    the coins are the same way. Paying 0 has exactly one way.

    >>> coin_change_ways(5, [1, 2, 5])
    4
    >>> coin_change_ways(3, [2])
    0
    """
    ways = [1] + [0] * amount
    for coin in coins:
        for total in range(coin, amount + 1):
            ways[total] += ways[total - coin]
    return ways[amount]


@task(
    difficulty="medium",
    inputs=[
        (6, [1, 3, 4]),
        (7, [2, 4]),
        (0, [5]),
        (11, [1, 2, 5]),
        (3, []),
        (1, [1]),
        (30, [25, 10, 1]),
        (9999, [7, 13, 97]),
        (8, [3, 5]),
    ],
)
def fewest_coins(amount: int, coins: list[int]) -> int:
    """Smallest number of coins (each denomination available without limit) that add up
    exactly to the non-negative amount, or -1 when the amount cannot be paid. Note that
    always taking the largest coin first does not always give the fewest coins.

    >>> fewest_coins(6, [1, 3, 4])
    2
    >>> fewest_coins(7, [2, 4])
    -1
    """
    unreachable = amount + 1
    best = [0] + [unreachable] * amount
    for total in range(1, amount + 1):
        for coin in coins:
            if coin <= total and best[total - coin] + 1 < best[total]:
                best[total] = best[total - coin] + 1
    return best[amount] if best[amount] != unreachable else -1


@task(difficulty="medium", inputs=[(3,), (1,), (0,), (2,), (4,), (10,)])
def no_adjacent_ones(length: int) -> list[str]:
    """Return all strings of "0" and "1" of the given length in which no two "1"
    characters are next to each other, in ascending order. Length 0 gives [""].

    >>> no_adjacent_ones(3)
    ['000', '001', '010', '100', '101']
    >>> no_adjacent_ones(1)
    ['0', '1']
    """
    if length == 0:
        return [""]
    results = []
    for s in no_adjacent_ones(length - 1):
        results.append(s + "0")
        if not s.endswith("1"):
            results.append(s + "1")
    return sorted(results)


@task(difficulty="medium", inputs=[(3,), (0,), (1,), (2,), (4,), (10,), (200,)])
def count_search_tree_shapes(n: int) -> int:
    """How many structurally different binary search trees hold exactly the keys 1..n?
    Zero keys give one (empty) tree. n can be up to a few hundred.

    >>> count_search_tree_shapes(3)
    5
    >>> count_search_tree_shapes(0)
    1
    """
    shapes = [1] + [0] * n
    for size in range(1, n + 1):
        shapes[size] = sum(shapes[root - 1] * shapes[size - root] for root in range(1, size + 1))
    return shapes[n]


@task(
    difficulty="hard",
    inputs=[("2-1-1",), ("2*3-4*5",), ("7",), ("10+20",), ("3-4",), ("1+2*3",), ("0*5-2+3",), ("12*3",)],
)
def parenthesization_values(expression: str) -> list[int]:
    """expression contains non-negative integers joined by the operators +, - and *, with
    no spaces. Return the value obtained for every distinct way of fully parenthesizing
    it (every way of choosing which operator is applied last, recursively), sorted in
    ascending order with repeats kept. A lone number gives a one-element list.

    >>> parenthesization_values("2-1-1")
    [0, 2]
    >>> parenthesization_values("2*3-4*5")
    [-34, -14, -10, -10, 10]
    """
    def values(expr):
        results = []
        for i, ch in enumerate(expr):
            if ch in "+-*":
                for a in values(expr[:i]):
                    for b in values(expr[i + 1:]):
                        if ch == "+":
                            results.append(a + b)
                        elif ch == "-":
                            results.append(a - b)
                        else:
                            results.append(a * b)
        return results or [int(expr)]

    return sorted(values(expression))


@task(
    difficulty="medium",
    inputs=[
        ([3, 34, 4, 12, 5, 2], 9),
        ([3, 34, 4], 10),
        ([], 0),
        ([], 5),
        ([-7, 3, 2], -4),
        ([5, 5], 10),
        ([5], 10),
        ([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768], 40000),
    ],
)
def subset_sum_exists(numbers: list[int], target: int) -> bool:
    """Decide whether some selection of the numbers (each used at most once, possibly
    none of them) adds up exactly to target. Numbers may be negative.

    >>> subset_sum_exists([3, 34, 4, 12, 5, 2], 9)
    True
    >>> subset_sum_exists([3, 34, 4], 10)
    False
    """
    reachable = {0}
    for x in numbers:
        reachable |= {s + x for s in reachable}
    return target in reachable


@task(
    difficulty="medium",
    inputs=[
        ([[2], [3, 4], [6, 5, 7], [4, 1, 8, 3]],),
        ([[-1]],),
        ([],),
        ([[1], [2, 3]],),
        ([[1], [3, 2]],),
        ([[5], [-1, 9], [9, 9, -20]],),
        ([[0], [0, 0], [0, 0, 0]],),
    ],
)
def triangle_min_path(triangle: list[list[int]]) -> int:
    """triangle[i] has i + 1 numbers. A path starts at the top, and from position j in a
    row moves to position j or j + 1 in the row below, ending in the last row. Return the
    smallest possible sum of the numbers along such a path (0 for an empty triangle).

    >>> triangle_min_path([[2], [3, 4], [6, 5, 7], [4, 1, 8, 3]])
    11
    >>> triangle_min_path([[-1]])
    -1
    """
    if not triangle:
        return 0
    best = list(triangle[-1])
    for row in reversed(triangle[:-1]):
        best = [row[j] + min(best[j], best[j + 1]) for j in range(len(row))]
    return best[0]


@task(
    difficulty="hard",
    inputs=[
        ([1, 3, 4, 5], [1, 4, 5, 7], 7),
        ([5], [10], 4),
        ([], [], 10),
        ([2, 2], [3, 3], 0),
        ([3, 3], [5, 6], 6),
        ([4, 2, 3], [10, 4, 7], 5),
        ([1, 1, 1], [2, 2, 2], 2),
        ([10, 20, 30], [60, 100, 120], 50),
    ],
)
def knapsack_best_value(weights: list[int], values: list[int], capacity: int) -> int:
    """Item i has positive integer weight weights[i] and value values[i]. Each item can be
    taken at most once. Return the largest total value of a selection whose total weight
    does not exceed capacity (0 when nothing fits).

    >>> knapsack_best_value([1, 3, 4, 5], [1, 4, 5, 7], 7)
    9
    >>> knapsack_best_value([5], [10], 4)
    0
    """
    best = [0] * (capacity + 1)
    for w, v in zip(weights, values):
        for c in range(capacity, w - 1, -1):
            best[c] = max(best[c], best[c - w] + v)
    return best[capacity]


@task(
    difficulty="medium",
    inputs=[
        ({"a": ["b", "c"], "b": ["d"], "c": ["d"]}, "a", "d"),
        ({"a": ["b"]}, "b", "a"),
        ({}, "x", "x"),
        ({"s": ["z", "m"], "m": ["t"], "z": ["t", "m"]}, "s", "t"),
        ({"1": ["2", "3", "4"], "2": ["4"], "3": ["2", "4"]}, "1", "4"),
        ({"a": ["b"], "b": ["c"]}, "a", "b"),
    ],
)
def dag_all_paths(graph: dict, start: str, end: str) -> list[list[str]]:
    """graph maps each node name to the list of nodes it has edges to; it has no cycles
    and a node missing from the dict has no outgoing edges. Return every path from start
    to end as a list of node names, sorted in ascending (lexicographic) order. A path
    from a node to itself is just [node].

    >>> dag_all_paths({"a": ["b", "c"], "b": ["d"], "c": ["d"]}, "a", "d")
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    >>> dag_all_paths({"a": ["b"]}, "b", "a")
    []
    """
    if start == end:
        return [[start]]
    paths = []
    for nxt in graph.get(start, []):
        for rest in dag_all_paths(graph, nxt, end):
            paths.append([start] + rest)
    return sorted(paths)


@task(
    difficulty="hard",
    inputs=[
        ("226",),
        ("06",),
        ("",),
        ("0",),
        ("10",),
        ("27",),
        ("26",),
        ("1111111111",),
        ("2101",),
        ("100",),
        ("12" * 30,),
    ],
)
def count_letter_decodings(digits: str) -> int:
    """Letters are encoded as numbers: A is "1", B is "2", ..., Z is "26". Count how many
    letter strings encode to exactly the given digit string (numbers cannot have leading
    zeros, so "06" is not a letter). The empty string has one decoding.

    >>> count_letter_decodings("226")
    3
    >>> count_letter_decodings("06")
    0
    """
    ways = [1] + [0] * len(digits)
    for i in range(1, len(digits) + 1):
        if digits[i - 1] != "0":
            ways[i] += ways[i - 1]
        if i >= 2 and digits[i - 2] != "0" and int(digits[i - 2:i]) <= 26:
            ways[i] += ways[i - 2]
    return ways[len(digits)]


@task(
    difficulty="medium",
    inputs=[("ab", "c"), ("", "xy"), ("", ""), ("a", "a"), ("ab", "cd"), ("aa", "ab"), ("abc", "d"), ("xyz", "12")],
)
def all_interleavings(first: str, second: str) -> list[str]:
    """Return every string of length len(first) + len(second) that merges the two
    strings while keeping the characters of each in their original order. Return the
    distinct results in ascending order.

    >>> all_interleavings("ab", "c")
    ['abc', 'acb', 'cab']
    >>> all_interleavings("", "xy")
    ['xy']
    """
    if not first or not second:
        return [first + second]
    merged = {first[0] + rest for rest in all_interleavings(first[1:], second)}
    merged |= {second[0] + rest for rest in all_interleavings(first, second[1:])}
    return sorted(merged)


@task(
    difficulty="medium",
    inputs=[([1, [2, [3]]],), ([],), ([5, 5],), ([[4]],), ([[1, 1], 2, [1, 1]],), ([-3, [[-1]], [2]],), ([[[[[1]]]]],)],
)
def depth_weighted_sum(items: list) -> int:
    """items is a list of integers and nested lists. Multiply every integer by its depth,
    where integers directly inside items have depth 1, those inside a list inside items
    have depth 2, and so on, and return the total.

    >>> depth_weighted_sum([1, [2, [3]]])
    14
    >>> depth_weighted_sum([])
    0
    """
    def weigh(lst, depth):
        total = 0
        for x in lst:
            if isinstance(x, list):
                total += weigh(x, depth + 1)
            else:
                total += x * depth
        return total

    return weigh(items, 1)


@task(
    difficulty="hard",
    inputs=[
        ("a{b,c}d",),
        ("{x,y}{1,2}",),
        ("",),
        ("plain",),
        ("{a,a,b}",),
        ("x{,y}z",),
        ("{c,b,a}-{2,1}!",),
        ("{ab,a}{b,}",),
    ],
)
def expand_alternatives(pattern: str) -> list[str]:
    """pattern consists of plain characters and groups written {x,y,...} whose options are
    plain strings (possibly empty); groups are never nested. Return every string obtained
    by choosing one option from each group, keeping everything else, without duplicates
    and in ascending order.

    >>> expand_alternatives("a{b,c}d")
    ['abd', 'acd']
    >>> expand_alternatives("{x,y}{1,2}")
    ['x1', 'x2', 'y1', 'y2']
    """
    start = pattern.find("{")
    if start < 0:
        return [pattern]
    end = pattern.index("}", start)
    head, options, tail = pattern[:start], pattern[start + 1:end].split(","), pattern[end + 1:]
    results = set()
    for rest in expand_alternatives(tail):
        for option in options:
            results.add(head + option + rest)
    return sorted(results)


@task(difficulty="medium", inputs=[(13,), (0,), (1,), (9,), (10,), (25,), (120,), (20000,)])
def lexicographic_numbers(n: int) -> list[int]:
    """Return the integers 1..n ordered the way their decimal strings sort as text
    (so 10 comes right after 1). n can be up to 10**5; n < 1 gives an empty list.

    >>> lexicographic_numbers(13)
    [1, 10, 11, 12, 13, 2, 3, 4, 5, 6, 7, 8, 9]
    >>> lexicographic_numbers(0)
    []
    """
    out = []

    def visit(prefix):
        if prefix > n:
            return
        out.append(prefix)
        for d in range(10):
            visit(prefix * 10 + d)

    for first in range(1, 10):
        visit(first)
    return out
