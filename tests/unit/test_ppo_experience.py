"""Step 3 of the loop (scores -> KL-shaped rewards -> advantages) per algorithm, against hand-computed values."""

import math
from dataclasses import replace

import torch

from codegen_rlhf.config import PPOConfig
from codegen_rlhf.rl.experience import Experience, SampleInfo, add_advantages
from codegen_rlhf import engine
from codegen_rlhf.rl.trainer import across_processes, reward_hacking_warning


def experience(scores, log_ratio, mask, values=None):
    mask = torch.tensor(mask)
    ref = torch.zeros_like(mask)
    return Experience(
        sequences=torch.zeros(mask.shape[0], mask.shape[1] + 2, dtype=torch.long),
        attention_mask=torch.ones(mask.shape[0], mask.shape[1] + 2, dtype=torch.long),
        action_mask=mask, action_logprobs=torch.tensor(log_ratio), ref_logprobs=ref,
        values=None if values is None else torch.tensor(values), scores=torch.tensor(scores),
        info=[SampleInfo(f"t{i}", "c") for i in range(mask.shape[0])])


def test_ppo_advantages_with_gae():
    # score 1 on the last of 2 tokens, KL .5 on the first: rewards (-.1*.5, 1); V = 0; gamma = lam = 1:
    # A = returns = (-.05 + 1, 1)
    exp = experience([1.0], [[0.5, 0.0]], [[1.0, 1.0]], values=[[0.0, 0.0]])
    out = add_advantages(exp, PPOConfig(kl_coef=0.1, gamma=1.0, lam=1.0, whiten_advantages=False), kl_coef=0.1)
    assert torch.allclose(out.rewards, torch.tensor([[-0.05, 1.0]]))
    assert torch.allclose(out.advantages, torch.tensor([[0.95, 1.0]]))
    assert torch.allclose(out.returns, torch.tensor([[0.95, 1.0]]))


def test_rloo_advantages_include_the_kl_penalty():
    # sequence rewards: 1 - .1 * (.5 + .5) = .9 and 0; RLOO with 2 samples: (.9 - 0, 0 - .9), on real tokens only
    exp = experience([1.0, 0.0], [[0.5, 0.5], [0.0, 3.0]], [[1.0, 1.0], [1.0, 0.0]])
    out = add_advantages(exp, PPOConfig(algo="rloo", samples_per_prompt=2), kl_coef=0.1)
    assert torch.allclose(out.advantages, torch.tensor([[0.9, 0.9], [-0.9, 0.0]]))
    assert out.returns is None


def test_grpo_advantages_per_group():
    # groups (1, 0) and (0, 0): mean .5, unbiased std sqrt(.5) -> +-.5 / (sqrt(.5) + 1e-4); second group: 0
    exp = experience([1.0, 0.0, 0.0, 0.0], [[0.0]] * 4, [[1.0]] * 4)
    out = add_advantages(exp, PPOConfig(algo="grpo", samples_per_prompt=2), kl_coef=0.1)
    a = 0.5 / (math.sqrt(0.5) + 1e-4)
    assert torch.allclose(out.advantages, torch.tensor([[a], [-a], [0.0], [0.0]]))


def test_without_a_reference_pass_the_reward_is_the_score_alone():
    # the KL term is off (no reference log-probs): RLOO over the scores (1, 0) only, whatever the log-probs
    exp = replace(experience([1.0, 0.0], [[0.5, 0.5], [0.0, 3.0]], [[1.0, 1.0], [1.0, 0.0]]), ref_logprobs=None)
    out = add_advantages(exp, PPOConfig(algo="rloo", samples_per_prompt=2, kl_coef=0.0), kl_coef=0.0)
    assert torch.allclose(out.advantages, torch.tensor([[1.0, 1.0], [-1.0, 0.0]]))
    assert (out.kl == 0).all()


def test_minibatches_cover_every_row_once():
    exp = experience([float(i) for i in range(6)], [[0.0]] * 6, [[1.0]] * 6)
    seen = []
    for batch in exp.minibatches(4, torch.Generator().manual_seed(0)):
        assert len(batch) <= 4 and [s.task_id for s in batch.info] == [f"t{int(x)}" for x in batch.scores]
        seen += batch.scores.tolist()
    assert sorted(seen) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_compact_drops_columns_that_are_padding_in_every_row():
    # prompts: [pad pad a b] and [pad c d e]; responses: [x y pad] and [z pad pad] -> one prompt pad column and
    # one response pad column go
    exp = experience([1.0, 0.0], [[0.1, 0.2, 0.0], [0.3, 0.0, 0.0]], [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    exp.sequences = torch.tensor([[0, 0, 1, 2, 7, 8, 0], [0, 3, 4, 5, 9, 0, 0]])
    exp.attention_mask = torch.tensor([[0, 0, 1, 1, 1, 1, 0], [0, 1, 1, 1, 1, 0, 0]])
    small = exp.compact()
    assert small.sequences.tolist() == [[0, 1, 2, 7, 8], [3, 4, 5, 9, 0]]
    assert small.attention_mask.tolist() == [[0, 1, 1, 1, 1], [1, 1, 1, 1, 0]]
    assert small.n_actions == 2 and torch.allclose(small.action_logprobs, torch.tensor([[0.1, 0.2], [0.3, 0.0]]))


def test_reward_hacking_warning():
    first = {"step": 0, "pass_rate": 0.5, "train_reward": None}
    # reward rose within the window (first step -.5 -> mean .25) while pass@1 fell .5 -> .4
    assert "reward hacking" in reward_hacking_warning(first, [-0.5, 0.5, 0.75], 0.4)
    assert reward_hacking_warning(first, [-0.5, 0.5, 0.75], 0.5) is None  # pass@1 held
    assert reward_hacking_warning(first, [0.5, 0.0], 0.1) is None  # reward fell too
    later = {"step": 10, "pass_rate": 0.5, "train_reward": 0.3}
    assert reward_hacking_warning(later, [0.2, 0.3], 0.1) is None  # .25 is below the previous window's .3
    assert reward_hacking_warning(later, [0.4], 0.45) is not None
    assert reward_hacking_warning(None, [1.0], 0.0) is None


def test_metrics_of_several_processes_are_those_of_the_global_batch(monkeypatch):
    """Each process's rollout is an equal part of the batch: shares and means are averaged (a status unseen in a
    process is a share of 0 there), counts summed, a reward that scored nothing in a process left out there."""
    parts = [{"reward/total": 1.0, "reward/rm": 0.25, "status/passed": 1.0, "generated_tokens": 5},
             {"reward/total": 0.0, "status/passed": 0.5, "status/failed": 0.5, "generated_tokens": 7}]
    monkeypatch.setattr(engine, "gather_objects", lambda value: parts)
    assert across_processes(parts[0]) == {"reward/total": 0.5, "reward/rm": 0.25, "status/passed": 0.75,
                                          "generated_tokens": 12, "status/failed": 0.25}
    monkeypatch.setattr(engine, "gather_objects", lambda value: [value])
    assert across_processes(parts[1]) is parts[1]

def test_experiences_of_different_widths_concatenate_with_masked_padding():
    def part(rows, prompt, response, token):
        seq = torch.full((rows, prompt + response), token)
        ones = torch.ones(rows, response)
        return Experience(seq, torch.ones(rows, prompt + response, dtype=torch.long), ones, ones, None, ones,
                          torch.full((rows,), float(token)), [token] * rows)

    merged = Experience.concat([part(2, 3, 2, 1), part(1, 5, 4, 2)])
    assert merged.sequences.shape == (3, 9) and merged.n_actions == 4 and merged.ref_logprobs is None
    assert merged.attention_mask[0].tolist() == [0, 0, 1, 1, 1, 1, 1, 0, 0]  # prompt left-, response right-padded
    assert merged.action_mask[0].tolist() == [1, 1, 0, 0] and merged.info == [1, 1, 2]
