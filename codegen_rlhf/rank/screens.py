"""Modal screens over the ranking view: a one-line question (skip reason, comment), help, and a diff."""

from __future__ import annotations

import difflib

from rich.syntax import Syntax
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


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


class HelpScreen(ModalScreen[None]):
    """Every binding of the ranking view, built from its BINDINGS so the help cannot drift from the keys."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "close")]

    def __init__(self, bindings: list[Binding]):
        super().__init__()
        by_description: dict[str, list[str]] = {}
        for b in bindings:
            by_description.setdefault(b.description, []).append(b.key_display or b.key)
        self.rows: list[tuple[str, str]] = []  # (keys, what they do)
        for description, keys in by_description.items():
            digits = [k for k in keys if k.isdigit()]
            self.rows.append((f"{digits[0]}–{digits[-1]}" if len(digits) > 2 else " / ".join(keys), description))

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", show_header=False, box=None, padding=(0, 2))
        for keys, description in self.rows:
            table.add_row(f"[b]{keys}[/b]", description)
        with VerticalScroll(classes="dialog"):
            yield Static(table)
            yield Label("[dim]escape, q or ? closes[/]")

    def action_close(self) -> None:
        self.dismiss(None)


class DiffScreen(ModalScreen[None]):
    """A unified diff between two candidates."""

    BINDINGS = [Binding("escape,q,d", "close", "close")]

    def __init__(self, left_name: str, left: str, right_name: str, right: str):
        super().__init__()
        self.title_text = f"diff {left_name} → {right_name}"
        lines = difflib.unified_diff(
            left.splitlines(keepends=True), right.splitlines(keepends=True), fromfile=left_name, tofile=right_name
        )
        self.diff = "".join(lines) or "(identical)\n"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog diff"):
            yield Label(f"[b]{self.title_text}[/b]")
            yield Static(Syntax(self.diff, "diff", theme="monokai", word_wrap=True), id="diff")
            yield Label("[dim]escape, q or d closes[/]")

    def action_close(self) -> None:
        self.dismiss(None)
