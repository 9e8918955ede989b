"""The whole Mistral-7B on a CPU: one LoRA SFT step under ZeRO-3 offload, the adapter saved, 16 greedy tokens.

    python bench/mistral7b_cpu.py               # the 32-layer model: needs most of the 24 GB reference VM, alone
    python bench/mistral7b_cpu.py --layers 2    # a quick check of this script itself (~0.7B parameters)

The model is `mistral-7b-random` (Mistral-7B-v0.3's exact configuration, random weights, the real tokenizer)
with the mistral7b-lora preset's LoRA (r16 on every linear layer), bf16 (fp32 where the CPU has no bf16),
gradient checkpointing, one 256-token sequence, DeepSpeed with `--ds-config` (default zero3_offload: optimizer and
parameters offloaded to CPU), all through the project's own modules (models, engine, generation). After each phase
it prints the time, the process's resident memory and its peak so far, and a JSON line with all of them at the end.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the CLI does (see codegen_rlhf/cli.py: main)

# after the two lines above: the project from this checkout, and OpenMP's policy set before torch loads it
import torch  # noqa: E402

from codegen_rlhf import engine  # noqa: E402
from codegen_rlhf.config import load_config  # noqa: E402
from codegen_rlhf.data.problems import load_problems  # noqa: E402
from codegen_rlhf.generation import Generator  # noqa: E402
from codegen_rlhf.models import apply_lora, load_causal_lm  # noqa: E402

GIB = 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=32, help="decoder layers of mistral-7b-random (default: all 32)")
    parser.add_argument("--seq", type=int, default=256, help="tokens in the training sequence")
    parser.add_argument("--new-tokens", type=int, default=16, help="greedy tokens generated")
    parser.add_argument("--ds-config", default="zero3_offload", help="a ds_configs/ name or a JSON path")
    parser.add_argument("--out", default="runs/bench-mistral7b-cpu", help="where the adapter is saved")
    args = parser.parse_args()
    bf16 = torch.ops.mkldnn._is_mkldnn_bf16_supported()
    spec = "mistral-7b-random" if args.layers == 32 else f"mistral-7b-random:layers={args.layers}"
    cfg = load_config("mistral7b-lora", [f"model.name={spec}", f"deepspeed.config={args.ds_config}",
                                         f"deepspeed.bf16={str(bf16).lower()}", "sft.optim.micro_batch_size=1",
                                         "sft.optim.gradient_accumulation_steps=1", "sft.optim.warmup_steps=0"])
    phases: list[dict] = []
    clock = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        row = {"phase": name, "seconds": round(now - clock[0], 1), "rss_gib": round(_rss() / GIB, 2),
               "peak_rss_gib": round(_peak_rss() / GIB, 2)}
        phases.append(row)
        print(f"{name:<10} {row['seconds']:>7.1f} s   RSS {row['rss_gib']:6.2f} GiB   peak {row['peak_rss_gib']:6.2f} GiB",
              flush=True)
        clock[0] = now

    print(f"{spec}, LoRA r{cfg.model.lora.r}, {'bf16' if bf16 else 'fp32'}, seq {args.seq}, {args.ds_config}, "
          f"{torch.get_num_threads()} threads", flush=True)
    model, tokenizer = load_causal_lm(spec, dtype="bfloat16" if bf16 else "float32")
    model.config.use_cache = False
    phase("build")

    model = apply_lora(model, cfg.model.lora)
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.enable_input_require_grads()
    model.train()
    eng = engine.build_engine(model, cfg.deepspeed, cfg.sft.optim)
    phase("engine")

    code = "\n".join(p["prompt"] + p["canonical_solution"] for p in load_problems("humaneval").values())
    ids = tokenizer(code, return_tensors="pt").input_ids[:, : args.seq].to(engine.device())
    loss = eng(input_ids=ids, labels=ids).loss
    eng.backward(loss)
    eng.step()
    phase("step")

    engine.save_model(eng, args.out, tokenizer=tokenizer)
    phase("save")

    prompt = list(load_problems("humaneval").values())[0]["prompt"]
    generator = Generator(engine.unwrap(eng).eval(), tokenizer, prompt_format="raw")
    (sample,) = generator.generate([prompt], max_new_tokens=args.new_tokens, progress=False)[0]
    phase("generate")

    saved = sorted(p.name for p in Path(args.out).iterdir())
    print(json.dumps({"spec": spec, "seq": args.seq, "ds_config": args.ds_config, "bf16": bf16,
                      "loss": round(loss.item(), 4), "generated_tokens": len(sample.response_ids),
                      "saved": saved, "phases": phases}))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    main()
