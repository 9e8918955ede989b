"""Learning tests: every RL algorithm and variant the trainer offers raises an informative, learnable reward.

The task is a bandit over the first generated character (user_rewards.even_first_character, through
`ppo.reward_functions`; execution weighted 0) on four toy prompts, with the tiny random policy: it starts near
0.25 and a working update reaches ~1.0 in a few steps. The margin asked for (the last three steps' mean above
0.8 and 0.4 above the first step's) is one that a flipped policy-gradient sign (reward falls to 0), a detached
loss or all-zero advantages (reward stays near its start) cannot reach. The KL term alone must hold the policy
near its reference. Seconds each.
"""

import json

import pytest

from codegen_rlhf.config import load_config
from codegen_rlhf.rl import trainer
from codegen_rlhf.tracking import read_metrics

pytestmark = pytest.mark.slow

STEPS = 12


@pytest.fixture(scope="module")
def toy_prompts(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "toy.jsonl"
    path.write_text("".join(json.dumps({"task_id": f"toy/{i}", "prompt": f"def f{i}():\n", "entry_point": f"f{i}",
                                        "test": "def check(candidate):\n    assert candidate() is None\n",
                                        "split": "train"}) + "\n" for i in range(4)))
    return path


def train(tmp_path, toy_prompts, *overrides) -> list[dict]:
    out = tmp_path / "run"
    trainer.run(load_config("tiny", [
        f"output_dir={out}", f"ppo.prompts={toy_prompts}", "ppo.eval_problems=", "ppo.w_exec=0",
        'ppo.reward_functions={"user_rewards:even_first_character": 1.0}', "ppo.prompts_per_step=4",
        "ppo.samples_per_prompt=8", "ppo.mini_batch_size=32", "ppo.optim.micro_batch_size=32",
        "ppo.max_new_tokens=2", "ppo.optim.learning_rate=0.05", f"ppo.optim.max_steps={STEPS}",
        "ppo.optim.save_every=1000", "ppo.kl_coef=0", *overrides]))
    return read_metrics(out)


VARIANTS = {
    "ppo, separate critic": ["ppo.algo=ppo"],
    "ppo, value head on the actor": ["ppo.algo=ppo", "ppo.critic=shared"],
    "ppo, two epochs over minibatches": ["ppo.algo=ppo", "ppo.ppo_epochs=2", "ppo.mini_batch_size=16",
                                         "ppo.optim.micro_batch_size=8"],
    "grpo": ["ppo.algo=grpo"],
    "rloo": ["ppo.algo=rloo"],
    "grpo, fixed KL": ["ppo.algo=grpo", "ppo.kl_coef=0.05"],
    "grpo, adaptive KL": ["ppo.algo=grpo", "ppo.kl_coef=0.05", "ppo.adaptive_kl=true", "ppo.kl_target=0.5"],
    "rft (rejection sampling, one epoch)": ["ppo.algo=rft"],
    "rloo, normalized and clipped rewards": ["ppo.algo=rloo", "ppo.normalize_rewards=true", "ppo.reward_clip=2"],
    # LoRA on the tiny model's linear layers alone moves its two-layer output too little in 12 steps: the head too
    "grpo, LoRA": ["ppo.algo=grpo", "model.lora.enabled=true",
                   "model.lora.target_modules=[q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj,lm_head]"],
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_reward_rises(tmp_path, toy_prompts, variant):
    rewards = [row["reward/total"] for row in train(tmp_path, toy_prompts, *VARIANTS[variant])]
    last = sum(rewards[-3:]) / 3
    assert last > 0.8 and last > rewards[0] + 0.4, f"{variant}: {[round(r, 2) for r in rewards]}"


def test_the_kl_term_alone_keeps_the_policy_near_its_reference(tmp_path, toy_prompts):
    """No task reward at all (`user_rewards.zero`); PPO's random critic still moves the policy. A strong KL
    coefficient must hold it nearer the reference than a negligible one, step for step (same seed, same noise).
    At a lower learning rate than the learning tests: at 0.05, whitened advantages drive the tiny policy away
    whatever the coefficient (measured: sequence KL 1.5 with kl_coef 5)."""
    def mean_kl(kl_coef: float) -> float:
        rows = train(tmp_path / str(kl_coef), toy_prompts, "ppo.algo=ppo", f"ppo.kl_coef={kl_coef}",
                     "ppo.optim.learning_rate=0.005", 'ppo.reward_functions={"user_rewards:zero": 1.0}')
        return sum(row["kl"] for row in rows[3:]) / len(rows[3:])

    held, free = mean_kl(5.0), mean_kl(1e-6)
    assert held < 0.5 * free, (held, free)


def test_dynamic_sampling_replaces_groups_that_teach_nothing(tmp_path, toy_prompts):
    """Half the prompts are decided whatever the policy writes: their groups are replaced by groups of newly
    drawn prompts (logged), the batch keeps its size, and learning still happens."""
    rows = train(tmp_path, toy_prompts, "ppo.algo=grpo",
                 'ppo.reward_functions={"user_rewards:half_the_prompts_decided": 1.0}')
    assert all(0 < row["groups/informative_share"] < 1 for row in rows[:3])
    assert sum(row["groups/resampled"] for row in rows) > 0
    # the first draw's mean reward is logged apart from the trained batch's, which the selection changed
    assert any(row["drawn/reward"] != row["reward/total"] for row in rows if row["groups/resampled"] > 0)
    samples = [json.loads(line) for line in (tmp_path / "run" / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 2 * STEPS  # ppo.log_samples per step: the batch is as large as ever
    off = train(tmp_path / "off", toy_prompts, "ppo.algo=grpo", "ppo.dynamic_sampling=false",
                'ppo.reward_functions={"user_rewards:half_the_prompts_decided": 1.0}')
    assert "groups/informative_share" not in off[0] and "drawn/pass_rate" not in off[0]
