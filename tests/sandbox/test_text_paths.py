"""Fuzz: random and adversarial text from samples, through every path from a sample to a file.

Each hostile sample puts its text where a sample can: an exception message, printed output, a returned value
(quoted in the failure detail), its own source (a comment, a syntax error), an exit message. The scoring run
must complete with a result for every sample, every correct sample still passes, and every detail is safe
to store and to show (strict UTF-8, no control characters but newline and tab).
"""

import json
import random

from sandbox_pools import open_sandbox
from sandbox_problems import ADD, GOOD_ADD

from codegen_rlhf.jsonl import read_jsonl, write_jsonl
from codegen_rlhf.rank.store import Store

ADVERSARIAL = ["\ud800", "\udfff", "\udcff\udc80", "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\r\x00\x9b",
               "\u202e", "\ufeff", "\\", '"', "\n\n\n", "\x1b[31m" * 50, "\x7f\x85", "'''", "\t\v\f"]
SHAPES = [
    "    raise ValueError({text!r})\n",
    "    print({text!r})\n    import sys\n    sys.stderr.write({text!r})\n    return None\n",
    "    return {text!r}\n",
    "    raise SystemExit({text!r})\n",
    "    return a + b  # {raw}\n",
    "    return a +\n# {raw}\n",
]


def fuzz_texts(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
        yield raw.decode("utf-8", "surrogateescape") + rng.choice(ADVERSARIAL)


def hostile_samples(seed: int = 15, count: int = 16) -> list[str]:
    return [shape.format(text=text, raw=text) for text in fuzz_texts(seed, count) for shape in SHAPES]


def is_safe(text: str) -> bool:
    text.encode("utf-8")  # raises on a lone surrogate
    return not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in text)


def test_sample_text_never_costs_another_samples_result(backend, tmp_path, run_cli):
    problems = tmp_path / "problems.jsonl"
    problems.write_text(json.dumps(ADD) + "\n")
    samples = tmp_path / "samples.jsonl"
    completions = [c for hostile in hostile_samples() for c in (hostile, GOOD_ADD)]
    # ensure_ascii: lone surrogates travel as JSON escapes, as any JSON writer would send them
    samples.write_text("".join(json.dumps({"task_id": ADD["task_id"], "completion": c}) + "\n"
                               for c in completions))
    out = tmp_path / "results.jsonl"
    if backend == "docker":
        open_sandbox("docker", workers=1).close()  # skips visibly without an engine
    code, stdout, stderr = run_cli("eval", "score", samples, "--problems", problems, "--out", out,
                                   "--backend", backend, "--workers", "2", "--timeout", "3")
    assert code == 0, stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(completions)
    assert [row["passed"] for row in rows[1::2]] == [True] * (len(completions) // 2)
    assert not any(row["passed"] for row in rows[0::2])
    assert all(is_safe(row["detail"]) for row in rows), [row["detail"] for row in rows if not is_safe(row["detail"])]
    assert "\x1b" not in stdout and "\x1b" not in stderr.replace("\x1b[?25l", "").replace("\x1b[?25h", "")


def test_the_results_writer_round_trips_any_completion(tmp_path):
    """A writer of sample-derived text must accept any str; JSON Lines read back the same text."""
    texts = list(fuzz_texts(seed=20, count=50))
    write_jsonl(tmp_path / "rows.jsonl", [{"completion": t} for t in texts])
    assert [row["completion"] for row in read_jsonl(tmp_path / "rows.jsonl")] == texts


def test_the_ranking_store_keeps_any_completion(tmp_path):
    """Candidates read from a file may hold lone surrogates and escape sequences: stored (surrogates as
    visible escapes), found again, never an exception."""
    texts = list(fuzz_texts(seed=21, count=30))
    with Store(tmp_path / "rank.db") as store:
        prompt_id, _ = store.add_prompt("t/\udcff", "def f():\n")
        for text in texts:
            store.add_candidate(prompt_id, text, {"status": "failed", "passed": False, "detail": text})
        assert all(store.has_candidate("t/\udcff", "def f():\n", text) for text in texts)
        stored = [candidate.completion for candidate in store.candidates(prompt_id)]
    assert len(stored) == len(set(texts))
    assert all(text.encode("utf-8") for text in stored)
