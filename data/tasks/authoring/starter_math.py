"""Starter tier of the `math` family: arithmetic on the arguments, one to three lines.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_math.jsonl. See data/README.md (Tiers) for why this tier exists.
"""

from _task import task

FAMILY = "math"
TIER = "starter"


@task(difficulty="easy", inputs=[[17, 5], [0, 3], [4, 4], [3, 7], [100, 1], [20, 6]])
def apples_each(apples: int, children: int) -> int:
    """`apples` apples are shared fairly among `children` children, and no apple is cut. Return how many
    whole apples each child gets. `children` is at least 1.

    >>> apples_each(17, 5)
    3
    """
    return apples // children


@task(difficulty="easy", inputs=[[1, 2, 3], [0, 0, 0], [1, 1, 2], [-3, 3, 6], [10, 20, 31]])
def average_of_three(a: int, b: int, c: int) -> float:
    """Return the average of the three numbers `a`, `b` and `c` as a float.

    >>> average_of_three(1, 2, 3)
    2.0
    """
    return (a + b + c) / 3


@task(difficulty="easy", inputs=[[12, 4], [13, 4], [0, 5], [-9, 3], [7, 7], [5, 10]])
def is_multiple_of(n: int, k: int) -> bool:
    """Return True if `n` can be divided by `k` with no remainder, otherwise False. `k` is never 0.

    >>> is_multiple_of(12, 4)
    True
    """
    return n % k == 0


@task(difficulty="easy", inputs=[[1234], [0], [7], [-58], [90], [10 ** 12 + 3]])
def ones_digit(n: int) -> int:
    """Return the last digit of the whole number `n` (for a negative number, the last digit of its absolute value).

    >>> ones_digit(1234)
    4
    """
    return abs(n) % 10


@task(difficulty="easy", inputs=[[5], [1], [0], [6], [2], [11]])
def sum_of_odds_up_to(n: int) -> int:
    """Return the sum of the odd numbers 1, 3, 5, ... that are not bigger than `n`. For `n` below 1 return 0.

    >>> sum_of_odds_up_to(5)
    9
    """
    return sum(range(1, n + 1, 2))


@task(difficulty="easy", inputs=[[4096], [0], [7], [-305], [10], [99999]])
def digit_count(n: int) -> int:
    """Return how many digits the whole number `n` has (the minus sign of a negative number is not a digit).

    >>> digit_count(4096)
    4
    """
    return len(str(abs(n)))


@task(difficulty="easy", inputs=[[3, 10], [10, 3], [-2, 5], [4, 4], [-7, -1]])
def distance_between(a: int, b: int) -> int:
    """Return how far apart the numbers `a` and `b` are on the number line (never negative).

    >>> distance_between(3, 10)
    7
    """
    return abs(a - b)


@task(difficulty="easy", inputs=[[2, 3, 4], [1, 1, 1], [0, 5, 5], [10, 2, 0.5], [7, 1, 3]])
def box_volume(length, width, height):
    """Return the volume of a box with the given `length`, `width` and `height`.

    >>> box_volume(2, 3, 4)
    24
    """
    return length * width * height


@task(difficulty="easy", inputs=[[25, 200], [0, 10], [3, 0], [50, 50], [1, 3], [7, 4]])
def percent_of(part, whole) -> float:
    """Return what percentage `part` is of `whole`, as a float (part / whole * 100). If `whole` is 0, return 0.0.

    >>> percent_of(25, 200)
    12.5
    """
    if whole == 0:
        return 0.0
    return part / whole * 100


@task(difficulty="easy", inputs=[[17], [0], [6], [7], [8], [365]])
def weeks_and_days(total_days: int) -> list:
    """Split `total_days` (never negative) into whole weeks of 7 days and the days left over:
    return [weeks, days].

    >>> weeks_and_days(17)
    [2, 3]
    """
    return [total_days // 7, total_days % 7]


@task(difficulty="easy", inputs=[[-8], [0], [3], [-0.5], [10 ** 9], [1]])
def sign_of(n) -> int:
    """Return -1 if `n` is negative, 0 if it is zero, and 1 if it is positive.

    >>> sign_of(-8)
    -1
    """
    if n < 0:
        return -1
    if n == 0:
        return 0
    return 1


@task(difficulty="easy", inputs=[[4, 9, 2], [1, 1, 1], [-5, -2, -9], [0, 0, 1], [3, 2, 3], [8, 12, 12]])
def biggest_of_three(a: int, b: int, c: int) -> int:
    """Return the largest of the three numbers `a`, `b` and `c`.

    >>> biggest_of_three(4, 9, 2)
    9
    """
    return max(a, b, c)


@task(difficulty="easy", inputs=[[5, 1, 10], [1, 1, 10], [10, 1, 10], [0, 1, 10], [11, 1, 10], [-3, -5, -1]])
def is_between(x: int, low: int, high: int) -> bool:
    """Return True if `x` is at least `low` and at most `high`, otherwise False.

    >>> is_between(5, 1, 10)
    True
    """
    return low <= x <= high


@task(difficulty="easy", inputs=[[3], [0], [1], [10], [40]])
def two_to_the(n: int) -> int:
    """Return 2 to the power `n`, where `n` is 0 or more (2 to the power 0 is 1).

    >>> two_to_the(3)
    8
    """
    return 2 ** n


@task(difficulty="easy", inputs=[[2], [0], [1], [365], [7]])
def seconds_in_days(days: int) -> int:
    """Return how many seconds there are in `days` days (a day has 24 hours, an hour 60 minutes, a minute 60 seconds).

    >>> seconds_in_days(2)
    172800
    """
    return days * 24 * 60 * 60


@task(difficulty="easy", inputs=[[40, 15], [100, 0], [0, 20], [19.5, 10], [80, 12.5]])
def tip_amount(bill, percent) -> float:
    """Return the tip to leave on a `bill` when tipping `percent` percent, as a float (bill * percent / 100).

    >>> tip_amount(40, 15)
    6.0
    """
    return bill * percent / 100


@task(difficulty="medium", inputs=[[10, 4], [12, 4], [0, 5], [1, 6], [7, 1], [13, 5]])
def boxes_needed(items: int, per_box: int) -> int:
    """Return how many boxes are needed to pack `items` things when one box holds at most `per_box` things.
    A box that is only partly full still counts. `per_box` is at least 1 and `items` is 0 or more.

    >>> boxes_needed(10, 4)
    3
    """
    return (items + per_box - 1) // per_box


@task(difficulty="medium", inputs=[[5, 20], [20, 20], [25, 20], [0, 5], [3.5, 10], [7, 3]])
def change_due(price, paid):
    """Return the change a shop gives back when something costing `price` is paid with `paid`.
    If `paid` is less than `price`, return -1 (not enough money).

    >>> change_due(5, 20)
    15
    """
    if paid < price:
        return -1
    return paid - price


@task(difficulty="easy", inputs=[[6], [0], [1], [-4], [11]])
def count_evens_up_to(n: int) -> int:
    """Return how many of the numbers 1, 2, ..., `n` are even. For `n` below 2 the answer is 0.

    >>> count_evens_up_to(6)
    3
    """
    return max(n, 0) // 2


@task(difficulty="easy", inputs=[[3, 2], [0, 0], [1, 0], [0, 5], [12, 7]])
def legs_on_farm(chickens: int, cows: int) -> int:
    """A chicken has 2 legs and a cow has 4. Return the total number of legs of `chickens` chickens and
    `cows` cows.

    >>> legs_on_farm(3, 2)
    14
    """
    return chickens * 2 + cows * 4
