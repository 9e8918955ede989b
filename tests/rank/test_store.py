"""The ranking store: idempotent import, atomic submits, migration, append-only events, two writers at once."""

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from rankdb import fill

from codegen_rlhf.errors import UserError
from codegen_rlhf.rank.store import MIGRATIONS, SCHEMA_VERSION, ItemChanged, Store, _statements


def test_import_twice_adds_nothing(tmp_path):
    with Store(tmp_path / "r.db") as store:
        fill(store)
        fill(store)
        assert store.query("SELECT COUNT(*) FROM prompts")[0][0] == 3
        assert store.query("SELECT COUNT(*) FROM candidates")[0][0] == 9
        assert store.query("SELECT COUNT(*) FROM executions")[0][0] == 9
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"


def test_display_order_is_recorded_per_annotator_and_stable(tmp_path):
    with Store(tmp_path / "r.db") as store:
        (pid,) = fill(store, n_items=1, k=6)
        alice, bob = store.annotator("alice"), store.annotator("bob")
        first = [c.id for c in store.item(alice, pid).candidates]
        assert sorted(first) == sorted(c.id for c in store.item(bob, pid).candidates)
        assert [c.id for c in store.item(alice, pid).candidates] == first
        recorded = store.query("SELECT display_order FROM assignments WHERE annotator_id = ?", [alice])[0][0]
        assert recorded == str(first).replace(" ", "").replace(",", ", ")


def test_submit_stores_all_criteria_and_moves_queue(tmp_path):
    with Store(tmp_path / "r.db") as store:
        p1, p2, p3 = fill(store)
        ann = store.annotator("alice")
        assert store.next_item_id(ann) == p1
        c = [cand.id for cand in store.item(ann, p1).candidates]
        levels = {"overall": {c[0]: 1, c[1]: 1, c[2]: 2}, "readability": {c[0]: 2, c[1]: 1, c[2]: 3}}
        store.submit(ann, p1, levels, seconds_spent=4.5, comment="close call")
        store.skip(ann, p2, "cannot judge")
        assert store.next_item_id(ann) == p3
        assert store.progress(ann) == (2, 3)
        assert store.rankings("overall") == {("alice", p1): levels["overall"]}
        assert store.rankings("readability") == {("alice", p1): levels["readability"]}
        assert store.rankings("correctness") == {}
        assert store.query("SELECT text FROM comments")[0][0] == "close call"
        kinds = [r[0] for r in store.query("SELECT kind FROM events ORDER BY id")]
        assert kinds.count("submit") == 1 and kinds.count("skip") == 1


def test_resubmit_replaces_and_rejects_partial_rankings(tmp_path):
    with Store(tmp_path / "r.db") as store:
        (pid,) = fill(store, n_items=1, k=2)
        ann = store.annotator("alice")
        a, b = [c.id for c in store.item(ann, pid).candidates]
        store.submit(ann, pid, {"overall": {a: 1, b: 2}}, 1.0)
        store.submit(ann, pid, {"overall": {a: 2, b: 1}}, 2.0)
        assert store.rankings() == {("alice", pid): {a: 2, b: 1}}
        with pytest.raises(ValueError, match="every candidate"):
            store.submit(ann, pid, {"overall": {a: 1}}, 1.0)
        with pytest.raises(ValueError, match="or none"):
            store.submit(ann, pid, {"overall": {a: 1, b: 2}, "correctness": {a: 1}}, 1.0)
        assert store.rankings() == {("alice", pid): {a: 2, b: 1}}


def test_events_are_append_only(tmp_path):
    with Store(tmp_path / "r.db") as store:
        store.log(None, None, "hello")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute("UPDATE events SET kind = 'changed'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute("DELETE FROM events")


def test_older_schema_is_migrated_keeping_data(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1)")
    db.execute("INSERT INTO prompts (task_id, prompt, content_hash, created_at) VALUES ('t', 'p', 'h', 0)")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 3
        assert store.query("SELECT task_id FROM prompts")[0][0] == "t"
        assert store.query("SELECT COUNT(*) FROM comments")[0][0] == 0
        assert "blind" in [r[1] for r in store.query("PRAGMA table_info(submissions)")]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(UserError, match="newer"):
        Store(path)


def test_not_a_database_is_a_user_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_text("this is not sqlite" * 100)
    with pytest.raises(UserError, match="not a usable"):
        Store(path)
    with pytest.raises(UserError, match="no such"):
        Store(tmp_path / "missing.db", create=False)


WRITER = textwrap.dedent(
    """
    import sys
    from codegen_rlhf.rank.store import Store
    path, name = sys.argv[1], sys.argv[2]
    with Store(path) as store:
        ann = store.annotator(name)
        print("ready", flush=True)
        # Both connections are open before either writes, so the two really compete for the write lock
        # (SQLite may still let one of them win most rounds: it is fair to nobody, but it loses nothing).
        sys.stdin.readline()
        while (pid := store.next_item_id(ann)) is not None:
            ids = [c.id for c in store.item(ann, pid).candidates]
            store.log(ann, pid, "rank", {"key": 1})
            store.submit(ann, pid, {"overall": {cid: i + 1 for i, cid in enumerate(ids)}}, 0.1)
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    with Store(path) as store:
        fill(store, n_items=100, k=3)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name in ("alice", "bob")
    ]
    for w in writers:
        assert w.stdout.readline() == "ready\n"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    with Store(path) as store:
        per_annotator = dict(store.query(
            "SELECT a.name, COUNT(*) FROM submissions s JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name"
        ))
        assert per_annotator == {"alice": 100, "bob": 100}
        assert store.query("SELECT COUNT(*) FROM rankings")[0][0] == 2 * 100 * 3
        assert store.query("SELECT COUNT(*) FROM events WHERE kind IN ('rank', 'submit')")[0][0] == 2 * 100 * 2


def test_a_submit_or_skip_based_on_an_old_revision_is_refused(tmp_path):
    with Store(tmp_path / "r.db") as store:
        (pid,) = fill(store, n_items=1, k=2)
        ann = store.annotator("alice")
        a, b = [c.id for c in store.item(ann, pid).candidates]
        opened = store.revision(ann, pid)
        assert opened == 0
        store.submit(ann, pid, {"overall": {a: 1, b: 2}}, 1.0, expected_revision=opened)  # the first terminal
        with pytest.raises(ItemChanged):
            store.submit(ann, pid, {"overall": {a: 2, b: 1}}, 1.0, expected_revision=opened)  # the second one
        with pytest.raises(ItemChanged):
            store.skip(ann, pid, "unclear", expected_revision=opened)
        assert store.rankings() == {("alice", pid): {a: 1, b: 2}} and store.saved(ann, pid)[1] is None
        store.submit(ann, pid, {"overall": {a: 2, b: 1}}, 1.0, expected_revision=store.revision(ann, pid))
        assert store.rankings() == {("alice", pid): {a: 2, b: 1}}
