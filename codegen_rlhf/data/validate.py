"""Validate a task suite (codegen_rlhf/data/tasks/*.jsonl or any problem JSONL): `codegen-rlhf data validate`.

Checks, each reported per task id:

1. schema      required keys and types, >= 5 structured tests, difficulty/family/split/tier values, unique
               ids starting with the family (`starter/<family>/` in the starter tier), a prompt defining
               the entry point with a `>>>` example.
2. execution   the canonical solution passes its `check` and every structured test, in the sandbox.
3. mutants     test strength: simple AST mutants of the canonical solution (off-by-one constants and
               comparisons, swapped arithmetic/comparison/boolean operators, a constant return, a dropped
               if/else branch) run in the sandbox; at least two must fail, and at least one of those must
               not be a constant return (when the task has any other kind), so a test that only rejects
               `return None` does not count as strong.
4. humaneval   no prompt shares a 10-token word n-gram with any HumanEval prompt; the closest pairs are
               reported either way.
5. duplicates  no two tasks share an entry point, a normalized solution (identifiers renamed), or a
               description (docstring before its examples) whose word-trigram Jaccard similarity reaches
               NEAR_DUPLICATE_JACCARD.

Not covered: whether a description is unambiguous (only the `>>>` examples and tests pin it), semantic
duplicates written in different words with different code, and equivalent mutants (a surviving mutant may
be harmless, so only the minimum above is enforced; the kill rate is reported).
Canonical solutions and mutants only ever run inside `codegen_rlhf.sandbox`, because a JSONL file given to
this command is not trusted code.
"""

from __future__ import annotations

import ast
import copy
import itertools
import os
import re
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import ProgressColumn
from rich.table import Table
from rich.text import Text

from codegen_rlhf.data.problems import TIERS, humaneval_path
from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl
from codegen_rlhf.progress import progress_bar
from codegen_rlhf.sandbox import Sandbox

DIFFICULTIES = ("easy", "medium", "hard")
SPLITS = ("train", "heldout")
MIN_TESTS = 5
NGRAM = 10  # a shared run of this many words with a HumanEval prompt counts as contamination
NEAR_DUPLICATE_JACCARD = 0.5  # word-trigram Jaccard of two descriptions at or above this is a near-duplicate
MAX_MUTANTS = 10  # per task; enough to find two killed ones, few enough to keep validation fast
MIN_KILLED = 2
FIRST_ROUND = 3  # mutants per task tried before the rest (see check_execution)
CANONICAL_TIMEOUT_S = 10.0  # a reference solution slower than this is a finding in itself
CLOSEST_SHOWN = 5
CHECKS = ("schema", "execution", "mutants", "humaneval", "duplicates")


@dataclass(frozen=True)
class Finding:
    task_id: str
    check: str
    message: str


@dataclass
class Report:
    problems: list[dict]
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # check -> number of tasks (or pairs) examined
    closest_humaneval: list[tuple[int, str, str, str]] = field(default_factory=list)  # (run, task, he id, words)
    closest_pairs: list[tuple[float, str, str]] = field(default_factory=list)  # (jaccard, task, task)
    mutants_run: int = 0
    mutants_killed: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------------------------------------------- loading


def load_suite(path: str | os.PathLike) -> list[dict]:
    """All problems of a .jsonl file, or of every *.jsonl directly in a directory, in file/line order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise UserError(f"{path}: no .jsonl files in this directory")
    elif path.is_file():
        files = [path]
    else:
        raise UserError(f"{path}: no such file or directory")
    return [obj for f in files for _, obj in iter_jsonl(f)]


def humaneval_prompts(path: str | os.PathLike | None = None) -> dict[str, str]:
    return {obj["task_id"]: obj["prompt"] for _, obj in iter_jsonl(path or humaneval_path())}


# ----------------------------------------------------------------------------------------------------- schema


def _is_json_list_of_cases(tests) -> bool:
    return isinstance(tests, list) and all(
        isinstance(t, dict) and isinstance(t.get("args"), list) and "expected" in t for t in tests
    )


def check_schema(problems: list[dict]) -> list[Finding]:
    findings = []
    ids = Counter(p.get("task_id") for p in problems)
    for n, p in enumerate(problems):
        tid = p.get("task_id") if isinstance(p.get("task_id"), str) else f"<problem #{n + 1}>"

        def bad(message, tid=tid):
            findings.append(Finding(tid, "schema", message))

        for key in ("task_id", "prompt", "entry_point", "canonical_solution", "test", "difficulty", "family", "split",
                    "tier"):
            if not isinstance(p.get(key), str) or not p[key]:
                bad(f"{key} must be a non-empty string")
        if ids[p.get("task_id")] > 1:
            bad("duplicate task_id")
        if p.get("difficulty") not in DIFFICULTIES:
            bad(f"difficulty {p.get('difficulty')!r} is not one of {', '.join(DIFFICULTIES)}")
        if p.get("split") not in SPLITS:
            bad(f"split {p.get('split')!r} is not one of {', '.join(SPLITS)}")
        if p.get("tier") not in TIERS:
            bad(f"tier {p.get('tier')!r} is not one of {', '.join(TIERS)}")
        elif isinstance(p.get("family"), str) and isinstance(p.get("task_id"), str):
            prefix = p["family"] + "/" if p["tier"] == "core" else f"{p['tier']}/{p['family']}/"
            if not p["task_id"].startswith(prefix):
                bad(f"task_id does not start with {prefix!r} (its tier and family)")
        if not _is_json_list_of_cases(p.get("tests")):
            bad('tests must be a list of {"args": [...], "expected": ...}')
        elif len(p["tests"]) < MIN_TESTS:
            bad(f"only {len(p['tests'])} structured tests (need >= {MIN_TESTS})")
        entry, prompt = p.get("entry_point"), p.get("prompt")
        if isinstance(entry, str) and isinstance(prompt, str):
            if not entry.isidentifier() or f"def {entry}(" not in prompt:
                bad(f"prompt does not define the entry point {entry!r}")
            if ">>>" not in prompt:
                bad("prompt has no >>> example")
        if isinstance(p.get("test"), str) and "def check(" not in p["test"]:
            bad("test does not define check(candidate)")
    return findings


# ------------------------------------------------------------------------------------------------- humaneval


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def longest_shared_run(tokens: list[str], index: dict[int, dict[tuple, str]]) -> tuple[int, str, tuple]:
    """Longest k (<= the index's largest n) with a k-gram of `tokens` in the reference index: (k, ref id, gram)."""
    best = (0, "", ())
    for k in sorted(index):
        hit = next(((index[k][g], g) for g in sorted(ngrams(tokens, k)) if g in index[k]), None)
        if hit is None:
            break  # no shared k-gram means no longer one either
        best = (k, hit[0], hit[1])
    return best


def check_humaneval(problems: list[dict], reference: dict[str, str], n: int = NGRAM):
    """Findings for prompts sharing an n-word run with a reference prompt, plus the closest tasks."""
    index: dict[int, dict[tuple, str]] = {k: {} for k in range(1, n + 1)}
    for ref_id, prompt in sorted(reference.items()):
        tokens = words(prompt)
        for k in index:
            for g in ngrams(tokens, k):
                index[k].setdefault(g, ref_id)
    findings, runs = [], []
    for p in problems:
        k, ref_id, gram = longest_shared_run(words(p.get("prompt", "")), index)
        runs.append((k, p.get("task_id", "?"), ref_id, " ".join(gram)))
        if k >= n:
            findings.append(Finding(p.get("task_id", "?"), "humaneval", f"shares {n} words with {ref_id}: {' '.join(gram)!r}"))
    runs.sort(key=lambda r: (-r[0], r[1]))
    return findings, runs[:CLOSEST_SHOWN]


# ------------------------------------------------------------------------------------------------ duplicates


class _Anonymize(ast.NodeTransformer):
    """Rename every identifier to its first-seen position so renamed copies compare equal."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._name(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = self._name(node.arg)
        node.annotation = None
        return node


def normalized_solution(problem: dict) -> str | None:
    try:
        tree = ast.parse(textwrap.dedent(problem.get("canonical_solution", "")))
    except SyntaxError:
        return None
    return ast.dump(_Anonymize().visit(tree), annotate_fields=False)


def description(problem: dict) -> str:
    """The docstring text before its first `>>>` example: what a reworded copy would share. Function names
    and examples are left out, since a copy would rename the one and may change the other."""
    prompt = problem.get("prompt", "")
    try:
        funcs = [n for n in ast.walk(ast.parse(prompt)) if isinstance(n, ast.FunctionDef)]
    except SyntaxError:
        funcs = []
    func = next((f for f in funcs if f.name == problem.get("entry_point")), None)
    text = (ast.get_docstring(func) if func else None) or prompt
    return text.split(">>>")[0]


def check_duplicates(problems: list[dict], threshold: float = NEAR_DUPLICATE_JACCARD):
    findings = []
    for key, label in ((lambda p: p.get("entry_point"), "entry point"), (normalized_solution, "normalized solution")):
        groups = defaultdict(list)
        for p in problems:
            value = key(p)
            if value:
                groups[value].append(p.get("task_id", "?"))
        for ids in groups.values():
            for tid in ids[1:]:
                findings.append(Finding(tid, "duplicates", f"same {label} as {ids[0]}"))
    grams = [(p.get("task_id", "?"), ngrams(words(description(p)), 3)) for p in problems]
    pairs = []
    for (a, ga), (b, gb) in itertools.combinations(grams, 2):
        if ga and gb:
            pairs.append((len(ga & gb) / len(ga | gb), a, b))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    for sim, a, b in pairs:
        if sim < threshold:
            break
        findings.append(Finding(b, "duplicates", f"description is a near-duplicate of {a} (trigram Jaccard {sim:.2f})"))
    return findings, pairs[:CLOSEST_SHOWN]


# --------------------------------------------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    kind: str  # off-by-one | operator | constant-return | dropped-branch
    description: str
    completion: str


_OFF_BY_ONE_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
_SWAPPED_COMPARE = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE,
                    ast.GtE: ast.LtE, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_SWAPPED_ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.Div: ast.Mult,
                       ast.FloorDiv: ast.Mod, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
_SWAPPED_BOOLEAN = {ast.And: ast.Or, ast.Or: ast.And}
_CONSTANTS = (None, 0, "", [])


def _mutation_sites(nodes: list[ast.AST]) -> list[tuple[str, int, str, object]]:
    """(kind, node index, description, change) for every simple mutation of the given nodes."""
    sites = []
    for i, node in enumerate(nodes):
        if isinstance(node, ast.Constant) and type(node.value) is int:
            sites.append(("off-by-one", i, f"constant {node.value} -> {node.value + 1}", node.value + 1))
        elif isinstance(node, ast.Compare):
            for j, op in enumerate(node.ops):
                if type(op) in _OFF_BY_ONE_COMPARE:
                    sites.append(("off-by-one", i, f"comparison {type(op).__name__} -> {_OFF_BY_ONE_COMPARE[type(op)].__name__}", (j, _OFF_BY_ONE_COMPARE[type(op)])))
                if type(op) in _SWAPPED_COMPARE:
                    sites.append(("operator", i, f"comparison {type(op).__name__} -> {_SWAPPED_COMPARE[type(op)].__name__}", (j, _SWAPPED_COMPARE[type(op)])))
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _SWAPPED_ARITHMETIC:
            sites.append(("operator", i, f"{type(node.op).__name__} -> {_SWAPPED_ARITHMETIC[type(node.op)].__name__}", _SWAPPED_ARITHMETIC[type(node.op)]))
        elif isinstance(node, ast.BoolOp):
            sites.append(("operator", i, f"{type(node.op).__name__} -> {_SWAPPED_BOOLEAN[type(node.op)].__name__}", _SWAPPED_BOOLEAN[type(node.op)]))
        elif isinstance(node, ast.If):
            sites.append(("dropped-branch", i, f"if-branch at line {node.lineno} dropped", "body"))
            if node.orelse:
                sites.append(("dropped-branch", i, f"else-branch at line {node.lineno} dropped", "orelse"))
    return sites


def _apply(node: ast.AST, kind: str, change) -> None:
    if isinstance(node, ast.Constant):
        node.value = change
    elif isinstance(node, ast.Compare):
        j, op = change
        node.ops[j] = op()
    elif isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)):
        node.op = change()
    elif isinstance(node, ast.If):
        if change == "body":
            node.body = [ast.Pass()]
        else:
            node.orelse = []


def _split_program(prompt: str, solution: str, entry_point: str):
    """Parse prompt + solution; return (tree, the entry function, index of its first non-docstring stmt)."""
    tree = ast.parse(prompt + solution)
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point)
    first = 1 if ast.get_docstring(func) is not None else 0
    return tree, func, first


def _completion(tree: ast.Module, func: ast.FunctionDef, first: int) -> str:
    """The body (indented, after the docstring) plus any top-level code that followed the function."""
    body = textwrap.indent("\n".join(ast.unparse(s) for s in func.body[first:]), "    ")
    after = tree.body[tree.body.index(func) + 1 :]
    return body + "\n" + ("\n\n" + "\n".join(ast.unparse(s) for s in after) + "\n" if after else "")


def generate_mutants(prompt: str, solution: str, entry_point: str, limit: int = MAX_MUTANTS) -> list[Mutant]:
    """Up to `limit` distinct, compilable mutants of the solution, kinds interleaved so each kind is tried."""
    try:
        tree, func, first = _split_program(prompt, solution, entry_point)
    except (SyntaxError, StopIteration):
        return []
    original = _completion(tree, func, first)

    def targets(t, f):  # what may be mutated: the function's body and code after it, never the prompt
        roots = f.body[first:] + t.body[t.body.index(f) + 1 :]
        return [n for r in roots for n in ast.walk(r)]

    by_kind: dict[str, list[Mutant]] = defaultdict(list)
    for value in _CONSTANTS:
        mutated = copy.deepcopy(tree)
        f = next(n for n in mutated.body if isinstance(n, ast.FunctionDef) and n.name == entry_point)
        f.body[first:] = [ast.Return(ast.Constant(value) if not isinstance(value, list) else ast.List([], ast.Load()))]
        by_kind["constant-return"].append(Mutant("constant-return", f"return {value!r}", _completion(mutated, f, first)))
    nodes = targets(tree, func)
    in_loop = {id(n) for w in nodes if isinstance(w, ast.While) for n in ast.walk(w)}
    # Mutants inside a while loop often never terminate and cost a whole time limit, so they are tried last.
    sites = sorted(_mutation_sites(nodes), key=lambda site: id(nodes[site[1]]) in in_loop)
    for kind, i, description, change in sites:
        mutated = copy.deepcopy(tree)
        f = next(n for n in mutated.body if isinstance(n, ast.FunctionDef) and n.name == entry_point)
        _apply(targets(mutated, f)[i], kind, change)
        by_kind[kind].append(Mutant(kind, description, _completion(mutated, f, first)))

    chosen, seen = [], {original}
    for group in itertools.zip_longest(*(by_kind[k] for k in ("constant-return", "off-by-one", "operator", "dropped-branch"))):
        for mutant in group:
            if mutant is None or mutant.completion in seen or len(chosen) >= limit:
                continue
            try:
                compile(prompt + mutant.completion, "<mutant>", "exec")
            except SyntaxError:
                continue
            seen.add(mutant.completion)
            chosen.append(mutant)
    return chosen


# ------------------------------------------------------------------------------------------------- execution


def _strong(killed: list[Mutant], mutants: list[Mutant]) -> bool:
    """Enough mutants fail, and not only constant returns when the task has mutants of another kind."""
    has_structural = any(m.kind != "constant-return" for m in mutants)
    return len(killed) >= MIN_KILLED and (not has_structural or any(m.kind != "constant-return" for m in killed))


def check_execution(problems: list[dict], report: Report, workers: int, progress=None) -> list[Finding]:
    """Run every canonical solution, then its mutants, in the sandbox.

    Mutants run in two rounds: the first FIRST_ROUND of each task (a constant return, an off-by-one and an
    operator swap where the code has them), then the rest only for tasks the first round did not already
    show strong, which cuts the samples by more than half. Each mutant's time limit is the sandbox's scaling
    of its task's measured canonical time; a mutant that runs out of it fails.
    """
    runnable = [dict(p) for p in problems if all(isinstance(p.get(k), str) for k in ("task_id", "prompt", "entry_point", "canonical_solution", "test"))]
    mutants = {p["task_id"]: generate_mutants(p["prompt"], p["canonical_solution"], p["entry_point"]) for p in runnable}
    first_round = [(p, m) for p in runnable for m in mutants[p["task_id"]][:FIRST_ROUND]]
    bar = progress.add_task("sandbox: solutions + mutants", total=len(runnable) + len(first_round)) if progress else None

    def run(sandbox, jobs):  # jobs: (problem, mutant or None); yields (job, result) in order
        pairs = ((p, m.completion if m else p["canonical_solution"]) for p, m in jobs)
        for job, result in zip(jobs, sandbox.map(pairs)):
            if progress:
                progress.advance(bar)
            yield job, result

    findings: list[Finding] = []
    with Sandbox(backend="process", workers=workers, timeout_s=CANONICAL_TIMEOUT_S) as sandbox:
        for (p, _), result in run(sandbox, [(p, None) for p in runnable]):
            # Mutants get the sandbox's limit scaled from this measured time (not its own re-measurement).
            p["reference_time_s"] = result.duration_ms / 1000
            if not result.passed:
                findings.append(Finding(p["task_id"], "execution", f"canonical solution {result.status}: {result.detail.strip()[:200]}"))

    killed: dict[str, list[Mutant]] = defaultdict(list)
    tried: Counter = Counter()
    with Sandbox(backend="process", workers=workers, timeout_s=None) as sandbox:
        for (p, mutant), result in run(sandbox, first_round):
            tried[p["task_id"]] += 1
            if not result.passed:
                killed[p["task_id"]].append(mutant)
        second_round = [(p, m) for p in runnable if not _strong(killed[p["task_id"]], mutants[p["task_id"]])
                        for m in mutants[p["task_id"]][FIRST_ROUND:]]
        if progress:
            progress.update(bar, total=len(runnable) + len(first_round) + len(second_round))
        for (p, mutant), result in run(sandbox, second_round):
            tried[p["task_id"]] += 1
            if not result.passed:
                killed[p["task_id"]].append(mutant)

    for p in runnable:
        tid, dead = p["task_id"], killed[p["task_id"]]
        report.mutants_run += tried[tid]
        report.mutants_killed += len(dead)
        if len(dead) < MIN_KILLED:
            findings.append(Finding(tid, "mutants", f"only {len(dead)} of {tried[tid]} mutants fail the tests (need >= {MIN_KILLED})"))
        elif not _strong(dead, mutants[tid]):
            findings.append(Finding(tid, "mutants", "only constant-return mutants fail; off-by-one/operator/branch mutants all pass"))
    report.checked["execution"] = len(runnable)
    report.checked["mutants"] = len(runnable)
    return findings


# ---------------------------------------------------------------------------------------------------- driver


def validate(path: str | os.PathLike, workers: int | None = None, execute: bool = True, humaneval: str | None = None,
             progress=None) -> Report:
    problems = load_suite(path)
    report = Report(problems)
    report.findings += check_schema(problems)
    report.checked["schema"] = len(problems)
    he_findings, report.closest_humaneval = check_humaneval(problems, humaneval_prompts(humaneval))
    report.findings += he_findings
    report.checked["humaneval"] = len(problems)
    dup_findings, report.closest_pairs = check_duplicates(problems)
    report.findings += dup_findings
    report.checked["duplicates"] = len(problems)
    if execute:
        report.findings += check_execution(problems, report, workers or os.cpu_count() or 1, progress)
    return report


def counts_table(problems: list[dict]) -> str:
    """Markdown table of task counts per tier and family by split and difficulty, a total per tier and one over
    all tiers (the README's numbers come from here)."""
    columns = [*SPLITS, *DIFFICULTIES]
    rows = defaultdict(Counter)  # (tier, family) -> counts; family "**total**" for a tier's total
    for p in problems:
        tier = p.get("tier", "?")
        for key in ("split", "difficulty"):
            for row in ((tier, p.get("family", "?")), (tier, "**total**"), ("**all**", "**total**")):
                rows[row][p.get(key)] += 1
    tiers = [t for t in TIERS if any(r[0] == t for r in rows)] + sorted({r[0] for r in rows} - {*TIERS, "**all**"})
    lines = ["| tier | family | " + " | ".join(columns) + " | tasks |", "|---" * (len(columns) + 3) + "|"]
    for tier in tiers + ["**all**"]:
        for family in sorted(f for t, f in rows if t == tier and f != "**total**") + ["**total**"]:
            c = rows[tier, family]
            lines.append(f"| {tier} | {family} | " + " | ".join(str(c[k]) for k in columns) + f" | {sum(c[s] for s in SPLITS)} |")
    return "\n".join(lines)


def run(path: str | os.PathLike, workers: int | None = None, execute: bool = True, counts: bool = False) -> int:
    """The `data validate` command: progress bar, summary table, findings by task id; 0 only if all hold."""
    console = Console()
    if counts:
        print(counts_table(load_suite(path)))  # plain print: rich would wrap the table to the terminal width
        return 0

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.0f}/s" if task.speed else "-/s", style="progress.data.speed")

    with progress_bar("{task.description}", RateColumn(), console=console, transient=True) as progress:
        report = validate(path, workers, execute, progress=progress)

    by_check = Counter(f.check for f in report.findings)
    table = Table(title=f"{path}: {len(report.problems)} tasks")
    table.add_column("check")
    table.add_column("tasks", justify="right")
    table.add_column("problems", justify="right")
    table.add_column("result")
    for check in CHECKS:
        if check not in report.checked:
            table.add_row(check, "-", "-", "skipped")
            continue
        table.add_row(check, str(report.checked[check]), str(by_check[check]), "[red]FAIL" if by_check[check] else "[green]ok")
    console.print(table)
    if report.mutants_run:
        console.print(f"mutants killed: {report.mutants_killed}/{report.mutants_run} "
                      f"({100 * report.mutants_killed / report.mutants_run:.0f}%; a task's mutants after the first "
                      f"{FIRST_ROUND} run only when those leave it weak)", highlight=False)
    console.print(f"closest to HumanEval ({NGRAM} shared words fail):", highlight=False)
    for run_len, tid, ref_id, gram in report.closest_humaneval:
        console.print(f"  {run_len:>2} words  {tid} ~ {ref_id}: {gram!r}", markup=False, highlight=False)
    console.print(f"most similar task descriptions (trigram Jaccard >= {NEAR_DUPLICATE_JACCARD} fails):", highlight=False)
    for sim, a, b in report.closest_pairs:
        console.print(f"  {sim:.2f}  {a} ~ {b}", markup=False, highlight=False)
    for f in sorted(report.findings, key=lambda f: (f.task_id, f.check)):
        console.print(f"{f.task_id}: {f.check}: {f.message}", markup=False, highlight=False)
    if not report.ok:
        console.print(f"[red]{len(report.findings)} problem(s)")
    else:
        console.print("[green]suite valid" + ("" if execute else " (sandbox checks skipped)"))
    return 0 if report.ok else 1
