"""Score a samples file in the sandbox: one result line per sample, then pass@k and status counts.

Samples are HumanEval's `{"task_id", "completion"}` JSONL (an optional `completion_id` is kept, otherwise
samples are numbered per task in file order). The whole file is validated before anything runs, and results
are written atomically, so bad input never leaves a half-written results file.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.passk import mean_pass_at_k
from codegen_rlhf.jsonl import atomic_open, iter_jsonl
from codegen_rlhf.progress import mean_rate, progress_bar
from codegen_rlhf.sandbox import Sandbox, SandboxUnavailable


def read_samples(path: Path, problems: dict[str, dict]) -> list[dict]:
    samples, per_task = [], Counter()
    for number, row in iter_jsonl(path):
        task_id, completion = row.get("task_id"), row.get("completion")
        if not isinstance(task_id, str) or not isinstance(completion, str):
            raise UserError(f"{path}:{number}: a sample needs string fields task_id and completion")
        if task_id not in problems:
            raise UserError(f"{path}:{number}: unknown task_id {task_id!r} (not in the chosen problems)")
        completion_id = row.get("completion_id", per_task[task_id])
        per_task[task_id] += 1
        samples.append({"task_id": task_id, "completion": completion, "completion_id": completion_id})
    if not samples:
        raise UserError(f"{path}: no samples")
    return samples


def score_samples(samples_path: Path, problems_spec: str, out: Path, ks: list[int], *, backend: str = "process",
                  timeout_s: float | None = None, workers: int | None = None, strict: bool = False,
                  packages: tuple[str, ...] = ()) -> dict:
    problems = load_problems(problems_spec)
    samples = read_samples(Path(samples_path), problems)
    counts: dict[str, list[int]] = {}
    statuses: Counter = Counter()
    try:
        sandbox = Sandbox(backend=backend, workers=workers, timeout_s=timeout_s, strict=strict, packages=packages)
    except SandboxUnavailable as e:
        raise UserError(str(e)) from None
    with sandbox, atomic_open(out) as f, progress_bar("scoring", "{task.fields[rate]:.1f} samples/s") as progress:
        bar = progress.add_task("scoring", total=len(samples), rate=0.0)
        pairs = ((problems[s["task_id"]], s["completion"]) for s in samples)
        for sample, result in zip(samples, sandbox.map(pairs)):
            row = {"task_id": sample["task_id"], "completion_id": sample["completion_id"], **result.to_dict()}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n_c = counts.setdefault(sample["task_id"], [0, 0])
            n_c[0] += 1
            n_c[1] += result.passed
            statuses[result.status] += 1
            progress.advance(bar)
            progress.update(bar, rate=mean_rate(progress.tasks[0]))
    summary = mean_pass_at_k({t: (n, c) for t, (n, c) in counts.items()}, ks)
    summary.update({"n_samples": len(samples), "n_tasks": len(counts), "status_counts": dict(statuses),
                    "results": str(out)})
    return summary
