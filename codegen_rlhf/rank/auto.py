"""`rank auto`: a scripted annotator, recorded like a person under the name `auto:<policy>`.

Policy `tests-then-style`:
- correctness from the stored sandbox result: passed < failed (more tests passed is better) < runtime error,
  timeout, memory, killed < syntax error < not executed;
- readability from a static heuristic on the program (the prompt followed by the completion), parsed with
  `ast` and never run: lint-like findings (bare except, eval/exec, mutable defaults, comparisons to
  None/True/False, shadowed builtins, assigned-but-unused locals, lines over 100 characters), cyclomatic
  complexity, and length in non-blank lines;
- overall: correctness first, readability breaking ties.
Equal keys give equal levels (ties); levels are dense from 1 and capped at 9.

It is a stand-in for people, useful to demonstrate the pipeline and as a baseline annotator in `rank stats`;
its readability judgement is a heuristic, not a developer's taste.
"""

from __future__ import annotations

import ast
import builtins

from codegen_rlhf.rank.store import Store

POLICIES = ("tests-then-style",)
STATUS_ORDER = {"passed": 0, "failed": 1, "error": 2, "timeout": 2, "memory": 2, "killed": 2, "syntax_error": 3}
UNPARSABLE = 1000.0
BUILTIN_NAMES = frozenset(dir(builtins))
BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp, ast.comprehension, ast.Assert)


def correctness_key(execution: dict | None) -> tuple[int, float]:
    """Smaller is better."""
    if execution is None:
        return (4, 0.0)
    fraction = (execution["tests_passed"] or 0) / execution["tests_total"] if execution.get("tests_total") else 0.0
    return (STATUS_ORDER.get(execution["status"], 2), -round(fraction, 4))


def style_penalty(program: str) -> float:
    """Smaller is better: findings count 1 each, complexity 0.5 per branch, length 0.1 per line."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return UNPARSABLE
    lines = [line for line in program.splitlines() if line.strip() and not line.strip().startswith("#")]
    findings = sum(len(line) > 100 for line in lines)
    branches = 0
    for node in ast.walk(tree):
        if isinstance(node, BRANCHES):
            branches += 1
        elif isinstance(node, ast.BoolOp):
            branches += len(node.values) - 1
        if isinstance(node, ast.ExceptHandler) and node.type is None:
            findings += 1
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
            findings += 2
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(c, ast.Constant) and c.value in (None, True, False)
            and type(c.value) is not int
            for op, c in zip(node.ops, node.comparators)
        ):
            findings += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            findings += sum(isinstance(d, (ast.List, ast.Dict, ast.Set)) for d in defaults)
            if not isinstance(node, ast.Lambda):
                findings += _unused_and_shadowing(node)
    return findings + 0.5 * branches + 0.1 * len(lines)


def _unused_and_shadowing(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    stored, loaded = set(), set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
    unused = {name for name in stored - loaded if not name.startswith("_")}
    shadowed = {name for name in stored if name in BUILTIN_NAMES}
    return len(unused) + len(shadowed)


def dense_levels(keys: dict[int, object]) -> dict[int, int]:
    """Candidate id -> level: 1 for the smallest key, equal keys share a level, capped at 9."""
    distinct = sorted(set(keys.values()))
    return {cid: min(distinct.index(key) + 1, 9) for cid, key in keys.items()}


def annotate(db: str, policy: str = "tests-then-style") -> tuple[int, str]:
    """Rank every item the policy's annotator has not ranked yet; return (items ranked, annotator name)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    name = f"auto:{policy}"
    ranked = 0
    with Store(db, create=False) as store:
        annotator_id = store.annotator(name)
        while (prompt_id := store.next_item_id(annotator_id)) is not None:
            item = store.item(annotator_id, prompt_id)
            correctness = {c.id: correctness_key(c.execution) for c in item.candidates}
            style = {c.id: round(style_penalty(item.prompt + c.completion), 2) for c in item.candidates}
            levels = {
                "overall": dense_levels({cid: (correctness[cid], style[cid]) for cid in correctness}),
                "correctness": dense_levels(correctness),
                "readability": dense_levels(style),
            }
            store.submit(annotator_id, prompt_id, levels, seconds_spent=0.0)
            ranked += 1
    return ranked, name
