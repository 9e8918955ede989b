"""Task family `text_formatting`: dates, times, numbers and text laid out for people to read.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into codegen_rlhf/data/tasks/text_formatting.jsonl.
"""

from _task import task

FAMILY = "text_formatting"


@task(difficulty="easy", inputs=[[42, 5], [-7, 4], [0, 1], [12345, 3], [5, 0], [-123, 4]])
def zero_pad(n: int, width: int) -> str:
    """Write the integer `n` with leading zeros so the result is at least `width` characters long.
    A minus sign counts towards the width and stays in front.

    >>> zero_pad(42, 5)
    '00042'
    >>> zero_pad(-7, 4)
    '-007'
    """
    return f"{n:0{width}d}"


@task(difficulty="easy", inputs=[[1234], [-5], [0], [100], [99], [123456789], [-100]])
def format_cents(cents: int) -> str:
    """Show an amount given in cents as dollars with two decimals, e.g. "$12.34". Negative amounts get
    the minus sign before the dollar sign.

    >>> format_cents(1234)
    '$12.34'
    >>> format_cents(-5)
    '-$0.05'
    """
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100}.{cents % 100:02d}"


@task(difficulty="easy", inputs=[[2024], [1900], [2000], [2023], [2100], [1600], [4]])
def is_leap_year(year: int) -> bool:
    """True for leap years of the Gregorian calendar: divisible by 4, except years divisible by 100,
    which are leap years only when also divisible by 400.

    >>> is_leap_year(2024)
    True
    >>> is_leap_year(1900)
    False
    """
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@task(
    difficulty="easy",
    inputs=[[2023, 2], [2024, 4], [2024, 2], [1900, 2], [2000, 2], [2023, 12], [2023, 1], [2023, 9]],
)
def days_in_month(year: int, month: int) -> int:
    """Number of days in `month` (1-12) of `year` in the Gregorian calendar.

    >>> days_in_month(2023, 2)
    28
    >>> days_in_month(2024, 4)
    30
    """
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


@task(
    difficulty="easy",
    inputs=[["hi", 7, "*"], ["", 3, "-"], ["long text", 4, "."], ["ab", 4, " "], ["é", 2, "·"], ["abc", 3, "x"]],
)
def pad_center(text: str, width: int, fill: str) -> str:
    """Center `text` in a field of `width` characters using the one-character string `fill`. If the
    padding cannot be split evenly, the extra character goes on the right. Text longer than `width`
    is returned unchanged.

    >>> pad_center("hi", 7, "*")
    '**hi***'
    """
    total = max(0, width - len(text))
    left = total // 2
    return fill * left + text + fill * (total - left)


@task(difficulty="easy", inputs=[[3725], [0], [59], [60], [3600], [86399], [360000]])
def seconds_to_clock(seconds: int) -> str:
    """Format a non-negative number of seconds as "H:MM:SS": hours are not padded and may exceed 23,
    minutes and seconds always take two digits.

    >>> seconds_to_clock(3725)
    '1:02:05'
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


@task(difficulty="easy", inputs=[[22], [113], [1], [2], [3], [4], [11], [0], [101], [1012]])
def with_ordinal(n: int) -> str:
    """Append the English ordinal suffix to a non-negative integer: 1st, 2nd, 3rd, 4th, ..., with 11th,
    12th and 13th (and 111th, 212th, ...) as exceptions.

    >>> with_ordinal(22)
    '22nd'
    >>> with_ordinal(113)
    '113th'
    """
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


@task(
    difficulty="easy",
    inputs=[["The quick brown fox", 10], ["", 3], ["abc", 3], ["abcd", 3], ["exactly ten", 11], ["ünïcödé text", 8]],
)
def shorten(text: str, limit: int) -> str:
    """Return `text` unchanged if it has at most `limit` characters; otherwise cut it so that, with
    "..." appended, the result is exactly `limit` characters long. `limit` is at least 3.

    >>> shorten("The quick brown fox", 10)
    'The qui...'
    """
    if len(text) <= limit:
        return text
    return text[:limit - 3] + "..."


@task(difficulty="easy", inputs=[["13:05"], ["00:30"], ["12:00"], ["11:59"], ["23:59"], ["09:07"]])
def to_twelve_hour(hhmm: str) -> str:
    """Convert a 24-hour time "HH:MM" to 12-hour form "h:MM AM" or "h:MM PM" (no leading zero on the
    hour; 00:xx is 12 AM and 12:xx is 12 PM).

    >>> to_twelve_hour("13:05")
    '1:05 PM'
    >>> to_twelve_hour("00:30")
    '12:30 AM'
    """
    hours, minutes = hhmm.split(":")
    h = int(hours)
    marker = "AM" if h < 12 else "PM"
    return f"{h % 12 or 12}:{minutes} {marker}"


@task(difficulty="easy", inputs=[[2024, 3, 7], [1, 1, 1], [1999, 12, 31], [2000, 10, 10], [987, 6, 5]])
def iso_date(year: int, month: int, day: int) -> str:
    """Write a date as "YYYY-MM-DD" with zero-padded month and day (and the year padded to four digits).

    >>> iso_date(2024, 3, 7)
    '2024-03-07'
    """
    return f"{year:04d}-{month:02d}-{day:02d}"


@task(difficulty="easy", inputs=[[1, 8], [0, 5], [3, 0], [2, 3], [5, 4], [-1, 4]])
def percent_text(part: float, whole: float) -> str:
    """Express `part` as a percentage of `whole` with exactly one decimal and a percent sign. Return
    "n/a" when `whole` is zero.

    >>> percent_text(1, 8)
    '12.5%'
    """
    if whole == 0:
        return "n/a"
    return f"{100 * part / whole:.1f}%"


@task(difficulty="easy", inputs=[[["eggs", "milk"]], [[]], [[""]], [["one"]], [["ü", "ß", "ø"]]])
def bullet_lines(items: list) -> str:
    """Render `items` (strings) as a bulleted list: each item on its own line prefixed with "- ",
    lines joined by newlines, no trailing newline. An empty list gives "".

    >>> bullet_lines(["eggs", "milk"])
    '- eggs\n- milk'
    """
    return "\n".join("- " + item for item in items)


@task(
    difficulty="easy",
    inputs=[[2023, 3, 1], [2024, 3, 1], [2023, 1, 1], [2024, 12, 31], [2023, 12, 31], [1900, 3, 1], [2000, 3, 1]],
)
def day_of_year(year: int, month: int, day: int) -> int:
    """Return the position of the date within its year: January 1 is day 1 and December 31 is day 365,
    or 366 in leap years (Gregorian rules).

    >>> day_of_year(2023, 3, 1)
    60
    """
    lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        lengths[1] = 29
    return sum(lengths[:month - 1]) + day


@task(
    difficulty="medium",
    inputs=[[2024, 2, 29], [2000, 1, 1], [1970, 1, 1], [2023, 12, 25], [1999, 12, 31], [2024, 6, 2], [2024, 6, 3]],
)
def weekday_name(year: int, month: int, day: int) -> str:
    """Return the English name of the weekday ("Monday" ... "Sunday") on which the given Gregorian
    date falls.

    >>> weekday_name(2024, 2, 29)
    'Thursday'
    """
    import datetime

    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return names[datetime.date(year, month, day).weekday()]


@task(
    difficulty="medium",
    inputs=[
        ["2024-02-27", 3],
        ["2023-02-27", 3],
        ["2024-01-01", -1],
        ["2024-05-05", 0],
        ["1999-12-31", 1],
        ["2000-01-01", 366],
    ],
)
def shift_date(date: str, days: int) -> str:
    """Move the "YYYY-MM-DD" date `date` by `days` days (negative moves backwards) and return the new
    date in the same format.

    >>> shift_date("2024-02-27", 3)
    '2024-03-01'
    """
    import datetime

    start = datetime.date.fromisoformat(date)
    return (start + datetime.timedelta(days=days)).isoformat()


@task(
    difficulty="medium",
    inputs=[
        ["2024-03-01", "2024-02-01"],
        ["2023-03-01", "2023-02-01"],
        ["2020-05-05", "2020-05-05"],
        ["1999-12-31", "2000-01-01"],
        ["2000-01-01", "2100-01-01"],
    ],
)
def days_apart(first: str, second: str) -> int:
    """Number of days between two "YYYY-MM-DD" dates, never negative, whichever comes first.

    >>> days_apart("2024-03-01", "2024-02-01")
    29
    """
    import datetime

    a = datetime.date.fromisoformat(first)
    b = datetime.date.fromisoformat(second)
    return abs((a - b).days)


@task(difficulty="medium", inputs=[[1234567], [-1000], [0], [999], [1000], [-12], [10 ** 15]])
def group_thousands(n: int) -> str:
    """Write an integer with commas between groups of three digits, counting from the right.

    >>> group_thousands(1234567)
    '1,234,567'
    >>> group_thousands(-1000)
    '-1,000'
    """
    digits = str(abs(n))
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if n < 0 else "") + ",".join(groups)


@task(difficulty="medium", inputs=[[512], [1536], [0], [1023], [1024], [1048576], [5 * 1024 ** 3], [3 * 1024 ** 5]])
def readable_size(num_bytes: int) -> str:
    """Format a byte count for people: below 1024 as "<n> B"; otherwise divide by 1024 until the value
    is below 1024 (or the unit is TB) and show one decimal with the unit KB, MB, GB or TB.

    >>> readable_size(512)
    '512 B'
    >>> readable_size(1536)
    '1.5 KB'
    """
    if num_bytes < 1024:
        return f"{num_bytes} B"
    value = float(num_bytes)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"


@task(
    difficulty="medium",
    inputs=[
        ["the cat sat on the mat", 7],
        ["", 5],
        ["extraordinary cat", 5],
        ["a b c", 3],
        ["one two", 7],
        ["a b c d", 1],
    ],
)
def wrap_words(text: str, width: int) -> list:
    """Break the words of `text` into lines of at most `width` characters, filling each line greedily
    with as many whole words as fit (separated by single spaces). A word longer than `width` gets a
    line of its own. Return the lines.

    >>> wrap_words("the cat sat on the mat", 7)
    ['the cat', 'sat on', 'the mat']
    """
    lines = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


@task(
    difficulty="hard",
    inputs=[
        [[["name", "qty"], ["apple", "3"]]],
        [[]],
        [[["a"]]],
        [[["x", ""], ["", "y"]]],
        [[["id", "city", "n"], ["1", "Zürich", "10"], ["22", "Oslo", "7"]]],
    ],
)
def align_table(rows: list) -> list:
    """Lay out a table given as a list of rows (lists of strings, all the same length): pad every cell
    with spaces on the right to the width of the widest cell in its column, separate cells with
    " | ", and strip trailing spaces from each line. Return the lines.

    >>> align_table([["name", "qty"], ["apple", "3"]])
    ['name  | qty', 'apple | 3']
    """
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return [" | ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


@task(difficulty="medium", inputs=[[125], [0], [59], [60], [3599], [3600], [7200], [86399], [86400], [10 ** 7]])
def time_ago(seconds: int) -> str:
    """Describe how long ago something happened: under 60 seconds is "just now"; otherwise use the
    largest whole unit among minutes, hours and days, as in "1 minute ago", "5 hours ago",
    "3 days ago" (singular only for exactly 1).

    >>> time_ago(125)
    '2 minutes ago'
    """
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"


@task(
    difficulty="medium",
    inputs=[[3, "box"], [2, "city"], [1, "city"], [0, "apple"], [2, "day"], [5, "church"], [2, "dish"], [7, "quiz"]],
)
def count_with_noun(n: int, noun: str) -> str:
    """Write "<n> <noun>" with the noun pluralised when n is not 1, using these rules: nouns ending in
    s, x, z, ch or sh add "es"; nouns ending in a consonant followed by y change the y to "ies";
    all other nouns add "s".

    >>> count_with_noun(3, "box")
    '3 boxes'
    >>> count_with_noun(2, "city")
    '2 cities'
    """
    if n == 1:
        return f"1 {noun}"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        plural = noun + "es"
    elif noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        plural = noun[:-1] + "ies"
    else:
        plural = noun + "s"
    return f"{n} {plural}"


@task(difficulty="hard", inputs=[[342], [12000], [0], [7], [13], [20], [99], [100], [1005], [999999], [110011]])
def number_in_words(n: int) -> str:
    """Spell out an integer from 0 to 999999 in English words, in lower case, without "and", using
    hyphens for 21-99 compounds: 342 is "three hundred forty-two", 1005 is "one thousand five".

    >>> number_in_words(342)
    'three hundred forty-two'
    >>> number_in_words(12000)
    'twelve thousand'
    """
    ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def below_thousand(k):
        words = []
        if k >= 100:
            words.append(ones[k // 100] + " hundred")
            k %= 100
        if k >= 20:
            words.append(tens[k // 10] + ("-" + ones[k % 10] if k % 10 else ""))
        elif k > 0:
            words.append(ones[k])
        return " ".join(words)

    if n == 0:
        return "zero"
    parts = []
    if n >= 1000:
        parts.append(below_thousand(n // 1000) + " thousand")
    if n % 1000:
        parts.append(below_thousand(n % 1000))
    return " ".join(parts)


@task(difficulty="hard", inputs=[[3725], [0], [1], [121], [3600], [3601], [7322], [86400]])
def spell_duration(seconds: int) -> str:
    """Describe a non-negative number of seconds in hours, minutes and seconds, leaving out zero parts:
    "1 hour, 2 minutes and 5 seconds", "2 minutes and 1 second", "3 hours". Use singular for 1,
    separate the last two parts with " and " and earlier ones with ", ". Zero is "0 seconds".

    >>> spell_duration(3725)
    '1 hour, 2 minutes and 5 seconds'
    """
    if seconds == 0:
        return "0 seconds"
    parts = []
    for size, unit in ((3600, "hour"), (60, "minute"), (1, "second")):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@task(
    difficulty="hard",
    inputs=[
        [2024, 11, 3, 4],
        [2024, 2, 3, 5],
        [2024, 2, 4, 5],
        [2023, 1, 6, 1],
        [2023, 1, 0, 1],
        [2024, 5, 0, 5],
        [2024, 9, 0, 1],
    ],
)
def nth_weekday_of_month(year: int, month: int, weekday: int, n: int):
    """Return the day of the month of the n-th occurrence (n >= 1) of `weekday` (0 = Monday ...
    6 = Sunday) in the given month, or None if the month has fewer than n such days.

    >>> nth_weekday_of_month(2024, 11, 3, 4)
    28
    """
    import calendar
    import datetime

    first = datetime.date(year, month, 1).weekday()
    day = 1 + (weekday - first) % 7 + 7 * (n - 1)
    return day if day <= calendar.monthrange(year, month)[1] else None


@task(
    difficulty="medium",
    inputs=[["555.867.5309"], [""], ["123456789"], ["12345678901"], ["(800) 555 0000"], ["tel: 212-555-0199 "]],
)
def format_phone(text: str) -> str:
    """Keep only the ASCII digits of `text`. If exactly ten remain, format them as "(AAA) BBB-CCCC";
    otherwise return "".

    >>> format_phone("555.867.5309")
    '(555) 867-5309'
    """
    digits = "".join(c for c in text if c in "0123456789")
    if len(digits) != 10:
        return ""
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


@task(
    difficulty="hard",
    inputs=[
        [["Pack", "my", "box", "with", "five", "jugs"], 12],
        [[], 5],
        [["one"], 5],
        [["a", "b", "c", "d"], 3],
        [["a", "considerable", "gap", "in", "the", "lines"], 11],
        [["ab", "cd", "ef"], 6],
    ],
)
def justify_words(words: list, width: int) -> list:
    """Fully justify text: pack the words greedily into lines of at most `width` characters (one
    space at least between words), then widen the gaps of every line except the last so it is exactly
    `width` long, giving leftmost gaps the extra spaces when they cannot be shared evenly. A line with
    one word and the last line are left-aligned and padded with spaces to `width`. Every word is at
    most `width` long.

    >>> justify_words(["Pack", "my", "box", "with", "five", "jugs"], 12)
    ['Pack  my box', 'with    five', 'jugs        ']
    """
    lines, current = [], []
    for word in words:
        if current and len(" ".join(current + [word])) > width:
            lines.append(current)
            current = []
        current.append(word)
    if current:
        lines.append(current)
    out = []
    for i, line in enumerate(lines):
        if i == len(lines) - 1 or len(line) == 1:
            out.append(" ".join(line).ljust(width))
            continue
        spaces = width - sum(len(w) for w in line)
        gaps = len(line) - 1
        text = ""
        for j, w in enumerate(line[:-1]):
            text += w + " " * (spaces // gaps + (1 if j < spaces % gaps else 0))
        out.append(text + line[-1])
    return out


@task(
    difficulty="medium",
    inputs=[
        ["2000-06-15", "2024-06-14"],
        ["2000-06-15", "2024-06-15"],
        ["2000-02-29", "2023-02-28"],
        ["2000-02-29", "2023-03-01"],
        ["2010-01-01", "2010-01-01"],
        ["1990-12-31", "2025-01-01"],
    ],
)
def age_on(birth: str, on: str) -> int:
    """Age in whole years on the date `on` of someone born on `birth` (both "YYYY-MM-DD"). The age goes
    up on the birthday itself; for people born on February 29 it goes up on March 1 in other years.

    >>> age_on("2000-06-15", "2024-06-14")
    23
    """
    by, bm, bd = (int(x) for x in birth.split("-"))
    y, m, d = (int(x) for x in on.split("-"))
    return y - by - ((m, d) < (bm, bd))


@task(
    difficulty="hard",
    inputs=[
        ["2024-06-03", "2024-06-17"],
        ["2024-06-17", "2024-06-03"],
        ["2024-06-08", "2024-06-10"],
        ["2024-06-07", "2024-06-08"],
        ["2024-01-01", "2025-01-01"],
        ["2024-06-05", "2024-06-05"],
    ],
)
def count_weekdays(start: str, end: str) -> int:
    """Count the dates d with start <= d < end (both "YYYY-MM-DD") that fall on Monday to Friday.
    Return 0 when end is not after start.

    >>> count_weekdays("2024-06-03", "2024-06-17")
    10
    """
    import datetime

    a = datetime.date.fromisoformat(start)
    b = datetime.date.fromisoformat(end)
    count = 0
    while a < b:
        if a.weekday() < 5:
            count += 1
        a += datetime.timedelta(days=1)
    return count


@task(
    difficulty="medium",
    inputs=[[["red", "green", "blue"]], [[]], [["solo"]], [["a", "b"]], [["w", "x", "y", "z"]], [["ä", "ö"]]],
)
def english_list(items: list) -> str:
    """Join words the way a sentence lists them: "" for none, "a" for one, "a and b" for two, and
    "a, b and c" for three or more.

    >>> english_list(["red", "green", "blue"])
    'red, green and blue'
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@task(
    difficulty="medium",
    inputs=[["23:50", "00:10"], ["08:00", "08:00"], ["08:00", "17:30"], ["00:00", "23:59"], ["12:01", "12:00"]],
)
def minutes_between_clock_times(start: str, end: str) -> int:
    """Minutes from the 24-hour time `start` ("HH:MM") forward to `end`, wrapping past midnight when
    `end` is earlier in the day. Equal times give 0.

    >>> minutes_between_clock_times("23:50", "00:10")
    20
    """
    sh, sm = (int(x) for x in start.split(":"))
    eh, em = (int(x) for x in end.split(":"))
    return ((eh * 60 + em) - (sh * 60 + sm)) % 1440


@task(
    difficulty="easy",
    inputs=[
        ["2024-05-09"],
        ["2024-01-01"],
        ["2024-03-31"],
        ["2024-04-01"],
        ["1999-12-31"],
        ["2023-09-30"],
        ["2023-10-01"],
    ],
)
def quarter_label(date: str) -> str:
    """Return the calendar quarter of a "YYYY-MM-DD" date as "YYYY-Qn" (January-March is Q1).

    >>> quarter_label("2024-05-09")
    '2024-Q2'
    """
    year, month = date.split("-")[:2]
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


@task(
    difficulty="medium",
    float_tol=1e-6,
    inputs=[[3, 30], [12, 0], [0, 0], [9, 0], [6, 0], [15, 45], [23, 59], [1, 5]],
)
def clock_hands_angle(hour: int, minute: int) -> float:
    """The smaller angle in degrees between the hour and minute hands of an analog clock showing
    hour:minute (hour 0-23; the hour hand moves smoothly as minutes pass).

    >>> clock_hands_angle(3, 30)
    75.0
    """
    hour_angle = (hour % 12) * 30 + minute * 0.5
    minute_angle = minute * 6
    diff = abs(hour_angle - minute_angle)
    return min(diff, 360 - diff)


@task(difficulty="medium", inputs=[[93784], [172800], [0], [59], [3600], [86401], [7260], [10 ** 7]])
def iso_duration(seconds: int) -> str:
    """Write a non-negative number of seconds as an ISO 8601 duration "P<d>DT<h>H<m>M<s>S", leaving
    out parts that are zero, and the "T" when hours, minutes and seconds are all zero. Zero seconds
    is "PT0S".

    >>> iso_duration(93784)
    'P1DT2H3M4S'
    >>> iso_duration(172800)
    'P2D'
    """
    if seconds == 0:
        return "PT0S"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    time_part = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return text + ("T" + time_part if time_part else "")


@task(difficulty="hard", inputs=[[2024, 2], [2021, 2], [2024, 9], [2023, 1], [2024, 12], [2026, 3]])
def month_grid(year: int, month: int) -> list:
    """Lay out a month as calendar weeks, Monday first. Each week is one string of seven cells joined by
    single spaces, where a cell is the day number right-aligned in two characters, or two spaces for
    days outside the month; trailing spaces are removed from each week.

    >>> month_grid(2024, 2)
    ['          1  2  3  4', ' 5  6  7  8  9 10 11', '12 13 14 15 16 17 18', '19 20 21 22 23 24 25', '26 27 28 29']
    """
    import calendar
    import datetime

    first = datetime.date(year, month, 1).weekday()
    days = calendar.monthrange(year, month)[1]
    cells = ["  "] * first + [f"{d:2d}" for d in range(1, days + 1)]
    cells += ["  "] * (-len(cells) % 7)
    return [" ".join(cells[i:i + 7]).rstrip() for i in range(0, len(cells), 7)]
