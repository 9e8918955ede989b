"""SFT throughput: our DeepSpeed SFT step vs TRL's SFTTrainer, same model, data and settings, in one run.

    python bench/sft_throughput.py --model tiny-random            # CPU
    python bench/sft_throughput.py --model smollm2-135m           # CPU, the embedded default with LoRA r16
    python bench/sft_throughput.py --gpu                          # a CUDA GPU: Mistral-7B architecture, random
                                                                  # weights, seq 2048, micro-batch 4, LoRA r16 on
                                                                  # all linear layers, grad ckpt, bf16, ZeRO-2
    python bench/sft_throughput.py --gpu --model mistral-arch-small --device cpu   # the --gpu code path, tiny, CPU

Both sides get identical rows: `--seq` tokens cut from the built-in corpus's token stream (random token ids for
the random-weight Mistral architectures), labels -100 on prompt tokens, no padding, so both do the same
forward/backward work per token and differ only in how the step is implemented. Ours: `codegen_rlhf.engine`
(DeepSpeed) + `sft.completion_loss_sum` (logits only where a label exists, chunked fp32 cross-entropy). TRL:
SFTTrainer (plain PyTorch on CPU, DeepSpeed with the same ds config on GPU). Each side runs in its own
subprocess so peak memory is its own: max RSS on CPU, torch.cuda.max_memory_allocated on GPU. Tokens/s count
every input token of the steps after `--warmup`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the CLI does (see codegen_rlhf/cli.py: main)

# after the two lines above: the project from this checkout, and OpenMP's policy set before torch loads it
import torch  # noqa: E402
from transformers import MistralConfig, MistralForCausalLM, TrainerCallback  # noqa: E402

from codegen_rlhf import engine  # noqa: E402
from codegen_rlhf.config import LoraConfig, load_config  # noqa: E402
from codegen_rlhf.data import sft_pairs  # noqa: E402
from codegen_rlhf.models import RANDOM_ARCHS as MODEL_ARCHS  # noqa: E402
from codegen_rlhf.models import apply_lora, load_causal_lm, tiny_tokenizer  # noqa: E402
from codegen_rlhf.sft import completion_loss_sum  # noqa: E402

MISTRAL_7B = dict(MODEL_ARCHS["mistral-7b-random"].config, tie_word_embeddings=False)
MISTRAL_SMALL = dict(MISTRAL_7B, hidden_size=256, intermediate_size=896, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2)
RANDOM_ARCHS = {"mistral-7b-arch": MISTRAL_7B, "mistral-arch-small": MISTRAL_SMALL}
PROMPT_FRACTION = 0.25  # random-token rows: the first quarter of every 512 tokens is "prompt" (no loss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="tiny-random, smollm2-135m, mistral-7b-arch, mistral-arch-small")
    parser.add_argument("--gpu", action="store_true", help="the GPU setting (see above)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda with --gpu)")
    parser.add_argument("--seq", type=int, default=None)
    parser.add_argument("--micro", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None, help="measured steps")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--lora", type=int, default=None, help="LoRA rank (0: full fine-tuning)")
    parser.add_argument("--worker", choices=["ours", "trl"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    settings = resolve_settings(args)
    if args.worker:
        result = run_ours(settings) if args.worker == "ours" else run_trl(settings)
        print("RESULT " + json.dumps(result), flush=True)
        return
    print("settings: " + ", ".join(f"{k}={v}" for k, v in settings.items()), flush=True)
    results = {side: spawn(side, sys.argv[1:]) for side in ("trl", "ours")}
    for side in ("trl", "ours"):
        r = results[side]
        print(f"{side:>4}: {r['tokens_per_s']:>10,.0f} tok/s   peak {r['peak_mb']:>8,.0f} MB   "
              f"({r['tokens']} tokens in {r['seconds']:.1f} s, mean loss {r['loss']:.3f})")
    ratio = results["ours"]["tokens_per_s"] / results["trl"]["tokens_per_s"]
    memory = results["ours"]["peak_mb"] / results["trl"]["peak_mb"]
    print(f"ours / TRL: {ratio:.2f}x tokens/s, {memory:.2f}x peak memory")


def resolve_settings(args) -> dict:
    gpu = args.gpu
    model = args.model or ("mistral-7b-arch" if gpu else "tiny-random")
    default_lora = 16 if gpu or model != "tiny-random" else 0
    return {
        "model": model,
        "device": args.device or ("cuda" if gpu else "cpu"),
        "seq": args.seq or (2048 if gpu else (256 if model == "tiny-random" else 128)),
        "micro": args.micro or (4 if gpu else 2),
        "steps": args.steps or (10 if gpu else (100 if model == "tiny-random" else 6)),
        "warmup": args.warmup,
        "lora": default_lora if args.lora is None else args.lora,
        "bf16": gpu,
        "grad_ckpt": gpu,
        "ds_config": "zero2" if gpu else "zero0",
    }


def spawn(side: str, argv: list[str]) -> dict:
    with socket.socket() as s:  # a one-process "world" for both DeepSpeed users (ours, and TRL on GPU)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, RANK="0", LOCAL_RANK="0", WORLD_SIZE="1", MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    proc = subprocess.run([sys.executable, __file__, *argv, "--worker", side], env=env, capture_output=True,
                          text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.exit(f"{side} worker failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(lines[-1][len("RESULT "):])


# ---------------------------------------------------------------------------------------------- shared set-up


def build_model(settings: dict):
    """(model, tokenizer): a bundled/tiny model through codegen_rlhf.models, or a random Mistral architecture."""
    dtype = torch.bfloat16 if settings["bf16"] else torch.float32
    if settings["model"] in RANDOM_ARCHS:
        tokenizer = tiny_tokenizer()
        config = MistralConfig(**RANDOM_ARCHS[settings["model"]], pad_token_id=tokenizer.pad_token_id)
        torch.manual_seed(0)
        previous = torch.get_default_dtype()
        torch.set_default_dtype(dtype)
        with torch.device(settings["device"]):
            model = MistralForCausalLM(config)
        torch.set_default_dtype(previous)
    else:
        model, tokenizer = load_causal_lm(settings["model"], "bfloat16" if settings["bf16"] else "float32")
    model.config.use_cache = False
    if settings["grad_ckpt"]:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    return model, tokenizer


def lora_config(settings: dict):
    return LoraConfig(enabled=settings["lora"] > 0, r=max(1, settings["lora"]), alpha=2 * max(1, settings["lora"]),
                      dropout=0.0)


def build_rows(settings: dict, tokenizer, vocab_size: int) -> list[dict]:
    """Fixed-length rows, identical for both sides: the corpus token stream (or random ids) cut every `seq`."""
    n_rows = settings["micro"] * (settings["steps"] + settings["warmup"])
    seq = settings["seq"]
    if settings["model"] in RANDOM_ARCHS:
        rng = random.Random(0)
        rows = []
        for _ in range(n_rows):
            ids = [rng.randrange(3, vocab_size) for _ in range(seq)]
            labels = [(-100 if (i % 512) < 512 * PROMPT_FRACTION else t) for i, t in enumerate(ids)]
            rows.append({"input_ids": ids, "labels": labels})
        return rows
    cfg = load_config("quick-cpu", ["sft.max_seq_len=4096", "sft.eval_fraction=0"])
    data = sft_pairs.build(cfg.sft, tokenizer, "auto", seed=0)
    ids = [t for row in data.train for t in row["input_ids"]]
    labels = [t for row in data.train for t in row["labels"]]
    windows = [{"input_ids": ids[i : i + seq], "labels": labels[i : i + seq]}
               for i in range(0, len(ids) - seq + 1, seq)]
    rows = [w for w in windows if any(t != -100 for t in w["labels"][1:])]  # a window of prompt only has no loss
    if len(rows) < n_rows:
        raise SystemExit(f"the corpus gives {len(rows)} rows of {seq} tokens; {n_rows} needed")
    return rows[:n_rows]


def peak_mb(settings: dict) -> float:
    if settings["device"] == "cuda":
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------- the two sides


def run_ours(settings: dict) -> dict:
    model, tokenizer = build_model(settings)
    rows = build_rows(settings, tokenizer, model.config.vocab_size)
    model = apply_lora(model, lora_config(settings))
    model.train()
    cfg = load_config("tiny", [f"deepspeed.config={settings['ds_config']}",
                               f"deepspeed.bf16={'true' if settings['bf16'] else 'false'}",
                               f"sft.optim.micro_batch_size={settings['micro']}", "sft.optim.learning_rate=1e-4",
                               "sft.optim.max_steps=1000000"])  # a cosine this long is TRL's constant LR here
    eng = engine.build_engine(model, cfg.deepspeed, cfg.sft.optim)
    micro, started, losses = settings["micro"], None, []
    for step in range(settings["steps"] + settings["warmup"]):
        if step == settings["warmup"]:
            _sync(settings)
            started = time.perf_counter()
        chunk = rows[step * micro : (step + 1) * micro]
        batch = {"input_ids": torch.tensor([r["input_ids"] for r in chunk]),
                 "labels": torch.tensor([r["labels"] for r in chunk])}
        summed, n = completion_loss_sum(eng, batch)
        eng.backward(summed / max(n, 1))
        eng.step()
        losses.append(float(summed) / max(n, 1))
    _sync(settings)
    seconds = time.perf_counter() - started
    tokens = settings["steps"] * micro * settings["seq"]
    return {"tokens_per_s": tokens / seconds, "tokens": tokens, "seconds": seconds, "peak_mb": peak_mb(settings),
            "loss": sum(losses) / len(losses)}


def run_trl(settings: dict) -> dict:
    import datasets  # noqa: PLC0415 (trl + datasets: +86 MB peak RSS; our worker's peak must not include them)
    from trl import SFTConfig, SFTTrainer  # noqa: PLC0415 (trl + datasets: +86 MB peak RSS; our worker's peak must not include them)

    model, tokenizer = build_model(settings)
    rows = build_rows(settings, tokenizer, model.config.vocab_size)
    model = apply_lora(model, lora_config(settings))  # the same PEFT wrapping as ours
    timer = _step_timer(settings)
    args = SFTConfig(
        output_dir=str(Path("/tmp") / f"trl-bench-{os.getpid()}"), max_steps=settings["steps"] + settings["warmup"],
        per_device_train_batch_size=settings["micro"], gradient_accumulation_steps=1, learning_rate=1e-4,
        lr_scheduler_type="constant", max_length=settings["seq"], packing=False, bf16=settings["bf16"],
        train_sampling_strategy="sequential",  # the same batches in the same order as ours
        gradient_checkpointing=False,  # already enabled on the model, identically to ours
        logging_steps=1, save_strategy="no", report_to="none", dataloader_num_workers=0, seed=0,
        use_cpu=settings["device"] == "cpu", disable_tqdm=True,
        deepspeed=str(engine.ds_config_path(settings["ds_config"])) if settings["device"] == "cuda" else None,
    )
    trainer = SFTTrainer(model=model, args=args, train_dataset=datasets.Dataset.from_list(rows),
                         processing_class=tokenizer, callbacks=[timer])
    trainer.train()
    tokens = settings["steps"] * settings["micro"] * settings["seq"]
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    return {"tokens_per_s": tokens / timer.seconds, "tokens": tokens, "seconds": timer.seconds,
            "peak_mb": peak_mb(settings), "loss": sum(losses) / len(losses)}


def _step_timer(settings: dict):
    """A TrainerCallback timing the steps after warm-up."""
    class StepTimer(TrainerCallback):
        started, seconds = None, 0.0

        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == settings["warmup"]:
                _sync(settings)
                self.started = time.perf_counter()
            elif state.global_step == settings["warmup"] + settings["steps"]:
                _sync(settings)
                self.seconds = time.perf_counter() - self.started

    return StepTimer()


def _sync(settings: dict) -> None:
    if settings["device"] == "cuda":
        torch.cuda.synchronize()


if __name__ == "__main__":
    main()
