"""The ranking UI: `codegen-rlhf rank --db FILE --annotator NAME`.

One item at a time: the prompt on top, the K candidates side by side below it (one at a time behind a tab
strip when the terminal is too narrow). Everything is keyboard-driven; the keys live in `RankScreen.BINDINGS`,
which the help screen (`?`) renders. A ranking reaches the database only on `enter`, as one transaction;
the level keys before that are logged as events but are not a ranking yet, so quitting or a crash mid-item
means starting that item again, never a half-stored one. On start the annotator resumes at their first item
that is neither submitted nor skipped.
"""

from __future__ import annotations

import time

from rich.syntax import Syntax
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from codegen_rlhf.rank.screens import AskScreen, DiffScreen, HelpScreen
from codegen_rlhf.rank.store import CRITERIA, IncompleteRanking, Item, ItemChanged, Store, validate_levels
from codegen_rlhf.rank.widgets import CandidatePanel, tab_strip

# Below this many columns per candidate the panels are shown one at a time with a tab strip.
MIN_COLUMN_WIDTH = 40


class RankScreen(Screen):
    BINDINGS = [
        Binding("tab,right", "move(1)", "next candidate", key_display="tab/→", priority=True),
        Binding("shift+tab,left", "move(-1)", "previous candidate", key_display="shift+tab/←", priority=True),
        *[Binding(str(n), f"set_level({n})", "rank level of the focused candidate (equal = tie)", show=False)
          for n in range(1, 10)],
        Binding("0", "set_level(0)", "clear the focused candidate's level", show=False),
        Binding("c", "next_criterion", "criterion"),
        Binding("left_square_bracket", "scroll_prompt(-3)", "scroll the prompt up", key_display="[", show=False),
        Binding("right_square_bracket", "scroll_prompt(3)", "scroll the prompt down", key_display="]", show=False),
        Binding("enter", "submit", "submit"),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("n", "comment", "comment"),
        Binding("x", "mark", "mark for diff"),
        Binding("d", "diff", "diff"),
        Binding("question_mark", "help", "help", key_display="?"),
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

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="prompt"):
            yield Static(id="prompt-code")
        yield Static(id="tabs")
        yield Horizontal(id="candidates")
        yield Footer()

    async def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_status)
        await self.load_next()

    # -- item lifecycle ------------------------------------------------------------------------------

    async def load_next(self) -> None:
        prompt_id = self.store.next_item_id(self.annotator_id)
        container = self.query_one("#candidates", Horizontal)
        await container.remove_children()
        self.item = None
        self.panels = []
        if prompt_id is None:
            done, total = self.store.progress(self.annotator_id)
            self.query_one("#prompt-code", Static).update(
                f"Nothing left to rank for {self.annotator}: {done}/{total} items done. Press q to quit."
            )
            self.query_one("#tabs", Static).update("")
            self.apply_layout()
            self.refresh_bindings()  # the footer drops the keys that need an item
            self.refresh_status()
            return
        self.item = self.store.item(self.annotator_id, prompt_id)
        self.levels: dict[str, dict[int, int]] = {c: {} for c in CRITERIA}
        self.history: list[tuple] = []
        self.comment = ""
        self.criterion = "overall"
        self.marked: int | None = None
        # Time from earlier views of this item counts too (a restart or crash must not reset it).
        self.started = time.monotonic() - self.store.seconds_on(self.annotator_id, prompt_id)
        # What this session last saw of the item; a submit from another session since then is not overwritten.
        self.revision = self.store.revision(self.annotator_id, prompt_id)
        self.query_one("#prompt-code", Static).update(
            Syntax(self.item.prompt.rstrip("\n"), "python", line_numbers=True, word_wrap=True, theme="monokai")
        )
        prompt_lines = len(self.item.prompt.splitlines())
        self.panels = [
            CandidatePanel(candidate, i, prompt_lines, self.blind) for i, candidate in enumerate(self.item.candidates)
        ]
        await container.mount_all(self.panels)
        self.store.log(self.annotator_id, prompt_id, "shown", {})
        self.apply_layout()
        self.focus_candidate(0)

    def on_resize(self) -> None:
        self.apply_layout()

    def on_descendant_focus(self, event) -> None:
        # A mouse click focuses a panel directly: the keys must follow it, not the previous current one.
        if event.widget in self.panels and self.panels.index(event.widget) != self.current:
            self.focus_candidate(self.panels.index(event.widget))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without an item (all done) only help and quit apply; the footer hides the rest."""
        return self.item is not None or action in ("help", "quit")

    def apply_layout(self) -> None:
        narrow = bool(self.panels) and self.size.width < MIN_COLUMN_WIDTH * len(self.panels)
        self.set_class(narrow, "narrow")
        self.refresh_panels()

    def focus_candidate(self, index: int) -> None:
        if not self.panels:
            return
        self.current = index % len(self.panels)
        for i, panel in enumerate(self.panels):
            panel.set_class(i == self.current, "current")
        self.panels[self.current].focus()
        self.refresh_panels()

    def refresh_panels(self) -> None:
        if not self.panels:
            return
        for i, panel in enumerate(self.panels):
            panel.show_levels(self.levels, self.criterion, marked=i == self.marked)
        self.query_one("#tabs", Static).update(tab_strip(self.panels, self.current, self.levels[self.criterion]))
        self.refresh_status()

    def refresh_status(self) -> None:
        done, total = self.store.progress(self.annotator_id)
        parts = [f"[b]{self.annotator}[/b]", f"done {done}/{total}"]
        if self.item is not None:
            elapsed = int(time.monotonic() - self.started)
            parts += [
                f"item [b]{self.item.task_id}[/b]",
                f"criterion [reverse] {self.criterion} [/]",
                f"{elapsed // 60}:{elapsed % 60:02d} on this item",
            ]
            if self.comment:
                parts.append("[i]commented[/i]")
            if self.blind:
                parts.append("blind")
        self.query_one("#status", Static).update("  ·  ".join(parts) + "   [dim](? for keys)[/]")

    # -- actions -------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.focus_candidate(self.current + step)

    def action_set_level(self, level: int) -> None:
        if self.item is None:
            return
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
        if self.item is None or not self.history:
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
        if self.item is None:
            return
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
        self.notify(f"saved {self.item.task_id}")
        await self.load_next()

    def conflict(self) -> None:
        """Another session saved this item meanwhile: say so; repeating the action replaces it knowingly."""
        self.revision = self.store.revision(self.annotator_id, self.item.prompt_id)
        self.notify("This item was saved in another session since you opened it. Press the key again to "
                    "replace that with yours.", severity="error", timeout=10)

    def action_skip(self) -> None:
        if self.item is None:
            return

        async def skipped(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.store.skip(self.annotator_id, self.item.prompt_id, reason, comment=self.comment,
                                expected_revision=self.revision)
            except ItemChanged:
                self.conflict()
                return
            self.notify(f"skipped {self.item.task_id}")
            await self.load_next()

        self.app.push_screen(AskScreen("Why skip this item?", placeholder="e.g. prompt unclear"), skipped)

    def action_comment(self) -> None:
        if self.item is None:
            return

        def commented(text: str | None) -> None:
            if text is None or text == self.comment:
                return
            self.history.append(("comment", self.comment))
            self.comment = text
            self.refresh_status()

        self.app.push_screen(AskScreen("Comment on this item (optional):", value=self.comment), commented)

    def action_mark(self) -> None:
        if self.panels:
            self.marked = None if self.marked == self.current else self.current
            self.refresh_panels()

    def action_diff(self) -> None:
        if len(self.panels) < 2:
            return
        other = self.marked if self.marked not in (None, self.current) else (self.current + 1) % len(self.panels)
        left, right = self.panels[other], self.panels[self.current]
        self.app.push_screen(
            DiffScreen(left.letter, left.candidate.completion, right.letter, right.candidate.completion)
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS))

    def action_quit(self) -> None:
        self.store.log(self.annotator_id, self.item.prompt_id if self.item else None, "quit", {})
        self.app.exit()


class RankApp(App):
    TITLE = "codegen-rlhf rank"
    CSS = """
    #status { height: 1; background: $panel; padding: 0 1; }
    #prompt { height: auto; max-height: 35%; border: round $secondary; border-title-color: $text; }
    #tabs { display: none; height: 1; padding: 0 1; }
    RankScreen.narrow #tabs { display: block; }
    #candidates { height: 1fr; }
    .candidate { width: 1fr; height: 100%; border: round $panel-lighten-2; }
    .candidate:focus, .candidate.current { border: round $accent; }
    RankScreen.narrow .candidate { display: none; }
    RankScreen.narrow .candidate.current { display: block; }
    .dialog { width: 80%; height: auto; max-height: 90%; border: thick $accent; background: $surface; padding: 1 2; }
    AskScreen, HelpScreen, DiffScreen { align: center middle; }
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
