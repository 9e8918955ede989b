"""`eval compare RUN_DIR...`: runs side by side, and what changed task by task against the first run.

Each run directory is an `eval run` output (its summary.json). The first run is the baseline. For every other
run, tasks present in both are paired: the per-task pass rate c/n is differenced, the mean difference gets a
95% paired bootstrap interval (tasks resampled together, so task difficulty cancels out), and the tasks that
flipped are listed: gained (no sample passed in the baseline, some pass now) and lost (the reverse).
Writes compare.md, compare.json and compare.png to the output directory and returns the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.passk import pass_at_k
from codegen_rlhf.evaluation.intervals import bootstrap_ci, paired_difference, verdict
from codegen_rlhf.evaluation.report import STATUS_LABELS, save_figure
from codegen_rlhf.jsonl import atomic_open


def load_run(run_dir: str | Path) -> dict:
    path = Path(run_dir) / "summary.json"
    try:
        summary = json.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"{run_dir} is not an eval run directory (no summary.json)") from None
    except json.JSONDecodeError as e:
        raise UserError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from None
    if "per_task" not in summary or "pass_at_k" not in summary:
        raise UserError(f"{path}: not an `eval run` summary (no per_task / pass_at_k)")
    summary["name"] = Path(run_dir).resolve().name
    return summary


def paired(baseline: dict, other: dict) -> dict:
    """Per-task differences of `other` against `baseline` over the tasks both ran."""
    common = [t for t in baseline["per_task"] if t in other["per_task"]]
    if not common:
        raise UserError(f"runs {baseline['name']} and {other['name']} share no task: nothing to pair")
    rate = {name: {t: c / n for t, (n, c) in run["per_task"].items()} for name, run in
            (("base", baseline), ("other", other))}
    diffs = [rate["other"][t] - rate["base"][t] for t in common]
    low, high = bootstrap_ci(diffs)
    return {
        "run": other["name"],
        "tasks": len(common),
        "mean_diff": sum(diffs) / len(diffs),
        "ci95": [low, high],
        "metrics": _paired_metrics(baseline, other, common),
        "per_tier": {tier: _paired_metrics(baseline, other, tasks) for tier, tasks in _tiers(other, common).items()},
        "gained": [t for t in common if rate["base"][t] == 0 < rate["other"][t]],
        "lost": [t for t in common if rate["other"][t] == 0 < rate["base"][t]],
        "better": sum(d > 0 for d in diffs),
        "worse": sum(d < 0 for d in diffs),
    }


def _paired_metrics(baseline: dict, other: dict, common: list[str]) -> dict[str, dict]:
    """For every pass@k both runs report: the per-task difference of the unbiased pass@k estimates (each task
    against itself, so task difficulty cancels out), its mean and 95% paired bootstrap interval."""
    result = {}
    shared = set(baseline.get("pass_at_k", ())) & set(other.get("pass_at_k", ()))
    for metric in sorted(shared, key=lambda m: int(m[5:])):
        k = int(metric[5:])
        diffs = [pass_at_k(*other["per_task"][t], k) - pass_at_k(*baseline["per_task"][t], k) for t in common
                 if min(baseline["per_task"][t][0], other["per_task"][t][0]) >= k]
        if diffs:
            result[metric] = paired_difference(diffs)
    return result


def _tiers(run: dict, common: list[str]) -> dict[str, list[str]]:
    """The shared tasks by tier, when the run's problems have several tiers (else {})."""
    tiers: dict[str, list[str]] = {}
    for task in common:
        if task in run.get("tiers", {}):
            tiers.setdefault(run["tiers"][task], []).append(task)
    return tiers if len(tiers) > 1 else {}


def paired_lines(comparison: dict) -> list[str]:
    """One line per run and metric, the paired difference against the baseline, saying whether it is
    significant: what `eval compare` prints and its report holds."""
    lines = []
    for p in comparison["paired"]:
        parts = [("", p["metrics"])] + [(f", {tier} tier", m) for tier, m in p.get("per_tier", {}).items()]
        for where, metrics in parts:
            for metric, d in metrics.items():
                lines.append(f"{metric}{where} paired difference {p['run']} - {comparison['baseline']}: "
                             f"{d['mean_diff']:+.3f} [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}] over {d['tasks']} "
                             f"tasks ({verdict(d)})")
    return lines


def compare(run_dirs: list[str | Path], out_dir: str | Path) -> dict:
    if len(run_dirs) < 2:
        raise UserError("eval compare needs at least two run directories")
    runs = [load_run(d) for d in run_dirs]
    comparison = {
        "runs": [{key: run.get(key) for key in ("name", "model", "adapter", "benchmark", "prompt_format",
                                                  "n_tasks", "n_samples", "pass_at_k", "status_counts")}
                 for run in runs],
        "baseline": runs[0]["name"],
        "paired": [paired(runs[0], run) for run in runs[1:]],
    }
    out_dir = Path(out_dir)
    with atomic_open(out_dir / "compare.json") as f:
        json.dump(comparison, f, indent=2)
        f.write("\n")
    with atomic_open(out_dir / "compare.md") as f:
        f.write(markdown(comparison))
    plot(comparison, out_dir / "compare.png")
    return comparison


def markdown(comparison: dict) -> str:
    metrics = sorted({m for run in comparison["runs"] for m in run["pass_at_k"]}, key=lambda m: int(m[5:]))
    statuses = list(STATUS_LABELS)
    header = ["run", "model", "benchmark", "tasks", *metrics, *(STATUS_LABELS[s] for s in statuses)]
    lines = ["# Comparison", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for run in comparison["runs"]:
        model = run["model"] + (f" + {Path(run['adapter']).name}" if run["adapter"] else "")
        scores = [_score(run["pass_at_k"].get(m)) for m in metrics]
        counts = [str(run["status_counts"].get(s, 0)) for s in statuses]
        lines.append("| " + " | ".join([run["name"], model, run["benchmark"], str(run["n_tasks"]), *scores, *counts])
                     + " |")
    lines += ["", f"Paired against the baseline `{comparison['baseline']}` (per-task pass rate, tasks in both runs):",
              "", "| run | tasks | mean difference [95% CI] | better | worse | gained | lost |", "|---|---|---|---|---|---|---|"]
    for p in comparison["paired"]:
        lines.append(f"| {p['run']} | {p['tasks']} | {p['mean_diff']:+.3f} [{p['ci95'][0]:+.3f}, {p['ci95'][1]:+.3f}] "
                     f"| {p['better']} | {p['worse']} | {len(p['gained'])} | {len(p['lost'])} |")
    for p in comparison["paired"]:
        lines += ["", f"**{p['run']}** gained: {', '.join(p['gained']) or 'none'}; "
                      f"lost: {', '.join(p['lost']) or 'none'}"]
    lines += ["", "Per metric (95% paired bootstrap interval over tasks):", ""]
    lines += [f"- {line}" for line in paired_lines(comparison)]
    return "\n".join(lines) + "\n\n![comparison](compare.png)\n"


def plot(comparison: dict, path: Path) -> None:
    """Left: pass@k of every run with intervals; right: tasks gained and lost against the baseline."""
    import matplotlib  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; only the plot needs it, the CLI imports this module)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; after matplotlib.use)

    runs = comparison["runs"]
    metrics = sorted({m for run in runs for m in run["pass_at_k"]}, key=lambda m: int(m[5:]))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / len(runs)
    for i, run in enumerate(runs):
        xs = [j + i * width for j, m in enumerate(metrics) if m in run["pass_at_k"]]
        scores = [run["pass_at_k"][m] for m in metrics if m in run["pass_at_k"]]
        values = [s["value"] for s in scores]
        errors = [[v - s["ci95"][0] for v, s in zip(values, scores)], [s["ci95"][1] - v for v, s in zip(values, scores)]]
        left.bar(xs, values, width, yerr=errors, capsize=4, label=run["name"])
    left.set_xticks([j + width * (len(runs) - 1) / 2 for j in range(len(metrics))], metrics)
    left.set_ylim(0, 1)
    left.set_title("pass@k (95% CI)")
    left.legend(fontsize=8)
    names = [p["run"] for p in comparison["paired"]]
    right.bar(names, [len(p["gained"]) for p in comparison["paired"]], color="#55a868", label="gained")
    right.bar(names, [-len(p["lost"]) for p in comparison["paired"]], color="#c44e52", label="lost")
    right.axhline(0, color="black", linewidth=0.8)
    right.set_title(f"tasks flipped vs {comparison['baseline']}")
    right.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)


def _score(score: dict | None) -> str:
    if score is None:
        return "-"
    return f"{score['value']:.3f} [{score['ci95'][0]:.3f}, {score['ci95'][1]:.3f}]"
