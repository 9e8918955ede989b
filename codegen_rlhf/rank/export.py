"""`rank export`: rankings as a preference dataset, written with `datasets.save_to_disk` plus a JSONL copy.

- `pairs`: TRL RewardTrainer's explicit-prompt format, one row per strictly ordered candidate pair of one
  annotator's ranking: `prompt, chosen, rejected, margin` (the level gap, >= 1), then `task_id, annotator`
  and the execution result of each side, `chosen_execution` and `rejected_execution`, each
  {status, passed, tests_passed, tests_total} (null if the candidate was never executed). Ties give no pair.
- `kwise`: one row per (prompt, annotator): `task_id, annotator, prompt, completions, ranks` (the levels as
  entered, 1 = best, equal = tie) and `execution`, one such result (or null) per completion.

`codegen_rlhf.data.rankings` reads both back for the reward model.

The output directory is built next to its destination and renamed into place, so an interrupted export leaves
no half-written dataset; an existing export there is replaced, any other existing directory is refused.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import write_jsonl
from codegen_rlhf.rank.store import Store

FORMATS = ("pairs", "kwise")
EXECUTION_FIELDS = ("status", "passed", "tests_passed", "tests_total")


def rows(store: Store, fmt: str, criterion: str = "overall", annotators: tuple[str, ...] = ()) -> list[dict]:
    prompts = {r[0]: (r[1], r[2]) for r in store.query("SELECT id, task_id, prompt FROM prompts")}
    completions = {r[0]: r[1] for r in store.query("SELECT id, completion FROM candidates")}
    executions = store.executions()
    out = []
    for (annotator, prompt_id), levels in sorted(store.rankings(criterion).items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if annotators and annotator not in annotators:
            continue
        task_id, prompt = prompts[prompt_id]
        ids = sorted(levels)
        if fmt == "kwise":
            out.append({
                "task_id": task_id, "annotator": annotator, "prompt": prompt,
                "completions": [completions[c] for c in ids],
                "ranks": [levels[c] for c in ids],
                "execution": [_execution(executions[c]) for c in ids],
            })
            continue
        for a, b in itertools.combinations(ids, 2):
            if levels[a] == levels[b]:
                continue
            chosen, rejected = (a, b) if levels[a] < levels[b] else (b, a)
            out.append({
                "prompt": prompt, "chosen": completions[chosen], "rejected": completions[rejected],
                "margin": float(levels[rejected] - levels[chosen]), "task_id": task_id, "annotator": annotator,
                "chosen_execution": _execution(executions[chosen]),
                "rejected_execution": _execution(executions[rejected]),
            })
    return out


def export(db: str | Path, fmt: str, out_dir: str | Path, criterion: str = "overall",
           annotators: tuple[str, ...] = ()) -> int:
    """Write the dataset to `out_dir` (save_to_disk) and `out_dir/<fmt>.jsonl`; return the row count."""
    from datasets import Dataset
    from datasets.utils.logging import disable_progress_bar

    disable_progress_bar()  # a few hundred rows save instantly; the bar would only be noise

    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose {' or '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "state.json").exists():
        raise UserError(f"{out_dir} exists and is not a dataset export; choose another --out")
    with Store(db, create=False) as store:
        data = rows(store, fmt, criterion, annotators)
    if not data:
        who = f" by {', '.join(annotators)}" if annotators else ""
        raise UserError(f"{db}: no {criterion} rankings{who} to export" + (" (all ties)" if fmt == "pairs" else ""))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        Dataset.from_list(data).save_to_disk(str(staging))
        write_jsonl(staging / f"{fmt}.jsonl", data)
        staging.chmod(0o755)  # mkdtemp makes it private; the export is an ordinary directory
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(data)


def _execution(execution: dict | None) -> dict | None:
    return None if execution is None else {k: execution[k] for k in EXECUTION_FIELDS}
