"""Build the task suite: data/tasks/authoring/<module>.py  ->  codegen_rlhf/data/tasks/<module>.jsonl.

Each authoring module defines `FAMILY = "<family>"`, optionally `TIER = "<tier>"` (missing means "core"), and
its tasks as real functions, in task order, each
decorated with `@task(difficulty=..., inputs=[...], float_tol=..., preamble=...)` (see _task.py). The function
is the task's canonical solution; this script cuts the task out of the module's source text:
- `prompt`: the preamble, then the lines from `def` through the docstring (HumanEval's prompt: a signature
  and a docstring with a `>>>` example);
- `solution`: the body's remaining lines (HumanEval's canonical_solution: prompt + solution is the program).

The canonical solutions are our own trusted code, so this script runs them in-process to compute each
input's `expected` value; it then writes a `check(candidate)` function asserting those cases (floats within a
tolerance) and the same cases as structured `tests`. Ids, splits and module names follow the task's tier
(index in source order; splits are stratified by family and tier, and deterministic):
- core: module `<family>.py`, ids `<family>/<index:03d>`, every fifth task (index % 5 == 4) held out;
- starter: module `starter_<family>.py` (FAMILY one of the core families), ids `starter/<family>/<index:03d>`,
  every fourth task (index % 4 == 3) held out.
Rerunning changes nothing. Whether the tasks are *good* (tests strong enough, no HumanEval overlap, no
near-duplicates, solutions passing in the sandbox) is checked by `codegen-rlhf data validate`, not here.

Usage: python data/tasks/authoring/build.py [--check] [MODULE ...]   (e.g. strings, starter_strings)
  no MODULE rebuilds every module; --check writes nothing and exits 1 if a JSONL file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts this folder first on sys.path, where the `math` family module would shadow
# the standard library's math for every solution that imports it. Families are loaded by path instead.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import ast  # noqa: E402  (after the sys.path fix on purpose)
import copy
import doctest
import importlib.util
import io
import json
import os
import textwrap

AUTHORING_DIR = Path(__file__).resolve().parent
REPO = AUTHORING_DIR.parents[2]
# The built suite is package data, so that an installed codegen-rlhf (a wheel, not only a checkout) has it.
TASKS_DIR = REPO / "codegen_rlhf" / "data" / "tasks"
DIFFICULTIES = ("easy", "medium", "hard")
# tier -> every how many tasks (by index in its module) one is held out; the last of each group is.
HELDOUT_EVERY = {"core": 5, "starter": 4}
MIN_INPUTS = 5
DEFAULT_FLOAT_TOL = 1e-9

# Defined inside every generated test that compares floats; kept as source text because `test` is code.
CLOSE_HELPER = '''\
def _close(got, want, tol):
    """Equality that allows `tol` (relative, absolute near zero) on floats, recursively."""
    if isinstance(want, float):
        return isinstance(got, (int, float)) and abs(got - want) <= tol * max(1.0, abs(want))
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(_close(g, w, tol) for g, w in zip(got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(_close(got[k], want[k], tol) for k in want)
    return type(got) is type(want) and got == want


'''


class AuthoringError(Exception):
    pass


def family_modules() -> list[Path]:
    return sorted(p for p in AUTHORING_DIR.glob("*.py") if p.name != "build.py" and not p.name.startswith("_"))


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Family modules say `from _task import task`; this folder is not on sys.path (see above), so the decorator's
# module is registered under that name before any family is loaded.
sys.modules.setdefault("_task", load_module(AUTHORING_DIR / "_task.py", "_task"))


def load_family(path: Path):
    module = load_module(path, f"task_family_{path.stem}")
    tier, family = module_tier(module), getattr(module, "FAMILY", None)
    if tier not in HELDOUT_EVERY:
        raise AuthoringError(f"{path.name}: TIER must be one of {', '.join(HELDOUT_EVERY)}")
    if tier == "core" and family != path.stem:
        raise AuthoringError(f"{path.name}: FAMILY must be {path.stem!r}")
    if tier != "core" and (path.stem != f"{tier}_{family}" or not (path.parent / f"{family}.py").exists()):
        raise AuthoringError(f"{path.name}: a {tier} module is named {tier}_<family>.py after a core family module")
    return module


def module_tier(module) -> str:
    return getattr(module, "TIER", "core")


def task_id(tier: str, family: str, index: int) -> str:
    return f"{family}/{index:03d}" if tier == "core" else f"{tier}/{family}/{index:03d}"


def split_of(tier: str, index: int) -> str:
    every = HELDOUT_EVERY[tier]
    return "heldout" if index % every == every - 1 else "train"


def family_tasks(path: Path) -> tuple[str, str, list[dict]]:
    """The family name, the tier and the tasks in source order, each as `name, prompt, solution` cut from the
    source text plus the `@task` metadata (`difficulty, inputs`, optional `float_tol`)."""
    module = load_family(path)
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")  # the tokenizer's lines (str.splitlines would also split at \x0c, \u2028, ...)
    tasks = []
    for node in ast.parse(source, str(path)).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        where = f"{path.name}:{node.lineno} ({node.name})"
        metadata = getattr(getattr(module, node.name), "task", None)
        if metadata is None:
            raise AuthoringError(f"{where}: a top-level function of a family module needs @task(...)")
        # The prompt ends with the docstring (or, without one, the signature); the solution is the rest.
        has_docstring = ast.get_docstring(node, clean=False) is not None
        prompt_end = node.body[0].end_lineno if has_docstring else node.body[0].lineno - 1
        solution = node.body[1:] if has_docstring else node.body
        if not solution or solution[0].lineno <= prompt_end:
            raise AuthoringError(f"{where}: the solution (the body after the docstring) must start on its own line")
        metadata = dict(metadata)
        preamble = metadata.pop("preamble")
        tasks.append(dict(
            name=node.name,
            prompt=preamble + "\n".join(lines[node.lineno - 1:prompt_end]) + "\n",
            solution="\n".join(lines[prompt_end:node.end_lineno]) + "\n",
            **metadata,
        ))
    return module.FAMILY, module_tier(module), tasks


def canonical_function(task: dict, where: str):
    """Compile prompt + solution (trusted, authored here) and return the entry-point function."""
    namespace: dict = {}
    try:
        exec(compile(task["prompt"] + task["solution"], where, "exec"), namespace)
    except SyntaxError as e:
        raise AuthoringError(f"{where}: prompt + solution does not compile: {e}") from None
    if not callable(namespace.get(task["name"])):
        raise AuthoringError(f"{where}: prompt does not define {task['name']}()")
    return namespace[task["name"]]


def check_examples(task: dict, fn, where: str) -> None:
    """The prompt's `>>>` examples must hold for the canonical solution (they are what the model reads)."""
    func = next(n for n in ast.walk(ast.parse(task["prompt"]))
                if isinstance(n, ast.FunctionDef) and n.name == task["name"])
    # The docstring as written (escapes unprocessed), so `>>> f("a\\tb")` is read the way a person reads it.
    raw = ast.get_source_segment(task["prompt"], func.body[0]) if ast.get_docstring(func) else ""
    docstring = textwrap.dedent("\n".join(raw.strip("\"'").splitlines()[1:]))
    try:
        test = doctest.DocTestParser().get_doctest(docstring, {task["name"]: fn}, where, None, 0)
    except ValueError as e:
        raise AuthoringError(f"{where}: unreadable >>> example: {e}") from None
    failures = io.StringIO()
    runner = doctest.DocTestRunner()  # exact: spacing inside an expected string is part of the example
    runner.run(test, out=failures.write, clear_globs=False)
    if runner.failures:
        raise AuthoringError(
            f"{where}: a >>> example in the prompt disagrees with the solution:\n{failures.getvalue()}")


def json_exact(value, where: str):
    """The value itself if it survives a JSON round trip unchanged (no tuples, sets, int keys, NaN)."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise AuthoringError(f"{where}: not JSON-representable: {e}") from None
    if not _same(json.loads(text), value):
        raise AuthoringError(f"{where}: changes in a JSON round trip (tuple, set or non-str key?): {value!r}")
    return value


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def has_float(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, list):
        return any(has_float(v) for v in value)
    if isinstance(value, dict):
        return any(has_float(v) for v in value.values())
    return False


def check_source(cases: list[dict], tol: float) -> str:
    """A HumanEval-style `check(candidate)` asserting every case; `_close` only where floats appear."""
    needs_close = any(has_float(c["expected"]) for c in cases)
    lines = ["def check(candidate):"]
    for case in cases:
        call = f"candidate({', '.join(repr(a) for a in case['args'])})"
        if has_float(case["expected"]):
            lines.append(f"    assert _close({call}, {case['expected']!r}, {tol!r})")
        else:
            lines.append(f"    assert {call} == {case['expected']!r}")
    return ("METADATA = {}\n\n\n" + (CLOSE_HELPER if needs_close else "") + "\n".join(lines) + "\n")


def build_task(family: str, index: int, task: dict, tier: str = "core") -> dict:
    where = f"{task_id(tier, family, index)} ({task.get('name', '?')})"
    missing = [k for k in ("name", "difficulty", "prompt", "solution", "inputs") if k not in task]
    if missing:
        raise AuthoringError(f"{where}: missing {', '.join(missing)}")
    if task["difficulty"] not in DIFFICULTIES:
        raise AuthoringError(f"{where}: difficulty must be one of {DIFFICULTIES}")
    if ">>>" not in task["prompt"] or f"def {task['name']}(" not in task["prompt"]:
        raise AuthoringError(f"{where}: prompt needs `def {task['name']}(` and a >>> example")
    if len(task["inputs"]) < MIN_INPUTS:
        raise AuthoringError(f"{where}: needs >= {MIN_INPUTS} inputs, has {len(task['inputs'])}")
    fn = canonical_function(task, where)
    check_examples(task, fn, where)
    cases = []
    for n, args in enumerate(task["inputs"]):
        args = json_exact(list(args), f"{where} input {n}")
        try:
            expected = fn(*copy.deepcopy(args))
        except Exception as e:
            raise AuthoringError(f"{where} input {n} {args!r}: canonical solution raised {e!r}") from None
        cases.append({"args": args, "expected": json_exact(expected, f"{where} input {n} result")})
    if len({json.dumps(c["args"]) for c in cases}) != len(cases):
        raise AuthoringError(f"{where}: duplicate inputs")
    return {
        "task_id": task_id(tier, family, index),
        "prompt": task["prompt"],
        "entry_point": task["name"],
        "canonical_solution": task["solution"],
        "test": check_source(cases, task.get("float_tol", DEFAULT_FLOAT_TOL)),
        "tests": cases,
        "difficulty": task["difficulty"],
        "family": family,
        "split": split_of(tier, index),
        "tier": tier,
    }


def family_jsonl(path: Path) -> tuple[Path, str]:
    """The output file of one authoring module and the text it should hold."""
    family, tier, tasks = family_tasks(path)
    names = [t["name"] for t in tasks]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise AuthoringError(f"{path.name}: duplicate task names {duplicated}")
    rows = [build_task(family, i, t, tier) for i, t in enumerate(tasks)]
    return TASKS_DIR / f"{path.stem}.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def build_family(path: Path) -> Path:
    out, text = family_jsonl(path)
    if not out.exists() or out.read_text(encoding="utf-8") != text:  # untouched files keep their mtime
        tmp = out.with_suffix(".jsonl.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    return out


def main(argv: list[str]) -> int:
    check_only = "--check" in argv  # CI: fail if a JSONL file is not what its authoring module builds
    names = [a for a in argv if a != "--check"]
    paths = family_modules()
    if names:
        paths = [p for p in paths if p.stem in names]
        unknown = set(names) - {p.stem for p in paths}
        if unknown:
            print(f"error: no authoring module for {sorted(unknown)}", file=sys.stderr)
            return 2
    stale = []
    try:
        for path in paths:
            if check_only:
                out, text = family_jsonl(path)
                if not out.exists() or out.read_text(encoding="utf-8") != text:
                    stale.append(out.name)
                continue
            out = build_family(path)
            print(f"{os.path.relpath(out)}: {sum(1 for _ in out.open(encoding='utf-8'))} tasks")
    except AuthoringError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if stale:
        print(f"out of date (rerun build.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
