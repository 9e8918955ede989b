"""Padding must not change the numbers: log-probs and values of a left/right-padded, micro-batched and
compacted rollout equal those of each sample run alone (tiny-random model, real forward passes)."""

import torch

from codegen_rlhf.config import PPOConfig, load_config
from codegen_rlhf.rl import algo
from codegen_rlhf.rl.experience import Experience, ExperienceMaker, _pad
from codegen_rlhf.rl.policies import build_actor, build_critic, reference_logits


def rollout_tensors(prompts, responses, pad):
    prompt_ids, prompt_mask = _pad([torch.tensor(p) for p in prompts], pad, left=True)
    response_ids, response_mask = _pad([torch.tensor(r) for r in responses], pad, left=False)
    return torch.cat([prompt_ids, response_ids], 1), torch.cat([prompt_mask, response_mask], 1), response_mask.float()


def test_padded_micro_batched_scores_equal_unpadded(tmp_path):
    cfg = load_config("tiny", ["model.lora.enabled=true"])
    actor, reference, tokenizer = build_actor(cfg.model, shared_critic=False)
    critic = build_critic(cfg.model, None)
    with torch.no_grad():  # make the adapters matter, so actor and reference differ
        for name, param in actor.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    actor.eval()
    critic.eval()
    prompts = [[5, 6, 7, 8, 9], [10, 11], [12, 13, 14]]
    responses = [[20, 21], [22, 23, 24, 25], [26]]
    sequences, attention_mask, action_mask = rollout_tensors(prompts, responses, tokenizer.pad_token_id)
    maker = ExperienceMaker(actor, critic, reference, None, None, None, PPOConfig(), micro_batch_size=2)
    logprobs, ref_logprobs, values = maker._score_tokens(sequences, attention_mask, action_mask)
    maker.close()

    with torch.no_grad():
        for i, (p, r) in enumerate(zip(prompts, responses)):
            seq = torch.tensor([p + r])
            mask = torch.ones_like(seq)
            logits, _ = actor(seq, mask, len(r))
            alone = algo.logprobs_from_logits(logits, seq[:, -len(r):])[0]
            ref_alone = algo.logprobs_from_logits(reference_logits(actor, reference, seq, mask, len(r)),
                                                  seq[:, -len(r):])[0]
            assert torch.allclose(logprobs[i, :len(r)], alone, atol=1e-5)
            assert torch.allclose(ref_logprobs[i, :len(r)], ref_alone, atol=1e-5)
            assert torch.allclose(values[i, :len(r)], critic(seq, mask, len(r))[0], atol=1e-5)
            assert not torch.allclose(alone, ref_alone)  # adapters on vs off
            assert (logprobs[i, len(r):] == 0).all()

    # the training forward of a compacted micro-batch reproduces the rollout's log-probs (PPO ratio = 1)
    exp = Experience(sequences, attention_mask, action_mask, logprobs, ref_logprobs, values, torch.zeros(3))
    small = exp.select(torch.tensor([1, 2])).compact()
    logits, _ = actor(small.sequences, small.attention_mask, small.n_actions)
    again = algo.logprobs_from_logits(logits, small.sequences[:, -small.n_actions:]) * small.action_mask
    assert torch.allclose(again, small.action_logprobs, atol=1e-5)


def test_passes_nothing_needs_are_skipped(tmp_path):
    """Without a KL term the reference pass is skipped; with one epoch over one minibatch too, the actor's
    (the update's own forward gives the old log-probs, as TRL does at beta=0, num_iterations=1)."""
    cfg = load_config("tiny", [])
    actor, reference, tokenizer = build_actor(cfg.model, shared_critic=False)
    actor.eval()
    sequences, attention_mask, action_mask = rollout_tensors([[5, 6], [7]], [[8, 9], [10]], tokenizer.pad_token_id)

    def scored(**ppo):
        grpo = dict(algo="grpo", prompts_per_step=1, samples_per_prompt=2, mini_batch_size=2, ppo_epochs=1)
        maker = ExperienceMaker(actor, None, reference, None, None, None, PPOConfig(**{**grpo, **ppo}), 2)
        maker.close()
        return [x is not None for x in maker._score_tokens(sequences, attention_mask, action_mask)]

    assert scored(kl_coef=0.0) == [False, False, False]
    assert scored(kl_coef=0.0, mini_batch_size=1) == [True, False, False]
    assert scored(kl_coef=0.0, ppo_epochs=2) == [True, False, False]
    assert scored(kl_coef=0.0, adaptive_kl=True) == [True, True, False]
    assert scored(kl_coef=0.05) == [True, True, False]


def test_full_fine_tuning_without_a_kl_term_keeps_no_reference_copy():
    cfg = load_config("tiny", ["model.lora.enabled=false"])
    assert build_actor(cfg.model, shared_critic=False, with_reference=True)[1] is not None
    assert build_actor(cfg.model, shared_critic=False, with_reference=False)[1] is None
