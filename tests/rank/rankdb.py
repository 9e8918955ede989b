"""Helpers for the ranking tests: a database with hand-written candidates and stated results.

The UI and store tests never execute code, so the execution results here are data typed in by hand (what
the sandbox would report); tests that need real results run `rank prepare`, which uses the sandbox.
"""

import sys
from pathlib import Path

from codegen_rlhf.cli import main
from codegen_rlhf.rank.store import Store

FIXTURES = Path(__file__).parent / "fixtures"

PASSED = {"status": "passed", "passed": True, "tests_passed": 3, "tests_total": 3, "duration_ms": 2.0, "detail": ""}
FAILED = {"status": "failed", "passed": False, "tests_passed": 1, "tests_total": 3, "duration_ms": 2.0,
          "detail": "AssertionError"}


def fill(store: Store, n_items: int = 3, k: int = 3) -> list[int]:
    """n_items prompts with k candidates each; the first candidate of each passes, the others fail."""
    ids = []
    for i in range(n_items):
        pid, _ = store.add_prompt(f"t/{i}", f"def f{i}(x):\n    \"\"\"Return x plus {i}.\"\"\"\n")
        for j in range(k):
            store.add_candidate(pid, f"    y = x + {j}\n    return y\n", PASSED if j == 0 else FAILED)
        ids.append(pid)
    return ids


def rank_cli(capsys, *args) -> tuple[int, str, str]:
    """Run `codegen-rlhf rank ARGS` in this process through the real entry point: (exit code, stdout, stderr)."""
    argv, sys.argv = sys.argv, ["codegen-rlhf", "rank", *map(str, args)]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return code, out, err
