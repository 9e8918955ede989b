"""atomic.atomic_directory: the directory under its name is the old one or the complete new one."""

import pytest

from codegen_rlhf.atomic import atomic_directory


def test_a_new_directory_replaces_the_old_one_and_leaves_nothing_beside_it(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with atomic_directory(out) as tmp:
        assert tmp != out and tmp.parent == out.parent and tmp.is_dir() and not any(tmp.iterdir())
        (tmp / "new.txt").write_text("new")
        assert (out / "old.txt").read_text() == "old"  # readers still see the old one while it is written
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_a_failed_write_keeps_the_old_directory_and_removes_the_staging(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_directory(out) as tmp:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("killed")
    assert [p.name for p in out.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_leftovers_of_a_killed_write_are_cleared_and_parents_created(tmp_path):
    out = tmp_path / "runs" / "final"
    (tmp_path / "runs" / ".tmp-final").mkdir(parents=True)
    (tmp_path / "runs" / ".tmp-final" / "stale.txt").write_text("stale")
    (tmp_path / "runs" / ".old-final").mkdir()
    with atomic_directory(out) as tmp:
        (tmp / "done.txt").write_text("done")
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["final"]
    assert [p.name for p in out.iterdir()] == ["done.txt"]


def test_a_write_killed_between_the_fallbacks_renames_gets_the_old_directory_back(tmp_path):
    """Left by a kill after `out` was set aside and before the new one took its place (the fallback where the
    filesystem cannot exchange): the next write restores the old one first, so it is never lost."""
    out = tmp_path / "final"
    (tmp_path / ".old-final").mkdir()
    (tmp_path / ".old-final" / "weights.bin").write_text("old")
    (tmp_path / ".tmp-final").mkdir()
    with pytest.raises(RuntimeError), atomic_directory(out):
        raise RuntimeError("this write fails too")
    assert [p.name for p in out.iterdir()] == ["weights.bin"]
    assert [p.name for p in tmp_path.iterdir()] == ["final"]
