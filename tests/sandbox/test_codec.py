"""The exact-type codec: plain data round-trips with its exact types; nothing else gets through."""

import json
import math

import pytest

from codegen_rlhf.sandbox.codec import CodecError, from_wire, loads, to_wire

PLAIN = [None, True, False, 0, -7, 2 ** 100, 1.5, -0.0, float("inf"), "héllo", "", [], (), {}, set(),
         frozenset({1, 2}), [1, (2, 3), {"a": [None, 1.0]}], {(1, 2): {3, 4}}, {1: "a", "1": "b"}, ((),)]


def exact(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(exact, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(exact(a[k], b[k]) for k in a)
    return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize("value", PLAIN, ids=repr)
def test_round_trip_keeps_exact_types(value):
    wire = json.loads(json.dumps(to_wire(value)))
    assert exact(from_wire(wire), value)


def test_bool_and_int_and_float_stay_distinct():
    assert [type(v) for v in from_wire(json.loads(json.dumps(to_wire([True, 1, 1.0]))))] == \
        [bool, int, float]


@pytest.mark.parametrize("value", [type("MyInt", (int,), {})(3), type("MyStr", (str,), {})("x"),
                                   type("MyList", (list,), {})(), object(), b"bytes", 1j, range(3),
                                   [1, type("MyFloat", (float,), {})(1.0)]], ids=repr)
def test_subclasses_and_other_types_are_refused(value):
    with pytest.raises(CodecError):
        to_wire(value)


@pytest.mark.parametrize("wire", [{"x": []}, {"l": 1}, {"l": [], "t": []}, {"d": [[1]]}, {"s": [{"l": []}]},
                                  {"d": [[{"l": []}, 1]]}, {"o": []}], ids=repr)
def test_malformed_wire_values_are_refused(wire):
    with pytest.raises(CodecError):
        from_wire(wire)


def test_depth_and_message_limits():
    deep = [1]
    for _ in range(200):
        deep = [deep]
    with pytest.raises(CodecError):
        to_wire(deep)
    with pytest.raises(CodecError):
        loads(b"[" * 100000)
    with pytest.raises(CodecError):
        loads(b"[1, 2]")  # a message must be an object
