"""`codegen-rlhf train rm`, `rm score` and `rm merge` as a user runs them: real processes, exit codes, files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "component"))
from rm_synthetic import write_synthetic  # noqa: E402

from codegen_rlhf.data.problems import load_problems

# Tiny matrices: one intra-op thread avoids spin-wait slowdowns on a loaded 2-core machine.
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from codegen_rlhf.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300)


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_bad_rankings_are_one_line_errors_with_exit_2(tmp_path):
    bad = write_rows(tmp_path / "bad.jsonl", [
        {"prompt": "p", "completions": ["a", "b"], "ranks": [1, 2]},
        {"prompt": "q", "completions": ["only one"], "ranks": [1]},
    ])
    result = cli("train", "rm", "--config", "tiny", f"rm.data={bad}", f"output_dir={tmp_path / 'run'}")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {bad}:2: a prompt needs at least 2 candidates to rank, this one has 1"
    assert not (tmp_path / "run").exists()

    missing = write_rows(tmp_path / "missing.jsonl", [{"prompt": "p", "completions": ["a", "b"]}])
    result = cli("train", "rm", "--config", "tiny", f"rm.data={missing}", f"output_dir={tmp_path / 'run'}")
    assert result.returncode == 2 and "missing ranks" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_train_then_score_then_merge_end_to_end(tmp_path):
    data = write_synthetic(tmp_path / "synthetic.jsonl", 16)
    run_dir = tmp_path / "run"
    result = cli("train", "rm", "--config", "tiny", f"rm.data={data}", f"output_dir={run_dir}",
                 "rm.optim.max_steps=3")
    assert result.returncode == 0, result.stderr
    assert {"config.yaml", "metrics.jsonl", "rm_eval.png", "model", "checkpoints"} <= {p.name for p in run_dir.iterdir()}


    task_id = next(iter(load_problems("train")))
    samples = write_rows(tmp_path / "samples.jsonl", [
        {"prompt": "def f(x):\n", "completion": "    return x\n", "id": 1},
        {"task_id": "synthetic/unknown-but-prompted", "prompt": "def g(x):\n", "completion": "    x +\n"},
        {"task_id": task_id, "completion": "    return None\n"},  # prompt looked up in --problems
    ])
    result = cli("rm", "score", "--model", run_dir, "--samples", samples, "--problems", "train")
    assert result.returncode == 0, result.stderr
    scored = [json.loads(line) for line in (tmp_path / "samples.scored.jsonl").read_text().splitlines()]
    assert [row.get("id") for row in scored] == [1, None, None]
    assert all(isinstance(row["score"], float) for row in scored)

    result = cli("rm", "score", "--model", run_dir, "--samples", write_rows(tmp_path / "bad.jsonl", [{"prompt": "p"}]))
    assert result.returncode == 2 and 'bad.jsonl:1: needs a string "completion"' in result.stderr

    result = cli("rm", "merge", run_dir, "--out", tmp_path / "merged")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "merged" / "config.json").is_file()
