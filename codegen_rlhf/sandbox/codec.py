"""Exact-type value codec between the trusted harness and the untrusted sample.

Only plain data crosses the sandbox boundary: None, bool, int, float, str, and list, tuple, dict, set,
frozenset of those. The wire form is JSON in which every container is a one-key tagged object, so a decoded
value is always built from exact builtin types by the trusted side itself: nothing the sample sends is
unpickled, and no subclass, custom `__eq__` or proxy object can survive the trip. Encoding is strict too
(`type(x) is int`, not `isinstance`), so an `int` subclass with forged comparisons is refused on the sample's
side and, should a tampered encoder send it anyway, arrives as a plain int.

Not covered: values of other types (numpy scalars, user classes, generators) cannot be returned; the call
fails with `CodecError`, which the harness reports as a failed test.
"""

from __future__ import annotations

import json

MAX_DEPTH = 100


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


def from_wire(wire, depth: int = 0):
    """JSON structure -> plain data of exact builtin types; anything unexpected is a CodecError."""
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
    try:
        if tag == "l":
            return [from_wire(item, depth + 1) for item in items]
        if tag == "t":
            return tuple(from_wire(item, depth + 1) for item in items)
        if tag == "s":
            return {from_wire(item, depth + 1) for item in items}
        if tag == "f":
            return frozenset(from_wire(item, depth + 1) for item in items)
        if tag == "d":
            out = {}
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise CodecError("malformed dict entry")
                out[from_wire(pair[0], depth + 1)] = from_wire(pair[1], depth + 1)
            return out
    except TypeError as e:  # unhashable set member or dict key
        raise CodecError(str(e)) from None
    raise CodecError(f"unknown tag {tag!r}")


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
