"""The trusted runner: one process per worker that owns a zygote and runs the tests of each sample.

`python -m codegen_rlhf.sandbox.runner --pool-fd A --zygote-fd B` is started by the pool (pool.py). It relays
the zygote's hello, then answers each {"op": "run", problem, completion, timeout_s} from the pool with a
result (harness.run_sample). Being a separate process keeps test execution parallel across workers and keeps
a misbehaving test from taking the pool down. If the zygote stops answering it replies "lost" and exits; the
pool then restarts the worker.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import traceback

from codegen_rlhf.sandbox.channel import Channel, ChannelClosed
from codegen_rlhf.sandbox.harness import Limits, ZygoteLost, prepare_tests, run_sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool-fd", type=int, required=True)
    parser.add_argument("--zygote-fd", type=int, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    args = parser.parse_args()
    pool, zygote = Channel.from_fd(args.pool_fd), Channel.from_fd(args.zygote_fd)
    limits = Limits(memory_mb=args.memory_mb)
    try:
        pool.send(zygote.recv(deadline=None))  # the hello: which mechanisms are in force
    except ChannelClosed:
        pool.send({"op": "lost", "detail": "the sandbox worker exited during startup"})
        return
    prepared: dict[str, object] = {}
    while True:
        try:
            job = pool.recv()
        except ChannelClosed:
            break
        if job.get("op") != "run":
            break
        problem = job["problem"]
        key = hashlib.sha1(json.dumps([problem["task_id"], problem["prompt"], problem.get("test"),
                                       problem.get("tests")]).encode()).hexdigest()
        try:
            if key not in prepared:
                prepared[key] = prepare_tests(problem)
            result = run_sample(zygote, problem, prepared[key], job["completion"], job["timeout_s"], limits)
        except ZygoteLost as e:
            pool.send({"op": "lost", "detail": str(e)})
            break
        except SyntaxError as e:
            result = {"passed": False, "status": "error", "tests_passed": 0, "tests_total": 0,
                      "duration_ms": 0.0, "detail": f"the problem's test code does not compile: {e}"}
        except Exception:
            pool.send({"op": "lost", "detail": "runner failure: " + traceback.format_exc(limit=3)[-800:]})
            break
        pool.send({"op": "result", **result})
    try:
        zygote.send({"op": "exit"})
    except (ChannelClosed, OSError):
        pass


if __name__ == "__main__":
    main()
