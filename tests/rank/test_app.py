"""The ranking UI driven by Textual's headless pilot: whole flows, checked in the database afterwards."""

import asyncio
import functools

import pytest

from codegen_rlhf.rank.app import RankApp
from codegen_rlhf.rank.screens import AskScreen, DiffScreen, HelpScreen

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
        await pilot.press("1", "enter", "u")  # nothing to act on: no crash
        await pilot.press("q")
    assert store.progress(app.annotator_id) == (3, 3)


@pytest.mark.parametrize("blind", [False, True])
@pilot
async def test_blind_mode_hides_test_badges(store, blind):
    app = RankApp(store, "alice", blind=blind)
    async with app.run_test(size=WIDE):
        subtitles = [str(panel.border_subtitle) for panel in app.ranking.panels]
        status = str(app.ranking.query_one("#status").render())
    if blind:
        assert subtitles == ["", "", ""] and "blind" in status
    else:
        assert sum("passed 3/3" in s for s in subtitles) == 1
        assert sum("failed (1/3 pass)" in s for s in subtitles) == 2


@pilot
async def test_diff_view_between_marked_and_focused(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        panels = app.ranking.panels
        await pilot.press("x", "tab", "tab", "d")
        assert isinstance(app.screen, DiffScreen)
        diff = app.screen.diff
        assert diff.startswith(f"--- {panels[0].letter}\n+++ {panels[2].letter}")
        removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
        added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        assert removed == [panels[0].candidate.completion.splitlines()[0]]
        assert added == [panels[2].candidate.completion.splitlines()[0]]
        await pilot.press("escape")
        assert not isinstance(app.screen, DiffScreen)


@pilot
async def test_help_lists_every_binding(store):
    app = RankApp(store, "alice")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict((description, keys) for keys, description in app.screen.rows)
        assert {b.description for b in app.ranking.BINDINGS} == set(rows)
        assert rows["rank level of the focused candidate (equal = tie)"] == "1–9"
        assert rows["submit"] == "enter" and rows["help"] == "?"
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


def test_badge_texts():
    from codegen_rlhf.rank.widgets import badge

    base = {"passed": False, "tests_passed": 0, "tests_total": 4, "duration_ms": 1.0}
    assert "error: ZeroDivisionError" in badge({**base, "status": "error", "detail": "ZeroDivisionError: division by zero"})
    assert "syntax error" in badge({**base, "status": "syntax_error", "detail": "SyntaxError: invalid syntax"})
    assert "timeout" in badge({**base, "status": "timeout", "detail": ""})
    assert badge(None) == "not executed"


@pilot
async def test_long_prompt_scrolls_with_brackets(tmp_path):
    from codegen_rlhf.rank.store import Store

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
    from codegen_rlhf.rank.store import Store
    from rankdb import fill

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
    import codegen_rlhf.rank.store as store_module

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
