"""Exact-type value codec between the trusted harness and the untrusted sample.

Only plain data crosses the sandbox boundary: None, bool, int, float, str, and list, tuple, dict, set,
frozenset of those. The wire form is JSON in which every container is a one-key tagged object, so a decoded
value is always built from exact builtin types by the trusted side itself: nothing the sample sends is
unpickled, and no subclass, custom `__eq__` or proxy object can survive the trip. Encoding is strict too
(`type(x) is int`, not `isinstance`), so an `int` subclass with forged comparisons is refused on the sample's
side and, should a tampered encoder send it anyway, arrives as a plain int.

Bounded work for the trusted side: a message from a sample is at most SAMPLE_MESSAGE_CAP bytes (the sample's
side reports a larger value as unsupported; the trusted side refuses a larger frame), a set or dict whose
members share one hash more than MAX_EQUAL_HASHES times is refused in linear time (colliding ints or tuples
would make building it, or any later lookup in it, quadratic), and decoding checks the sample's deadline.

Not covered: values of other types (numpy scalars, user classes, generators) cannot be returned; the call
fails with `CodecError`, which the harness reports as a failed test.
"""

from __future__ import annotations

import json
import time

MAX_DEPTH = 100
SAMPLE_MESSAGE_CAP = 1 << 20
MAX_EQUAL_HASHES = 16
_HASH_MODULUS = (1 << 61) - 1  # CPython's numeric hash modulus: reduced hashes are their own hashes
_DEADLINE_EVERY = 4096  # nodes between two looks at the clock


class CodecError(ValueError):
    """A value that is not plain data, or a wire message that does not decode to plain data."""


_SCALARS = (type(None), bool, int, float, str)
_TAGS = {list: "l", tuple: "t", set: "s", frozenset: "f", dict: "d"}


def to_wire(value, depth: int = 0):
    """Plain data -> JSON-ready structure, refusing anything whose exact type is not allowed."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if depth >= MAX_DEPTH:
        raise CodecError("value nested too deeply")
    tag = _TAGS.get(kind)
    if tag is None:
        raise CodecError(f"unsupported type {kind.__name__}")
    if tag == "d":
        return {"d": [[to_wire(k, depth + 1), to_wire(v, depth + 1)] for k, v in value.items()]}
    return {tag: [to_wire(item, depth + 1) for item in value]}


def from_wire(wire, deadline: float | None = None):
    """JSON structure -> plain data of exact builtin types; anything unexpected is a CodecError, and so is
    running past `deadline` (a time.monotonic() value)."""
    return _Decoder(deadline).decode(wire, 0)


class _Decoder:
    def __init__(self, deadline: float | None):
        self.deadline, self.nodes = deadline, 0

    def decode(self, wire, depth: int):
        self.nodes += 1
        if self.deadline is not None and self.nodes % _DEADLINE_EVERY == 0 and time.monotonic() > self.deadline:
            raise CodecError("decoding the value ran past the time limit")
        kind = type(wire)
        if kind in _SCALARS:
            return wire
        if depth >= MAX_DEPTH:
            raise CodecError("value nested too deeply")
        if kind is not dict or len(wire) != 1:
            raise CodecError("malformed value")
        (tag, items), = wire.items()
        if type(items) is not list:
            raise CodecError("malformed value")
        depth += 1
        if tag == "l":
            return [self.decode(item, depth) for item in items]
        if tag == "t":
            return tuple(self.decode(item, depth) for item in items)
        if tag in ("s", "f"):
            members = [self.decode(item, depth) for item in items]
            _refuse_colliding(members)
            return set(members) if tag == "s" else frozenset(members)
        if tag == "d":
            pairs = []
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise CodecError("malformed dict entry")
                pairs.append((self.decode(pair[0], depth), self.decode(pair[1], depth)))
            _refuse_colliding([key for key, _ in pairs])
            return dict(pairs)
        raise CodecError(f"unknown tag {tag!r}")


def _refuse_colliding(keys: list) -> None:
    counts: dict[int, int] = {}
    for key in keys:
        try:
            reduced = hash(key) % _HASH_MODULUS
        except TypeError as e:  # unhashable set member or dict key
            raise CodecError(str(e)) from None
        counts[reduced] = counts.get(reduced, 0) + 1
        if counts[reduced] > MAX_EQUAL_HASHES:
            raise CodecError(f"more than {MAX_EQUAL_HASHES} set members or dict keys share one hash")


def dumps(message: dict) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode()


def loads(data: bytes) -> dict:
    """A protocol message from bytes; anything but a JSON object is a CodecError."""
    try:
        message = json.loads(data)
    except (ValueError, RecursionError) as e:  # ValueError covers huge ints and bad UTF-8 too
        raise CodecError(f"undecodable message: {str(e)[:100]}") from None
    if type(message) is not dict:
        raise CodecError("message is not an object")
    return message
