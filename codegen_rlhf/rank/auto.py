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

Policy `simulated-developer` (the scripted annotator of `train all` and of bench/rm_ablation.py): a simulated
developer who cares about more than the tests, so that rankings carry information execution does not. Each
candidate gets a utility, ranked from the highest:
- correctness: 3 for passing, 1 + the fraction of tests passed for a wrong answer, 0.5 for a runtime error,
  timeout or limit, 0 for a syntax error or no result;
- readability: -0.3 x `readability_penalty` (the style penalty above plus dead code after a return, raise,
  break or continue, and one-letter names other than loop indices), capped at -3: a readable wrong answer can
  beat an unreadable passing one, as with people;
- noise: a seeded Gaussian (sd `NOISE_SD`) per candidate, the same for the same text, standing in for a
  person's inconsistency.
Utilities are rounded to 0.1 first, so near-equal candidates tie. Between two candidates with the same
execution result (both passing, or failing the same number of tests) only readability and noise decide: what a
reward model can learn from these rankings and not from the tests. The simulation shows whether the RM can pick
up a preference the tests do not hold; it does not show that real developers prefer what this heuristic prefers.

They are stand-ins for people, useful to demonstrate the pipeline and as baselines in `rank stats`; their
readability judgement is a heuristic, not a developer's taste.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import random

from codegen_rlhf.rank.store import Store

POLICIES = ("tests-then-style", "simulated-developer")
NOISE_SD = 0.3
LOOP_NAMES = frozenset("ijkn_")
TERMINAL = (ast.Return, ast.Raise, ast.Break, ast.Continue)
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


def readability_penalty(program: str) -> float:
    """style_penalty plus what a reviewer also objects to: each statement after a return/raise/break/continue
    in the same block (dead code) and each distinct one-letter name other than a loop index."""
    penalty = style_penalty(program)
    if penalty >= UNPARSABLE:
        return penalty
    tree = ast.parse(program)
    dead = 0
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                ends = [i for i, statement in enumerate(block) if isinstance(statement, TERMINAL)]
                dead += len(block) - ends[0] - 1 if ends else 0
    short = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and len(n.id) == 1 and n.id not in LOOP_NAMES}
    short |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg) and len(a.arg) == 1 and a.arg not in LOOP_NAMES}
    return penalty + dead + 0.5 * len(short)


def developer_utility(program: str, execution: dict | None, seed: int = 0) -> float:
    """The simulated developer's utility of one candidate (higher is better), rounded to 0.1."""
    if execution is None or execution["status"] == "syntax_error":
        correctness = 0.0
    elif execution["status"] == "passed":
        correctness = 3.0
    elif execution["status"] == "failed":
        total = execution.get("tests_total") or 0
        correctness = 1.0 + ((execution.get("tests_passed") or 0) / total if total else 0.0)
    else:
        correctness = 0.5
    readability = -min(0.3 * readability_penalty(program), 3.0)
    digest = hashlib.sha256(f"{seed}\0{program}".encode("utf-8", "surrogatepass")).digest()
    noise = random.Random(digest).gauss(0.0, NOISE_SD)
    return round(correctness + readability + noise, 1)


def dense_levels(keys: dict[int, object]) -> dict[int, int]:
    """Candidate id -> level: 1 for the smallest key, equal keys share a level, capped at 9."""
    distinct = sorted(set(keys.values()))
    return {cid: min(distinct.index(key) + 1, 9) for cid, key in keys.items()}


def annotate(db: str, policy: str = "tests-then-style", seed: int = 0) -> tuple[int, str]:
    """Rank every item the policy's annotator has not ranked yet; return (items ranked, annotator name).
    `seed` draws the simulated developer's noise."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    name = f"auto:{policy}"
    ranked = 0
    with Store(db, create=False) as store:
        annotator_id = store.annotator(name)
        while (prompt_id := store.next_item_id(annotator_id)) is not None:
            item = store.item(annotator_id, prompt_id)
            programs = {c.id: item.prompt + c.completion for c in item.candidates}
            correctness = {c.id: correctness_key(c.execution) for c in item.candidates}
            if policy == "simulated-developer":
                style = {cid: round(readability_penalty(program), 2) for cid, program in programs.items()}
                # levels are 1 = best: the negated utility sorts the highest first
                overall = {c.id: -developer_utility(programs[c.id], c.execution, seed) for c in item.candidates}
            else:
                style = {cid: round(style_penalty(program), 2) for cid, program in programs.items()}
                overall = {cid: (correctness[cid], style[cid]) for cid in correctness}
            levels = {"overall": dense_levels(overall), "correctness": dense_levels(correctness),
                      "readability": dense_levels(style)}
            store.submit(annotator_id, prompt_id, levels, seconds_spent=0.0)
            ranked += 1
    return ranked, name
