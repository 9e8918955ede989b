"""Best-of-n against the real sandbox: handwritten samples (one canonical solution among wrong ones per task)
are executed, then picked by scorers loaded the way `eval run --rerank` loads them; and `eval run --rerank`
end to end on tiny-random through `main()`."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "component"))
from rm_synthetic import write_synthetic  # noqa: E402

from codegen_rlhf.config import load_config  # noqa: E402
from codegen_rlhf.data.problems import load_problems  # noqa: E402
from codegen_rlhf.evaluation.rerank import load_scorer, rerank  # noqa: E402
from codegen_rlhf.evaluation.score import score_samples  # noqa: E402
from codegen_rlhf.jsonl import read_jsonl, write_jsonl  # noqa: E402
from codegen_rlhf.reward_model.train import run  # noqa: E402

PROBLEMS = Path(__file__).parents[1] / "fixtures" / "humaneval_4.jsonl"
WRONG = ["    return None\n", "    raise ValueError('no')\n", "    return 0\n"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Four samples per task, the canonical solution at a different place in each; executed in the sandbox."""
    problems = load_problems(str(PROBLEMS))
    samples = []
    for i, (task_id, problem) in enumerate(problems.items()):
        completions = WRONG[:]
        completions.insert(i % 4, problem["canonical_solution"])
        samples += [{"task_id": task_id, "completion": c} for c in completions]
    folder = tmp_path_factory.mktemp("bo4")
    write_jsonl(folder / "samples.jsonl", samples)
    score_samples(folder / "samples.jsonl", str(PROBLEMS), folder / "results.jsonl", [1], workers=2)
    return problems, samples, read_jsonl(folder / "results.jsonl")


def test_a_scorer_that_knows_the_answers_reaches_pass_at_n(executed):
    problems, samples, results = executed
    assert sum(r["passed"] for r in results) == 4  # the sandbox agrees: one sample per task passes
    best = rerank(load_scorer("user_rewards:knows_the_answers"), problems, samples, results)
    assert best["pass@1"]["value"] == 0.25 and best["pass@4"]["value"] == 1.0
    assert best["rerank_pass@1"]["value"] == 1.0 and best["gap_to_oracle"]["mean_diff"] == 0.0


def test_a_scorer_that_knows_nothing_does_not_beat_the_random_pick_beyond_noise(executed):
    problems, samples, results = executed
    best = rerank(load_scorer("user_rewards:coin_flips"), problems, samples, results)
    assert best["pass@1"]["value"] == 0.25
    assert not best["gain_over_random"]["significant"] or best["gain_over_random"]["mean_diff"] <= 0


def test_eval_run_rerank_writes_the_three_figures_and_prints_them(tmp_path, run_cli):
    out = tmp_path / "bo2"
    code, printed, err = run_cli("eval", "run", "--model", "tiny-random", "--benchmark", PROBLEMS, "--n", "2",
                                 "--k", "1,2", "--max-new-tokens", "8", "--workers", "2",
                                 "--rerank", "user_rewards:knows_the_answers", "--out", out)
    assert code == 0, err
    summary = json.loads((out / "summary.json").read_text())
    for key in ("pass@1", "rerank_pass@1", "pass@2"):
        low, high = summary[key]["ci95"]
        assert low <= summary[key]["value"] <= high
    assert summary["rerank"]["scorer"] == "user_rewards:knows_the_answers" and summary["rerank"]["tasks"] == 4
    assert "rerank_pass@1" in printed and "pick - random" in printed and "paired" in printed
    assert "best-of-2 with user_rewards:knows_the_answers" in (out / "report.md").read_text()


@pytest.mark.parametrize("extra, message", [
    (["--n", "1", "--rerank", "user_rewards:knows_the_answers"], "use --n 2 or more"),
    (["--n", "2", "--rerank", "/no/such/rm"], "not a reward-model directory, nor module:function"),
    (["--n", "2", "--rerank", Path(__file__).parent], "is not a reward model directory"),
    (["--n", "2", "--rerank", "user_rewards:no_such_function"], "has no function no_such_function"),
])
def test_a_bad_rerank_is_one_line_and_exit_2(tmp_path, run_cli, extra, message):
    code, _, err = run_cli("eval", "run", "--model", "tiny-random", "--benchmark", PROBLEMS, "--k", "1",
                           "--max-new-tokens", "4", "--workers", "2", *extra, "--out", tmp_path / "run")
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "run").exists()  # refused before the model loaded


def test_a_trained_reward_model_directory_is_a_scorer(executed, tmp_path):
    """The `--rerank RM_DIR` path: a tiny RM trained (2 steps) on a synthetic ranking picks through
    RewardModelScorer; what it picks is not the point here, that every task gets a pick from its samples is."""
    data = write_synthetic(tmp_path / "rankings.jsonl", 8)
    run(load_config("tiny", [f"rm.data={data}", "rm.optim.max_steps=2", "rm.optim.micro_batch_size=4"]),
        out_dir=str(tmp_path / "rm"))
    problems, samples, results = executed
    best = rerank(load_scorer(str(tmp_path / "rm")), problems, samples, results)
    assert sorted(best["per_task_pick"]) == sorted(problems)
    assert all(0.0 <= pick <= 1.0 for pick in best["per_task_pick"].values())
    assert best["pass@1"]["value"] == 0.25 and best["pass@4"]["value"] == 1.0
