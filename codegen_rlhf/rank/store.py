"""The ranking database: one SQLite file in WAL mode that several annotators share.

What it guarantees:
- every write is one `BEGIN IMMEDIATE` transaction with a busy timeout, so two processes writing at once wait
  for each other instead of failing, and a submitted ranking is on disk when `submit` returns (a SIGKILL
  afterwards loses nothing; a SIGKILL before it loses only the unsubmitted item);
- importing the same candidates again adds nothing: prompts and candidates are unique by content hash;
- an older file is migrated forward on open (the `schema_version` table records how far); a file written by a
  newer version is refused rather than guessed at;
- the `events` table is append-only (triggers refuse UPDATE and DELETE): it is the audit trail of every key
  action, while `rankings`/`submissions`/`skips` hold the current state that stats and export read;
- a submit or skip can name the revision it was based on (`revision()` when the item was opened): if another
  session has submitted or skipped the item since, it is refused with `ItemChanged` instead of silently
  replacing that work.

What it does not do: it keeps no history of a replaced ranking other than the event log, and it does not
execute anything (prepare stores results the sandbox produced).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.text import encodable

CRITERIA = ("overall", "correctness", "readability")
BUSY_TIMEOUT_MS = 60_000

# Each entry brings a file from version i to i + 1; never edit a released entry, append a new one.
MIGRATIONS: list[str] = [
    # 1: prompts, candidates with their sandbox results, annotators, display orders, rankings, events.
    """
    CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        task_id TEXT NOT NULL,
        prompt TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        problem_json TEXT,
        created_at REAL NOT NULL
    );
    CREATE TABLE candidates (
        id INTEGER PRIMARY KEY,
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        completion TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        UNIQUE (prompt_id, content_hash)
    );
    CREATE TABLE executions (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
        status TEXT NOT NULL,
        passed INTEGER NOT NULL,
        tests_passed INTEGER,
        tests_total INTEGER,
        duration_ms REAL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE annotators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at REAL NOT NULL
    );
    CREATE TABLE assignments (
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        display_order TEXT NOT NULL,
        assigned_at REAL NOT NULL,
        PRIMARY KEY (annotator_id, prompt_id)
    );
    CREATE TABLE submissions (
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        submitted_at REAL NOT NULL,
        seconds_spent REAL NOT NULL,
        PRIMARY KEY (annotator_id, prompt_id)
    );
    CREATE TABLE rankings (
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        criterion TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
        PRIMARY KEY (annotator_id, candidate_id, criterion)
    );
    CREATE INDEX rankings_by_prompt ON rankings (prompt_id, annotator_id);
    CREATE TABLE skips (
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        reason TEXT NOT NULL,
        skipped_at REAL NOT NULL,
        PRIMARY KEY (annotator_id, prompt_id)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        annotator_id INTEGER REFERENCES annotators(id),
        prompt_id INTEGER REFERENCES prompts(id),
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """,
    # 2: free-text comments per item, and gold items (an expected overall ranking to check annotators by).
    """
    CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        prompt_id INTEGER NOT NULL REFERENCES prompts(id),
        text TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE gold (
        prompt_id INTEGER PRIMARY KEY REFERENCES prompts(id),
        levels TEXT NOT NULL
    );
    """,
    # 3: whether a ranking was made blind (test outcomes hidden); NULL for rankings stored before it was recorded.
    # The events of one annotator's item are read on every view (time spent, revision): index them.
    """
    ALTER TABLE submissions ADD COLUMN blind INTEGER;
    CREATE INDEX events_by_item ON events (annotator_id, prompt_id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def content_hash(*parts: str) -> str:
    """The same for a text and its encodable() form, which is what the database stores."""
    h = hashlib.sha256()
    for part in parts:
        h.update(encodable(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class ItemChanged(Exception):
    """The item was submitted or skipped by another session after this one opened it."""


class IncompleteRanking(ValueError):
    """A criterion ranks some candidates but not all; `missing` are the unranked candidate ids."""

    def __init__(self, criterion: str, missing: list[int], optional: bool):
        every = "rank every candidate" + (" or none" if optional else "")
        super().__init__(f"{criterion}: {every}")
        self.criterion, self.missing = criterion, missing


@dataclass(frozen=True)
class Candidate:
    id: int
    completion: str
    source: str
    execution: dict | None  # status, passed, tests_passed, tests_total, duration_ms, detail


@dataclass(frozen=True)
class Item:
    """One prompt as one annotator sees it: candidates in that annotator's recorded display order."""

    prompt_id: int
    task_id: str
    prompt: str
    candidates: list[Candidate]


class Store:
    """Open (creating or migrating) a ranking database. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise UserError(f"{self.path}: no such ranking database (create it with `codegen-rlhf rank prepare`)")
        try:
            # isolation_level=None: we issue BEGIN ourselves, so every transaction boundary is explicit.
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            # FULL also survives power loss, not only a killed process; a submit is rare enough to afford it.
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise UserError(f"{self.path}: not a usable ranking database ({e})") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- transactions and schema -----------------------------------------------------------------------

    def _write(self):
        return _Transaction(self.db)

    def schema_version(self) -> int:
        exists = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        if not exists:
            return 0
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        with self._write():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            if self.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
                self.db.execute("INSERT INTO schema_version VALUES (0)")
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise UserError(
                    f"{self.path}: written by a newer codegen-rlhf (schema {version}, this one knows {SCHEMA_VERSION})"
                )
            for script in MIGRATIONS[version:target]:
                # executescript would COMMIT our transaction; run the statements one by one inside it.
                for statement in _statements(script):
                    self.db.execute(statement)
            if version < target:
                self.db.execute("UPDATE schema_version SET version = ?", (target,))

    # -- preparing items -------------------------------------------------------------------------------

    def add_prompt(self, task_id: str, prompt: str, problem: dict | None = None) -> tuple[int, bool]:
        """Return (prompt_id, created); the same task id and prompt text always give the same row."""
        task_id, prompt = encodable(task_id), encodable(prompt)
        key = content_hash(task_id, prompt)
        with self._write():
            row = self.db.execute("SELECT id FROM prompts WHERE content_hash = ?", (key,)).fetchone()
            if row:
                return row[0], False
            cur = self.db.execute(
                "INSERT INTO prompts (task_id, prompt, content_hash, problem_json, created_at) VALUES (?, ?, ?, ?, ?)",
                (task_id, prompt, key, json.dumps(problem) if problem else None, time.time()),
            )
            return cur.lastrowid, True

    def add_candidate(self, prompt_id: int, completion: str, execution: dict | None, source: str = "") -> tuple[int, bool]:
        """Return (candidate_id, created) and store its sandbox result; a known completion is left as it is."""
        completion = encodable(completion)
        key = content_hash(completion)
        with self._write():
            row = self.db.execute(
                "SELECT id FROM candidates WHERE prompt_id = ? AND content_hash = ?", (prompt_id, key)
            ).fetchone()
            if row:
                return row[0], False
            cur = self.db.execute(
                "INSERT INTO candidates (prompt_id, completion, source, content_hash) VALUES (?, ?, ?, ?)",
                (prompt_id, completion, source, key),
            )
            if execution is not None:
                self.db.execute(
                    "INSERT INTO executions (candidate_id, status, passed, tests_passed, tests_total, duration_ms, detail)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        cur.lastrowid,
                        execution["status"],
                        int(bool(execution["passed"])),
                        execution.get("tests_passed"),
                        execution.get("tests_total"),
                        execution.get("duration_ms"),
                        encodable(execution.get("detail", "")),
                    ),
                )
            return cur.lastrowid, True

    def has_candidate(self, task_id: str, prompt: str, completion: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM candidates c JOIN prompts p ON p.id = c.prompt_id"
            " WHERE p.content_hash = ? AND c.content_hash = ?",
            (content_hash(task_id, prompt), content_hash(completion)),
        ).fetchone()
        return row is not None

    def set_gold(self, prompt_id: int, levels: dict[int, int]) -> None:
        """Mark an item as gold: `levels` maps candidate id to the expected overall level."""
        with self._write():
            self.db.execute(
                "INSERT INTO gold (prompt_id, levels) VALUES (?, ?)"
                " ON CONFLICT (prompt_id) DO UPDATE SET levels = excluded.levels",
                (prompt_id, json.dumps({str(k): v for k, v in levels.items()})),
            )

    # -- annotators and their queue ---------------------------------------------------------------------

    def annotator(self, name: str) -> int:
        name = name.strip()
        if not name:
            raise UserError("the annotator name must not be empty")
        with self._write():
            row = self.db.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
            if row:
                return row[0]
            return self.db.execute(
                "INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, time.time())
            ).lastrowid

    def item_ids(self) -> list[int]:
        """Rankable prompts (two candidates or more), in the order every annotator works through them."""
        rows = self.db.execute(
            "SELECT prompt_id FROM candidates GROUP BY prompt_id HAVING COUNT(*) >= 2 ORDER BY prompt_id"
        )
        return [r[0] for r in rows]

    def done_ids(self, annotator_id: int) -> set[int]:
        """Items this annotator has submitted or skipped."""
        rows = self.db.execute(
            "SELECT prompt_id FROM submissions WHERE annotator_id = ?"
            " UNION SELECT prompt_id FROM skips WHERE annotator_id = ?",
            (annotator_id, annotator_id),
        )
        return {r[0] for r in rows}

    def saved(self, annotator_id: int, prompt_id: int) -> tuple[dict[str, dict[int, int]], str | None]:
        """What the annotator last stored for the item: (levels per criterion, {} if not submitted; the skip
        reason, None if not skipped). Reopening an item starts from these."""
        levels: dict[str, dict[int, int]] = {c: {} for c in CRITERIA}
        for r in self.db.execute(
            "SELECT criterion, candidate_id, level FROM rankings WHERE annotator_id = ? AND prompt_id = ?",
            (annotator_id, prompt_id),
        ):
            levels[r[0]][r[1]] = r[2]
        skip = self.db.execute(
            "SELECT reason FROM skips WHERE annotator_id = ? AND prompt_id = ?", (annotator_id, prompt_id)
        ).fetchone()
        return levels, (skip[0] if skip else None)

    def next_item_id(self, annotator_id: int) -> int | None:
        done = self.done_ids(annotator_id)
        return next((i for i in self.item_ids() if i not in done), None)

    def progress(self, annotator_id: int) -> tuple[int, int]:
        items = self.item_ids()
        return len(self.done_ids(annotator_id) & set(items)), len(items)

    def item(self, annotator_id: int, prompt_id: int) -> Item:
        """The item with candidates in this annotator's display order, shuffled and recorded on first view."""
        prompt = self.db.execute("SELECT task_id, prompt FROM prompts WHERE id = ?", (prompt_id,)).fetchone()
        candidates = {c.id: c for c in self.candidates(prompt_id)}
        order = self._display_order(annotator_id, prompt_id, list(candidates))
        # Candidates added after the order was recorded go last, so a recorded order never changes.
        order += [c for c in candidates if c not in order]
        return Item(prompt_id, prompt["task_id"], prompt["prompt"], [candidates[c] for c in order if c in candidates])

    def candidates(self, prompt_id: int) -> list[Candidate]:
        """The prompt's candidates in insertion order, with their sandbox results."""
        return [
            Candidate(r["id"], r["completion"], r["source"], _execution(r))
            for r in self.db.execute(
                "SELECT c.id, c.completion, c.source, e.* FROM candidates c"
                " LEFT JOIN executions e ON e.candidate_id = c.id WHERE c.prompt_id = ? ORDER BY c.id",
                (prompt_id,),
            )
        ]

    def _display_order(self, annotator_id: int, prompt_id: int, candidate_ids: list[int]) -> list[int]:
        with self._write():
            row = self.db.execute(
                "SELECT display_order FROM assignments WHERE annotator_id = ? AND prompt_id = ?",
                (annotator_id, prompt_id),
            ).fetchone()
            if row:
                return json.loads(row[0])
            order = list(candidate_ids)
            random.shuffle(order)
            self.db.execute(
                "INSERT INTO assignments (annotator_id, prompt_id, display_order, assigned_at) VALUES (?, ?, ?, ?)",
                (annotator_id, prompt_id, json.dumps(order), time.time()),
            )
            self._event(annotator_id, prompt_id, "assigned", {"display_order": order})
            return order

    # -- recording work ----------------------------------------------------------------------------------

    def log(self, annotator_id: int | None, prompt_id: int | None, kind: str, payload: dict | None = None) -> None:
        """Append one event on its own (UI actions that change nothing else: a rank key, undo, quit)."""
        with self._write():
            self._event(annotator_id, prompt_id, kind, payload)

    def _event(self, annotator_id, prompt_id, kind, payload) -> None:
        self.db.execute(
            "INSERT INTO events (at, annotator_id, prompt_id, kind, payload) VALUES (?, ?, ?, ?, ?)",
            (time.time(), annotator_id, prompt_id, kind, json.dumps(payload or {})),
        )

    def submit(
        self,
        annotator_id: int,
        prompt_id: int,
        levels: dict[str, dict[int, int]],
        seconds_spent: float,
        comment: str = "",
        blind: bool = False,
        expected_revision: int | None = None,
    ) -> None:
        """Store one ranking atomically: `levels[criterion][candidate_id] = level` (1 = best, equal = tie).

        `overall` must rank every candidate; another criterion is either complete or left out. Submitting the
        same item again replaces the previous ranking (the event log keeps both); with `expected_revision`,
        only if nobody else submitted or skipped it since that revision.
        """
        candidate_ids = {
            r[0] for r in self.db.execute("SELECT id FROM candidates WHERE prompt_id = ?", (prompt_id,))
        }
        validate_levels(levels, candidate_ids)
        with self._write():
            self._check_revision(annotator_id, prompt_id, expected_revision)
            self.db.execute(
                "DELETE FROM rankings WHERE annotator_id = ? AND prompt_id = ?", (annotator_id, prompt_id)
            )
            self.db.executemany(
                "INSERT INTO rankings (annotator_id, prompt_id, candidate_id, criterion, level) VALUES (?, ?, ?, ?, ?)",
                [
                    (annotator_id, prompt_id, cid, criterion, level)
                    for criterion, by_candidate in levels.items()
                    for cid, level in by_candidate.items()
                ],
            )
            self.db.execute(
                "INSERT INTO submissions (annotator_id, prompt_id, submitted_at, seconds_spent, blind)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (annotator_id, prompt_id) DO UPDATE SET"
                " submitted_at = excluded.submitted_at, seconds_spent = excluded.seconds_spent, blind = excluded.blind",
                (annotator_id, prompt_id, time.time(), seconds_spent, int(blind)),
            )
            self.db.execute("DELETE FROM skips WHERE annotator_id = ? AND prompt_id = ?", (annotator_id, prompt_id))
            self._comment(annotator_id, prompt_id, comment)
            self._event(
                annotator_id,
                prompt_id,
                "submit",
                {"levels": {c: {str(k): v for k, v in by.items()} for c, by in levels.items()},
                 "seconds_spent": seconds_spent, "comment": comment.strip(), "blind": blind},
            )

    def skip(self, annotator_id: int, prompt_id: int, reason: str, comment: str = "",
             expected_revision: int | None = None) -> None:
        """Set the item aside with a reason (and keep the comment typed before skipping); see `submit`."""
        reason = reason.strip() or "(no reason given)"
        with self._write():
            self._check_revision(annotator_id, prompt_id, expected_revision)
            self.db.execute(
                "INSERT INTO skips (annotator_id, prompt_id, reason, skipped_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (annotator_id, prompt_id) DO UPDATE SET reason = excluded.reason, skipped_at = excluded.skipped_at",
                (annotator_id, prompt_id, reason, time.time()),
            )
            self._comment(annotator_id, prompt_id, comment)
            self._event(annotator_id, prompt_id, "skip", {"reason": reason, "comment": comment.strip()})

    def _comment(self, annotator_id: int, prompt_id: int, text: str) -> None:
        if text.strip():
            self.db.execute(
                "INSERT INTO comments (annotator_id, prompt_id, text, created_at) VALUES (?, ?, ?, ?)",
                (annotator_id, prompt_id, text.strip(), time.time()),
            )

    def revision(self, annotator_id: int, prompt_id: int) -> int:
        """The id of the annotator's latest submit or skip event on the item (0: never): it only grows."""
        row = self.db.execute(
            "SELECT MAX(id) FROM events WHERE annotator_id = ? AND prompt_id = ? AND kind IN ('submit', 'skip')",
            (annotator_id, prompt_id),
        ).fetchone()
        return row[0] or 0

    def _check_revision(self, annotator_id: int, prompt_id: int, expected: int | None) -> None:
        if expected is not None and self.revision(annotator_id, prompt_id) != expected:
            raise ItemChanged("this item was submitted or skipped in another session since you opened it")

    def seconds_on(self, annotator_id: int, prompt_id: int) -> float:
        """Time already spent on the item in earlier views: from each `shown` event to the annotator's last
        event on the item before the next one (a key, a submit, a quit), so a crash or restart keeps it."""
        total, start, last = 0.0, None, None
        for kind, at in self.db.execute(
            "SELECT kind, at FROM events WHERE annotator_id = ? AND prompt_id = ? ORDER BY id",
            (annotator_id, prompt_id),
        ):
            if kind == "shown":
                total += (last - start) if start is not None else 0.0
                start = at
            last = at
        return total + ((last - start) if start is not None else 0.0)

    # -- reading results -------------------------------------------------------------------------------

    def rankings(self, criterion: str = "overall") -> dict[tuple[str, int], dict[int, int]]:
        """{(annotator name, prompt id): {candidate id: level}} for every submitted item."""
        out: dict[tuple[str, int], dict[int, int]] = {}
        for r in self.db.execute(
            "SELECT a.name, r.prompt_id, r.candidate_id, r.level FROM rankings r"
            " JOIN annotators a ON a.id = r.annotator_id WHERE r.criterion = ?"
            " ORDER BY a.name, r.prompt_id, r.candidate_id",
            (criterion,),
        ):
            out.setdefault((r[0], r[1]), {})[r[2]] = r[3]
        return out

    def executions(self) -> dict[int, dict | None]:
        """{candidate id: execution dict or None}."""
        rows = self.db.execute(
            "SELECT c.id, e.* FROM candidates c LEFT JOIN executions e ON e.candidate_id = c.id"
        )
        return {r["id"]: _execution(r) for r in rows}

    def gold(self) -> dict[int, dict[int, int]]:
        return {
            r[0]: {int(k): v for k, v in json.loads(r[1]).items()}
            for r in self.db.execute("SELECT prompt_id, levels FROM gold")
        }

    def query(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        """Read-only access for stats and export, which own their own SQL."""
        return self.db.execute(sql, tuple(params)).fetchall()


def validate_levels(levels: dict[str, dict[int, int]], candidate_ids: set[int]) -> None:
    unknown = set(levels) - set(CRITERIA)
    if unknown:
        raise ValueError(f"unknown criteria {sorted(unknown)}; known: {CRITERIA}")
    for criterion in CRITERIA:
        by_candidate = levels.get(criterion, {})
        optional = criterion != "overall"
        if (by_candidate or not optional) and set(by_candidate) != candidate_ids:
            raise IncompleteRanking(criterion, sorted(candidate_ids - set(by_candidate)), optional)
        if any(not 1 <= level <= 9 for level in by_candidate.values()):
            raise ValueError(f"{criterion}: levels run from 1 (best) to 9")


class _Transaction:
    """BEGIN IMMEDIATE takes the write lock up front: a second writer waits (busy_timeout) instead of
    failing halfway with SQLITE_BUSY on lock upgrade. Nested use joins the outer transaction."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.outer = False

    def __enter__(self):
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if self.outer:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies (which contain `;`) whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:80]}")
    return statements


def _execution(row: sqlite3.Row) -> dict | None:
    if row["status"] is None:
        return None
    return {
        "status": row["status"],
        "passed": bool(row["passed"]),
        "tests_passed": row["tests_passed"],
        "tests_total": row["tests_total"],
        "duration_ms": row["duration_ms"],
        "detail": row["detail"],
    }
