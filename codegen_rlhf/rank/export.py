"""`rank export`: rankings as a preference dataset, written with `datasets.save_to_disk` plus a JSONL copy.

- `pairs`: TRL RewardTrainer's explicit-prompt format, one row per strictly ordered candidate pair of one
  annotator's ranking: `prompt, chosen, rejected, margin` (the level gap, >= 1), then `task_id, annotator`
  and the execution result of each side, `chosen_execution` and `rejected_execution`, each
  {status, passed, tests_passed, tests_total} (null if the candidate was never executed). Ties give no pair.
- `kwise`: one row per (prompt, annotator): `task_id, annotator, prompt, completions, ranks` (the levels as
  entered, 1 = best, equal = tie) and `execution`, one such result (or null) per completion.

Both carry `blind` (whether the test outcomes were hidden while ranking; null for rankings stored before that
was recorded) and `comment` (the annotator's latest comment on the item, "" if none). A ranking revised later
is exported as last submitted. Skipped items have no ranking; `skipped.jsonl` lists them with the reason and
comment, next to the dataset.

`codegen_rlhf.data.rankings` reads both back for the reward model.

The output directory is built next to its destination and renamed into place, so an interrupted export leaves
no half-written dataset; an existing export there is replaced, any other existing directory is refused.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from codegen_rlhf.atomic import atomic_directory
from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import write_jsonl
from codegen_rlhf.rank.store import Store

FORMATS = ("pairs", "kwise")
EXECUTION_FIELDS = ("status", "passed", "tests_passed", "tests_total")


def rows(store: Store, fmt: str, criterion: str = "overall", annotators: tuple[str, ...] = ()) -> list[dict]:
    prompts = {r[0]: (r[1], r[2]) for r in store.query("SELECT id, task_id, prompt FROM prompts")}
    completions = {r[0]: r[1] for r in store.query("SELECT id, completion FROM candidates")}
    executions = store.executions()
    blind = {(r[0], r[1]): None if r[2] is None else bool(r[2]) for r in store.query(
        "SELECT a.name, s.prompt_id, s.blind FROM submissions s JOIN annotators a ON a.id = s.annotator_id")}
    comments = latest_comments(store)
    out = []
    for (annotator, prompt_id), levels in sorted(store.rankings(criterion).items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if annotators and annotator not in annotators:
            continue
        task_id, prompt = prompts[prompt_id]
        ids = sorted(levels)
        about = {"blind": blind[annotator, prompt_id], "comment": comments.get((annotator, prompt_id), "")}
        if fmt == "kwise":
            out.append({
                "task_id": task_id, "annotator": annotator, "prompt": prompt,
                "completions": [completions[c] for c in ids],
                "ranks": [levels[c] for c in ids],
                "execution": [_execution(executions[c]) for c in ids],
                **about,
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
                **about,
            })
    return out


def developers_first(rows_kwise: list[dict], scripted: str) -> tuple[list[dict], dict[str, int]]:
    """K-wise rows of every ranked prompt, each from one kind of annotator: the developers' rankings (every
    annotator not named auto:...) where any developer ranked the prompt, the `scripted` annotator's where none
    did; and how many prompts each kind decided ({"developers": n, "scripted": m})."""
    by_developers = {(r["task_id"], r["prompt"]) for r in rows_kwise if not r["annotator"].startswith("auto:")}
    chosen = [r for r in rows_kwise if (r["task_id"], r["prompt"]) in by_developers
              and not r["annotator"].startswith("auto:")
              or (r["task_id"], r["prompt"]) not in by_developers and r["annotator"] == scripted]
    scripted_prompts = {(r["task_id"], r["prompt"]) for r in chosen if r["annotator"] == scripted}
    return chosen, {"developers": len(by_developers), "scripted": len(scripted_prompts)}


def latest_comments(store: Store) -> dict[tuple[str, int], str]:
    """{(annotator, prompt id): the annotator's latest comment on the item}."""
    return {(r[0], r[1]): r[2] for r in store.query(
        "SELECT a.name, c.prompt_id, c.text FROM comments c JOIN annotators a ON a.id = c.annotator_id ORDER BY c.id")}


def skipped_rows(store: Store, annotators: tuple[str, ...] = ()) -> list[dict]:
    """One row per skipped item and annotator: `task_id, annotator, reason, comment`."""
    comments = latest_comments(store)
    return [
        {"task_id": r[0], "annotator": r[1], "reason": r[2], "comment": comments.get((r[1], r[3]), "")}
        for r in store.query(
            "SELECT p.task_id, a.name, s.reason, s.prompt_id FROM skips s JOIN annotators a ON a.id = s.annotator_id"
            " JOIN prompts p ON p.id = s.prompt_id ORDER BY s.prompt_id, a.name")
        if not annotators or r[1] in annotators
    ]


def export(db: str | Path, fmt: str, out_dir: str | Path, criterion: str = "overall",
           annotators: tuple[str, ...] = ()) -> int:
    """Write the dataset to `out_dir` (save_to_disk) and `out_dir/<fmt>.jsonl`; return the row count."""
    from datasets import Dataset  # noqa: PLC0415 (datasets: ~0.6 s; the CLI imports this module)
    from datasets.utils.logging import disable_progress_bar  # noqa: PLC0415 (datasets: ~0.6 s)

    disable_progress_bar()  # a few hundred rows save instantly; the bar would only be noise

    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose {' or '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "state.json").exists():
        raise UserError(f"{out_dir} exists and is not a dataset export; choose another --out")
    with Store(db, create=False) as store:
        data = rows(store, fmt, criterion, annotators)
        skipped = skipped_rows(store, annotators)
        ranked = sum(not annotators or name in annotators for name, _ in store.rankings(criterion))
    if not data:
        who = f" by {', '.join(annotators)}" if annotators else ""
        if ranked:  # there are rankings, but every one of them is a single tie: pairs come only from strict orders
            raise UserError(f"{db}: all {ranked} {criterion} rankings{who} are ties: no pairs to export")
        raise UserError(f"{db}: no {criterion} rankings{who} to export")
    with atomic_directory(out_dir) as staging:
        Dataset.from_list(data).save_to_disk(str(staging))
        write_jsonl(staging / f"{fmt}.jsonl", data)
        write_jsonl(staging / "skipped.jsonl", skipped)
    return len(data)


def _execution(execution: dict | None) -> dict | None:
    return None if execution is None else {k: execution[k] for k in EXECUTION_FIELDS}
