"""`codegen-rlhf eval run` and `eval compare` end to end on tiny-random and a 4-problem HumanEval file, through
the real `main()` (exit codes and the one-line error included), plus bad inputs that must leave nothing behind."""

import json
from pathlib import Path

import pytest
import torch

from codegen_rlhf import models
from codegen_rlhf.generation_backends import BACKENDS, GenerationBackend
from codegen_rlhf.generation_engines import LoopEngine

PROBLEMS = Path(__file__).parents[1] / "fixtures" / "humaneval_4.jsonl"
SMALL_RUN = ["--model", "tiny-random", "--benchmark", str(PROBLEMS), "--max-new-tokens", "12", "--workers", "2"]


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_eval_run_writes_every_artifact_then_compare_pairs_two_runs(tmp_path, run_cli):
    first, second = tmp_path / "a", tmp_path / "b"
    code, out, err = run_cli("eval", "run", *SMALL_RUN, "--n", "2", "--k", "1,2",
                              "--out", str(first))
    assert code == 0, err
    assert "pass@1" in out and str(first) in out
    assert sorted(p.name for p in first.iterdir()) == [
        "report.md", "report.png", "results.jsonl", "samples.jsonl", "summary.json"]
    samples = [json.loads(line) for line in (first / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 8 and {"task_id", "completion"} <= set(samples[0])
    results = [json.loads(line) for line in (first / "results.jsonl").read_text().splitlines()]
    assert [r["task_id"] for r in results] == [s["task_id"] for s in samples]
    summary = json.loads((first / "summary.json").read_text())
    assert summary["n_tasks"] == 4 and summary["n_samples"] == 8 and summary["prompt_format"] == "raw"
    assert set(summary["pass_at_k"]) == {"pass@1", "pass@2"}
    low, high = summary["pass_at_k"]["pass@1"]["ci95"]
    assert low <= summary["pass_at_k"]["pass@1"]["value"] <= high
    assert sum(summary["status_counts"].values()) == 8
    assert summary["generation"]["new_tokens"] == sum(s["new_tokens"] for s in samples) > 0
    assert summary["config"]["n"] == 2 and summary["command"].startswith("codegen-rlhf eval run")
    assert (first / "report.png").read_bytes()[:4] == b"\x89PNG"
    assert "| pass@1 |" in (first / "report.md").read_text()

    code, _, err = run_cli("eval", "run", *SMALL_RUN, "--n", "1", "--temperature", "0",
                            "--k", "1", "--limit", "2", "--out", str(second))
    assert code == 0, err
    assert json.loads((second / "summary.json").read_text())["n_tasks"] == 2

    code, out, err = run_cli("eval", "compare", str(first), str(second),
                              "--out", str(tmp_path / "cmp"))
    assert code == 0, err
    comparison = json.loads((tmp_path / "cmp" / "compare.json").read_text())
    assert comparison["baseline"] == "a" and comparison["paired"][0]["tasks"] == 2  # only the shared tasks
    assert "| a |" in out and "| b |" in out
    assert (tmp_path / "cmp" / "compare.png").is_file()


@pytest.mark.parametrize("extra, message", [
    (["--benchmark", "no-such-benchmark"], "unknown problem set"),
    (["--adapter", "/nonexistent/adapter"], "not a PEFT adapter"),
    (["--n", "2", "--k", "1,5"], "pass@5 needs at least 5 samples"),
    (["--n", "3", "--temperature", "0", "--k", "1"], "use --n 1"),
    (["--k", "one"], "comma-separated integers"),
    (["--top-p", "1.5"], "--top-p in (0, 1]"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, run_cli, extra, message):
    out_dir = tmp_path / "run"
    code, _, err = run_cli("eval", "run", *SMALL_RUN, *extra, "--out", str(out_dir))
    assert code == 2
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
    assert not out_dir.exists()


def test_compare_rejects_a_directory_without_a_run(tmp_path, run_cli):
    code, _, err = run_cli("eval", "compare", str(tmp_path), str(tmp_path),
                            "--out", str(tmp_path / "cmp"))
    assert code == 2 and "no summary.json" in err


class CountingLoop:
    """A toy generation backend: the loop backend's engine, counting the rows it is given."""

    rows: list[int] = []

    def __init__(self, generator):
        self.loop = LoopEngine(generator)

    def __call__(self, rows, request, bar):
        CountingLoop.rows.append(len(rows))
        self.loop(rows, request, bar)


def test_a_registered_generation_backend_is_an_eval_run_choice_and_runs(tmp_path, run_cli, monkeypatch):
    monkeypatch.setitem(BACKENDS, "toy", GenerationBackend("toy", "the loop, counted", CountingLoop))
    code, _, err = run_cli("eval", "run", *SMALL_RUN, "--n", "1", "--temperature", "0", "--k", "1",
                           "--limit", "2", "--backend", "toy", "--out", tmp_path / "toy")
    assert code == 0, err
    assert CountingLoop.rows == [2]  # one generate call, one row per task
    summary = json.loads((tmp_path / "toy" / "summary.json").read_text())
    assert summary["config"]["generation_backend"] == "toy" and summary["n_samples"] == 2
    assert summary["generation"]["new_tokens"] > 0

    code, _, err = run_cli("eval", "run", *SMALL_RUN, "--backend", "nonesuch", "--out", tmp_path / "no")
    assert code == 2 and "nonesuch" in err and "toy" in err and "Traceback" not in err


@pytest.mark.parametrize("requirement, message", [
    (dict(package="no_such_package_xyz"), "needs no_such_package_xyz: pip install no_such_package_xyz"),
    pytest.param(dict(needs_cuda=True), "needs a CUDA GPU",
                 marks=pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA GPU is visible")),
])
def test_a_backend_missing_what_it_needs_is_one_line_exit_2_before_the_model_loads(
        tmp_path, run_cli, monkeypatch, requirement, message):
    monkeypatch.setitem(BACKENDS, "needy", GenerationBackend("needy", "needs more", CountingLoop, **requirement))
    monkeypatch.setattr(models, "load_causal_lm", lambda *a, **k: pytest.fail("the model was loaded"))
    code, _, err = run_cli("eval", "run", *SMALL_RUN, "--n", "1", "--k", "1", "--backend", "needy",
                           "--out", tmp_path / "run")
    assert code == 2 and err.startswith(f"error: generation backend 'needy' {message}") and len(err.splitlines()) == 1
    assert not (tmp_path / "run").exists()
