"""Process backend: each worker's zygote is a process on this host (the zygote sets up its own namespaces,
minimal root, uid drop and seccomp; see zygote.py and isolation.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the directory that contains codegen_rlhf/


class ProcessZygotes:
    """Starts zygotes as local processes, each in a session of its own with no standard stream on the caller's
    terminal (implements backends.Zygotes)."""

    def __init__(self, packages: tuple[str, ...] = ()):
        self.package_args = [arg for name in packages for arg in ("--package", name)]

    def start(self, cpu: int | None, uid: int) -> tuple[socket.socket, subprocess.Popen]:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            process = subprocess.Popen(
                [sys.executable, "-s", "-m", "codegen_rlhf.sandbox.zygote", "--fd", str(theirs.fileno()),
                 "--uid", str(uid), *self.package_args],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True, env={"PYTHONPATH": PACKAGE_ROOT}, cwd="/")
        finally:
            theirs.close()
        return ours, process

    def stop(self, process: subprocess.Popen) -> None:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        pass
