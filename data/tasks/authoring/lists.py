"""Task family `lists`: filtering, aggregating, slicing and rearranging Python lists.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into codegen_rlhf/data/tasks/lists.jsonl.
"""

from _task import task

FAMILY = "lists"


@task(difficulty="easy", inputs=[[[1, 2, 3, 4, -6]], [[]], [[1, 3, 5]], [[2, 2, 2]], [[10 ** 12, 7]], [[-1, -2, 0, 8]]])
def sum_of_evens(nums: list) -> int:
    """Add up the even integers in `nums` (negative even numbers count too).

    >>> sum_of_evens([1, 2, 3, 4, -6])
    0
    """
    return sum(n for n in nums if n % 2 == 0)


@task(difficulty="easy", inputs=[[[-1, 0, 3, -7]], [[]], [[0, 0]], [[-0.5, 2.5]], [[-3, -3, -3]], [[5, 6]]])
def count_negatives(nums: list) -> int:
    """Return how many numbers in `nums` are strictly below zero.

    >>> count_negatives([-1, 0, 3, -7])
    2
    """
    return sum(1 for n in nums if n < 0)


@task(difficulty="easy", inputs=[[[4, -2, 9, 1]], [[]], [[7]], [[3, 3, 3]], [[-10, -20]], [[10 ** 15, -(10 ** 15)]]])
def spread(nums: list) -> int:
    """Return the largest value minus the smallest value of `nums`, or 0 for an empty list.

    >>> spread([4, -2, 9, 1])
    11
    """
    if not nums:
        return 0
    return max(nums) - min(nums)


@task(
    difficulty="easy",
    inputs=[[["a", "b", "c", "d", "e"]], [[]], [[1]], [[1, 2]], [[None, True, False, 0]], [[5, 4, 3, 2, 1, 0]]],
)
def even_positions(items: list) -> list:
    """Return the items at positions 0, 2, 4, ... of `items`, in order.

    >>> even_positions(["a", "b", "c", "d", "e"])
    ['a', 'c', 'e']
    """
    return items[::2]


@task(difficulty="easy", inputs=[[[1, -3, 0]], [[]], [[2.5]], [[10 ** 18]], [[7, 7]], [[-1]]])
def double_all(nums: list) -> list:
    """Return a new list in which every number of `nums` is multiplied by two.

    >>> double_all([1, -3, 0])
    [2, -6, 0]
    """
    return [n * 2 for n in nums]


@task(
    difficulty="easy",
    inputs=[[[1, 2, 3, 4], 2], [[], 3], [[1, 2], 0], [[1, 2], -1], [[1, 2], 5], [["x", "y", "z"], 1]],
)
def last_n(items: list, n: int) -> list:
    """Return the last `n` elements of `items` in their original order. If `n` is zero or negative the
    result is empty; if `n` exceeds the length, the whole list is returned.

    >>> last_n([1, 2, 3, 4], 2)
    [3, 4]
    """
    if n <= 0:
        return []
    return items[-n:]


@task(difficulty="easy", inputs=[[[3, 1, 0]], [[]], [[1, 2, 3]], [[-1]], [[0.001]], [[5, -5]]])
def all_positive(nums: list) -> bool:
    """True when every number in `nums` is greater than zero. An empty list counts as True.

    >>> all_positive([3, 1, 0])
    False
    """
    return all(n > 0 for n in nums)


@task(difficulty="easy", inputs=[[[3, 9, 2, 9]], [[]], [[-5]], [[-3, -1, -2]], [[1, 2, 3]], [[4, 4, 4]]])
def index_of_max(nums: list) -> int:
    """Return the position of the largest number in `nums`; the first position if the largest value
    appears more than once. Return -1 for an empty list.

    >>> index_of_max([3, 9, 2, 9])
    1
    """
    if not nums:
        return -1
    return nums.index(max(nums))


@task(difficulty="easy", inputs=[[[2, -3, 4]], [[]], [[0, 5]], [[7]], [[10] * 20], [[-1, -1]]])
def product_of_list(nums: list) -> int:
    """Multiply all numbers of `nums` together. The product of an empty list is 1.

    >>> product_of_list([2, -3, 4])
    -24
    """
    result = 1
    for n in nums:
        result *= n
    return result


@task(
    difficulty="easy",
    inputs=[[[1, 2, 1, 3], 1], [[], 1], [[1, 1], 1], [["a", "b"], "c"], [[None, 0, None], None], [["é", "e"], "é"]],
)
def without_value(items: list, value) -> list:
    """Return a copy of `items` with every element equal to `value` left out.

    >>> without_value([1, 2, 1, 3], 1)
    [2, 3]
    """
    return [x for x in items if x != value]


@task(
    difficulty="easy",
    inputs=[[[5, 10, 15], 10], [[], 0], [[1, 2, 3], -1], [[1, 2, 3], 3], [[-5, -4], -4.5], [[2, 2, 3], 2]],
)
def count_above(nums: list, threshold) -> int:
    """Count the numbers in `nums` that are strictly greater than `threshold`.

    >>> count_above([5, 10, 15], 10)
    1
    """
    return sum(1 for n in nums if n > threshold)


@task(difficulty="easy", inputs=[[[1, 2, 3, 4]], [[]], [[5]], [[-1, 1]], [[0.1, 0.2]], [[10 ** 9, 10 ** 9 + 1]]])
def mean_or_zero(nums: list) -> float:
    """Return the arithmetic mean of `nums` as a float, or 0.0 when the list is empty.

    >>> mean_or_zero([1, 2, 3, 4])
    2.5
    """
    if not nums:
        return 0.0
    return sum(nums) / len(nums)


@task(difficulty="easy", inputs=[[[1, 2, 3, -5]], [[]], [[2, 4]], [[7, 7]], [[-1]], [[100001]]])
def squares_of_odds(nums: list) -> list:
    """Return the squares of the odd integers of `nums`, keeping their order.

    >>> squares_of_odds([1, 2, 3, -5])
    [1, 9, 25]
    """
    return [n * n for n in nums if n % 2 == 1]


@task(difficulty="easy", inputs=[[[3, 1, 4, 1]], [[]], [[1]], [["a", "b", "c"]], [["x", "x"]], [[0, -0, 1]]])
def has_repeats(items: list) -> bool:
    """True if some value occurs more than once in `items`.

    >>> has_repeats([3, 1, 4, 1])
    True
    """
    return len(set(items)) < len(items)


@task(
    difficulty="medium",
    inputs=[[[3, 1, 3, 2, 1]], [[]], [[1, 1, 1]], [["b", "a", "b"]], [[-1, 1, -1]], [["ü", "u", "ü"]]],
)
def dedupe_keep_order(items: list) -> list:
    """Drop repeated values from `items`, keeping only the first occurrence of each, in the original
    order.

    >>> dedupe_keep_order([3, 1, 3, 2, 1])
    [3, 1, 2]
    """
    seen = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


@task(difficulty="medium", inputs=[[[1, 2, 3, -1]], [[]], [[5]], [[0, 0, 0]], [[-2, -2]], [[10 ** 12, 10 ** 12]]])
def running_total(nums: list) -> list:
    """Return the list of prefix sums: element i is the sum of nums[0] through nums[i].

    >>> running_total([1, 2, 3, -1])
    [1, 3, 6, 5]
    """
    out, total = [], 0
    for n in nums:
        total += n
        out.append(total)
    return out


@task(
    difficulty="medium",
    inputs=[[[1, 2, 3, 4, 5], 2], [[], 3], [[1, 2, 3], 1], [[1, 2, 3], 3], [[1, 2], 10], [["a", "b", "c", "d"], 3]],
)
def chunk(items: list, size: int) -> list:
    """Cut `items` into consecutive pieces of `size` elements; the last piece may be shorter.
    `size` is at least 1.

    >>> chunk([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
    return [items[i:i + size] for i in range(0, len(items), size)]


@task(
    difficulty="medium",
    inputs=[[[1, 2, 3, 4, 5], 2], [[], 3], [[1, 2, 3], 0], [[1, 2, 3], 4], [[1, 2, 3], -1], [["a"], 7]],
)
def rotate_right(items: list, k: int) -> list:
    """Rotate `items` to the right by `k` places: the last `k` elements move to the front. `k` may be
    larger than the length, or negative (which rotates to the left).

    >>> rotate_right([1, 2, 3, 4, 5], 2)
    [4, 5, 1, 2, 3]
    """
    if not items:
        return []
    k %= len(items)
    return items[len(items) - k:] + items[:len(items) - k]


@task(
    difficulty="medium",
    inputs=[[[5, 9, 9, 7]], [[]], [[4, 4]], [[-1, -2]], [[1, 2, 3, 4]], [[10 ** 10, 3, 10 ** 10]]],
)
def second_largest_distinct(nums: list):
    """Return the second largest distinct value in `nums`, or None if there are fewer than two
    distinct values.

    >>> second_largest_distinct([5, 9, 9, 7])
    7
    """
    distinct = sorted(set(nums))
    if len(distinct) < 2:
        return None
    return distinct[-2]


@task(difficulty="medium", inputs=[[[1, 4, 9, 7]], [[]], [[3]], [[2, 2]], [[-1, 1, -1]], [[0.5, 2.0]]])
def neighbour_differences(nums: list) -> list:
    """For each pair of neighbouring numbers a, b in `nums`, give b - a. A list with fewer than two
    numbers gives [].

    >>> neighbour_differences([1, 4, 9, 7])
    [3, 5, -2]
    """
    return [b - a for a, b in zip(nums, nums[1:])]


@task(
    difficulty="medium",
    inputs=[[[[1, 2], [], [3, [4]]]], [[]], [[[], []]], [[["a"], ["b", "c"]]], [[[[1]], [[2]]]], [[[None]]]],
)
def flatten_once(nested: list) -> list:
    """Concatenate the inner lists of `nested` into one list. Only one level is removed: lists inside
    the inner lists stay as they are.

    >>> flatten_once([[1, 2], [], [3, [4]]])
    [1, 2, 3, [4]]
    """
    out = []
    for inner in nested:
        out.extend(inner)
    return out


@task(difficulty="medium", inputs=[[[1, 2, 0, 0, 3, 0]], [[]], [[0, 0]], [[4, 5]], [[0, -1, 0, -2, -3]], [[7, 0, 8]]])
def split_on_zeros(nums: list) -> list:
    """Split `nums` into groups separated by the zeros in it. The zeros themselves are dropped, and so
    are empty groups.

    >>> split_on_zeros([1, 2, 0, 0, 3, 0])
    [[1, 2], [3]]
    """
    groups, current = [], []
    for n in nums:
        if n == 0:
            if current:
                groups.append(current)
            current = []
        else:
            current.append(n)
    if current:
        groups.append(current)
    return groups


@task(
    difficulty="medium",
    inputs=[
        [[1, 2, 3, 4], 2],
        [[], 1],
        [[1, 2], 3],
        [[1, 2], 0],
        [[5, -5, 5], 1],
        [[1, 2, 4, 8], 4],
        [[1, 1, 2, 3], 3],
    ],
)
def window_means(nums: list, width: int) -> list:
    """Return the mean of every run of `width` consecutive numbers in `nums`, from left to right, as
    floats. If `width` is larger than the list (or not positive) the result is [].

    >>> window_means([1, 2, 3, 4], 2)
    [1.5, 2.5, 3.5]
    """
    if width <= 0 or width > len(nums):
        return []
    return [sum(nums[i:i + width]) / width for i in range(len(nums) - width + 1)]


@task(
    difficulty="medium",
    inputs=[[[1, 3, 5, 4, 7]], [[]], [[2]], [[2, 2, 2]], [[5, 4, 3]], [[1, 2, 3, 4]], [[-3, -2, -2, -1, 0, 1]]],
)
def longest_rising_run(nums: list) -> int:
    """Length of the longest stretch of consecutive elements of `nums` in which each element is
    strictly greater than the one before. An empty list gives 0.

    >>> longest_rising_run([1, 3, 5, 4, 7])
    3
    """
    if not nums:
        return 0
    best = run = 1
    for a, b in zip(nums, nums[1:]):
        run = run + 1 if b > a else 1
        best = max(best, run)
    return best


@task(difficulty="medium", inputs=[[[0, 5, 0, 0, 7, 2]], [[]], [[0, 0]], [[1, 2]], [[-1, 0, -2]], [[0]]])
def zeros_to_end(nums: list) -> list:
    """Return the numbers of `nums` with all zeros moved to the end; the other numbers keep their
    relative order.

    >>> zeros_to_end([0, 5, 0, 0, 7, 2])
    [5, 7, 2, 0, 0, 0]
    """
    rest = [n for n in nums if n != 0]
    return rest + [0] * (len(nums) - len(rest))


@task(
    difficulty="medium",
    inputs=[[[2, 2, 1, 2]], [[1, 2]], [[]], [[7]], [["a", "b", "a"]], [[1, 1, 2, 2]], [[3, 3, 3, 1, 1]]],
)
def majority_value(items: list):
    """Return the value that occurs in more than half of the positions of `items`, or None if no value
    does.

    >>> majority_value([2, 2, 1, 2])
    2
    >>> majority_value([1, 2])
    """
    for x in items:
        if items.count(x) * 2 > len(items):
            return x
    return None


@task(
    difficulty="hard",
    inputs=[
        [[4, 2, -3, 1, 6, -6]],
        [[]],
        [[1, 2, 3]],
        [[0]],
        [[1, -1, 1, -1]],
        [[3, 4, -7, 1, 2, -3]],
        [[5, 0, 0, 5]],
    ],
)
def longest_zero_sum_slice(nums: list) -> int:
    """Return the length of the longest contiguous slice of `nums` whose elements add up to zero,
    or 0 if there is none.

    >>> longest_zero_sum_slice([4, 2, -3, 1, 6, -6])
    5
    """
    first_seen = {0: -1}
    total = best = 0
    for i, n in enumerate(nums):
        total += n
        if total in first_seen:
            best = max(best, i - first_seen[total])
        else:
            first_seen[total] = i
    return best


@task(
    difficulty="medium",
    inputs=[
        [[3, 8, 5, 2, 6], 8],
        [[], 1],
        [[4], 8],
        [[4, 4], 8],
        [[1, 2, 3], 7],
        [[-1, 5, 1, 0], 0],
        [[2, 6, 4, 4, 2], 8],
    ],
)
def first_pair_with_sum(nums: list, target: int) -> list:
    """Find positions i < j with nums[i] + nums[j] == target. Prefer the smallest j, and for that j the
    smallest i. Return [i, j], or [] when no pair exists.

    >>> first_pair_with_sum([3, 8, 5, 2, 6], 8)
    [0, 2]
    """
    first_index = {}
    for j, n in enumerate(nums):
        if target - n in first_index:
            return [first_index[target - n], j]
        first_index.setdefault(n, j)
    return []


@task(
    difficulty="hard",
    inputs=[
        [[3, 1, 8, 2, 5, 9, 4]],
        [[]],
        [[5]],
        [[3, 3, 3]],
        [[1, 2, 3, 4]],
        [[4, 3, 2, 1]],
        [[0, 8, 4, 12, 2, 10, 6, 14, 1, 9]],
    ],
)
def longest_increasing_subsequence(nums: list) -> int:
    """Length of the longest strictly increasing subsequence of `nums` (elements chosen in order, not
    necessarily adjacent).

    >>> longest_increasing_subsequence([3, 1, 8, 2, 5, 9, 4])
    4
    """
    import bisect

    tails = []
    for n in nums:
        i = bisect.bisect_left(tails, n)
        if i == len(tails):
            tails.append(n)
        else:
            tails[i] = n
    return len(tails)


@task(difficulty="hard", inputs=[[[2, 5, 3]], [[]], [[5]], [[0, 4, 5]], [[0, 0, 3]], [[-1, 2, -3]], [[2, 3]]])
def product_of_others(nums: list) -> list:
    """Return a list whose element i is the product of every element of `nums` except nums[i].
    Do it without dividing, so zeros are handled.

    >>> product_of_others([2, 5, 3])
    [15, 6, 10]
    """
    out = [1] * len(nums)
    left = 1
    for i in range(len(nums)):
        out[i] = left
        left *= nums[i]
    right = 1
    for i in range(len(nums) - 1, -1, -1):
        out[i] *= right
        right *= nums[i]
    return out


@task(
    difficulty="hard",
    inputs=[[[6, 8, 3, 7, 1]], [[]], [[7]], [[3, 3, 3]], [[5, 4, 3, 2]], [[1, 3, 2, 4]], [[-5, -10, -1]]],
)
def next_greater_values(nums: list) -> list:
    """For every element, find the first element to its right that is strictly greater and return
    those values in a list; use -1 where no greater element follows.

    >>> next_greater_values([6, 8, 3, 7, 1])
    [8, -1, 7, -1, -1]
    """
    out = [-1] * len(nums)
    stack = []
    for i, n in enumerate(nums):
        while stack and nums[stack[-1]] < n:
            out[stack.pop()] = n
        stack.append(i)
    return out


@task(
    difficulty="hard",
    inputs=[
        [[3, 0, 1, 4, 0, 2]],
        [[]],
        [[5]],
        [[3, 0, 3]],
        [[1, 2, 3]],
        [[2, 5, 1, 0, 3, 1, 4]],
        [[5, 1, 1, 1]],
    ],
)
def trapped_rain(heights: list) -> int:
    """`heights` are the heights of adjacent bars of width 1. After rain, water collects between taller
    bars. Return how many unit squares of water are held.

    >>> trapped_rain([3, 0, 1, 4, 0, 2])
    7
    """
    left, right = 0, len(heights) - 1
    left_max = right_max = water = 0
    while left < right:
        if heights[left] < heights[right]:
            left_max = max(left_max, heights[left])
            water += left_max - heights[left]
            left += 1
        else:
            right_max = max(right_max, heights[right])
            water += right_max - heights[right]
            right -= 1
    return water


@task(
    difficulty="hard",
    inputs=[
        [[1, 4, 1, 1, 1, 2]],
        [[]],
        [[0]],
        [[2, 1, 0, 3]],
        [[1, 1, 1, 1]],
        [[10, 0, 0]],
        [[0, 1]],
        [[2, 0, 2, 0, 1]],
    ],
)
def fewest_jumps(steps: list) -> int:
    """From index 0 you may jump forward by any distance from 1 up to steps[i]. Return the smallest
    number of jumps needed to reach the last index, 0 if the list has at most one element, and -1 if
    the last index cannot be reached.

    >>> fewest_jumps([1, 4, 1, 1, 1, 2])
    2
    """
    jumps, reach, edge = 0, 0, 0
    for i in range(len(steps) - 1):
        if i > reach:
            return -1
        reach = max(reach, i + steps[i])
        if i == edge:
            jumps += 1
            edge = reach
    if len(steps) > 1 and edge < len(steps) - 1:
        return -1
    return jumps


@task(
    difficulty="hard",
    inputs=[[[4, 9, 2, 3]], [[2, 3, 6]], [[]], [[0]], [[2, 2]], [[3, 1, 1, 2, 2, 1]], [[100, 1, 1]], [[7]]],
)
def splits_into_equal_halves(nums: list) -> bool:
    """True when the non-negative integers in `nums` can be divided into two groups (every number in
    exactly one group) whose sums are equal. An empty list can be split (two empty groups).

    >>> splits_into_equal_halves([4, 9, 2, 3])
    True
    >>> splits_into_equal_halves([2, 3, 6])
    False
    """
    total = sum(nums)
    if total % 2:
        return False
    reachable = {0}
    for n in nums:
        reachable |= {r + n for r in reachable}
    return total // 2 in reachable
