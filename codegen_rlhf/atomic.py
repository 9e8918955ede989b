"""Writing a directory so that readers see the old one or the complete new one, never a half-written one.

    with atomic_directory(out) as tmp:      # every writer writes into `tmp`
        model.save_pretrained(tmp)
    # here `out` is the new directory

The new content is staged in `.tmp-<name>` beside `out` (same filesystem, so the final step is a rename),
fsync'd, and swapped with an existing `out` in one atomic exchange (renameat2 RENAME_EXCHANGE); the old content
is then deleted. So a kill at any moment leaves either the old or the new directory under `out`, plus leftovers
the next write removes. Where the filesystem cannot exchange, `out` is set aside as `.old-<name>` and the
staging directory renamed in its place; a kill between those two renames leaves the old one under `.old-`,
and the next write puts it back before anything else. If the body raises, the staging directory is removed and
`out` is untouched.

Several processes can write into one staging directory (DeepSpeed ranks saving a ZeRO-3 model together):
pass `main=` (the one process that prepares, renames and cleans up) and `barrier=` (a collective all ranks
reach before writing and after writing). The staging name is fixed, not random, for that reason: every rank
must find the same directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_directory(out: str | os.PathLike, *, main: bool = True,
                     barrier: Callable[[], None] = lambda: None) -> Iterator[Path]:
    """Yield an empty staging directory that replaces `out` when the block ends without an exception."""
    out = Path(out)
    tmp, old = out.with_name(f".tmp-{out.name}"), out.with_name(f".old-{out.name}")
    if main:
        if old.exists() and not out.exists():  # killed between the fallback's two renames: the old one is whole
            os.replace(old, out)
        for leftover in (tmp, old):  # from a write that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        tmp.mkdir(parents=True)
    barrier()
    try:
        yield tmp
    except BaseException:
        if main:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    barrier()
    if main:
        fsync_tree(tmp)
        if not out.exists():
            os.replace(tmp, out)
        elif _exchange(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)  # now the old content
        else:
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
    barrier()


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system or filesystem cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def fsync_tree(folder: Path) -> None:
    """Flush every file under `folder` to disk, so the rename cannot land before the content."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
