"""Run logging shared by every training stage: metrics.jsonl, TensorBoard when installed, a rich progress bar.

    tracker = Tracker(out_dir, total_steps=100, start_step=0, description="train sft", resume=False)
    tracker.log(step, {"loss": 1.23, "lr": 2e-4}, tokens=4096)   # one metrics line, bar advanced to `step`
    tracker.warn("eval set is empty")
    tracker.close()

`metrics.jsonl` gets one JSON object per `log` call with `step`, wall `time` and, when `tokens` are given,
`tokens_per_s`; each line is flushed as it is written, so a killed run keeps everything it logged. Resuming
(`resume=True`) first drops the lines logged after `start_step` (steps the checkpoint does not cover and
which the resumed run will redo). Only the main process (rank 0) writes or draws anything; on the other
ranks every method is a no-op. When stdout is not a terminal the bar is replaced by one plain line per log.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

from rich.console import Console

from codegen_rlhf.progress import progress_bar
from codegen_rlhf.jsonl import atomic_open

METRICS_FILE = "metrics.jsonl"


class Tracker:
    def __init__(self, out_dir: str | Path, *, total_steps: int, start_step: int = 0, description: str = "train",
                 resume: bool = False):
        self.enabled = int(os.environ.get("RANK", "0")) == 0
        self.total_steps = total_steps
        self.step = start_step
        self._last_time = time.perf_counter()
        if not self.enabled:
            return
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / METRICS_FILE
        if resume:
            truncate_after(path, start_step)
        elif path.exists():
            path.unlink()  # a fresh run: the old curve would be misleading
        self._file = open(path, "a", encoding="utf-8")
        self._tensorboard = _tensorboard_writer(self.out_dir / "tensorboard")
        self.console = Console(stderr=True)
        self._progress = None
        if self.console.is_terminal:
            self._progress = progress_bar("[bold]{task.description}", "loss {task.fields[loss]}",
                                          "{task.fields[rate]}", console=self.console)
            self._task = self._progress.add_task(description, total=total_steps, completed=start_step,
                                                 loss="-", rate="-")
            self._progress.start()
        self.description = description

    def log(self, step: int, metrics: dict, tokens: int = 0, seconds: float | None = None) -> None:
        """Record `metrics` at `step`; `tokens` processed in `seconds` (default: since the previous call)
        give tokens/s."""
        now = time.perf_counter()
        elapsed, self._last_time = (now - self._last_time if seconds is None else seconds), now
        if not self.enabled:
            return
        row = {"step": step, "time": round(time.time(), 3)}
        if tokens:
            row["tokens_per_s"] = round(tokens / max(elapsed, 1e-9), 1)
        row.update({k: _plain(v) for k, v in metrics.items()})
        self._file.write(json.dumps(row) + "\n")
        self._file.flush()
        if self._tensorboard is not None:
            for key, value in row.items():
                if key not in ("step", "time") and isinstance(value, (int, float)) and math.isfinite(value):
                    self._tensorboard.add_scalar(key, value, step)
        loss = row.get("loss")
        loss_text = f"{loss:.4f}" if isinstance(loss, float) else "-"
        rate_text = f"{row['tokens_per_s']:,.0f} tok/s" if "tokens_per_s" in row else "-"
        if self._progress is not None:
            self._progress.update(self._task, completed=min(step, self.total_steps), loss=loss_text, rate=rate_text)
        elif step > self.step or step == 0:
            self.console.print(f"{self.description} step {step}/{self.total_steps}  loss {loss_text}  {rate_text}",
                               highlight=False)
        self.step = max(self.step, step)

    def warn(self, message: str) -> None:
        if self.enabled:
            self.console.print(f"[yellow]warning:[/] {message}")

    def close(self) -> None:
        if not self.enabled:
            return
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        if self._tensorboard is not None:
            self._tensorboard.close()
            self._tensorboard = None
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def read_metrics(out_dir: str | Path) -> list[dict]:
    path = Path(out_dir) / METRICS_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def truncate_after(path: Path, step: int) -> None:
    """Drop the JSONL lines of steps after `step` (they are redone on resume); used for metrics and samples."""
    if not path.exists():
        return

    kept = [line for line in path.read_text().splitlines() if line.strip() and json.loads(line)["step"] <= step]
    with atomic_open(path) as f:
        f.writelines(line + "\n" for line in kept)


def _plain(value):
    """Tensors and numpy scalars become plain numbers so json can write them."""
    if hasattr(value, "item"):
        return value.item()
    return value


def _tensorboard_writer(folder: Path):
    try:
        import tensorboard  # noqa: F401, PLC0415 (optional package; torch's SummaryWriter needs it)
        from torch.utils.tensorboard import SummaryWriter  # noqa: PLC0415 (torch: ~2.5 s, only with tensorboard on)
    except ImportError:
        return None
    return SummaryWriter(str(folder))
