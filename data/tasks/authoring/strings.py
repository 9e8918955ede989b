"""Task family `strings`: counting characters, case, slicing and small transforms of text.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into codegen_rlhf/data/tasks/strings.jsonl.
"""

from _task import task

FAMILY = "strings"


@task(difficulty="easy", inputs=[["Banana Split"], [""], ["rhythm"], ["AEIOUaeiou"], ["héllo wörld"], ["x" * 50 + "o"]])
def count_vowels(text: str) -> int:
    """Return how many characters of `text` are English vowels (a, e, i, o, u), in either case.

    >>> count_vowels("Banana Split")
    4
    """
    return sum(1 for ch in text if ch.lower() in "aeiou")


@task(difficulty="easy", inputs=[["good morning"], [""], ["a"], ["ab  cd"], ["Ünïcode wörds"], [" lead trail "]])
def reverse_each_word(sentence: str) -> str:
    """Reverse the letters inside every word but keep the words in their original order.
    Words are separated by single spaces, and the spaces stay where they are.

    >>> reverse_each_word("good morning")
    'doog gninrom'
    """
    return " ".join(word[::-1] for word in sentence.split(" "))


@task(
    difficulty="easy",
    inputs=[["mississippi", "s"], ["", "a"], ["Aaa", "a"], ["ééé", "é"], ["xyz", "q"], ["  ", " "]],
)
def count_char(text: str, ch: str) -> int:
    """Count the occurrences of the single character `ch` in `text` (case-sensitive).

    >>> count_char("mississippi", "s")
    4
    """
    return text.count(ch)


@task(difficulty="easy", inputs=[["hELLO  wide world"], [""], ["x"], ["ÉCOLE élève"], ["3rd place"], ["ALL CAPS HERE"]])
def capitalize_words(text: str) -> str:
    """Make the first character of each space-separated word upper case and the rest of that word lower
    case. Spaces are kept exactly as they are.

    >>> capitalize_words("hELLO  wide world")
    'Hello  Wide World'
    """
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


@task(difficulty="easy", inputs=[["0451"], ["-3"], [""], ["12 3"], ["٣٤"], ["9" * 40], ["1.5"]])
def only_ascii_digits(s: str) -> bool:
    """True when `s` is non-empty and every character is one of the ASCII digits 0-9.
    Signs, spaces, decimal points and non-ASCII digits make it False.

    >>> only_ascii_digits("0451")
    True
    >>> only_ascii_digits("-3")
    False
    """
    return len(s) > 0 and all(c in "0123456789" for c in s)


@task(difficulty="easy", inputs=[[" a b  c "], [""], ["   "], ["tab\there"], ["naïve café"], ["nospace"]])
def remove_spaces(text: str) -> str:
    """Return `text` with every space character ' ' removed; other whitespace such as tabs stays.

    >>> remove_spaces(" a b  c ")
    'abc'
    """
    return text.replace(" ", "")


@task(difficulty="easy", inputs=[["abcdbca"], [""], ["abc"], ["aa"], ["xyzzyx"], ["日本日"], ["Aa a"]])
def first_repeated_char(s: str) -> str:
    """Scan `s` from left to right and return the first character that has already been seen earlier
    in the string. Return an empty string when no character repeats.

    >>> first_repeated_char("abcdbca")
    'b'
    """
    seen = set()
    for c in s:
        if c in seen:
            return c
        seen.add(c)
    return ""


@task(difficulty="easy", inputs=[["PyThon 3"], [""], ["123!"], ["ÀéÎ"], ["aBc"], ["UPPER lower"]])
def toggle_case(text: str) -> str:
    """Turn lower-case letters into upper case and upper-case letters into lower case; everything else
    is unchanged.

    >>> toggle_case("PyThon 3")
    'pYtHON 3'
    """
    return text.swapcase()


@task(
    difficulty="easy",
    inputs=[["the quick brown fox"], [""], ["   "], ["aa bb cc"], ["a abc ab abcd"], ["über straße"], ["one"]],
)
def longest_word(sentence: str) -> str:
    """Return the longest whitespace-separated word of `sentence`. When several words share the greatest
    length, return the one that comes first. Return "" when there are no words.

    >>> longest_word("the quick brown fox")
    'quick'
    """
    best = ""
    for word in sentence.split():
        if len(word) > len(best):
            best = word
    return best


@task(
    difficulty="easy",
    inputs=[
        ["Sphinx of black quartz, judge my vow"],
        ["hello"],
        [""],
        ["abcdefghijklmnopqrstuvwxy"],
        ["ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
        ["The five boxing wizards jump quickly!"],
    ],
)
def is_pangram(text: str) -> bool:
    """True if every letter from a to z appears at least once in `text`, ignoring case.

    >>> is_pangram("Sphinx of black quartz, judge my vow")
    True
    >>> is_pangram("hello")
    False
    """
    return set("abcdefghijklmnopqrstuvwxyz") <= set(text.lower())


@task(difficulty="easy", inputs=[["ab!", 3], ["", 4], ["xyz", 0], ["xyz", -2], ["é", 2], ["ab", 1]])
def stretch_chars(s: str, n: int) -> str:
    """Repeat every character of `s` exactly `n` times in place. When `n` is zero or negative the result
    is the empty string.

    >>> stretch_chars("ab!", 3)
    'aaabbb!!!'
    """
    return "".join(c * n for c in s)


@task(
    difficulty="easy",
    inputs=[["  one two\tthree\n"], [""], ["   \n\t"], ["single"], ["a b c d e f"], ["don't stop-now"]],
)
def count_words(text: str) -> int:
    """Count the words in `text`, where a word is a maximal run of non-whitespace characters.

    >>> count_words("  one two\tthree\n")
    3
    """
    return len(text.split())


@task(
    difficulty="easy",
    inputs=[
        ["report.pdf", [".doc", ".pdf"]],
        ["report.pdf", []],
        ["", [""]],
        ["abc", ["C"]],
        ["café", ["é"]],
        ["x", ["xx", "yx"]],
    ],
)
def ends_with_any(s: str, suffixes: list) -> bool:
    """True when `s` ends with at least one of the strings in `suffixes`. An empty list gives False.

    >>> ends_with_any("report.pdf", [".doc", ".pdf"])
    True
    """
    return any(s.endswith(suffix) for suffix in suffixes)


@task(
    difficulty="easy",
    inputs=[["ada  king lovelace"], [""], ["x"], ["émile zola"], ["  Grace   Hopper "], ["o'neil mc"]],
)
def initials(full_name: str) -> str:
    """Build the initials of a name: the first letter of each whitespace-separated part, upper-cased and
    each followed by a dot.

    >>> initials("ada  king lovelace")
    'A.K.L.'
    """
    return "".join(part[0].upper() + "." for part in full_name.split())


@task(difficulty="medium", inputs=[["aaabccdddd"], [""], ["a"], ["abc"], ["zzzzzzzzzzzz"], ["ééa"], ["aabbaa"]])
def run_length_encode(s: str) -> str:
    """Compress runs of the same character: each run becomes the character followed by the run length,
    except that a run of length one is written as just the character.

    >>> run_length_encode("aaabccdddd")
    'a3bc2d4'
    """
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(s[i] + (str(j - i) if j - i > 1 else ""))
        i = j
    return "".join(out)


@task(difficulty="medium", inputs=[["  so   much\t\n space "], [""], ["   "], ["word"], ["a\n\nb"], ["ñ  ñ"]])
def squeeze_whitespace(text: str) -> str:
    """Replace every run of whitespace (spaces, tabs, newlines) with one space and drop whitespace at
    both ends.

    >>> squeeze_whitespace("  so   much\t\n space ")
    'so much space'
    """
    return " ".join(text.split())


@task(
    difficulty="medium",
    inputs=[
        ["waterbottle", "erbottlewat"],
        ["abc", "acb"],
        ["", ""],
        ["a", ""],
        ["abcd", "abcd"],
        ["aab", "aba"],
        ["abc", "abcabc"],
    ],
)
def is_rotation(a: str, b: str) -> bool:
    """True when `b` can be obtained from `a` by moving some prefix of `a` to its end (zero characters
    moved counts, so equal strings are rotations of each other).

    >>> is_rotation("waterbottle", "erbottlewat")
    True
    >>> is_rotation("abc", "acb")
    False
    """
    return len(a) == len(b) and b in a + a


@task(
    difficulty="medium",
    inputs=[
        [["interview", "internet", "interval"]],
        [[]],
        [["solo"]],
        [["abc", ""]],
        [["dog", "cat"]],
        [["straße", "strasse"]],
        [["aa", "aa", "aab"]],
    ],
)
def common_prefix(words: list) -> str:
    """Return the longest string that every word in `words` starts with. An empty list gives "".

    >>> common_prefix(["interview", "internet", "interval"])
    'inter'
    """
    if not words:
        return ""
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


@task(difficulty="medium", inputs=[["abc", "12345"], ["", ""], ["abcd", "x"], ["", "xyz"], ["éè", "àù"], ["ab", "cd"]])
def interleave_strings(a: str, b: str) -> str:
    """Merge two strings by taking one character from `a`, then one from `b`, and so on. When one string
    runs out, the rest of the other one is appended unchanged.

    >>> interleave_strings("abc", "12345")
    'a1b2c345'
    """
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return "".join(out)


@task(
    difficulty="medium",
    inputs=[["4111222233334444", 4], ["", 3], ["abc", 5], ["abc", 0], ["abc", -1], ["secret", 3], ["ab", 2]],
)
def mask_all_but_last(s: str, keep: int) -> str:
    """Replace every character of `s` with '*' except the last `keep` characters, which stay visible.
    If `keep` is at least len(s) nothing is masked; if `keep` is zero or negative everything is.

    >>> mask_all_but_last("4111222233334444", 4)
    '************4444'
    """
    keep = max(0, min(keep, len(s)))
    return "*" * (len(s) - keep) + s[len(s) - keep:]


@task(difficulty="medium", inputs=[["hello, world"], [""], ["1234"], ["ABCDEF"], ["a b c d"], ["ñandú"]])
def alternate_letter_case(text: str) -> str:
    """Rewrite the letters of `text` so they alternate upper, lower, upper, ... starting with upper case.
    Only letters count towards the alternation; other characters are copied unchanged and do not
    advance it.

    >>> alternate_letter_case("hello, world")
    'HeLlO, wOrLd'
    """
    out = []
    upper = True
    for c in text:
        if c.isalpha():
            out.append(c.upper() if upper else c.lower())
            upper = not upper
        else:
            out.append(c)
    return "".join(out)


@task(
    difficulty="medium",
    inputs=[
        ["aaaa", "aa"],
        ["", "a"],
        ["abc", ""],
        ["abababa", "aba"],
        ["abc", "abcd"],
        ["abc", "abc"],
        ["ééé", "éé"],
    ],
)
def count_overlapping(text: str, pattern: str) -> int:
    """Count the positions at which `pattern` occurs in `text`, counting occurrences that overlap.
    An empty pattern counts as 0 occurrences.

    >>> count_overlapping("aaaa", "aa")
    3
    """
    if not pattern:
        return 0
    return sum(1 for i in range(len(text) - len(pattern) + 1) if text[i:i + len(pattern)] == pattern)


@task(difficulty="medium", inputs=[["abbcccdd"], [""], ["a"], ["aabb"], ["abcddd"], ["zzzzz"], ["xxyyy  "]])
def longest_char_run(s: str) -> str:
    """Return the longest block of one repeated character in `s` (as a substring). If several blocks
    are equally long, return the first. An empty string gives "".

    >>> longest_char_run("abbcccdd")
    'ccc'
    """
    best, start = "", 0
    for i in range(1, len(s) + 1):
        if i == len(s) or s[i] != s[start]:
            if i - start > len(best):
                best = s[start:i]
            start = i
    return best


@task(
    difficulty="medium",
    inputs=[["Zebra-9", 2], ["", 5], ["abc", -1], ["xyz", 29], ["Hello, World!", 0], ["héllo", 1], ["AZ", 1]],
)
def shift_letters(text: str, k: int) -> str:
    """Move every ASCII letter `k` places along the alphabet, wrapping around from z to a (and from a
    to z for negative `k`). Case is kept; all other characters are unchanged.

    >>> shift_letters("Zebra-9", 2)
    'Bgdtc-9'
    """
    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + k) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + k) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)


@task(
    difficulty="hard",
    inputs=[
        ["mynoonlevelsolos"],
        ["abc"],
        [""],
        ["aa"],
        ["qzzr"],
        ["pqrtsrqp"],
        ["xabaybbbb"],
        ["été"],
    ],
)
def longest_palindromic_substring(s: str) -> str:
    """Return the longest substring of `s` that reads the same forwards and backwards. When several are
    equally long, return the one that starts earliest. An empty string gives "".

    >>> longest_palindromic_substring("mynoonlevelsolos")
    'level'
    >>> longest_palindromic_substring("abc")
    'a'
    """
    best = ""
    for center in range(2 * len(s) - 1):
        lo, hi = center // 2, center // 2 + center % 2
        while lo >= 0 and hi < len(s) and s[lo] == s[hi]:
            lo -= 1
            hi += 1
        if hi - lo - 1 > len(best):
            best = s[lo + 1:hi]
    return best


@task(difficulty="hard", inputs=[["ppqpprqr"], [""], ["aaaa"], ["abc"], ["xyzxyzz"], ["aabbcc"], ["xyyzyzyx"]])
def shortest_window_all_kinds(s: str) -> int:
    """Return the length of the shortest substring of `s` that contains every distinct character that
    appears anywhere in `s`. An empty string gives 0.

    >>> shortest_window_all_kinds("ppqpprqr")
    3
    """
    need = len(set(s))
    counts = {}
    best = len(s)
    left = 0
    for right, c in enumerate(s):
        counts[c] = counts.get(c, 0) + 1
        while len(counts) == need:
            best = min(best, right - left + 1)
            counts[s[left]] -= 1
            if counts[s[left]] == 0:
                del counts[s[left]]
            left += 1
    return best


@task(
    difficulty="hard",
    inputs=[
        ["garden", "gander"],
        ["", ""],
        ["", "abc"],
        ["abc", ""],
        ["stone", "tones"],
        ["same", "same"],
        ["marathon", "parathion"],
        ["ab", "ba"],
    ],
)
def edit_distance(a: str, b: str) -> int:
    """The minimum number of single-character insertions, deletions and substitutions that turn `a`
    into `b`.

    >>> edit_distance("garden", "gander")
    2
    """
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@task(
    difficulty="hard",
    inputs=[
        ["xabcdy", "zzbcdabc"],
        ["", "abc"],
        ["abc", "xyz"],
        ["banana", "ananas"],
        ["same", "same"],
        ["abXcd", "cdYab"],
        ["a", "a"],
    ],
)
def longest_common_substring(a: str, b: str) -> str:
    """Return the longest string that occurs as a contiguous substring of both `a` and `b`. If there are
    several of the greatest length, return the one that ends earliest in `a`. Return "" if they share
    no character.

    >>> longest_common_substring("xabcdy", "zzbcdabc")
    'abc'
    """
    best_len, best_end = 0, 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best_len:
                    best_len, best_end = cur[j], i
        prev = cur
    return a[best_end - best_len:best_end]


@task(
    difficulty="medium",
    inputs=[
        ["ace", "abcde"],
        ["aec", "abcde"],
        ["", ""],
        ["", "abc"],
        ["abc", ""],
        ["aa", "a"],
        ["aa", "bab"],
        ["abc", "abc"],
    ],
)
def is_subsequence(small: str, big: str) -> bool:
    """True when the characters of `small` appear in `big` in the same order, not necessarily next to
    each other. The empty string is a subsequence of everything.

    >>> is_subsequence("ace", "abcde")
    True
    >>> is_subsequence("aec", "abcde")
    False
    """
    i = 0
    for c in big:
        if i < len(small) and small[i] == c:
            i += 1
    return i == len(small)


@task(difficulty="hard", inputs=[["cabab"], [""], ["a"], ["bbaa"], ["zyx"], ["abab"], ["baaab"]])
def smallest_rotation(s: str) -> str:
    """Among all rotations of `s` (strings formed by moving a prefix of `s` to its end), return the
    alphabetically smallest one, comparing by Python string order.

    >>> smallest_rotation("cabab")
    'ababc'
    """
    if not s:
        return s
    return min(s[i:] + s[:i] for i in range(len(s)))


@task(
    difficulty="hard",
    inputs=[["banana split"], ["mississippi"], [""], ["bbbb"], ["abcdef"], ["abba"], ["xyx"], ["qrsstuvq"]],
)
def longest_distinct_stretch(s: str) -> int:
    """Length of the longest substring of `s` in which no character occurs twice.

    >>> longest_distinct_stretch("banana split")
    8
    """
    last = {}
    start = best = 0
    for i, c in enumerate(s):
        if c in last and last[c] >= start:
            start = last[c] + 1
        last[c] = i
        best = max(best, i - start + 1)
    return best


@task(difficulty="hard", inputs=[["aba"], [""], ["a"], ["aaaa"], ["abcd"], ["abab"], ["ñañ"]])
def count_distinct_substrings(s: str) -> int:
    """How many different non-empty substrings (contiguous pieces) does `s` have?

    >>> count_distinct_substrings("aba")
    5
    """
    return len({s[i:j] for i in range(len(s)) for j in range(i + 1, len(s) + 1)})


@task(difficulty="hard", inputs=[["abdc"], ["cba"], [""], ["a"], ["aab"], ["abc"], ["bba"], ["1332"]])
def next_permutation_string(s: str) -> str:
    """Return the next arrangement of the characters of `s` in alphabetical (Python string) order: the
    smallest rearrangement that is strictly greater than `s`. Return "" when `s` is already the
    greatest arrangement.

    >>> next_permutation_string("abdc")
    'acbd'
    >>> next_permutation_string("cba")
    ''
    """
    chars = list(s)
    i = len(chars) - 2
    while i >= 0 and chars[i] >= chars[i + 1]:
        i -= 1
    if i < 0:
        return ""
    j = len(chars) - 1
    while chars[j] <= chars[i]:
        j -= 1
    chars[i], chars[j] = chars[j], chars[i]
    chars[i + 1:] = reversed(chars[i + 1:])
    return "".join(chars)


@task(difficulty="medium", inputs=[["Education"], [""], ["a"], ["strength"], ["AEIOU"], ["queue"], ["bOAt"]])
def strip_vowels_keep_first(word: str) -> str:
    """Remove the vowels a, e, i, o, u (either case) from `word`, except that the very first character
    is always kept, vowel or not.

    >>> strip_vowels_keep_first("Education")
    'Edctn'
    """
    return word[:1] + "".join(c for c in word[1:] if c.lower() not in "aeiou")
