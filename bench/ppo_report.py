"""Curves and a markdown table from a `train ppo` run directory (metrics.jsonl).

    python bench/ppo_report.py RUN_DIR --png eval/ppo_quality.png --md eval/ppo_quality.md --command "..."

The PNG has six panels: training reward (total and execution), pass rate of the rollouts with the held-out greedy
pass@1 at each evaluation, the share of informative groups (dynamic sampling), mean completion length, KL to the
reference, and the time split per step (bench/rl_quality.py draws its curves with `plot` too). The table lists the
held-out pass@1 at every evaluation (step 0 is the starting policy) and the mean per-step numbers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402 (after matplotlib.use)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--png", type=Path, required=True)
    parser.add_argument("--md", type=Path, required=True)
    parser.add_argument("--command", default="", help="The command that produced the run (recorded in the table).")
    args = parser.parse_args()

    rows = [json.loads(line) for line in (args.run_dir / "metrics.jsonl").read_text().splitlines() if line.strip()]
    steps = [r for r in rows if "reward/total" in r]
    evals = [(r["step"], r["eval/pass_rate"]) for r in rows if "eval/pass_rate" in r]
    plot(steps, evals, args.png)
    args.md.write_text(table(steps, evals, args.command, args.png.name))
    print(args.md.read_text())


def plot(steps: list[dict], evals: list[tuple[int, float]], path: Path) -> None:
    x = [r["step"] for r in steps]
    dots = {"marker": "."} if len(x) < 30 else {}  # a run of a few steps still shows its points
    fig, axes = plt.subplots(2, 3, figsize=(16, 8))
    reward, passing, informative, length, kl, seconds = axes.flat
    reward.plot(x, [r["reward/total"] for r in steps], label="total", **dots)
    reward.plot(x, [r["reward/exec"] for r in steps], label="execution", linestyle="--", **dots)
    reward.set_title("training reward")
    if all("drawn/pass_rate" in r for r in steps):  # dynamic sampling: the policy's own rate, then the batch's
        passing.plot(x, [r["drawn/pass_rate"] for r in steps], label="rollouts, first draw", **dots)
        passing.plot(x, [r["pass_rate"] for r in steps], label="trained batch (informative groups)", linestyle=":")
    else:
        passing.plot(x, [r["pass_rate"] for r in steps], label="rollout pass rate", **dots)
    if evals:
        passing.plot([s for s, _ in evals], [p for _, p in evals], marker="o", label="held-out greedy pass@1")
    passing.set_title("pass rate")
    if all("groups/informative_share" in r for r in steps):
        informative.plot(x, [r["groups/informative_share"] for r in steps], **dots)
        informative.set_ylim(-0.05, 1.05)
    else:  # only group algorithms with dynamic sampling measure it
        note(informative, "not measured (no dynamic sampling)")
    informative.set_title("informative-group share (first draw)")
    length.plot(x, [r["response_length"] for r in steps], **dots)
    length.set_title("mean completion length (tokens)")
    if all("kl" in r for r in steps):
        kl.plot(x, [r["kl"] for r in steps], **dots)
    else:  # kl_coef 0: no reference pass, nothing measured
        note(kl, "KL term off")
    kl.set_title("KL to reference (per sequence)")
    bottom = [0.0] * len(steps)
    for key in ("time/generate", "time/execute", "time/score", "time/train"):
        values = [r.get(key, 0.0) for r in steps]
        seconds.bar(x, values, bottom=bottom, label=key.split("/")[1])
        bottom = [b + v for b, v in zip(bottom, values)]
    seconds.set_title("seconds per step")
    for ax in axes.flat:
        ax.set_xlabel("step")
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def note(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)


def table(steps: list[dict], evals: list[tuple[int, float]], command: str, png: str) -> str:
    def mean(key):
        values = [r[key] for r in steps if key in r]
        return sum(values) / len(values) if values else float("nan")

    lines = [f"Command: `{command}`", "", f"![curves]({png})", "", "| step | held-out greedy pass@1 |", "|---|---|"]
    lines += [f"| {s} | {p:.3f} |" for s, p in evals]
    lines += ["", "| per step (mean) | value |", "|---|---|"]
    for key in ("reward/total", "reward/exec", "pass_rate", "drawn/pass_rate", "drawn/reward",
                "groups/informative_share", "kl", "response_length",
                "gen_tokens_per_s", "time/generate", "time/execute", "time/score", "time/train"):
        if any(key in r for r in steps):
            lines.append(f"| {key} | {mean(key):.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
