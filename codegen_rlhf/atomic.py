"""Writing a directory so that readers see the old one or the complete new one, never a half-written one.

    with atomic_directory(out) as tmp:      # every writer writes into `tmp`
        model.save_pretrained(tmp)
    # here `out` is the new directory

The new content is staged in `.tmp-<name>` beside `out` (same filesystem, so the final step is a rename),
fsync'd, and renamed over `out`; an existing `out` is first set aside as `.old-<name>` and deleted after, so a
kill at any moment leaves either the old or the new directory under `out` (plus leftovers the next write
removes). If the body raises, the staging directory is removed and `out` is untouched.

Several processes can write into one staging directory (DeepSpeed ranks saving a ZeRO-3 model together):
pass `main=` (the one process that prepares, renames and cleans up) and `barrier=` (a collective all ranks
reach before writing and after writing). The staging name is fixed, not random, for that reason: every rank
must find the same directory.
"""

from __future__ import annotations

import contextlib
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
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    barrier()


def fsync_tree(folder: Path) -> None:
    """Flush every file under `folder` to disk, so the rename cannot land before the content."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
