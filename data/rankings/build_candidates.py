"""Write the candidates behind the demonstration rankings (see data/README.md, "Rankings").

For a seeded sample of train-split tasks: the task's canonical solution plus up to three mutants of it, made by
the task validator's mutation operators (one off-by-one, one swapped operator, one dropped branch where the
solution has such a site; constant returns only to fill up). Candidates are shuffled per task so the
canonical one is not always first. Nothing is executed here: `codegen-rlhf rank prepare` runs every
candidate in the sandbox.

    python data/rankings/build_candidates.py --out candidates.jsonl [--tasks 60] [--seed 0]
"""

from __future__ import annotations

import argparse
import random

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.data.validate import generate_mutants
from codegen_rlhf.jsonl import write_jsonl

PREFERRED_KINDS = ("off-by-one", "operator", "dropped-branch")
MUTANTS_PER_TASK = 3


def pick_mutants(problem: dict) -> list[str]:
    mutants = generate_mutants(problem["prompt"], problem["canonical_solution"], problem["entry_point"])
    chosen = [next((m for m in mutants if m.kind == kind), None) for kind in PREFERRED_KINDS]
    chosen = [m for m in chosen if m is not None]
    rest = sorted((m for m in mutants if m not in chosen), key=lambda m: m.kind == "constant-return")
    return [m.completion for m in (chosen + rest)[:MUTANTS_PER_TASK]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    problems = load_problems("train")
    rng = random.Random(args.seed)
    rows = []
    for task_id in sorted(rng.sample(sorted(problems), min(args.tasks, len(problems)))):
        problem = problems[task_id]
        completions = [problem["canonical_solution"], *pick_mutants(problem)]
        rng.shuffle(completions)
        rows.append({"task_id": task_id, "prompt": problem["prompt"], "completions": completions})
    write_jsonl(args.out, rows)
    print(f"{len(rows)} tasks, {sum(len(r['completions']) for r in rows)} candidates -> {args.out}")


if __name__ == "__main__":
    main()
