"""Text that came from a model or a sample, made safe for where it goes (a leaf: standard library only)."""

from __future__ import annotations


def encodable(text: str) -> str:
    """`text` with each lone surrogate (which strict UTF-8 writers such as SQLite's refuse, and which no
    program can contain) written as its visible backslash escape; every other character is kept."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_ESCAPED = {c: f"\\x{c:02x}" for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))}


def printable(text: str) -> str:
    """encodable(), and control characters other than newline and tab (terminal escape sequences begin with
    them) as visible escapes too: safe for every writer and every screen."""
    return encodable(text).translate(_ESCAPED)
