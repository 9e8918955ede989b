"""Mine (docstring, function) SFT pairs from Python source trees with `ast`; no code is imported or run.

A pair is `{"description": <cleaned docstring>, "code": <the function without its docstring>, "source":
"<file>:<line>"}`, one per public module-level function whose docstring and body pass the filters below.
Default source: the running interpreter's standard library (offline, license: PSF).

Filters: private names (`_x`), test functions and anything under test directories, docstrings shorter than
MIN_DOC_CHARS or longer than MAX_DOC_CHARS, bodies outside MIN_BODY_LINES..MAX_CODE_LINES or over
MAX_CODE_CHARS, stub bodies (`pass`, `...`, `raise NotImplementedError`). Duplicates (same normalized code or
same description) keep the first. Any pair sharing a 10-word run with a HumanEval prompt is dropped, so SFT
never trains on the evaluation's text. Not covered: methods (they depend on their class), nested functions.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import sysconfig
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from codegen_rlhf.data.validate import NGRAM, humaneval_prompts, ngrams, words
from codegen_rlhf.errors import UserError

MIN_DOC_CHARS, MAX_DOC_CHARS = 30, 1200
MIN_BODY_LINES, MAX_CODE_LINES, MAX_CODE_CHARS = 2, 60, 2400
SKIPPED_DIRS = {"test", "tests", "idlelib", "lib2to3", "site-packages", "dist-packages", "__pycache__",
                "turtledemo", "tkinter", "ensurepip", "venv"}


@dataclass
class MineReport:
    files: int = 0
    functions: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)

    def summary(self, out: str | Path | None = None) -> str:
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.dropped.most_common())
        where = f" -> {out}" if out else ""
        return f"{self.kept} pairs{where} ({self.files} files, {self.functions} functions; dropped: {reasons or 'none'})"


def default_roots() -> list[Path]:
    return [Path(sysconfig.get_paths()["stdlib"])]


def mine(roots: list[str | Path] | None = None) -> tuple[list[dict], MineReport]:
    """All pairs from `roots` (files or directories; default: the stdlib), filtered and deduplicated."""
    report = MineReport()
    contaminated = set().union(*(ngrams(words(p), NGRAM) for p in humaneval_prompts().values()))
    seen_code, seen_doc = set(), set()
    pairs = []
    for path, origin in _python_files(roots or default_roots()):
        report.files += 1
        for pair, reason in _functions(path, origin):
            report.functions += 1
            if reason is None:
                code_key = _digest("".join(pair["code"].split()))
                doc_key = _digest(" ".join(pair["description"].lower().split()))
                if code_key in seen_code or doc_key in seen_doc:
                    reason = "duplicate"
                elif ngrams(words(pair["description"] + "\n" + pair["code"]), NGRAM) & contaminated:
                    reason = "humaneval overlap"
                else:
                    seen_code.add(code_key)
                    seen_doc.add(doc_key)
            if reason:
                report.dropped[reason] += 1
            else:
                pairs.append(pair)
    report.kept = len(pairs)
    return pairs, report


def _python_files(roots: list[str | Path]):
    for root in roots:
        root = Path(root)
        if not root.exists():
            raise UserError(f"{root}: no such file or directory")
        if root.is_file():
            yield root, root.name
            continue
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root)
            if not SKIPPED_DIRS.intersection(relative.parts[:-1]):
                yield path, str(relative)


def _functions(path: Path, origin: str):
    """(pair, None) for each acceptable module-level function, (None, reason) for each rejected one."""
    try:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield _pair(node, lines, path, origin)


def _pair(node, lines: list[str], path: Path, origin: str):
    name = node.name
    if name.startswith("_"):
        return None, "private"
    if name.startswith("test") or path.name.startswith("test_"):
        return None, "test"
    doc = ast.get_docstring(node)
    if not doc:
        return None, "no docstring"
    doc = inspect.cleandoc(doc)
    if not MIN_DOC_CHARS <= len(doc) <= MAX_DOC_CHARS:
        return None, "docstring length"
    body = node.body[1:]
    if not body or _is_stub(body):
        return None, "stub"
    start = (node.decorator_list[0] if node.decorator_list else node).lineno - 1
    code = without_docstring(lines, node, start, node.end_lineno)
    n_body = node.end_lineno - body[0].lineno + 1
    if not (MIN_BODY_LINES <= n_body and code.count("\n") <= MAX_CODE_LINES and len(code) <= MAX_CODE_CHARS):
        return None, "code length"
    return {"description": doc, "code": code, "source": f"{origin}:{node.lineno}"}, None


def without_docstring(lines: list[str], func, start: int, end: int) -> str:
    """Source lines start..end (0-based start, 1-based inclusive end) minus `func`'s docstring statement."""
    doc = func.body[0]
    return "\n".join(lines[start : doc.lineno - 1] + lines[doc.end_lineno : end]) + "\n"


def _is_stub(body: list[ast.stmt]) -> bool:
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
        return True
    return isinstance(stmt, ast.Raise) and "NotImplementedError" in ast.unparse(stmt)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()
