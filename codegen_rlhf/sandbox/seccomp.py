"""The per-sample seccomp-BPF filter: a table of rules, assembled here into BPF (no libseccomp needed at run time).

Every syscall not named in RULES is allowed. The rules, by what they stop:

* New programs and processes: execve/execveat, fork/vfork, clone without CLONE_THREAD (threads stay allowed;
  clone3 answers ENOSYS so that glibc falls back to clone, whose flags the filter can read).
* Reaching other processes: ptrace, process_vm_readv/writev, kcmp, process_madvise/mrelease, pidfd_*;
  signals (kill, tkill, tgkill, rt_(tg)sigqueueinfo) only to the sample itself; prlimit64, sched_set*,
  migrate_pages, move_pages, get_robust_list only on itself; setpriority/ioprio_set only for its own process
  (never a process group or a whole uid).
* Signals routed around that rule: fcntl F_SETOWN/F_SETOWN_EX/F_SETSIG and ioctl FIOSETOWN/SIOCSPGRP (SIGIO
  to a chosen process).
* A terminal: ioctl TIOCSTI (type into the terminal's input), TIOCLINUX, TIOCSCTTY, TIOCCONS, TIOCSPGRP.
* State or memory that outlives the sample: System V shared memory, message queues and semaphores, POSIX
  message queues, memfd_create, and sendmsg/sendmmsg (descriptors in flight keep sockets and files alive
  after their owner exits; a sample's channel needs only send/recv).
* The network and the kernel's wider surface: socket/socketpair outside AF_UNIX; mount and the new mount API,
  umount, pivot_root, chroot, unshare, setns; bpf, perf_event_open, userfaultfd, io_uring, keyctl/add_key/
  request_key, module loading, kexec, reboot, swap, open_by_handle_at.

Any other architecture than the one compiled for kills the process (blocks x32 and 32-bit syscall entry
tricks). Argument checks read the low 32 bits, which is what the kernel reads for these int arguments.

Not covered: everything else is allowed (open/read/write on what the uid and mounts permit, mmap, threads);
the filter narrows the kernel surface, it is not a full policy. Supported on x86_64 and aarch64 only.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
from dataclasses import dataclass

SELF = "self"  # stands for the sample's own pid, written into the prepared program after fork


@dataclass(frozen=True)
class Only:
    """Allow the call only when argument `index` is one of `values`."""
    index: int
    values: tuple


@dataclass(frozen=True)
class Never:
    """Deny the call when argument `index` is one of `values`."""
    index: int
    values: tuple


@dataclass(frozen=True)
class HasBits:
    """Allow the call only when argument `index` has all of `mask`'s bits set."""
    index: int
    mask: int


DENY, ENOSYS = "deny", "enosys"
_AF_UNIX, _CLONE_THREAD, _PRIO_PROCESS, _IOPRIO_WHO_PROCESS = 1, 0x00010000, 0, 1
_F_SETOWN, _F_SETSIG, _F_SETOWN_EX = 8, 10, 15
_TIOCSCTTY, _TIOCSPGRP, _TIOCSTI, _TIOCLINUX, _TIOCCONS = 0x540E, 0x5410, 0x5412, 0x541C, 0x541D
_FIOSETOWN, _SIOCSPGRP = 0x8901, 0x8902

_ONLY_SELF = (Only(0, (SELF,)),)
_SELF_OR_CALLER = (Only(0, (0, SELF)),)  # pid 0 means "the calling process" for these
_DENIED = (
    "execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "process_madvise", "process_mrelease", "pidfd_send_signal", "pidfd_open", "pidfd_getfd",
    "shmget", "shmat", "shmctl", "shmdt", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop",
    "semtimedop", "semctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
    "mq_getsetattr", "memfd_create", "sendmsg", "sendmmsg",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree", "move_mount", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot", "swapon",
    "swapoff", "open_by_handle_at",
)
RULES: dict[str, str | tuple] = {
    **{name: DENY for name in _DENIED},
    "clone3": ENOSYS,
    "clone": (HasBits(0, _CLONE_THREAD),),
    **{name: _ONLY_SELF for name in ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")},
    **{name: _SELF_OR_CALLER for name in ("prlimit64", "sched_setaffinity", "sched_setparam",
                                          "sched_setscheduler", "sched_setattr", "migrate_pages",
                                          "move_pages", "get_robust_list")},
    "setpriority": (Only(0, (_PRIO_PROCESS,)), Only(1, (0, SELF))),
    "ioprio_set": (Only(0, (_IOPRIO_WHO_PROCESS,)), Only(1, (0, SELF))),
    "socket": (Only(0, (_AF_UNIX,)),),
    "socketpair": (Only(0, (_AF_UNIX,)),),
    "ioctl": (Never(1, (_TIOCSTI, _TIOCLINUX, _TIOCSCTTY, _TIOCCONS, _TIOCSPGRP, _FIOSETOWN, _SIOCSPGRP)),),
    "fcntl": (Never(1, (_F_SETOWN, _F_SETOWN_EX, _F_SETSIG)),),
}

# Syscall numbers; tests/sandbox/test_seccomp.py checks every one against libseccomp's resolver.
_ARCHES = {
    "x86_64": (0xC000003E, {
        "execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
        "process_madvise": 440, "process_mrelease": 448,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "prlimit64": 302, "sched_setaffinity": 203, "sched_setparam": 142, "sched_setscheduler": 144,
        "sched_setattr": 314, "migrate_pages": 256, "move_pages": 279, "get_robust_list": 274,
        "setpriority": 141, "ioprio_set": 251, "ioctl": 16, "fcntl": 72,
        "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "msgget": 68, "msgsnd": 69, "msgrcv": 70,
        "msgctl": 71, "semget": 64, "semop": 65, "semctl": 66, "semtimedop": 220,
        "mq_open": 240, "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244,
        "mq_getsetattr": 245, "memfd_create": 319, "sendmsg": 46, "sendmmsg": 307,
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
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272,
        "process_madvise": 440, "process_mrelease": 448,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "prlimit64": 261, "sched_setaffinity": 122, "sched_setparam": 118, "sched_setscheduler": 119,
        "sched_setattr": 274, "migrate_pages": 238, "move_pages": 239, "get_robust_list": 100,
        "setpriority": 140, "ioprio_set": 30, "ioctl": 29, "fcntl": 25,
        "shmget": 194, "shmat": 196, "shmctl": 195, "shmdt": 197, "msgget": 186, "msgsnd": 189,
        "msgrcv": 188, "msgctl": 187, "semget": 190, "semop": 193, "semctl": 191, "semtimedop": 192,
        "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183, "mq_notify": 184,
        "mq_getsetattr": 185, "memfd_create": 279, "sendmsg": 211, "sendmmsg": 269,
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

# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (low word first here)
_NR, _ARCH, _ARGS = 0, 4, 16
_LD_ABS, _JA, _JEQ, _JGE, _JSET, _RET = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06
_ALLOW, _KILL_PROCESS, _ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
_X32_BIT = 0x40000000
_PID_PLACEHOLDER = 0x7FFFFFF1  # no other constant in the program has this value


def supported() -> bool:
    return platform.machine() in _ARCHES


def syscall_numbers(machine: str | None = None) -> tuple[int, dict[str, int]]:
    """(audit arch, {name: number}) for `machine` (default: this one)."""
    return _ARCHES[machine or platform.machine()]


def build_filter(own_pid: int, machine: str | None = None) -> bytes:
    """The BPF program as the kernel's `struct sock_filter[]`; `own_pid` stands for SELF in the rules."""
    arch, numbers = syscall_numbers(machine)
    program: list[list] = []  # [code, jt, jf, k]; jt/jf may be label names until resolved
    labels: dict[str, int] = {}

    def emit(code, k=0, jt=0, jf=0):
        program.append([code, jt, jf, own_pid if k == SELF else k])

    emit(_LD_ABS, _ARCH)
    emit(_JEQ, arch, jt=1)
    emit(_RET, _KILL_PROCESS)
    emit(_LD_ABS, _NR)
    if arch == 0xC000003E:
        emit(_JGE, _X32_BIT, jt=DENY)
    blocks: dict[tuple, str] = {}  # one block of argument checks per distinct rule
    for name, rule in RULES.items():
        if name not in numbers:  # e.g. fork and vfork do not exist on aarch64
            continue
        target = rule if isinstance(rule, str) else blocks.setdefault(rule, f"block{len(blocks)}")
        emit(_JEQ, numbers[name], jt=target)
    emit(_RET, _ALLOW)
    labels[DENY] = len(program)
    emit(_RET, _ERRNO | errno.EPERM)
    labels[ENOSYS] = len(program)
    emit(_RET, _ERRNO | errno.ENOSYS)
    for rule, label in blocks.items():
        labels[label] = len(program)
        deny = f"{label}.deny"
        for number, condition in enumerate(rule):
            passed = f"{label}.{number}"
            emit(_LD_ABS, _ARGS + 8 * condition.index)
            if isinstance(condition, HasBits):
                emit(_JSET, condition.mask, jt=passed, jf=deny)
            elif isinstance(condition, Only):
                for value in condition.values:
                    emit(_JEQ, value, jt=passed)
                emit(_JA, deny)
            else:
                for value in condition.values:
                    emit(_JEQ, value, jt=deny)
            labels[passed] = len(program)
        emit(_RET, _ALLOW)
        labels[deny] = len(program)
        emit(_RET, _ERRNO | errno.EPERM)

    out = bytearray()
    for index, (code, jt, jf, k) in enumerate(program):
        if code == _JA:  # an unconditional jump carries its offset in k
            k = labels[k] - index - 1
        jt = labels[jt] - index - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - index - 1 if isinstance(jf, str) else jf
        assert 0 <= jt < 256 and 0 <= jf < 256, "BPF jump out of range"
        out += struct.pack("=HBBI", code, jt, jf, k)
    return bytes(out)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


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


def denied_names() -> list[str]:
    """The syscalls the filter refuses whatever their arguments."""
    return [name for name, rule in RULES.items() if rule in (DENY, ENOSYS)]
