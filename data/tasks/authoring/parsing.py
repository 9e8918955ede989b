"""Task family `parsing`: reading numbers, fields, expressions and small formats out of text.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into codegen_rlhf/data/tasks/parsing.jsonl.
"""

from _task import task

FAMILY = "parsing"


@task(
    difficulty="easy",
    inputs=[["4, -7,12"], [""], ["   "], ["0"], [" 1 , 2 , 3 "], ["123456789012345678901234567890"]],
)
def parse_int_list(text: str) -> list:
    """Read comma-separated integers (spaces around them allowed) into a list of ints. An empty or
    blank string gives [].

    >>> parse_int_list("4, -7,12")
    [4, -7, 12]
    """
    if not text.strip():
        return []
    return [int(part) for part in text.split(",")]


@task(difficulty="easy", inputs=[["Room 101, floor 3"], [""], ["no digits"], ["0000"], ["٣ 3"], ["a1b2c3d4e5"]])
def count_digit_chars(text: str) -> int:
    """Count the characters of `text` that are ASCII digits 0-9.

    >>> count_digit_chars("Room 101, floor 3")
    4
    """
    return sum(1 for c in text if "0" <= c <= "9")


@task(difficulty="easy", inputs=[["x=-3, y=14 and z=7"], [""], ["none here"], ["- 5"], ["007 and 10"], ["a-1-2"]])
def extract_integers(text: str) -> list:
    """Return every integer written in `text`, in order. An integer is a run of digits, optionally
    preceded directly by a minus sign.

    >>> extract_integers("x=-3, y=14 and z=7")
    [-3, 14, 7]
    """
    import re

    return [int(m) for m in re.findall(r"-?[0-9]+", text)]


@task(difficulty="easy", inputs=[["max_value2"], ["maxValue"], [""], ["2fast"], ["_private"], ["café"], ["with space"]])
def is_snake_case(name: str) -> bool:
    """True when `name` is non-empty, uses only lower-case ASCII letters, digits and underscores, and
    does not start with a digit.

    >>> is_snake_case("max_value2")
    True
    >>> is_snake_case("maxValue")
    False
    """
    allowed = "abcdefghijklmnopqrstuvwxyz0123456789_"
    return name != "" and not name[0].isdigit() and all(c in allowed for c in name)


@task(difficulty="easy", inputs=[[" color = dark = blue "], [""], ["flag"], ["x="], ["=y"], ["ключ = значение"]])
def split_assignment(line: str) -> list:
    """Split a "name = value" line at the first '=' sign and return [name, value] with surrounding
    spaces removed from both. A line without '=' gives [line stripped, ""].

    >>> split_assignment(" color = dark = blue ")
    ['color', 'dark = blue']
    """
    name, _, value = line.partition("=")
    return [name.strip(), value.strip()]


@task(difficulty="easy", inputs=[["  YES "], ["maybe"], [""], ["n"], ["False"], ["1"], ["0"], ["yes!"]])
def parse_yes_no(answer: str):
    """Interpret a yes/no answer, ignoring case and surrounding spaces: "y", "yes", "true", "1" give
    True; "n", "no", "false", "0" give False; anything else gives None.

    >>> parse_yes_no("  YES ")
    True
    >>> parse_yes_no("maybe")
    """
    word = answer.strip().lower()
    if word in ("y", "yes", "true", "1"):
        return True
    if word in ("n", "no", "false", "0"):
        return False
    return None


@task(difficulty="easy", inputs=[["a12b3"], [""], ["abc"], ["999"], ["-5 and 5"], ["½ 1"]])
def digit_sum_in_text(text: str) -> int:
    """Add up every ASCII digit character that appears in `text`, each digit on its own.

    >>> digit_sum_in_text("a12b3")
    6
    """
    return sum(int(c) for c in text if c in "0123456789")


@task(
    difficulty="easy",
    inputs=[["Archive.TAR.GZ"], [".profile"], [""], ["README"], ["notes."], ["photo.JPEG"], [".config.yml"]],
)
def file_extension(filename: str) -> str:
    """Return the text after the last dot of `filename`, lower-cased. Return "" when there is no dot,
    or when the only dot is the first character (hidden files such as ".profile").

    >>> file_extension("Archive.TAR.GZ")
    'gz'
    >>> file_extension(".profile")
    ''
    """
    dot = filename.rfind(".")
    if dot <= 0:
        return ""
    return filename[dot + 1:].lower()


@task(difficulty="easy", inputs=[["a\n\n  \nb\n"], [""], ["\n\n"], ["one line"], ["x\ny\nz"], ["\t\n  x"]])
def count_nonblank_lines(text: str) -> int:
    """Count the lines of `text` that contain at least one non-whitespace character.

    >>> count_nonblank_lines("a\n\n  \nb\n")
    2
    """
    return sum(1 for line in text.splitlines() if line.strip())


@task(
    difficulty="easy",
    inputs=[["a ; b;;c ", ";"], ["", ","], ["x", ","], [" 1 | 2 ", "|"], ["a::b", "::"], ["é,è", ","]],
)
def split_fields(row: str, sep: str) -> list:
    """Split `row` at every occurrence of the separator `sep` and strip spaces from each field.
    An empty row still has one (empty) field.

    >>> split_fields("a ; b;;c ", ";")
    ['a', 'b', '', 'c']
    """
    return [field.strip() for field in row.split(sep)]


@task(difficulty="easy", inputs=[["0xFF"], ["0"], ["-1a"], ["ABCDEF"], ["0X10"], ["ffffffffffffffffffff"]])
def hex_value(text: str) -> int:
    """Convert a hexadecimal string to an int. Letters may be in either case and an optional "0x" or
    "0X" prefix is allowed; a leading '-' makes the number negative.

    >>> hex_value("0xFF")
    255
    """
    return int(text, 16)


@task(difficulty="medium", inputs=[["a=1&b=2&a=3"], [""], ["flag"], ["x=&&y=2"], ["k=v=w"], ["q=é&q=ü"]])
def parse_query(query: str) -> dict:
    """Parse a URL query string such as "a=1&b=2&a=3" into a dictionary that maps each name to the list
    of its values in order. A part without '=' has the value "". Empty parts are skipped.

    >>> parse_query("a=1&b=2&a=3")
    {'a': ['1', '3'], 'b': ['2']}
    """
    result = {}
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        result.setdefault(name, []).append(value)
    return result


@task(
    difficulty="medium",
    inputs=[
        [["5", "3", "-", "4", "*"]],
        [["7", "-2", "/"]],
        [["42"]],
        [["9", "20", "6", "/", "+"]],
        [["5", "8", "-"]],
        [["-7", "2", "/"]],
        [["8", "2", "5", "*", "-", "-3", "/", "6", "+"]],
    ],
)
def evaluate_postfix(tokens: list) -> int:
    """Evaluate an arithmetic expression in postfix order (operands first, then the operator), given as
    a list of tokens: integers as strings and the operators "+", "-", "*", "/". Division truncates
    toward zero.

    >>> evaluate_postfix(["5", "3", "-", "4", "*"])
    8
    >>> evaluate_postfix(["7", "-2", "/"])
    -3
    """
    stack = []
    for tok in tokens:
        if tok in ("+", "-", "*", "/"):
            b = stack.pop()
            a = stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                stack.append(abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1))
        else:
            stack.append(int(tok))
    return stack[0]


@task(
    difficulty="medium",
    inputs=[["f(a[1], {b: 2})"], ["([)]"], [""], ["((("], ["}"], ["{[()()]}"], ["no brackets"], ["(]"]],
)
def brackets_balanced(text: str) -> bool:
    """Check the round (), square [] and curly {} brackets in `text`: every opening bracket must be
    closed by the matching kind, in the right nesting order. Other characters are ignored.

    >>> brackets_balanced("f(a[1], {b: 2})")
    True
    >>> brackets_balanced("([)]")
    False
    """
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for c in text:
        if c in "([{":
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack


@task(difficulty="medium", inputs=[["1h30m15s"], [""], ["45s"], ["2d"], ["10m1h"], ["0h0m0s"], ["100h"]])
def duration_seconds(text: str) -> int:
    """Convert a duration such as "1h30m15s" to seconds. It is a sequence of numbers each followed by a
    unit letter: d (days), h (hours), m (minutes) or s (seconds), in any order. "" is 0.

    >>> duration_seconds("1h30m15s")
    5415
    """
    import re

    unit = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(int(n) * unit[u] for n, u in re.findall(r"([0-9]+)([dhms])", text))


@task(difficulty="medium", inputs=[["MMCDXLIX"], ["I"], ["IV"], ["XL"], ["MMMCMXCIX"], ["LXXVII"], ["CMXC"]])
def roman_to_int(numeral: str) -> int:
    """Convert an upper-case Roman numeral (I, V, X, L, C, D, M, using the subtractive forms IV, IX,
    XL, XC, CD, CM) to its integer value.

    >>> roman_to_int("MMCDXLIX")
    2449
    """
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, c in enumerate(numeral):
        if i + 1 < len(numeral) and values[c] < values[numeral[i + 1]]:
            total -= values[c]
        else:
            total += values[c]
    return total


@task(
    difficulty="medium",
    inputs=[["1.2.10", "1.2.9"], ["2.0", "2"], ["1.0.1", "1.1"], ["3", "3.0.0.1"], ["10.0", "9.9.9"], ["0.0", "0"]],
)
def compare_versions(a: str, b: str) -> int:
    """Compare two dotted version strings such as "1.10.2" numerically, part by part; missing parts
    count as 0. Return -1 if `a` is older, 1 if it is newer, 0 if they are the same version.

    >>> compare_versions("1.2.10", "1.2.9")
    1
    >>> compare_versions("2.0", "2")
    0
    """
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    n = max(len(pa), len(pb))
    pa += [0] * (n - len(pa))
    pb += [0] * (n - len(pb))
    return (pa > pb) - (pa < pb)


@task(difficulty="medium", inputs=[["3+(42 * 7)"], [""], ["   "], ["12345"], ["(1)-(2)"], ["8/ 2 *3"]])
def tokenize_arithmetic(expr: str) -> list:
    """Split an arithmetic expression into tokens: runs of digits are one token, each of + - * / ( )
    is a token of its own, and spaces are dropped.

    >>> tokenize_arithmetic("3+(42 * 7)")
    ['3', '+', '(', '42', '*', '7', ')']
    """
    tokens = []
    number = ""
    for c in expr:
        if c.isdigit():
            number += c
            continue
        if number:
            tokens.append(number)
            number = ""
        if c in "+-*/()":
            tokens.append(c)
    if number:
        tokens.append(number)
    return tokens


@task(
    difficulty="medium",
    inputs=[
        ["[db]\nhost = local\n; note\nport=5432\n"],
        [""],
        ["x=1\n[a]\ny = 2"],
        ["[empty]\n# c\n"],
        ["[a]\nk=1\n[b]\nk=2\n[a]\nj=3"],
        ["[s]\nurl = a=b\n"],
    ],
)
def parse_ini(text: str) -> dict:
    """Read a small INI file: "[name]" lines start a section, "key = value" lines add an entry to the
    current section (keys and values stripped), and blank lines or lines starting with ';' or '#' are
    ignored. Entries before any section go into a section named "". Returns section -> {key: value}.

    >>> parse_ini("[db]\nhost = local\n; note\nport=5432\n")
    {'db': {'host': 'local', 'port': '5432'}}
    """
    sections = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, {})
        elif "=" in line:
            key, _, value = line.partition("=")
            sections.setdefault(current, {})[key.strip()] = value.strip()
    return sections


@task(difficulty="medium", inputs=[["a3bc12"], [""], ["x"], ["z1"], ["a2b2"], ["é3"], ["q0r"]])
def expand_runs(code: str) -> str:
    """Undo a run-length code in which each character may be followed by a decimal count (possibly
    several digits) saying how many times it repeats; a character without a count appears once.

    >>> expand_runs("a3bc12")
    'aaabcccccccccccc'
    """
    out = []
    i = 0
    while i < len(code):
        ch = code[i]
        j = i + 1
        while j < len(code) and code[j].isdigit():
            j += 1
        out.append(ch * (int(code[i + 1:j]) if j > i + 1 else 1))
        i = j
    return "".join(out)


@task(
    difficulty="medium",
    inputs=[
        ["192.168.0.1"],
        ["10.01.0.1"],
        [""],
        ["1.2.3"],
        ["255.255.255.255"],
        ["256.1.1.1"],
        ["1.2.3.4.5"],
        ["0.0.0.0"],
        ["1..2.3"],
        ["a.b.c.d"],
    ],
)
def is_ipv4_address(text: str) -> bool:
    """True when `text` is a dotted IPv4 address: exactly four parts separated by dots, each part made
    of 1 to 3 ASCII digits with a value from 0 to 255 and no leading zero (except "0" itself).

    >>> is_ipv4_address("192.168.0.1")
    True
    >>> is_ipv4_address("10.01.0.1")
    False
    """
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for p in parts:
        if not (1 <= len(p) <= 3) or not all(c in "0123456789" for c in p):
            return False
        if (p[0] == "0" and len(p) > 1) or int(p) > 255:
            return False
    return True


@task(difficulty="medium", inputs=[["parseHttpRequest"], [""], ["Already"], ["lower"], ["getX"], ["ABC"]])
def camel_to_snake(name: str) -> str:
    """Rewrite a camelCase or PascalCase identifier in snake_case: put an underscore before each
    upper-case ASCII letter that is not the first character, then lower-case everything.

    >>> camel_to_snake("parseHttpRequest")
    'parse_http_request'
    """
    out = []
    for i, c in enumerate(name):
        if "A" <= c <= "Z" and i > 0:
            out.append("_")
        out.append(c.lower())
    return "".join(out)


@task(
    difficulty="hard",
    inputs=[
        ["2 + 3 * (4 - 1)"],
        ["-(2 - 5) * 2"],
        ["7"],
        ["10 - 4 - 3"],
        ["2*3*4"],
        ["((1+2))*(3+4)"],
        ["1 - -1"],
        ["100 - 2 * 3 + 4"],
    ],
)
def evaluate_expression(expr: str) -> int:
    """Evaluate an integer expression with +, -, * and parentheses, written with optional spaces.
    Multiplication binds tighter than addition and subtraction, which are left-associative. A '-' may
    also negate a number or a parenthesised group. Do not use eval().

    >>> evaluate_expression("2 + 3 * (4 - 1)")
    11
    >>> evaluate_expression("-(2 - 5) * 2")
    6
    """
    s = expr.replace(" ", "")
    pos = 0

    def parse_sum():
        nonlocal pos
        value = parse_product()
        while pos < len(s) and s[pos] in "+-":
            op = s[pos]
            pos += 1
            rhs = parse_product()
            value = value + rhs if op == "+" else value - rhs
        return value

    def parse_product():
        nonlocal pos
        value = parse_unary()
        while pos < len(s) and s[pos] == "*":
            pos += 1
            value *= parse_unary()
        return value

    def parse_unary():
        nonlocal pos
        if s[pos] == "-":
            pos += 1
            return -parse_unary()
        if s[pos] == "(":
            pos += 1
            value = parse_sum()
            pos += 1
            return value
        start = pos
        while pos < len(s) and s[pos].isdigit():
            pos += 1
        return int(s[start:pos])

    return parse_sum()


@task(
    difficulty="hard",
    inputs=[["[1, [2, -3], []]"], ["[]"], ["[[[]]]"], ["[ 42 ]"], ["[1,2,3]"], ["[[10, [20]], -30]"]],
)
def parse_nested_list(text: str) -> list:
    """Parse text such as "[1, [2, -3], []]" into the nested list of ints it describes, without using
    eval() or the json module. Spaces may appear anywhere between tokens.

    >>> parse_nested_list("[1, [2, -3], []]")
    [1, [2, -3], []]
    """
    s = text.replace(" ", "")
    stack = [[]]
    i = 0
    while i < len(s):
        c = s[i]
        if c == "[":
            stack.append([])
        elif c == "]":
            done = stack.pop()
            stack[-1].append(done)
        elif c == "-" or c.isdigit():
            j = i + 1
            while j < len(s) and s[j].isdigit():
                j += 1
            stack[-1].append(int(s[i:j]))
            i = j
            continue
        i += 1
    return stack[0][0]


@task(difficulty="medium", inputs=[["1-3, 5, 8-9"], [""], ["7"], ["5-5"], ["4-2"], ["10-12,1"], ["0-0,0"]])
def expand_number_ranges(spec: str) -> list:
    """Expand a page-range style specification like "1-3,5,8-9" into the list of numbers it covers,
    in the order written. A range "a-b" includes both ends and a > b gives no numbers. Spaces are
    allowed; an empty spec gives [].

    >>> expand_number_ranges("1-3, 5, 8-9")
    [1, 2, 3, 5, 8, 9]
    """
    numbers = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-")
            numbers.extend(range(int(lo), int(hi) + 1))
        else:
            numbers.append(int(part))
    return numbers


@task(
    difficulty="medium",
    inputs=[[[0, 1, 2, 4, 6, 7]], [[]], [[5]], [[1, 3, 5]], [[-3, -2, -1, 0]], [[1, 2, 4, 5, 6, 9]]],
)
def compact_ranges(numbers: list) -> str:
    """Summarise an increasing list of distinct integers: runs of consecutive integers of length two or
    more are written "start-end", single numbers as themselves, joined with commas.

    >>> compact_ranges([0, 1, 2, 4, 6, 7])
    '0-2,4,6-7'
    """
    parts = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ",".join(parts)


@task(difficulty="medium", inputs=[["7:05 PM"], ["12:30 am"], ["12:00 PM"], ["12:00 AM"], ["11:59 pm"], ["1:00 AM"]])
def clock_to_minutes(text: str) -> int:
    """Convert a 12-hour clock time such as "7:05 PM" or "12:30 am" to minutes after midnight. 12 AM is
    midnight and 12 PM is noon; the AM/PM marker may be in either case.

    >>> clock_to_minutes("7:05 PM")
    1145
    >>> clock_to_minutes("12:30 am")
    30
    """
    clock, marker = text.split()
    hours, minutes = (int(x) for x in clock.split(":"))
    hours %= 12
    if marker.upper() == "PM":
        hours += 12
    return hours * 60 + minutes


@task(
    difficulty="medium",
    inputs=[["/usr//local/./bin/../lib/"], ["/"], ["/../.."], ["/a/b/c"], ["/a/../../b/./c//"], ["/...//x"]],
)
def normalize_path(path: str) -> str:
    """Simplify an absolute Unix-style path: collapse repeated slashes, drop "." parts, let ".." remove
    the previous part (staying at "/" when there is nothing to remove) and drop a trailing slash.

    >>> normalize_path("/usr//local/./bin/../lib/")
    '/usr/local/lib'
    """
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return "/" + "/".join(parts)


@task(
    difficulty="medium",
    inputs=[
        ["ana.lee@mail.example.org"],
        ["bob@localhost"],
        [""],
        ["@x.com"],
        ["a@@b.com"],
        ["a b@c.com"],
        ["a@.com"],
        ["a@b..com"],
        ["a@b.com."],
        ["x@y.z"],
    ],
)
def looks_like_email(address: str) -> bool:
    """A simple e-mail shape check: exactly one '@'; a non-empty local part before it; after it a
    domain containing at least one dot, not starting or ending with a dot and with no two dots in a
    row; and no spaces anywhere.

    >>> looks_like_email("ana.lee@mail.example.org")
    True
    >>> looks_like_email("bob@localhost")
    False
    """
    if " " in address or address.count("@") != 1:
        return False
    local, domain = address.split("@")
    if not local or "." not in domain:
        return False
    return not domain.startswith(".") and not domain.endswith(".") and ".." not in domain


@task(difficulty="hard", inputs=[["2[x3[yz]]"], ["2[ab]x"], [""], ["abc"], ["10[z]"], ["2[a]2[b]"], ["x1[y2[z]]"]])
def decode_repeats(code: str) -> str:
    """Decode strings where k[text] means `text` written k times (k a positive integer). Groups may be
    nested, and letters outside brackets are copied as they are.

    >>> decode_repeats("2[x3[yz]]")
    'xyzyzyzxyzyzyz'
    >>> decode_repeats("2[ab]x")
    'ababx'
    """
    stack = [["", 0]]
    number = 0
    for c in code:
        if c.isdigit():
            number = number * 10 + int(c)
        elif c == "[":
            stack.append(["", number])
            number = 0
        elif c == "]":
            text, times = stack.pop()
            stack[-1][0] += text * times
        else:
            stack[-1][0] += c
    return stack[0][0]


@task(
    difficulty="hard",
    inputs=[
        ["*/15", 0, 59],
        ["1-5/2,10", 0, 23],
        ["*", 1, 7],
        ["5", 0, 59],
        ["3,1,3", 0, 9],
        ["0-10/5,7-8", 0, 23],
        ["*/7", 1, 31],
    ],
)
def cron_field_values(field: str, low: int, high: int) -> list:
    """Expand one cron-style schedule field into the sorted list of distinct values it selects within
    [low, high]. The field is a comma-separated list of items; an item is "*" (every value), a
    number, a range "a-b", and any of these may be followed by "/step" to keep every step-th value
    starting from the start of that item.

    >>> cron_field_values("*/15", 0, 59)
    [0, 15, 30, 45]
    >>> cron_field_values("1-5/2,10", 0, 23)
    [1, 3, 5, 10]
    """
    selected = set()
    for item in field.split(","):
        base, _, step = item.partition("/")
        step = int(step) if step else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            start, end = (int(x) for x in base.split("-"))
        else:
            start = end = int(base)
        selected.update(v for v in range(start, end + 1, step) if low <= v <= high)
    return sorted(selected)


@task(
    difficulty="hard",
    inputs=[
        ["T and not F or F"],
        ["not ( T or F ) and T"],
        ["T"],
        ["F"],
        ["not not F"],
        ["F or F or T"],
        ["T and (F or T) and F"],
        ["F and T or T"],
    ],
)
def evaluate_logic(expr: str) -> bool:
    """Evaluate a boolean formula over the literals T and F with the words "not", "and" and "or"
    (separated by spaces) and parentheses. "not" binds tightest, then "and", then "or". Do not use
    eval().

    >>> evaluate_logic("T and not F or F")
    True
    >>> evaluate_logic("not ( T or F ) and T")
    False
    """
    tokens = expr.replace("(", " ( ").replace(")", " ) ").split()
    pos = 0

    def parse_or():
        nonlocal pos
        value = parse_and()
        while pos < len(tokens) and tokens[pos] == "or":
            pos += 1
            rhs = parse_and()
            value = value or rhs
        return value

    def parse_and():
        nonlocal pos
        value = parse_not()
        while pos < len(tokens) and tokens[pos] == "and":
            pos += 1
            rhs = parse_not()
            value = value and rhs
        return value

    def parse_not():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "not":
            return not parse_not()
        if tok == "(":
            value = parse_or()
            pos += 1
            return value
        return tok == "T"

    return parse_or()


@task(difficulty="medium", inputs=[["1.5 KB"], ["0 B"], ["20MB"], ["1 gb"], ["3.999b"], ["  2 Kb "]])
def size_in_bytes(text: str) -> int:
    """Convert a size such as "1.5 KB" or "20MB" to a whole number of bytes, rounding down. Units are
    B, KB, MB, GB (powers of 1024, case-insensitive) and the space before the unit is optional.

    >>> size_in_bytes("1.5 KB")
    1536
    """
    import re

    number, unit = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]+)\s*", text).groups()
    factor = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}[unit.upper()]
    return int(float(number) * factor)


@task(
    difficulty="hard",
    inputs=[
        ['7,"Smith, Jo","a ""b"" c"'],
        [""],
        ["a,b,,c"],
        ['""'],
        ['","'],
        [" x , y "],
        ['"a""b",c,"d,e,f"'],
        ["é,ü"],
    ],
)
def split_quoted_csv(line: str) -> list:
    """Split one line of comma-separated values into fields. A field may be wrapped in double quotes;
    inside quotes a comma is an ordinary character and two double quotes in a row stand for one
    double-quote character. The wrapping quotes are not part of the field; nothing is stripped.

    >>> split_quoted_csv('7,"Smith, Jo","a ""b"" c"')
    ['7', 'Smith, Jo', 'a "b" c']
    """
    fields, current = [], ""
    in_quotes = False
    i = 0
    while i < len(line):
        c = line[i]
        if in_quotes:
            if c == '"' and i + 1 < len(line) and line[i + 1] == '"':
                current += '"'
                i += 1
            elif c == '"':
                in_quotes = False
            else:
                current += c
        elif c == '"':
            in_quotes = True
        elif c == ",":
            fields.append(current)
            current = ""
        else:
            current += c
        i += 1
    fields.append(current)
    return fields


@task(
    difficulty="medium",
    inputs=[
        ["Hi {who}, {{ok}} {missing}", {"who": "Ana"}],
        ["", {}],
        ["{a}{b}{a}", {"a": "1", "b": "2"}],
        ["no placeholders", {"x": "y"}],
        ["{{x}}", {"x": "no"}],
        ["{ü}!", {"ü": "umlaut"}],
        ["open { brace", {}],
    ],
)
def fill_template(template: str, values: dict) -> str:
    """Replace each placeholder {name} in `template` with values[name]. A name missing from `values`
    leaves its placeholder unchanged. "{{" and "}}" stand for literal braces.

    >>> fill_template("Hi {who}, {{ok}} {missing}", {"who": "Ana"})
    'Hi Ana, {ok} {missing}'
    """
    out = []
    i = 0
    while i < len(template):
        if template.startswith("{{", i) or template.startswith("}}", i):
            out.append(template[i])
            i += 2
        elif template[i] == "{" and "}" in template[i:]:
            end = template.index("}", i)
            name = template[i + 1:end]
            out.append(values[name] if name in values else template[i:end + 1])
            i = end + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)
