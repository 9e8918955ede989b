"""Bad PPO configuration is one readable error before any model loads; held-out/HumanEval never give rewards."""

import subprocess
import sys

import pytest

from codegen_rlhf.config import load_config
from codegen_rlhf.errors import UserError
from codegen_rlhf.data.problems import PROBLEM_SETS, ProblemSet, check_reward_problems, load_problems, register
from codegen_rlhf.rl.trainer import check_config


def test_presets_are_valid():
    for preset in ("tiny", "quick-cpu"):
        check_config(load_config(preset))
        check_config(load_config(preset, ["ppo.algo=grpo"]))  # the presets sample several completions per prompt


@pytest.mark.parametrize("overrides, message", [
    (["ppo.algo=grpo", "ppo.samples_per_prompt=0"], "samples_per_prompt"),
    (["ppo.algo=grpo", "ppo.samples_per_prompt=1"], "samples_per_prompt >= 2"),
    (["ppo.algo=rloo", "ppo.samples_per_prompt=1"], "samples_per_prompt >= 2"),
    (["ppo.algo=a2c"], "ppo.algo"),
    (["ppo.w_rm=0.5"], "ppo.reward_model is not"),
    (["ppo.reward_model=/nonexistent/rm", "ppo.w_rm=1"], "no such directory"),
    (["ppo.mini_batch_size=3"], "mini_batch_size"),
    (["ppo.kl_estimator=k2"], "k1 or k3"),
    (["ppo.critic=twin"], "separate or shared"),
    (["ppo.w_exec=0"], "no reward"),
    (["ppo.exec_reward=coderl"], "use binary, graded, partial"),
    (["ppo.max_minutes=-1"], "max_minutes"),
])
def test_bad_config_is_a_clear_error(overrides, message):
    with pytest.raises(UserError, match=message):
        check_config(load_config("tiny", overrides))


def test_evaluation_sets_never_give_rewards():
    for spec in ("heldout", "humaneval"):
        with pytest.raises(UserError, match="evaluation set"):
            check_reward_problems(spec, {"x": {"prompt": ""}})
    with pytest.raises(UserError, match="split=heldout"):
        check_reward_problems("mine.jsonl", {"a": {"split": "train", "prompt": "a"},
                                             "b": {"split": "heldout", "prompt": "b"}})
    humaneval = load_problems("humaneval")
    with pytest.raises(UserError, match="evaluation set humaneval"):
        check_reward_problems("mine.jsonl", {"HumanEval/0": {"prompt": "def f(): pass\n"}})
    renamed = {"mine/0": humaneval["HumanEval/3"]}  # the same prompt under another id
    with pytest.raises(UserError, match="evaluation set humaneval"):
        check_reward_problems("mine.jsonl", renamed)
    with pytest.raises(UserError, match="split=heldout"):  # the whole suite holds the held-out split
        check_reward_problems("tasks", load_problems("tasks"))
    unmarked = {f"mine/{i}": dict(p, split="train") for i, p in enumerate(load_problems("heldout").values())}
    with pytest.raises(UserError, match="evaluation set heldout"):  # found by their prompts
        check_reward_problems("mine.jsonl", unmarked)
    check_reward_problems("train", load_problems("train"))


def test_a_registered_evaluation_set_is_guarded_like_the_shipped_ones():
    secret = {"toy/0": {"task_id": "toy/0", "prompt": "def toy():\n", "entry_point": "toy", "test": ""}}
    register(ProblemSet("toy-benchmark", "a toy evaluation set", lambda: secret, evaluation_only=True))
    try:
        with pytest.raises(UserError, match="evaluation set"):
            check_reward_problems("toy-benchmark", load_problems("toy-benchmark"))
        with pytest.raises(UserError, match="evaluation set toy-benchmark"):
            check_reward_problems("mine.jsonl", {"mine/1": dict(secret["toy/0"], task_id="mine/1")})
    finally:
        PROBLEM_SETS.pop("toy-benchmark")


def test_cli_reports_bad_config_on_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from codegen_rlhf.cli import main; main()", "train", "ppo", "--config", "tiny",
         "--algo", "grpo", "ppo.samples_per_prompt=0", f"output_dir={tmp_path / 'run'}"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ppo.samples_per_prompt=0") and result.stderr.count("\n") == 1
    assert not (tmp_path / "run").exists()
