"""The kernel mechanisms the zygote and its sample processes use: namespaces, mounts, rlimits, credentials.

Two scopes, chosen for speed: namespaces and the sample's root are set up ONCE per worker (the zygote), because
creating a network namespace per sample costs ~0.6 ms (an IPC namespace ~0.25 ms; measured here) against
~3 ms for a whole sample; per sample we only fork, mount a fresh tmpfs work dir, set rlimits, drop to the
worker's unprivileged uid and install the seccomp filter (see zygote.py), which refuses every kind of IPC
object and descriptor passing, so nothing a sample makes outlives it without a per-sample namespace.

Everything here is Linux-only and needs root for namespaces and the uid drop. Each setup function returns the
names of the mechanisms that failed, so the caller can warn once (or refuse under strict mode) instead of
degrading silently.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import resource
import sys
import sysconfig

from codegen_rlhf.sandbox.seccomp import syscall_numbers

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MNT_DETACH = 0x2

_NAMESPACES = {"mount": CLONE_NEWNS, "network": CLONE_NEWNET, "pid": CLONE_NEWPID, "ipc": CLONE_NEWIPC,
               "uts": CLONE_NEWUTS}

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


def build_sample_root(tmp_mb: int, sample_uid: int, packages: tuple[str, ...] = ()) -> list[str]:
    """Inside a fresh mount namespace: pivot into a new root that holds only what running Python needs.

    Visible (read-only): the standard library (its site-packages and dist-packages masked), the system's
    shared-library directories, /etc/ld.so.cache, time zone data, and the directories of `packages` (top-level
    import names the caller allows). Made fresh: /proc (this pid namespace), a size-capped /tmp, a /dev with
    only null, zero, full, random and urandom (no terminal, no shared memory, no message queues), and an /etc
    with passwd/group/hosts written here. Everything else of the host (the checkout, installed packages and
    their data, problem files, home directories, sockets) does not exist in the new root.

    Must run in the namespace's pid 1 (so /proc shows only the sandbox). Returns the failed mechanisms.
    """
    new_root = "/tmp"  # a tmpfs mounted over /tmp in this namespace only; the host's /tmp is untouched
    try:
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=2048,mode=755")
        stdlib = os.path.dirname(os.__file__)
        for path in (stdlib, *(p for p in sys.path if p.endswith("lib-dynload"))):
            _bind(path, new_root)
        masks = [new_root + os.path.join(stdlib, name) for name in ("site-packages", "dist-packages")
                 if os.path.isdir(os.path.join(stdlib, name))]  # the interpreter's own installed packages
        for mask in masks:
            mount("tmpfs", mask, "tmpfs", MS_NOSUID | MS_NODEV, "size=4k,nr_inodes=64,mode=755")
        for path in _library_paths():
            _bind(path, new_root)
        for path in _package_paths(packages):  # may lie under a mask: bound into it before it turns read-only
            _bind(path, new_root)
        for mask in masks:
            mount(None, mask, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        _make_dev(new_root)
        _write_etc(new_root, sample_uid)
        for directory in ("proc", "tmp", ".old"):
            os.mkdir(os.path.join(new_root, directory))
        _pivot_root(new_root, new_root + "/.old")
        os.chdir("/")
        umount("/.old")
        os.rmdir("/.old")
    except OSError as e:
        return [f"private file system view ({e.strerror or e})"]
    failed = []
    try:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        failed.append("private /proc")
    try:
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,nr_inodes=4096,mode=755")
        mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    except OSError:
        failed.append("private /tmp and read-only root")
    return failed


_DEVICES = ("null", "zero", "full", "random", "urandom")


def _library_paths() -> list[str]:
    """Where the dynamic loader finds shared libraries (a merged-/usr system's /lib -> usr/lib comes along as
    the same symlink), and the few data files the standard library reads."""
    multiarch = sysconfig.get_config_var("MULTIARCH")
    candidates = ["/lib", "/lib64", "/usr/lib64", "/etc/ld.so.cache", "/usr/share/zoneinfo"]
    if multiarch:
        candidates.append(f"/usr/lib/{multiarch}")
    return [p for p in candidates if os.path.lexists(p)]


def _package_paths(packages: tuple[str, ...]) -> list[str]:
    """The installed directories (or module files) of the allowed top-level packages, with any sibling
    `NAME.libs` directory of bundled shared libraries."""
    paths = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None:
            raise OSError(f"allowed package {name!r} is not installed")
        path = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin
        path = os.path.realpath(path)
        paths.append(path)
        libs = os.path.join(os.path.dirname(path), f"{name}.libs")
        if os.path.isdir(libs):
            paths.append(libs)
    return paths


def _bind(path: str, new_root: str) -> None:
    """Make `path` visible at the same place under `new_root`: a symlink is copied as a symlink, anything else
    is bind-mounted read-only."""
    target = new_root + path
    if os.path.lexists(target):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(path):
        os.symlink(os.readlink(path), target)
        return
    if os.path.isdir(path):
        os.makedirs(target)
    else:
        open(target, "w").close()
    mount(path, target, None, MS_BIND)
    mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _make_dev(new_root: str) -> None:
    dev = new_root + "/dev"
    os.mkdir(dev)
    mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=4k,nr_inodes=64,mode=755")
    for name in _DEVICES:
        open(f"{dev}/{name}", "w").close()
        mount(f"/dev/{name}", f"{dev}/{name}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    mount(None, dev, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def _write_etc(new_root: str, sample_uid: int) -> None:
    etc = new_root + "/etc"
    os.makedirs(etc, exist_ok=True)
    files = {"passwd": f"root:x:0:0:root:/:/nonexistent\nsandbox:x:{sample_uid}:{sample_uid}::/tmp:/nonexistent\n",
             "group": f"root:x:0:\nsandbox:x:{sample_uid}:\n",
             "hosts": "127.0.0.1 localhost\n::1 localhost\n"}
    for name, text in files.items():
        with open(f"{etc}/{name}", "w") as f:
            f.write(text)


def _pivot_root(new_root: str, put_old: str) -> None:
    number = syscall_numbers()[1]["pivot_root"]  # glibc has no wrapper for it
    _check(_libc.syscall(number, new_root.encode(), put_old.encode()), "pivot_root")


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
