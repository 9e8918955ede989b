"""The hand-written seccomp filter, installed for real in a forked child of the test process."""

import ctypes
import ctypes.util
import errno
import fcntl
import os
import platform
import resource
import socket
import termios
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
    "tiocsti": lambda: fcntl.ioctl(TERMINAL, termios.TIOCSTI, b"x"),
    "tiocsti_high_bits": lambda: _raw_ioctl(TERMINAL, (1 << 32) | termios.TIOCSTI),
    "winsize_ioctl": lambda: fcntl.ioctl(TERMINAL, termios.TIOCGWINSZ, b"\0" * 8),
    "f_setown": lambda: fcntl.fcntl(TERMINAL, fcntl.F_SETOWN, os.getppid()),
    "f_getfl": lambda: fcntl.fcntl(TERMINAL, fcntl.F_GETFL),
    "prlimit_parent": lambda: resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE),
    "prlimit_self": lambda: resource.prlimit(0, resource.RLIMIT_NOFILE),
    "nice_parent": lambda: os.setpriority(os.PRIO_PROCESS, os.getppid(), 1),
    "nice_uid": lambda: os.setpriority(os.PRIO_USER, os.getuid(), 1),
    "nice_self": lambda: os.setpriority(os.PRIO_PROCESS, 0, 1),
    "shmget": lambda: _libc_call("shmget", 0, 4096, 0o1600),
    "memfd": lambda: os.memfd_create("x"),
    "send_fds": lambda: (lambda a, b: socket.send_fds(a, [b"x"], [b.fileno()]))(*socket.socketpair()),
}
TERMINAL = None  # a pseudo-terminal, opened before the filter is installed


def _libc_call(name, *args):
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) < 0:
        raise OSError(ctypes.get_errno(), name)


def _raw_ioctl(fd, request):
    """ioctl through syscall(2) with the request's upper 32 bits set: the kernel reads only the low 32."""
    libc = ctypes.CDLL(None, use_errno=True)
    number = seccomp.syscall_numbers()[1]["ioctl"]
    if libc.syscall(ctypes.c_long(number), ctypes.c_long(fd), ctypes.c_ulong(request), b"x") < 0:
        raise OSError(ctypes.get_errno(), "ioctl")


def probe_in_filtered_child() -> dict[str, int]:
    """{probe: 0 if allowed, else errno} from a child that installed the filter."""
    global TERMINAL
    read_end, write_end = os.pipe()
    master, TERMINAL = os.openpty()
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
    os.close(TERMINAL)
    os.close(master)
    data = os.read(read_end, 4096).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    return {k: int(v) for k, v in (item.split("=") for item in data.split())}


def test_filter_denies_what_reaches_beyond_the_sample_and_allows_the_rest():
    outcome = probe_in_filtered_child()
    denied = {"execve", "fork", "posix_spawn", "inet_socket", "kill_parent", "tiocsti", "tiocsti_high_bits",
              "f_setown", "prlimit_parent", "nice_parent", "nice_uid", "shmget", "memfd", "send_fds"}
    assert outcome == {name: errno.EPERM if name in denied else 0 for name in PROBES}


LIBSECCOMP = ctypes.util.find_library("seccomp")


@pytest.mark.skipif(LIBSECCOMP is None, reason="libseccomp is not installed (apt-get install libseccomp2)")
@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_every_syscall_number_is_libseccomps(machine):
    """The hand-kept tables against libseccomp's own resolver, for both architectures: a typo or a renumbered
    syscall would silently leave a hole."""
    resolve = ctypes.CDLL(LIBSECCOMP).seccomp_syscall_resolve_name_arch
    resolve.argtypes, resolve.restype = [ctypes.c_uint32, ctypes.c_char_p], ctypes.c_int
    arch, numbers = seccomp.syscall_numbers(machine)
    assert len(seccomp.build_filter(1234, machine)) % 8 == 0  # assembles, every jump in range
    absent = [name for name in seccomp.RULES if name not in numbers]
    assert all(resolve(arch, name.encode()) < 0 for name in absent), f"numbers missing for {absent}"
    wrong = {name: (number, resolve(arch, name.encode())) for name, number in numbers.items()
             if resolve(arch, name.encode()) != number}
    assert not wrong, f"ours vs libseccomp's: {wrong}"


def test_prepared_filter_patches_only_the_pid_fields():
    prepared = seccomp.PreparedFilter()
    assert len(prepared.pid_fields) == 4  # one per distinct rule that names the sample itself
    assert bytes(prepared.buffer) == seccomp.build_filter(seccomp._PID_PLACEHOLDER)
