"""Modal screens over the ranking view: a one-line question (skip reason, comment), a yes/no confirmation, help,
and a side-by-side diff of two candidates."""

from __future__ import annotations

import difflib

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from codegen_rlhf.rank.widgets import CodeView


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter returns it, escape returns None (cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = ""):
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question)
            yield Input(value=self.value, placeholder=self.placeholder)
            yield Label("[dim]enter confirms · escape cancels[/]")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y answers yes; n or escape answers no."""

    BINDINGS = [Binding("y", "answer(True)", "yes"), Binding("n,escape", "answer(False)", "no")]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)  # a Static wraps; a Label would cut a long question
            yield Label("[b]y[/b] yes · [b]n[/b] or escape: no, stay")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class HelpScreen(ModalScreen[None]):
    """Every binding of the ranking view, built from its BINDINGS so the help cannot drift from the keys, plus
    the keys the candidate panels answer themselves (`extra`)."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "close")]

    def __init__(self, bindings: list[Binding], extra: list[tuple[str, str]] = ()):
        super().__init__()
        by_description: dict[str, list[str]] = {}
        for b in bindings:
            by_description.setdefault(b.description, []).append(b.key_display or b.key)
        self.rows: list[tuple[str, str]] = []  # (keys, what they do)
        for description, keys in by_description.items():
            digits = [k for k in keys if k.isdigit()]
            self.rows.append((f"{digits[0]}–{digits[-1]}" if len(digits) > 2 else " / ".join(keys), description))
        self.rows += list(extra)

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", show_header=False, box=None, padding=(0, 2))
        for keys, description in self.rows:
            table.add_row(Text(keys, style="bold"), description)
        with VerticalScroll(classes="dialog"):
            yield Static(table)
            yield Label("[dim]escape, q or ? closes[/]")

    def action_close(self) -> None:
        self.dismiss(None)


class DiffScreen(ModalScreen[None]):
    """Two candidates side by side, aligned by difflib: changed lines paired, and inside a changed pair the
    differing characters highlighted; the line numbers are the panels' own."""

    BINDINGS = [Binding("escape,q,d", "close", "close")]

    def __init__(self, left_name: str, left: CodeView, right_name: str, right: CodeView):
        super().__init__()
        self.title_text = f"{left_name} (marked) ⟷ {right_name} (focused)"
        self.rows = side_by_side(left, right)

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
        for _ in range(2):
            table.add_column(justify="right", style="dim", no_wrap=True)
            table.add_column(ratio=1, overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        with VerticalScroll(classes="dialog diff"):
            yield Label(Text(self.title_text, style="bold"))
            yield Static(table, id="diff")
            yield Label("[dim]escape, q or d closes · red: only on the left, green: only on the right[/]")

    def action_close(self) -> None:
        self.dismiss(None)


REMOVED, ADDED = "on #5f0000", "on #005f00"
CHANGED_LEFT, CHANGED_RIGHT = "bold on #af0000", "bold on #008700"


def side_by_side(left: CodeView, right: CodeView) -> list[tuple[str, Text, str, Text]]:
    """Rows of (left number, left line, right number, right line); a side is blank where the other has lines
    it lacks. Texts are `CodeView`s' own (already made printable)."""
    a, b = left.code.split("\n"), right.code.split("\n")
    rows = []

    def number(view: CodeView, index: int) -> str:
        return str(view.start_line + index)

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [(number(left, i), Text(a[i]), number(right, j), Text(b[j]))
                     for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            old = Text(a[i], style=REMOVED) if i < i2 else Text("")
            new = Text(b[j], style=ADDED) if j < j2 else Text("")
            if i < i2 and j < j2:  # a changed pair: mark the characters that differ
                for op, x1, x2, y1, y2 in difflib.SequenceMatcher(None, a[i], b[j], autojunk=False).get_opcodes():
                    if op != "equal":
                        old.stylize(CHANGED_LEFT, x1, x2)
                        new.stylize(CHANGED_RIGHT, y1, y2)
            rows.append((number(left, i) if i < i2 else "", old, number(right, j) if j < j2 else "", new))
    return rows
