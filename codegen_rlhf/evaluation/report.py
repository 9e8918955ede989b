"""Summaries, reports and plots of one evaluation run (`eval run`).

`summarize` turns sandbox result lines into summary.json's content: pass@k (the unbiased estimator of
passk.py) with a 95% percentile bootstrap interval that resamples tasks (the unit that varies between
benchmarks; samples within a task are not resampled), the status breakdown, and the per-task (n, c) counts
that `eval compare` pairs across runs. `write` puts summary.json, report.md and report.png in the run directory.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from codegen_rlhf.evaluation.intervals import mean_with_ci
from codegen_rlhf.evaluation.passk import pass_at_k
from codegen_rlhf.evaluation.rerank import summary_lines as rerank_lines
from codegen_rlhf.jsonl import atomic_open
from codegen_rlhf.sandbox import STATUSES

STATUS_LABELS = {
    "passed": "passed", "failed": "wrong answer", "error": "runtime error", "syntax_error": "syntax error",
    "timeout": "timeout", "memory": "memory limit", "killed": "killed",
}


def per_task_counts(results: list[dict]) -> dict[str, tuple[int, int]]:
    """{task_id: (samples, passed samples)} in first-seen order."""
    counts: dict[str, list[int]] = {}
    for r in results:
        n_c = counts.setdefault(r["task_id"], [0, 0])
        n_c[0] += 1
        n_c[1] += bool(r["passed"])
    return {t: (n, c) for t, (n, c) in counts.items()}


def pass_at_k_with_ci(counts: dict[str, tuple[int, int]], ks: list[int]) -> dict[str, dict]:
    scores = {}
    for k in ks:
        scores[f"pass@{k}"] = mean_with_ci([pass_at_k(n, c, k) for n, c in counts.values()])
    return scores


def summarize(results: list[dict], ks: list[int], *, model: str, adapter: str | None, benchmark: str,
              prompt_format: str, config: dict, generation: dict, finish_reasons: list[str], timings: dict,
              out_dir: str, command: str | None = None, tiers: dict[str, str] | None = None) -> dict:
    """`tiers` ({task_id: tier}, from the task suite's problems) adds pass@k per tier when there are several."""
    counts = per_task_counts(results)
    statuses = Counter(r["status"] for r in results)
    tiers = {t: tier for t, tier in (tiers or {}).items() if t in counts}
    per_tier = {}
    if len(set(tiers.values())) > 1:
        for tier in sorted(set(tiers.values())):
            tier_counts = {t: n_c for t, n_c in counts.items() if tiers.get(t) == tier}
            per_tier[tier] = {"n_tasks": len(tier_counts), "pass_at_k": pass_at_k_with_ci(tier_counts, ks)}
    return {
        "model": model,
        "adapter": adapter,
        "benchmark": benchmark,
        "prompt_format": prompt_format,
        "n_tasks": len(counts),
        "n_samples": len(results),
        "passed": sum(bool(r["passed"]) for r in results),
        "total": len(results),
        "pass_at_k": pass_at_k_with_ci(counts, ks),
        "status_counts": {s: statuses.get(s, 0) for s in STATUSES},
        "finish_reasons": dict(Counter(finish_reasons)),
        "generation": generation,
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "config": config,
        "versions": _versions(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": command,
        "out_dir": out_dir,
        "per_task": {t: list(n_c) for t, n_c in counts.items()},
        "per_tier": per_tier,
        "tiers": tiers,
    }


def write(out_dir: Path, summary: dict) -> None:
    with atomic_open(out_dir / "summary.json") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    with atomic_open(out_dir / "report.md") as f:
        f.write(markdown(summary))
    plot(summary, out_dir / "report.png")


def markdown(summary: dict) -> str:
    model = summary["model"] + (f" + adapter {summary['adapter']}" if summary["adapter"] else "")
    cfg, gen, timings = summary["config"], summary["generation"], summary["timings"]
    decoding = "greedy" if cfg["temperature"] == 0 else f"temperature {cfg['temperature']}, top-p {cfg['top_p']}"
    lines = [
        f"# Evaluation: {summary['benchmark']}",
        "",
        f"- model: `{model}` (prompt format: {summary['prompt_format']})",
        f"- {summary['n_tasks']} tasks x {cfg['n']} samples ({decoding}, max {cfg['max_new_tokens']} new tokens)",
        f"- generation: {gen['new_tokens']:,} tokens in {gen['seconds']:.1f} s ({gen['tokens_per_s']:,.1f} tok/s); "
        f"scoring {timings['scoring_s']:.1f} s; wall {timings['wall_s']:.1f} s",
    ]
    if summary.get("command"):
        lines.append(f"- command: `{summary['command']}`")
    lines += ["", "| metric | value | 95% CI (bootstrap over tasks) |", "|---|---|---|"]
    for name, score in summary["pass_at_k"].items():
        lines.append(f"| {name} | {score['value']:.3f} | [{score['ci95'][0]:.3f}, {score['ci95'][1]:.3f}] |")
    for tier, part in summary.get("per_tier", {}).items():
        for name, score in part["pass_at_k"].items():
            lines.append(f"| {name}, {tier} tier ({part['n_tasks']} tasks) | {score['value']:.3f} | "
                         f"[{score['ci95'][0]:.3f}, {score['ci95'][1]:.3f}] |")
    lines += ["", "| status | samples | share |", "|---|---|---|"]
    for status, count in summary["status_counts"].items():
        lines.append(f"| {STATUS_LABELS[status]} | {count} | {count / max(summary['n_samples'], 1):.1%} |")
    if "rerank" in summary:
        lines += ["", "```", *rerank_lines(summary["rerank"]), "```"]
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary["finish_reasons"].items()))
    lines += ["", f"Generation stopped by: {reasons}.", "", "![pass@k and statuses](report.png)", ""]
    return "\n".join(lines)


def plot(summary: dict, path: Path) -> None:
    """Left: pass@k with its 95% interval; right: how the samples ended (status breakdown)."""
    import matplotlib  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; only the plot needs it, the CLI imports this module)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; after matplotlib.use)

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    names = list(summary["pass_at_k"])
    values = [summary["pass_at_k"][k]["value"] for k in names]
    errors = [[v - summary["pass_at_k"][k]["ci95"][0] for k, v in zip(names, values)],
              [summary["pass_at_k"][k]["ci95"][1] - v for k, v in zip(names, values)]]
    left.bar(names, values, yerr=errors, capsize=6, color="#4c72b0")
    left.set_ylim(0, 1)
    left.set_title(f"{summary['benchmark']}: pass@k (95% CI)")
    for x, (name, v) in enumerate(zip(names, values)):  # the label sits above the interval, not on it
        left.text(x, summary["pass_at_k"][name]["ci95"][1] + 0.02, f"{v:.3f}", ha="center")
    statuses = [s for s, c in summary["status_counts"].items() if c] or ["passed"]
    counts = [summary["status_counts"].get(s, 0) for s in statuses]
    right.barh([STATUS_LABELS[s] for s in statuses], counts, color="#dd8452")
    right.invert_yaxis()
    right.set_title(f"status of {summary['n_samples']} samples")
    fig.suptitle(summary["model"] + (f" + {Path(summary['adapter']).name}" if summary["adapter"] else ""), fontsize=10)
    fig.tight_layout()
    save_figure(fig, path)


def save_figure(fig, path: Path) -> None:
    """PNG written next to its final name, then renamed: a reader never sees half an image."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; the CLI imports this module)

    tmp = path.with_name(f".{path.name}.tmp")
    fig.savefig(tmp, format="png", dpi=100)
    plt.close(fig)
    os.replace(tmp, path)


def _versions() -> dict:
    found = {}
    for package in ("codegen-rlhf", "torch", "transformers"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            pass
    return found
