"""The real `codegen-rlhf rank` program in a real terminal (tmux): it renders, keys store a ranking, and a
SIGKILL in the middle of an item loses nothing that was submitted; the next start resumes after it."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest
from rankdb import fill

from codegen_rlhf.rank.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux)")


class Terminal:
    """One tmux server of our own (its own socket), running the program in a 160x45 pane."""

    def __init__(self):
        self.socket = f"rank-test-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def start(self, *cli_args, user: str = "nobody-in-particular", size: tuple[int, int] = (160, 45),
              env: str = "") -> int:
        command = " ".join([sys.executable, "-c", "'from codegen_rlhf.cli import main; main()'", *cli_args])
        # `exec` makes the pane's process the program itself, so its pid is the one to kill. COLUMNS/LINES, which
        # the test runner may export, would override the pane's real size in the app.
        self.tmux("new-session", "-d", "-s", "rank", "-x", str(size[0]), "-y", str(size[1]),
                  f"exec env -u COLUMNS -u LINES USER={user} {env} {command}")
        self.tmux("set-option", "-t", "rank", "remain-on-exit", "on")
        return int(self.tmux("display-message", "-p", "-t", "rank", "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "rank")

    def wait_for(self, *texts: str, timeout: float = 60.0) -> str:
        """The screen once every text is on it (the app paints in several passes)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} never all appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "rank", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def new_terminal():
    """A factory: each call gives a fresh tmux server (reusing a socket right after kill-server races)."""
    made = []

    def make() -> Terminal:
        made.append(Terminal())
        return made[-1]

    yield make
    for t in made:
        t.close()


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.1)


def count(db, sql: str) -> int:
    with Store(db) as store:
        return store.query(sql)[0][0]


def test_rank_in_a_real_terminal_then_sigkill_mid_item(tmp_path, new_terminal):
    db = tmp_path / "rank.db"
    terminal = new_terminal()
    with Store(db) as store:
        fill(store, n_items=3, k=3)

    pid = terminal.start("rank", "--db", str(db), "--annotator", "tina")
    # The pane may start at tmux's default 80x24 and grow to 160x45 a moment later (one candidate with tabs
    # first, then all three side by side): wait for the wide layout.
    screen = terminal.wait_for("item t/0", "Return x plus 0.", "passed 3/3", "─ A  overall –", "─ C  overall –")
    assert "Return x plus 0." in screen  # the prompt
    assert screen.count("y = x + ") == 3  # three candidates side by side
    assert "passed 3/3" in screen and screen.count("failed: 1/3 tests pass") == 2  # the badges
    assert all(f"─ {letter}  overall –" in screen for letter in "ABC")

    levels = count(db, "SELECT COUNT(*) FROM events WHERE kind = 'level'")
    for key, expected_level_events in (("1", 1), ("Tab", 1), ("1", 2), ("Tab", 2), ("2", 3)):
        terminal.keys(key)
        wait_until(lambda: count(db, "SELECT COUNT(*) FROM events WHERE kind = 'level'") == levels + expected_level_events)
    terminal.wait_for("─ A  overall 1")
    terminal.keys("Enter")
    terminal.wait_for("item t/1")
    with Store(db) as store:
        ((_, first_item),) = store.rankings()
        submitted = store.rankings()[("tina", first_item)]
    assert sorted(submitted.values()) == [1, 1, 2]

    # Mid-item on the second prompt: a level is set but not submitted when the process is killed.
    terminal.keys("3")
    wait_until(lambda: count(db, "SELECT COUNT(*) FROM events WHERE kind = 'level'") == levels + 4)
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: "dead" in terminal.tmux("display-message", "-p", "-t", "rank", "#{?pane_dead,dead,alive}"))

    with Store(db) as store:
        assert store.query("PRAGMA integrity_check")[0][0] == "ok"
        assert store.rankings() == {("tina", first_item): submitted}
        assert store.query("SELECT COUNT(*) FROM submissions")[0][0] == 1

    terminal.close()
    terminal = new_terminal()
    terminal.start("rank", "--db", str(db), user="tina")  # --annotator defaults to $USER
    terminal.wait_for("tina", "item t/1")  # resumes at the first item not yet submitted
    terminal.wait_for("done 1/3")
    terminal.keys("q")
    wait_until(lambda: "dead" in terminal.tmux("display-message", "-p", "-t", "rank", "#{?pane_dead,dead,alive}"))
    assert count(db, "SELECT COUNT(*) FROM events WHERE kind = 'quit'") == 1


def test_at_80x24_the_keys_the_order_and_why_a_candidate_failed_are_on_screen(tmp_path, new_terminal):
    db = tmp_path / "rank.db"
    failed = {"status": "failed", "passed": False, "tests_passed": 0, "tests_total": 2, "duration_ms": 1.0,
              "detail": "AssertionError: assert f(1) == 2; AssertionError: assert f(2) == 3"}
    with Store(db) as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n    \"\"\"Return x plus one.\"\"\"\n")
        for j in range(3):
            store.add_candidate(pid, f"    return x + {j} \x1b[2J\n", failed)
    terminal = new_terminal()
    terminal.start("rank", "--db", str(db), "--annotator", "tina", size=(80, 24))
    screen = terminal.wait_for("overall (required): nothing ranked yet", "✗ failed: 0/2 tests pass",
                               "assert f(1) == 2", "1-9 rank, 1=best", "enter submit", "q quit", "? keys")
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert "\\x1b[2J" in screen  # the escape sequence is shown, not sent to the terminal
    # Sent in one write, as a quick typist's keys arrive: tab was a priority binding and overtook the queued
    # "2" (B got both levels) until it became an ordinary one.
    terminal.keys("2", "Tab", "1")
    terminal.wait_for("overall (required): B > A   unranked: C")


def test_the_editor_gets_the_terminal_and_gives_it_back(tmp_path, new_terminal):
    db = tmp_path / "rank.db"
    with Store(db) as store:
        fill(store, n_items=1, k=2)
    editor = tmp_path / "editor.sh"  # shows the file, waits for a key, as an editor would
    editor.write_text('#!/bin/sh\nprintf "EDITING %s\\n" "$1"; cat "$1"; read answer; echo "$answer" > "$1.seen"\n')
    editor.chmod(0o755)
    terminal = new_terminal()
    terminal.start("rank", "--db", str(db), "--annotator", "tina", env=f"VISUAL={editor}")
    terminal.wait_for("? keys", "item t/0")
    terminal.keys("e")
    screen = terminal.wait_for("EDITING", "Return x plus 0.")  # the editor has the whole terminal
    assert "? keys" not in screen
    terminal.keys("done", "Enter")
    terminal.wait_for("? keys", "item t/0")  # the app is back, and answers keys
    terminal.keys("1")
    wait_until(lambda: count(db, "SELECT COUNT(*) FROM events WHERE kind = 'level'") == 1)
    assert count(db, "SELECT COUNT(*) FROM events WHERE kind = 'opened_in_editor'") == 1
