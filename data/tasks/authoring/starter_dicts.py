"""Starter tier of the `dicts` family: one- to three-line dictionary tasks a beginner writes.

Written for codegen-rlhf (original wording, Apache-2.0). Built by build.py into
codegen_rlhf/data/tasks/starter_dicts.jsonl. See data/README.md (Tiers) for why this tier exists.
"""

from _task import task

FAMILY = "dicts"
TIER = "starter"


@task(
    difficulty="easy",
    inputs=[[{"apple": 3, "pear": 5}, "pear"], [{"apple": 3}, "kiwi"], [{}, "x"], [{"tea": 0}, "tea"],
            [{"a": 1.5, "b": 2}, "a"]],
)
def price_of(prices: dict, item: str):
    """Return the price of `item` from the dictionary `prices`, or 0 if `item` is not in it.

    >>> price_of({"apple": 3, "pear": 5}, "pear")
    5
    """
    return prices.get(item, 0)


@task(
    difficulty="easy",
    inputs=[[{"ann": 31, "bob": 25}, "bob"], [{"ann": 31}, "Ann"], [{}, ""], [{"": 1}, ""], [{"x": None}, "x"]],
)
def is_registered(registry: dict, name: str) -> bool:
    """Return True if `name` is one of the keys of `registry`, otherwise False.

    >>> is_registered({"ann": 31, "bob": 25}, "bob")
    True
    """
    return name in registry


@task(difficulty="easy", inputs=[[{"b": 1, "a": 2, "c": 3}], [{}], [{"z": 0}], [{"B": 1, "a": 1}], [{"10": 1, "9": 2}]])
def sorted_keys(d: dict) -> list:
    """Return the keys of `d` as a list sorted in alphabetical order.

    >>> sorted_keys({"b": 1, "a": 2, "c": 3})
    ['a', 'b', 'c']
    """
    return sorted(d.keys())


@task(
    difficulty="easy",
    inputs=[[{"a": 1}, "b", 2], [{}, "k", "v"], [{"a": 1}, "a", 5], [{"x": [1]}, "y", None], [{"p": 0, "q": 1}, "r", 2]],
)
def with_entry(d: dict, key: str, value) -> dict:
    """Return a new dictionary with all the entries of `d` plus `key` set to `value` (replacing any
    old value of `key`). Do not change `d` itself.

    >>> with_entry({"a": 1}, "b", 2)
    {'a': 1, 'b': 2}
    """
    result = dict(d)
    result[key] = value
    return result


@task(difficulty="easy", inputs=[[{"x": 2, "y": 5}], [{}], [{"neg": -3}], [{"f": 0.5, "z": 0}], [{"big": 10 ** 12}]])
def double_values(d: dict) -> dict:
    """Return a new dictionary with the same keys as `d` and every value multiplied by two.

    >>> double_values({"x": 2, "y": 5})
    {'x': 4, 'y': 10}
    """
    return {k: v * 2 for k, v in d.items()}


@task(
    difficulty="easy",
    inputs=[[["a", "b"], [1, 2]], [[], []], [["k"], ["v"]], [["x", "y", "z"], [None, True, 0]], [["n", "m"], [[1], []]]],
)
def pair_up(keys: list, values: list) -> dict:
    """Return a dictionary that maps `keys[i]` to `values[i]` for every position i. Both lists have the
    same length and the keys are all different.

    >>> pair_up(["a", "b"], [1, 2])
    {'a': 1, 'b': 2}
    """
    return dict(zip(keys, values))


@task(
    difficulty="easy",
    inputs=[[{"pen": 4, "ink": 2}, "pen", 3], [{"pen": 4}, "pen", 9], [{}, "cup", 1], [{"cup": 5}, "cup", 0],
            [{"a": 1, "b": 7}, "b", 7]],
)
def stock_left(stock: dict, item: str, sold: int) -> int:
    """`stock` maps items to how many are in the shop. Return how many of `item` are left after `sold`
    of them are sold, never less than 0. An item missing from `stock` counts as 0 in the shop.

    >>> stock_left({"pen": 4, "ink": 2}, "pen", 3)
    1
    """
    return max(stock.get(item, 0) - sold, 0)


@task(
    difficulty="medium",
    inputs=[[{"nick": "Bo", "name": "Robert"}, ["nickname", "nick", "name"]], [{}, ["a"]], [{"a": 1}, []],
            [{"a": 0, "b": 2}, ["a", "b"]], [{"x": 1}, ["y", "z"]], [{"p": None, "q": 3}, ["q", "p"]]],
)
def first_found(d: dict, keys: list):
    """Go through `keys` in order and return the value in `d` of the first key that `d` has.
    Return None if none of `keys` is in `d`.

    >>> first_found({"nick": "Bo", "name": "Robert"}, ["nickname", "nick", "name"])
    'Bo'
    """
    for key in keys:
        if key in d:
            return d[key]
    return None


@task(
    difficulty="easy",
    inputs=[[{"a": 1, "b": 2}, "a"], [{"a": 1}, "z"], [{}, "a"], [{"k": None, "j": 0}, "j"], [{"x": 1, "y": 2, "z": 3}, "y"]],
)
def without_key(d: dict, key: str) -> dict:
    """Return a new dictionary with every entry of `d` except the one whose key is `key`.
    If `key` is not in `d`, return a copy of `d`.

    >>> without_key({"a": 1, "b": 2}, "a")
    {'b': 2}
    """
    return {k: v for k, v in d.items() if k != key}


@task(
    difficulty="easy",
    inputs=[[{"tea": 2, "cake": 3, "jam": 1}, ["tea", "cake"]], [{"a": 5}, []], [{"a": 5}, ["a", "a"]],
            [{"x": 0.5, "y": 0.25}, ["x", "y"]], [{"p": 10, "q": -2}, ["q"]]],
)
def total_cost(prices: dict, items: list):
    """`prices` maps each item to its price. Return the total price of all the names in `items`
    (a name listed twice is paid twice). Every name in `items` is a key of `prices`.

    >>> total_cost({"tea": 2, "cake": 3, "jam": 1}, ["tea", "cake"])
    5
    """
    return sum(prices[name] for name in items)


@task(
    difficulty="medium",
    inputs=[[{"colour": "red", "size": 2}, "colour", "color"], [{"a": 1}, "b", "c"], [{}, "a", "b"],
            [{"a": 1, "b": 2, "c": 3}, "b", "z"], [{"x": None}, "x", "y"]],
)
def rename_key(d: dict, old: str, new: str) -> dict:
    """Return a new dictionary like `d` but with the key `old` renamed to `new` (same value). The renamed
    entry goes last. If `old` is not a key of `d`, return a copy of `d`.

    >>> rename_key({"colour": "red", "size": 2}, "colour", "color")
    {'size': 2, 'color': 'red'}
    """
    result = dict(d)
    if old in result:
        result[new] = result.pop(old)
    return result


@task(difficulty="easy", inputs=[[{"mon": 12, "tue": 30, "wed": 7}], [{}], [{"x": -4}], [{"a": -1, "b": -9}], [{"p": 2.5, "q": 2}]])
def largest_value(d: dict):
    """Return the largest value stored in `d`, or None if `d` is empty.

    >>> largest_value({"mon": 12, "tue": 30, "wed": 7})
    30
    """
    if not d:
        return None
    return max(d.values())


@task(
    difficulty="easy",
    inputs=[[{"rent": -500, "salary": 2000, "gift": 50}], [{}], [{"zero": 0}], [{"a": -1}], [{"x": 1, "y": 0.5}]],
)
def positive_entries(d: dict) -> dict:
    """Return a new dictionary with only the entries of `d` whose value is greater than 0.

    >>> positive_entries({"rent": -500, "salary": 2000, "gift": 50})
    {'salary': 2000, 'gift': 50}
    """
    return {k: v for k, v in d.items() if v > 0}


@task(
    difficulty="medium",
    inputs=[[["hello", "friend"], {"hello": "hola", "friend": "amigo"}], [[], {"a": "b"}], [["cat", "dog"], {"dog": "perro"}],
            [["a", "a"], {"a": "x"}], [["Hello"], {"hello": "hola"}]],
)
def translate_words(words: list, dictionary: dict) -> list:
    """Return a list where each word of `words` is replaced by its translation from `dictionary`.
    A word that is not a key of `dictionary` stays unchanged.

    >>> translate_words(["hello", "friend"], {"hello": "hola", "friend": "amigo"})
    ['hola', 'amigo']
    """
    return [dictionary.get(w, w) for w in words]


@task(difficulty="easy", inputs=[[{"a": 1, "b": 2}], [{}], [{"name": "Bo"}], [{"x": None, "y": True}], [{"k": [1, 2]}]])
def key_value_strings(d: dict) -> list:
    """Return a list with one string "key=value" for each entry of `d`, in the order of `d`.

    >>> key_value_strings({"a": 1, "b": 2})
    ['a=1', 'b=2']
    """
    return [f"{k}={v}" for k, v in d.items()]


@task(
    difficulty="medium",
    inputs=[[{"a": 1, "b": 2}, {"b": 3, "c": 4}], [{}, {}], [{"x": 1}, {}], [{}, {"y": 2}], [{"n": -1}, {"n": 1}]],
)
def add_counts(first: dict, second: dict) -> dict:
    """Return a new dictionary with every key of `first` and `second`. A key in both gets the sum of its
    two values. Keys of `first` come first, then the new keys of `second`.

    >>> add_counts({"a": 1, "b": 2}, {"b": 3, "c": 4})
    {'a': 1, 'b': 5, 'c': 4}
    """
    result = dict(first)
    for k, v in second.items():
        result[k] = result.get(k, 0) + v
    return result


@task(difficulty="easy", inputs=[[[["a", 1], ["b", 2]]], [[]], [[["k", "v"]]], [[["x", 1], ["x", 2]]], [[["n", None], ["m", [0]]]]])
def pairs_to_dict(pairs: list) -> dict:
    """Return a dictionary built from `pairs`, a list of [key, value] lists. If a key appears more than once,
    the last value wins.

    >>> pairs_to_dict([["a", 1], ["b", 2]])
    {'a': 1, 'b': 2}
    """
    return {k: v for k, v in pairs}


@task(difficulty="easy", inputs=[[{"name": 1, "Age": 2}], [{}], [{"ABC": 0}], [{"mIx": "v", "x1": None}], [{"é": 3}]])
def uppercase_keys(d: dict) -> dict:
    """Return a new dictionary where every key of `d` is written in capital letters; the values stay the same.

    >>> uppercase_keys({"name": 1, "Age": 2})
    {'NAME': 1, 'AGE': 2}
    """
    return {k.upper(): v for k, v in d.items()}


@task(
    difficulty="easy",
    inputs=[[{"ann": 72, "ben": 45, "cy": 90}, 60], [{}, 10], [{"a": 5}, 5], [{"a": 6, "b": 7}, 0], [{"x": -1}, -2]],
)
def count_values_above(scores: dict, limit: int) -> int:
    """Return how many values in `scores` are strictly greater than `limit`.

    >>> count_values_above({"ann": 72, "ben": 45, "cy": 90}, 60)
    2
    """
    return sum(1 for v in scores.values() if v > limit)


@task(
    difficulty="easy",
    inputs=[[{"red": "#f00", "blue": "#00f"}, "red"], [{"red": "#f00"}, "green"], [{}, "x"], [{"a": ""}, "a"],
            [{"k": "v"}, "K"]],
)
def lookup_or_unknown(table: dict, key: str) -> str:
    """Return the value stored under `key` in `table`, or the string "unknown" if `key` is missing.

    >>> lookup_or_unknown({"red": "#f00", "blue": "#00f"}, "green")
    'unknown'
    """
    return table.get(key, "unknown")
