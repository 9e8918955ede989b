"""JSON Lines reading and atomic writing, with errors that name the file and line."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from codegen_rlhf.errors import UserError


def iter_jsonl(path: str | os.PathLike) -> Iterator[tuple[int, dict]]:
    """Yield (line_number, object) for each non-blank line; a bad line is a UserError naming it."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    opener = _open_gz if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="surrogateescape") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            if _has_surrogates(line):  # bytes that are not UTF-8 (a JSON \ud800 escape is still welcome)
                raise UserError(f"{path}:{number}: not UTF-8 text")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise UserError(f"{path}:{number}: malformed JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise UserError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}")
            yield number, obj


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    return [obj for _, obj in iter_jsonl(path)]


def write_jsonl(path: str | os.PathLike, rows: Iterable[dict]) -> None:
    """Write all rows or nothing: a temp file in the same directory, fsync'd, then renamed over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class atomic_open:
    """`with atomic_open(path) as f:` writes text to a temp file that replaces `path` only on success.

    Any str can be written: a lone surrogate (which a model's or a sample's text may hold, and which strict
    UTF-8 refuses) is written as its backslash escape. Inside a JSON string that escape reads back as the same
    character, so JSON Lines round-trip exactly."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp's 0600 would make every output file private
        self.file = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace")
        return self.file

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.replace(self.tmp, self.path)
        else:
            self.file.close()
            os.unlink(self.tmp)
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _open_gz(path, mode, encoding, errors):
    return gzip.open(path, mode, encoding=encoding, errors=errors)
