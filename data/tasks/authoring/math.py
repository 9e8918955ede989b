"""Task family `math`: arithmetic, number theory, bases, fractions and small numeric algorithms.

Order matters: every fifth task (index % 5 == 4) is held out, and tasks were placed so that close
relatives (e.g. counting and listing coin combinations) share a split.
Written for codegen-rlhf; see data/README.md for provenance and license.
"""

from _task import task

FAMILY = "math"


@task(difficulty="easy", inputs=[(3,), (0,), (1,), (-4,), (2,), (10,), (1000,)])
def sum_of_cubes(n: int) -> int:
    """Add up k * k * k for every whole number k from 1 to n inclusive.
    When n is zero or negative there is nothing to add and the answer is 0.

    >>> sum_of_cubes(3)
    36
    >>> sum_of_cubes(0)
    0
    """
    return sum(k ** 3 for k in range(1, n + 1))


@task(
    difficulty="easy",
    inputs=[(12, 3, 4), (9, 3, 2), (10, 3, 5), (0, 7, 11), (-30, 5, 6), (35, 5, 3), (8, 2, 4), (14, 7, 4)],
)
def divisible_by_both(n: int, a: int, b: int) -> bool:
    """Tell whether the integer n leaves no remainder when divided by a and also
    leaves no remainder when divided by b. a and b are never zero; n may be negative.

    >>> divisible_by_both(12, 3, 4)
    True
    >>> divisible_by_both(9, 3, 2)
    False
    """
    return n % a == 0 and n % b == 0


@task(difficulty="easy", inputs=[(234,), (-15,), (0,), (7,), (105,), (999,), (123456789,), (11,)])
def digit_product(n: int) -> int:
    """Multiply together the decimal digits of n, ignoring its sign.
    The single digit 0 gives 0, and any number containing a 0 digit gives 0.

    >>> digit_product(234)
    24
    >>> digit_product(-15)
    5
    """
    product = 1
    for ch in str(abs(n)):
        product *= int(ch)
    return product


@task(difficulty="easy", inputs=[(12,), (1,), (2,), (16,), (36,), (97,), (360,), (1000000,)])
def count_divisors(n: int) -> int:
    """Count how many positive integers divide the positive integer n exactly,
    including 1 and n itself.

    >>> count_divisors(12)
    6
    >>> count_divisors(1)
    1
    """
    count = 0
    d = 1
    while d * d <= n:
        if n % d == 0:
            count += 1 if d * d == n else 2
        d += 1
    return count


@task(difficulty="easy", float_tol=1e-9, inputs=[(100,), (-40,), (0,), (37.5,), (-273.15,), (1,)])
def celsius_to_fahrenheit(celsius: float) -> float:
    """Convert a temperature from degrees Celsius to degrees Fahrenheit
    (multiply by 9/5, then add 32).

    >>> celsius_to_fahrenheit(100)
    212.0
    >>> celsius_to_fahrenheit(-40)
    -40.0
    """
    return celsius * 9 / 5 + 32


@task(
    difficulty="easy",
    inputs=[(49,), (50,), (0,), (1,), (-4,), (2,), (10 ** 30,), (10 ** 30 + 1,), ((10 ** 15 + 7) ** 2,)],
)
def is_perfect_square(n: int) -> bool:
    """Return True when n equals k * k for some integer k (0 counts, negative numbers
    never do). n can be very large, so avoid floating point rounding.

    >>> is_perfect_square(49)
    True
    >>> is_perfect_square(50)
    False
    """
    if n < 0:
        return False
    import math
    root = math.isqrt(n)
    return root * root == n


@task(
    difficulty="easy",
    inputs=[(15, 0, 10), (-3, 0, 10), (5, 0, 10), (0, 0, 10), (10, 0, 10), (7, 7, 7), (-50, -20, -10)],
)
def clamp_value(x: int, low: int, high: int) -> int:
    """Limit x to the closed range [low, high]: values below low become low,
    values above high become high, anything in between is returned unchanged.
    You may assume low <= high.

    >>> clamp_value(15, 0, 10)
    10
    >>> clamp_value(-3, 0, 10)
    0
    """
    if x < low:
        return low
    if x > high:
        return high
    return x


@task(
    difficulty="easy",
    inputs=[
        ([12, 18, 30],),
        ([],),
        ([7],),
        ([-8, 12],),
        ([0, 0],),
        ([0, 15, 25],),
        ([17, 19],),
        ([2 ** 40, 2 ** 35 * 3],),
    ],
)
def gcd_of_list(numbers: list[int]) -> int:
    """Greatest common divisor of all the integers in the list, always non-negative.
    Signs are ignored, zeros do not change the result, and an empty list gives 0.

    >>> gcd_of_list([12, 18, 30])
    6
    >>> gcd_of_list([])
    0
    """
    result = 0
    for x in numbers:
        a, b = result, abs(x)
        while b:
            a, b = b, a % b
        result = a
    return result


@task(difficulty="medium", inputs=[(10,), (1,), (0,), (2,), (3,), (6,), (20,), (50,)])
def lcm_up_to(n: int) -> int:
    """Smallest positive integer that every whole number from 1 to n divides evenly.
    For n < 1 the answer is 1.

    >>> lcm_up_to(10)
    2520
    >>> lcm_up_to(1)
    1
    """
    from math import gcd
    result = 1
    for k in range(2, n + 1):
        result = result * k // gcd(result, k)
    return result


@task(
    difficulty="easy",
    inputs=[
        (3, 4, 5),
        (1, 2, 3),
        (2, 2, 2),
        (2, 2, 3),
        (5, 3, 3),
        (0, 1, 1),
        (-2, 3, 4),
        (10, 1, 1),
        (4, 7, 4),
        (2, 3, 4),
    ],
)
def classify_triangle(a: int, b: int, c: int) -> str:
    """Given three side lengths, return "invalid" when they cannot form a triangle
    with positive area (some side is <= 0, or the two shorter sides together are not
    longer than the longest), otherwise "equilateral" (all sides equal),
    "isosceles" (exactly two equal) or "scalene" (all different).

    >>> classify_triangle(3, 4, 5)
    'scalene'
    >>> classify_triangle(1, 2, 3)
    'invalid'
    """
    x, y, z = sorted([a, b, c])
    if x <= 0 or x + y <= z:
        return "invalid"
    if x == z:
        return "equilateral"
    if x == y or y == z:
        return "isosceles"
    return "scalene"


@task(
    difficulty="medium",
    inputs=[
        (1, 10, 3),
        (-6, 6, 4),
        (5, 4, 1),
        (0, 0, 5),
        (1, 1, 2),
        (-10, -1, 5),
        (3, 3, 3),
        (1, 10 ** 18, 7),
        (7, 13, 7),
    ],
)
def count_multiples_between(low: int, high: int, k: int) -> int:
    """How many integers x with low <= x <= high are multiples of the positive integer k?
    The bounds may be negative, and when low > high the range is empty.
    Zero is a multiple of every k.

    >>> count_multiples_between(1, 10, 3)
    3
    >>> count_multiples_between(-6, 6, 4)
    3
    """
    if low > high:
        return 0
    return high // k - (low - 1) // k


@task(difficulty="easy", inputs=[(9875,), (0,), (5,), (10,), (18,), (99999999999,), (123456789,)])
def digital_root(n: int) -> int:
    """Repeatedly replace the non-negative integer n by the sum of its decimal digits
    until a single digit remains, and return that digit.

    >>> digital_root(9875)
    2
    >>> digital_root(0)
    0
    """
    while n >= 10:
        n = sum(int(ch) for ch in str(n))
    return n


@task(difficulty="easy", inputs=[(1230,), (-45,), (0,), (7,), (-100,), (1000000000000000000001,), (12345,)])
def reverse_integer(n: int) -> int:
    """Write the decimal digits of n in the opposite order and return the resulting
    integer, keeping the sign of n. Leading zeros that appear after reversal vanish.

    >>> reverse_integer(1230)
    321
    >>> reverse_integer(-45)
    -54
    """
    sign = -1 if n < 0 else 1
    return sign * int(str(abs(n))[::-1])


@task(
    difficulty="medium",
    inputs=[(60,), (1,), (2,), (97,), (1024,), (9,), (999983 * 2,), (2 * 3 * 5 * 7 * 11 * 13,), (49,)],
)
def prime_factorization(n: int) -> list[int]:
    """List the prime factors of n >= 1 in non-decreasing order, each one repeated as
    many times as it divides n. 1 has no prime factors.

    >>> prime_factorization(60)
    [2, 2, 3, 5]
    >>> prime_factorization(1)
    []
    """
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors


@task(difficulty="easy", inputs=[(6,), (1,), (2,), (3,), (7,), (27,), (1024,), (837799,)])
def collatz_length(n: int) -> int:
    """Starting from the positive integer n, repeatedly halve it when it is even and
    replace it by 3 * n + 1 when it is odd. Return how many such steps are needed to
    reach 1 (0 when n is already 1).

    >>> collatz_length(6)
    8
    >>> collatz_length(1)
    0
    """
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


@task(difficulty="easy", inputs=[(13,), (-5,), (0,), (1,), (2,), (3,), (24,), (89,), (1000000,)])
def next_prime_after(n: int) -> int:
    """Return the smallest prime number that is strictly greater than n
    (n may be zero or negative).

    >>> next_prime_after(13)
    17
    >>> next_prime_after(-5)
    2
    """
    candidate = max(n + 1, 2)
    while True:
        if all(candidate % d for d in range(2, int(candidate ** 0.5) + 1)):
            return candidate
        candidate += 1


@task(
    difficulty="medium",
    inputs=[(255, 16), (-5, 2), (0, 7), (35, 36), (36, 36), (100, 10), (8, 8), (2 ** 64, 2), (-123456789, 36)],
)
def to_base(n: int, base: int) -> str:
    """Write the integer n in the given base (2 <= base <= 36) using the digits
    0-9 and then capital letters A-Z. Negative numbers get a leading "-",
    and zero is written "0".

    >>> to_base(255, 16)
    'FF'
    >>> to_base(-5, 2)
    '-101'
    """
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))


@task(difficulty="medium", inputs=[(5,), (-2,), (0,), (1,), (-1,), (3,), (4,), (13,), (-40,), (2 ** 40,)])
def balanced_ternary(n: int) -> str:
    """Write the integer n in balanced ternary: base 3 with the digit values -1, 0 and 1,
    written "-", "0" and "+", most significant digit first and without leading zeros
    (zero itself is "0"). For example 5 = 9 - 3 - 1 is "+--".

    >>> balanced_ternary(5)
    '+--'
    >>> balanced_ternary(-2)
    '-+'
    """
    if n == 0:
        return "0"
    digits = []
    while n:
        r = n % 3
        if r == 0:
            digits.append("0")
        elif r == 1:
            digits.append("+")
            n -= 1
        else:
            digits.append("-")
            n += 1
        n //= 3
    return "".join(reversed(digits))


@task(
    difficulty="medium",
    float_tol=1e-9,
    inputs=[
        ([1, 100, 2, 3, -50], 1),
        ([4, 5], 1),
        ([], 0),
        ([3.5], 0),
        ([1, 2, 3, 4], 0),
        ([9, 1, 5, 7, 3, 8], 2),
        ([2, 2, 2, 2, 10], 1),
        ([1, 2, 3], 2),
    ],
)
def trimmed_mean(values: list[float], k: int) -> float:
    """Sort the values, discard the k smallest and the k largest, and return the
    arithmetic mean of what is left. If nothing is left, return None.

    >>> trimmed_mean([1, 100, 2, 3, -50], 1)
    2.0
    >>> trimmed_mean([4, 5], 1) is None
    True
    """
    kept = sorted(values)[k:len(values) - k]
    if not kept:
        return None
    return sum(kept) / len(kept)


@task(difficulty="hard", inputs=[(4, 13), (1, 7), (2, 3), (3, 4), (5, 6), (6, 14), (7, 15), (99, 100)])
def greedy_unit_fractions(numerator: int, denominator: int) -> list[int]:
    """Write the fraction numerator/denominator (with 0 < numerator < denominator)
    as a sum of distinct unit fractions 1/d1 + 1/d2 + ... using the greedy rule:
    at every step subtract the largest unit fraction that is not larger than what
    remains. Return the denominators in the order they were chosen.

    >>> greedy_unit_fractions(4, 13)
    [4, 18, 468]
    >>> greedy_unit_fractions(1, 7)
    [7]
    """
    result = []
    num, den = numerator, denominator
    while num:
        d = -(-den // num)
        result.append(d)
        num, den = num * d - den, den * d
        from math import gcd
        g = gcd(num, den)
        if g:
            num, den = num // g, den // g
    return result


@task(
    difficulty="easy",
    float_tol=1e-9,
    inputs=[
        ([10, 20], [1, 3]),
        ([], []),
        ([5], [2]),
        ([1, 2, 3], [0, 0, 0]),
        ([1, 2], [1, -1]),
        ([4, -4, 10], [0.5, 0.5, 1]),
        ([3, 9], [2, 1]),
    ],
)
def weighted_average(values: list[float], weights: list[float]) -> float:
    """Return sum(v * w) / sum(w) over pairs of values and weights at the same
    position (the lists have equal length). When the weights add up to zero,
    including when the lists are empty, return None.

    >>> weighted_average([10, 20], [1, 3])
    17.5
    >>> weighted_average([], []) is None
    True
    """
    total = sum(weights)
    if total == 0:
        return None
    return sum(v * w for v, w in zip(values, weights)) / total


@task(difficulty="easy", inputs=[(4,), (0,), (1,), (2,), (3,), (10,), (200,)])
def pell_number(n: int) -> int:
    """Return the n-th term (n >= 0) of the sequence that starts 0, 1 and in which each
    later term is twice the previous term plus the one before that.

    >>> pell_number(4)
    12
    >>> pell_number(0)
    0
    """
    a, b = 0, 1
    for _ in range(n):
        a, b = b, 2 * b + a
    return a


@task(difficulty="medium", inputs=[(5, 2), (3, 4), (0, 0), (7, 0), (7, 7), (7, -1), (10, 3), (100, 50), (6, 5)])
def choose(n: int, k: int) -> int:
    """Number of ways to pick k items out of n distinct items, ignoring order.
    Return 0 when k is negative or larger than n. Results can be very large.

    >>> choose(5, 2)
    10
    >>> choose(3, 4)
    0
    """
    if k < 0 or k > n:
        return 0
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
    return result


@task(difficulty="medium", inputs=[(4,), (0,), (1,), (-1,), (2,), (7,), (30,)])
def pascal_row(n: int) -> list[int]:
    """Return row n (counting from 0) of Pascal's triangle: the coefficients of
    (x + 1) ** n from the highest power down. A negative n gives an empty list.

    >>> pascal_row(4)
    [1, 4, 6, 4, 1]
    >>> pascal_row(0)
    [1]
    """
    if n < 0:
        return []
    row = [1]
    for _ in range(n):
        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]
    return row


@task(
    difficulty="medium",
    inputs=[(79927398713,), (79927398710,), (0,), (18,), (81,), (59,), (4539578763621486,), (4539578763621487,), (26,)],
)
def luhn_valid(number: int) -> bool:
    """Check a non-negative identification number with the Luhn checksum: going from
    the rightmost digit leftwards, double every second digit (the 2nd, 4th, ... from
    the right), subtract 9 from any doubled result above 9, and add up all digits.
    The number is valid when that total is a multiple of 10.

    >>> luhn_valid(79927398713)
    True
    >>> luhn_valid(79927398710)
    False
    """
    total = 0
    for i, ch in enumerate(reversed(str(number))):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@task(difficulty="medium", inputs=[(19,), (4,), (1,), (7,), (2,), (100,), (145,), (986543210,)])
def is_happy(n: int) -> bool:
    """A positive integer is called happy when repeatedly replacing it by the sum of
    the squares of its decimal digits eventually produces 1; otherwise the process
    loops forever. Decide whether n is happy.

    >>> is_happy(19)
    True
    >>> is_happy(4)
    False
    """
    seen = set()
    while n != 1 and n not in seen:
        seen.add(n)
        n = sum(int(ch) ** 2 for ch in str(n))
    return n == 1


@task(difficulty="medium", inputs=[(30,), (5,), (0,), (6,), (27,), (28,), (500,), (8128,)])
def perfect_numbers_up_to(limit: int) -> list[int]:
    """Return, in increasing order, every number from 2 to limit inclusive that
    equals the sum of its positive divisors smaller than itself.

    >>> perfect_numbers_up_to(30)
    [6, 28]
    >>> perfect_numbers_up_to(5)
    []
    """
    found = []
    for n in range(2, limit + 1):
        total = 1
        d = 2
        while d * d <= n:
            if n % d == 0:
                total += d
                if d * d != n:
                    total += n // d
            d += 1
        if total == n:
            found.append(n)
    return found


@task(difficulty="easy", inputs=[(12,), (7,), (1,), (2,), (28,), (220,), (284,), (100,)])
def aliquot_sum(n: int) -> int:
    """Sum of all positive divisors of the positive integer n that are smaller
    than n itself (so the answer for 1 is 0).

    >>> aliquot_sum(12)
    16
    >>> aliquot_sum(7)
    1
    """
    return sum(d for d in range(1, n // 2 + 1) if n % d == 0)


@task(
    difficulty="medium",
    inputs=[
        ([1, 2], [1, 3]),
        ([1, -4], [1, 4]),
        ([2, 4], [2, 4]),
        ([-1, 3], [-1, 6]),
        ([3, -5], [1, -5]),
        ([0, 7], [0, 3]),
        ([7, 3], [2, 9]),
        ([5, 1], [-3, 1]),
    ],
)
def add_fractions(first: list[int], second: list[int]) -> list[int]:
    """Each fraction is a list [numerator, denominator] with a non-zero denominator
    that may be negative. Return their sum in lowest terms as [numerator, denominator]
    with a positive denominator; a zero sum is [0, 1].

    >>> add_fractions([1, 2], [1, 3])
    [5, 6]
    >>> add_fractions([1, -4], [1, 4])
    [0, 1]
    """
    from math import gcd
    num = first[0] * second[1] + second[0] * first[1]
    den = first[1] * second[1]
    if den < 0:
        num, den = -num, -den
    g = gcd(num, den)
    return [num // g, den // g]


@task(difficulty="hard", inputs=[(1,), (2,), (0,), (3,), (5,), (10,), (1000,), (20000,)])
def lattice_points_in_disk(r: int) -> int:
    """Count the points (x, y) with integer coordinates such that x*x + y*y <= r*r,
    for a radius r >= 0 (the boundary counts). r can be up to about 100000.

    >>> lattice_points_in_disk(1)
    5
    >>> lattice_points_in_disk(2)
    13
    """
    from math import isqrt
    total = 0
    for x in range(-r, r + 1):
        total += 2 * isqrt(r * r - x * x) + 1
    return total


@task(difficulty="medium", inputs=[(415, 93), (3, 1), (0, 5), (1, 2), (5, 3), (13, 8), (355, 113), (1000, 1)])
def continued_fraction(numerator: int, denominator: int) -> list[int]:
    """Expand the non-negative rational number numerator/denominator (denominator > 0)
    as a finite simple continued fraction [a0; a1, a2, ...] and return the terms as a
    list. Use repeated integer division: a0 is the whole part, then continue with the
    reciprocal of the remainder until the remainder is zero.

    >>> continued_fraction(415, 93)
    [4, 2, 6, 7]
    >>> continued_fraction(3, 1)
    [3]
    """
    terms = []
    while denominator:
        q, r = divmod(numerator, denominator)
        terms.append(q)
        numerator, denominator = denominator, r
    return terms


@task(
    difficulty="medium",
    inputs=[
        (2, 10, 2),
        (10, 3, 5),
        (7, 0, 3),
        (0, 5, 1),
        (3, 10 ** 18, 4),
        (123456789, 987654321, 6),
        (5, 3, 1),
        (2, 7, 2),
    ],
)
def last_digits_of_power(base: int, exponent: int, k: int) -> str:
    """Return the last k decimal digits of base ** exponent as a string of exactly k
    characters, padded on the left with zeros. base >= 0, exponent >= 0, k >= 1;
    the exponent can be huge, so do not compute the full power.

    >>> last_digits_of_power(2, 10, 2)
    '24'
    >>> last_digits_of_power(10, 3, 5)
    '01000'
    """
    return str(pow(base, exponent, 10 ** k)).zfill(k)


@task(difficulty="medium", inputs=[(10,), (25,), (0,), (4,), (5,), (24,), (125,), (10 ** 18,)])
def factorial_trailing_zeros(n: int) -> int:
    """Count the zeros at the end of the decimal representation of n! (n >= 0).
    n can be as large as 10**18, so do not build the factorial.

    >>> factorial_trailing_zeros(10)
    2
    >>> factorial_trailing_zeros(25)
    6
    """
    count = 0
    power = 5
    while power <= n:
        count += n // power
        power *= 5
    return count


@task(
    difficulty="medium",
    inputs=[(17,), (0,), (1,), (3,), (4,), (99,), (100,), (10 ** 200,), (10 ** 200 - 1,), (2 ** 127 - 1,)],
)
def integer_square_root(n: int) -> int:
    """Return the largest integer r with r * r <= n for a non-negative integer n.
    n can have hundreds of digits, so the answer must be exact (no float rounding).

    >>> integer_square_root(17)
    4
    >>> integer_square_root(0)
    0
    """
    if n < 2:
        return n
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


@task(difficulty="easy", inputs=[(1, 4), (7, 7), (0, 0), (0, 255), (8, 1), (2 ** 100, 0), (12, 10)])
def bit_difference(a: int, b: int) -> int:
    """Number of bit positions at which the binary forms of the non-negative
    integers a and b differ.

    >>> bit_difference(1, 4)
    2
    >>> bit_difference(7, 7)
    0
    """
    return bin(a ^ b).count("1")


@task(
    difficulty="easy",
    inputs=[
        ([2, 0, -1], 3),
        ([], 5),
        ([7], 100),
        ([1, 1], -1),
        ([1, -3, 3, -1], 1),
        ([3, 2, 1], 0),
        ([1, 0, 0, 0, 0], 10),
        ([4, -2], 3),
    ],
)
def evaluate_polynomial(coefficients: list[int], x: int) -> int:
    """Evaluate a polynomial at x. coefficients lists the coefficients starting with
    the highest power, so [2, 0, -1] means 2*x**2 - 1. An empty list is the zero
    polynomial.

    >>> evaluate_polynomial([2, 0, -1], 3)
    17
    >>> evaluate_polynomial([], 5)
    0
    """
    result = 0
    for c in coefficients:
        result = result * x + c
    return result


@task(
    difficulty="medium",
    inputs=[
        ([1, 1], [1, 1]),
        ([2], [0, 3, 4]),
        ([], [1, 2]),
        ([3], []),
        ([1, -1], [1, 1]),
        ([0, 0, 1], [5, 0, 2]),
        ([-2, 3, 1], [4, -1]),
    ],
)
def multiply_polynomials(p: list[int], q: list[int]) -> list[int]:
    """Multiply two polynomials given as coefficient lists where index i holds the
    coefficient of x**i. Return the product in the same form, with length
    len(p) + len(q) - 1. If either list is empty, return an empty list.

    >>> multiply_polynomials([1, 1], [1, 1])
    [1, 2, 1]
    >>> multiply_polynomials([2], [0, 3, 4])
    [0, 6, 8]
    """
    if not p or not q:
        return []
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


@task(difficulty="medium", inputs=[(20,), (4,), (0,), (5,), (7,), (18,), (19,), (200,), (100000,)])
def twin_prime_pairs(limit: int) -> list[list[int]]:
    """Return every pair [p, p + 2] where both p and p + 2 are prime and p + 2 <= limit,
    ordered by p.

    >>> twin_prime_pairs(20)
    [[3, 5], [5, 7], [11, 13], [17, 19]]
    >>> twin_prime_pairs(4)
    []
    """
    if limit < 2:
        return []
    sieve = [True] * (limit + 1)
    sieve[0] = sieve[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            for j in range(i * i, limit + 1, i):
                sieve[j] = False
    return [[p, p + 2] for p in range(2, limit - 1) if sieve[p] and sieve[p + 2]]


@task(difficulty="medium", inputs=[(28,), (9,), (4,), (2,), (6,), (8,), (100,), (3,), (1000000,)])
def goldbach_split(n: int) -> list[int]:
    """For an even n >= 4, return [p, q] with p <= q, both prime and p + q == n,
    choosing the pair with the smallest p. For odd n or n < 4 return None.

    >>> goldbach_split(28)
    [5, 23]
    >>> goldbach_split(9) is None
    True
    """
    if n < 4 or n % 2:
        return None

    def is_prime(k):
        return k >= 2 and all(k % d for d in range(2, int(k ** 0.5) + 1))

    for p in range(2, n // 2 + 1):
        if is_prime(p) and is_prime(n - p):
            return [p, n - p]
    return None


@task(difficulty="hard", inputs=[(25,), (3,), (0,), (1,), (2,), (50,), (325,), (1105,), (999999,), (10 ** 10,)])
def sum_of_two_squares_count(n: int) -> int:
    """Count the pairs of integers (a, b) with 0 <= a <= b and a*a + b*b == n,
    for n >= 0.

    >>> sum_of_two_squares_count(25)
    2
    >>> sum_of_two_squares_count(3)
    0
    """
    from math import isqrt
    count = 0
    a = 0
    while 2 * a * a <= n:
        rest = n - a * a
        b = isqrt(rest)
        if b * b == rest:
            count += 1
        a += 1
    return count


@task(difficulty="hard", inputs=[(7,), (1,), (2,), (10,), (11,), (15,), (100,), (1500,), (5000,)])
def nth_hamming_number(n: int) -> int:
    """Numbers whose only prime factors are 2, 3 and 5 (1 included) form the increasing
    sequence 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, ... Return the n-th of them, counting from
    n = 1. n can be a few thousand.

    >>> nth_hamming_number(7)
    8
    >>> nth_hamming_number(1)
    1
    """
    seq = [1]
    i2 = i3 = i5 = 0
    while len(seq) < n:
        nxt = min(seq[i2] * 2, seq[i3] * 3, seq[i5] * 5)
        seq.append(nxt)
        if nxt == seq[i2] * 2:
            i2 += 1
        if nxt == seq[i3] * 3:
            i3 += 1
        if nxt == seq[i5] * 5:
            i5 += 1
    return seq[n - 1]


@task(
    difficulty="medium",
    inputs=[(23, 5), (15, 10), (-5, 10), (22, 5), (0, 3), (-7, 5), (-8, 5), (14, 1), (101, 2), (999, 1000)],
)
def round_to_multiple(x: int, m: int) -> int:
    """Round the integer x to the nearest multiple of the positive integer m.
    When x lies exactly halfway between two multiples, pick the larger one
    (so -5 with m = 10 becomes 0).

    >>> round_to_multiple(23, 5)
    25
    >>> round_to_multiple(15, 10)
    20
    """
    low = (x // m) * m
    if x - low >= low + m - x:
        return low + m
    return low


@task(
    difficulty="hard",
    inputs=[(1, 6), (-22, 7), (6, 3), (0, -5), (1, 2), (1, 3), (1, -8), (5, 74), (1, 97), (-50, -8), (7, 12)],
)
def repeating_decimal(numerator: int, denominator: int) -> str:
    """Write numerator/denominator (denominator != 0) in decimal notation. If the
    fractional part repeats forever, put the shortest repeating block in parentheses,
    starting as early as possible. Negative results start with "-", whole results
    have no decimal point.

    >>> repeating_decimal(1, 6)
    '0.1(6)'
    >>> repeating_decimal(-22, 7)
    '-3.(142857)'
    >>> repeating_decimal(6, 3)
    '2'
    """
    if numerator == 0:
        return "0"
    sign = "-" if (numerator < 0) != (denominator < 0) else ""
    num, den = abs(numerator), abs(denominator)
    whole, rem = divmod(num, den)
    if rem == 0:
        return sign + str(whole)
    digits = []
    seen = {}
    while rem and rem not in seen:
        seen[rem] = len(digits)
        rem *= 10
        digits.append(str(rem // den))
        rem %= den
    if rem:
        start = seen[rem]
        frac = "".join(digits[:start]) + "(" + "".join(digits[start:]) + ")"
    else:
        frac = "".join(digits)
    return sign + str(whole) + "." + frac


@task(difficulty="medium", inputs=[(39,), (4,), (0,), (9,), (10,), (25,), (999,), (277777788888899,), (77,)])
def multiplicative_persistence(n: int) -> int:
    """How many times must the decimal digits of the non-negative integer n be
    multiplied together, feeding each product back in, before a single digit is left?

    >>> multiplicative_persistence(39)
    3
    >>> multiplicative_persistence(4)
    0
    """
    steps = 0
    while n >= 10:
        product = 1
        for ch in str(n):
            product *= int(ch)
        n = product
        steps += 1
    return steps


@task(difficulty="hard", inputs=[(3524,), (1111,), (6174,), (0,), (2111,), (1000,), (9998,), (1,), (8082,)])
def kaprekar_iterations(n: int) -> int:
    """Treat n (0 <= n <= 9999) as four digits, padding with leading zeros. One
    iteration arranges the digits in descending order and in ascending order and
    subtracts the smaller number from the larger one, again keeping four digits.
    Return how many iterations it takes to reach 6174 (0 if n already is 6174).
    If all four digits are equal the process gets stuck at 0: return -1.

    >>> kaprekar_iterations(3524)
    3
    >>> kaprekar_iterations(1111)
    -1
    """
    steps = 0
    while n != 6174:
        digits = sorted(str(n).zfill(4))
        if digits[0] == digits[3]:
            return -1
        n = int("".join(reversed(digits))) - int("".join(digits))
        steps += 1
    return steps
