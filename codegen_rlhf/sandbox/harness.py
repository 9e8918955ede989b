"""The trusted side of one sample: run the problem's tests here and call the candidate through a proxy.

The verdict is decided only in this (trusted) process. The program `prompt + completion` runs in a confined
child of the zygote; the tests run here, in a fresh namespace built from the problem's own `prompt` and `test`
code, where `candidate` (and the entry point's name) is a proxy that sends the arguments across a socket and
gets back plain data (codec.py). So the sample cannot exit with 0, forge `__eq__`, walk frames into the
harness, patch the test's builtins or redefine `check`: none of that exists in its process.

Test counting: each top-level statement of `check`'s body that asserts something about the candidate is one
test, run separately (a failure does not hide the following tests); structured `tests` entries count one
each. A `check` that cannot be split (it returns early, declares globals) runs whole as one test.

Not covered: tests that inspect the candidate object itself (its attributes, identity) or rely on the
candidate mutating its arguments see a proxy; the tests' own code is trusted, it is the problem author's.
"""

from __future__ import annotations

import ast
import builtins
import json
import math
import socket
import time
from collections import deque
from dataclasses import dataclass, field

from codegen_rlhf.sandbox.channel import Channel, ChannelClosed, ChannelTimeout
from codegen_rlhf.sandbox.codec import SAMPLE_MESSAGE_CAP, CodecError, from_wire, to_wire
from codegen_rlhf.text import printable

# Worst first: the status of a sample is the worst outcome among its tests.
SEVERITY = ("syntax_error", "timeout", "memory", "killed", "error", "failed", "passed")
DETAIL_CAP = 2000
DEFAULT_FLOAT_TOLERANCE = 1e-6  # relative (absolute near zero), for structured tests expecting a float
FINISH_GRACE_S = 0.5  # for a sample told to finish to exit by itself before it is killed


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 1024
    file_mb: int = 16
    tmp_mb: int = 32
    open_files: int = 64
    processes: int = 32  # threads count against this; processes cannot be created at all under seccomp

    def for_job(self, timeout_s: float) -> dict:
        return {"cpu_s": max(1, math.ceil(timeout_s) + 1), "memory_mb": self.memory_mb,
                "file_mb": self.file_mb, "open_files": self.open_files, "processes": self.processes}


class SampleAborted(BaseException):
    """The sample process is gone (timeout, memory, crash): stop testing. BaseException so that a test's
    `except Exception` cannot swallow it."""

    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


class ZygoteLost(RuntimeError):
    """The worker itself stopped answering; the pool restarts it."""


@dataclass
class _Outcome:
    statuses: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    tests_passed: int = 0
    tests_total: int = 0

    def record(self, status: str, detail: str = "", counted: bool = True) -> None:
        self.tests_passed += counted and status == "passed"
        if status != "passed":
            self.statuses.append(status)
            if detail:
                self.details.append(detail)

    def status(self) -> str:
        return min(self.statuses, key=SEVERITY.index) if self.statuses else "passed"


# ---- test preparation (trusted code from the problem file; cached per task) --------------------------------

@dataclass
class PreparedTests:
    prompt_code: object | None  # the prompt's helpers (e.g. HumanEval's `poly`) for the tests to use
    test_code: object  # the test module (defines check, imports, METADATA)
    check_param: str | None  # name of check's parameter ("candidate"); None if there is no check
    units: list[tuple[object, bool, str]]  # (code, counted, first source line) per statement of check's body
    whole_check: bool  # True: call check(candidate) as one test
    known_calls: list[list] = field(default_factory=list)  # arguments of check's calls known before it runs
    only_known_calls: bool = True  # check calls the candidate exactly as `known_calls` say, and no more

    def count(self, problem: dict) -> int:
        in_check = 1 if self.whole_check else sum(counted for _, counted, _ in self.units)
        return in_check + len(problem.get("tests") or [])


def prepare_tests(problem: dict) -> PreparedTests:
    prompt_code = None
    for body in ("", "    pass\n"):  # a prompt may end with a bare `def f(x):` line
        try:
            prompt_code = compile(problem["prompt"] + body, f"<prompt {problem['task_id']}>", "exec")
            break
        except SyntaxError:
            pass
    filename = f"<test {problem['task_id']}>"
    tree = ast.parse(problem.get("test") or "", filename)
    check = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"), None)
    test_code = compile(tree, filename, "exec")
    if check is None:
        return PreparedTests(prompt_code, test_code, None, [], False)
    param = check.args.args[0].arg if check.args.args else "candidate"
    names = {param, problem["entry_point"]}
    lines = (problem.get("test") or "").splitlines()
    structured = {_json_key([case.get("args", []), case.get("expected")]) for case in problem.get("tests") or []}
    units, known_calls, only_known_calls = [], [], True
    for statement in check.body:
        splittable, counted = _scan(statement, names)
        case = _literal_case(statement, names)
        if counted and case is not None and _json_key(case) in structured:
            continue  # the same case is also a structured test, which compares exactly: run and count it once
        if only_known_calls and case is not None:
            known_calls.append(case[0])
        elif _mentions(statement, names):
            only_known_calls = False  # a call whose arguments show only as check runs (or a helper that calls)
        try:
            code = compile(ast.Module([statement], type_ignores=[]), filename, "exec") if splittable else None
        except SyntaxError:
            code = None
        if code is None:  # it returns from check, yields, declares globals or does not compile alone
            return PreparedTests(prompt_code, test_code, param, [], True, [], False)
        units.append((code, counted, lines[statement.lineno - 1].strip()[:160]))
    return PreparedTests(prompt_code, test_code, param, units, False, known_calls, only_known_calls)


def _literal_case(statement: ast.stmt, names: set[str]) -> tuple[list, object] | None:
    """(arguments, expected) of `assert candidate(<literals>) == <literal>` or of `assert helper(candidate(
    <literals>), <literal>, ...)` (a comparison with a tolerance); None for any other statement."""
    test = statement.test if isinstance(statement, ast.Assert) else None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        call, expected = test.left, test.comparators[0]
    elif isinstance(test, ast.Call) and len(test.args) >= 2:
        call, expected = test.args[0], test.args[1]
    else:
        return None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in names
            and not call.keywords):
        return None
    try:
        return [ast.literal_eval(arg) for arg in call.args], ast.literal_eval(expected)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _json_key(value) -> str | None:
    """A value's JSON text (tuples as lists), which tells 1, 1.0 and True apart; None if it has none."""
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return None


_LEAVES_CHECK = (ast.Return, ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await)
_NEW_SCOPE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _scan(statement: ast.stmt, names: set[str]) -> tuple[bool, bool]:
    """(splittable, counted) in one walk: a statement cannot run on its own if it returns from, yields in or
    declares globals of check's own scope; it counts as a test if it asserts and names the candidate."""
    splittable, asserts, mentions = True, False, False
    stack = [(statement, True)]
    while stack:
        node, own_scope = stack.pop()
        if own_scope and isinstance(node, _LEAVES_CHECK):
            splittable = False
        asserts = asserts or isinstance(node, ast.Assert)
        mentions = mentions or (isinstance(node, ast.Name) and node.id in names)
        inner = own_scope and not isinstance(node, _NEW_SCOPE)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return splittable, asserts and mentions


# ---- running one sample ------------------------------------------------------------------------------------

class Proxy:
    """Stands in for the candidate in the test namespace: each call is a round trip to the sample, except calls
    whose arguments are known before the tests run (`announce`): the sample is sent all of them at once and
    answers each as it finishes it, so it computes while the tests judge, and half the messages go. The calls
    happen in the order and number the tests make them; only their timing changes."""

    def __init__(self, channel: Channel, deadline: float):
        self.channel, self.deadline = channel, deadline
        self.announced: deque[str] = deque()  # the wire form of each announced call's arguments, in order

    def announce(self, calls: list[list]) -> None:
        try:
            wire = [to_wire(list(args)) for args in calls]
        except CodecError:
            return  # the tests will fail on that argument when they send it; nothing to announce
        if wire:
            self.channel.send({"op": "calls", "calls": wire})
            self.announced.extend(json.dumps(args) for args in wire)

    def __call__(self, *args, **kwargs):
        try:
            message = {"op": "call", "args": to_wire(list(args))}
            if kwargs:
                message["kwargs"] = to_wire(kwargs)
        except CodecError as e:
            raise SampleAborted("error", f"test passes an argument the sandbox cannot send: {e}") from None
        if self.announced and not kwargs and self.announced[0] == json.dumps(message["args"]):
            self.announced.popleft()  # its answer is on the way
        else:
            while self.announced:  # the tests went another way: the answers still to come are not theirs
                self.announced.popleft()
                _receive(self.channel, self.deadline)
            self.channel.send(message)
        reply = _receive(self.channel, self.deadline)
        if reply.get("op") == "return":
            try:
                return from_wire(reply.get("value"), self.deadline)
            except CodecError as e:
                if time.monotonic() > self.deadline:
                    raise SampleAborted("timeout", "time limit exceeded while decoding its value") from None
                raise CandidateUnsupported(f"returned a value the sandbox cannot decode: {e}") from None
        if reply.get("op") == "unsupported":
            raise CandidateUnsupported(f"returned {str(reply.get('message'))[:200]}")
        if reply.get("op") == "raise":
            raise _rebuild_exception(reply)
        raise SampleAborted("killed", "sample broke the protocol")


class CandidateUnsupported(Exception):
    """The candidate returned something that is not plain data (counts as a failed test)."""


def _rebuild_exception(reply: dict) -> BaseException:
    """The candidate's exception as the same builtin type when there is one, so tests that expect e.g. a
    ValueError still work; marked so that an uncaught one is reported as a runtime error."""
    name, message = str(reply.get("type")), str(reply.get("message"))
    kind = getattr(builtins, name, None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)) or kind is StopIteration:
        kind = RuntimeError
    try:
        error = kind(message)
    except Exception:
        error = RuntimeError(message)
    error.candidate_error = f"{name}: {message}" + (f" (line {reply['line']})" if reply.get("line") else "")
    return error


def _receive(channel: Channel, deadline: float) -> dict:
    try:
        return channel.recv(deadline, max_size=SAMPLE_MESSAGE_CAP)
    except ChannelTimeout:
        raise SampleAborted("timeout", "time limit exceeded") from None
    except ChannelClosed:
        raise SampleAborted("killed", "sample process exited") from None
    except CodecError as e:
        raise SampleAborted("killed", f"sample sent a malformed message: {e}") from None


def run_sample(zygote: Channel, problem: dict, tests: PreparedTests, completion: str, timeout_s: float,
               limits: Limits) -> dict:
    """Run one sample; returns the fields of SandboxResult (except task_id)."""
    started = time.monotonic()
    deadline = started + timeout_s
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    sample = Channel(ours)
    outcome = _Outcome(tests_total=tests.count(problem))
    output, finished = {}, False
    try:
        job = {"op": "run", "source": problem["prompt"] + completion, "entry_point": problem["entry_point"],
               "limits": limits.for_job(timeout_s), "tmp_mb": limits.tmp_mb}
        try:
            zygote.send(job, fds=(theirs.fileno(),))
        except (ChannelClosed, OSError) as e:
            raise ZygoteLost(f"worker unreachable: {e}") from None
        theirs.close()
        try:
            first = _receive(sample, deadline)
            op = first.get("op")
            if op == "ready":
                _run_tests(sample, problem, tests, deadline, outcome)
            elif op == "syntax_error":
                outcome.record("syntax_error", _format_error(first), counted=False)
            elif op == "error":
                status = "memory" if first.get("type") == "MemoryError" else "error"
                outcome.record(status, _format_error(first), counted=False)
            else:
                outcome.record("killed", "sample broke the protocol", counted=False)
            try:
                want_output = bool(outcome.statuses)  # printed output only helps to explain a failure
                sample.send({"op": "finish", "output": want_output})
                finished = True
                if want_output:
                    output = _receive(sample, min(deadline, time.monotonic() + 0.5))
            except (SampleAborted, ChannelClosed):
                pass
        except SampleAborted as e:
            outcome.record(e.status, e.detail, counted=False)
    finally:
        sample.close()
        theirs.close()
    exit_info = _end_sample(zygote, FINISH_GRACE_S if finished else 0.0)
    _classify_death(outcome, exit_info)

    status = outcome.status()
    if tests.whole_check is False and not tests.units and not problem.get("tests") and status == "passed":
        outcome.record("error", "problem has no tests", counted=False)
        status = outcome.status()
    detail = "; ".join(dict.fromkeys(outcome.details))
    for stream in ("stdout", "stderr"):
        text = output.get(stream) if output.get("op") == "output" else None
        if text and status != "passed":
            detail += f"\n[{stream}] {str(text)[-500:]}"
    return {"passed": status == "passed", "status": status, "tests_passed": outcome.tests_passed,
            "tests_total": outcome.tests_total, "duration_ms": round((time.monotonic() - started) * 1000, 2),
            "detail": printable(detail[:DETAIL_CAP])[:DETAIL_CAP]}  # printable only lengthens text


def _end_sample(zygote: Channel, grace_s: float) -> dict:
    """Make sure the sample process is gone and learn how it ended. A sample told to finish gets `grace_s` to
    exit by itself (the common path then needs no kill message); otherwise, or after that, the zygote kills
    it. Either way the zygote reports only once everything of the sample is gone."""
    try:
        exited = _exited(zygote, time.monotonic() + grace_s) if grace_s else None
        if exited is None:
            zygote.send({"op": "kill"})
            exited = _exited(zygote, time.monotonic() + 5.0)
    except (ChannelClosed, CodecError, OSError) as e:
        raise ZygoteLost(f"worker stopped answering: {type(e).__name__}") from None
    if exited is None:
        raise ZygoteLost("worker stopped answering: no exit report")
    return exited


def _exited(zygote: Channel, deadline: float) -> dict | None:
    while True:
        try:
            message = zygote.recv(deadline)
        except ChannelTimeout:
            return None
        if message.get("op") == "exited":
            return message


def _classify_death(outcome: _Outcome, exit_info: dict) -> None:
    """Refine a "killed" verdict with the signal: CPU rlimit -> timeout."""
    signal_number = exit_info.get("signal")
    if "killed" in outcome.statuses and signal_number == 24:  # SIGXCPU: the CPU-time rlimit
        outcome.statuses = ["timeout" if s == "killed" else s for s in outcome.statuses]
    if exit_info.get("detail"):
        outcome.record("killed", exit_info["detail"], counted=False)


def _run_tests(sample: Channel, problem: dict, tests: PreparedTests, deadline: float, outcome: _Outcome):
    proxy = Proxy(sample, deadline)
    namespace = {"__name__": "__test__", "__builtins__": builtins}
    if tests.prompt_code is not None:
        try:
            exec(tests.prompt_code, namespace)
        except Exception:
            pass
    try:
        exec(tests.test_code, namespace)
    except Exception as e:  # the problem's fault, not the sample's: report it, keep the worker
        outcome.record("error", f"the problem's test code raised {type(e).__name__}: {e}"[:300], counted=False)
        return
    namespace[problem["entry_point"]] = proxy
    structured = problem.get("tests") or []
    if tests.check_param is None or (not tests.whole_check and tests.only_known_calls):
        proxy.announce(tests.known_calls + [case.get("args", []) for case in structured])
    else:
        proxy.announce(tests.known_calls)  # check's other calls come after these: structured ones cannot
    if tests.check_param is not None:
        namespace[tests.check_param] = proxy
        call = f"check({tests.check_param})"
        units = [(compile(call, "<check>", "exec"), True, call)] if tests.whole_check else tests.units
        for code, counted, text in units:
            outcome.record(*_run_unit(lambda: exec(code, namespace), text, deadline), counted=counted)
    tolerance = float(problem.get("tolerance", DEFAULT_FLOAT_TOLERANCE))
    for index, case in enumerate(structured):
        outcome.record(*_run_unit(lambda: _structured_case(proxy, case, index, tolerance), f"tests[{index}]",
                                  deadline))


def _run_unit(run, text: str, deadline: float) -> tuple[str, str]:
    """One test. The trusted side's own work on the sample's values counts against the sample's limit too."""
    try:
        run()
        outcome = "passed", ""
    except SampleAborted:
        raise
    except Exception as e:
        outcome = _judge(e, text)
    if time.monotonic() > deadline:
        raise SampleAborted("timeout", "time limit exceeded (the tests' work on its values included)")
    return outcome


def _judge(e: Exception, text: str) -> tuple[str, str]:
    origin = getattr(e, "candidate_error", None)
    if origin:  # the candidate raised (even an AssertionError): a runtime error, not a failed assert
        return ("memory" if origin.startswith("MemoryError") else "error"), origin[:300]
    if isinstance(e, AssertionError):
        return "failed", f"AssertionError: {str(e) or text}"[:300]
    if isinstance(e, CandidateUnsupported):
        return "failed", str(e)
    return "failed", f"{type(e).__name__} in test: {e}"[:300]


def _structured_case(proxy: Proxy, case: dict, index: int, tolerance: float) -> None:
    actual = proxy(*case.get("args", []))
    if not _json_equal(actual, case.get("expected"), tolerance):
        raise AssertionError(f"tests[{index}]: expected {case.get('expected')!r:.100}, got {actual!r:.100}")


def _json_equal(actual, expected, tolerance: float) -> bool:
    """Equality for expectations written in JSON: tuples compare as lists; an expected int or bool must be
    exactly that (never a float near it); only an expected float allows `tolerance`, the problem's
    `tolerance` field (relative, absolute near zero; DEFAULT_FLOAT_TOLERANCE when absent)."""
    if isinstance(actual, tuple):
        actual = list(actual)
    if type(expected) is float:
        return type(actual) in (int, float) and math.isclose(actual, expected, rel_tol=tolerance, abs_tol=tolerance)
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(_json_equal(a, e, tolerance) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(_json_equal(actual[k], expected[k], tolerance)
                                                        for k in expected)
    return actual == expected


def _format_error(message: dict) -> str:
    text = f"{message.get('type')}: {message.get('message')}"
    if message.get("line"):
        text += f" (line {message['line']})"
    return text[:500]


def dead_worker_result(detail: str) -> dict:
    return {"passed": False, "status": "killed", "tests_passed": 0, "tests_total": 0, "duration_ms": 0.0,
            "detail": detail}

