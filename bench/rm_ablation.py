"""Reward-model ablation that is not circular, judged by pair accuracies and by best-of-n on held-out tasks.

    python bench/rm_ablation.py                                   # SmolLM2-135M base model as the policy
    python bench/rm_ablation.py --adapter runs/quick-cpu/sft/final  # an SFT policy's candidates
    python bench/rm_ablation.py --config tiny --policy tiny-random --train-prompts 6 --n 3 --heldout-limit 4 \\
        --max-new-tokens 16 --steps 2 --out /tmp/rm-smoke          # a smoke run of this script, in seconds

1. Candidates: the policy samples --k per train prompt (a seeded subset of the train split, every tier) and --n
   per held-out task (`eval run`'s code path: its samples.jsonl and results.jsonl are what best-of-n picks from).
   Everything is executed in the sandbox.
2. Labels: the simulated developer (`rank auto --policy simulated-developer`, codegen_rlhf/rank/auto.py) ranks
   both sides, weighing correctness and readability with noise. It is SIMULATED: its rankings carry a
   preference the tests do not hold (readability), so "human" and "execution" differ by construction, which
   the shipped demonstration rankings (ranked from the tests) could not show. What it shows: whether a reward
   model learns, next to the tests, a preference only the rankings hold. What it does not show: that real
   developers rank like this, or how much real rankings would add.
3. Reward models: the same preset, seed, data and number of steps; only the loss weights differ (VARIANTS).
4. Judged, as exported (the model a user's `--rerank` loads), by the held-out pair accuracies of
   reward_model/metrics.py (the annotator's ranks; pairs where exactly one passes; pairs where both pass or
   both fail; of those, pairs with equal execution results) and by best-of-n on the held-out tasks: the
   RM's pick against a random pick (pass@1) and the oracle (pass@n), with paired intervals, per tier too.

Candidates and rankings are cached in --runs and reused when present (delete the folder to redraw them). Writes
<out>.md and <out>.json (default eval/rm_ablation).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from codegen_rlhf import tracking  # noqa: E402
from codegen_rlhf.config import load_config  # noqa: E402
from codegen_rlhf.data.problems import load_problems  # noqa: E402
from codegen_rlhf.data.rankings import load_rankings  # noqa: E402
from codegen_rlhf.evaluation.benchmark import evaluate  # noqa: E402
from codegen_rlhf.evaluation.rerank import best_of_n, scored_tasks  # noqa: E402
from codegen_rlhf.generation import Generator  # noqa: E402
from codegen_rlhf.jsonl import read_jsonl, write_jsonl  # noqa: E402
from codegen_rlhf.rank import export, prepare  # noqa: E402
from codegen_rlhf.rank.auto import annotate  # noqa: E402
from codegen_rlhf.rank.store import Store  # noqa: E402
from codegen_rlhf.reward_model.batches import terms_without_data  # noqa: E402
from codegen_rlhf.reward_model.metrics import evaluate as evaluate_groups  # noqa: E402
from codegen_rlhf.reward_model.score import RewardModelScorer  # noqa: E402
from codegen_rlhf.reward_model.train import run as train_rm  # noqa: E402

ANNOTATOR = "simulated-developer"
VARIANTS = {  # rm.* loss weights; center_weight keeps its default everywhere
    "human only": {"pl_weight": 1, "bt_weight": 0, "exec_weight": 0, "pass_fraction_weight": 0},
    "execution only": {"pl_weight": 0, "bt_weight": 0, "exec_weight": 1, "pass_fraction_weight": 0.5},
    "combined": {"pl_weight": 1, "bt_weight": 0, "exec_weight": 0.5, "pass_fraction_weight": 0.5},
}
ACCURACIES = [("eval_human_pair_accuracy", "annotator ranks"), ("eval_exec_decided_accuracy", "one passes"),
              ("eval_exec_undecided_accuracy", "both pass / both fail"),
              ("eval_exec_tied_accuracy", "equal execution results")]
PAIRS = {"eval_human_pair_accuracy": "eval_human_pairs", "eval_exec_decided_accuracy": "eval_exec_decided_pairs",
         "eval_exec_undecided_accuracy": "eval_exec_undecided_pairs", "eval_exec_tied_accuracy": "eval_exec_tied_pairs"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="quick-cpu", help="Preset the reward models train with.")
    parser.add_argument("--policy", default="smollm2-135m", help="Model spec that samples the candidates.")
    parser.add_argument("--adapter", default=None, help="LoRA adapter of the policy (e.g. an SFT stage's final/).")
    parser.add_argument("--train-prompts", type=int, default=120)
    parser.add_argument("--k", type=int, default=4, help="Candidates per train prompt.")
    parser.add_argument("--n", type=int, default=8, help="Samples per held-out task (best-of-n).")
    parser.add_argument("--heldout-limit", type=int, default=None, help="Only the first N held-out tasks.")
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--steps", type=int, default=40, help="rm.optim.max_steps for every variant.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="Comma-separated subset of VARIANTS.")
    parser.add_argument("--reuse-models", action="store_true",
                        help="Judge the reward models already trained in --runs instead of training them again.")
    parser.add_argument("--out", default=str(REPO / "eval" / "rm_ablation"), help="report path without suffix")
    parser.add_argument("--runs", default=str(REPO / "runs" / "rm-ablation"))
    parser.add_argument("overrides", nargs="*", help="key=value config overrides for every reward model")
    args = parser.parse_args()

    runs = Path(args.runs)
    started = time.perf_counter()
    train_file, heldout_file, heldout_dir = candidates_and_labels(args, runs)
    labelled = time.perf_counter() - started
    problems = load_problems("heldout")
    samples, results = read_jsonl(heldout_dir / "samples.jsonl"), read_jsonl(heldout_dir / "results.jsonl")
    common = [*args.overrides, f"rm.data={train_file}", f"rm.eval_data={heldout_file}", f"seed={args.seed}",
              f"rm.optim.max_steps={args.steps}", f"rm.optim.save_every={args.steps}"]
    rows, untrained = {}, None
    for name in args.variants.split(","):
        weights = [f"rm.{key}={value}" for key, value in VARIANTS[name].items()]
        run_dir = runs / "rm" / name.replace(" ", "-")
        # only the first variant evaluates the untrained model (step 0): the seed, hence the start, is shared
        eval_every = 1_000_000 if untrained is None else 0
        cfg = load_config(args.config, [*common, *weights, f"rm.optim.eval_every={eval_every}"])
        if missing := terms_without_data(cfg.rm):
            print(f"{name}: skipped, the candidates give {', '.join(missing)} nothing to learn", flush=True)
            continue
        trained_s = None
        if not (args.reuse_models and (run_dir / "model").is_dir()):
            shutil.rmtree(run_dir, ignore_errors=True)
            variant_started = time.perf_counter()
            train_rm(cfg, out_dir=str(run_dir))
            trained_s = round(time.perf_counter() - variant_started, 1)
        untrained = untrained or [m for m in tracking.read_metrics(run_dir) if "eval_human_pair_accuracy" in m][0]
        scorer = RewardModelScorer(run_dir)  # the exported model, judged the way a user's --rerank uses it
        rows[name] = {"accuracies": held_out_accuracies(scorer, heldout_file),
                      "best_of_n": rerank_with(scorer, problems, samples, results), "weights": VARIANTS[name],
                      "train_s": trained_s}
        print(f"{name}: {cells(rows[name])}", flush=True)

    report = {
        "command": "python bench/rm_ablation.py " + " ".join(sys.argv[1:]),
        "config": args.config, "policy": args.policy, "adapter": args.adapter, "annotator": f"auto:{ANNOTATOR}",
        "steps": args.steps, "train_prompts": args.train_prompts, "k": args.k, "n": args.n,
        "temperature": args.temperature, "max_new_tokens": args.max_new_tokens, "seed": args.seed,
        "train_rankings": len(read_jsonl(train_file)), "heldout_rankings": len(read_jsonl(heldout_file)),
        "heldout_tasks": len({s["task_id"] for s in samples}),
        "untrained": {k: untrained.get(k) for k in ACCURACIES_KEYS},  # from the first variant's step-0 evaluation
        "variants": rows, "candidates_and_labels_s": round(labelled, 1),
        "torch_threads": torch.get_num_threads(), "date": time.strftime("%Y-%m-%d"),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))


ACCURACIES_KEYS = [key for key, _ in ACCURACIES]


def candidates_and_labels(args, runs: Path) -> tuple[Path, Path, Path]:
    """(train rankings, held-out rankings, held-out eval run): drawn, executed and ranked once, then reused."""
    train_file, heldout_file, heldout_dir = runs / "train-kwise.jsonl", runs / "heldout-kwise.jsonl", runs / "heldout"
    if train_file.is_file() and heldout_file.is_file() and (heldout_dir / "summary.json").is_file():
        print(f"reusing the candidates and rankings in {runs}", flush=True)
        return train_file, heldout_file, heldout_dir
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir(parents=True)
    generator = Generator.load(args.policy, args.adapter)
    evaluate(generator, "heldout", heldout_dir, n=args.n, temperature=args.temperature, top_p=1.0, k=[1, args.n],
             max_new_tokens=args.max_new_tokens, batch_size=32, limit=args.heldout_limit, seed=args.seed)
    heldout = load_problems("heldout")
    per_task: dict[str, list[str]] = {}
    for sample in read_jsonl(heldout_dir / "samples.jsonl"):
        per_task.setdefault(sample["task_id"], []).append(sample["completion"])
    heldout_entries = [prepare.Entry(t, heldout[t]["prompt"], c, heldout[t], "bench") for t, c in per_task.items()]
    train = prepare.sample_problems(load_problems("train"), args.train_prompts, args.seed)
    train_entries = prepare.sample_candidates(generator, None, train, args.k, args.temperature, args.max_new_tokens,
                                              seed=args.seed, batch_size=32)
    for entries, db, out in ((train_entries, runs / "train.db", train_file),
                             (heldout_entries, runs / "heldout.db", heldout_file)):
        prepare.prepare(db, entries)
        _, name = annotate(str(db), ANNOTATOR, args.seed)
        with Store(db, create=False) as store:
            write_jsonl(out, [r for r in export.rows(store, "kwise") if r["annotator"] == name])
    return train_file, heldout_file, heldout_dir


def held_out_accuracies(scorer, heldout_file: Path) -> dict:
    """The accuracies (and the pairs they count) of the exported reward model on the held-out rankings."""
    groups = load_rankings(str(heldout_file))
    flat = scorer(prompts=[g.prompt for g in groups for _ in g.completions],
                  completions=[c for g in groups for c in g.completions])
    scores, start = [], 0
    for g in groups:
        scores.append(flat[start:start + len(g.completions)])
        start += len(g.completions)
    metrics, _ = evaluate_groups(groups, scores)
    return {k: metrics.get(k) for k in [*ACCURACIES_KEYS, *PAIRS.values()]}


def rerank_with(scorer, problems: dict, samples: list[dict], results: list[dict]) -> dict:
    """Best-of-n over every held-out task and per tier, from one scoring pass."""
    per_task = scored_tasks(scorer, problems, samples, results)
    tiers = {"all": list(per_task)}
    for task_id in per_task:
        tiers.setdefault(problems[task_id].get("tier", "core"), []).append(task_id)
    out = {}
    for tier, tasks in tiers.items():
        out[tier] = best_of_n({t: per_task[t] for t in tasks})
        del out[tier]["per_task_pick"]
    return out


def cells(row: dict) -> str:
    accuracies = "  ".join(f"{label} {fmt(row['accuracies'][key])}" for key, label in ACCURACIES)
    best = row["best_of_n"]["all"]
    gain = best["gain_over_random"]
    return (f"{accuracies}  best-of-{best['n']} {best['rerank_pass@1']['value']:.3f} vs random "
            f"{best['pass@1']['value']:.3f} ({gain['mean_diff']:+.3f} [{gain['ci95'][0]:+.3f}, {gain['ci95'][1]:+.3f}])")


def fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def markdown(report: dict) -> str:
    n = report["n"]
    first = next(iter(report["variants"].values()))
    pair_counts = ", ".join(f"{first['accuracies'][PAIRS[k]]} {label}" for k, label in ACCURACIES)
    lines = [
        "# Reward-model ablation: the simulated developer's rankings vs execution signals",
        "",
        f"`{report['command']}` ({report['date']}; {report['torch_threads']} torch threads)",
        "",
        f"Policy `{report['policy']}`" + (f" + `{report['adapter']}`" if report["adapter"] else "") +
        f" samples {report['k']} candidates for each of {report['train_prompts']} train prompts and {n} for each of "
        f"{report['heldout_tasks']} held-out tasks (temperature {report['temperature']}, at most "
        f"{report['max_new_tokens']} new tokens); all executed in the sandbox. **The annotator is simulated**: "
        f"`{report['annotator']}` ranks both sides by correctness and readability with noise "
        "(codegen_rlhf/rank/auto.py). Between two candidates with equal execution results only its readability "
        "preference (and noise) decides, so the rankings hold something the tests do not. This shows whether a reward model "
        "picks that up next to the tests; it does not show that developers rank like this.",
        "",
        f"Each reward model: preset `{report['config']}`, {report['steps']} steps, the same seed and data "
        f"({report['train_rankings']} training rankings); held out: {report['heldout_rankings']} rankings "
        f"({pair_counts} pairs).",
        "",
        "| reward model | " + " | ".join(label for _, label in ACCURACIES) + f" | best-of-{n} pick | random pick "
        f"(pass@1) | oracle (pass@{n}) | pick - random, paired 95% CI |",
        "|---|" + "---|" * (len(ACCURACIES) + 4),
    ]
    for name, row in report["variants"].items():
        a, best = row["accuracies"], row["best_of_n"]["all"]
        gain = best["gain_over_random"]
        verdict = "" if gain["significant"] else " (no significant change)"
        trained = "reused" if row["train_s"] is None else f"{row['train_s']:.0f} s"
        lines.append(f"| {name} ({trained}) | " + " | ".join(fmt(a[k]) for k in ACCURACIES_KEYS) +
                     f" | {ci(best['rerank_pass@1'])} | {ci(best['pass@1'])} | {ci(best[f'pass@{n}'])} | "
                     f"{gain['mean_diff']:+.3f} [{gain['ci95'][0]:+.3f}, {gain['ci95'][1]:+.3f}]{verdict} |")
    u = report["untrained"]
    lines.append("| *untrained (step 0)* | " + " | ".join(fmt(u.get(k)) for k in ACCURACIES_KEYS) + " | | | | |")
    lines += ["", "Best-of-n per tier (the pick's pass@1 against a random pick):", "",
              "| reward model | tier | tasks | pick | random | oracle | pick - random |", "|---|---|---|---|---|---|---|"]
    for name, row in report["variants"].items():
        for tier, best in row["best_of_n"].items():
            if tier == "all":
                continue
            gain = best["gain_over_random"]
            lines.append(f"| {name} | {tier} | {best['tasks']} | {best['rerank_pass@1']['value']:.3f} | "
                         f"{best['pass@1']['value']:.3f} | {best[f'pass@{n}']['value']:.3f} | "
                         f"{gain['mean_diff']:+.3f} [{gain['ci95'][0]:+.3f}, {gain['ci95'][1]:+.3f}] |")
    lines += ["", "Loss weights per variant (rm.*):", ""]
    lines += [f"- {name}: `{' '.join(f'{k}={v}' for k, v in row['weights'].items())}`"
              for name, row in report["variants"].items()]
    return "\n".join(lines) + "\n"


def ci(value: dict) -> str:
    return f"{value['value']:.3f} [{value['ci95'][0]:.3f}, {value['ci95'][1]:.3f}]"


if __name__ == "__main__":
    main()
