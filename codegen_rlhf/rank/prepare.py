"""Fill a ranking database with items: K candidates per prompt, each executed in the sandbox.

Candidates come from a JSONL file (`{"task_id", "prompt", "completions": [...]}` per line, optionally
`"gold_ranks": [...]`, the expected overall level per completion, which makes the item a gold item) or are
sampled with the generation engine. The tests that judge a candidate come from the problem with the same
task id (`--problems`); the program executed is the prompt shown to annotators followed by the completion.

The whole input is checked before anything is written, so a bad line leaves the database untouched.
Candidates already in the database are neither executed again nor duplicated. Nothing here runs model code
itself: every completion goes through `codegen_rlhf.sandbox`.

An item is stored once all its candidates have run, so it can be judged whole: items where no candidate passes
are reported (a ranking among only failures teaches the reward model little), `min_passing` drops items with
fewer passing candidates, and `gold_fraction` marks that share of the items whose order the tests decide (some
candidates pass, some do not) as gold: passing above failing, checked by `rank stats`, never shown as such.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl
from codegen_rlhf.progress import progress_bar
from codegen_rlhf.rank.store import Store, content_hash
from codegen_rlhf.sandbox import Sandbox


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
    gold_added: int = 0
    no_passing: list[str] = field(default_factory=list)  # task ids of items where no candidate passes
    dropped: list[str] = field(default_factory=list)  # task ids left out by min_passing

    def summary(self, db: Path) -> str:
        gold = f", {self.gold_added} marked gold" if self.gold_added else ""
        return (
            f"{db}: {self.prompts_added} new prompts, {self.candidates_added} new candidates "
            f"({self.passed} pass their tests), {self.candidates_known} already present{gold}"
        )

    def warnings(self, min_passing: int) -> list[str]:
        out = []
        if self.no_passing:
            out.append(f"{len(self.no_passing)} items have no passing candidate: {_some(self.no_passing)}")
        if self.dropped:
            out.append(f"dropped {len(self.dropped)} items with fewer than {min_passing} passing candidates "
                       f"(--min-passing): {_some(self.dropped)}")
        return out


def _some(task_ids: list[str], shown: int = 5) -> str:
    more = f" and {len(task_ids) - shown} more" if len(task_ids) > shown else ""
    return ", ".join(task_ids[:shown]) + more


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
    seed: int = 0, batch_size: int = 8, prompt_format: str = "auto",
) -> list[Entry]:
    """K samples per problem from the generation engine (imported here: it pulls in torch)."""
    from codegen_rlhf.generation import generate  # noqa: PLC0415 (torch + transformers: ~3.5 s; imported by the CLI)

    task_ids = list(problems)
    prompts = [problems[t]["prompt"] for t in task_ids]
    samples = generate(model, prompts, n=k, temperature=temperature, max_new_tokens=max_new_tokens,
                       adapter=adapter, seed=seed, batch_size=batch_size, prompt_format=prompt_format)
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


def prepare(db: str | Path, entries: list[Entry], *, workers: int = 2, backend: str = "process",
            min_passing: int = 0, gold_fraction: float = 0.0, seed: int = 0) -> PrepareReport:
    """Execute the new candidates in the sandbox and store each item with its results once it has run whole."""
    report = PrepareReport()
    choose_gold = random.Random(seed)
    with Store(db) as store:
        todo = [
            (index, completion)
            for index, entry in enumerate(entries)
            for completion in dict.fromkeys(entry.completions)  # a repeated sample is one candidate
            if not store.has_candidate(entry.task_id, entry.prompt, completion)
        ]
        report.candidates_known = sum(len(set(e.completions)) for e in entries) - len(todo)
        waiting = Counter(index for index, _ in todo)
        results: dict[int, list] = {index: [] for index in waiting}
        with Sandbox(backend=backend, workers=workers) as sandbox, _progress(len(todo)) as advance:
            runs = sandbox.map((entries[index].problem, completion) for index, completion in todo)
            for (index, completion), result in zip(todo, runs):
                results[index].append((completion, result.to_dict()))
                waiting[index] -= 1
                advance()
                if waiting[index] == 0:
                    _store_item(store, entries[index], results.pop(index), report, min_passing,
                                gold=choose_gold.random() < gold_fraction)
        for entry in entries:
            if entry.gold_ranks is not None and entry.task_id not in report.dropped:
                pid, _ = store.add_prompt(entry.task_id, entry.prompt, entry.problem)
                ids = {c.completion: c.id for c in store.candidates(pid)}
                store.set_gold(pid, {ids[c]: level for c, level in zip(entry.completions, entry.gold_ranks)})
    return report


def _store_item(store: Store, entry: Entry, results: list[tuple[str, dict]], report: PrepareReport,
                min_passing: int, gold: bool) -> None:
    known = {c.completion: c.execution for c in store.candidates(_known_prompt_id(store, entry))}
    executions = {**known, **dict(results)}
    passing = sum(bool(e and e["passed"]) for e in executions.values())
    if passing == 0:
        report.no_passing.append(entry.task_id)
    if passing < min_passing:
        report.dropped.append(entry.task_id)
        return
    prompt_id, created = store.add_prompt(entry.task_id, entry.prompt, entry.problem)
    report.prompts_added += created
    for completion, execution in results:
        store.add_candidate(prompt_id, completion, execution, entry.source)
        report.candidates_added += 1
        report.passed += execution["passed"]
    decided = 0 < passing < len(executions) and all(executions.values())
    if gold and decided and entry.gold_ranks is None:
        store.set_gold(prompt_id, {c.id: 1 if c.execution["passed"] else 2 for c in store.candidates(prompt_id)})
        report.gold_added += 1


def _known_prompt_id(store: Store, entry: Entry) -> int | None:
    row = store.query("SELECT id FROM prompts WHERE content_hash = ?", [content_hash(entry.task_id, entry.prompt)])
    return row[0][0] if row else None


class _progress:
    """A rich progress bar while candidates run; `advance()` after each one. Rate and ETA come from the mean
    over the whole run so far: rich's own speed looks at the last few samples only and jumps with every slow
    or fast candidate."""

    def __init__(self, total: int):
        self.bar = progress_bar("executing candidates", "{task.fields[rate]}", eta=False)  # the rate says what is left
        self.task = self.bar.add_task("run", total=total, rate="")

    def __enter__(self):
        if self.bar.tasks[0].total:
            self.bar.start()
        started = time.monotonic()

        def advance():
            self.bar.advance(self.task)
            task = self.bar.tasks[0]
            self.bar.update(self.task, rate=steady_rate(task.completed, task.total, time.monotonic() - started))

        return advance

    def __exit__(self, *exc):
        self.bar.stop()
        return False


def steady_rate(done: float, total: float, seconds: float) -> str:
    """`12.3 candidates/s, 0:41 left`: the mean rate since the start, and the time left at that rate."""
    if done <= 0 or seconds <= 0:
        return ""
    rate = done / seconds
    left = int((total - done) / rate)
    return f"{rate:.1f} candidates/s, {left // 60}:{left % 60:02d} left"
