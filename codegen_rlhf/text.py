"""Text that came from a model or a sample, made safe for where it goes (a leaf: standard library only)."""

from __future__ import annotations

import unicodedata


def encodable(text: str) -> str:
    """`text` with each lone surrogate (which strict UTF-8 writers such as SQLite's refuse, and which no
    program can contain) written as its visible backslash escape; every other character is kept."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def printable(text: str) -> str:
    """encodable(), and control and format characters other than newline and tab as visible escapes (`\\x1b`,
    `\\u202e`): terminal escape sequences begin with the former, bidi overrides among the latter reorder what a
    reader sees. Safe for every writer and every screen."""
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") else ascii(ch)[1:-1]
                   for ch in encodable(text))
