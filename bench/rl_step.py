"""Time per RL step, ours (PPO and GRPO) against TRL's GRPOTrainer at the same shapes, in one run.

    python bench/rl_step.py                    # CPU: the embedded SmolLM2-135M, LoRA, 4 prompts x 4 samples x 64 tokens
    python bench/rl_step.py --gpu              # Mistral-7B architecture, random bf16 weights, LoRA r16 all-linear,
                                               # gradient checkpointing, 16 prompts x 8 samples x 256 new tokens
    python bench/rl_step.py --model tiny-random --steps 2   # a quick check of this script itself

Every variant runs the same rollout shape on the same train-split prompts and rewards them with the same
sandboxed `ExecutionReward`. A step is one rollout batch and one optimizer pass over it (ppo_epochs=1, one
minibatch), which is what TRL's GRPOTrainer does per step with steps_per_generation=1 / num_iterations=1.
The first step of each variant is a warm-up and is left out of the mean. Prints the time split of our steps
(generate / execute / score / train) and the ratio TRL / ours; `--out FILE.json` keeps the numbers.

Reference (issue 8): TRL GRPOTrainer at the --gpu shapes on an H200: 32.7 s/step, 47.8 GB peak. Random weights
rarely emit EOS, so each completion runs to max_new_tokens in both implementations (generated tokens are
reported per step, so the comparison is per token too). Both optimize the same objective: no KL term (TRL's
beta=0, our kl_coef=0), one update per rollout batch, so neither needs a reference or an old-log-prob pass.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

import torch
from datasets import Dataset
from peft import LoraConfig
from transformers import TrainerCallback

from codegen_rlhf.config import load_config
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.models import load_causal_lm
from codegen_rlhf.rewards import ExecutionReward
from codegen_rlhf.rl.trainer import PPOTrainer, check_config
from codegen_rlhf.sandbox import Sandbox

SPLIT = ("time/generate", "time/execute", "time/score", "time/train")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpu", action="store_true", help="Mistral-7B architecture at the issue's shapes.")
    parser.add_argument("--model", help="Model spec (default: smollm2-135m on CPU, random Mistral-7B with --gpu).")
    parser.add_argument("--prompts", type=int, help="Prompts per step (CPU 4, GPU 16).")
    parser.add_argument("--samples", type=int, help="Samples per prompt (CPU 4, GPU 8).")
    parser.add_argument("--new-tokens", type=int, help="Max new tokens (CPU 64, GPU 256).")
    parser.add_argument("--micro-batch", type=int, help="Sequences per forward/backward (CPU 4, GPU 16).")
    parser.add_argument("--steps", type=int, default=3, help="Steps per variant, the first being warm-up.")
    parser.add_argument("--variants", default="ppo,grpo,trl-grpo", help="Comma-separated: ppo, grpo, trl-grpo.")
    parser.add_argument("--out", type=Path, help="Write the results as JSON here.")
    args = parser.parse_args()

    prompts = args.prompts or (16 if args.gpu else 4)
    samples = args.samples or (8 if args.gpu else 4)
    new_tokens = args.new_tokens or (256 if args.gpu else 64)
    micro = args.micro_batch or (16 if args.gpu else 4)
    work = Path(tempfile.mkdtemp(prefix="rl-step-"))
    model = args.model or ("mistral-7b-random" if args.gpu else "smollm2-135m")
    shape = {"model": model, "prompts": prompts, "samples": samples, "new_tokens": new_tokens, "micro_batch": micro,
             "gradient_checkpointing": args.gpu, "lora_r": 16, "steps": args.steps, "device": device_name(),
             "machine": platform.node()}
    print(json.dumps(shape))

    results = {}
    for variant in args.variants.split(","):
        if variant == "trl-grpo":
            results[variant] = run_trl(model, prompts, samples, new_tokens, micro, args.steps, args.gpu, work)
        else:
            results[variant] = run_ours(variant, model, prompts, samples, new_tokens, micro, args.steps, args.gpu,
                                        work)
        print(variant, json.dumps(summary(results[variant])), flush=True)

    report(results)
    if args.out:
        args.out.write_text(json.dumps({"shape": shape, "results": results,
                                        "summary": {k: summary(v) for k, v in results.items()}}, indent=1))


# ---------------------------------------------------------------------------------------------- ours


def run_ours(algo, model, prompts, samples, new_tokens, micro, steps, gpu, work) -> list[dict]:
    batch = prompts * samples
    overrides = [
        f"output_dir={work / algo}", f"model.name={model}", "model.lora.enabled=true", "model.lora.r=16",
        f"model.gradient_checkpointing={str(gpu).lower()}", "model.prompt_format=raw", "deepspeed.config=zero0",
        f"ppo.algo={algo}", "ppo.kl_coef=0", f"ppo.prompts_per_step={prompts}", f"ppo.samples_per_prompt={samples}",
        f"ppo.max_new_tokens={new_tokens}", f"ppo.mini_batch_size={batch}", "ppo.ppo_epochs=1",
        f"ppo.optim.micro_batch_size={micro}", "ppo.eval_problems=", f"ppo.optim.max_steps={steps}",
        "ppo.temperature=1.0", "ppo.sandbox_workers=4" if gpu else "ppo.sandbox_workers=2",
    ]
    cfg = load_config("quick-cpu", overrides)
    check_config(cfg)
    trainer = PPOTrainer(cfg, work / algo)
    rows = []
    try:
        for _ in range(steps):
            _sync()
            start = time.perf_counter()
            metrics = trainer.train_step(trainer.next_problems())
            _sync()
            trainer.step += 1
            metrics["time/step"] = time.perf_counter() - start
            if torch.cuda.is_available():
                metrics["peak_gb"] = torch.cuda.max_memory_allocated() / 2**30
            rows.append({k: v for k, v in metrics.items() if isinstance(v, (int, float))})
    finally:
        trainer.close()
    return rows


# ---------------------------------------------------------------------------------------------- TRL


def run_trl(model, prompts, samples, new_tokens, micro, steps, gpu, work) -> list[dict]:
    from trl import GRPOConfig, GRPOTrainer  # noqa: PLC0415 (optional package: trl, the bench extra; trl-grpo only)

    problems = load_problems("train")
    ids = sorted(problems)
    dataset = Dataset.from_list([{"prompt": problems[t]["prompt"], "task_id": t} for t in ids])
    lm, tokenizer = load_causal_lm(model)
    tokenizer.padding_side = "left"
    batch = prompts * samples
    args = GRPOConfig(
        output_dir=str(work / "trl"), per_device_train_batch_size=micro, gradient_accumulation_steps=batch // micro,
        num_generations=samples, max_completion_length=new_tokens, max_steps=steps, learning_rate=1e-5,
        logging_steps=1, report_to=[], save_strategy="no", gradient_checkpointing=gpu, bf16=gpu, use_cpu=not gpu,
        temperature=1.0, beta=0.0, num_iterations=1, seed=0, dataloader_num_workers=0,
    )
    peft = LoraConfig(r=16, lora_alpha=32, lora_dropout=0.05, target_modules="all-linear", task_type="CAUSAL_LM")
    times: list[dict] = []

    class StepTimer(TrainerCallback):
        def on_step_begin(self, *a, **k):
            _sync()
            self.start = time.perf_counter()

        def on_step_end(self, *a, **k):
            _sync()
            row = {"time/step": time.perf_counter() - self.start}
            if torch.cuda.is_available():
                row["peak_gb"] = torch.cuda.max_memory_allocated() / 2**30
            times.append(row)

    with Sandbox(backend="process", workers=4 if gpu else 2) as sandbox:
        reward = ExecutionReward(sandbox, problems)
        reward.__name__ = "execution"  # TRL names its reward columns after the function
        trainer = GRPOTrainer(model=lm, reward_funcs=reward, args=args, train_dataset=dataset,
                              processing_class=tokenizer, peft_config=peft, callbacks=[StepTimer()])
        if torch.cuda.is_available():
            torch.cuda.reset_peak_memory_stats()
        trainer.train()
    return times


# ---------------------------------------------------------------------------------------------- helpers


def summary(rows: list[dict]) -> dict:
    timed = rows[1:] or rows  # the first step warms up (compilation, allocator, sandbox zygote)
    out = {"s_per_step": statistics.mean(r["time/step"] for r in timed), "warmup_s": rows[0]["time/step"]}
    for key in SPLIT + ("gen_tokens_per_s", "response_length", "peak_gb"):
        if key in timed[0]:
            out[key] = statistics.mean(r[key] for r in timed)
    return out


def report(results: dict) -> None:
    print(f"\n{'variant':10} {'s/step':>8} " + " ".join(f"{k.split('/')[1]:>9}" for k in SPLIT) + "  gen tok/s  len")
    for name, rows in results.items():
        s = summary(rows)
        split = " ".join(f"{s[k]:9.2f}" if k in s else f"{'-':>9}" for k in SPLIT)
        extra = f"{s['gen_tokens_per_s']:10.1f} {s['response_length']:4.0f}" if "gen_tokens_per_s" in s else ""
        print(f"{name:10} {s['s_per_step']:8.2f} {split}  {extra}")
    if "trl-grpo" in results:
        trl = summary(results["trl-grpo"])["s_per_step"]
        for name in results:
            if name != "trl-grpo":
                print(f"TRL GRPO / ours {name}: {trl / summary(results[name])['s_per_step']:.2f}x")


def device_name() -> str:
    return torch.cuda.get_device_name() if torch.cuda.is_available() else f"cpu x{torch.get_num_threads()} threads"


def _sync() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


if __name__ == "__main__":
    main()
