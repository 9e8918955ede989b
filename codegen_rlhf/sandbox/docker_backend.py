"""Docker backend: the same zygote as the process backend, as the main process of long-lived containers.

One container per worker, started once and reused for every sample (never a container per sample): network
none, no IPC (no /dev/shm, message queues hidden), read-only root, a size- and inode-capped tmpfs /tmp,
pids/memory/CPU limits, no-new-privileges, a seccomp profile (seccomp_profile(), also written to
sandbox/seccomp.json). The zygote is the container's root with only the capabilities it needs to run samples
as another uid and clean up after them (ZYGOTE_CAPABILITIES); each worker's samples run as a uid of their own,
so no sample can reach the zygote (its limits, priority or signals) and no two workers share a per-uid budget.
Only the sandbox's own code is bind-mounted (read-only): not the rest of the package, whose data includes
the task suite. Allowed packages (`packages`) are bind-mounted beside it.

The container's zygote connects to a Unix socket that the pool listens on in a private host directory
bind-mounted read-only into the container; the runner then talks to it exactly as to a local zygote (sample
channels are passed as file descriptors over that socket, which works across the container boundary). Inside,
each sample still gets its own forked process with rlimits and the per-sample seccomp filter.

Needs the `docker` Python SDK, a reachable engine, and the image (sandbox/build-image.sh or
sandbox/ci-setup.sh). Not covered: the engine itself (dockerd runs as root); user namespaces remapping are
left to the engine's configuration.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from codegen_rlhf.sandbox import seccomp
from codegen_rlhf.sandbox.errors import SandboxUnavailable

DEFAULT_IMAGE = os.environ.get("CODEGEN_SANDBOX_IMAGE", "codegen-rlhf-sandbox:latest")
SANDBOX_DIR = Path(__file__).resolve().parent  # codegen_rlhf/sandbox/
MOUNT_ROOT = "/opt/codegen-rlhf"
LABEL = "codegen-rlhf-sandbox"
CONNECT_TIMEOUT_S = 60.0
# setuid/setgid: drop each sample to its worker's uid; kill: end samples of that uid; chown, dac_override,
# fowner: give the work dir to that uid and remove whatever a sample left, whatever modes it set.
ZYGOTE_CAPABILITIES = ["SETUID", "SETGID", "KILL", "CHOWN", "DAC_OVERRIDE", "FOWNER"]

# Never needed by the zygote or a sample: denied for the whole container (the per-sample filter adds
# execve and process creation, which the zygote itself needs, and the argument checks).
_CONTAINER_DENIED = [name for name in seccomp.denied_names()
                     if name not in ("execve", "execveat", "fork", "vfork", "clone3", "pidfd_open")]


def seccomp_profile() -> dict:
    """Docker seccomp profile: allow by default, deny the kernel surface no worker needs, Unix sockets only."""
    arch = {"x86_64": "SCMP_ARCH_X86_64", "aarch64": "SCMP_ARCH_AARCH64"}.get(os.uname().machine)
    return {
        "defaultAction": "SCMP_ACT_ALLOW",
        "architectures": [arch] if arch else [],
        "syscalls": [
            {"names": sorted(_CONTAINER_DENIED), "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
            {"names": ["socket", "socketpair"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97,
             "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NE"}]},
        ],
    }


def docker_unavailable_reason(image: str = DEFAULT_IMAGE) -> str | None:
    """None if the backend can run here, else why not (for a skip message or an error)."""
    try:
        import docker  # noqa: PLC0415 (optional package: docker, the docker extra; ~0.2 s)
    except ImportError:
        return "the docker Python SDK is not installed (pip install docker)"
    try:
        client = docker.from_env()
        client.ping()
    except Exception as e:
        return f"no Docker engine reachable ({type(e).__name__}); run sandbox/ci-setup.sh"
    try:
        client.images.get(image)
    except Exception:
        return f"image {image} is missing; build it with sandbox/build-image.sh"
    return None


class DockerZygotes:
    """Starts and stops one sandbox container per worker (implements backends.Zygotes)."""

    def __init__(self, image: str | None = None, memory_mb: int = 1024, tmp_mb: int = 64,
                 packages: tuple[str, ...] = ()):
        self.image, self.memory_mb, self.tmp_mb = image or DEFAULT_IMAGE, memory_mb, tmp_mb
        self.volumes = {str(SANDBOX_DIR): {"bind": f"{MOUNT_ROOT}/codegen_rlhf/sandbox", "mode": "ro"},
                        str(SANDBOX_DIR.parent / "__init__.py"): {"bind": f"{MOUNT_ROOT}/codegen_rlhf/__init__.py",
                                                                  "mode": "ro"}}
        for name in packages:
            spec = importlib.util.find_spec(name)
            if spec is None:
                raise SandboxUnavailable(f"allowed package {name!r} is not installed")
            path = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin
            self.volumes[os.path.realpath(path)] = {"bind": f"{MOUNT_ROOT}/{os.path.basename(path)}", "mode": "ro"}
        reason = docker_unavailable_reason(self.image)
        if reason:
            raise SandboxUnavailable(reason)
        import docker  # noqa: PLC0415 (optional package: docker, checked by docker_unavailable_reason above)

        self.client = docker.from_env()
        self.profile = json.dumps(seccomp_profile())

    def start(self, cpu: int | None, uid: int):
        socket_dir = tempfile.mkdtemp(prefix="codegen-sandbox-")
        os.chmod(socket_dir, 0o755)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(os.path.join(socket_dir, "zygote.sock"))
        os.chmod(os.path.join(socket_dir, "zygote.sock"), 0o777)
        listener.listen(1)
        listener.settimeout(CONNECT_TIMEOUT_S)
        container = None
        try:
            container = self.client.containers.run(
                self.image,
                ["python3", "-s", "-m", "codegen_rlhf.sandbox.zygote", "--connect", "/run/codegen/zygote.sock",
                 "--uid", str(uid), "--container"],
                detach=True, auto_remove=True, labels={LABEL: str(os.getpid())},
                user="0:0", working_dir=MOUNT_ROOT, environment={},
                network_mode="none", read_only=True, ipc_mode="none",
                # nr_inodes as in the process backend: directories cost no blocks, so size= alone does not cap
                # them, and cleanup between samples stays bounded. Covered by empty read-only file systems:
                # /dev/mqueue (POSIX queues made by open()) and /dev/pts (no terminal of any kind).
                tmpfs={"/tmp": f"size={self.tmp_mb}m,nr_inodes=4096,mode=1777,nosuid,nodev",
                       "/dev/mqueue": "ro,size=4k,nr_inodes=1", "/dev/pts": "ro,size=4k,nr_inodes=1"},
                volumes={**self.volumes, socket_dir: {"bind": "/run/codegen", "mode": "ro"}},
                cap_drop=["ALL"], cap_add=ZYGOTE_CAPABILITIES,
                security_opt=["no-new-privileges", f"seccomp={self.profile}"],
                pids_limit=64, mem_limit=f"{self.memory_mb + 256}m", memswap_limit=f"{self.memory_mb + 256}m",
                nano_cpus=1_000_000_000, cpuset_cpus=None if cpu is None else str(cpu),
            )
            connection, _ = listener.accept()
        except Exception:
            if container is not None:
                _remove(container)
            shutil.rmtree(socket_dir, ignore_errors=True)
            raise
        finally:
            listener.close()
        return connection, (container, socket_dir)

    def stop(self, handle) -> None:
        container, socket_dir = handle
        _remove(container)
        shutil.rmtree(socket_dir, ignore_errors=True)

    def close(self) -> None:
        self.client.close()


def _remove(container) -> None:
    try:
        container.remove(force=True)
    except Exception:  # already gone (auto_remove) or the engine went away: nothing left to clean
        pass


if __name__ == "__main__":  # python -m codegen_rlhf.sandbox.docker_backend > sandbox/seccomp.json
    json.dump(seccomp_profile(), sys.stdout, indent=2)
    sys.stdout.write("\n")
