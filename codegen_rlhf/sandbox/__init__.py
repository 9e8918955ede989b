"""Sandboxed execution of model-written Python against a problem's tests (no ML imports; never imports torch).

    from codegen_rlhf.sandbox import Sandbox
    with Sandbox(backend="process", workers=4) as sb:
        for result in sb.map((problem, completion) for ...):
            print(result.status, result.tests_passed, result.tests_total)

See pool.py (the pool and time limits), harness.py (trusted verdicts), zygote.py (the confined sample
process), seccomp.py, isolation.py, docker_backend.py, and sandbox/README.md for the security model.
"""

from codegen_rlhf.sandbox.harness import STATUSES
from codegen_rlhf.sandbox.pool import Sandbox, SandboxResult, SandboxUnavailable, SandboxWarning

__all__ = ["STATUSES", "Sandbox", "SandboxResult", "SandboxUnavailable", "SandboxWarning"]
