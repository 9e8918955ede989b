"""Task family `dicts`: counting, grouping, inverting, merging and walking dictionaries.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into codegen_rlhf/data/tasks/dicts.jsonl.
"""

from _task import task

FAMILY = "dicts"


@task(difficulty="easy", inputs=[["hello"], [""], ["aaa"], ["Aa"], ["ñ ñ"], ["abcabc"]])
def char_frequencies(text: str) -> dict:
    """Map each character of `text` to the number of times it occurs, with keys in order of first
    appearance.

    >>> char_frequencies("hello")
    {'h': 1, 'e': 1, 'l': 2, 'o': 1}
    """
    counts = {}
    for c in text:
        counts[c] = counts.get(c, 0) + 1
    return counts


@task(
    difficulty="easy",
    inputs=[[{"a": "x", "b": "y"}], [{}], [{"k": "k"}], [{"1": "one", "2": "two", "3": "three"}], [{"é": "è"}]],
)
def swap_keys_values(d: dict) -> dict:
    """Return a new dictionary where each value of `d` (all values are distinct strings) becomes a key
    whose value is the original key.

    >>> swap_keys_values({"a": "x", "b": "y"})
    {'x': 'a', 'y': 'b'}
    """
    return {v: k for k, v in d.items()}


@task(
    difficulty="easy",
    inputs=[
        [{"ann": 3, "bob": 7, "cy": 7}],
        [{}],
        [{"x": -1}],
        [{"a": -5, "b": -2}],
        [{"a": 0, "b": 0}],
        [{"p": 1, "q": 2, "r": 3}],
    ],
)
def key_of_largest(d: dict):
    """Return the key whose value is largest. When several keys share the largest value, return the one
    inserted first. Return None for an empty dictionary.

    >>> key_of_largest({"ann": 3, "bob": 7, "cy": 7})
    'bob'
    """
    best = None
    for k, v in d.items():
        if best is None or v > d[best]:
            best = k
    return best


@task(
    difficulty="easy",
    inputs=[[{"x": 2, "y": -5, "z": 10}], [{}], [{"only": 42}], [{"a": 10 ** 15, "b": 10 ** 15}], [{"a": 0}]],
)
def total_of_values(d: dict) -> int:
    """Return the sum of all values of `d` (the values are numbers); 0 for an empty dictionary.

    >>> total_of_values({"x": 2, "y": -5, "z": 10})
    7
    """
    return sum(d.values())


@task(
    difficulty="easy",
    inputs=[
        [{"b": 1, "a": 1, "c": 2}, 1],
        [{}, 1],
        [{"a": 1}, 2],
        [{"z": None, "y": None}, None],
        [{"Ä": "x", "A": "x"}, "x"],
    ],
)
def keys_holding(d: dict, value) -> list:
    """Return, sorted alphabetically, the keys of `d` whose value equals `value`.

    >>> keys_holding({"b": 1, "a": 1, "c": 2}, 1)
    ['a', 'b']
    """
    return sorted(k for k, v in d.items() if v == value)


@task(
    difficulty="easy",
    inputs=[[{"a": 1, "b": 2}, {"b": 3, "c": 4}], [{}, {}], [{"a": 1}, {}], [{}, {"a": 1}], [{"k": [1]}, {"k": [2]}]],
)
def merge_prefer_second(first: dict, second: dict) -> dict:
    """Combine two dictionaries into a new one. Keys present in both take the value from `second`.
    Neither input is modified.

    >>> merge_prefer_second({"a": 1, "b": 2}, {"b": 3, "c": 4})
    {'a': 1, 'b': 3, 'c': 4}
    """
    merged = dict(first)
    merged.update(second)
    return merged


@task(difficulty="easy", inputs=[["The cat saw the dog"], [""], ["a A a"], ["one"], ["Ünï ünï"], ["x\ty\nx"]])
def word_counts(text: str) -> dict:
    """Count the whitespace-separated words of `text` after lower-casing it. Keys appear in order of
    first appearance.

    >>> word_counts("The cat saw the dog")
    {'the': 2, 'cat': 1, 'saw': 1, 'dog': 1}
    """
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts


@task(
    difficulty="easy",
    inputs=[[{"a": 50, "b": 80, "c": 65}, 65], [{}, 0], [{"a": 1}, 2], [{"a": -1, "b": -3}, -2], [{"x": 2.5}, 2.5]],
)
def at_least(scores: dict, minimum) -> dict:
    """Keep only the entries of `scores` whose value is greater than or equal to `minimum`.

    >>> at_least({"a": 50, "b": 80, "c": 65}, 65)
    {'b': 80, 'c': 65}
    """
    return {k: v for k, v in scores.items() if v >= minimum}


@task(
    difficulty="easy",
    inputs=[
        [{"a": 1, "b": 2}, ["b", "z", "a"], 0],
        [{}, [], None],
        [{}, ["x"], -1],
        [{"a": None}, ["a"], 5],
        [{"k": 3}, ["k", "k"], 0],
    ],
)
def lookup_each(d: dict, keys: list, default) -> list:
    """Return the values of `d` for each key in `keys`, in order, using `default` for keys that are
    missing.

    >>> lookup_each({"a": 1, "b": 2}, ["b", "z", "a"], 0)
    [2, 0, 1]
    """
    return [d.get(k, default) for k in keys]


@task(
    difficulty="easy",
    inputs=[[{"x": 1, "y": 2}, {"y": 0}], [{}, {}], [{"a": 1}, {}], [{"a": 1}, {"b": 1}], [{"ß": 1}, {"ß": 2}]],
)
def share_a_key(a: dict, b: dict) -> bool:
    """True when at least one key is present in both dictionaries (values do not matter).

    >>> share_a_key({"x": 1, "y": 2}, {"y": 0})
    True
    """
    return any(k in b for k in a)


@task(difficulty="easy", inputs=[[[3, -2]], [[]], [[0]], [[5, 5]], [[10 ** 6]], [[-1, 1]]])
def square_lookup(nums: list) -> dict:
    """Map the decimal string of each number in `nums` to that number squared.

    >>> square_lookup([3, -2])
    {'3': 9, '-2': 4}
    """
    return {str(n): n * n for n in nums}


@task(difficulty="easy", inputs=[[["sun", "moon"]], [[]], [[""]], [["naïve", "x"]], [["aa", "aa"]]])
def lengths_of_words(words: list) -> dict:
    """Map every word in `words` to its number of characters.

    >>> lengths_of_words(["sun", "moon"])
    {'sun': 3, 'moon': 4}
    """
    return {w: len(w) for w in words}


@task(
    difficulty="medium",
    inputs=[
        [{"pear": 2, "fig": 5, "apple": 2}],
        [{}],
        [{"a": 1}],
        [{"b": -1, "a": -1, "c": 0}],
        [{"x": 3, "y": 2, "z": 1}],
    ],
)
def keys_by_value_desc(d: dict) -> list:
    """List the keys of `d` from the largest value to the smallest; keys with equal values are listed
    alphabetically.

    >>> keys_by_value_desc({"pear": 2, "fig": 5, "apple": 2})
    ['fig', 'apple', 'pear']
    """
    return sorted(d, key=lambda k: (-d[k], k))


@task(
    difficulty="medium",
    inputs=[[["Apple", "bean", "avocado", "Beet"]], [[]], [["x"]], [["Éclair", "éclat"]], [["a", "a", "b"]]],
)
def group_by_initial(words: list) -> dict:
    """Group non-empty words by their first letter, lower-cased. Each group keeps the words in their
    original order; groups appear in order of first appearance.

    >>> group_by_initial(["Apple", "bean", "avocado", "Beet"])
    {'a': ['Apple', 'avocado'], 'b': ['bean', 'Beet']}
    """
    groups = {}
    for w in words:
        groups.setdefault(w[0].lower(), []).append(w)
    return groups


@task(
    difficulty="medium",
    inputs=[
        [["night", "pots", "thing", "stop", "dog", "spot"]],
        [[]],
        [["a"]],
        [["ab", "ba", "ab"]],
        [["", ""]],
        [["listen", "silent", "enlist", "google"]],
    ],
)
def anagram_groups(words: list) -> list:
    """Group the words that are anagrams of each other (same letters, same counts). Each group is
    sorted alphabetically and the groups are sorted by their first word.

    >>> anagram_groups(["night", "pots", "thing", "stop", "dog", "spot"])
    [['dog'], ['night', 'thing'], ['pots', 'spot', 'stop']]
    """
    groups = {}
    for w in words:
        groups.setdefault("".join(sorted(w)), []).append(w)
    return sorted(sorted(g) for g in groups.values())


@task(
    difficulty="medium",
    inputs=[
        [[{"a": 1, "b": 2}, {"b": 3, "c": 4}]],
        [[]],
        [[{}]],
        [[{"x": -1}, {"x": 1}]],
        [[{"a": 1}, {"a": 1}, {"a": 1}]],
    ],
)
def sum_by_key(records: list) -> dict:
    """`records` is a list of dictionaries with numeric values. Return one dictionary holding, for every
    key seen, the sum of its values across all records (keys in order of first appearance).

    >>> sum_by_key([{"a": 1, "b": 2}, {"b": 3, "c": 4}])
    {'a': 1, 'b': 5, 'c': 4}
    """
    totals = {}
    for record in records:
        for k, v in record.items():
            totals[k] = totals.get(k, 0) + v
    return totals


@task(
    difficulty="medium",
    inputs=[
        [{"a": {"b": {"c": 5}}}, "a.b.c"],
        [{"a": 1}, "a.b", "none"],
        [{}, "", 0],
        [{}, "x", -1],
        [{"a": {"b": None}}, "a.b", 3],
        [{"a": {"b": [1]}}, "a"],
    ],
)
def get_by_path(data: dict, path: str, default=None):
    """Follow dot-separated keys through nested dictionaries, e.g. "a.b.c" means data["a"]["b"]["c"].
    Return `default` as soon as a key is missing or a value on the way is not a dictionary.
    An empty path returns `data` itself.

    >>> get_by_path({"a": {"b": {"c": 5}}}, "a.b.c")
    5
    >>> get_by_path({"a": 1}, "a.b", "none")
    'none'
    """
    if path == "":
        return data
    current = data
    for key in path.split("."):
        if not isinstance(current, dict) or key not in current:
            return default
        current = current[key]
    return current


@task(
    difficulty="medium",
    inputs=[
        [{"a": 1, "b": {"c": 2, "d": {"e": 3}}}],
        [{}],
        [{"a": {}}],
        [{"x": [1, {"y": 2}]}],
        [{"p": {"q": {"r": {"s": None}}}}],
    ],
)
def flatten_keys(d: dict) -> dict:
    """Flatten nested dictionaries into one level, joining the keys along each path with dots. Values
    that are not dictionaries are kept; an empty nested dictionary disappears.

    >>> flatten_keys({"a": 1, "b": {"c": 2, "d": {"e": 3}}})
    {'a': 1, 'b.c': 2, 'b.d.e': 3}
    """
    flat = {}
    for k, v in d.items():
        if isinstance(v, dict):
            for sub_key, sub_value in flatten_keys(v).items():
                flat[k + "." + sub_key] = sub_value
        else:
            flat[k] = v
    return flat


@task(
    difficulty="medium",
    inputs=[
        [{"a": 1, "b": 2, "c": 3}, {"b": 2, "c": 4, "d": 5}],
        [{}, {}],
        [{}, {"x": 1}],
        [{"x": 1}, {}],
        [{"k": [1]}, {"k": [1, 2]}],
        [{"z": 0, "a": 0}, {"z": 1, "a": 1}],
    ],
)
def compare_dicts(old: dict, new: dict) -> dict:
    """Describe how `new` differs from `old`: return {"added": [...], "removed": [...], "changed": [...]}
    listing (alphabetically) the keys only in `new`, the keys only in `old`, and the keys in both whose
    values differ.

    >>> compare_dicts({"a": 1, "b": 2, "c": 3}, {"b": 2, "c": 4, "d": 5})
    {'added': ['d'], 'removed': ['a'], 'changed': ['c']}
    """
    return {
        "added": sorted(k for k in new if k not in old),
        "removed": sorted(k for k in old if k not in new),
        "changed": sorted(k for k in old if k in new and old[k] != new[k]),
    }


@task(
    difficulty="medium",
    inputs=[
        [["b", "a", "b", "c", "a", "b"], 2],
        [[], 3],
        [["x"], 0],
        [["z", "y", "x"], 2],
        [["a", "b", "b"], 5],
        [["é", "e", "é"], 1],
    ],
)
def top_k_words(words: list, k: int) -> list:
    """Return the `k` most frequent words, most frequent first; words with the same count are ordered
    alphabetically. If there are fewer than `k` distinct words, return them all.

    >>> top_k_words(["b", "a", "b", "c", "a", "b"], 2)
    ['b', 'a']
    """
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))[:k]


@task(difficulty="medium", inputs=[[["a", "b", "a", "c"]], [[]], [["x", "x", "x"]], [["", "a", ""]], [["ö", "o"]]])
def positions_of_each(items: list) -> dict:
    """Map each distinct string in `items` to the list of positions where it occurs.

    >>> positions_of_each(["a", "b", "a", "c"])
    {'a': [0, 2], 'b': [1], 'c': [3]}
    """
    positions = {}
    for i, item in enumerate(items):
        positions.setdefault(item, []).append(i)
    return positions


@task(difficulty="medium", inputs=[["Bob ate a banana!"], [""], ["123 !!"], ["abcABC"], ["zzZ yY"], ["Ééé e"]])
def most_common_letter(text: str) -> str:
    """Return the letter that occurs most often in `text`, ignoring case and ignoring every character
    that is not a letter. Ties go to the letter that appears first in the text. The result is lower
    case; return "" if there are no letters.

    >>> most_common_letter("Bob ate a banana!")
    'a'
    """
    counts = {}
    for c in text.lower():
        if c.isalpha():
            counts[c] = counts.get(c, 0) + 1
    best = ""
    for c, n in counts.items():
        if best == "" or n > counts[best]:
            best = c
    return best


@task(
    difficulty="medium",
    inputs=[[["hi", "yo", "hello", "a"]], [[]], [[""]], [["abcdefghij", "ab", "abc"]], [["same", "size"]]],
)
def count_by_length(words: list) -> dict:
    """Count how many words have each length. Keys are the lengths written as decimal strings, in
    increasing numeric order.

    >>> count_by_length(["hi", "yo", "hello", "a"])
    {'1': 1, '2': 2, '5': 1}
    """
    counts = {}
    for w in words:
        counts[len(w)] = counts.get(len(w), 0) + 1
    return {str(n): counts[n] for n in sorted(counts)}


@task(difficulty="medium", inputs=[["swiss"], [""], ["aabb"], ["z"], ["aabbc"], ["éeé"]])
def first_unique_index(s: str) -> int:
    """Return the index of the first character of `s` that occurs exactly once in `s`, or -1 if every
    character repeats.

    >>> first_unique_index("swiss")
    1
    """
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    for i, c in enumerate(s):
        if counts[c] == 1:
            return i
    return -1


@task(
    difficulty="medium",
    inputs=[
        [{"x": "red", "y": "blue", "a": "red"}],
        [{}],
        [{"k": "v"}],
        [{"c": "1", "b": "1", "a": "1"}],
        [{"é": "x", "e": "y"}],
    ],
)
def invert_grouping(d: dict) -> dict:
    """Invert `d` when values may repeat: map each value (a string) to the alphabetically sorted list
    of keys that had it. Values appear as keys in the order they are first met.

    >>> invert_grouping({"x": "red", "y": "blue", "a": "red"})
    {'red': ['a', 'x'], 'blue': ['y']}
    """
    inverted = {}
    for k, v in d.items():
        inverted.setdefault(v, []).append(k)
    return {v: sorted(keys) for v, keys in inverted.items()}


@task(
    difficulty="hard",
    inputs=[
        [{"a": {"x": 1, "y": 2}, "b": 1}, {"a": {"y": 3}, "c": 4}],
        [{}, {}],
        [{"a": 1}, {"a": {"b": 2}}],
        [{"a": {"b": 2}}, {"a": 1}],
        [{"a": {"b": {"c": 1, "d": 2}}}, {"a": {"b": {"d": 3}}}],
        [{"x": 1}, {}],
    ],
)
def deep_merge(base: dict, override: dict) -> dict:
    """Merge `override` into `base` and return the result as a new dictionary (inputs unchanged). When
    both have a dictionary under the same key, those are merged the same way, recursively; otherwise
    the value from `override` wins.

    >>> deep_merge({"a": {"x": 1, "y": 2}, "b": 1}, {"a": {"y": 3}, "c": 4})
    {'a': {'x': 1, 'y': 3}, 'b': 1, 'c': 4}
    """
    merged = dict(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = deep_merge(merged[k], v)
        else:
            merged[k] = v
    return merged


@task(
    difficulty="hard",
    inputs=[[{"a.b": 1, "a.c": 2, "d": 3}], [{}], [{"x": None}], [{"a.b.c.d": 4}], [{"p.q": 1, "p.r.s": 2, "t": [1]}]],
)
def expand_dotted_keys(flat: dict) -> dict:
    """Turn a dictionary with dot-separated keys into nested dictionaries: "a.b" = 1 becomes
    {"a": {"b": 1}}. Keys sharing a prefix end up in the same nested dictionary.

    >>> expand_dotted_keys({"a.b": 1, "a.c": 2, "d": 3})
    {'a': {'b': 1, 'c': 2}, 'd': 3}
    """
    nested = {}
    for key, value in flat.items():
        parts = key.split(".")
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return nested


@task(
    difficulty="medium",
    inputs=[
        ["noon", "deed"],
        ["tree", "bark"],
        ["", ""],
        ["ab", "aa"],
        ["lever", "radar"],
        ["abc", "ab"],
        ["ñoño", "xyxy"],
    ],
)
def same_pattern(a: str, b: str) -> bool:
    """True when the characters of `a` can be replaced one-for-one to produce `b`: equal characters of
    `a` must map to equal characters of `b`, and different characters to different ones.

    >>> same_pattern("noon", "deed")
    True
    >>> same_pattern("tree", "bark")
    False
    """
    if len(a) != len(b):
        return False
    forward, backward = {}, {}
    for x, y in zip(a, b):
        if forward.setdefault(x, y) != y or backward.setdefault(y, x) != x:
            return False
    return True


@task(
    difficulty="hard",
    inputs=[["abaccab", 2], ["", 2], ["abc", 0], ["aa", 1], ["abaccc", 2], ["abcabc", 3], ["aabbcc", 1]],
)
def longest_with_k_kinds(s: str, k: int) -> int:
    """Length of the longest substring of `s` that contains at most `k` different characters.

    >>> longest_with_k_kinds("abaccab", 2)
    4
    """
    counts = {}
    left = best = 0
    for right, c in enumerate(s):
        counts[c] = counts.get(c, 0) + 1
        while len(counts) > k:
            counts[s[left]] -= 1
            if counts[s[left]] == 0:
                del counts[s[left]]
            left += 1
        best = max(best, right - left + 1)
    return best


@task(
    difficulty="medium",
    inputs=[
        [{"ann": 90, "bo": 75, "cy": 90, "di": 60}],
        [{}],
        [{"x": 5}],
        [{"a": 1, "b": 2, "c": 3}],
        [{"a": -1, "b": -1}],
    ],
)
def dense_ranks(scores: dict) -> dict:
    """Give every name in `scores` a rank: 1 for the highest score, and equal scores share a rank; the
    next lower score gets the next integer (no gaps). Keep the keys in their original order.

    >>> dense_ranks({"ann": 90, "bo": 75, "cy": 90, "di": 60})
    {'ann': 1, 'bo': 2, 'cy': 1, 'di': 3}
    """
    order = sorted(set(scores.values()), reverse=True)
    rank = {score: i + 1 for i, score in enumerate(order)}
    return {name: rank[score] for name, score in scores.items()}


@task(
    difficulty="hard",
    inputs=[
        [{"app": ["lib", "util"], "lib": ["util"], "util": []}],
        [{}],
        [{"a": ["a"]}],
        [{"b": [], "a": []}],
        [{"a": ["b"], "b": ["c"], "c": ["a"]}],
        [{"z": [], "y": ["z"], "x": ["z"], "w": ["x", "y"]}],
    ],
)
def build_order(deps: dict):
    """`deps` maps each target to the list of targets it depends on (every dependency is also a key).
    Return an order in which every target comes after all of its dependencies, choosing the
    alphabetically smallest available target at each step. Return None if the dependencies form a
    cycle.

    >>> build_order({"app": ["lib", "util"], "lib": ["util"], "util": []})
    ['util', 'lib', 'app']
    """
    import heapq

    waiting = {t: len(set(d)) for t, d in deps.items()}
    users = {t: [] for t in deps}
    for t, d in deps.items():
        for dep in set(d):
            users[dep].append(t)
    ready = [t for t, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        t = heapq.heappop(ready)
        order.append(t)
        for user in users[t]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    return order if len(order) == len(deps) else None


@task(
    difficulty="hard",
    inputs=[
        [[2, 3, -1, 4, 1], 4],
        [[], 0],
        [[0, 0, 0], 0],
        [[1, -1, 1, -1], 0],
        [[3, 4, 7, 2, -3, 1, 4, 2], 7],
        [[5], 5],
        [[1, 2, 3], 10],
    ],
)
def count_slices_with_sum(nums: list, target: int) -> int:
    """Count the contiguous, non-empty slices of `nums` whose elements add up to exactly `target`.

    >>> count_slices_with_sum([2, 3, -1, 4, 1], 4)
    3
    """
    seen = {0: 1}
    total = count = 0
    for n in nums:
        total += n
        count += seen.get(total - target, 0)
        seen[total] = seen.get(total, 0) + 1
    return count


@task(
    difficulty="hard",
    inputs=[
        [{"pen": 5, "ink": 1}, [["pen", 3], ["ink", 2], ["pen", 2], ["cap", 1]]],
        [{}, []],
        [{"a": 1}, []],
        [{}, [["a", 1]]],
        [{"a": 2}, [["a", 1], ["a", 1], ["a", 1]]],
        [{"a": 3}, [["a", 4], ["a", 3]]],
    ],
)
def fill_orders(stock: dict, orders: list) -> dict:
    """Process `orders` (a list of [item, quantity] pairs) in sequence against `stock` (item -> units).
    An order is filled only if the item is stocked with at least that many units, and filling it
    reduces the stock. Return {"stock": remaining stock, "rejected": positions of orders not filled}.
    `stock` itself must not be modified.

    >>> fill_orders({"pen": 5, "ink": 1}, [["pen", 3], ["ink", 2], ["pen", 2], ["cap", 1]])
    {'stock': {'pen': 0, 'ink': 1}, 'rejected': [1, 3]}
    """
    remaining = dict(stock)
    rejected = []
    for i, (item, qty) in enumerate(orders):
        if remaining.get(item, 0) >= qty:
            remaining[item] -= qty
        else:
            rejected.append(i)
    return {"stock": remaining, "rejected": rejected}


@task(
    difficulty="hard",
    inputs=[
        ["xbyaxbza", "abz"],
        ["", "a"],
        ["abc", ""],
        ["aa", "aa"],
        ["a", "aa"],
        ["zzabyxbaz", "aab"],
        ["ñandú", "ún"],
    ],
)
def shortest_cover(s: str, needed: str) -> str:
    """Return the shortest substring of `s` that contains every character of `needed`, counting
    repeats (if `needed` has two 'a's, the substring needs at least two). If several are equally
    short, return the leftmost. Return "" if there is none or `needed` is empty.

    >>> shortest_cover("xbyaxbza", "abz")
    'bza'
    """
    if not needed:
        return ""
    want = {}
    for c in needed:
        want[c] = want.get(c, 0) + 1
    missing = len(needed)
    have = {}
    best = ""
    left = 0
    for right, c in enumerate(s):
        have[c] = have.get(c, 0) + 1
        if have[c] <= want.get(c, 0):
            missing -= 1
        while missing == 0:
            if not best or right - left + 1 < len(best):
                best = s[left:right + 1]
            d = s[left]
            have[d] -= 1
            if have[d] < want.get(d, 0):
                missing += 1
            left += 1
    return best


@task(
    difficulty="medium",
    inputs=[
        [{"ls": "list", "list": "dir", "x": "y"}, "ls"],
        [{}, "a"],
        [{"a": "a"}, "a"],
        [{"a": "b", "b": "a"}, "a"],
        [{"a": "b", "b": "c", "c": "d"}, "b"],
        [{"p": "q"}, "q"],
        [{"a": "b", "b": "c", "c": "b"}, "a"],
    ],
)
def resolve_alias(aliases: dict, name: str):
    """`aliases` maps a name to another name it stands for. Starting from `name`, keep following the
    mapping until reaching a name that is not a key, and return that name. Return None if the chain
    comes back to a name already visited.

    >>> resolve_alias({"ls": "list", "list": "dir", "x": "y"}, "ls")
    'dir'
    """
    seen = set()
    while name in aliases:
        if name in seen:
            return None
        seen.add(name)
        name = aliases[name]
    return name
