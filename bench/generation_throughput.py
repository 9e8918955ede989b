"""Generation throughput: our engine (codegen_rlhf.generation, backend "loop") against HF `generate` in one run.

CPU mode (default): SmolLM2-135M-Instruct (the embedded model, fp32), greedy, the first N HumanEval prompts in
the model's prompt format (chat), batch 8, 256 new tokens. The reference is HF `generate` with its default
dynamic cache on batches of 8, its output cut afterwards by the same stop rule; both produce the same
completions (checked: the greedy outputs must be identical token for token up to the stop point).

    python bench/generation_throughput.py --problems 16 [--threads 2] [--repeats 2] [--backend loop|static]

The engines take turns (ours, HF, ours, HF, ...) and the ratio is that of their summed times: on a shared VM the
speed of the machine drifts by 10-20% over minutes, and alternating spreads the drift over both.

GPU mode: Mistral-7B architecture with random bf16 weights, batch 64, 128 random prompt tokens, 256 new
tokens: our "loop" and "static" (compiled, CUDA graphs) backends against HF `generate` with the dynamic cache
and with the static cache + torch.compile.

    python bench/generation_throughput.py --gpu

Numbers depend on the machine and on what else runs on it: compare only the ratio printed by one run.
"""

from __future__ import annotations

import argparse
import os
import time

import torch

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.generation import Generator
from codegen_rlhf.models import load_causal_lm


def cpu_mode(args) -> None:
    if args.threads:
        torch.set_num_threads(args.threads)
    model, tokenizer = load_causal_lm("smollm2-135m", dtype="float32")
    prompts = [p["prompt"] for p in list(load_problems("humaneval").values())[: args.problems]]
    settings = dict(max_new_tokens=args.max_new_tokens, batch_size=args.batch_size, progress=False)
    print(f"SmolLM2-135M fp32, {len(prompts)} HumanEval prompts, greedy, batch {args.batch_size}, "
          f"{args.max_new_tokens} new tokens, {torch.get_num_threads()} threads, ours: {args.backend} backend, "
          f"load {os.getloadavg()[0]:.1f}")
    ours = Generator(model, tokenizer, backend=args.backend)
    engines = {"ours": ours, "hf": Generator(model, tokenizer, backend="hf")}
    if args.backend == "static":  # compile outside the timed runs, for the shapes they use (the longest prompts)
        started = time.perf_counter()
        ours.generate(sorted(prompts, key=lambda p: len(ours.encode(p)))[-args.batch_size:], **settings)
        print(f"  compiling the static step (a warm-up run): {time.perf_counter() - started:.1f} s")

    runs = {}
    for repeat in range(args.repeats):
        for name in ("ours", "hf") if not args.hf_first else ("hf", "ours"):
            generator = engines[name]
            started, cpu_started = time.perf_counter(), time.process_time()
            samples = generator.generate(prompts, **settings)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            print(f"  run {repeat + 1} {name}: {seconds:.1f} s", flush=True)
            if name in runs:
                previous = runs[name]
                assert [s[0].response_ids.tolist() for s in samples] == \
                    [s[0].response_ids.tolist() for s in previous[2]], f"{name}: greedy outputs changed between runs"
                seconds, cpu = seconds + previous[0], cpu + previous[1]
            runs[name] = (seconds, cpu, samples, generator.stats)
    report(runs, len(prompts), args.repeats)


def gpu_mode(args) -> None:
    if not torch.cuda.is_available():
        raise SystemExit("--gpu needs a CUDA device")
    # the tokenizer decodes only for the stop check; random ids outside its vocabulary decode to ""
    model, tokenizer = load_causal_lm("mistral-7b-random", "bfloat16")
    model.eval()
    batch = args.gpu_batch
    torch.manual_seed(0)
    prompts = torch.randint(300, model.config.vocab_size, (batch, 128)).tolist()
    settings = dict(max_new_tokens=256, batch_size=batch, progress=False)
    print(f"Mistral-7B architecture, random bf16 weights, batch {batch}, 128 prompt + 256 new tokens, "
          f"{torch.cuda.get_device_name()}")

    def hf(cache_implementation: str | None):
        ids = torch.tensor(prompts, device="cuda")
        extra = {"cache_implementation": cache_implementation} if cache_implementation else {}
        out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=256,
                             min_new_tokens=256, do_sample=False, pad_token_id=0, **extra)
        return out[:, ids.shape[1]:]

    runs = {}
    ours, static = (Generator(model, tokenizer, prompt_format="raw", backend=b) for b in ("loop", "static"))
    for generator in (ours, static):
        generator._eos_ids = set()  # random weights: every row runs the full 256 tokens, as in the HF runs
    ours.generate(prompts[:8], max_new_tokens=8, batch_size=8, progress=False)  # warm-up
    for name, fn in (("ours", lambda: ours.generate(prompts, **settings)),
                     ("ours-static-compiled", lambda: static.generate(prompts, **settings)),
                     ("hf", lambda: hf(None)), ("hf-static-compiled", lambda: hf("static"))):
        if name.endswith("static-compiled"):
            fn()  # compile + CUDA graph capture happen on the first call
        torch.cuda.synchronize()
        started = time.perf_counter()
        result = fn()
        torch.cuda.synchronize()
        runs[name] = time.perf_counter() - started, result
    tokens = batch * 256
    for name, (seconds, _) in runs.items():
        print(f"{name:>20}: {seconds:7.2f} s  {tokens / seconds:9,.0f} tok/s  {seconds / 256 * 1e3:6.1f} ms/step")
    for name in ("ours", "ours-static-compiled"):
        ids = [s[0].response_ids.tolist() for s in runs[name][1]]
        same = sum(a == b for a, b in zip(ids, runs["hf"][1].tolist()))
        print(f"{name}: identical greedy outputs vs HF {same}/{batch}; "
              f"{runs['hf'][0] / runs[name][0]:.2f}x hf, {runs['hf-static-compiled'][0] / runs[name][0]:.2f}x "
              "hf-static-compiled")


def report(runs: dict, problems: int, repeats: int) -> None:
    """Wall and CPU seconds summed over the repeats; per problem and per token figures are per run."""
    for name, (seconds, cpu, _, stats) in runs.items():
        runs_done = problems * repeats
        print(f"{name:>5}: wall {seconds:7.1f} s ({seconds / runs_done:5.2f} s/problem), cpu {cpu:7.1f} s "
              f"({cpu / runs_done:5.2f} s/problem), {stats.new_tokens * repeats / seconds:7.1f} useful tok/s "
              f"({stats.new_tokens} tokens up to the stop points per run)")
    ours, hf = runs["ours"][2], runs["hf"][2]
    differ = [i for i, (a, b) in enumerate(zip(ours, hf)) if a[0].response_ids.tolist() != b[0].response_ids.tolist()]
    same_text = sum(a[0].completion == b[0].completion for a, b in zip(ours, hf))
    print(f"identical greedy outputs: {len(ours) - len(differ)}/{len(ours)} token ids, {same_text}/{len(ours)} "
          "completions" + (f" (prompts that differ: {differ})" if differ else ""))
    print(f"speed-up ours vs HF generate: wall {runs['hf'][0] / runs['ours'][0]:.2f}x, "
          f"cpu {runs['hf'][1] / runs['ours'][1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpu", action="store_true", help="Mistral-7B architecture on a CUDA device")
    parser.add_argument("--problems", type=int, default=16, help="CPU mode: HumanEval prompts")
    parser.add_argument("--backend", choices=("loop", "static"), default="loop", help="CPU mode: our backend")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=0, help="CPU mode: torch threads (default: torch's)")
    parser.add_argument("--hf-first", action="store_true", help="run the reference first (check order effects)")
    parser.add_argument("--repeats", type=int, default=2, help="CPU mode: runs of each engine, taking turns")
    parser.add_argument("--gpu-batch", type=int, default=64)
    args = parser.parse_args()
    gpu_mode(args) if args.gpu else cpu_mode(args)


if __name__ == "__main__":
    main()
