"""The kernel mechanisms the zygote and its sample processes use: namespaces, mounts, rlimits, credentials.

Two scopes, chosen for speed: namespaces and the host view are set up ONCE per worker (the zygote), because
creating a network namespace per sample costs milliseconds; per sample we only fork, mount a fresh tmpfs work
dir, set rlimits, drop to the worker's unprivileged uid and install the seccomp filter (see zygote.py).

Everything here is Linux-only and needs root for namespaces and the uid drop. Each setup function returns the
names of the mechanisms that failed, so the caller can warn once (or refuse under strict mode) instead of
degrading silently.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x2000, 0x4000, 0x40000
MNT_DETACH = 0x2

_NAMESPACES = {"mount": CLONE_NEWNS, "network": CLONE_NEWNET, "pid": CLONE_NEWPID, "ipc": CLONE_NEWIPC,
               "uts": CLONE_NEWUTS}
_OPTION_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC}
# Host directories that commonly hold credentials or control sockets (ssh keys, tokens, docker.sock); they
# are covered by an empty tmpfs, with the interpreter's prefix bound back in when it lives under one of them.
HIDDEN_DIRS = ("/root", "/home", "/run", "/mnt", "/media", "/srv")

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source: str | None, target: str, fstype: str | None, flags: int = 0, data: str | None = None):
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def umount(target: str) -> None:
    _check(_libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")


def enter_namespaces() -> list[str]:
    """unshare() into new mount/net/pid/ipc/uts namespaces; returns the names that could not be created.

    The pid namespace applies to children only: the caller must fork, and that child becomes its pid 1.
    """
    if os.geteuid() != 0:
        return list(_NAMESPACES)
    if _libc.unshare(sum(_NAMESPACES.values())) == 0:
        return []
    missing = []
    for name, flag in _NAMESPACES.items():
        if _libc.unshare(flag) != 0:
            missing.append(name)
    return missing


def build_host_view(tmp_mb: int) -> list[str]:
    """Inside a fresh mount namespace: host read-only, private /tmp, fresh /proc, secrets hidden.

    Returns failed mechanisms. Must run in the namespace's pid 1 (so /proc shows only the sandbox).
    """
    failed = []
    try:
        mount(None, "/", None, MS_REC | MS_PRIVATE)
    except OSError:
        return ["read-only host view"]
    mounts = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            mounts.append((fields[4].replace("\\040", " "), fields[5].split(",")))
    for target, options in mounts:
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in options:
            flags |= _OPTION_FLAGS.get(option, 0)
        try:
            mount(None, target, None, flags)
        except OSError:
            if target == "/":
                failed.append("read-only host view")
    try:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        failed.append("private /proc")
    try:
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,nr_inodes=4096,mode=755")
        _hide_private_dirs()
    except OSError:
        failed.append("private /tmp and hidden home directories")
    return failed


def _hide_private_dirs() -> None:
    keep = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)}
    for hidden in HIDDEN_DIRS:
        if os.path.islink(hidden) or not os.path.isdir(hidden):
            continue
        inside = sorted(p for p in keep if p.startswith(hidden + "/"))
        staged = []
        for index, path in enumerate(inside):  # bind out of the way before the tmpfs covers it
            stage = f"/tmp/.keep{index}"
            os.mkdir(stage)
            mount(path, stage, None, MS_BIND | MS_REC)
            staged.append((stage, path))
        mount("tmpfs", hidden, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
        for stage, path in staged:
            os.makedirs(path, mode=0o755, exist_ok=True)
            mount(stage, path, None, MS_MOVE)
            mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
            os.rmdir(stage)
        mount(None, hidden, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def set_rlimits(cpu_s: int, memory_mb: int, file_mb: int, open_files: int, processes: int) -> None:
    limits = {
        resource.RLIMIT_CPU: (cpu_s, cpu_s + 1),
        resource.RLIMIT_AS: (memory_mb << 20,) * 2,
        resource.RLIMIT_FSIZE: (file_mb << 20,) * 2,
        resource.RLIMIT_NOFILE: (open_files,) * 2,
        resource.RLIMIT_NPROC: (processes,) * 2,
        resource.RLIMIT_CORE: (0, 0),
    }
    for kind, (soft, hard) in limits.items():
        try:
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):  # cannot raise a hard limit we do not own; lower is what matters
            current_hard = resource.getrlimit(kind)[1]
            capped = lambda v: v if current_hard == resource.RLIM_INFINITY else min(v, current_hard)  # noqa
            resource.setrlimit(kind, (capped(soft), capped(hard)))


def drop_privileges(uid: int) -> None:
    """Become `uid`/`uid` with no supplementary groups (only possible when running as root)."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def close_fds_except(keep: int) -> None:
    os.closerange(3, keep)
    os.closerange(keep + 1, 1 << 16)
