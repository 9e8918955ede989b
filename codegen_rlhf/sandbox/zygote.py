"""The sandbox worker: a warm zygote that forks one confined process per sample (the untrusted side).

`python -m codegen_rlhf.sandbox.zygote` runs on the host (process backend) or as a container's main process
(Docker backend); both talk to their trusted runner over one Unix socket (an inherited fd or a socket path).
Startup, once per worker: pre-import the stdlib modules samples commonly use, enter new mount/net/pid/ipc/uts
namespaces, become pid 1 of the new pid namespace, pivot into a minimal root (isolation.build_sample_root),
and report which mechanisms are in force ("hello"). Then, per sample:

1. the runner sends the program and its limits, passing one end of a fresh socketpair;
2. the zygote mounts a fresh size-capped tmpfs work dir and forks;
3. the child starts a new session (no controlling terminal), closes every other fd, points stdin/stdout/
   stderr at /dev/null (print() goes to a capped in-memory buffer), sets rlimits, drops to the worker's
   unprivileged uid, installs the seccomp filter, compiles and executes the program, and then serves calls of
   the entry point over the socketpair: it only ever sends plain data (codec.py), never a verdict;
4. the zygote kills anything left in the namespace, removes what the sample wrote, and only then reports the
   child's exit: cleanup is on the clock of the sample that made the mess, never on the next one's.

The child never sees the tests, expected values or other samples: they live in the trusted runner.
"""

from __future__ import annotations

# Pre-imported so samples start warm and so modules stay usable after the uid drop (see isolation.py).
# Not threading, queue, random or statistics: their at-fork hooks would run in (and dirty pages of) every
# forked sample; samples that need them import them.
import abc, array, bisect, builtins, cmath, collections, contextlib, copy, ctypes, dataclasses, datetime  # noqa: E401,F401,E501
import decimal, enum, fractions, functools, hashlib, heapq, io, itertools, json, math, numbers  # noqa: E401,F401
import operator, re, string, struct, textwrap, time, typing, unicodedata  # noqa: E401,F401

import argparse
import gc
import os
import select
import signal
import socket
import sys

from codegen_rlhf.sandbox import isolation, seccomp
from codegen_rlhf.sandbox.channel import Channel, ChannelClosed
from codegen_rlhf.sandbox.codec import SAMPLE_MESSAGE_CAP, CodecError, dumps, from_wire, loads, to_wire

WORK_DIR = "/tmp/work"  # inside our private /tmp (process backend) or the container's tmpfs /tmp
OUTPUT_CAP = 2048  # bytes of stdout/stderr head and tail kept per stream


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fd", type=int, help="inherited, connected Unix socket to the runner")
    parser.add_argument("--connect", help="path of the runner's Unix socket (Docker backend)")
    parser.add_argument("--uid", type=int, required=True, help="unprivileged uid/gid for samples (when root)")
    parser.add_argument("--tmp-mb", type=int, default=64)
    parser.add_argument("--container", action="store_true",
                        help="the container provides namespaces and the read-only root; skip them here")
    parser.add_argument("--package", action="append", default=[],
                        help="top-level package samples may import (process backend; repeatable)")
    args = parser.parse_args()
    os.environ.clear()
    if args.connect:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(args.connect)
    else:
        sock = socket.socket(fileno=args.fd)

    missing = [] if args.container else isolation.enter_namespaces()
    if not args.container and "pid" not in missing:
        _become_pid_one(sock)
    if not args.container and "mount" not in missing:
        missing += isolation.build_sample_root(args.tmp_mb, args.uid, tuple(args.package))
        if not missing:
            socket.sethostname("sandbox")
    sample_uid = None
    if os.geteuid() == 0 and _uid_drop_works(args.uid):
        sample_uid = args.uid
    else:
        missing.append("unprivileged sample uid (needs root with that uid mapped)")
    sample_filter = seccomp.PreparedFilter() if seccomp.supported() else None
    if sample_filter is None or not _seccomp_works(sample_filter):
        sample_filter = None
        missing.append("seccomp filter")
    scratch = _choose_scratch(args.container, missing)
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0: no /proc/1/mem, fd or environ for anyone
    channel = Channel(sock)
    # Everything allocated so far is shared with every sample: warm the sample-side code paths here (the
    # interpreter rewrites bytecode as it specialises it) and keep the collector from walking those objects,
    # so that each forked child copies fewer pages on write.
    _warm_up()
    gc.freeze()
    channel.send({"op": "hello", "missing": missing, "pid": os.getpid(), "container": args.container})
    try:
        _serve(channel, sample_uid, sample_filter, scratch)
    except ChannelClosed:
        pass
    if not args.container:
        for directory in scratch.wipe:  # our own temp dir (no private /tmp): leave nothing behind
            _empty(directory)
            try:
                os.rmdir(directory)
            except OSError:
                pass
    os._exit(0)


def _warm_up() -> None:
    value = [[1, 2.0, "x", None, True], {"a": (1,)}, {1}, frozenset()]
    for _ in range(100):
        from_wire(loads(dumps({"op": "call", "args": to_wire(value)}))["args"])
    exec(compile("def f(x):\n    return [x]\n", "<warm-up>", "exec"), {"__builtins__": builtins})
    _CappedText().write("warm")


def _become_pid_one(sock: socket.socket) -> None:
    """After unshare(CLONE_NEWPID) only children enter the namespace: fork; the parent just waits."""
    pid = os.fork()
    if pid == 0:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the outer process
        return
    sock.close()
    _, status = os.waitpid(pid, 0)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _uid_drop_works(uid: int) -> bool:
    """setuid to the sample uid in a throwaway child (fails e.g. as root of a user namespace that maps
    only uid 0)."""
    pid = os.fork()
    if pid == 0:
        try:
            isolation.drop_privileges(uid)
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _seccomp_works(sample_filter: seccomp.PreparedFilter) -> bool:
    """Install the filter in a throwaway child and check that it really refuses execve (an exec that
    went through would exit 1 from /bin/false; only the refusal exits 0)."""
    pid = os.fork()
    if pid == 0:
        try:
            sample_filter.install(os.getpid())
            os.execv("/bin/false", ["false"])
        except PermissionError:
            os._exit(0)
        except BaseException:
            os._exit(2)
        os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


@dataclasses.dataclass(frozen=True)
class Scratch:
    """Where samples work and what is wiped after each: a fresh tmpfs per sample in our private /tmp; in a
    container all of /tmp (size- and inode-capped by the engine); otherwise a private temp dir of our own."""

    work_dir: str
    tmpfs_per_sample: bool
    wipe: tuple[str, ...]


def _choose_scratch(container: bool, missing: list[str]) -> Scratch:
    if container:
        return Scratch(WORK_DIR, False, ("/tmp",))
    if os.geteuid() == 0 and not any(m.startswith(("mount", "private file system view", "private /tmp"))
                                     for m in missing):
        os.makedirs(WORK_DIR, exist_ok=True)
        return Scratch(WORK_DIR, True, ())
    import tempfile  # noqa: PLC0415 (the zygote forks per sample: every module it imports is copied; only non-root)

    parent = tempfile.mkdtemp(prefix="codegen-sandbox-")
    return Scratch(os.path.join(parent, "work"), False, (parent,))


def _serve(channel: Channel, sample_uid: int | None, sample_filter: seccomp.PreparedFilter | None,
           scratch: Scratch) -> None:
    # Made once here, pristine in every forked child: less work (and fewer copied pages) per sample.
    stdio = (_CappedText(), _CappedText(), io.StringIO())
    devnull = os.open(os.devnull, os.O_RDWR)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # inherited: oversized writes fail with EFBIG, not a kill
    while True:
        message, fds = channel.recv_with_fds()
        if message["op"] == "exit":
            return
        if message["op"] != "run" or len(fds) != 1:  # e.g. a late "kill" for a sample that already ended
            for fd in fds:
                os.close(fd)
            continue
        sample_fd = fds[0]
        owner = os.getuid() if sample_uid is None else sample_uid
        if scratch.tmpfs_per_sample:
            isolation.mount("tmpfs", scratch.work_dir, "tmpfs", isolation.MS_NOSUID | isolation.MS_NODEV,
                            f"size={message['tmp_mb']}m,nr_inodes=512,mode=700,uid={owner},gid={owner}")
        else:
            os.makedirs(scratch.work_dir, mode=0o700, exist_ok=True)
            os.chown(scratch.work_dir, owner, owner)
        try:
            pid = os.fork()
        except OSError as e:
            os.close(sample_fd)
            _clean_up(scratch)
            channel.send({"op": "exited", "code": None, "signal": None, "detail": f"fork failed: {e}"})
            continue
        if pid == 0:
            try:
                _run_sample(sample_fd, devnull, stdio, message, sample_uid, sample_filter, scratch.work_dir)
            except BaseException:
                os._exit(70)
            os._exit(0)
        os.close(sample_fd)
        exit_info = _wait_or_kill(channel, pid)
        _clean_up(scratch)
        channel.send({"op": "exited", **exit_info})


def _wait_or_kill(channel: Channel, pid: int) -> dict:
    """Wait for the sample to exit, killing it when the runner says so (timeouts are the runner's call)."""
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            ready, _, _ = select.select([channel.sock, pidfd], [], [])
            if channel.sock in ready:
                message, fds = channel.recv_with_fds()
                for fd in fds:
                    os.close(fd)
                if message["op"] == "kill":
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            if pidfd in ready:
                _, status, usage = os.wait4(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                return {"code": code if code >= 0 else None, "signal": -code if code < 0 else None,
                        "maxrss_kb": usage.ru_maxrss}
    finally:
        os.close(pidfd)


def _clean_up(scratch: Scratch) -> None:
    """Kill what is left of the sample and remove what it wrote. Bounded (every writable file system is
    inode-capped) and it never raises."""
    if os.getpid() == 1:  # only in our own pid namespace: kill(-1) reaches nothing outside it
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
    if scratch.tmpfs_per_sample:
        try:
            isolation.umount(scratch.work_dir)
        except OSError:
            pass
    for directory in scratch.wipe:
        _empty(directory)


def _empty(directory: str) -> None:
    """Remove everything under `directory`, iteratively and by relative names: a sample can nest directories
    thousands deep (recursion or absolute paths would fail there) and take permissions away (chmod 000),
    which are given back on the way down. Each directory is entered at most once, so this ends."""
    try:
        os.chdir(directory)
    except OSError:
        return
    entered, depth = set(), 0
    while True:
        descended = False
        try:
            names = os.listdir(".")
        except OSError:
            names = []
        for name in names:
            try:
                os.unlink(name)
                continue
            except OSError:
                pass
            try:
                os.rmdir(name)
                continue
            except OSError:
                pass
            try:
                inode = os.lstat(name).st_ino
                if inode in entered:
                    continue
                entered.add(inode)
                os.chmod(name, 0o700, follow_symlinks=False)
                os.chdir(name)
            except OSError:
                continue
            depth, descended = depth + 1, True
            break
        if descended:
            continue
        if depth == 0:
            break
        os.chdir("..")
        depth -= 1
    os.chdir("/")


# ---- the sample process (runs after fork, then only untrusted code and the call loop) ----------------------

class _CappedText(io.TextIOBase):
    """Stand-in for sys.stdout/sys.stderr: keeps the head and tail of what is written, drops the middle."""

    def __init__(self):
        self.head, self.tail, self.dropped = "", "", 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = OUTPUT_CAP - len(self.head)
        self.head += text[:room]
        rest = text[room:] if room > 0 else text
        if rest:
            self.tail = (self.tail + rest)[-OUTPUT_CAP:]
            self.dropped += len(rest)
        return len(text)

    def summary(self) -> str:
        if self.dropped > OUTPUT_CAP:
            return f"{self.head}\n... [{self.dropped - len(self.tail)} chars dropped] ...\n{self.tail}"
        return self.head + self.tail


def _run_sample(fd: int, devnull: int, stdio: tuple, job: dict, uid: int | None,
                sample_filter: seccomp.PreparedFilter | None, work_dir: str) -> None:
    os.setsid()  # a new session: no controlling terminal, so /dev/tty leads nowhere
    for target in (0, 1, 2):
        os.dup2(devnull, target)
    isolation.close_fds_except(fd)
    stdout, stderr, stdin = stdio
    sys.stdout, sys.stderr, sys.stdin = stdout, stderr, stdin
    limits = job["limits"]
    isolation.set_rlimits(limits["cpu_s"], limits["memory_mb"], limits["file_mb"], limits["open_files"],
                          limits["processes"])
    if uid is not None:
        isolation.drop_privileges(uid)
    os.chdir(work_dir)  # the environment is empty (the zygote's): tempfile falls back to this directory
    channel = Channel.from_fd(fd)
    if sample_filter is not None:
        sample_filter.install(os.getpid())

    try:
        code = compile(job["source"], "<sample>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        channel.send({"op": "syntax_error", **_describe(e)})
        return
    namespace = {"__name__": "__sample__", "__builtins__": builtins}
    try:
        exec(code, namespace)
        function = namespace.get(job["entry_point"])
        if not callable(function):
            raise NameError(f"entry point {job['entry_point']!r} is not defined")
    except BaseException as e:  # SystemExit included: exiting is not passing
        channel.send({"op": "error", **_describe(e)})
        return
    channel.send({"op": "ready"})

    while True:
        message = channel.recv()
        if message["op"] == "call":
            _answer(channel, function, message["args"], message.get("kwargs"))
        elif message["op"] == "calls":  # announced calls: answered one by one, in order, as each is done
            for args in message["calls"]:
                _answer(channel, function, args, None)
        else:
            break
    if message.get("output", True):
        channel.send({"op": "output", "stdout": stdout.summary(), "stderr": stderr.summary()})


def _answer(channel: Channel, function, args, kwargs) -> None:
    try:
        value = to_wire(function(*from_wire(args), **(from_wire(kwargs) if kwargs is not None else {})))
    except CodecError as e:
        reply = {"op": "unsupported", "message": str(e)}
    except BaseException as e:
        reply = {"op": "raise", **_describe(e)}
    else:
        reply = {"op": "return", "value": value}
    try:
        channel.send(reply, max_size=SAMPLE_MESSAGE_CAP)
    except CodecError as e:
        channel.send({"op": "unsupported", "message": str(e)})


def _describe(e: BaseException) -> dict:
    try:
        message = str(e)[:500]
    except BaseException:
        message = "<unprintable>"
    if isinstance(e, SyntaxError):
        line = e.lineno
    else:  # the innermost frame of the program itself (prompt + completion)
        line, tb = None, e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<sample>":
                line = tb.tb_lineno
            tb = tb.tb_next
    return {"type": type(e).__name__[:100], "message": message, "line": line}


if __name__ == "__main__":
    main()
