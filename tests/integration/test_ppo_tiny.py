"""`train ppo` end to end on CPU: tiny-random policy, DeepSpeed engines, the real sandbox, the shipped task
suite. Slow (tens of seconds each): the tiny model still sees ~400-token byte-level prompts."""

import json
import math
import os
import subprocess
import sys

import pytest

from codegen_rlhf.config import load_config
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.rl import trainer
from codegen_rlhf.rl.algorithms import ALGORITHMS, Algorithm, register
from codegen_rlhf.tracking import read_metrics

pytestmark = pytest.mark.slow

PER_STEP = ("reward/total", "reward/exec", "pass_rate", "kl", "entropy", "clip_fraction", "approx_kl",
            "response_length", "gen_tokens_per_s", "time/generate", "time/execute", "time/score", "time/train")


def finite(row, keys):
    return all(isinstance(row[k], (int, float)) and math.isfinite(row[k]) for k in keys)


def test_ppo_three_steps_then_resume_to_five(tmp_path):
    out = tmp_path / "run"
    trainer.run(load_config("tiny", [f"output_dir={out}"]))

    rows = read_metrics(out)
    assert [r["step"] for r in rows] == [1, 2, 3]
    assert all(finite(r, PER_STEP + ("value_loss", "explained_variance")) for r in rows)
    assert all(abs(sum(v for k, v in r.items() if k.startswith("status/")) - 1) < 1e-6 for r in rows)
    assert "eval/pass_rate" in rows[-1]  # the final held-out evaluation
    assert trainer.latest_step(out) == 3
    for engine in ("actor", "critic"):
        assert (out / "checkpoints" / engine / "step-00000003" / "trainer_state.json").is_file()
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert {s["kind"] for s in samples} == {"train"}
    assert all(s["task_id"] in load_task_ids("train") for s in samples)
    # the evaluation (the tiny preset's only one, at the end) goes through evaluation.benchmark like `eval run`
    assert sorted(p.name for p in (out / "eval").iterdir()) == ["step-00000003"]
    summary = json.loads((out / "eval" / "step-00000003" / "summary.json").read_text())
    assert summary["pass_at_k"]["pass@1"]["value"] == rows[-1]["eval/pass_rate"]

    result = subprocess.run(
        [sys.executable, "-c", "from codegen_rlhf.cli import main; main()", "train", "ppo", "--config", "tiny",
         f"output_dir={out}", "ppo.optim.max_steps=5", "--resume"],
        capture_output=True, text=True, timeout=600, env=fresh_env())
    assert result.returncode == 0, result.stderr[-2000:]
    rows = read_metrics(out)
    assert [r["step"] for r in rows] == [1, 2, 3, 4, 5]
    assert all(finite(r, PER_STEP) for r in rows[3:])
    # the KL controller and the policy continued: the resumed policy has drifted from the reference
    assert rows[3]["kl_coef"] == rows[2]["kl_coef"] and rows[4]["kl"] != 0
    assert trainer.latest_step(out) == 5


def test_grpo_with_lora_and_shared_reference(tmp_path):
    out = tmp_path / "grpo"
    trainer.run(load_config("tiny", [f"output_dir={out}", "ppo.algo=grpo", "model.lora.enabled=true",
                                     "ppo.optim.max_steps=2", "ppo.eval_problems=", "ppo.optim.learning_rate=0.05",
                                     # a random policy scores -1 on every sample, so GRPO advantages are all 0:
                                     # the entropy bonus is what moves the adapters here
                                     "ppo.entropy_coef=0.1"]))
    rows = read_metrics(out)
    assert [r["step"] for r in rows] == [1, 2]
    assert all(finite(r, PER_STEP) for r in rows) and "value_loss" not in rows[0]
    # no critic engine for grpo; the actor checkpoint is a LoRA adapter
    assert not (out / "checkpoints" / "critic").exists()
    assert (out / "checkpoints" / "actor" / "step-00000002" / "model" / "adapter_config.json").is_file()
    assert rows[1]["kl"] != 0  # the adapters moved the policy away from the reference (adapters disabled)


def test_a_time_budget_ends_the_run_as_max_steps_would(tmp_path):
    """ppo.max_minutes runs out during the first step (0.06 ms): the run stops after it, evaluated, checkpointed
    and exported although max_steps (50) and save_every (100) are far off."""
    out = tmp_path / "budget"
    trainer.run(load_config("tiny", [f"output_dir={out}", "ppo.algo=grpo", "ppo.max_minutes=0.000001",
                                     "ppo.optim.max_steps=50", "ppo.optim.save_every=100"]))
    rows = read_metrics(out)
    assert [r["step"] for r in rows] == [1]
    assert "eval/pass_rate" in rows[-1]
    assert trainer.latest_step(out) == 1
    assert (out / "final" / "config.json").is_file()


def fresh_env():
    """The environment without the 1-process rendezvous this test process set up for its own run."""
    launcher = ("RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
    return {k: v for k, v in os.environ.items() if k not in launcher}


def load_task_ids(split):
    return set(load_problems(split))


def test_a_registered_algorithm_and_a_users_reward_function_through_the_cli(tmp_path, run_cli):
    """An algorithm is one registry entry (here REINFORCE with a batch-mean baseline); a reward function is one
    config entry. Execution is weighted 0, so the reward is exactly the user's 2.0 x 0.5."""
    def reinforce(rewards, values, mask, cfg, scores):
        sequence = rewards.sum(dim=1)
        return (sequence - sequence.mean())[:, None] * mask, None

    register(Algorithm("reinforce", "REINFORCE, batch-mean baseline", needs_critic=False, needs_groups=False,
                       advantages=reinforce))
    try:
        out = tmp_path / "reinforce"
        code, _, stderr = run_cli("train", "ppo", "--config", "tiny", "--algo", "reinforce", f"output_dir={out}",
                                  "ppo.optim.max_steps=1", "ppo.eval_problems=", "ppo.w_exec=0",
                                  'ppo.reward_functions={"user_rewards:constant_two": 0.5}')
        assert code == 0, stderr[-2000:]
    finally:
        ALGORITHMS.pop("reinforce")
    (row,) = read_metrics(out)
    assert row["reward/user_rewards:constant_two"] == 2.0 and row["reward/total"] == 1.0
    assert "reward/exec" in row and "value_loss" not in row  # executed and logged, weighted 0; no critic
    assert not (out / "checkpoints" / "critic").exists()


def test_a_reward_function_that_cannot_load_is_one_clear_error(tmp_path, run_cli):
    code, _, stderr = run_cli("train", "ppo", "--config", "tiny", f"output_dir={tmp_path}",
                              'ppo.reward_functions={"user_rewards:no_such_function": 1.0}')
    assert code == 2 and "user_rewards has no function no_such_function" in stderr
    assert "Traceback" not in stderr
