"""Per-task pass rates of `eval run` directories as a histogram per tier: how many tasks a policy never, sometimes
or always solves (the curriculum question: RL learns only from tasks strictly between 0 and 1).

    codegen-rlhf eval run --model smollm2-135m --benchmark tasks --n 8 --temperature 0.8 --k 1 \\
        --max-new-tokens 128 --batch-size 32 --out runs/rates-base
    python bench/task_pass_rates.py runs/rates-base [runs/rates-sft ...]     # a markdown table per run

Bins: 0, (0, 1/4], (1/4, 1/2], (1/2, 3/4], (3/4, 1), 1; tiers and splits as the task suite marks them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from codegen_rlhf.data.problems import load_problems

BINS = [("0", lambda r: r == 0), ("(0, ¼]", lambda r: 0 < r <= 0.25), ("(¼, ½]", lambda r: 0.25 < r <= 0.5),
        ("(½, ¾]", lambda r: 0.5 < r <= 0.75), ("(¾, 1)", lambda r: 0.75 < r < 1), ("1", lambda r: r == 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path)
    args = parser.parse_args()
    suite = load_problems("tasks")
    for run in args.runs:
        summary = json.loads((run / "summary.json").read_text())
        groups: dict[str, list[float]] = {}
        for task_id, (n, c) in summary["per_task"].items():
            problem = suite.get(task_id, {})
            key = f"{problem.get('tier', '?')} {problem.get('split', '?')}"
            groups.setdefault(key, []).append(c / n)
        samples = {n for n, _ in summary["per_task"].values()}
        print(f"\n{summary['model']}" + (f" + {summary['adapter']}" if summary.get("adapter") else "") +
              f", {'/'.join(map(str, sorted(samples)))} samples per task, temperature "
              f"{summary['config']['temperature']}, {summary['config']['max_new_tokens']} new tokens ({run})\n")
        print("| tier, split | tasks | " + " | ".join(label for label, _ in BINS) + " | strictly between |")
        print("|---|---|" + "---|" * (len(BINS) + 1))
        for key, rates in sorted(groups.items()):
            counts = [sum(test(r) for r in rates) for _, test in BINS]
            between = sum(0 < r < 1 for r in rates)
            print(f"| {key} | {len(rates)} | " + " | ".join(map(str, counts)) + f" | {between} ({between / len(rates):.0%}) |")


if __name__ == "__main__":
    main()
