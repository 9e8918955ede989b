"""The candidate panel: one completion with line numbers and highlighting, its levels and its test badge."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from codegen_rlhf.rank.store import CRITERIA, Candidate

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def code_view(code: str, start_line: int = 1) -> Syntax:
    return Syntax(code.rstrip("\n"), "python", line_numbers=True, start_line=start_line, word_wrap=True, theme="monokai")


def badge(execution: dict | None) -> str:
    """The test outcome in a few words: passed 3/3, failed (1/3 pass), error: ZeroDivisionError, timeout, ..."""
    if execution is None:
        return "not executed"
    counts = ""
    if execution.get("tests_total"):
        counts = f"{execution.get('tests_passed') or 0}/{execution['tests_total']}"
    status = execution["status"]
    if status == "passed":
        return f"[green]✓ passed {counts}[/]"
    if status == "failed":
        return f"[red]✗ failed ({counts} pass)[/]" if counts else "[red]✗ failed[/]"
    if status == "error":
        kind = (execution.get("detail") or "").split(":", 1)[0].strip().splitlines()[0:1]
        return f"[red]✗ error{': ' + kind[0][:30] if kind else ''}[/]"
    return f"[red]✗ {status.replace('_', ' ')}[/]"


class CandidatePanel(VerticalScroll, can_focus=True):
    """A focusable, scrollable column: the border title carries the letter and levels, the subtitle the badge."""

    def __init__(self, candidate: Candidate, index: int, prompt_lines: int, blind: bool):
        super().__init__(classes="candidate")
        self.candidate = candidate
        self.index = index
        self.letter = LETTERS[index]
        self.prompt_lines = prompt_lines
        self.blind = blind

    def compose(self):
        yield Static(code_view(self.candidate.completion, start_line=self.prompt_lines + 1), classes="code")

    def on_mount(self) -> None:
        self.border_subtitle = "" if self.blind else badge(self.candidate.execution)

    def show_levels(self, levels: dict[str, dict[int, int]], criterion: str, marked: bool) -> None:
        parts = []
        for c in CRITERIA:
            level = levels[c].get(self.candidate.id)
            text = f"{c[:4]} {level if level else '–'}"
            parts.append(f"[reverse]{text}[/]" if c == criterion else text)
        mark = " [yellow]◆diff[/]" if marked else ""
        self.border_title = f"[b]{self.letter}[/b]{mark}  " + "  ".join(parts)


def tab_strip(panels: list[CandidatePanel], current: int, levels: dict[int, int]) -> Text:
    """The narrow-terminal stand-in for side-by-side columns: one tab per candidate with its level."""
    text = Text()
    for i, panel in enumerate(panels):
        level = levels.get(panel.candidate.id)
        label = f" {panel.letter}:{level if level else '–'} "
        text.append(label, style="reverse bold" if i == current else "")
        text.append(" ")
    return text
