"""Reward-model ablation: human rankings only vs execution signals only vs both, on the shipped rankings.

    python bench/rm_ablation.py                          # quick-cpu preset (SmolLM2-135M LoRA), data "demo"
    python bench/rm_ablation.py --config tiny --steps 40 # seconds; a random model, a smoke run
    python bench/rm_ablation.py rm.data=runs/export/kwise model.name=mistralai/Mistral-7B-v0.3   # any override

Three reward models are trained with the same preset, seed, held-out split and number of steps; only the loss
weights differ (see VARIANTS). Each is read back from its run's final held-out evaluation. References measured
in the same run: the untrained model (the step-0 evaluation, identical for the three since the seed is shared)
and the execution reward itself used as the score (it orders execution pairs perfectly by construction; its
accuracy against the human ranks says how far the rankings follow the tests). Writes
`eval/rm_ablation.md` and `eval/rm_ablation.json`; run directories go under runs/rm-ablation/.
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
from codegen_rlhf.reward_model.batches import load_training_data  # noqa: E402
from codegen_rlhf.reward_model.metrics import evaluate  # noqa: E402
from codegen_rlhf.reward_model.train import run  # noqa: E402

VARIANTS = {
    "human only": ["rm.pl_weight=1", "rm.bt_weight=0", "rm.exec_weight=0", "rm.pass_fraction_weight=0"],
    "execution only": ["rm.pl_weight=0", "rm.bt_weight=0", "rm.exec_weight=1", "rm.pass_fraction_weight=0.5"],
    "combined": ["rm.pl_weight=1", "rm.bt_weight=0", "rm.exec_weight=0.5", "rm.pass_fraction_weight=0.5"],
}
COLUMNS = [("eval_human_pair_accuracy", "pair acc. vs human ranks"),
           ("eval_exec_pair_accuracy", "pair acc. vs execution order"),
           ("eval_spearman_pass_fraction", "Spearman vs pass fraction")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="quick-cpu")
    parser.add_argument("--steps", type=int, default=None, help="rm.optim.max_steps for every variant")
    parser.add_argument("--out", default=str(REPO / "eval" / "rm_ablation"), help="report path without suffix")
    parser.add_argument("--runs", default=str(REPO / "runs" / "rm-ablation"))
    parser.add_argument("overrides", nargs="*", help="key=value config overrides for every variant")
    args = parser.parse_args()

    common = list(args.overrides) + ([f"rm.optim.max_steps={args.steps}"] if args.steps else [])
    base = load_config(args.config, common)
    train_groups, held_out = load_training_data(base)
    rows, seconds = {}, {}
    untrained = None
    for name, weights in VARIANTS.items():
        run_dir = Path(args.runs) / name.replace(" ", "-")
        shutil.rmtree(run_dir, ignore_errors=True)
        # Only the first variant evaluates the untrained model (step 0): the seed, hence the start, is shared.
        eval_every = 1_000_000 if untrained is None else 0
        cfg = load_config(args.config, [*common, *weights, f"rm.optim.eval_every={eval_every}"])
        start = time.perf_counter()
        run(cfg, out_dir=str(run_dir))
        seconds[name] = time.perf_counter() - start
        evals = [m for m in tracking.read_metrics(run_dir) if "eval_human_pair_accuracy" in m]
        untrained = untrained or evals[0]
        rows[name] = evals[-1]
        print(f"{name}: {_cells(rows[name])}  ({seconds[name]:.0f} s)", flush=True)

    exec_as_score = [[v if v is not None else 0.0 for v in g.execution_values()] for g in held_out]
    references = {"untrained (step 0)": untrained, "execution reward as the score": evaluate(held_out, exec_as_score)[0]}
    report = {
        "config": args.config, "overrides": common, "data": base.rm.data, "model": base.model.name,
        "steps": base.rm.optim.max_steps,
        "train_groups": len(train_groups), "held_out_groups": len(held_out),
        "held_out_human_pairs": untrained["eval_human_pairs"], "held_out_exec_pairs": untrained["eval_exec_pairs"],
        "torch_threads": torch.get_num_threads(),
        "variants": {name: {**{k: rows[name].get(k) for k, _ in COLUMNS}, "seconds": round(seconds[name], 1),
                            "weights": VARIANTS[name]} for name in VARIANTS},
        "references": {name: {k: m.get(k) for k, _ in COLUMNS} for name, m in references.items()},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(_markdown(report))
    print(_markdown(report))


def _cells(metrics: dict) -> str:
    return "  ".join(f"{label} {_fmt(metrics.get(key))}" for key, label in COLUMNS)


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _markdown(report: dict) -> str:
    head = "| | " + " | ".join(label for _, label in COLUMNS) + " |"
    lines = [
        "# Reward-model ablation: human rankings vs execution signals",
        "",
        "`" + " ".join(["python bench/rm_ablation.py --config", report["config"], *report["overrides"]]) + "`",
        "",
        f"Rankings {', '.join(report['data'])} (\"demo\": the shipped, simulated rankings, see data/README.md). "
        f"Model {report['model']}, {report['steps']} optimizer steps per variant, {report['train_groups']} training "
        f"rankings; held out: {report['held_out_groups']} rankings ({report['held_out_human_pairs']} human pairs, "
        f"{report['held_out_exec_pairs']} execution pairs). Same seed, split and steps for every row; only the "
        "loss weights differ.",
        "",
        head,
        "|" + "---|" * (len(COLUMNS) + 1),
    ]
    for name, m in report["variants"].items():
        lines.append(f"| {name} ({m['seconds']:.0f} s) | " + " | ".join(_fmt(m[k]) for k, _ in COLUMNS) + " |")
    for name, m in report["references"].items():
        lines.append(f"| *reference: {name}* | " + " | ".join(_fmt(m[k]) for k, _ in COLUMNS) + " |")
    lines += ["", "Loss weights per variant:", ""]
    lines += [f"- {name}: `{' '.join(m['weights'])}`" for name, m in report["variants"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
