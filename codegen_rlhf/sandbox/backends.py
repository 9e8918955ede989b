"""The sandbox backends, declared once. The pool builds its workers' zygotes through BACKENDS, and the CLI's
`--backend` choices and help read it too: adding a backend is a `register(Backend(...))` plus its module.

A backend only starts and stops zygotes (zygote.py, the same worker everywhere) and hands the pool a connected
Unix socket to each; everything above that socket (the trusted runner, limits, verdicts) is shared.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from codegen_rlhf.sandbox.docker_backend import DockerZygotes
from codegen_rlhf.sandbox.process_backend import ProcessZygotes


class Zygotes(Protocol):
    """What a backend provides to the pool: one zygote per worker."""

    def start(self, cpu: int | None, uid: int) -> tuple[socket.socket, Any]:
        """Start a zygote kept on `cpu` (None: anywhere) whose samples run as `uid`; return a connected
        socket to it and a handle for stop()."""

    def stop(self, handle: Any) -> None:
        """Stop one zygote (its socket is already closed) and free what start() took."""

    def close(self) -> None:
        """Release what the backend itself holds (called once, after every zygote is stopped)."""


@dataclass(frozen=True)
class ZygoteOptions:
    memory_mb: int
    packages: tuple[str, ...] = ()
    image: str | None = None  # for container backends


@dataclass(frozen=True)
class Backend:
    name: str
    summary: str  # one line for --help
    make: Callable[[ZygoteOptions], Zygotes]  # may raise errors.SandboxUnavailable


BACKENDS: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    BACKENDS[backend.name] = backend
    return backend


register(Backend("process", "forks each sample from a warm zygote on this host (Linux; full isolation as root)",
                 lambda options: ProcessZygotes(options.packages)))
register(Backend("docker", "the same zygote in long-lived locked-down containers (needs a Docker engine)",
                 lambda options: DockerZygotes(image=options.image, memory_mb=options.memory_mb,
                                               packages=options.packages)))
