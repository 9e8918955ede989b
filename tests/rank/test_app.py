"""The ranking UI driven by Textual's headless pilot: whole flows, checked in the database afterwards."""

import asyncio
import functools
import sys

import pytest
from rankdb import PASSED, fill, rank_cli
from rich.console import Console

import codegen_rlhf.rank.store as store_module
from codegen_rlhf.rank.app import RankApp
from codegen_rlhf.rank.screens import AskScreen, ConfirmScreen, DiffScreen, HelpScreen
from codegen_rlhf.rank.store import Store
from codegen_rlhf.rank.widgets import CodeView, error_line, outcome

WIDE = (160, 40)


def pilot(flow):
    """Run an async pilot flow as a plain test (no pytest-asyncio needed); fixtures pass through."""

    @functools.wraps(flow)
    def test(*args, **kwargs):
        asyncio.run(flow(*args, **kwargs))

    return test


def display_ids(app: RankApp) -> list[int]:
    return [panel.candidate.id for panel in app.ranking.panels]


@pilot
async def test_rank_with_ties_submit_and_next_item(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        first_item = app.ranking.item.prompt_id
        a, b, c = display_ids(app)
        await pilot.press("1", "tab", "1", "right", "2")
        await pilot.press("enter")
        assert app.ranking.item.prompt_id != first_item
        assert store.progress(app.annotator_id) == (1, 3)
    assert store.rankings() == {("alice", first_item): {a: 1, b: 1, c: 2}}
    order = store.query("SELECT display_order FROM assignments WHERE prompt_id = ?", [first_item])[0][0]
    assert order == f"[{a}, {b}, {c}]"
    seconds = store.query("SELECT seconds_spent FROM submissions")[0][0]
    assert 0 <= seconds < 60


@pilot
async def test_arrows_and_shift_tab_wrap_around(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        a, b, c = display_ids(app)
        await pilot.press("left", "3", "shift+tab", "2", "left", "1")
        assert app.ranking.levels["overall"] == {c: 3, b: 2, a: 1}
        assert app.focused is app.ranking.panels[0]


@pilot
async def test_incomplete_ranking_is_not_submitted(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        item = app.ranking.item.prompt_id
        await pilot.press("1", "tab", "2", "enter")
        assert app.ranking.item.prompt_id == item
    assert store.rankings() == {}


@pilot
async def test_undo_restores_previous_levels_and_comment(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        a, b, _ = display_ids(app)
        await pilot.press("1", "3", "tab", "2")
        assert app.ranking.levels["overall"] == {a: 3, b: 2}
        await pilot.press("u")
        assert app.ranking.levels["overall"] == {a: 3}
        await pilot.press("u")
        assert app.ranking.levels["overall"] == {a: 1}
        await pilot.press("n", *"nice", "enter")
        assert app.ranking.comment == "nice"
        await pilot.press("u")
        assert app.ranking.comment == ""
        await pilot.press("u", "u")  # the second one has nothing left to undo
        assert app.ranking.levels["overall"] == {}
    undos = store.query("SELECT COUNT(*) FROM events WHERE kind = 'undo'")[0][0]
    assert undos == 4


@pilot
async def test_criteria_are_stored_separately(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        item = app.ranking.item.prompt_id
        a, b, c = display_ids(app)
        await pilot.press("1", "tab", "2", "tab", "3")  # overall
        await pilot.press("c", "c", "2", "shift+tab", "1")  # readability, only two of three
        await pilot.press("enter")
        assert app.ranking.item.prompt_id == item  # a partial criterion blocks the submit
        await pilot.press("shift+tab", "1", "enter")
        assert app.ranking.item.prompt_id != item
    assert store.rankings("overall")[("alice", item)] == {a: 1, b: 2, c: 3}
    assert store.rankings("readability")[("alice", item)] == {a: 1, b: 1, c: 2}
    assert ("alice", item) not in store.rankings("correctness")


@pilot
async def test_skip_asks_a_reason_and_escape_cancels(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        item = app.ranking.item.prompt_id
        await pilot.press("s")
        assert isinstance(app.screen, AskScreen)
        await pilot.press("escape")
        assert app.ranking.item.prompt_id == item and not isinstance(app.screen, AskScreen)
        await pilot.press("s", *"prompt unclear", "enter")
        assert app.ranking.item.prompt_id != item
    assert store.query("SELECT prompt_id, reason FROM skips")[0][:] == (item, "prompt unclear")
    assert store.rankings() == {}


@pilot
async def test_comment_is_stored_with_the_submit(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", *"B is clearer", "enter", "1", "tab", "1", "tab", "1", "enter")
    assert [r[0] for r in store.query("SELECT text FROM comments")] == ["B is clearer"]


@pilot
async def test_resume_at_next_unranked_item_per_annotator(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        first = app.ranking.item.prompt_id
        await pilot.press("1", "tab", "2", "tab", "3", "enter")
        second = app.ranking.item.prompt_id
        await pilot.press("s", *"later", "enter", "q")
    order_seen = display_ids(app)
    again = RankApp(store, "alice")
    async with again.run_test(size=WIDE):
        assert again.ranking.item.prompt_id not in (first, second)
    other = RankApp(store, "bob")
    async with other.run_test(size=WIDE):
        assert other.ranking.item.prompt_id == first
    # A reopened item shows the order recorded the first time.
    third = RankApp(store, "alice")
    async with third.run_test(size=WIDE):
        assert display_ids(third) == order_seen


@pilot
async def test_all_done_shows_a_message(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(3):
            await pilot.press("s", *"x", "enter")
        assert app.ranking.item is None and app.ranking.panels == []
        last = store.item_ids()[-1]
        await pilot.press("1", "enter", "u", "f")  # nothing to act on: no crash
        assert app.ranking.item is None
        await pilot.press("b")  # back to the item just finished
        assert app.ranking.item.prompt_id == last and "skipped (x)" in screen_text(app)
        await pilot.press("q")
    assert store.progress(app.annotator_id) == (3, 3)


@pytest.mark.parametrize("blind", [False, True])
@pilot
async def test_blind_mode_hides_test_outcomes(store, blind):
    app = RankApp(store, "alice", blind=blind)
    async with app.run_test(size=WIDE):
        text = screen_text(app)
    if blind:
        assert "passed" not in text and "failed" not in text and "blind" in text
    else:
        assert text.count("✓ passed 3/3") == 1 and text.count("✗ failed: 1/3 tests pass") == 2


@pilot
async def test_diff_is_side_by_side_with_changed_characters_marked(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        panels = app.ranking.panels
        await pilot.press("x", "tab", "tab", "d")
        assert isinstance(app.screen, DiffScreen)
        first, second = app.screen.rows  # "y = x + j" differs in one character, "return y" is equal
        assert (first[0], first[2]) == ("3", "3")  # the panels' own line numbers (the prompt has two lines)
        assert first[1].plain == panels[0].candidate.completion.splitlines()[0]
        assert first[3].plain == panels[2].candidate.completion.splitlines()[0]
        changed = [first[1].plain[span.start:span.end] for span in first[1].spans if "bold" in str(span.style)]
        assert changed == [first[1].plain[-1]]  # only the digit that differs
        assert second[1].plain == second[3].plain == "    return y" and not second[1].spans
        await pilot.press("escape")
        assert not isinstance(app.screen, DiffScreen)


@pilot
async def test_help_lists_every_binding(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict((description, keys) for keys, description in app.screen.rows)
        assert {b.description for b in app.ranking.BINDINGS} <= set(rows)
        assert rows["rank level of the focused candidate (1 = best, equal = tie)"] == "1–9"
        assert rows["all keys"] == "?" and "scroll the focused candidate" in rows
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pilot
async def test_narrow_terminal_shows_one_candidate_with_tabs(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.ranking
        assert screen.has_class("narrow")
        assert [p.display for p in screen.panels] == [True, False, False]
        await pilot.press("tab", "2")
        assert [p.display for p in screen.panels] == [False, True, False]
        tabs = str(screen.query_one("#tabs").render())
        assert f"{screen.panels[1].letter}:2" in tabs
        await pilot.resize_terminal(160, 30)
        assert not screen.has_class("narrow")
        assert all(p.display for p in screen.panels)


def test_outcome_says_why_a_candidate_failed():
    base = {"passed": False, "tests_passed": 0, "tests_total": 4, "duration_ms": 1.0}
    failed = outcome({**base, "status": "failed", "tests_passed": 1,
                      "detail": "AssertionError: assert f(1) == 2; AssertionError: assert f(3) == 4\n[stdout] hi"})
    assert failed.plain == "✗ failed: 1/4 tests pass\n  assert f(1) == 2\n  assert f(3) == 4"
    error = outcome({**base, "status": "error", "detail": "ZeroDivisionError: division by zero"})
    assert error.plain == "✗ runtime error\n  ZeroDivisionError: division by zero"
    syntax = {**base, "status": "syntax_error", "detail": "SyntaxError: invalid syntax (<sample>, line 3) (line 3)"}
    assert outcome(syntax).plain.startswith("✗ syntax error at line 3\n") and error_line(syntax) == 3
    # The sandbox records no line for a runtime error yet; where a detail names one, it is shown the same way.
    located = {**base, "status": "error", "detail": "ZeroDivisionError: division by zero (line 4)\n[stdout] x (line 9)"}
    assert outcome(located).plain == "✗ runtime error at line 4\n  ZeroDivisionError: division by zero"
    assert outcome({**base, "status": "timeout", "detail": "time limit exceeded"}).plain.startswith("✗ timed out")
    assert outcome(None).plain == "not executed"


@pilot
async def test_long_prompt_scrolls_with_brackets(tmp_path):
    with Store(tmp_path / "r.db") as store:
        long_doc = "".join(f"    line {i} of a long description\n" for i in range(60))
        pid, _ = store.add_prompt("t/long", f'def f(x):\n    """\n{long_doc}    """\n')
        store.add_candidate(pid, "    return x\n", None)
        store.add_candidate(pid, "    return -x\n", None)
        app = RankApp(store, "alice")
        async with app.run_test(size=WIDE) as pilot:
            prompt = app.ranking.query_one("#prompt")
            assert prompt.scroll_y == 0 and prompt.max_scroll_y > 0
            await pilot.press("right_square_bracket", "right_square_bracket")
            assert prompt.scroll_y == 6
            await pilot.press("left_square_bracket")
            assert prompt.scroll_y == 3


# -- bugs found by a first session (issue #20); each test failed before its fix ---------------------------------


async def one_item_screen(tmp_path, task_id: str, candidates: list[tuple[str, dict | None]]) -> str:
    """The screen of a database holding one item, `candidates` being (completion, execution) pairs."""
    with Store(tmp_path / "one.db") as store:
        pid, _ = store.add_prompt(task_id, "def f(x):\n")
        for completion, execution in candidates:
            store.add_candidate(pid, completion, execution)
        app = RankApp(store, "alice")
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            return screen_text(app)


def screen_text(app: RankApp) -> str:
    """What the terminal shows, as plain text (every layer: panels, dialogs, and notifications when the test
    runs with `notifications=True`)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pilot
async def test_a_click_moves_the_keys_to_the_clicked_candidate(store):
    """Bug 1: clicking C then pressing 1 ranked A, and tab went on from A."""
    app = RankApp(store, "alice")
    async with app.run_test(size=(200, 50)) as pilot:
        a, b, c = display_ids(app)
        await pilot.click(app.ranking.panels[2], offset=(5, 5))
        await pilot.press("1")
        assert app.ranking.levels["overall"] == {c: 1}
        await pilot.press("tab", "2")  # tab continues from C, wrapping to A
        assert app.ranking.levels["overall"] == {c: 1, a: 2}


@pilot
async def test_a_comment_survives_a_skip(store):
    """Bug 2: a comment typed with n was dropped when the item was then skipped."""
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        item = app.ranking.item.prompt_id
        await pilot.press("n", *"tests look wrong", "enter", "s", *"unclear", "enter")
    assert store.query("SELECT prompt_id, text FROM comments")[0][:] == (item, "tests look wrong")
    (payload,) = [r[0] for r in store.query("SELECT payload FROM events WHERE kind = 'skip'")]
    assert '"comment": "tests look wrong"' in payload


@pilot
async def test_nothing_left_at_80_columns_shows_no_stale_tabs_or_candidate_keys(store):
    """Bug 3: after the last item the tab strip of the previous item and candidate keys stayed on screen."""
    app = RankApp(store, "alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "tab", "2")  # the tab strip shows levels
        for _ in range(3):
            await pilot.press("s", *"x", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing left to rank" in text
        assert ":–" not in text and ":2" not in text  # no tab strip
        assert "candidate" not in text.split("Nothing left to rank")[1]  # no keys for candidates


@pilot
async def test_an_incomplete_optional_criterion_names_the_unranked_candidates(store):
    """Bug 4: for correctness/readability the error said "rank every candidate or none" without naming them."""
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        letters = [p.letter for p in app.ranking.panels]
        await pilot.press("1", "tab", "2", "tab", "3", "c", "1", "enter")  # correctness: only C
        await pilot.pause()
        text = screen_text(app)
        assert f"unranked: {letters[0]}, {letters[1]}" in text
        assert "correctness" in text


@pilot
async def test_a_submit_from_another_terminal_is_not_silently_replaced(tmp_path):
    """Bug 6: the same annotator in two terminals; the second submit replaced the first without a word."""
    path = tmp_path / "r.db"
    with Store(path) as store, Store(path) as other_terminal:
        fill(store)
        app = RankApp(store, "alice")
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            item = app.ranking.item.prompt_id
            a, b, c = display_ids(app)
            alice = other_terminal.annotator("alice")
            other_terminal.submit(alice, item, {"overall": {a: 3, b: 2, c: 1}}, 5.0)
            await pilot.press("1", "tab", "2", "tab", "3", "enter")
            await pilot.pause()
            assert app.ranking.item.prompt_id == item  # not submitted
            assert "another session" in screen_text(app)
            assert store.rankings()[("alice", item)] == {a: 3, b: 2, c: 1}
            await pilot.press("enter")  # pressed again: replace it, knowingly
            assert app.ranking.item.prompt_id != item
        assert store.rankings()[("alice", item)] == {a: 1, b: 2, c: 3}


@pytest.mark.parametrize("blind", [False, True])
@pilot
async def test_blind_is_recorded_with_the_ranking(store, blind):
    """Bug 7: --blind was not stored, so blind and sighted rankings could not be told apart."""
    app = RankApp(store, "alice", blind=blind)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("1", "tab", "2", "tab", "3", "enter")
    assert store.query("SELECT blind FROM submissions")[0][0] == int(blind)
    (payload,) = [r[0] for r in store.query("SELECT payload FROM events WHERE kind = 'submit'")]
    assert f'"blind": {str(blind).lower()}' in payload


@pilot
async def test_time_on_an_item_carries_over_a_restart(store, monkeypatch):
    """Bug 8: the per-item timer restarted at 0 on resume, so the recorded time undercounted."""
    clock = [1_000_000.0]
    monkeypatch.setattr(store_module.time, "time", lambda: clock[0])
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("1")
        clock[0] += 95  # 95 s of thinking, then the terminal is closed
        await pilot.press("2", "q")
    clock[0] += 3600  # away for an hour: not counted
    again = RankApp(store, "alice")
    async with again.run_test(size=WIDE) as pilot:
        assert "1:35 on this item" in screen_text(again)
        await pilot.press("1", "tab", "2", "tab", "3", "enter")
    seconds = store.query("SELECT seconds_spent FROM submissions")[0][0]
    assert 95 <= seconds < 95 + 30


# -- what the screen explains (issue #20) ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 200])
@pilot
async def test_the_keys_are_explained_in_one_line_at_any_width(store, width):
    app = RankApp(store, "alice")
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        hints = screen_text(app).splitlines()[-1]
    assert len(hints.rstrip()) <= width - 1
    essential = ["1-9 rank, 1=best", "q quit", "? keys"] + (["enter submit", "s skip"] if width >= 80 else [])
    assert all(words in hints for words in essential), hints
    if width >= 200:
        assert "b/f items" in hints and "e edit" in hints


@pilot
async def test_the_order_is_summarized_live_and_criteria_are_spelled_out(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        assert "overall (required): A   unranked: B, C" in screen_text(app)
        await pilot.press("tab", "1", "tab", "2")
        text = screen_text(app)
        assert "overall (required): B > A = C" in text and "unranked" not in text
        assert "overall 2  correctness –  readability –" in text  # the panel titles spell the criteria out
        await pilot.press("c")
        assert "correctness (optional: all or none): nothing ranked yet" in screen_text(app)


@pilot
async def test_candidate_text_cannot_style_the_ui_or_reach_the_terminal(tmp_path):
    """Model-written code and failure details are shown as plain text: markup stays literal, escape
    sequences and bidi overrides are shown escaped, nothing raises."""
    hostile = {"status": "failed", "passed": False, "tests_passed": 0, "tests_total": 1, "duration_ms": 1.0,
               "detail": "AssertionError: [bold red]boom[/ \x1b]0;owned\x07"}
    text = await one_item_screen(tmp_path, "t/[b]x", [
        ("    return '[red]x[/red]'  # \x1b[2J\u202e\n", hostile), ("    return 1\n", None)])
    assert "return '[red]x[/red]'  # \\x1b[2J\\u202e" in text
    assert "[bold red]boom[/ \\x1b]0;owned\\x07" in text and "t/[b]x" in text
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch == "\u202e" for ch in text.replace("\n", ""))


# -- a way back, and nothing lost by accident -------------------------------------------------------------------


@pilot
async def test_go_back_revise_a_submitted_item_and_find_the_skipped_one(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        first = app.ranking.item.prompt_id
        a, b, c = display_ids(app)
        await pilot.press("1", "tab", "2", "tab", "3", "enter")
        second = app.ranking.item.prompt_id
        await pilot.press("s", *"later", "enter")
        third = app.ranking.item.prompt_id
        await pilot.press("b")
        assert app.ranking.item.prompt_id == second and "skipped (later): enter submits it" in screen_text(app)
        await pilot.press("b")
        assert app.ranking.item.prompt_id == first
        assert app.ranking.levels["overall"] == {a: 1, b: 2, c: 3}  # reopened with what was stored
        assert "submitted: enter saves a revision" in screen_text(app)
        await pilot.press("3", "enter")  # A from 1 to 3: a revision
        assert store.rankings()[("alice", first)] == {a: 3, b: 2, c: 3}
        assert app.ranking.item.prompt_id == third  # on to the first item neither submitted nor skipped
    kinds = [r[0] for r in store.query("SELECT kind FROM events WHERE kind = 'submit' AND prompt_id = ?", [first])]
    assert kinds == ["submit", "submit"]  # the revision is a new event; rankings hold the latest


@pilot
async def test_leaving_an_item_with_unsaved_levels_asks_first(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        first = app.ranking.item.prompt_id
        await pilot.press("f")  # nothing unsaved: no question
        assert app.ranking.item.prompt_id != first
        await pilot.press("b", "1", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        assert app.is_running and app.ranking.levels["overall"]
        await pilot.press("f")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert app.ranking.item.prompt_id != first
        await pilot.press("q")  # nothing unsaved here: quits at once
    assert not app.is_running
    assert store.rankings() == {}


@pilot
async def test_open_a_candidate_in_the_editor(store, tmp_path, monkeypatch):
    seen = tmp_path / "seen.py"
    monkeypatch.setenv("VISUAL", f"{sys.executable} -c 'import shutil, sys; shutil.copy(sys.argv[1], \"{seen}\")'")
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("tab", "e")
        panel = app.ranking.panels[1]
    assert seen.read_text() == app.ranking.item.prompt + panel.candidate.completion
    assert store.query("SELECT COUNT(*) FROM events WHERE kind = 'opened_in_editor'")[0][0] == 1
    for broken in ("no-such-editor-anywhere", "vi 'unbalanced"):
        monkeypatch.setenv("VISUAL", broken)
        app = RankApp(store, "alice")
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("e")
            await pilot.pause()
            assert "could not run the editor" in screen_text(app)


# -- code that reads well ---------------------------------------------------------------------------------------


@pilot
async def test_narrow_terminal_shows_focused_and_marked_side_by_side(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "tab", "tab")
        assert [p.display for p in app.ranking.panels] == [True, False, True]
        assert "◆marked" in screen_text(app)
        await pilot.press("shift+tab", "shift+tab", "x")  # unmark: one panel again
        assert [p.display for p in app.ranking.panels] == [True, False, False]


def test_long_lines_wrap_under_their_indentation_with_aligned_numbers():
    code = "    if x:\n        return " + " + ".join(f"value_{i}" for i in range(12)) + "\n"
    lines = [line.plain for line in CodeView(code, start_line=9, number_width=3).lines(Console(), 40)]
    assert lines[0] == "  9     if x:"
    assert lines[1].startswith(" 10         return value_0")
    assert len(lines) > 3 and all(len(line) <= 40 for line in lines)
    assert all(line.startswith(" " * 4 + " " * 8 + "↪ ") for line in lines[2:])  # gutter, then the indentation


def test_rank_without_annotator_or_user_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """--annotator defaults to $USER (the tmux test starts the app that way); with neither, one clear line."""
    monkeypatch.delenv("USER", raising=False)
    code, _, err = rank_cli(capsys, "--db", tmp_path / "r.db")
    assert code == 2 and "rank needs --annotator NAME ($USER is not set)" in err and "Traceback" not in err


@pilot
async def test_code_starts_on_the_same_row_in_every_panel(tmp_path):
    """Outcomes of different heights (one reason, three reasons) must not shift one panel's lines down."""
    three = {"status": "failed", "passed": False, "tests_passed": 0, "tests_total": 3, "duration_ms": 1.0,
             "detail": "; ".join(f"AssertionError: assert f({i}) == {i}" for i in range(3))}
    text = await one_item_screen(tmp_path, "t/0", [("    return 0\n", three), ("    return x\n", PASSED)])
    rows = [row for row in text.splitlines() if "return" in row]
    assert len(rows) == 1 and "return 0" in rows[0] and "return x" in rows[0]


@pilot
async def test_a_long_prompt_shows_whole_where_the_height_allows(tmp_path):
    with Store(tmp_path / "r.db") as store:
        examples = "".join(f"    >>> f({i})\n    {i + 1}\n" for i in range(13))
        pid, _ = store.add_prompt("t/examples", f'def f(x):\n    """Add one.\n{examples}    """\n')  # 29 lines
        store.add_candidate(pid, "    return x + 1\n", None)
        store.add_candidate(pid, "    return x\n", None)
        app = RankApp(store, "alice")
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.pause()
            prompt = app.ranking.query_one("#prompt")
            assert prompt.max_scroll_y == 0  # all 29 lines, no scrolling
            assert app.ranking.panels[0].size.height >= 12  # and room left for the code
        small = RankApp(store, "alice")
        async with small.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert small.ranking.query_one("#prompt").max_scroll_y > 0  # a small terminal scrolls it ([ and ])
