"""Task family `sorting_searching`: binary search, custom orders, intervals, selection and counting by order.

Order matters: every fifth task (index % 5 == 4) is held out, and tasks were placed so that close
relatives (e.g. counting and listing coin combinations) share a split.
Written for codegen-rlhf; see data/README.md for provenance and license.
"""

from _task import task

FAMILY = "sorting_searching"


@task(
    difficulty="easy",
    inputs=[
        ([1, 4, 9, 16], 9),
        ([1, 4, 9, 16], 5),
        ([], 3),
        ([7], 7),
        ([7], 8),
        ([1, 4, 9, 16], 1),
        ([1, 4, 9, 16], 16),
        ([-5, -2, 0, 3], -5),
        (list(range(0, 200000, 2)), 123456),
        (list(range(0, 200000, 2)), 123457),
    ],
)
def binary_search_index(sorted_values: list[int], target: int) -> int:
    """sorted_values is in strictly increasing order. Return the position of target in it,
    or -1 when target is absent. Use binary search: the list can be long.

    >>> binary_search_index([1, 4, 9, 16], 9)
    2
    >>> binary_search_index([1, 4, 9, 16], 5)
    -1
    """
    lo, hi = 0, len(sorted_values) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if sorted_values[mid] == target:
            return mid
        if sorted_values[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


@task(
    difficulty="medium",
    inputs=[
        ([1, 2, 2, 2, 5], 2),
        ([1, 3], 2),
        ([], 0),
        ([4], 4),
        ([4, 4, 4, 4], 4),
        ([1, 2, 3], 3),
        ([1, 2, 3], 1),
        ([1, 2, 3], 9),
        ([0] * 1000 + [1] * 1000, 1),
    ],
)
def first_and_last_index(sorted_values: list[int], target: int) -> list[int]:
    """sorted_values is in non-decreasing order and may contain repeats. Return
    [first, last], the smallest and largest positions holding target, or [-1, -1]
    when target does not occur.

    >>> first_and_last_index([1, 2, 2, 2, 5], 2)
    [1, 3]
    >>> first_and_last_index([1, 3], 2)
    [-1, -1]
    """
    from bisect import bisect_left, bisect_right
    first = bisect_left(sorted_values, target)
    if first == len(sorted_values) or sorted_values[first] != target:
        return [-1, -1]
    return [first, bisect_right(sorted_values, target) - 1]


@task(
    difficulty="easy",
    inputs=[
        ([1, 3, 3, 7], 3),
        ([1, 3, 3, 7], 8),
        ([], 5),
        ([1, 3, 3, 7], 0),
        ([1, 3, 3, 7], 1),
        ([1, 3, 3, 7], 4),
        ([2, 2, 2], 2),
        ([-9, -3], -5),
    ],
)
def insertion_point(sorted_values: list[int], target: int) -> int:
    """Return the smallest index at which target could be inserted into the
    non-decreasing list sorted_values while keeping it sorted (before any equal values).

    >>> insertion_point([1, 3, 3, 7], 3)
    1
    >>> insertion_point([1, 3, 3, 7], 8)
    4
    """
    lo, hi = 0, len(sorted_values)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_values[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@task(
    difficulty="medium",
    inputs=[
        ([4, 6, 2, 6, 4, 4],),
        ([3, 1, 2],),
        ([],),
        ([5],),
        ([2, 1, 2, 1],),
        ([-1, -1, 3, 3, 3, 0],),
        ([9, 8, 9, 8, 7, 7, 7],),
    ],
)
def sort_by_frequency(values: list[int]) -> list[int]:
    """Rearrange values so that numbers occurring more often come first; numbers with the
    same count are ordered from smallest to largest. Every occurrence is kept, and equal
    numbers end up next to each other.

    >>> sort_by_frequency([4, 6, 2, 6, 4, 4])
    [4, 4, 4, 6, 6, 2]
    >>> sort_by_frequency([3, 1, 2])
    [1, 2, 3]
    """
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(values, key=lambda v: (-counts[v], v))


@task(
    difficulty="easy",
    inputs=[
        ([7, 2, 9, 2], 2),
        ([7, 2, 9, 2], 4),
        ([7, 2, 9, 2], 3),
        ([7, 2, 9, 2], 5),
        ([7, 2, 9, 2], 0),
        ([], 1),
        ([-1], 1),
        ([5, 4, 3, 2, 1], 1),
    ],
)
def kth_smallest(values: list[int], k: int) -> int:
    """Return the k-th smallest value (k = 1 is the minimum), counting repeated values
    separately. Return None if k is smaller than 1 or larger than len(values).

    >>> kth_smallest([7, 2, 9, 2], 2)
    2
    >>> kth_smallest([7, 2, 9, 2], 4)
    9
    """
    if k < 1 or k > len(values):
        return None
    return sorted(values)[k - 1]


@task(
    difficulty="hard",
    inputs=[
        ([3, 1, 2],),
        ([1, 1, 1],),
        ([],),
        ([5],),
        ([2, 1],),
        ([5, 4, 3, 2, 1],),
        ([1, 3, 2, 3, 1],),
        ([(i * 7919) % 5003 for i in range(5003)],),
        (list(range(3000, 0, -1)),),
    ],
)
def count_inversions(values: list[int]) -> int:
    """Count the pairs of positions i < j with values[i] > values[j] (equal values are
    not an inversion). Lists can hold tens of thousands of numbers, so an approach that
    compares every pair is too slow.

    >>> count_inversions([3, 1, 2])
    2
    >>> count_inversions([1, 1, 1])
    0
    """
    def sort_count(lst):
        if len(lst) <= 1:
            return lst, 0
        mid = len(lst) // 2
        left, a = sort_count(lst[:mid])
        right, b = sort_count(lst[mid:])
        merged, count = [], a + b
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                j += 1
                count += len(left) - i
        merged += left[i:] + right[j:]
        return merged, count

    return sort_count(list(values))[1]


@task(
    difficulty="easy",
    inputs=[
        ([1, 4, 6], [2, 4, 10]),
        ([], [3]),
        ([], []),
        ([5, 6], []),
        ([1, 2, 3], [4, 5]),
        ([4, 5], [1, 2, 3]),
        ([-3, 0, 0], [-3, -1, 7]),
        ([1, 1], [1]),
    ],
)
def merge_two_sorted(first: list[int], second: list[int]) -> list[int]:
    """Both lists are in non-decreasing order. Return one non-decreasing list that
    contains every element of both (repeats included), without calling a sort function.

    >>> merge_two_sorted([1, 4, 6], [2, 4, 10])
    [1, 2, 4, 4, 6, 10]
    >>> merge_two_sorted([], [3])
    [3]
    """
    merged = []
    i = j = 0
    while i < len(first) and j < len(second):
        if first[i] <= second[j]:
            merged.append(first[i])
            i += 1
        else:
            merged.append(second[j])
            j += 1
    return merged + first[i:] + second[j:]


@task(
    difficulty="easy",
    inputs=[
        ([1, 2, 2, 5], False),
        ([1, 2, 2, 5], True),
        ([], True),
        ([3], False),
        ([5, 5, 2, 0], True),
        ([5, 5, 2, 0], False),
        ([1, 3, 2], False),
        ([3, 1, 2], True),
        ([2, 2], False),
    ],
)
def is_ordered(values: list[int], descending: bool) -> bool:
    """Return True when values never decreases from one element to the next (or, when
    descending is True, never increases). Lists with fewer than two elements are ordered.

    >>> is_ordered([1, 2, 2, 5], False)
    True
    >>> is_ordered([1, 2, 2, 5], True)
    False
    """
    for a, b in zip(values, values[1:]):
        if (a < b) if descending else (a > b):
            return False
    return True


@task(
    difficulty="hard",
    inputs=[
        ([4, 5, 6, 1, 2, 3], 2),
        ([4, 5, 6, 1, 2, 3], 7),
        ([], 1),
        ([1], 1),
        ([1, 2, 3, 4], 4),
        ([3, 1], 1),
        ([3, 1], 3),
        ([6, 7, 8, 9, 1, 2], 6),
        ([6, 7, 8, 9, 1, 2], 9),
        ([2, 3, 4, 5, 6, 7, 1], 1),
        ([4, 5, 6, 1, 2, 3], 0),
        (list(range(500, 1000)) + list(range(500)), 499),
        ([4, 16, 48], 4),
        ([47, 1, 6, 13, 24, 30, 31, 41], 41),
        ([33, 35, 43, 0, 1, 13, 14, 24, 27, 28, 31], 14),
        ([47, 11, 23, 35, 42, 43, 44], 23),
    ],
)
def search_rotated(values: list[int], target: int) -> int:
    """values was a strictly increasing list that has been rotated: some prefix was moved
    to the end (e.g. [4, 5, 6, 1, 2, 3]); the rotation may also be empty. Return the
    index of target, or -1 if it is absent, in logarithmic time.

    >>> search_rotated([4, 5, 6, 1, 2, 3], 2)
    4
    >>> search_rotated([4, 5, 6, 1, 2, 3], 7)
    -1
    """
    lo, hi = 0, len(values) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if values[mid] == target:
            return mid
        if values[lo] <= values[mid]:
            if values[lo] <= target < values[mid]:
                hi = mid - 1
            else:
                lo = mid + 1
        else:
            if values[mid] < target <= values[hi]:
                lo = mid + 1
            else:
                hi = mid - 1
    return -1


@task(
    difficulty="medium",
    inputs=[
        ([{"name": "Bo", "age": 30}, {"name": "Al", "age": 30}, {"name": "Cy", "age": 41}],),
        ([],),
        ([{"name": "Solo", "age": 0}],),
        ([{"name": "a", "age": 1}, {"name": "b", "age": 2}, {"name": "c", "age": 3}],),
        ([{"name": "Zed", "age": 5}, {"name": "Amy", "age": 5}, {"name": "Max", "age": 5}],),
        ([{"name": "x", "age": 10}, {"name": "w", "age": 20}, {"name": "y", "age": 10}],),
    ],
)
def sort_people(people: list[dict]) -> list[dict]:
    """Each person is a dict with keys "name" (str) and "age" (int). Return a new list
    ordered from oldest to youngest; people of the same age are ordered by name
    alphabetically. The input list must not be modified.

    >>> sort_people([{"name": "Bo", "age": 30}, {"name": "Al", "age": 30}, {"name": "Cy", "age": 41}])
    [{'name': 'Cy', 'age': 41}, {'name': 'Al', 'age': 30}, {'name': 'Bo', 'age': 30}]
    """
    return sorted(people, key=lambda p: (-p["age"], p["name"]))


@task(
    difficulty="medium",
    inputs=[
        ([1, 3, 2, 5, 4],),
        ([2, 2, 2],),
        ([],),
        ([9],),
        ([5, 1, 7],),
        ([1, 2, 3],),
        ([1, 2, 2, 1],),
        ([3, 3, 4, 3],),
        ([-1, -2],),
    ],
)
def first_peak_index(values: list[int]) -> int:
    """A peak is an element strictly greater than each neighbour it has (the first and
    last elements have only one neighbour; a lone element has none and is a peak).
    Return the index of the leftmost peak, or -1 if there is none.

    >>> first_peak_index([1, 3, 2, 5, 4])
    1
    >>> first_peak_index([2, 2, 2])
    -1
    """
    n = len(values)
    for i in range(n):
        left_ok = i == 0 or values[i] > values[i - 1]
        right_ok = i == n - 1 or values[i] > values[i + 1]
        if left_ok and right_ok:
            return i
    return -1


@task(
    difficulty="hard",
    inputs=[
        ([-1, 0, 1, 2, -1, -4],),
        ([0, 0],),
        ([],),
        ([0, 0, 0, 0],),
        ([1, 2, 3],),
        ([-2, 0, 1, 1, 2],),
        ([3, -3, 0, -1, 1, 2, -2],),
        ([-4, 2, 2, 2, -1, -1, 0, 5],),
        ([1, 4, 0, 6, -3, -5, 1],),
        ([-2, -6, 0, 2, 4, -5, -4],),
        ([-1, -5, -2, -3, 3],),
        ([3, 1, -5, 4, 0, 0, -3, 2, -6, -2],),
        ([-6, 0, 5, 4, -4, 4, 6, 0, 6, -2],),
    ],
)
def zero_sum_triplets(values: list[int]) -> list[list[int]]:
    """Find every distinct triple of numbers, taken from three different positions of
    values, that adds up to 0. Write each triple in non-decreasing order and return them
    sorted in ascending order, each triple listed once.

    >>> zero_sum_triplets([-1, 0, 1, 2, -1, -4])
    [[-1, -1, 2], [-1, 0, 1]]
    >>> zero_sum_triplets([0, 0])
    []
    """
    nums = sorted(values)
    result = []
    for i in range(len(nums) - 2):
        if i > 0 and nums[i] == nums[i - 1]:
            continue
        lo, hi = i + 1, len(nums) - 1
        while lo < hi:
            s = nums[i] + nums[lo] + nums[hi]
            if s < 0:
                lo += 1
            elif s > 0:
                hi -= 1
            else:
                result.append([nums[i], nums[lo], nums[hi]])
                lo += 1
                while lo < hi and nums[lo] == nums[lo - 1]:
                    lo += 1
                hi -= 1
    return result


@task(
    difficulty="easy",
    inputs=[
        (["pear", "fig", "apple", "kiwi"],),
        ([],),
        (["b", "a", "c"],),
        (["", "zz", "a"],),
        (["same", "same"],),
        (["Bb", "aa", "b"],),
    ],
)
def sort_by_length_then_text(words: list[str]) -> list[str]:
    """Return the words ordered from shortest to longest; words of equal length are
    placed in ascending alphabetical (character code) order.

    >>> sort_by_length_then_text(["pear", "fig", "apple", "kiwi"])
    ['fig', 'kiwi', 'pear', 'apple']
    >>> sort_by_length_then_text([])
    []
    """
    return sorted(words, key=lambda w: (len(w), w))


@task(
    difficulty="medium",
    inputs=[
        ([[8, 10], [1, 3], [2, 6]],),
        ([[1, 3], [3, 5]],),
        ([],),
        ([[4, 4]],),
        ([[1, 10], [2, 3], [4, 5]],),
        ([[1, 2], [4, 5]],),
        ([[5, 7], [1, 2], [2, 4], [8, 9]],),
        ([[-5, -1], [-2, 0], [3, 3]],),
        ([[1, 2], [4, 5], [5, 7]],),
    ],
)
def merge_overlapping_intervals(intervals: list[list[int]]) -> list[list[int]]:
    """Each interval is [start, end] with start <= end, both ends included, in any order.
    Merge intervals that overlap or touch at an end point (such as [1, 3] and [3, 5]) and
    return the merged intervals sorted by start.

    >>> merge_overlapping_intervals([[8, 10], [1, 3], [2, 6]])
    [[1, 6], [8, 10]]
    >>> merge_overlapping_intervals([[1, 3], [3, 5]])
    [[1, 5]]
    """
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


@task(
    difficulty="medium",
    inputs=[
        ([3, 0, 6, 1, 5],),
        ([0, 0],),
        ([],),
        ([100],),
        ([1, 1, 1],),
        ([4, 4, 4, 4],),
        ([10, 8, 5, 4, 3],),
        ([25, 8, 5, 3, 3],),
        ([2, 2, 2],),
    ],
)
def h_index(citations: list[int]) -> int:
    """citations[i] is how many times paper i was cited. Return the largest h such that
    at least h papers have at least h citations each (0 when there are no papers).

    >>> h_index([3, 0, 6, 1, 5])
    3
    >>> h_index([0, 0])
    0
    """
    ranked = sorted(citations, reverse=True)
    h = 0
    while h < len(ranked) and ranked[h] >= h + 1:
        h += 1
    return h


@task(
    difficulty="hard",
    inputs=[
        ([[1, 2], [5, 7], [9, 12]], [6, 10]),
        ([[1, 2]], [4, 5]),
        ([], [3, 4]),
        ([[3, 4]], [0, 1]),
        ([[1, 2], [4, 5]], [2, 4]),
        ([[1, 2], [6, 8]], [3, 4]),
        ([[1, 5]], [2, 3]),
        ([[0, 0], [2, 2], [4, 4]], [-1, 5]),
        ([[1, 3], [7, 9]], [3, 3]),
    ],
)
def insert_and_merge_interval(intervals: list[list[int]], new: list[int]) -> list[list[int]]:
    """intervals holds disjoint closed intervals [start, end] sorted by start, with gaps
    between them. Add the interval new and return the result in the same form, merging
    every interval that overlaps new or shares an end point with it. The input must not
    be modified.

    >>> insert_and_merge_interval([[1, 2], [5, 7], [9, 12]], [6, 10])
    [[1, 2], [5, 12]]
    >>> insert_and_merge_interval([[1, 2]], [4, 5])
    [[1, 2], [4, 5]]
    """
    start, end = new
    before, after = [], []
    for s, e in intervals:
        if e < start:
            before.append([s, e])
        elif s > end:
            after.append([s, e])
        else:
            start, end = min(start, s), max(end, e)
    return before + [[start, end]] + after


@task(
    difficulty="hard",
    inputs=[
        ([[0, 30], [5, 10], [15, 20]],),
        ([[1, 5], [5, 8]],),
        ([],),
        ([[2, 3]],),
        ([[1, 4], [2, 5], [3, 6]],),
        ([[1, 10], [2, 3], [3, 4], [4, 5]],),
        ([[5, 8], [1, 5], [8, 9], [1, 9]],),
        ([[i, i + 3] for i in range(100)],),
        ([[1, 10], [2, 3], [4, 6], [5, 7]],),
    ],
)
def rooms_needed(meetings: list[list[int]]) -> int:
    """Each meeting is [start, end) with start < end: it occupies a room from start up to,
    but not including, end, so a meeting may start in a room at the very moment another
    one ends there. Return the smallest number of rooms that can host all meetings.

    >>> rooms_needed([[0, 30], [5, 10], [15, 20]])
    2
    >>> rooms_needed([[1, 5], [5, 8]])
    1
    """
    events = []
    for start, end in meetings:
        events.append((start, 1))
        events.append((end, -1))
    events.sort()
    busy = best = 0
    for _, change in events:
        busy += change
        best = max(best, busy)
    return best


@task(
    difficulty="easy",
    inputs=[
        ([1, 5, 9], 6),
        ([4, 8], 6),
        ([], 3),
        ([10], -10),
        ([8, 4], 6),
        ([3, 7, 7, 12], 10),
        ([-5, 5], 0),
        ([2, 9], 8),
        ([1, 2, 3], 2),
    ],
)
def closest_value(values: list[int], target: int) -> int:
    """Return the element of values nearest to target. When two elements are equally
    near, return the smaller one. Return None for an empty list.

    >>> closest_value([1, 5, 9], 6)
    5
    >>> closest_value([4, 8], 6)
    4
    """
    if not values:
        return None
    return min(values, key=lambda v: (abs(v - target), v))


@task(
    difficulty="medium",
    inputs=[
        ([2, 3, 1, 3, 2, 4, 6, 7, 9, 2, 19], [2, 1, 4, 3, 9, 6]),
        ([5, 1], []),
        ([], [1, 2]),
        ([3, 3, 3], [3]),
        ([8, 7, 6], [1, 2]),
        ([4, -1, 4, 0], [0, 4]),
        ([10, 20, 30], [30, 10, 20]),
    ],
)
def sort_by_reference_order(values: list[int], order: list[int]) -> list[int]:
    """order lists distinct numbers. Rearrange values so that numbers appearing in order
    come first, grouped in the sequence given by order (with all their repeats), followed
    by the numbers not in order, in ascending order.

    >>> sort_by_reference_order([2, 3, 1, 3, 2, 4, 6, 7, 9, 2, 19], [2, 1, 4, 3, 9, 6])
    [2, 2, 2, 1, 4, 3, 3, 9, 6, 7, 19]
    >>> sort_by_reference_order([5, 1], [])
    [1, 5]
    """
    rank = {v: i for i, v in enumerate(order)}
    return sorted(values, key=lambda v: (0, rank[v], 0) if v in rank else (1, 0, v))


@task(
    difficulty="hard",
    inputs=[
        ([3, 2, 4, 1],),
        ([1, 2, 3],),
        ([],),
        ([5],),
        ([2, 1],),
        ([3, 1, 2],),
        ([1, 3, 2],),
        ([5, 1, 4, 2, 3],),
        ([6, 5, 4, 3, 2, 1],),
        ([6, 3, 15, 0, 12, 19],),
    ],
)
def pancake_flips(values: list[int]) -> list[int]:
    """Sort a list of distinct numbers using only prefix reversals ("flip k" reverses the
    first k elements) and return the flips as a list of k values. Use exactly this
    method: for size = n, n-1, ..., 2, find the position p of the largest element among
    the first size elements; if p == size - 1 do nothing, otherwise flip p + 1 (skipped
    when p == 0) and then flip size.

    >>> pancake_flips([3, 2, 4, 1])
    [3, 4, 2, 3, 2]
    >>> pancake_flips([1, 2, 3])
    []
    """
    arr = list(values)
    flips = []
    for size in range(len(arr), 1, -1):
        p = arr.index(max(arr[:size]))
        if p == size - 1:
            continue
        if p > 0:
            arr[:p + 1] = arr[:p + 1][::-1]
            flips.append(p + 1)
        arr[:size] = arr[:size][::-1]
        flips.append(size)
    return flips


@task(
    difficulty="medium",
    float_tol=1e-9,
    inputs=[
        ([1, 3], [2]),
        ([1, 2], [3, 4]),
        ([], [7]),
        ([5], []),
        ([1, 1, 1], [1, 1]),
        ([-5, 3, 6], [-2, 0, 10]),
        ([1, 2, 3, 4], [10, 11, 12]),
        ([0, 0], [1, 1]),
    ],
)
def median_of_two_sorted(first: list[int], second: list[int]) -> float:
    """Both lists are sorted in non-decreasing order and at least one is non-empty.
    Return the median of all their elements taken together as a float: the middle
    element, or the mean of the two middle elements when the total count is even.

    >>> median_of_two_sorted([1, 3], [2])
    2.0
    >>> median_of_two_sorted([1, 2], [3, 4])
    2.5
    """
    merged = []
    i = j = 0
    while i < len(first) or j < len(second):
        if j == len(second) or (i < len(first) and first[i] <= second[j]):
            merged.append(first[i])
            i += 1
        else:
            merged.append(second[j])
            j += 1
    n = len(merged)
    if n % 2:
        return float(merged[n // 2])
    return (merged[n // 2 - 1] + merged[n // 2]) / 2


@task(
    difficulty="easy",
    inputs=[
        ([3, 0, 1],),
        ([],),
        ([0],),
        ([1],),
        ([0, 1, 2, 3],),
        ([5, 4, 3, 2, 1],),
        (list(range(100000)),),
        ([1, 3, 0],),
    ],
)
def missing_from_range(values: list[int]) -> int:
    """values contains len(values) distinct numbers taken from 0, 1, ..., len(values),
    so exactly one number of that range is absent. Return it.

    >>> missing_from_range([3, 0, 1])
    2
    >>> missing_from_range([])
    0
    """
    n = len(values)
    return n * (n + 1) // 2 - sum(values)


@task(
    difficulty="easy",
    inputs=[([3, 1, 2],), ([1, 1, 3],), ([],), ([1],), ([0],), ([2, 3],), ([4, 2, 3, 1],), ([1, 2, 4],), ([2, 1, 0],)],
)
def is_one_to_n_permutation(values: list[int]) -> bool:
    """Return True when values contains each of the numbers 1, 2, ..., len(values) exactly
    once, in any order. The empty list qualifies.

    >>> is_one_to_n_permutation([3, 1, 2])
    True
    >>> is_one_to_n_permutation([1, 1, 3])
    False
    """
    return sorted(values) == list(range(1, len(values) + 1))


@task(
    difficulty="hard",
    inputs=[
        ([4, 3, 2, 1],),
        ([1, 5, 4, 3, 2],),
        ([],),
        ([9],),
        ([1, 2, 3],),
        ([2, 1],),
        ([2, 3, 1],),
        ([10, 19, 6, 3, 5],),
        ([3, 1, 2, 6, 4, 5],),
    ],
)
def min_swaps_to_sort(values: list[int]) -> int:
    """values holds distinct numbers. A swap exchanges any two elements (not necessarily
    neighbours). Return the smallest number of swaps that puts values in increasing order.

    >>> min_swaps_to_sort([4, 3, 2, 1])
    2
    >>> min_swaps_to_sort([1, 5, 4, 3, 2])
    2
    """
    target = {v: i for i, v in enumerate(sorted(values))}
    visited = [False] * len(values)
    swaps = 0
    for i in range(len(values)):
        length = 0
        j = i
        while not visited[j]:
            visited[j] = True
            j = target[values[j]]
            length += 1
        if length > 1:
            swaps += length - 1
    return swaps


@task(
    difficulty="easy",
    inputs=[([-4, -1, 0, 3, 10],), ([],), ([-3],), ([-2, -2, 2],), ([1, 2, 3],), ([-7, -3, 2, 3, 11],)],
)
def sorted_squares(values: list[int]) -> list[int]:
    """Square every number and return the squares in non-decreasing order.

    >>> sorted_squares([-4, -1, 0, 3, 10])
    [0, 1, 9, 16, 100]
    >>> sorted_squares([])
    []
    """
    return sorted(v * v for v in values)


@task(
    difficulty="medium",
    inputs=[([1, 2, 3, 4, 5],), ([],), ([7],), ([9, 8],), ([6, 5, 4, 3, 2, 1],), ([3, 3, 1, 1],), ([-1, 10, 0],)],
)
def zigzag_arrange(values: list[int]) -> list[int]:
    """Sort values in ascending order, then swap the elements at positions 0 and 1,
    2 and 3, 4 and 5, and so on (a trailing unpaired element stays where it is). The
    result goes down and up alternately.

    >>> zigzag_arrange([1, 2, 3, 4, 5])
    [2, 1, 4, 3, 5]
    >>> zigzag_arrange([])
    []
    """
    out = sorted(values)
    for i in range(0, len(out) - 1, 2):
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


@task(
    difficulty="medium",
    inputs=[
        ([3, 4, -1, 1],),
        ([1, 2, 0],),
        ([],),
        ([7, 8, 9],),
        ([1, 1, 1],),
        ([-3, -2],),
        ([2, 1, 4, 3, 6],),
        (list(range(1, 5001)),),
    ],
)
def smallest_absent_positive(values: list[int]) -> int:
    """Return the smallest positive integer (1, 2, 3, ...) that does not occur in values.
    The list may contain zeros, negatives and repeats.

    >>> smallest_absent_positive([3, 4, -1, 1])
    2
    >>> smallest_absent_positive([1, 2, 0])
    3
    """
    present = set(values)
    k = 1
    while k in present:
        k += 1
    return k


@task(
    difficulty="medium",
    inputs=[([3, 1, 2],), ([5],), ([],), ([1, 2, 3],), ([2, 1],), ([4, 2, 2, 1],), ([0, -1, 5, -1],)],
)
def selection_sort_snapshots(values: list[int]) -> list[list[int]]:
    """Run selection sort on a copy of values: for i = 0, 1, ..., len - 2, find the
    leftmost smallest element among positions i..end and swap it into position i (a swap
    with itself changes nothing). Return a copy of the list after each of these passes.

    >>> selection_sort_snapshots([3, 1, 2])
    [[1, 3, 2], [1, 2, 3]]
    >>> selection_sort_snapshots([5])
    []
    """
    arr = list(values)
    snapshots = []
    for i in range(len(arr) - 1):
        m = i
        for j in range(i + 1, len(arr)):
            if arr[j] < arr[m]:
                m = j
        arr[i], arr[m] = arr[m], arr[i]
        snapshots.append(list(arr))
    return snapshots


@task(
    difficulty="easy",
    inputs=[
        ([5, 1, 4, 3, 4, 9, 2], 4),
        ([], 0),
        ([1, 2, 3], 10),
        ([7, 8, 9], -1),
        ([3, 3, 3], 3),
        ([9, 1, 8, 2], 5),
        ([-1, 0, 1, 0, -1], 0),
    ],
)
def three_way_partition(values: list[int], pivot: int) -> list[int]:
    """Return the numbers smaller than pivot, then those equal to pivot, then those
    larger than pivot, keeping the original relative order inside each group.

    >>> three_way_partition([5, 1, 4, 3, 4, 9, 2], 4)
    [1, 3, 2, 4, 4, 5, 9]
    >>> three_way_partition([], 0)
    []
    """
    return ([v for v in values if v < pivot]
            + [v for v in values if v == pivot]
            + [v for v in values if v > pivot])


@task(
    difficulty="hard",
    inputs=[
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5),
        ([3, 2, 2, 4, 1, 4], 3),
        ([], 2),
        ([7], 1),
        ([1, 2, 3, 1, 1], 4),
        ([5, 5, 5], 1),
        ([5, 5, 5], 10),
        ([10, 1, 1, 1, 10], 2),
        ([5, 5, 5], 3),
        ([(i % 97) + 1 for i in range(5000)], 37),
    ],
)
def least_ship_capacity(weights: list[int], days: int) -> int:
    """Parcels with the given positive weights must be shipped in the listed order within
    the given number of days (days >= 1). Each day the ship carries a consecutive run of
    parcels whose total weight is at most its capacity. Return the smallest capacity
    that makes this possible (0 if there are no parcels).

    >>> least_ship_capacity([1, 2, 3, 1, 1], 4)
    3
    >>> least_ship_capacity([3, 2, 2, 4, 1, 4], 3)
    6
    """
    if not weights:
        return 0

    def days_needed(capacity):
        used, load = 1, 0
        for w in weights:
            if load + w > capacity:
                used += 1
                load = 0
            load += w
        return used

    lo, hi = max(weights), sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo


@task(
    difficulty="medium",
    inputs=[
        ([1, 5, 3, 4, 2], 2),
        ([1, 1, 1], 0),
        ([], 1),
        ([4], 0),
        ([1, 3, 1, 3], 2),
        ([1, 2, 3], 5),
        ([-2, 2, 0, -4], 2),
        ([3, 1, 4, 1, 5], 0),
        (list(range(3000)), 7),
    ],
)
def pairs_with_difference(values: list[int], k: int) -> int:
    """Count pairs of positions i < j such that the two numbers there differ by exactly
    k (k >= 0), in either direction. Repeated numbers form separate pairs.

    >>> pairs_with_difference([1, 5, 3, 4, 2], 2)
    3
    >>> pairs_with_difference([1, 1, 1], 0)
    3
    """
    counts = {}
    pairs = 0
    for v in values:
        if k == 0:
            pairs += counts.get(v, 0)
        else:
            pairs += counts.get(v - k, 0) + counts.get(v + k, 0)
        counts[v] = counts.get(v, 0) + 1
    return pairs


@task(
    difficulty="hard",
    inputs=[
        ([5, 2, 6, 1],),
        ([1, 1],),
        ([],),
        ([3],),
        ([1, 2, 3],),
        ([3, 2, 1],),
        ([2, 0, 1, 0, 2],),
        ([-1, -1, -2],),
        ([(i * 37) % 1009 for i in range(4000)],),
    ],
)
def count_smaller_to_the_right(values: list[int]) -> list[int]:
    """For every position i, count how many later elements (positions j > i) are strictly
    smaller than values[i]. Return these counts as a list of the same length. Lists can
    hold several thousand numbers.

    >>> count_smaller_to_the_right([5, 2, 6, 1])
    [2, 1, 1, 0]
    >>> count_smaller_to_the_right([1, 1])
    [0, 0]
    """
    from bisect import bisect_left, insort
    seen = []
    counts = []
    for v in reversed(values):
        counts.append(bisect_left(seen, v))
        insort(seen, v)
    return counts[::-1]


@task(
    difficulty="easy",
    inputs=[
        (["banana", "Apple", "cherry", "apple"],),
        ([],),
        (["b", "B", "a"],),
        (["Zeta", "alpha", "Beta"],),
        (["x"],),
        (["abc", "ABC", "Abc", "aBc"],),
    ],
)
def sort_ignoring_case(words: list[str]) -> list[str]:
    """Sort words alphabetically without regard to upper or lower case. Words that are
    equal apart from case keep their original relative order.

    >>> sort_ignoring_case(["banana", "Apple", "cherry", "apple"])
    ['Apple', 'apple', 'banana', 'cherry']
    >>> sort_ignoring_case([])
    []
    """
    return sorted(words, key=str.lower)


@task(
    difficulty="medium",
    inputs=[
        ([[3, 3], [5, -1], [-2, 4], [1, 1]], 2),
        ([[0, 2], [2, 0], [0, -2]], 2),
        ([], 3),
        ([[1, 2]], 0),
        ([[1, 2], [-1, -2]], 5),
        ([[4, 0], [0, 3], [-3, 0], [2, 2]], 3),
        ([[10, 10], [-1, 0]], 1),
    ],
)
def k_nearest_points(points: list[list[int]], k: int) -> list[list[int]]:
    """points are [x, y] pairs. Return the k points closest to the origin (by Euclidean
    distance), nearest first; ties are broken by smaller x, then smaller y. If k exceeds
    the number of points, return all of them in that order.

    >>> k_nearest_points([[3, 3], [5, -1], [-2, 4], [1, 1]], 2)
    [[1, 1], [3, 3]]
    >>> k_nearest_points([[0, 2], [2, 0], [0, -2]], 2)
    [[0, -2], [0, 2]]
    """
    ranked = sorted(points, key=lambda p: (p[0] * p[0] + p[1] * p[1], p[0], p[1]))
    return ranked[:k]


@task(
    difficulty="hard",
    inputs=[
        (["img12.png", "img10.png", "img2.png", "img1.png"],),
        (["b", "a10", "a9"],),
        ([],),
        (["a01", "a1", "a001"],),
        (["x2y10", "x2y9", "x10y1"],),
        (["10", "9", "a", "1a"],),
        (["v1.10", "v1.9", "v1.1"],),
        (["", "0"],),
    ],
)
def natural_sort(names: list[str]) -> list[str]:
    """Sort strings the way people expect file names to be ordered: split each string
    into runs of digits and runs of non-digits, compare runs left to right, comparing
    digit runs by their numeric value and other runs as plain text, so "img2" comes
    before "img10". Strings whose run sequences compare equal (e.g. "a01" and "a1")
    keep their original order. A digit run sorts before a text run at the same place.

    >>> natural_sort(["img12.png", "img10.png", "img2.png", "img1.png"])
    ['img1.png', 'img2.png', 'img10.png', 'img12.png']
    >>> natural_sort(["b", "a10", "a9"])
    ['a9', 'a10', 'b']
    """
    import re

    def key(name):
        parts = []
        for run in re.findall(r"\d+|\D+", name):
            parts.append((0, int(run), "") if run.isdigit() else (1, 0, run))
        return parts

    return sorted(names, key=key)


@task(
    difficulty="medium",
    inputs=[
        ([15, 18, 2, 3, 6, 12],),
        ([1, 2, 3],),
        ([],),
        ([4],),
        ([2, 1],),
        ([3, 4, 5, 1, 2],),
        ([9, 1, 2, 3, 4, 5],),
        ([2, 3, 4, 5, 6, 1],),
        (list(range(700, 1000)) + list(range(700)),),
    ],
)
def rotation_offset(values: list[int]) -> int:
    """values is a strictly increasing list that was rotated by moving some prefix to the
    end. Return the index where the smallest element now sits (0 when the list is not
    rotated or empty). Aim for logarithmic time.

    >>> rotation_offset([15, 18, 2, 3, 6, 12])
    2
    >>> rotation_offset([1, 2, 3])
    0
    """
    lo, hi = 0, len(values) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] > values[hi]:
            lo = mid + 1
        else:
            hi = mid
    return lo


@task(
    difficulty="medium",
    inputs=[
        ([100, 4, 200, 1, 3, 2],),
        ([],),
        ([5],),
        ([1, 1, 1],),
        ([10, 5, 12, 3, 11, 4],),
        ([-2, -1, 0, 1, 7, 8],),
        ([2, 4, 6, 8],),
        (list(range(0, 20000, 3)) + list(range(5000, 6000)),),
    ],
)
def longest_consecutive_streak(values: list[int]) -> int:
    """Return the size of the largest set of consecutive integers (like 4, 5, 6, 7) all
    of which occur somewhere in values, in any order. Repeats count once.

    >>> longest_consecutive_streak([100, 4, 200, 1, 3, 2])
    4
    >>> longest_consecutive_streak([])
    0
    """
    present = set(values)
    best = 0
    for v in present:
        if v - 1 not in present:
            length = 1
            while v + length in present:
                length += 1
            best = max(best, length)
    return best


@task(
    difficulty="medium",
    inputs=[
        ([[1, 4, 5], [1, 3, 4], [2, 6]],),
        ([],),
        ([[], []],),
        ([[3]],),
        ([[1, 2], [], [0]],),
        ([[-5, 5], [-10, 10], [0]],),
        ([[1, 1], [1, 1]],),
    ],
)
def merge_many_sorted(lists: list[list[int]]) -> list[int]:
    """Every inner list is sorted in non-decreasing order. Return a single
    non-decreasing list holding all their elements. There may be no lists at all,
    and some lists may be empty.

    >>> merge_many_sorted([[1, 4, 5], [1, 3, 4], [2, 6]])
    [1, 1, 2, 3, 4, 4, 5, 6]
    >>> merge_many_sorted([])
    []
    """
    import heapq
    return list(heapq.merge(*lists))
