"""`train all`: SFT -> rankings -> reward model -> PPO -> evaluation -> report, under one run directory.

    <output_dir>/
      sft/         train sft (final/ is the SFT adapter or model)
      rankings/    what the reward model trains on. pipeline.rankings=policy (the default): K candidates per
                   sampled train prompt from the SFT policy, executed into a rank database (rank.db here, or
                   pipeline.rank_db shared across runs), ranked by the developers where they have ranked that
                   prompt and by the scripted annotator otherwise; kwise.jsonl is the export, rankings.json
                   says who ranked what. pipeline.rankings=data: rank databases named in rm.data are
                   exported, other rm.data sources are read as they are (e.g. the shipped demonstration set)
      rm/          train rm (model/ loads with AutoModelForSequenceClassification)
      ppo/         train ppo from the SFT policy, rewarded by the sandbox and the reward model
      eval/<model>/<benchmark>/   eval run of the base, SFT and PPO policies
      report.md, report.png       one table and one plot comparing the three

Each stage records `stage-complete.json` in its folder when it finishes and is skipped from then on; a stage
that was interrupted resumes from its latest checkpoint. So `train all` after a kill continues where it
stopped, and a finished run re-reports in seconds.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

from rich.console import Console

from codegen_rlhf.config import save_config
from codegen_rlhf.data.problems import evaluation_sets, load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation import compare
from codegen_rlhf.evaluation.benchmark import evaluate
from codegen_rlhf.jsonl import atomic_open, write_jsonl
from codegen_rlhf.rank import export, prepare
from codegen_rlhf.rank.auto import POLICIES as ANNOTATOR_POLICIES, annotate
from codegen_rlhf.rank.store import Store

STAGES = ("sft", "rankings", "rm", "ppo", "eval")
DONE_FILE = "stage-complete.json"
console = Console(stderr=True)


def run(cfg) -> Path:
    """Run every stage that is not complete yet, then (re)write the report; returns the report's path."""
    if cfg.pipeline.rankings not in ("policy", "data"):
        raise UserError(f"pipeline.rankings={cfg.pipeline.rankings}: use policy (the SFT policy's own candidates, "
                        "ranked) or data (rm.data as given)")
    if cfg.pipeline.annotator not in ANNOTATOR_POLICIES:
        raise UserError(f"pipeline.annotator={cfg.pipeline.annotator}: use one of {', '.join(ANNOTATOR_POLICIES)}")
    root = Path(cfg.output_dir)
    root.mkdir(parents=True, exist_ok=True)
    save_config(cfg, root / "config.yaml")
    stages = {"sft": _sft, "rankings": _rankings, "rm": _reward_model, "ppo": _ppo, "eval": _evaluate}
    for name in STAGES:
        folder = root / name
        if (folder / DONE_FILE).is_file():
            console.print(f"[dim]stage {name}: complete, skipped[/]")
            continue
        console.rule(f"stage {name}")
        started = time.time()
        stages[name](cfg, root, folder)
        _mark_complete(folder, time.time() - started)
    write_report(root)
    console.print(f"report: {root / 'report.md'}")
    return root / "report.md"


# ---------------------------------------------------------------------------------------------- stages


def _sft(cfg, root: Path, folder: Path) -> None:
    from codegen_rlhf import sft  # noqa: PLC0415 (torch + DeepSpeed, ~4.5 s; imported by the CLI)
    from codegen_rlhf.engine import latest_checkpoint  # noqa: PLC0415 (DeepSpeed + torch: ~4.5 s; imported by the CLI)

    sft.run(cfg, resume=latest_checkpoint(folder / "checkpoints") is not None, out_dir=folder)


def _rankings(cfg, root: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if cfg.pipeline.rankings == "data":
        for db in (d for d in cfg.rm.data if d.endswith(".db")):
            if not Path(db).is_file():
                raise UserError(f"rm.data: rank database {db} does not exist")
            export.export(db, "kwise", folder / Path(db).stem)
        return
    p = cfg.pipeline
    db = Path(p.rank_db) if p.rank_db else folder / "rank.db"
    policy = _policy_model(cfg, root / "sft" / "final")
    problems = prepare.sample_problems(load_problems("train"), p.rank_prompts, cfg.seed)
    entries = prepare.sample_candidates(policy.name, policy.adapter, problems, p.rank_k, p.rank_temperature,
                                        p.rank_max_new_tokens, seed=cfg.seed, batch_size=p.eval_batch_size,
                                        prompt_format=cfg.model.prompt_format)
    added = prepare.prepare(db, entries, workers=cfg.ppo.sandbox_workers, backend=cfg.ppo.sandbox_backend)
    _, scripted = annotate(str(db), p.annotator, cfg.seed)
    with Store(db, create=False) as store:
        rows = export.rows(store, "kwise")
    # a shared database may hold prompts a developer prepared from anywhere: evaluation problems stay out
    evaluation = {t for _, held in evaluation_sets() for t in held}
    chosen, decided_by = export.developers_first([r for r in rows if r["task_id"] not in evaluation], scripted)
    if not chosen:
        raise UserError(f"{db}: no rankings to train the reward model on")
    write_jsonl(folder / "kwise.jsonl", chosen)
    with atomic_open(folder / "rankings.json") as f:
        json.dump({"database": str(db), "policy": policy.adapter or policy.name, "prompts_sampled": len(entries),
                   "candidates_added": added.candidates_added, "candidates_passed": added.passed,
                   "prompts": len(chosen), "ranked_by": decided_by, "scripted_annotator": scripted}, f, indent=2)


def _reward_model(cfg, root: Path, folder: Path) -> None:
    from codegen_rlhf import reward_model  # noqa: PLC0415 (torch + transformers, ~3.5 s; imported by the CLI)
    from codegen_rlhf.reward_model.batches import terms_without_data  # noqa: PLC0415 (as above)
    from codegen_rlhf.engine import latest_checkpoint  # noqa: PLC0415 (DeepSpeed + torch: ~4.5 s; imported by the CLI)

    if cfg.pipeline.rankings == "data":
        exported = [str(root / "rankings" / Path(d).stem) for d in cfg.rm.data if d.endswith(".db")]
        data = exported + [d for d in cfg.rm.data if not d.endswith(".db")]
    else:
        data = [str(root / "rankings" / "kwise.jsonl")]
    rm = dataclasses.replace(cfg.rm, data=data)
    if cfg.pipeline.rankings == "policy":
        # the policy's candidates decide what the data hold (all of them failing alike gives no execution order):
        # a term with nothing to learn from is switched off for this run, and said so, instead of failing the chain
        for key in terms_without_data(rm):
            console.print(f"[yellow]rm.{key}: the policy's candidates give this loss nothing to learn; off for this "
                          "run[/]")
            rm = dataclasses.replace(rm, **{key: 0.0})
    reward_model.run(_with(cfg, rm=rm), resume=latest_checkpoint(folder / "checkpoints") is not None, out_dir=folder)


def _ppo(cfg, root: Path, folder: Path) -> None:
    """PPO starts from the SFT policy (also its KL reference) and is rewarded by the sandbox and the RM."""
    from codegen_rlhf.rl import trainer  # noqa: PLC0415 (torch: ~2.5 s; imported by the CLI)

    weight = cfg.pipeline.rm_weight
    ppo = dataclasses.replace(cfg.ppo, w_rm=weight, reward_model=str(root / "rm" / "model") if weight else None)
    stage_cfg = _with(cfg, model=_policy_model(cfg, root / "sft" / "final"), ppo=ppo)
    trainer.run(stage_cfg, resume=trainer.latest_step(folder) is not None, out_dir=folder)


def _evaluate(cfg, root: Path, folder: Path) -> None:
    policies = {"base": cfg.model, "sft": _policy_model(cfg, root / "sft" / "final"),
                "ppo": dataclasses.replace(cfg.model, name=str(root / "ppo" / "final"), adapter=None)}
    for name, policy in policies.items():
        for spec in cfg.pipeline.eval_benchmarks:
            benchmark, _, limit = spec.partition(":")
            out = folder / name / benchmark
            if (out / "summary.json").is_file():
                continue
            evaluate(
                policy.name, adapter=policy.adapter, benchmark=benchmark, out_dir=out, n=1, temperature=0.0, k=[1],
                limit=int(limit) if limit else None, prompt_format=cfg.model.prompt_format,
                max_new_tokens=cfg.pipeline.eval_max_new_tokens, batch_size=cfg.pipeline.eval_batch_size,
            )


def _policy_model(cfg, final: Path):
    """The model config of a trained stage's policy: LoRA stages save an adapter over the base model."""
    if cfg.model.lora.enabled:
        return dataclasses.replace(cfg.model, adapter=str(final))
    return dataclasses.replace(cfg.model, name=str(final), adapter=None)


# ---------------------------------------------------------------------------------------------- report


def write_report(root: Path) -> None:
    """report.md with one table (pass@1 per policy and benchmark) and report.png with the same numbers."""
    rows = _summaries(root / "eval")
    benchmarks = sorted({b for per in rows.values() for b in per})
    lines = ["# codegen-rlhf run report", "", f"Run directory: `{root}`", "",
             "| policy | " + " | ".join(f"{b} pass@1" for b in benchmarks) + " |",
             "|---|" + "---|" * len(benchmarks)]
    for policy, per in rows.items():
        cells = []
        for b in benchmarks:
            s = per.get(b)
            tiers = "" if s is None else "".join(
                f"; {tier} {100 * part['pass_at_k']['pass@1']['value']:.1f}%" for tier, part in s["per_tier"].items())
            cells.append("—" if s is None else f"{100 * s['pass@1']:.1f}% ({s['passed']}/{s['total']}{tiers})")
        lines.append(f"| {policy} | " + " | ".join(cells) + " |")
    lines += ["", "Greedy decoding, one sample per problem, every program executed in the sandbox.", "",
              "What each stage changed (per-task paired differences, 95% bootstrap interval over tasks):", ""]
    lines += [f"- {line}" for line in _stage_changes(root / "eval", benchmarks)]
    lines += ["", _rankings_line(root / "rankings" / "rankings.json"), "",
              "Per-run details (samples, results, status breakdown) are in `eval/<policy>/<benchmark>/`.", "",
              "![pass@1 per policy](report.png)", "", "| stage | minutes |", "|---|---|"]
    for stage in STAGES:
        marker = root / stage / DONE_FILE
        if marker.is_file():
            lines.append(f"| {stage} | {json.loads(marker.read_text())['seconds'] / 60:.1f} |")
    lines.append("")
    _plot(rows, benchmarks, root / "report.png")
    with atomic_open(root / "report.md") as f:
        f.write("\n".join(lines))


def _stage_changes(eval_dir: Path, benchmarks: list[str]) -> list[str]:
    """sft - base and ppo - sft on each benchmark, paired per task (eval compare's lines)."""
    lines = []
    for benchmark in benchmarks:
        for before, after in (("base", "sft"), ("sft", "ppo")):
            dirs = [eval_dir / before / benchmark, eval_dir / after / benchmark]
            if all((d / "summary.json").is_file() for d in dirs):
                runs = [{**compare.load_run(d), "name": f"{name} {benchmark}"} for d, name in zip(dirs, (before, after))]
                lines += compare.paired_lines({"baseline": runs[0]["name"], "paired": [compare.paired(*runs)]})
    return lines


def _rankings_line(path: Path) -> str:
    if not path.is_file():
        return "The reward model trained on rm.data as given (pipeline.rankings=data)."
    r = json.loads(path.read_text())
    return (f"The reward model trained on the SFT policy's own candidates: {r['prompts']} prompts "
            f"({r['prompts_sampled']} sampled this run, {r['candidates_passed']} of {r['candidates_added']} new "
            f"candidates passed their tests), ranked by developers for {r['ranked_by']['developers']} and by the "
            f"scripted annotator `{r['scripted_annotator']}` (simulated, not a person) for "
            f"{r['ranked_by']['scripted']}; database `{r['database']}`.")


def _summaries(eval_dir: Path) -> dict[str, dict[str, dict]]:
    rows: dict[str, dict[str, dict]] = {}
    for policy in ("base", "sft", "ppo"):
        for summary in sorted((eval_dir / policy).glob("*/summary.json")):
            data = json.loads(summary.read_text())
            rows.setdefault(policy, {})[summary.parent.name] = {
                "pass@1": data["pass_at_k"]["pass@1"]["value"], "passed": data["passed"], "total": data["total"],
                "per_tier": data.get("per_tier", {})}
    return rows


def _plot(rows: dict, benchmarks: list[str], path: Path) -> None:
    import matplotlib  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; only the report plots; imported by the CLI)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 (matplotlib.pyplot: ~0.8 s; after matplotlib.use)

    fig, ax = plt.subplots(figsize=(6, 3.5))
    width = 0.8 / max(len(rows), 1)
    for i, (policy, per) in enumerate(rows.items()):
        xs = [j + i * width for j in range(len(benchmarks))]
        ax.bar(xs, [100 * per.get(b, {}).get("pass@1", 0) for b in benchmarks], width, label=policy)
    ax.set_xticks([j + width * (len(rows) - 1) / 2 for j in range(len(benchmarks))], benchmarks)
    ax.set_ylabel("greedy pass@1 (%)")
    ax.legend()
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    tmp.replace(path)


# ---------------------------------------------------------------------------------------------- helpers


def _mark_complete(folder: Path, seconds: float) -> None:
    with atomic_open(folder / DONE_FILE) as f:
        json.dump({"seconds": round(seconds, 1)}, f)


def _with(cfg, **sections):
    return dataclasses.replace(cfg, **sections)
