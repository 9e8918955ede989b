"""The progress bar of every long-running command: one layout, on stderr (stdout stays for results).

    with progress_bar("scoring", "{task.fields[rate]}") as bar:
        task = bar.add_task("scoring", total=len(items), rate="")
        ...
        bar.update(task, advance=1, rate=f"{mean_rate(bar.tasks[task]):.1f} samples/s")

Columns: the label, the bar, done/total, the caller's text fields (rate, loss, ...), elapsed time, ETA.
`mean_rate` is the rate since the start: rich's own `task.speed` looks at the last few updates only (it jumps
with every slow or fast item) and re-sums its history on every call.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def progress_bar(label: str, *fields: str | ProgressColumn, console: Console | None = None, transient: bool = False,
                 eta: bool = True) -> Progress:
    """A rich `Progress` (not started: use it as a context manager or call `start()`). `label` and string
    `fields` are `TextColumn` formats (`{task.description}`, `{task.fields[NAME]}` for a field given to
    `add_task`); a field may also be a column of its own. `eta=False` leaves out rich's time-remaining column,
    for a caller whose field says the time left at a rate it computes itself."""
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(),
               *(TextColumn(f) if isinstance(f, str) else f for f in fields), TimeElapsedColumn()]
    if eta:
        columns += [TextColumn("eta"), TimeRemainingColumn()]
    return Progress(*columns, console=console or Console(stderr=True), transient=transient)


def mean_rate(task: Task) -> float:
    """Completed items per second since the task started (0 before the first second has a measure)."""
    return task.completed / task.elapsed if task.elapsed else 0.0
