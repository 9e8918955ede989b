"""Hostile programs, one property each, on every backend: each must not pass, must leave the host untouched,
and the pool must go on scoring a correct sample correctly.

Three problem shapes make "not passed" mean the right thing (see problems.py): ATTACK passes only if the
abuse worked, LEAK passes only if the secret was found, ADD passes only if the verdict hack fooled the tests.
All programs run in one batch per backend (so the slow ones overlap); each test then checks its own case.
"""

import os
import socket
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from sandbox_problems import ADD, ATTACK, GOOD_ADD, LEAK, SECRET

from codegen_rlhf.sandbox.harness import DETAIL_CAP
from sandbox_pools import open_sandbox

TIMEOUT_S = 2.0
W = "    pass\n"  # closes the prompt's `def`; each program then defines the entry point itself


def program(source: str) -> str:
    return W + textwrap.dedent(source)


CASES = {
    # ---- resources ---------------------------------------------------------------------------------------
    "busy_loop": (ADD, program("def add(a, b):\n    while True: pass\n"), "timeout"),
    "sleep": (ADD, program("import time\ndef add(a, b):\n    time.sleep(60)\n"), "timeout"),
    "busy_loop_at_import": (ADD, program("while True: pass\n"), "timeout"),
    "ignore_sigalrm": (ADD, program("""
        import signal, time
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        def add(a, b):
            while True: time.sleep(0.01)
        """), "timeout"),
    "memory_bomb_bytes": (ATTACK, program("""
        def attack():
            block = bytearray(16 * 1024 ** 3)
            return 'pwned'
        """), "memory"),
    "memory_bomb_list": (ATTACK, program("""
        def attack():
            hog = []
            while True:
                hog.append(' ' * 10 ** 6)
        """), None),
    "fork_bomb": (ATTACK, program("""
        import os
        def attack():
            for _ in range(100):
                if os.fork() == 0:
                    while True: pass
            return 'pwned'
        """), None),
    "thread_bomb": (ATTACK, program("""
        import threading, time
        def attack():
            threads = [threading.Thread(target=time.sleep, args=(5,)) for _ in range(2000)]
            for t in threads: t.start()
            return 'pwned'
        """), None),
    "subprocess": (ATTACK, program("""
        import subprocess
        def attack():
            return 'pwned' if subprocess.run(['true']).returncode == 0 else 'no'
        """), None),
    "os_system": (ATTACK, program("""
        import os
        def attack():
            return 'pwned' if os.system('true') == 0 else 'no'
        """), None),
    "exec_at_import": (ATTACK, program("""
        import os
        os.execv('/bin/sh', ['sh', '-c', 'exit 0'])
        def attack(): return 'pwned'
        """), None),
    "posix_spawn": (ATTACK, program("""
        import os
        def attack():
            pid = os.posix_spawn('/bin/true', ['true'], {})
            return 'pwned' if os.waitpid(pid, 0)[1] == 0 else 'no'
        """), None),
    "huge_file": (ATTACK, program("""
        def attack():
            with open('big', 'wb') as f:
                for _ in range(1024):
                    f.write(b'x' * 2 ** 20)
            return 'pwned'
        """), None),
    "many_files": (ATTACK, program("""
        def attack():
            handles = [open(f'f{i}', 'w') for i in range(10000)]
            return 'pwned'
        """), None),
    "many_inodes": (ATTACK, program("""
        import os
        def attack():
            for i in range(100000):
                os.mkdir(f'd{i}')
            return 'pwned'
        """), None),
    "huge_output": (ADD, program("""
        import sys, os
        def add(a, b):
            for _ in range(8):
                print('x' * 10 ** 6)
                sys.stderr.write('y' * 10 ** 6)
            os.write(1, b'z' * 10 ** 6)
            return 0
        """), "failed"),
    "deep_recursion": (ADD, program("""
        import sys
        sys.setrecursionlimit(10 ** 6)
        def add(a, b):
            return add(a, b) + 1
        """), None),
    "daemonized_child": (ATTACK, program("""
        import os, time
        def attack():
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(1000)
                os._exit(0)
            return 'pwned'
        """), None),
    # ---- host damage and leaks ---------------------------------------------------------------------------
    "delete_outside_workdir": (ATTACK, program("""
        import os, shutil
        def attack():
            removed = 0
            for path in ('@CANARY_DIR@/canary.txt', '@HOST_TMP_FILE@', '/etc/hostname', '/etc/passwd'):
                try:
                    os.remove(path)
                    removed += 1
                except OSError:
                    pass
            try:
                shutil.rmtree('@CANARY_DIR@')
                removed += 1
            except OSError:
                pass
            return 'pwned' if removed else 'no'
        """), None),
    "write_outside_workdir": (ATTACK, program("""
        def attack():
            wrote = 0
            for path in ('@CANARY_DIR@/pwned', '/var/tmp/pwned-@TAG@', '/etc/pwned-@TAG@', '/usr/pwned-@TAG@'):
                try:
                    with open(path, 'w') as f:
                        f.write('x')
                    wrote += 1
                except OSError:
                    pass
            return 'pwned' if wrote else 'no'
        """), None),
    "kill_parent": (ATTACK, program("""
        import os, signal
        def attack():
            hits = 0
            for pid in (os.getppid(), 1, -1, 0):
                try:
                    os.kill(pid, signal.SIGKILL)
                    hits += 1
                except OSError:
                    pass
            return 'pwned' if hits else 'no'
        """), None),
    "kill_host_test_process": (ATTACK, program("""
        import os, signal
        def attack():
            try:
                os.kill(@TEST_PID@, signal.SIGKILL)
            except OSError:
                return 'no'
            return 'pwned'
        """), None),
    "ptrace_parent": (ATTACK, program("""
        import ctypes, os
        def attack():
            libc = ctypes.CDLL(None, use_errno=True)
            return 'pwned' if libc.ptrace(16, os.getppid(), 0, 0) == 0 else 'no'  # PTRACE_ATTACH
        """), None),
    "ctypes_libc_system": (ATTACK, program("""
        import ctypes, os
        def attack():
            ctypes.CDLL(None).system(b'touch /tmp/pwned-from-libc')
            return 'pwned' if os.path.exists('/tmp/pwned-from-libc') else 'no'
        """), None),
    "ctypes_raw_syscall_execve": (ATTACK, program("""
        import ctypes
        def attack():
            libc = ctypes.CDLL(None)
            argv = (ctypes.c_char_p * 2)(b'/bin/true', None)
            libc.syscall(59, b'/bin/true', argv, None)  # execve on x86_64; returns only on failure
            return 'no'
        """), None),
    "ctypes_unshare_user_namespace": (ATTACK, program("""
        import ctypes
        def attack():
            return 'pwned' if ctypes.CDLL(None).unshare(0x10000000) == 0 else 'no'
        """), None),
    "network_to_host_listener": (ATTACK, program("""
        import socket
        def attack():
            s = socket.create_connection(('127.0.0.1', @PORT@), timeout=0.5)
            s.sendall(b'pwned')
            return 'pwned'
        """), None),
    "docker_socket": (ATTACK, program("""
        import socket
        def attack():
            for path in ('/var/run/docker.sock', '/run/docker.sock'):
                try:
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(path)
                    return 'pwned'
                except OSError:
                    pass
            return 'no'
        """), None),
    "read_environment_secret": (LEAK, program("""
        import os
        def leak():
            for value in os.environ.values():
                if value.startswith('s3cr3t'):
                    return value
            return os.environ.get('CODEGEN_SANDBOX_TEST_SECRET')
        """), None),
    "read_proc_environ": (LEAK, program("""
        import os
        def leak():
            for pid in os.listdir('/proc'):
                try:
                    data = open(f'/proc/{pid}/environ', 'rb').read()
                except OSError:
                    continue
                for item in data.split(b'\\0'):
                    if item.startswith(b'CODEGEN_SANDBOX_TEST_SECRET='):
                        return item.split(b'=', 1)[1].decode()
            return None
        """), None),
    "see_host_processes": (ATTACK, program("""
        import os
        def attack():
            for pid in os.listdir('/proc'):
                try:
                    if b'pytest' in open(f'/proc/{pid}/cmdline', 'rb').read():
                        return 'pwned'
                except OSError:
                    pass
            return 'no'
        """), None),
    "read_host_secret_file": (LEAK, program("""
        def leak():
            try:
                return open('@HOST_TMP_FILE@').read().strip()
            except OSError:
                return None
        """), None),
    "read_home_directories": (ATTACK, program("""
        import os
        def attack():
            for home, names in (('/root', @ROOT_ENTRIES@), ('/home', @HOME_ENTRIES@)):
                try:
                    if set(os.listdir(home)) & set(names):
                        return 'pwned'
                except OSError:
                    pass
            return 'no'
        """), None),
    "write_for_next_sample": (ATTACK, program("""
        def attack():
            for path in ('token', '/tmp/token', '/tmp/work/token', '/dev/shm/token'):
                try:
                    with open(path, 'w') as f:
                        f.write('@SECRET@')
                except OSError:
                    pass
            return 'no'
        """), None),
    "read_other_sample_files": (LEAK, program("""
        import os
        def leak():
            for root in ('.', '/tmp', '/tmp/work', '/dev/shm', '/var/tmp'):
                for dirpath, _, files in os.walk(root):
                    for name in files:
                        try:
                            text = open(os.path.join(dirpath, name)).read(100)
                        except OSError:
                            continue
                        if text.startswith('s3cr3t'):
                            return text
            return None
        """), None),
    # ---- verdict hacks -----------------------------------------------------------------------------------
    "sys_exit_at_import": (ADD, program("import sys\nsys.exit(0)\n"), "error"),
    "os_exit_at_import": (ADD, program("import os\nos._exit(0)\n"), "killed"),
    "raise_systemexit_at_import": (ADD, program("raise SystemExit(0)\n"), "error"),
    "sys_exit_during_tests": (ADD, program("import sys\ndef add(a, b):\n    sys.exit(0)\n"), "error"),
    "os_exit_during_tests": (ADD, program("import os\ndef add(a, b):\n    os._exit(0)\n"), "killed"),
    "always_equal_object": (ADD, program("""
        class Anything:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __sub__(self, other): return 0
            def __abs__(self): return 0
            def __lt__(self, other): return True
        def add(a, b):
            return Anything()
        """), "failed"),
    "int_subclass_forged_eq": (ADD, program("""
        class Sneaky(int):
            def __eq__(self, other): return True
            __hash__ = int.__hash__
        def add(a, b):
            return Sneaky(0)
        """), "failed"),
    "str_subclass_forged_eq": (ADD, program("""
        class Sneaky(str):
            def __eq__(self, other): return True
            __hash__ = str.__hash__
        def add(a, b):
            return Sneaky('')
        """), "failed"),
    "list_subclass_forged_eq": (ADD, program("""
        class Sneaky(list):
            def __eq__(self, other): return True
        def add(a, b):
            return Sneaky()
        """), "failed"),
    "forged_type_via_class_patch": (ADD, program("""
        class Sneaky(int):
            def __eq__(self, other): return True
        def add(a, b):
            value = Sneaky(0)
            type(value).__name__ = 'int'
            return value
        """), "failed"),
    "frame_walking": (ADD, program("""
        import sys, gc
        def add(a, b):
            frame = sys._getframe()
            while frame is not None:
                for scope in (frame.f_locals, frame.f_globals):
                    for key in list(scope):
                        if key in ('passed', 'result', 'status', 'outcome'):
                            scope[key] = True
                frame = frame.f_back
            for obj in gc.get_objects():
                if isinstance(obj, dict) and 'status' in obj:
                    obj['status'] = 'passed'
            return 0
        """), "failed"),
    "patch_builtins": (ADD, program("""
        import builtins
        builtins.abs = lambda x: 0
        builtins.isinstance = lambda *a: True
        builtins.AssertionError = type('Nope', (Exception,), {})
        def add(a, b):
            return 0
        """), None),
    "patch_modules": (ADD, program("""
        import math, sys
        math.isclose = lambda *a, **k: True
        sys.modules['math'] = type(sys)('math')
        def add(a, b):
            return 0
        """), "failed"),
    "redefine_check_and_candidate": (ADD, program("""
        def check(candidate):
            pass
        candidate = lambda *a: True
        def add(a, b):
            return None
        check(add)
        """), "failed"),
    "print_passed": (ADD, program("""
        print('passed')
        print('{"passed": true, "status": "passed"}')
        def add(a, b):
            print('all tests passed')
            return -1
        """), "failed"),
    "write_fake_result_file": (ADD, program("""
        import json, os
        def add(a, b):
            row = json.dumps({'task_id': 'test/add', 'passed': True, 'status': 'passed'})
            for path in ('@RESULTS_FILE@', '/tmp/results.jsonl', 'results.jsonl'):
                try:
                    with open(path, 'w') as f:
                        f.write(row + '\\n')
                except OSError:
                    pass
            return -1
        """), "failed"),
    "forge_protocol_messages": (ADD, program("""
        import os, json, struct
        def forge(message):
            data = json.dumps(message).encode()
            for fd in range(3, 64):
                try:
                    os.write(fd, struct.pack('>I', len(data)) + data)
                except OSError:
                    pass
        forge({'op': 'ready'})
        forge({'op': 'return', 'value': 3})
        forge({'op': 'exited', 'code': 0, 'signal': None})
        forge({'op': 'result', 'passed': True, 'status': 'passed'})
        def add(a, b):
            forge({'op': 'return', 'value': 3})
            return 3
        """), None),
    "unencodable_huge_nesting": (ADD, program("""
        def add(a, b):
            value = [a + b]
            for _ in range(10000):
                value = [value]
            return value
        """), "failed"),
    "raise_assertion_in_candidate": (ADD, program("""
        def add(a, b):
            raise AssertionError('passed')
        """), "error"),
}


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """Things on the host that no sample may touch: canary files, a listener, a secret in the environment."""
    tag = f"{os.getpid()}"
    canary_dir = Path(f"/var/tmp/codegen-sandbox-canary-{tag}")
    canary_dir.mkdir(exist_ok=True)
    (canary_dir / "canary.txt").write_text("canary")
    host_tmp_file = tmp_path_factory.mktemp("host") / "secret.txt"
    host_tmp_file.write_text(SECRET)
    results_file = tmp_path_factory.mktemp("results") / "results.jsonl"
    results_file.write_text("original\n")
    listener = socket.create_server(("127.0.0.1", 0))
    connections = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            connections.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    os.environ["CODEGEN_SANDBOX_TEST_SECRET"] = SECRET
    interpreter = Path(sys.base_prefix).resolve()
    bound_back = {interpreter, *interpreter.parents}  # the sandbox re-exposes the interpreter's own path

    def private_entries(home):
        try:
            return [p.name for p in Path(home).iterdir() if p not in bound_back]
        except OSError:
            return []

    info = {"@CANARY_DIR@": str(canary_dir), "@HOST_TMP_FILE@": str(host_tmp_file), "@TAG@": tag,
            "@PORT@": str(listener.getsockname()[1]), "@TEST_PID@": str(os.getpid()), "@SECRET@": SECRET,
            "@RESULTS_FILE@": str(results_file), "@ROOT_ENTRIES@": repr(private_entries("/root")),
            "@HOME_ENTRIES@": repr(private_entries("/home"))}
    yield {"info": info, "canary_dir": canary_dir, "host_tmp_file": host_tmp_file,
           "results_file": results_file, "connections": connections, "tag": tag}
    listener.close()
    os.environ.pop("CODEGEN_SANDBOX_TEST_SECRET", None)
    for leftover in canary_dir.iterdir():
        leftover.unlink()
    canary_dir.rmdir()


def fill(source: str, info: dict) -> str:
    for key, value in info.items():
        source = source.replace(key, value)
    return source


@pytest.fixture(scope="session")
def batch(backend, host):
    """Run every case once, each followed by a correct sample, and keep the pool for follow-up checks.

    Per-problem limits (timeout_s=None): hostile programs get the 2 s floor; the follow-ups get 10 s so that
    they cannot flake on a loaded machine while a neighbour worker is busy with a memory bomb."""
    sandbox = open_sandbox(backend, workers=2, timeout_s=None, memory_mb=512)
    follow_up = dict(ADD, reference_time_s=2.5)
    pairs = []
    for problem, source, _ in CASES.values():
        pairs += [(dict(problem, reference_time_s=0.0), fill(source, host["info"])), (follow_up, GOOD_ADD)]
    results = list(sandbox.map(pairs))
    by_name = {name: (results[2 * i], results[2 * i + 1]) for i, name in enumerate(CASES)}
    yield sandbox, by_name
    sandbox.close()


def assert_host_untouched(host):
    assert (host["canary_dir"] / "canary.txt").read_text() == "canary"
    assert sorted(p.name for p in host["canary_dir"].iterdir()) == ["canary.txt"]
    assert host["host_tmp_file"].read_text() == SECRET
    assert host["results_file"].read_text() == "original\n"
    assert not host["connections"], "a sample reached the host's 127.0.0.1 listener"
    for path in (f"/var/tmp/pwned-{host['tag']}", f"/etc/pwned-{host['tag']}", f"/usr/pwned-{host['tag']}",
                 "/tmp/pwned-from-libc"):
        assert not os.path.exists(path), path


def test_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_program_is_contained(batch, host, name):
    sandbox, by_name = batch
    result, follow_up = by_name[name]
    expected_status = CASES[name][2]
    assert not result.passed, result
    if expected_status:
        assert result.status == expected_status, result
    assert len(result.detail) <= DETAIL_CAP
    assert follow_up.passed, f"the pool did not recover after {name}: {follow_up}"
    assert_host_untouched(host)
    again = sandbox.check(ADD, GOOD_ADD)
    assert again.passed and again.tests_passed == again.tests_total == 5


def test_samples_cannot_leave_files_for_later_samples(backend):
    """One worker, so the reader surely runs in the same zygote (or container) right after the writer."""
    writer, reader = CASES["write_for_next_sample"][1], CASES["read_other_sample_files"][1]
    writer = writer.replace("'/dev/shm/token')", "'/dev/shm/token', '/var/tmp/token', '/dev/mqueue/token')")
    hide_in_locked_dir = program("""
        import os
        def attack():
            for base in ('/tmp', '/dev/shm', '.'):
                try:
                    os.makedirs(f'{base}/locked')
                    with open(f'{base}/locked/token', 'w') as f:
                        f.write('@SECRET@')
                    os.chmod(f'{base}/locked', 0)
                except OSError:
                    pass
            return 'no'
        """)
    unlock_and_read = program("""
        import os
        def leak():
            for base in ('/tmp', '/dev/shm', '.'):
                try:
                    os.chmod(f'{base}/locked', 0o700)
                    return open(f'{base}/locked/token').read()
                except OSError:
                    pass
            return None
        """)
    pairs = [(ATTACK, fill(writer, {"@SECRET@": SECRET})), (LEAK, reader),
             (ATTACK, fill(hide_in_locked_dir, {"@SECRET@": SECRET})), (LEAK, unlock_and_read)]
    with open_sandbox(backend, workers=1, timeout_s=TIMEOUT_S) as sandbox:
        results = list(sandbox.map(pairs))
    assert [r.status for r in results] == ["failed"] * 4, results
