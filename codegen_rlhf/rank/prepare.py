"""Fill a ranking database with items: K candidates per prompt, each executed in the sandbox.

Candidates come from a JSONL file (`{"task_id", "prompt", "completions": [...]}` per line, optionally
`"gold_ranks": [...]`, the expected overall level per completion, which makes the item a gold item) or are
sampled with the generation engine. The tests that judge a candidate come from the problem with the same
task id (`--problems`); the program executed is the prompt shown to annotators followed by the completion.

The whole input is checked before anything is written, so a bad line leaves the database untouched.
Candidates already in the database are neither executed again nor duplicated. Nothing here runs model code
itself: every completion goes through `codegen_rlhf.sandbox`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl
from codegen_rlhf.rank.store import Store


@dataclass
class Entry:
    """One prompt with its candidates, ready to store: `problem` is what the sandbox runs."""

    task_id: str
    prompt: str
    completions: list[str]
    problem: dict
    source: str
    gold_ranks: list[int] | None = None


@dataclass
class PrepareReport:
    prompts_added: int = 0
    candidates_added: int = 0
    candidates_known: int = 0
    passed: int = 0

    def summary(self, db: Path) -> str:
        return (
            f"{db}: {self.prompts_added} new prompts, {self.candidates_added} new candidates "
            f"({self.passed} pass their tests), {self.candidates_known} already present"
        )


def read_candidates(path: str | Path, problems: dict[str, dict], problems_spec: str) -> list[Entry]:
    """Parse and check a candidates file completely; every problem is reported with its line number."""
    entries = []
    for number, row in iter_jsonl(path):
        where = f"{path}:{number}"
        for key, kind in (("task_id", str), ("prompt", str), ("completions", list)):
            if not isinstance(row.get(key), kind):
                raise UserError(f"{where}: {key!r} must be a {kind.__name__}")
        completions = row["completions"]
        if not completions or not all(isinstance(c, str) for c in completions):
            raise UserError(f"{where}: 'completions' must be a non-empty list of strings")
        if row["task_id"] not in problems:
            raise UserError(f"{where}: task {row['task_id']!r} is not in the problems {problems_spec!r} (see --problems)")
        gold = row.get("gold_ranks")
        if gold is not None and (
            not isinstance(gold, list) or len(gold) != len(completions)
            or not all(isinstance(g, int) and 1 <= g <= 9 for g in gold)
        ):
            raise UserError(f"{where}: 'gold_ranks' must list one level from 1 to 9 per completion")
        if gold is not None and len(set(completions)) != len(completions):
            raise UserError(f"{where}: a gold item must not repeat a completion")
        problem = dict(problems[row["task_id"]], prompt=row["prompt"])
        entries.append(Entry(row["task_id"], row["prompt"], completions, problem, f"file:{Path(path).name}", gold))
    if not entries:
        raise UserError(f"{path}: no candidates in the file")
    return entries


def sample_candidates(
    model: str, adapter: str | None, problems: dict[str, dict], k: int, temperature: float, max_new_tokens: int,
    seed: int = 0,
) -> list[Entry]:
    """K samples per problem from the generation engine (imported here: it pulls in torch)."""
    from codegen_rlhf.generation import generate

    task_ids = list(problems)
    prompts = [problems[t]["prompt"] for t in task_ids]
    samples = generate(model, prompts, n=k, temperature=temperature, max_new_tokens=max_new_tokens,
                       adapter=adapter, seed=seed)
    source = f"model:{model}" + (f"+{adapter}" if adapter else "")
    return [
        Entry(t, problems[t]["prompt"], list(completions), problems[t], source)
        for t, completions in zip(task_ids, samples)
    ]


def sample_problems(problems: dict[str, dict], limit: int | None, seed: int) -> dict[str, dict]:
    """A seeded random subset of `limit` problems (all when limit is None), kept in task-id order."""
    if limit is None or limit >= len(problems):
        return problems
    chosen = set(random.Random(seed).sample(sorted(problems), limit))
    return {t: p for t, p in problems.items() if t in chosen}


def prepare(db: str | Path, entries: list[Entry], *, workers: int = 2, backend: str = "process") -> PrepareReport:
    """Execute the new candidates in the sandbox and store them with their results."""
    from codegen_rlhf.sandbox import Sandbox

    report = PrepareReport()
    with Store(db) as store:
        todo = [
            (entry, completion)
            for entry in entries
            for completion in dict.fromkeys(entry.completions)  # a repeated sample is one candidate
            if not store.has_candidate(entry.task_id, entry.prompt, completion)
        ]
        report.candidates_known = sum(len(set(e.completions)) for e in entries) - len(todo)
        prompt_ids: dict[tuple[str, str], int] = {}
        with Sandbox(backend=backend, workers=workers) as sandbox, _progress(len(todo)) as advance:
            results = sandbox.map((entry.problem, completion) for entry, completion in todo)
            for (entry, completion), result in zip(todo, results):
                key = (entry.task_id, entry.prompt)
                if key not in prompt_ids:
                    prompt_ids[key], created = store.add_prompt(entry.task_id, entry.prompt, entry.problem)
                    report.prompts_added += created
                store.add_candidate(prompt_ids[key], completion, result.to_dict(), entry.source)
                report.candidates_added += 1
                report.passed += result.passed
                advance()
        for entry in entries:
            if entry.gold_ranks is not None:
                pid, _ = store.add_prompt(entry.task_id, entry.prompt, entry.problem)
                ids = {c.completion: c.id for c in store.candidates(pid)}
                store.set_gold(pid, {ids[c]: level for c, level in zip(entry.completions, entry.gold_ranks)})
    return report


class _progress:
    """A rich progress bar with rate and ETA while candidates run; `advance()` after each one."""

    def __init__(self, total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn
        from rich.progress import TimeRemainingColumn

        self.bar = Progress(
            TextColumn("executing candidates"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
        )
        self.task = self.bar.add_task("run", total=total, rate="")

    def __enter__(self):
        if self.bar.tasks[0].total:
            self.bar.start()

        def advance():
            self.bar.advance(self.task)
            speed = self.bar.tasks[0].speed
            self.bar.update(self.task, rate=f"{speed:.1f} candidates/s" if speed else "")

        return advance

    def __exit__(self, *exc):
        self.bar.stop()
        return False
