"""Ranking data for the reward model: the `rank export` formats, read from any source, checked row by row.

Two input forms (README.md, "Data formats"), detected from the columns:
- K-wise: `prompt, completions, ranks` (rank levels, 1 = best, equal levels are ties), optional `execution`
  (one `{status, passed, tests_passed, tests_total}` or null per completion), `annotator`, `task_id`.
  One row per (prompt, annotator) becomes one `RankedGroup`.
- pairs (TRL RewardTrainer): `prompt, chosen, rejected`, optional `margin`, `annotator`, and the execution of
  each side as `chosen_execution` / `rejected_execution` dicts. Rows with the same (prompt, annotator) are
  merged into one group of distinct completions with explicit preference pairs; such a group has no full
  order (`ranks is None`), so only pairwise losses apply to it.

Sources: a JSONL file (errors name the line), a `save_to_disk` directory, a directory holding one of those or
JSONL files, "demo" (the demonstration rankings shipped as package data, see data/README.md), or anything
`datasets.load_dataset` takes (hub id, parquet/json file). Execution results turn into two numbers per
candidate: the CodeRL graded reward with partial credit (`rewards.execution_reward`), which orders
execution-derived pairs (all tests > more tests > fewer > runtime error > syntax error), and the fraction of
tests passed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl
from codegen_rlhf.rewards import execution_reward
from codegen_rlhf.sandbox import STATUSES

# The demonstration rankings are package data (provenance in data/README.md), there wherever it is installed.
DEMO_RANKINGS = resources.files(__package__) / "demo_rankings" / "demo-kwise.jsonl"
DEMO = "demo"


@dataclass
class RankedGroup:
    """One prompt's candidates as one annotator judged them."""

    prompt: str
    completions: list[str]
    ranks: list[int] | None
    """Rank levels (1 = best, ties equal); None for pairs input, which carries no full order."""
    pairs: list[tuple[int, int, float]] = field(default_factory=list)
    """(winner, loser, margin) for pairs input; derived from `ranks` otherwise (see `preference_pairs`)."""
    execution: list[dict | None] = field(default_factory=list)
    annotator: str = ""
    source: str = ""
    """Where the row came from (file:line), for messages."""

    def preference_pairs(self) -> list[tuple[int, int, float]]:
        """Every (winner, loser, rank gap) the annotator expressed; ties give none."""
        if self.ranks is None:
            return self.pairs
        return [(i, j, float(rj - ri)) for i, ri in enumerate(self.ranks) for j, rj in enumerate(self.ranks) if ri < rj]

    def execution_values(self) -> list[float | None]:
        """CodeRL graded reward with partial credit per candidate (None: not executed)."""
        return [None if e is None else execution_reward(e["status"], e.get("tests_passed"), e.get("tests_total"),
                                                        scale="partial") for e in self.execution]

    def pass_fractions(self) -> list[float | None]:
        return [None if e is None else pass_fraction(e) for e in self.execution]


def pass_fraction(execution: dict) -> float:
    total = execution.get("tests_total")
    if total:
        return (execution.get("tests_passed") or 0) / total
    return 1.0 if execution["status"] == "passed" else 0.0


# ---------------------------------------------------------------------------------------------- loading


def load_rankings(sources: str | Iterable[str]) -> list[RankedGroup]:
    """Every group from every source, checked; a bad row is a UserError naming where it is."""
    sources = [sources] if isinstance(sources, str) else list(sources)
    if not sources:
        raise UserError("no ranking data given (rm.data is empty)")
    groups: list[RankedGroup] = []
    for spec in sources:
        groups += groups_from_rows(_rows(spec))
    return groups


def groups_from_rows(rows: Iterable[tuple[str, dict]]) -> list[RankedGroup]:
    """Rows as (where, dict) -> groups; the form (K-wise or pairs) is decided by the first row's columns."""
    groups: list[RankedGroup] = []
    pair_groups: dict[tuple[str, str], RankedGroup] = {}
    form = None
    for where, row in rows:
        if form is None:
            form = _form(where, row)
        if form == "kwise":
            groups.append(_kwise_group(where, row))
        else:
            _add_pair(pair_groups, where, row)
    return groups + list(pair_groups.values())


def split_by_prompt(groups: list[RankedGroup], eval_fraction: float, seed: int):
    """(train, eval): whole prompts go to one side (every annotator's ranking of a prompt stays together), by a
    seeded hash of the prompt text, so the split is stable when data is added. At least one prompt each side."""
    prompts = sorted({g.prompt for g in groups}, key=lambda p: hashlib.sha256(f"{seed}:{p}".encode()).hexdigest())
    if eval_fraction <= 0 or len(prompts) < 2:
        return groups, []
    n_eval = min(len(prompts) - 1, max(1, round(eval_fraction * len(prompts))))
    held_out = set(prompts[:n_eval])
    return [g for g in groups if g.prompt not in held_out], [g for g in groups if g.prompt in held_out]


def _rows(spec: str) -> Iterator[tuple[str, dict]]:

    if spec == DEMO:
        if not DEMO_RANKINGS.is_file():
            raise UserError(f"the demonstration rankings are not in {DEMO_RANKINGS} (package data: reinstall "
                            "codegen-rlhf); pass rm.data=FILE")
        with resources.as_file(DEMO_RANKINGS) as path:
            for number, obj in iter_jsonl(path):
                yield f"{path}:{number}", obj
        return
    path = Path(spec).expanduser()
    if path.is_file() and path.name.endswith((".jsonl", ".jsonl.gz")):
        for number, obj in iter_jsonl(path):
            yield f"{path}:{number}", obj
        return
    if path.is_dir():
        yield from _rows_from_dir(path)
        return
    yield from _dataset_rows(spec, _load_dataset(spec))


def _rows_from_dir(path: Path) -> Iterator[tuple[str, dict]]:
    """A save_to_disk directory, or a folder holding one source (JSONL files or saved datasets; a K-wise one
    is preferred when both forms are there, as `rank export` of both formats side by side would leave)."""
    if (path / "dataset_info.json").is_file() or (path / "dataset_dict.json").is_file():
        import datasets  # noqa: PLC0415 (~0.6 s; only for a saved datasets folder)

        yield from _dataset_rows(str(path), datasets.load_from_disk(str(path)))
        return
    sources = sorted([*path.glob("*.jsonl"), *path.glob("*.jsonl.gz"), *(p.parent for p in path.glob("*/dataset_info.json")),
                      *(p.parent for p in path.glob("*/dataset_dict.json"))])
    preferred = [p for p in sources if "kwise" in p.name] or sources
    if not preferred:
        raise UserError(f"{path}: no rankings found (expected a JSONL file or a datasets save_to_disk directory)")
    if len(preferred) > 1:
        raise UserError(f"{path} holds several ranking sources ({', '.join(p.name for p in preferred)}); "
                        "name one in rm.data")
    yield from _rows(str(preferred[0]))


def _load_dataset(spec: str):
    import datasets  # noqa: PLC0415 (~0.6 s; only for a saved datasets folder)

    path = Path(spec)
    try:
        if path.is_file():
            kind = {".parquet": "parquet", ".json": "json", ".csv": "csv"}.get(path.suffix)
            if kind is None:
                raise UserError(f"{spec}: unsupported file type (use .jsonl, .json, .parquet or a dataset dir)")
            return datasets.load_dataset(kind, data_files=str(path), split="train")
        return datasets.load_dataset(spec, split="train")
    except UserError:
        raise
    except Exception as e:  # datasets raises many types for "not found / not reachable"
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UserError(f"cannot load rankings {spec!r}: {first}") from None


def _dataset_rows(name: str, dataset) -> Iterator[tuple[str, dict]]:
    if hasattr(dataset, "keys") and not hasattr(dataset, "column_names"):  # a DatasetDict
        splits = list(dataset.keys())
        dataset = dataset["train"] if "train" in splits else dataset[splits[0]]
    for index, row in enumerate(dataset):
        yield f"{name} row {index}", dict(row)


# ---------------------------------------------------------------------------------------------- checking


def _form(where: str, row: dict) -> str:
    if "completions" in row or "ranks" in row:
        missing = [c for c in ("prompt", "completions", "ranks") if c not in row]
        if missing:
            raise UserError(f"{where}: K-wise rankings need columns prompt, completions, ranks; missing {', '.join(missing)}")
        return "kwise"
    if "chosen" in row or "rejected" in row:
        return "pairs"
    raise UserError(f"{where}: unknown rankings format (columns {', '.join(sorted(row))}); expected K-wise "
                    "(prompt, completions, ranks) or pairs (prompt, chosen, rejected) from `codegen-rlhf rank export`")


def _kwise_group(where: str, row: dict) -> RankedGroup:
    for column in ("prompt", "completions", "ranks"):
        if column not in row:
            raise UserError(f"{where}: missing column {column!r}")
    prompt, completions, ranks = row["prompt"], row["completions"], row["ranks"]
    _require(isinstance(prompt, str), where, "prompt must be a string")
    _require(isinstance(completions, list) and all(isinstance(c, str) for c in completions), where,
             "completions must be a list of strings")
    k = len(completions)
    _require(k >= 2, where, f"a prompt needs at least 2 candidates to rank, this one has {k}")
    _require(isinstance(ranks, list) and len(ranks) == k, where, f"ranks must be a list with one level per completion ({k})")
    for r in ranks:
        _require(isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= k, where,
                 f"ranks must be integers from 1 (best) to {k}, got {r!r}")
    execution = row.get("execution")
    if execution is None:
        execution = [None] * k
    _require(isinstance(execution, list) and len(execution) == k, where,
             f"execution must be a list with one result (or null) per completion ({k})")
    return RankedGroup(prompt, completions, list(ranks), execution=[_execution(where, e) for e in execution],
                       annotator=str(row.get("annotator") or ""), source=where)


def _add_pair(groups: dict, where: str, row: dict) -> None:
    for column in ("prompt", "chosen", "rejected"):
        if column not in row:
            raise UserError(f"{where}: missing column {column!r}")
    prompt, chosen, rejected = row["prompt"], row["chosen"], row["rejected"]
    _require(all(isinstance(x, str) for x in (prompt, chosen, rejected)), where,
             "prompt, chosen and rejected must be strings")
    _require(chosen != rejected, where, "chosen and rejected are the same completion")
    margin = row.get("margin")
    margin = 0.0 if margin is None else margin
    _require(isinstance(margin, (int, float)) and not isinstance(margin, bool) and margin >= 0, where,
             f"margin must be a number >= 0, got {margin!r}")
    annotator = str(row.get("annotator") or "")
    group = groups.setdefault((prompt, annotator), RankedGroup(prompt, [], None, annotator=annotator, source=where))
    indices = []
    for text, column in ((chosen, "chosen_execution"), (rejected, "rejected_execution")):
        if text not in group.completions:
            group.completions.append(text)
            group.execution.append(_execution(where, row.get(column)))
        indices.append(group.completions.index(text))
    group.pairs.append((indices[0], indices[1], float(margin)))


def _execution(where: str, execution) -> dict | None:
    if execution is None:
        return None
    _require(isinstance(execution, dict) and "status" in execution, where,
             f"an execution result must be an object with a status, got {execution!r}")
    _require(execution["status"] in STATUSES, where,
             f"unknown execution status {execution['status']!r} (one of {', '.join(STATUSES)})")
    for key in ("tests_passed", "tests_total"):
        value = execution.get(key)
        _require(value is None or (isinstance(value, int) and value >= 0), where, f"{key} must be a count, got {value!r}")
    return execution


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise UserError(f"{where}: {message}")
