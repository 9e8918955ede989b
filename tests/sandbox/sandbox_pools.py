"""Opening sandbox pools for the tests, per backend; Docker ones skip visibly without an engine."""

import pytest

from codegen_rlhf.sandbox import Sandbox, SandboxUnavailable
from codegen_rlhf.sandbox.docker_backend import docker_unavailable_reason

BACKENDS = ["process", pytest.param("docker", marks=pytest.mark.docker)]


def open_sandbox(backend: str, **options) -> Sandbox:
    if backend == "docker":
        reason = docker_unavailable_reason()
        if reason:
            pytest.skip(f"Docker backend not tested: {reason}")
    try:
        return Sandbox(backend=backend, **options)
    except SandboxUnavailable as e:
        if backend == "docker":
            pytest.skip(f"Docker backend not tested: {e}")
        raise

