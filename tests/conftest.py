"""Settings for the whole test suite, applied before any test module imports torch."""

import os
import sys

import pytest

from codegen_rlhf.cli import main

# Spinning OpenMP threads make CPU training several times slower on a busy 2-core machine (see cli.main).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """`run_cli(*args)` runs `codegen-rlhf ARGS...` in this process through `main()` (so torch is imported
    once for the whole suite) and returns (exit status, stdout, stderr)."""

    def run(*args) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["codegen-rlhf", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = e.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
