"""One-call GPU check: a few steps of SFT, reward model and PPO through DeepSpeed on one GPU, with the
Mistral-7B architecture and random weights (throughput and memory do not depend on the weights' values).

    python bench/gpu_check.py                          # on a GPU machine: mistral-7b-random, mistral7b-lora preset
    python bench/gpu_check.py --model tiny-random --preset tiny    # a CPU smoke run of this script itself
    python bench/gpu_check.py --out eval/gpu_check_h100.json       # keep the numbers

Each stage runs through the same `run(cfg)` as `codegen-rlhf train ...` on the shipped data, in a temporary
run directory. Prints, per stage, the mean training tokens/s after the first (warm-up) step and the peak GPU
memory; for PPO also the time split of a step (generate / execute / score / train). Budget: under 8 minutes
on an H100/H200 at the default shapes.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

from codegen_rlhf import reward_model, sft
from codegen_rlhf.config import load_config
from codegen_rlhf.rl import trainer

STAGES = ("sft", "rm", "ppo")
PPO_SPLIT = ("time/generate", "time/execute", "time/score", "time/train")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="mistral-7b-random", help="Model spec (default: mistral-7b-random).")
    parser.add_argument("--preset", default="mistral7b-lora", help="Config preset the stages start from.")
    parser.add_argument("--steps", type=int, default=3, help="Optimizer steps per stage (the first is warm-up).")
    parser.add_argument("--stages", default=",".join(STAGES), help="Comma-separated subset of sft, rm, ppo.")
    parser.add_argument("--out", type=Path, help="Write the results as JSON here.")
    parser.add_argument("overrides", nargs="*", help="Extra key=value config overrides for every stage.")
    args = parser.parse_args()

    device = torch.cuda.get_device_name() if torch.cuda.is_available() else f"CPU ({platform.processor() or 'x86_64'})"
    print(json.dumps({"model": args.model, "preset": args.preset, "steps": args.steps, "device": device}))
    results = {"model": args.model, "preset": args.preset, "device": device, "stages": {}}
    work = Path(tempfile.mkdtemp(prefix="gpu-check-"))
    for stage in args.stages.split(","):
        results["stages"][stage] = run_stage(stage, args, work / stage)
        print(json.dumps({stage: results["stages"][stage]}), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


def run_stage(stage: str, args, out: Path) -> dict:
    steps = args.steps
    overrides = [f"model.name={args.model}", f"output_dir={out}", f"{stage}.optim.max_steps={steps}",
                 f"{stage}.optim.save_every={steps}", f"{stage}.optim.eval_every=0", f"{stage}.optim.log_every=1",
                 *args.overrides]
    if stage == "ppo":
        overrides += ["ppo.eval_problems="]  # throughput only: no held-out evaluation
    cfg = load_config(args.preset, overrides)
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    if stage == "sft":
        sft.run(cfg, out_dir=out)
    elif stage == "rm":
        reward_model.run(cfg, out_dir=out)
    else:
        trainer.run(cfg, out_dir=out)
    wall = time.perf_counter() - started

    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines() if line.strip()]
    steps_logged = [r for r in rows if r.get("step", 0) >= 1 and "loss" in r]
    timed = steps_logged[1:] or steps_logged  # the first step compiles kernels and warms caches
    result = {"wall_s": round(wall, 1), "steps": len(steps_logged),
              "peak_gpu_gb": round(torch.cuda.max_memory_allocated() / 2**30, 1) if torch.cuda.is_available() else None}
    rates = [r["tokens_per_s"] for r in timed if "tokens_per_s" in r]
    if rates:
        result["tokens_per_s"] = round(statistics.mean(rates), 1)
    if stage == "ppo":
        result["step_s"] = round(statistics.mean(sum(r.get(k, 0.0) for k in PPO_SPLIT) for r in timed), 2)
        result["split_s"] = {k.split("/")[1]: round(statistics.mean(r.get(k, 0.0) for r in timed), 2)
                             for k in PPO_SPLIT}
        result["gen_tokens_per_s"] = round(statistics.mean(r.get("gen_tokens_per_s", 0.0) for r in timed), 1)
    return result


if __name__ == "__main__":
    sys.exit(main())
