"""Sandboxed execution of model-written Python against a problem's tests (no ML imports; never imports torch).

    from codegen_rlhf.sandbox import Sandbox
    with Sandbox(backend="process", workers=4) as sb:
        for result in sb.map((problem, completion) for ...):
            print(result.status, result.tests_passed, result.tests_total)

See pool.py (the pool and time limits), harness.py (trusted verdicts), zygote.py (the confined sample
process), seccomp.py, isolation.py, docker_backend.py, and sandbox/README.md for the security model.
The names below are imported lazily: the zygote imports this package too, and every module it imports (the
pool's threading among them) makes each forked sample more expensive.
"""

from __future__ import annotations

STATUSES = ("passed", "failed", "error", "syntax_error", "timeout", "memory", "killed")
_POOL_NAMES = ("Sandbox", "SandboxResult", "SandboxUnavailable", "SandboxWarning")

__all__ = ["STATUSES", *_POOL_NAMES]


def __getattr__(name: str):
    if name in _POOL_NAMES:
        from codegen_rlhf.sandbox import pool  # noqa: PLC0415 (the zygote imports this package and forks per sample)

        return getattr(pool, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
