"""Starter tier of the task family `text_formatting`: putting numbers, names and times into a fixed layout.

Each task is a line or three a beginner writes with f-strings, string multiplication and join; the suite's
`text_formatting` family holds the harder ones (calendars, wrapping, spelled-out numbers). Every fourth task
(index % 4 == 3) is held out.
Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_text_formatting.jsonl.
"""

from _task import task

FAMILY = "text_formatting"
TIER = "starter"


@task(difficulty="easy", inputs=[[1, 2, 3], [0, 0, 0], [10, 0, 1], [2, 15, 0], [0, 9, 12]])
def version_label(major: int, minor: int, patch: int) -> str:
    """Write a version number as "v<major>.<minor>.<patch>".

    >>> version_label(1, 2, 3)
    'v1.2.3'
    """
    return f"v{major}.{minor}.{patch}"


@task(difficulty="easy", inputs=[[3.5], [0.0], [1234.5], [-2.25], [0.1], [19.999], [7]])
def format_euros(amount: float) -> str:
    """Write an amount of money with exactly two digits after the decimal point, followed by a space
    and "EUR".

    >>> format_euros(3.5)
    '3.50 EUR'
    """
    return f"{amount:.2f} EUR"


@task(difficulty="easy", inputs=[["Menu"], [""], ["A"], ["Chapter 1"], ["Ünïcode"]])
def underline_title(title: str) -> str:
    """Return `title`, then a newline, then a row of "=" signs exactly as long as the title.

    >>> underline_title("Menu")
    'Menu\n===='
    """
    return title + "\n" + "=" * len(title)


@task(difficulty="easy", inputs=[[9, 5], [0, 0], [23, 59], [12, 30], [7, 45], [10, 1]])
def clock_label(hours: int, minutes: int) -> str:
    """Show a time of day as "HH:MM": the hours and the minutes each written with two digits.

    >>> clock_label(9, 5)
    '09:05'
    """
    return f"{hours:02d}:{minutes:02d}"


@task(difficulty="easy", inputs=[[0], [9], [11], [12], [17], [18], [23]])
def hour_greeting(hour: int) -> str:
    """Pick a greeting for an hour of the day: "Good morning" for hours 0 to 11, "Good afternoon" for
    12 to 17, and "Good evening" for 18 to 23.

    >>> hour_greeting(9)
    'Good morning'
    """
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


@task(difficulty="easy", inputs=[[5], [-3], [0], [1], [-1], [1000]])
def signed_number(n: int) -> str:
    """Write the integer `n` showing its sign: a positive number gets a "+" in front, a negative one
    keeps its "-", and zero is written "0".

    >>> signed_number(5)
    '+5'
    """
    if n > 0:
        return "+" + str(n)
    return str(n)


@task(difficulty="easy", inputs=[[3.14159, 2], [2.0, 3], [-0.5, 1], [10, 1], [1.23456, 4], [99.996, 2]])
def fixed_decimals(x: float, places: int) -> str:
    """Write the number `x` rounded to `places` digits after the decimal point (places >= 1), showing
    exactly that many digits, trailing zeros included.

    >>> fixed_decimals(3.14159, 2)
    '3.14'
    """
    return f"{x:.{places}f}"


@task(difficulty="easy", inputs=[[135], [0], [59], [60], [61], [1440], [605]])
def hours_minutes_label(total_minutes: int) -> str:
    """Write a non-negative number of minutes as "<h>h <m>m" in whole hours and the minutes left over;
    both parts are always shown and neither is padded with zeros.

    >>> hours_minutes_label(135)
    '2h 15m'
    """
    return f"{total_minutes // 60}h {total_minutes % 60}m"


@task(difficulty="easy", inputs=[[3, 15], [1, 1], [12, 31], [2, 29], [9, 7], [10, 10]])
def month_day_label(month: int, day: int) -> str:
    """Write a month number (1 for January up to 12 for December) and a day as "<month name> <day>",
    using the English month name.

    >>> month_day_label(3, 15)
    'March 15'
    """
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
    return f"{names[month - 1]} {day}"


@task(difficulty="easy", inputs=[[["wake up", "stretch"]], [[]], [["one"]], [["a", "b", "c"]], [["", "x"]]])
def numbered_lines(items: list) -> str:
    """Put the strings of `items` on separate lines, numbered from 1 as "1. <item>", "2. <item>", ...
    The lines are joined with "\n" and there is no newline after the last one; no items give "".

    >>> numbered_lines(["wake up", "stretch"])
    '1. wake up\n2. stretch'
    """
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


@task(difficulty="easy", inputs=[["42", 5], ["hello", 3], ["", 2], ["abc", 3], ["x", 0], ["a b", 6]])
def right_align(text: str, width: int) -> str:
    """Add spaces in front of `text` until it is `width` characters long. Text that already has at
    least `width` characters is returned unchanged.

    >>> right_align("42", 5)
    '   42'
    """
    return text.rjust(width)


@task(difficulty="easy", inputs=[[2019, 2024], [2024, 2024], [1999, 2000], [0, 0], [1, 2]])
def year_span(start: int, end: int) -> str:
    """Describe the years from `start` to `end` (start <= end) as "start-end", such as "2019-2024";
    when the two years are the same, give that year alone.

    >>> year_span(2019, 2024)
    '2019-2024'
    """
    if start == end:
        return str(start)
    return f"{start}-{end}"


@task(difficulty="medium", inputs=[[3, 6, 10], [0, 5, 4], [5, 5, 4], [1, 3, 10], [2, 3, 10], [7, 10, 0]])
def progress_bar(done: int, total: int, width: int) -> str:
    """Draw a progress bar `width` characters wide between square brackets: the first
    done * width // total characters are "#" and the others are "-" (total > 0, 0 <= done <= total).

    >>> progress_bar(3, 6, 10)
    '[#####-----]'
    """
    filled = done * width // total
    return "[" + "#" * filled + "-" * (width - filled) + "]"


@task(difficulty="easy", inputs=[["Ada", "Lovelace"], ["", "Smith"], ["Jo", ""], ["Mary Ann", "Evans"], ["x", "y"]])
def last_name_first(first: str, last: str) -> str:
    """Write a person's name surname first, as "<last>, <first>".

    >>> last_name_first("Ada", "Lovelace")
    'Lovelace, Ada'
    """
    return f"{last}, {first}"


@task(difficulty="medium", inputs=[[["a", "b"]], [[]], [["only"]], [["x", "", "z"]], [["Name", "Age", "City"]]])
def table_row(cells: list) -> str:
    """Lay out the strings in `cells` as one row of a text table: each cell with a space on both sides,
    and a "|" before the first cell, between cells and after the last cell. No cells give "|".

    >>> table_row(["a", "b"])
    '| a | b |'
    """
    return "|" + "".join(f" {cell} |" for cell in cells)


@task(difficulty="easy", inputs=[[3], [0], [1], [2], [100]])
def days_left_message(days: int) -> str:
    """Tell how many days remain until an event (days >= 0): "Today!" for 0, "1 day left" for 1, and
    "<days> days left" otherwise.

    >>> days_left_message(3)
    '3 days left'
    """
    if days == 0:
        return "Today!"
    if days == 1:
        return "1 day left"
    return f"{days} days left"
