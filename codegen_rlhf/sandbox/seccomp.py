"""A seccomp-BPF filter written by hand (no libseccomp), installed in each sample process before its code runs.

Denied with EPERM: execve/execveat; fork, vfork and clone without CLONE_THREAD (threads stay allowed;
clone3 answers ENOSYS so glibc falls back to clone, whose flags the filter can read); ptrace,
process_vm_readv/writev; kill/tkill/tgkill/rt_(tg)sigqueueinfo to any pid but the sample's own, pidfd signals;
socket/socketpair outside AF_UNIX; mount and the new mount API, umount, pivot_root, chroot, unshare, setns;
bpf, perf_event_open, userfaultfd, io_uring, keyctl/add_key/request_key, module loading, kexec, reboot, swap,
open_by_handle_at. Any other architecture than the one compiled for kills the process (blocks x32 and
32-bit syscall entry tricks).

Not covered: everything else is allowed (open/read/write on what the uid and mounts permit, mmap, threads);
the filter narrows the kernel surface, it is not a full policy. Supported on x86_64 and aarch64 only.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]
_NR, _ARCH, _ARG0_LO, _ARG0_HI = 0, 4, 16, 20

_LD_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW = 0x7FFF0000
_KILL_PROCESS = 0x80000000
_ERRNO = 0x00050000
_CLONE_THREAD = 0x00010000
_AF_UNIX = 1
_X32_BIT = 0x40000000

_ARCHES = {
    "x86_64": (0xC000003E, {
        "execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "socket": 41, "socketpair": 53,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 250, "add_key": 248, "request_key": 249, "init_module": 175, "finit_module": 313,
        "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169,
        "swapon": 167, "swapoff": 168, "open_by_handle_at": 304,
    }),
    "aarch64": (0xC00000B7, {
        "execve": 221, "execveat": 281, "clone": 220, "clone3": 435,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "socket": 198, "socketpair": 199,
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "unshare": 97, "setns": 268,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 219, "add_key": 217, "request_key": 218, "init_module": 105, "finit_module": 273,
        "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294, "reboot": 142,
        "swapon": 224, "swapoff": 225, "open_by_handle_at": 265,
    }),
}

_SIGNALS_TO_SELF = ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")
_SOCKETS = ("socket", "socketpair")
_ENOSYS = ("clone3",)


def supported() -> bool:
    return platform.machine() in _ARCHES


def build_filter(own_pid: int) -> bytes:
    """The BPF program as the kernel's `struct sock_filter[]`; `own_pid` is the only allowed signal target."""
    arch, numbers = _ARCHES[platform.machine()]
    program: list[tuple[int, object, object, int]] = []  # (code, jt, jf, k); jt/jf may be label names
    labels: dict[str, int] = {}

    def emit(code, k=0, jt=0, jf=0):
        program.append((code, jt, jf, k))

    emit(_LD_ABS, _ARCH)
    emit(_JEQ, arch, jt=1)
    emit(_RET, _KILL_PROCESS)
    emit(_LD_ABS, _NR)
    if arch == 0xC000003E:
        emit(_JGE, _X32_BIT, jt="deny")
    special = {numbers["clone"]: "clone", numbers[_ENOSYS[0]]: "enosys"}
    special.update({numbers[n]: "socket" for n in _SOCKETS})
    special.update({numbers[n]: "self" for n in _SIGNALS_TO_SELF})
    for number, label in special.items():
        emit(_JEQ, number, jt=label)
    for name, number in numbers.items():
        if number not in special:
            emit(_JEQ, number, jt="deny")
    emit(_RET, _ALLOW)

    labels["clone"] = len(program)
    emit(_LD_ABS, _ARG0_LO)
    emit(_JSET, _CLONE_THREAD, jt="allow", jf="deny")
    labels["socket"] = len(program)
    emit(_LD_ABS, _ARG0_LO)
    emit(_JEQ, _AF_UNIX, jt="allow", jf="deny")
    labels["self"] = len(program)
    emit(_LD_ABS, _ARG0_LO)
    emit(_JEQ, own_pid, jf="deny")
    emit(_LD_ABS, _ARG0_HI)
    emit(_JEQ, 0, jt="allow", jf="deny")
    labels["allow"] = len(program)
    emit(_RET, _ALLOW)
    labels["deny"] = len(program)
    emit(_RET, _ERRNO | errno.EPERM)
    labels["enosys"] = len(program)
    emit(_RET, _ERRNO | errno.ENOSYS)

    out = bytearray()
    for index, (code, jt, jf, k) in enumerate(program):
        jt = labels[jt] - index - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - index - 1 if isinstance(jf, str) else jf
        assert 0 <= jt < 256 and 0 <= jf < 256, "BPF jump out of range"
        out += struct.pack("=HBBI", code, jt, jf, k)
    return bytes(out)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_PID_PLACEHOLDER = 0x7FFFFFF1  # no other constant in the program has this value


class PreparedFilter:
    """The filter compiled once in the zygote; a sample only writes its pid into it and installs it
    (cheap right after fork, where every touched page of the parent's heap costs a copy)."""

    def __init__(self):
        program = build_filter(_PID_PLACEHOLDER)
        self.pid_fields = [offset + 4 for offset in range(0, len(program), 8)
                           if struct.unpack_from("=I", program, offset + 4)[0] == _PID_PLACEHOLDER]
        self.buffer = ctypes.create_string_buffer(program, len(program))
        self.fprog = _SockFprog(len(program) // 8, ctypes.cast(self.buffer, ctypes.c_void_p))
        self.prctl = ctypes.CDLL(None, use_errno=True).prctl
        self.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
        self.fprog_address = ctypes.addressof(self.fprog)

    def install(self, own_pid: int) -> None:
        """Install on the calling process (irreversible; inherited by its threads)."""
        for field in self.pid_fields:
            struct.pack_into("=I", self.buffer, field, own_pid)
        if self.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if self.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, self.fprog_address, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def install(own_pid: int) -> None:
    PreparedFilter().install(own_pid)


def syscall_names() -> list[str]:
    """Every syscall the per-sample filter restricts, on this architecture."""
    return list(_ARCHES.get(platform.machine(), (0, {}))[1])
