"""The ranking UI: `codegen-rlhf rank --db FILE [--annotator NAME]`.

One item at a time: the prompt on top, the live order of the current criterion under it, then the K candidates
side by side (at most two at a time behind a tab strip when the terminal is too narrow: the focused one and
the one marked with `x`), and a line of key hints that always fits the width. Everything is keyboard-driven;
the keys live in `RankScreen.BINDINGS`, which the help screen (`?`) renders.

A ranking reaches the database only on `enter`, as one transaction; the level keys before that are logged as
events but are not a ranking yet, so quitting or a crash mid-item means starting that item again, never a
half-stored one (leaving an item with unsaved levels asks first). On start the annotator resumes at their first
item that is neither submitted nor skipped; `b`/`f` go back and forth through all items, and a submitted or
skipped item reopens with what was stored, so `enter` saves a revision (a new event; exports take the latest).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from codegen_rlhf.rank.screens import AskScreen, ConfirmScreen, DiffScreen, HelpScreen
from codegen_rlhf.rank.store import CRITERIA, IncompleteRanking, Item, ItemChanged, Store, validate_levels
from codegen_rlhf.rank.widgets import CandidatePanel, CodeView, key_hints, order_summary, tab_strip
from codegen_rlhf.text import printable

# Below this many columns per candidate the panels are shown at most two at a time with a tab strip.
MIN_COLUMN_WIDTH = 40
# The prompt (its examples included) may take the height the candidates leave above this many rows.
CANDIDATE_ROWS = 14
# (keys, meaning, meaning in short) in order of need: the hint line drops from the end, keeping the last two.
HINTS = [
    ("1-9", "rank the candidate (1 = best, equal = tie)", "rank, 1=best"),
    ("tab/←→", "next/previous candidate", "move"),
    ("enter", "submit", "submit"),
    ("s", "skip", "skip"),
    ("c", "next criterion", "criterion"),
    ("u", "undo", "undo"),
    ("0", "clear", "clear"),
    ("b/f", "previous/next item", "items"),
    ("n", "comment", "note"),
    ("x/d", "mark, diff", "diff"),
    ("e", "open in $EDITOR", "edit"),
    ("q", "quit", "quit"),
    ("?", "all keys", "keys"),
]
HINTS_WITHOUT_ITEM = [("b", "previous item (revise it)", "back"), ("q", "quit", "quit"), ("?", "all keys", "keys")]
# Keys a candidate panel answers itself (VerticalScroll's bindings), listed in the help with ours.
SCROLL_KEYS = [("↑/↓ pgup/pgdn home/end, mouse wheel", "scroll the focused candidate")]


class RankScreen(Screen):
    BINDINGS = [
        # Not priority bindings: those run as soon as the key arrives, ahead of level keys still queued at the
        # focused panel, so a quick `2 tab 1` ranked the second candidate twice. The panels pass ←/→ up instead.
        Binding("tab,right", "move(1)", "next candidate", key_display="tab/→"),
        Binding("shift+tab,left", "move(-1)", "previous candidate", key_display="shift+tab/←"),
        *[Binding(str(n), f"set_level({n})", "rank level of the focused candidate (1 = best, equal = tie)")
          for n in range(1, 10)],
        Binding("0", "set_level(0)", "clear the focused candidate's level"),
        Binding("c", "next_criterion", "next criterion (overall is required, the others optional)"),
        Binding("enter", "submit", "submit (a submitted item: save a revision)"),
        Binding("s", "skip", "skip (asks a reason)"),
        Binding("u", "undo", "undo"),
        Binding("n", "comment", "comment on this item"),
        Binding("x", "mark", "mark the focused candidate (for diff; shown beside the focused one when narrow)"),
        Binding("d", "diff", "diff marked and focused candidates side by side"),
        Binding("e", "edit", "open the focused candidate in $EDITOR (a copy)"),
        Binding("b", "go(-1)", "previous item"),
        Binding("f", "go(1)", "next item"),
        Binding("left_square_bracket", "scroll_prompt(-3)", "scroll the prompt up", key_display="["),
        Binding("right_square_bracket", "scroll_prompt(3)", "scroll the prompt down", key_display="]"),
        Binding("question_mark", "help", "all keys", key_display="?"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, store: Store, annotator_id: int, annotator: str, blind: bool):
        super().__init__()
        self.store = store
        self.annotator_id = annotator_id
        self.annotator = annotator
        self.blind = blind
        self.item: Item | None = None
        self.panels: list[CandidatePanel] = []
        self.current = 0
        self.last_prompt_id: int | None = None  # where `b` goes back to when every item is done

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="prompt"):
            yield Static(id="prompt-code")
        yield Static(id="order")
        yield Static(id="tabs")
        yield Horizontal(id="candidates")
        yield Static(id="keys")

    async def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_status)
        await self.load(self.store.next_item_id(self.annotator_id))

    # -- item lifecycle ------------------------------------------------------------------------------

    async def load(self, prompt_id: int | None) -> None:
        """Show an item (None: the all-done message), starting from what the annotator stored for it."""
        if self.item is not None:
            self.store.log(self.annotator_id, self.item.prompt_id, "left", {})  # ends this view's time
            self.last_prompt_id = self.item.prompt_id
        container = self.query_one("#candidates", Horizontal)
        await container.remove_children()
        self.item = None
        self.panels = []
        if prompt_id is None:
            done, total = self.store.progress(self.annotator_id)
            self.query_one("#prompt-code", Static).update(Text(
                f"Nothing left to rank for {printable(self.annotator)}: {done}/{total} items done. "
                "Press b to go back and revise, q to quit."
            ))
            self.query_one("#tabs", Static).update("")
            self.query_one("#order", Static).update("")
            self.apply_layout()
            self.refresh_bindings()
            return
        self.item = self.store.item(self.annotator_id, prompt_id)
        self.saved_levels, self.skip_reason = self.store.saved(self.annotator_id, prompt_id)
        self.levels = {c: dict(by) for c, by in self.saved_levels.items()}
        self.history: list[tuple] = []
        self.comment = ""
        self.criterion = "overall"
        self.marked: int | None = None
        # Time from earlier views of this item counts too (a restart or crash must not reset it).
        self.started = time.monotonic() - self.store.seconds_on(self.annotator_id, prompt_id)
        # What this session last saw of the item; a submit from another session since then is not overwritten.
        self.revision = self.store.revision(self.annotator_id, prompt_id)
        prompt_lines = len(self.item.prompt.splitlines())
        # One number width for the prompt and every panel, so that equal line numbers line up across panels.
        width = len(str(prompt_lines + max(len(c.completion.splitlines()) for c in self.item.candidates)))
        self.query_one("#prompt-code", Static).update(CodeView(self.item.prompt, 1, width))
        self.query_one("#prompt", VerticalScroll).scroll_home(animate=False)
        self.panels = [CandidatePanel(candidate, i, prompt_lines, width, self.blind)
                       for i, candidate in enumerate(self.item.candidates)]
        tallest = max(panel.outcome_height for panel in self.panels)
        for panel in self.panels:
            panel.outcome_height = tallest
        await container.mount_all(self.panels)
        self.store.log(self.annotator_id, prompt_id, "shown", {})
        self.focus_candidate(0)
        self.refresh_bindings()

    @property
    def unsaved(self) -> bool:
        return self.item is not None and (self.levels != self.saved_levels or bool(self.comment))

    def on_resize(self) -> None:
        self.apply_layout()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A mouse click focuses a panel directly: the keys must follow it, not the previous current one.
        if event.widget in self.panels and self.panels.index(event.widget) != self.current:
            self.focus_candidate(self.panels.index(event.widget))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without an item (all done) only going back, help and quit apply."""
        return self.item is not None or action in ("go", "help", "quit")

    def apply_layout(self) -> None:
        narrow = bool(self.panels) and self.size.width < MIN_COLUMN_WIDTH * len(self.panels)
        self.set_class(narrow, "narrow")
        other_lines = 3 + narrow  # status, order and key lines, the tab strip
        prompt = self.query_one("#prompt", VerticalScroll)
        prompt.styles.max_height = max(self.size.height * 45 // 100, self.size.height - other_lines - CANDIDATE_ROWS)
        self.refresh_panels()

    def focus_candidate(self, index: int) -> None:
        if not self.panels:
            return
        self.current = index % len(self.panels)
        self.panels[self.current].focus()
        self.apply_layout()

    def shown(self) -> set[int]:
        """The panels on screen when narrow: the focused one, and the marked one beside it."""
        return {self.current} | ({self.marked} if self.marked is not None else set())

    def refresh_panels(self) -> None:
        hints = HINTS if self.item else HINTS_WITHOUT_ITEM
        self.query_one("#keys", Static).update(key_hints(hints, self.size.width - 2))  # 2: the line's padding
        self.refresh_status()
        if not self.panels:
            return
        columns = len(self.shown()) if self.has_class("narrow") else len(self.panels)
        short = self.size.width < 48 * columns  # criteria spelled out in the titles where a column has room
        for i, panel in enumerate(self.panels):
            panel.set_class(i == self.current, "current")
            panel.set_class(i in self.shown(), "shown")
            panel.show_levels(self.levels, self.criterion, marked=i == self.marked, short=short)
        letters = {p.candidate.id: p.letter for p in self.panels}
        self.query_one("#order", Static).update(order_summary(self.criterion, self.levels[self.criterion], letters))
        self.query_one("#tabs", Static).update(tab_strip(self.panels, self.shown(), self.levels[self.criterion]))

    def refresh_status(self) -> None:
        done, total = self.store.progress(self.annotator_id)
        status = Text.assemble((printable(self.annotator), "bold"), f"  ·  done {done}/{total}")
        if self.item is not None:
            elapsed = int(time.monotonic() - self.started)
            status.append("  ·  item ")
            status.append(printable(self.item.task_id), style="bold")
            if self.revision and self.skip_reason is not None:
                status.append(f"  ·  skipped ({printable(self.skip_reason)}): enter submits it", style="yellow")
            elif self.revision:
                status.append("  ·  submitted: enter saves a revision", style="yellow")
            status.append(f"  ·  {elapsed // 60}:{elapsed % 60:02d} on this item")
            if self.comment:
                status.append("  ·  commented", style="italic")
            if self.blind:
                status.append("  ·  blind")
        self.query_one("#status", Static).update(status)

    # -- actions -------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.focus_candidate(self.current + step)

    def action_set_level(self, level: int) -> None:
        cid = self.panels[self.current].candidate.id
        previous = self.levels[self.criterion].get(cid)
        if level == (previous or 0):
            return
        self.history.append(("level", self.criterion, cid, previous))
        if level:
            self.levels[self.criterion][cid] = level
        else:
            self.levels[self.criterion].pop(cid, None)
        self.store.log(self.annotator_id, self.item.prompt_id, "level",
                       {"criterion": self.criterion, "candidate_id": cid, "level": level or None})
        self.refresh_panels()

    def action_scroll_prompt(self, lines: int) -> None:
        prompt = self.query_one("#prompt", VerticalScroll)
        prompt.scroll_to(y=prompt.scroll_y + lines, animate=False)

    def action_next_criterion(self) -> None:
        self.criterion = CRITERIA[(CRITERIA.index(self.criterion) + 1) % len(CRITERIA)]
        self.refresh_panels()

    def action_undo(self) -> None:
        if not self.history:
            self.notify("nothing to undo on this item", severity="warning")
            return
        entry = self.history.pop()
        if entry[0] == "level":
            _, criterion, cid, previous = entry
            if previous is None:
                self.levels[criterion].pop(cid, None)
            else:
                self.levels[criterion][cid] = previous
            self.criterion = criterion
        else:
            self.comment = entry[1]
        self.store.log(self.annotator_id, self.item.prompt_id, "undo", {"undone": list(entry)})
        self.refresh_panels()

    async def action_submit(self) -> None:
        ids = {c.id for c in self.item.candidates}
        levels = {c: dict(by) for c, by in self.levels.items() if by}
        try:
            validate_levels(levels, ids)
        except IncompleteRanking as e:
            missing = [p.letter for p in self.panels if p.candidate.id in e.missing]
            self.notify(f"unranked: {', '.join(missing)} ({e})", severity="error")
            return
        try:
            self.store.submit(self.annotator_id, self.item.prompt_id, levels,
                              seconds_spent=round(time.monotonic() - self.started, 2), comment=self.comment,
                              blind=self.blind, expected_revision=self.revision)
        except ItemChanged:
            self.conflict()
            return
        self.notify(printable(f"saved {self.item.task_id}"), markup=False)
        await self.load(self.store.next_item_id(self.annotator_id))

    def conflict(self) -> None:
        """Another session saved this item meanwhile: say so; repeating the action replaces it knowingly."""
        self.revision = self.store.revision(self.annotator_id, self.item.prompt_id)
        self.notify("This item was saved in another session since you opened it. Press the key again to "
                    "replace that with yours.", severity="error", timeout=10)

    def action_skip(self) -> None:
        async def skipped(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.store.skip(self.annotator_id, self.item.prompt_id, reason, comment=self.comment,
                                expected_revision=self.revision)
            except ItemChanged:
                self.conflict()
                return
            self.notify(printable(f"skipped {self.item.task_id}"), markup=False)
            await self.load(self.store.next_item_id(self.annotator_id))

        self.app.push_screen(AskScreen("Why skip this item?", placeholder="e.g. prompt unclear"), skipped)

    def action_comment(self) -> None:
        def commented(text: str | None) -> None:
            if text is None or text == self.comment:
                return
            self.history.append(("comment", self.comment))
            self.comment = text
            self.refresh_status()

        self.app.push_screen(AskScreen("Comment on this item (optional):", value=self.comment), commented)

    def action_mark(self) -> None:
        self.marked = None if self.marked == self.current else self.current
        self.refresh_panels()

    def action_diff(self) -> None:
        if len(self.panels) < 2:
            return
        other = self.marked if self.marked not in (None, self.current) else (self.current + 1) % len(self.panels)
        left, right = self.panels[other], self.panels[self.current]
        self.app.push_screen(DiffScreen(left.letter, left.code, right.letter, right.code))

    def action_edit(self) -> None:
        """Open a read-only copy of the program (prompt + focused candidate) in $VISUAL or $EDITOR."""
        panel = self.panels[self.current]
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            editor = shlex.split(command)
        except ValueError:  # unbalanced quotes
            editor = []
        # Found before the terminal is handed over: Textual's suspend() does not give it back if its body raises.
        if not editor or shutil.which(editor[0]) is None:
            self.notify(printable(f"could not run the editor {command!r} (set $VISUAL or $EDITOR)"),
                        severity="error", markup=False)
            return
        with tempfile.TemporaryDirectory(prefix="rank-") as folder:
            path = Path(folder) / f"candidate_{panel.letter}.py"
            path.write_text(self.item.prompt + panel.candidate.completion)
            path.chmod(0o444)  # a copy to read: edits are not the candidate
            try:
                with self.app.suspend():
                    code = subprocess.run([*editor, str(path)]).returncode
            except SuspendNotSupported:  # no terminal to hand over (headless): run it anyway
                code = subprocess.run([*editor, str(path)], capture_output=True).returncode
        self.store.log(self.annotator_id, self.item.prompt_id, "opened_in_editor",
                       {"candidate_id": panel.candidate.id, "exit_code": code})

    async def action_go(self, step: int) -> None:
        """Go to the previous/next item in the list, whatever its state; asks first if levels are unsaved."""
        ids = self.store.item_ids()
        if self.item is None:  # all done: back to the item just finished (or the last one)
            target = None if step > 0 or not ids else (self.last_prompt_id if self.last_prompt_id in ids else ids[-1])
        else:
            index = ids.index(self.item.prompt_id) + step
            target = ids[index] if 0 <= index < len(ids) else None
        if target is None:
            self.notify("no previous item" if step < 0 else "this is the last item", severity="warning")
            return
        await self.leave(lambda: self.load(target))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS, SCROLL_KEYS))

    async def action_quit(self) -> None:
        async def quit_() -> None:
            self.store.log(self.annotator_id, self.item.prompt_id if self.item else None, "quit", {})
            self.app.exit()

        await self.leave(quit_)

    async def leave(self, then) -> None:
        """Run `then` (a coroutine function) now, or after a yes if this item has unsaved levels or a comment."""
        if not self.unsaved:
            await then()
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await then()

        self.app.push_screen(ConfirmScreen("This item has levels or a comment that are not submitted. Leave it "
                                           "anyway? (n, then enter, submits them instead)"), answered)


class RankApp(App):
    TITLE = "codegen-rlhf rank"
    CSS = """
    #status { height: 1; background: $panel; padding: 0 1; }
    #prompt { height: auto; border: round $secondary; }
    #order { height: 1; padding: 0 1; }
    #tabs { display: none; height: 1; padding: 0 1; }
    RankScreen.narrow #tabs { display: block; }
    #candidates { height: 1fr; }
    #keys { height: 1; background: $panel; padding: 0 1; }
    .candidate { width: 1fr; height: 100%; border: round $panel-lighten-2; }
    .candidate.current { border: round $accent; }
    .outcome { margin: 0 0 1 0; }
    RankScreen.narrow .candidate { display: none; }
    RankScreen.narrow .candidate.shown { display: block; }
    .dialog { width: 80%; height: auto; max-height: 90%; border: thick $accent; background: $surface; padding: 1 2; }
    DiffScreen .dialog { width: 100%; max-height: 100%; padding: 0 1; }
    AskScreen, ConfirmScreen, HelpScreen, DiffScreen { align: center middle; }
    """

    def __init__(self, store: Store, annotator: str, blind: bool = False):
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.annotator_id = store.annotator(annotator)
        self.blind = blind

        self.ranking = RankScreen(store, self.annotator_id, annotator, blind)

    def on_mount(self) -> None:
        self.push_screen(self.ranking)


def run_app(db: str, annotator: str, blind: bool = False) -> None:
    with Store(db, create=False) as store:
        RankApp(store, annotator, blind=blind).run()
