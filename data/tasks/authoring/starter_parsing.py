"""Starter tier of the task family `parsing`: reading a number, a field or a short list out of a string.

Each task is a line or three a beginner writes with split, strip, int and float; the suite's `parsing`
family holds the harder ones. Every fourth task (index % 4 == 3) is held out.
Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_parsing.jsonl.
"""

from _task import task

FAMILY = "parsing"
TIER = "starter"


@task(difficulty="easy", inputs=[["$4.50"], [" $12 "], ["$0.99"], ["$0"], ["$1000.25"], ["$.5"]])
def parse_price_tag(tag: str) -> float:
    """Read a price tag such as "$4.50" and return the amount as a float. The tag is a dollar sign
    followed by the number, possibly with spaces around it.

    >>> parse_price_tag("$4.50")
    4.5
    """
    return float(tag.strip()[1:])


@task(
    difficulty="easy",
    inputs=[
        ["Content-Type: text/html"],
        ["Host:example.com:8080"],
        ["no colon here"],
        [""],
        ["X-Empty:   "],
        ["  Date :  Mon, 1 Jan  "],
    ],
)
def header_value(line: str) -> str:
    """Return the value of a header line written "Name: value": everything after the first colon,
    with the spaces around it removed. A line without a colon gives "".

    >>> header_value("Content-Type: text/html")
    'text/html'
    """
    if ":" not in line:
        return ""
    return line.split(":", 1)[1].strip()


@task(difficulty="easy", inputs=[["3, 4,5"], [""], ["7"], ["-2, 2"], [" 10 , 20 , -5 "], ["0,0,0"]])
def csv_number_total(text: str) -> int:
    """Add up the whole numbers listed in `text`, which are separated by commas and may have spaces
    next to them. An empty string gives 0.

    >>> csv_number_total("3, 4,5")
    12
    """
    if not text.strip():
        return 0
    return sum(int(part) for part in text.split(","))


@task(difficulty="easy", inputs=[["3,-4"], ["0,0"], [" 12 , 7 "], ["-1,-1"], ["100,0"]])
def parse_point(text: str) -> list:
    """Read a point written as "x,y" (two integers and a comma, spaces allowed) and return [x, y].

    >>> parse_point("3,-4")
    [3, -4]
    """
    x, y = text.split(",")
    return [int(x), int(y)]


@task(difficulty="easy", inputs=[["3x4"], ["1920x1080"], ["0x5"], ["7X7"], ["1x1"], ["10x0"]])
def area_from_size(size: str) -> int:
    """A size is written "WIDTHxHEIGHT" with whole numbers, such as "1920x1080"; the "x" may also be a
    capital "X". Return the area, width times height.

    >>> area_from_size("3x4")
    12
    """
    width, height = size.lower().split("x")
    return int(width) * int(height)


@task(difficulty="easy", inputs=[["Ann@Example.com"], ["bob@mail.co.uk"], ["no-at-sign"], [""], ["x@"], ["@Host.ORG"]])
def email_domain(address: str) -> str:
    """Return the domain of an e-mail address, the part after the "@" sign, in lower case. An address
    has at most one "@"; without one the result is "".

    >>> email_domain("Ann@Example.com")
    'example.com'
    """
    return address.partition("@")[2].lower()


@task(difficulty="easy", inputs=[["2024-03-15"], ["1999-12-31"], ["2000-01-01"], ["0042-07-04"], ["2023-10-09"]])
def date_parts(date: str) -> list:
    """Split a date written "YYYY-MM-DD" into the integers [year, month, day].

    >>> date_parts("2024-03-15")
    [2024, 3, 15]
    """
    return [int(part) for part in date.split("-")]


@task(difficulty="easy", inputs=[["/home/ann/notes.txt"], ["notes.txt"], ["docs/"], [""], ["a/b/c"], ["/"]])
def last_path_part(path: str) -> str:
    """Return what follows the last "/" in a path such as "/home/ann/notes.txt"; a path without "/"
    is returned whole, and a path ending in "/" gives "".

    >>> last_path_part("/home/ann/notes.txt")
    'notes.txt'
    """
    return path.split("/")[-1]


@task(difficulty="easy", inputs=[["10110"], [""], ["0"], ["1021"], ["1 0"], ["111111"], ["abc"]])
def is_binary_string(text: str) -> bool:
    """Decide whether `text` is written in binary: it has at least one character, and only the
    characters "0" and "1".

    >>> is_binary_string("10110")
    True
    """
    return text != "" and all(c in "01" for c in text)


@task(difficulty="easy", inputs=[["1011"], ["0"], ["1"], ["11111111"], ["0001"], ["100000"]])
def binary_to_int(bits: str) -> int:
    """Convert a string of binary digits to the number it stands for: "1011" is 8 + 2 + 1 = 11.

    >>> binary_to_int("1011")
    11
    """
    return int(bits, 2)


@task(
    difficulty="easy",
    inputs=[["https://example.org/page"], ["ftp://files.net"], ["example.org"], [""], ["://x"], ["mailto:ann@x.org"]],
)
def url_scheme(url: str) -> str:
    """Return the scheme of a web address, the text before "://", such as "https". An address without
    "://" gives "".

    >>> url_scheme("https://example.org/page")
    'https'
    """
    if "://" not in url:
        return ""
    return url.split("://")[0]


@task(difficulty="easy", inputs=[["3.11.2"], ["10"], ["0.9"], ["12.0.1.5"], ["2.7"]])
def major_version(version: str) -> int:
    """Return the first number of a version string made of numbers joined by dots, such as "3.11.2".

    >>> major_version("3.11.2")
    3
    """
    return int(version.split(".")[0])


@task(
    difficulty="medium",
    inputs=[
        ["fun at the #beach with #friends"],
        [""],
        ["no tags"],
        ["# alone #ok"],
        ["#one#two #three"],
        ["#a #b #c"],
    ],
)
def hashtags(text: str) -> list:
    """Return the hashtags of `text`: the space-separated words that start with "#", without their
    "#", in order. A "#" on its own is not a hashtag.

    >>> hashtags("fun at the #beach with #friends")
    ['beach', 'friends']
    """
    return [word[1:] for word in text.split() if word.startswith("#") and len(word) > 1]


@task(
    difficulty="medium",
    inputs=[["apples=3;pears=5"], [""], ["x=10"], ["a=-4;b=4"], ["a=1;b=2;c=3;d=4"], ["big=1000;small=1"]],
)
def key_value_total(text: str) -> int:
    """`text` holds entries "name=number" separated by semicolons, such as "a=1;b=2". Return the sum
    of the numbers. An empty string gives 0.

    >>> key_value_total("apples=3;pears=5")
    8
    """
    total = 0
    for entry in text.split(";"):
        if entry:
            total += int(entry.split("=")[1])
    return total


@task(difficulty="easy", inputs=[["14:30"], ["00:00"], ["23:59"], ["09:05"], ["12:00"], ["00:01"]])
def minutes_since_midnight(clock: str) -> int:
    """Convert a 24-hour time "HH:MM" to the number of minutes that have passed since midnight.

    >>> minutes_since_midnight("14:30")
    870
    """
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@task(difficulty="medium", inputs=[["212F"], ["21.5C"], ["32F"], ["-40F"], ["0C"], ["50F"], ["-3C"]])
def reading_in_celsius(reading: str) -> float:
    """A thermometer reading is a number followed by "C" (Celsius) or "F" (Fahrenheit), such as
    "21.5C" or "212F". Return the temperature in degrees Celsius as a float; a Fahrenheit value f is
    (f - 32) * 5 / 9 degrees Celsius.

    >>> reading_in_celsius("212F")
    100.0
    """
    value = float(reading[:-1])
    if reading.endswith("F"):
        return (value - 32) * 5 / 9
    return value
