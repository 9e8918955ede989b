"""What the ranking view is made of: the code view, the candidate panel with its test outcome, the tab strip,
the live order summary and the key hints.

Everything a candidate file or the sandbox wrote (code, task ids, failure details) is hostile: it reaches the
screen only as rich `Text` built here, never as markup, and through `printable`, so it can neither style the
UI nor send escape sequences to the terminal.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.syntax import Syntax
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from codegen_rlhf.rank.store import CRITERIA, Candidate
from codegen_rlhf.text import printable

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OPTIONAL = tuple(c for c in CRITERIA if c != "overall")
THEME = "monokai"
# An error raised in the program names its line last: "SyntaxError: ... (<sample>, line 3) (line 3)".
ERROR_LINE = re.compile(r"\(line (\d+)\)$")
LINE_MENTIONS = re.compile(r"\s*\((<sample>, )?line \d+\)")


class CodeView:
    """Python with highlighting and line numbers, wrapped to the width without losing its shape: a long line
    continues under its own indentation (after a `↪`), and every panel pads its numbers to the same width so
    that lines of equal number sit level across panels."""

    def __init__(self, code: str, start_line: int = 1, number_width: int = 0, highlight: frozenset[int] = frozenset()):
        self.code = printable(code.rstrip("\n")).expandtabs(4)
        self.start_line = start_line
        self.number_width = max(number_width, len(str(start_line + self.code.count("\n"))))
        self.highlight = highlight

    def lines(self, console: Console, width: int) -> list[Text]:
        syntax = Syntax("", "python", theme=THEME, background_color="default")
        highlighted = syntax.highlight(self.code).split("\n", allow_blank=True)
        code_width = max(width - self.number_width - 1, 8)
        out = []
        for number, line in enumerate(highlighted[: self.code.count("\n") + 1], start=self.start_line):
            line.rstrip()
            marked = number in self.highlight
            gutter = Text(f"{number:>{self.number_width}} ", style="bold white on red" if marked else "dim")
            indent = min(len(line.plain) - len(line.plain.lstrip(" ")), code_width // 2)
            pieces = [line]
            if cell_len(line.plain) > code_width:
                body = line[indent:]
                pieces = list(body.wrap(console, code_width - indent - 2, no_wrap=False))
                pieces = [Text(" " * indent) + pieces[0],
                          *(Text(" " * indent + "↪ ", style="dim") + piece for piece in pieces[1:])]
            for i, piece in enumerate(pieces):
                row = (gutter if i == 0 else Text(" " * (self.number_width + 1))) + piece
                if marked:
                    row.stylize("on #5f0000", self.number_width + 1)
                out.append(row)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text("\n").join(self.lines(console, options.max_width))
        text.no_wrap = True
        yield text


def _reasons(execution: dict) -> list[str]:
    """The reasons in a sandbox result's detail as recorded: `; `-separated, before any captured output."""
    head, _, _ = (execution.get("detail") or "").partition("\n[")  # captured stdout/stderr follow the reasons
    return [r.strip() for r in head.split("; ") if r.strip()]


def failure_reasons(execution: dict) -> list[str]:
    """The reasons a candidate failed, first first, as shown: failing asserts by their text, exceptions."""
    reasons = _reasons(execution)
    # The assert's own text says it all; a syntax error's line is said in the outcome's first line.
    return [LINE_MENTIONS.sub("", r.removeprefix("AssertionError: ")) for r in reasons]


def error_line(execution: dict | None) -> int | None:
    """The program line a syntax error (or, where the sandbox records it, a runtime error) points at."""
    if not execution or execution["status"] not in ("syntax_error", "error"):
        return None
    found = ERROR_LINE.search(next(iter(_reasons(execution)), ""))
    return int(found.group(1)) if found else None


def outcome(execution: dict | None, max_reasons: int = 3) -> Text:
    """The test outcome and why it failed: `✗ failed: 1/3 tests pass` then the first failing asserts, the
    exception, or the syntax error and its line; one reason a line, cut with `…` where the panel is narrow."""
    if execution is None:
        return Text("not executed", style="dim")
    status = execution["status"]
    total = execution.get("tests_total")
    counts = f"{execution.get('tests_passed') or 0}/{total} tests pass" if total else ""
    if status == "passed":
        return Text(f"✓ passed{' ' + counts.replace(' pass', '') if counts else ''}", style="bold green")
    words = {"failed": "failed", "error": "runtime error", "syntax_error": "syntax error",
             "timeout": "timed out", "memory": "out of memory", "killed": "killed"}.get(status, printable(status))
    line = error_line(execution)
    head = f"✗ {words}"
    if line:
        head += f" at line {line}"
    if counts and status == "failed":
        head += f": {counts}"
    text = Text(head, style="bold red")
    reasons = failure_reasons(execution)
    for reason in reasons[:max_reasons]:
        text.append("\n  " + printable(reason)[:200], style="red")
    if len(reasons) > max_reasons:
        text.append(f"\n  (+{len(reasons) - max_reasons} more)", style="dim")
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class CandidatePanel(VerticalScroll, can_focus=True):
    """A focusable, scrollable column: the letter and levels in the border title, then the test outcome at the
    top (where notices, which stack at the bottom, never cover it), then the code. `outcome_height` is set to
    the tallest outcome of the item, so that the code starts on the same row in every panel."""

    # ←/→ move between candidates (the screen's bindings), not scroll sideways: code wraps, it never needs to.
    BINDINGS = [Binding("left", "screen.move(-1)", show=False), Binding("right", "screen.move(1)", show=False)]

    def __init__(self, candidate: Candidate, index: int, prompt_lines: int, number_width: int, blind: bool):
        super().__init__(classes="candidate")
        self.candidate = candidate
        self.index = index
        self.letter = LETTERS[index]
        self.blind = blind
        self.outcome = Text() if blind else outcome(candidate.execution)
        self.outcome_height = len(self.outcome.plain.splitlines())
        line = None if blind else error_line(candidate.execution)
        self.code = CodeView(candidate.completion, prompt_lines + 1, number_width, frozenset({line} - {None}))

    def compose(self):
        if not self.blind:
            summary = Static(self.outcome, classes="outcome")
            summary.styles.height = self.outcome_height
            yield summary
        yield Static(self.code, classes="code")

    def show_levels(self, levels: dict[str, dict[int, int]], criterion: str, marked: bool, short: bool) -> None:
        """The border title: letter, mark, and the level per criterion (criteria cut to 4 letters if `short`)."""
        title = Text.assemble((self.letter, "bold"), " ")
        if marked:
            title.append("◆marked ", style="yellow")
        for c in CRITERIA:
            level = levels[c].get(self.candidate.id)
            label = f" {c[:4] if short else c} {level or '–'} "
            title.append(label, style="reverse" if c == criterion else "")
        self.border_title = title


def tab_strip(panels: list[CandidatePanel], shown: set[int], levels: dict[int, int]) -> Text:
    """The narrow-terminal stand-in for side-by-side columns: one tab per candidate with its level."""
    text = Text()
    for i, panel in enumerate(panels):
        level = levels.get(panel.candidate.id)
        text.append(f" {panel.letter}:{level if level else '–'} ", style="reverse bold" if i in shown else "")
        text.append(" ")
    return text


def order_summary(criterion: str, levels: dict[int, int], letters: dict[int, str]) -> Text:
    """`overall (required): C = A > D > B  · unranked: E` — the current order as the levels say it."""
    text = Text(criterion, style="bold")
    text.append(" (optional: all or none)" if criterion in OPTIONAL else " (required)", style="dim")
    text.append(": ")
    by_level: dict[int, list[str]] = {}
    for cid, level in sorted(levels.items(), key=lambda kv: (kv[1], letters[kv[0]])):
        by_level.setdefault(level, []).append(letters[cid])
    text.append(" > ".join(" = ".join(group) for group in by_level.values()) or "nothing ranked yet")
    unranked = sorted(letter for cid, letter in letters.items() if cid not in levels)
    if unranked and levels:
        text.append(f"   unranked: {', '.join(unranked)}", style="yellow")
    return text


def key_hints(hints: list[tuple[str, str, str]], width: int) -> Text:
    """One line of `key meaning` hints that fits `width`: spelled out if they all fit, else in short words,
    else the first ones that fit. The list is in order of need; its last two (quit, all keys) always show."""
    for form in (1, 2):
        parts = [(key, words[form - 1]) for key, *words in hints]
        line = _hint_line(parts)
        if line.cell_len <= width:
            return line
    kept, always = [], parts[-2:]
    for part in parts[:-2]:
        if _hint_line([*kept, part, *always]).cell_len > width:
            break
        kept.append(part)
    return _hint_line([*kept, *always])


def _hint_line(parts: list[tuple[str, str]]) -> Text:
    text = Text()
    for i, (key, words) in enumerate(parts):
        text.append(("  " if i else "") + key, style="bold")
        text.append(" " + words)
    return text
