"""The CLI module stays light: `codegen-rlhf --help` must not pay for torch and the other heavy imports that the
stages keep inside their functions (each with its measured reason, see pyproject.toml's ruff settings)."""

import json
import subprocess
import sys

HEAVY = ("torch", "transformers", "deepspeed", "datasets", "textual", "matplotlib", "docker", "numpy")


def test_importing_the_cli_imports_none_of_the_heavy_packages():
    code = f"import json, sys, codegen_rlhf.cli; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(proc.stdout) == []
