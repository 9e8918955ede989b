"""`rank prepare --candidates`: every candidate runs in the real sandbox; re-running adds nothing; bad input
is one line naming the file and line, and leaves the database untouched."""

import json

import pytest
from rankdb import FIXTURES, rank_cli

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.rank import prepare
from codegen_rlhf.rank.store import Store

PROBLEMS = FIXTURES / "problems.jsonl"
CANDIDATES = FIXTURES / "candidates.jsonl"




def test_prepare_executes_in_sandbox_and_is_idempotent(tmp_path, capsys):
    db = tmp_path / "r.db"
    code, out, err = rank_cli(capsys, "prepare", "--db", db, "--candidates", CANDIDATES, "--problems", PROBLEMS)
    assert code == 0, err
    assert "3 new prompts, 10 new candidates (4 pass their tests)" in out
    code, out, err = rank_cli(capsys, "prepare", "--db", db, "--candidates", CANDIDATES, "--problems", PROBLEMS)
    assert code == 0, err
    assert "0 new candidates" in out and "10 already present" in out
    with Store(db) as store:
        status = {r[0]: r[1] for r in store.query(
            "SELECT c.completion, e.status FROM candidates c JOIN executions e ON e.candidate_id = c.id")}
        assert len(status) == 10
        assert status["    return a + b\n"] == "passed"
        assert status["    return a - b\n"] == "failed"
        assert status["    return a +\n"] == "syntax_error"
        assert status["    raise NotImplementedError\n"] == "error"
        assert status["    return text == text[::-1]\n"] == "failed"  # 'Anna' is a palindrome ignoring case
        gold = store.gold()
        assert len(gold) == 1 and sorted(next(iter(gold.values())).values()) == [1, 2, 2]


def test_bad_line_is_reported_with_its_number_and_writes_nothing(tmp_path, capsys):
    lines = CANDIDATES.read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps({"task_id": "fixture/add", "prompt": "x", "completions": "oops"})]))
    db = tmp_path / "r.db"
    code, _, err = rank_cli(capsys, "prepare", "--db", db, "--candidates", bad, "--problems", PROBLEMS)
    assert code == 2
    assert err.strip() == f"error: {bad}:2: 'completions' must be a list"
    assert not db.exists()


def test_unknown_task_and_broken_json_are_user_errors(tmp_path):
    problems = load_problems(str(PROBLEMS))
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(json.dumps({"task_id": "nope/1", "prompt": "p", "completions": ["a", "b"]}) + "\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"task_id": "fixture/add",\n')
    for path, message in ((unknown, ":1: task 'nope/1' is not in the problems"), (broken, ":1: malformed JSON")):
        with pytest.raises(UserError, match=message):
            prepare.read_candidates(path, problems, str(PROBLEMS))


def test_exactly_one_source_is_required(tmp_path, capsys):
    code, _, err = rank_cli(capsys, "prepare", "--db", tmp_path / "r.db")
    assert code == 2 and "exactly one of --candidates FILE or --model SPEC" in err


@pytest.mark.slow
def test_prepare_samples_with_the_generation_engine(tmp_path, capsys):
    """--model: K samples per problem from a tiny random model (no weights to download), each run in the sandbox."""
    db = tmp_path / "m.db"
    code, out, err = rank_cli(capsys, "prepare", "--db", db, "--model", "tiny-random", "--problems", PROBLEMS,
                              "--k", 2, "--max-new-tokens", 4, "--limit", 2, "--temperature", 1.0)
    assert code == 0, err
    assert "2 new prompts" in out
    with Store(db) as store:
        rows = store.query("SELECT c.source, e.status FROM candidates c JOIN executions e ON e.candidate_id = c.id")
        assert 2 <= len(rows) <= 4  # identical samples of one prompt are stored once
        assert {r[0] for r in rows} == {"model:tiny-random"}
        assert store.query("SELECT COUNT(*) FROM prompts")[0][0] == 2


def test_items_without_a_passing_candidate_are_reported_and_can_be_dropped(tmp_path, capsys):
    candidates = tmp_path / "c.jsonl"
    lines = CANDIDATES.read_text().splitlines()
    hopeless = json.loads(lines[0]) | {"completions": ["    return a - b\n", "    return a +\n"]}
    candidates.write_text("\n".join([json.dumps(hopeless), lines[1]]) + "\n")
    db = tmp_path / "r.db"
    code, out, err = rank_cli(capsys, "prepare", "--db", db, "--candidates", candidates, "--problems", PROBLEMS,
                              "--min-passing", 1)
    assert code == 0, err
    assert "1 new prompts" in out
    assert "warning: 1 items have no passing candidate: fixture/add" in err
    assert "warning: dropped 1 items with fewer than 1 passing candidates (--min-passing): fixture/add" in err
    with Store(db) as store:
        assert [r[0] for r in store.query("SELECT task_id FROM prompts")] == ["fixture/palindrome"]


def test_gold_items_from_execution(tmp_path, capsys):
    db = tmp_path / "r.db"
    code, out, err = rank_cli(capsys, "prepare", "--db", db, "--candidates", CANDIDATES, "--problems", PROBLEMS,
                              "--gold-fraction", 1.0)
    assert code == 0, err
    assert "2 marked gold" in out  # add and palindrome: some pass, some fail; evens brings its own gold ranks
    with Store(db) as store:
        gold = store.gold()
        by_task = {r[0]: r[1] for r in store.query("SELECT id, task_id FROM prompts")}
        assert sorted(by_task[p] for p in gold) == ["fixture/add", "fixture/evens", "fixture/palindrome"]
        executions = store.executions()
        for prompt_id, levels in gold.items():
            if by_task[prompt_id] != "fixture/evens":
                assert levels == {c: 1 if executions[c]["passed"] else 2 for c in levels}


def test_progress_rate_is_the_mean_since_the_start():
    assert prepare.steady_rate(10, 40, 5.0) == "2.0 candidates/s, 0:15 left"
    assert prepare.steady_rate(0, 40, 5.0) == ""
