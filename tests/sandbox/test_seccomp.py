"""The hand-written seccomp filter, installed for real in a forked child of the test process."""

import errno
import os
import platform
import socket
import threading

import pytest

from codegen_rlhf.sandbox import seccomp

pytestmark = pytest.mark.skipif(not seccomp.supported(), reason=f"no seccomp table for {platform.machine()}")

PROBES = {
    "execve": lambda: os.execv("/bin/true", ["true"]),
    "fork": os.fork,
    "posix_spawn": lambda: os.posix_spawn("/bin/true", ["true"], {}),
    "inet_socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM),
    "kill_parent": lambda: os.kill(os.getppid(), 0),
    "unix_socket": lambda: socket.socket(socket.AF_UNIX).close(),
    "signal_self": lambda: os.kill(os.getpid(), 0),
    "thread": lambda: (lambda t: (t.start(), t.join()))(threading.Thread(target=lambda: None)),
}


def probe_in_filtered_child() -> dict[str, int]:
    """{probe: 0 if allowed, else errno} from a child that installed the filter."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            seccomp.PreparedFilter().install(os.getpid())
            outcome = []
            for name, probe in PROBES.items():
                try:
                    probe()
                    outcome.append(f"{name}=0")
                except OSError as e:
                    outcome.append(f"{name}={e.errno}")
            os.write(write_end, " ".join(outcome).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    data = os.read(read_end, 4096).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    return {k: int(v) for k, v in (item.split("=") for item in data.split())}


def test_filter_denies_process_creation_exec_network_and_foreign_signals():
    outcome = probe_in_filtered_child()
    assert outcome == {"execve": errno.EPERM, "fork": errno.EPERM, "posix_spawn": errno.EPERM,
                       "inet_socket": errno.EPERM, "kill_parent": errno.EPERM,
                       "unix_socket": 0, "signal_self": 0, "thread": 0}


def test_prepared_filter_patches_only_the_pid_fields():
    prepared = seccomp.PreparedFilter()
    assert len(prepared.pid_fields) == 1
    assert bytes(prepared.buffer) == seccomp.build_filter(seccomp._PID_PLACEHOLDER)
