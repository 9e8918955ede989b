"""Does RL make the embedded model measurably better on the 2-core CPU? Before/after held-out pass@1 (issue 17).

    python bench/rl_quality.py --reward binary --sft-adapter runs/quick-cpu/sft/final
    # eval/rl_quality.md's runs: 25 minutes each, the starter tier's held-out set only
    python bench/rl_quality.py --reward binary --name binary-lr2e-4 --minutes 25 --heldout starter-heldout \
        --sft-adapter runs/quick-cpu/sft/final ppo.optim.learning_rate=2e-4
    python bench/rl_quality.py --config tiny --policy tiny-random --minutes 0.1 --n 2 --heldout-limit 3 \\
        --humaneval-limit 2 --runs /tmp/rlq-smoke --out /tmp/rlq-smoke/report   # a smoke run of this script

1. SFT policy: --sft-adapter (e.g. the `final/` of `codegen-rlhf train all --config quick-cpu`'s sft stage);
   without it, the preset's SFT (quick-cpu: 24 LoRA steps, ~2 minutes) trains into <runs>/sft once and is
   reused from then on.
2. Before: the SFT policy on each held-out set (default starter-heldout, core-heldout) with n samples per task
   at the RL rollouts' temperature and top-p (pass@1 and pass@n), and greedy (pass@1); HumanEval greedy (all
   164 unless --humaneval-limit), all at most the preset's pipeline.eval_max_new_tokens new tokens (quick-cpu:
   160, as `train all` evaluates; its RL rollouts get 128). Every evaluation is `eval run`'s
   (`evaluation.benchmark.evaluate`). These are cached under <runs>/before/, keyed by the SFT policy's files
   and the settings, so comparing the three rewards pays for them once.
3. RL: `train ppo` from the SFT policy (also its KL reference) with the preset's settings, --algo, rewards from
   --prompts (default starter-train: the tier SmolLM2 solves some of), no evaluation during training, ended by
   `ppo.max_minutes` = --minutes (the step in progress when the budget runs out is finished). --max-steps only
   shapes the cosine learning-rate schedule: at the default 1000 the rate stays near its peak for the budget.
4. After: the same evaluations of the RL run's final/ policy; `eval compare` of each pair: paired per-task
   differences with 95% bootstrap intervals and its "paired difference" lines.
5. Report: <out>.md, <out>.json (every figure, the command, date, machine, minutes and steps of RL) and <out>.png
   (bench/ppo_report.py's curves over steps: reward, pass rate, informative-group share, completion length, KL,
   time; the held-out greedy pass@1 before and after on the pass-rate panel).

Reward variants (--reward), everything else equal: the execution reward alone on one of `ppo.exec_reward`'s
scales (binary, graded, partial: codegen_rlhf/rewards.py defines them). Any key=value after the options overrides
the preset for SFT and RL (e.g. ppo.optim.learning_rate=1e-4 ppo.kl_coef=0.02).

Cost, measured on 2 cores with `--heldout starter-heldout`: one SFT policy's evaluations are paid once (45 tasks
x 10 sampled, 45 greedy, HumanEval 164 greedy: 7.7 minutes), then per variant the RL budget plus the same
evaluations of its policy (about 6 minutes). The default two held-out sets add about 13 minutes per policy.
Each variant's RL run and after-evaluations live in <runs>/<name>/, replaced by the next run of that name.

The goal (issue 17): sampled pass@1 on the first held-out set (the tier RL trains on) +5 points over the SFT
policy with the 95% paired interval above 0, and HumanEval greedy pass@1 not significantly lower. The report
says whether it was reached either way.

Not covered: more than one seed (one RL run per variant: run-to-run spread is not measured); the variance of
the SFT policy itself; a KL curve when the KL term is off (quick-cpu's default, for time: pass ppo.kl_coef=...
to get it, at the cost of a reference pass per step); resuming a killed RL phase (a rerun starts it afresh;
only the before-evaluations and the SFT policy are reused).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from codegen_rlhf import sft  # noqa: E402
from codegen_rlhf.config import load_config  # noqa: E402
from codegen_rlhf.engine import latest_checkpoint  # noqa: E402
from codegen_rlhf.evaluation.benchmark import evaluate  # noqa: E402
from codegen_rlhf.evaluation.compare import compare, paired_lines  # noqa: E402
from codegen_rlhf.evaluation.intervals import verdict  # noqa: E402
from codegen_rlhf.generation import Generator  # noqa: E402
from codegen_rlhf.rewards import EXECUTION_SCALES  # noqa: E402
from codegen_rlhf.rl import trainer  # noqa: E402
from codegen_rlhf.tracking import read_metrics  # noqa: E402
from ppo_report import plot  # noqa: E402 (bench/ is this script's folder, first on sys.path)

REWARDS = {  # each variant sets every key that tells it apart, so a preset's choice cannot blur the comparison
    scale: [f"ppo.exec_reward={scale}", "ppo.w_exec=1", "ppo.reward_functions={}"] for scale in EXECUTION_SCALES}
ALGOS = ("grpo", "rloo", "ppo", "rft")
GOAL_POINTS = 0.05


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reward", choices=REWARDS, default="binary")
    parser.add_argument("--algo", choices=ALGOS, default="grpo")
    parser.add_argument("--minutes", type=float, default=60.0, help="Wall-clock budget of the RL loop.")
    parser.add_argument("--max-steps", type=int, default=1000, help="ppo.optim.max_steps (the LR schedule's length).")
    parser.add_argument("--config", default="quick-cpu", help="Preset for SFT and RL.")
    parser.add_argument("--policy", default=None, help="Model spec (default: the preset's model.name).")
    parser.add_argument("--sft-adapter", default=None, help="The SFT policy: a LoRA adapter (or a full model) dir.")
    parser.add_argument("--prompts", default="starter-train", help="Problem set RL is rewarded on.")
    parser.add_argument("--heldout", default="starter-heldout,core-heldout",
                        help="Held-out sets evaluated sampled and greedy; the goal is judged on the first.")
    parser.add_argument("--heldout-limit", type=int, default=None, help="Only the first N tasks of each.")
    parser.add_argument("--humaneval-limit", type=int, default=None, help="Only the first N HumanEval problems.")
    parser.add_argument("--n", type=int, default=10, help="Samples per task in the sampled evaluations.")
    parser.add_argument("--temperature", type=float, default=None, help="Sampled evaluations (default: ppo's).")
    parser.add_argument("--max-new-tokens", type=int, default=None,
                        help="Evaluation budget per completion (default: the preset's pipeline.eval_max_new_tokens).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", default=str(REPO / "runs" / "rl-quality"), help="SFT, caches and RL runs.")
    parser.add_argument("--name", default=None,
                        help="The variant's name: its folder under --runs and its report (default REWARD or ALGO-REWARD).")
    parser.add_argument("--out", default=None, help="Report path without suffix (default eval/rl_quality-NAME).")
    parser.add_argument("overrides", nargs="*", help="key=value config overrides for SFT and RL")
    args = parser.parse_args()

    command = "python bench/rl_quality.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    bench_started = time.perf_counter()
    runs = Path(args.runs)
    name = args.name or (args.reward if args.algo == "grpo" else f"{args.algo}-{args.reward}")
    out = Path(args.out or REPO / "eval" / f"rl_quality-{name}")
    base = [*([f"model.name={args.policy}"] if args.policy else []), f"seed={args.seed}", *args.overrides]
    cfg = load_config(args.config, base)  # the settings evaluations read (temperature, format, token budget)
    settings = eval_settings(args, cfg)

    # 1. the SFT policy
    policy = sft_policy(args, base, runs)
    print(f"SFT policy: {policy}", flush=True)

    # 2. before: cached per SFT policy and settings
    key = {"policy": policy, "files": fingerprint(policy)}
    # (the last folder names are what `eval compare` calls the runs: its lines read "rl - sft")
    before = run_evals(policy, settings, lambda label, s: runs / "before" / f"{label}-{digest({**key, **s})}" / "sft")

    # 3. RL, time-boxed
    variant_dir = runs / name
    rl_dir = variant_dir / "rl"
    shutil.rmtree(variant_dir, ignore_errors=True)
    rl_cfg = load_config(args.config, [
        *base, *policy_overrides(policy), f"ppo.algo={args.algo}", f"ppo.prompts={args.prompts}", "ppo.eval_problems=",
        f"ppo.optim.max_steps={args.max_steps}", *REWARDS[args.reward], f"ppo.max_minutes={args.minutes}"])
    started = time.perf_counter()
    trainer.run(rl_cfg, out_dir=str(rl_dir))
    rl_minutes = (time.perf_counter() - started) / 60
    steps = [row for row in read_metrics(rl_dir) if "reward/total" in row]
    print(f"RL: {len(steps)} steps in {rl_minutes:.1f} minutes", flush=True)

    # 4. after, and the paired comparisons
    after = run_evals({"name": str(rl_dir / "final"), "adapter": None}, settings,
                      lambda label, s: variant_dir / "after" / label / "rl")
    results = {}
    for label in settings:
        comparison = compare([before[label]["dir"], after[label]["dir"]], variant_dir / "compare" / label)
        results[label] = {**settings[label], "before": before[label], "after": after[label],
                          "paired": comparison["paired"][0]["metrics"], "lines": paired_lines(comparison)}
        for line in results[label]["lines"]:
            print(f"{label}: {line}", flush=True)

    # 5. report
    judged = next(iter(settings))  # the first held-out set, sampled
    greedy = judged.replace("-sampled", "-greedy")
    plot(steps, [(0, pass1(before[greedy])), (len(steps), pass1(after[greedy]))], out.with_suffix(".png"))
    report = {
        "command": command, "date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
        "config": args.config, "sft_policy": policy, "algo": args.algo, "reward": args.reward,
        "reward_overrides": REWARDS[args.reward], "overrides": args.overrides, "prompts": args.prompts,
        "budget_minutes": args.minutes, "rl_minutes": round(rl_minutes, 2), "steps": len(steps),
        "rollouts_per_step": rl_cfg.ppo.prompts_per_step * rl_cfg.ppo.samples_per_prompt,
        "ppo": dataclasses.asdict(rl_cfg.ppo), "rl_dir": str(rl_dir), "goal": goal(results, judged),
        "evaluations": results, "curves": curve_summary(steps), "png": out.with_suffix(".png").name,
        "bench_minutes": round((time.perf_counter() - bench_started) / 60, 2),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))


# ---------------------------------------------------------------------------------------------- the policy


def sft_policy(args, base: list[str], runs: Path) -> dict:
    """{"name", "adapter"} of the SFT policy: the given directory, or the preset's SFT trained into <runs>/sft
    (resumed if a previous attempt was killed, reused once complete)."""
    if args.sft_adapter:
        final = Path(args.sft_adapter)
        if not final.is_dir():
            sys.exit(f"--sft-adapter {final}: no such directory")
    else:
        out = runs / "sft"
        if not sft.completed(out):
            cfg = load_config(args.config, base)
            sft.run(cfg, resume=latest_checkpoint(out / "checkpoints") is not None, out_dir=out)
        final = out / "final"
    if (final / "adapter_config.json").is_file():  # a LoRA adapter over the preset's (or --policy's) model
        return {"name": load_config(args.config, base).model.name, "adapter": str(final.resolve())}
    return {"name": str(final.resolve()), "adapter": None}  # SFT without LoRA saves the whole model


def policy_overrides(policy: dict) -> list[str]:
    """RL starts from the SFT policy, as `train all`'s ppo stage does."""
    return [f"model.name={policy['name']}", f"model.adapter={policy['adapter'] or 'null'}"]


def fingerprint(policy: dict) -> str:
    """A hash of the SFT policy's weight files: a retrained adapter at the same path must not reuse old evaluations.
    Weights only: PEFT writes adapter_config.json's target_modules in set order, which changes between identical
    runs, and the stage's completion marker holds a timestamp."""
    folder = Path(policy["adapter"] or policy["name"])
    h = hashlib.sha256()
    weights = sorted(p for p in folder.rglob("*") if p.suffix in (".safetensors", ".bin")) if folder.is_dir() else []
    for path in weights:
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def digest(value: dict) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------- evaluations


def eval_settings(args, cfg) -> dict[str, dict]:
    """label -> `evaluate` keyword arguments: each held-out set sampled (first: the goal's) and greedy, then
    HumanEval greedy."""
    common = {"max_new_tokens": args.max_new_tokens or cfg.pipeline.eval_max_new_tokens,
              "batch_size": cfg.pipeline.eval_batch_size, "prompt_format": cfg.model.prompt_format,
              "seed": args.seed}
    sampled = {"n": args.n, "temperature": cfg.ppo.temperature if args.temperature is None else args.temperature,
               "top_p": cfg.ppo.top_p, "k": sorted({1, args.n})}
    greedy = {"n": 1, "temperature": 0.0, "k": [1]}
    settings = {}
    for benchmark in args.heldout.split(","):
        for mode, decoding in (("sampled", sampled), ("greedy", greedy)):
            settings[f"{benchmark}-{mode}"] = {"benchmark": benchmark, "limit": args.heldout_limit, **decoding,
                                               **common}
    settings["humaneval-greedy"] = {"benchmark": "humaneval", "limit": args.humaneval_limit, **greedy, **common}
    return settings


def run_evals(policy: dict, settings: dict[str, dict], folder) -> dict[str, dict]:
    """Every evaluation of one policy, the model loaded once; `folder(label, settings)` names each run directory,
    and one that already holds a summary is reused."""
    done, generator = {}, None
    for label, s in settings.items():
        out = folder(label, s)
        cached = (out / "summary.json").is_file()
        if not cached:
            if generator is None:
                generator = Generator.load(policy["name"], policy["adapter"], prompt_format=s["prompt_format"])
            print(f"evaluating {label} -> {out}", flush=True)
            evaluate(generator, s["benchmark"], out, **{k: v for k, v in s.items() if k != "benchmark"})
        summary = json.loads((out / "summary.json").read_text())
        done[label] = {"dir": str(out), "cached": cached, "n_tasks": summary["n_tasks"],
                       "pass_at_k": summary["pass_at_k"], "wall_s": summary.get("timings", {}).get("wall_s")}
    del generator
    gc.collect()  # the evaluated policy leaves memory before the next stage loads its own models
    return done


def pass1(run: dict) -> float:
    return run["pass_at_k"]["pass@1"]["value"]


def goal(results: dict, judged: str) -> dict:
    """The issue's goal: +5 points sampled pass@1 on the trained tier's held-out set with the paired interval
    above 0, and HumanEval greedy pass@1 not significantly lower."""
    gain = results[judged]["paired"]["pass@1"]
    humaneval = results["humaneval-greedy"]["paired"]["pass@1"]
    gained = gain["mean_diff"] >= GOAL_POINTS and gain["ci95"][0] > 0
    kept = humaneval["ci95"][1] >= 0
    return {"judged_on": judged, "heldout_gain": gain, "humaneval_change": humaneval,
            "heldout_gain_reached": gained, "humaneval_not_lower": kept, "reached": gained and kept}


def curve_summary(steps: list[dict]) -> dict:
    """Means over the first and the last five steps of what the curves show."""
    keys = ("reward/total", "reward/exec", "pass_rate", "drawn/pass_rate", "groups/informative_share",
            "response_length", "kl")
    head, tail = steps[:5], steps[-5:]
    return {key: {"first_steps": mean([r[key] for r in head if key in r]),
                  "last_steps": mean([r[key] for r in tail if key in r])} for key in keys}


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def machine() -> str:
    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    return f"{os.cpu_count()}-core CPU, no GPU ({torch.get_num_threads()} torch threads)"


# ---------------------------------------------------------------------------------------------- report


def markdown(report: dict) -> str:
    g, p = report["goal"], report["ppo"]
    gain, he = g["heldout_gain"], g["humaneval_change"]
    outcome = "**Goal reached**" if g["reached"] else "**Goal not reached**"
    policy = report["sft_policy"]
    first = next(iter(report["evaluations"].values()))
    lines = [
        f"# RL quality: {report['algo']}, {report['reward']} reward, {report['budget_minutes']:g} minutes "
        f"on a {report['machine']}",
        "",
        f"{outcome}: {g['judged_on']} pass@1 {100 * gain['mean_diff']:+.1f} points "
        f"[{100 * gain['ci95'][0]:+.1f}, {100 * gain['ci95'][1]:+.1f}] over {gain['tasks']} tasks (goal +5 with the "
        f"interval above 0: {'yes' if g['heldout_gain_reached'] else 'no'}); HumanEval greedy pass@1 "
        f"{100 * he['mean_diff']:+.1f} [{100 * he['ci95'][0]:+.1f}, {100 * he['ci95'][1]:+.1f}] over {he['tasks']} "
        f"problems (not significantly lower: {'yes' if g['humaneval_not_lower'] else 'no'}).",
        "",
        f"`{report['command']}` ({report['date']})",
        "",
        f"SFT policy: `{policy['name']}`" + (f" + adapter `{policy['adapter']}`" if policy["adapter"] else "") +
        f". RL: `{report['algo']}` from it on `{report['prompts']}`, preset `{report['config']}`, "
        f"{report['steps']} steps of {report['rollouts_per_step']} rollouts ({p['prompts_per_step']} prompts x "
        f"{p['samples_per_prompt']}, at most {p['max_new_tokens']} new tokens, temperature {p['temperature']}, "
        f"learning rate {p['optim']['learning_rate']:g}, KL coefficient {p['kl_coef']:g}, dynamic sampling "
        f"{'on' if p['dynamic_sampling'] else 'off'}) in {report['rl_minutes']:.1f} minutes (budget "
        f"{report['budget_minutes']:g}: the step in progress when it ran out finished; the minutes include loading "
        f"and exporting). Reward: `{' '.join(report['reward_overrides'])}`"
        + (f"; overrides `{' '.join(report['overrides'])}`" if report["overrides"] else "") + ".",
        "",
        f"Evaluation: at most {first['max_new_tokens']} new tokens; sampled = n {first['n']} at temperature "
        f"{first['temperature']}, top-p {first['top_p']}; greedy = n 1. Paired: per-task differences, 95% bootstrap "
        "interval over tasks (`eval compare`).",
        "",
        "| evaluation | tasks | metric | SFT (before) | after RL | paired difference [95% CI] |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in report["evaluations"].items():
        for metric, d in r["paired"].items():
            cached = " (cached)" if r["before"]["cached"] else ""
            lines.append(f"| {label} | {r['after']['n_tasks']} | {metric} | {ci(r['before']['pass_at_k'][metric])}"
                         f"{cached} | {ci(r['after']['pass_at_k'][metric])} | {d['mean_diff']:+.3f} "
                         f"[{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}] ({verdict(d)}) |")
    lines += ["", "`eval compare`'s lines:", ""]
    lines += [f"- {label}: {line}" for label, r in report["evaluations"].items() for line in r["lines"]]
    lines += ["", f"![curves]({report['png']})", "", "| per step | first 5 steps | last 5 steps |", "|---|---|---|"]
    for key, v in report["curves"].items():
        if v["first_steps"] is not None:
            lines.append(f"| {key} | {v['first_steps']:.3f} | {v['last_steps']:.3f} |")
    lines += ["", f"RL run: `{report['rl_dir']}` (metrics.jsonl, samples.jsonl, final/); evaluation runs and "
              "comparisons next to it."]
    return "\n".join(lines) + "\n"


def ci(value: dict) -> str:
    return f"{value['value']:.3f} [{value['ci95'][0]:.3f}, {value['ci95'][1]:.3f}]"


if __name__ == "__main__":
    main()
