"""`codegen-rlhf eval score` end to end: results file, pass@k line, bad input, and no torch import."""

import json
import subprocess
import sys

import pytest

from codegen_rlhf.data.problems import load_problems

TASKS = ["HumanEval/0", "HumanEval/2", "HumanEval/4"]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from codegen_rlhf.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def samples(tmp_path):
    problems = load_problems("humaneval")
    rows = []
    for task in TASKS:
        rows.append({"task_id": task, "completion": problems[task]["canonical_solution"]})
        rows.append({"task_id": task, "completion": "    return None\n"})
    path = tmp_path / "samples.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_scores_samples_and_prints_pass_at_k_last(samples, tmp_path):
    out = tmp_path / "results.jsonl"
    code = ("import sys\nfrom codegen_rlhf.cli import main\n"
            f"sys.argv = ['codegen-rlhf', 'eval', 'score', {str(samples)!r}, '--out', {str(out)!r},"
            " '--k', '1,2', '--workers', '2', '--timeout', '3']\n"
            "try:\n    main()\nfinally:\n    print(json.dumps({'torch': 'torch' in sys.modules}))\n")
    proc = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    *_, summary_line, torch_line = proc.stdout.strip().splitlines()
    assert json.loads(torch_line) == {"torch": False}
    summary = json.loads(summary_line)
    assert summary["pass@1"] == pytest.approx(0.5) and summary["pass@2"] == pytest.approx(1.0)
    assert summary["status_counts"] == {"passed": 3, "failed": 3}
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["task_id"], r["completion_id"], r["passed"]) for r in rows] == \
        [(t, i, i == 0) for t in TASKS for i in (0, 1)]
    assert set(rows[0]) >= {"task_id", "completion_id", "passed", "status", "detail", "tests_passed",
                            "tests_total", "duration_ms"}
    assert "scoring" in proc.stderr  # the progress bar goes to stderr


def test_malformed_line_is_one_error_with_its_line_number(samples, tmp_path):
    samples.write_text(samples.read_text() + "{not json\n")
    proc = run_cli("eval", "score", str(samples), "--out", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and f"{samples}:7" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.parametrize("row,message", [({"task_id": "HumanEval/9999", "completion": ""}, "unknown task_id"),
                                         ({"task_id": "HumanEval/0"}, "task_id and completion")])
def test_bad_samples_are_errors_with_line_numbers(samples, tmp_path, row, message):
    samples.write_text(json.dumps(row) + "\n" + samples.read_text())
    proc = run_cli("eval", "score", str(samples), "--out", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 2 and f"{samples}:1" in proc.stderr and message in proc.stderr
    assert not (tmp_path / "r.jsonl").exists()


def test_bad_k_is_a_usage_error(samples):
    proc = run_cli("eval", "score", str(samples), "--k", "1,x")
    assert proc.returncode == 2 and "--k" in proc.stderr
