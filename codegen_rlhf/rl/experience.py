"""Rollouts -> `Experience`: everything one PPO/GRPO/RLOO update needs, in one dataclass (OpenRLHF's split:
this module makes experience, `trainer` consumes it).

`ExperienceMaker` does steps 1-2 of the loop: sample completions for a batch of problems through the
generation engine, then execute them in the sandbox *while* the actor, reference, critic and reward model
score the same sequences (execution runs in sandbox processes from a background thread, so the two overlap).
`add_advantages` is step 3: scores -> KL-shaped token rewards -> GAE (ppo) or group baselines (grpo, rloo).

Prompts come from the task suite's `train` split or a problems file; `data.problems.check_reward_problems`
refuses every evaluation-only problem set, so none can leak into the reward.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace

import torch

from codegen_rlhf.generation import Generator
from codegen_rlhf.rl import algo
from codegen_rlhf.rl.algorithms import ALGORITHMS
from codegen_rlhf.rl.policies import reference_logits

def uses_reference(ppo_cfg) -> bool:
    """Whether the KL term is on (a nonzero coefficient, or the adaptive controller), so a reference is needed."""
    return ppo_cfg.kl_coef != 0 or ppo_cfg.adaptive_kl


@dataclass
class SampleInfo:
    """What happened to one completion (for logging, metrics and samples.jsonl)."""

    task_id: str
    completion: str
    status: str = ""
    tests_passed: int | None = None
    tests_total: int | None = None
    rewards: dict[str, float | None] = field(default_factory=dict)
    """Each reward function's own value ("exec", "rm", and the user's), before weighting."""
    score: float = 0.0
    """The weighted sum of `rewards`."""
    response_length: int = 0


@dataclass
class Experience:
    """One rollout batch. Per-token tensors are `[B, T]` over response tokens (T = `n_actions`)."""

    sequences: torch.Tensor
    """[B, P + T] token ids: the prompt left-padded, then the response right-padded."""
    attention_mask: torch.Tensor
    """[B, P + T] 1 on real tokens."""
    action_mask: torch.Tensor
    """[B, T] float, 1 on real response tokens."""
    action_logprobs: torch.Tensor | None
    """[B, T] log-probs of the response under the policy that sampled it; None when nothing needs them before
    the update (one epoch over one minibatch without a KL term: the update's own forward pass gives them)."""
    ref_logprobs: torch.Tensor | None
    """[B, T] the same under the reference policy; None when the KL term is off (kl_coef 0, not adaptive)."""
    values: torch.Tensor | None
    """[B, T] critic values (ppo), None for grpo/rloo."""
    scores: torch.Tensor
    """[B] scalar reward per completion after normalization/clipping (before the KL penalty)."""
    info: list[SampleInfo] = field(default_factory=list)
    kl: torch.Tensor | None = None
    """[B, T] per-token KL estimate against the reference (step 3)."""
    rewards: torch.Tensor | None = None
    """[B, T] KL-shaped token rewards (step 3)."""
    advantages: torch.Tensor | None = None
    """[B, T] (step 3)."""
    returns: torch.Tensor | None = None
    """[B, T] value targets (ppo only, step 3)."""

    @property
    def n_actions(self) -> int:
        return self.action_mask.shape[1]

    def __len__(self) -> int:
        return self.sequences.shape[0]

    def select(self, index: torch.Tensor) -> "Experience":
        """The rows in `index` (a minibatch)."""
        picked = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in picked.items():
            if isinstance(value, torch.Tensor):
                picked[name] = value[index]
        picked["info"] = [self.info[i] for i in index.tolist()] if self.info else []
        return Experience(**picked)

    def compact(self) -> "Experience":
        """Drop the columns that are padding in every row (prompt padding on the left, response padding on the
        right): a micro-batch of short samples then costs only its own length."""
        sequences, attention_mask, n = _trim(self.sequences, self.attention_mask, self.action_mask, self.n_actions)
        picked = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in picked.items():
            if isinstance(value, torch.Tensor) and value.dim() == 2:
                picked[name] = value[:, :n]
        picked["sequences"], picked["attention_mask"] = sequences, attention_mask
        return Experience(**picked)

    @staticmethod
    def concat(parts: list["Experience"]) -> "Experience":
        """Rows of several rollouts (before step 3) as one: prompts left-padded and responses right-padded to
        the widest part. Padding is masked out everywhere, so its token ids do not matter."""
        n_actions = max(p.n_actions for p in parts)
        prompt = max(p.sequences.shape[1] - p.n_actions for p in parts)

        def widen(part: "Experience", name: str):
            value = getattr(part, name)
            if value is None:
                return None
            if name in ("sequences", "attention_mask"):
                return torch.nn.functional.pad(value, (prompt - (value.shape[1] - part.n_actions),
                                                       n_actions - part.n_actions))
            return torch.nn.functional.pad(value, (0, n_actions - value.shape[1]))

        tensors = {}
        for name in ("sequences", "attention_mask", "action_mask", "action_logprobs", "ref_logprobs", "values"):
            widened = [widen(p, name) for p in parts]
            tensors[name] = None if widened[0] is None else torch.cat(widened)
        return Experience(**tensors, scores=torch.cat([p.scores for p in parts]),
                          info=[i for p in parts for i in p.info])

    def minibatches(self, size: int, generator: torch.Generator):
        order = torch.randperm(len(self), generator=generator)
        for start in range(0, len(self), size):
            yield self.select(order[start:start + size])


@dataclass
class Rollout:
    """Sampled completions; rows of one prompt are contiguous (`samples_per_prompt` each)."""

    problems: list[dict]
    prompt_ids: torch.Tensor
    """[B, P] left-padded."""
    prompt_mask: torch.Tensor
    response_ids: torch.Tensor
    """[B, T] right-padded; tokens after the end of a completion are masked out."""
    response_mask: torch.Tensor
    completions: list[str]
    """The text that runs in the sandbox after the prompt."""


class RolloutSampler:
    """Rollouts from the shared generation engine (`codegen_rlhf.generation.Generator`: prompt format, stop
    sequences, code extraction), padded into the `[prompt | response]` layout the forward passes use."""

    def __init__(self, lm, tokenizer, prompt_format: str = "auto", seed: int = 0):
        self.generator = Generator(lm, tokenizer, prompt_format)
        self.pad_id, self.seed = tokenizer.pad_token_id, seed

    def sample(self, problems: list[dict], n: int, temperature: float, top_p: float, max_new_tokens: int,
               step: int = 0) -> Rollout:
        samples = self.generator.generate([p["prompt"] for p in problems], n=n, temperature=temperature,
                                          top_p=top_p, max_new_tokens=max_new_tokens, batch_size=len(problems) * n,
                                          seed=self.seed * 1_000_003 + step, progress=False)
        flat = [s for per_prompt in samples for s in per_prompt]
        device = next(self.generator.model.parameters()).device
        prompt_ids, prompt_mask = _pad([s.prompt_ids for s in flat], self.pad_id, left=True)
        response_ids, response_mask = _pad([s.response_ids for s in flat], self.pad_id, left=False)
        return Rollout([p for p in problems for _ in range(n)], prompt_ids.to(device), prompt_mask.to(device),
                       response_ids.to(device), response_mask.to(device), [s.completion for s in flat])


def _pad(rows: list[torch.Tensor], pad_id: int, left: bool) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(1, max(len(r) for r in rows))  # an all-empty batch still gets one (masked) column
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        span = slice(width - len(row), width) if left else slice(0, len(row))
        ids[i, span], mask[i, span] = row, 1
    return ids, mask


@dataclass
class Timings:
    generate: float = 0.0
    execute: float = 0.0
    score: float = 0.0
    generated_tokens: int = 0


class ExperienceMaker:
    """Steps 1 (generate) and 2 (execute + score) for one batch of problems."""

    def __init__(self, actor, critic, reference, sampler, execution, rewards, ppo_cfg, micro_batch_size: int):
        """`execution` (rewards.ExecutionReward) runs the sandbox; `rewards` (rewards.RewardMix) turns its
        results, and whatever else it holds (the reward model, the user's functions), into one score."""
        self.actor, self.critic, self.reference = actor, critic, reference
        self.sampler = sampler  # a RolloutSampler bound to actor.lm
        self.execution, self.rewards, self.cfg = execution, rewards, ppo_cfg
        self.micro_batch_size = micro_batch_size
        self.moments = algo.RunningMoments()
        # Forward passes that can be skipped (as TRL does at beta=0, num_iterations=1): the reference when the
        # KL term is off, and the actor when, in addition, its log-probs would only be compared with those of
        # the update's own forward pass on the same weights (one epoch over one minibatch: the ratio is 1).
        batch = ppo_cfg.prompts_per_step * ppo_cfg.samples_per_prompt
        self.needs_reference = uses_reference(ppo_cfg)
        self.needs_old_logprobs = self.needs_reference or ppo_cfg.ppo_epochs > 1 or ppo_cfg.mini_batch_size < batch
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox")

    # 1. generate ------------------------------------------------------------------------------------------
    def generate(self, problems: list[dict], timings: Timings, step: int):
        start = time.perf_counter()
        rollout = self.sampler.sample(problems, n=self.cfg.samples_per_prompt, temperature=self.cfg.temperature,
                                        top_p=self.cfg.top_p, max_new_tokens=self.cfg.max_new_tokens, step=step)
        timings.generate += time.perf_counter() - start
        timings.generated_tokens += int(rollout.response_mask.sum())
        return rollout

    # 2. execute + score -----------------------------------------------------------------------------------
    @torch.no_grad()
    def execute_and_score(self, rollout, timings: Timings) -> Experience:
        task_ids = [p["task_id"] for p in rollout.problems]
        execution = self._pool.submit(_timed, self.execution.results, rollout.completions, task_ids)

        start = time.perf_counter()
        sequences = torch.cat([rollout.prompt_ids, rollout.response_ids], dim=1)
        attention_mask = torch.cat([rollout.prompt_mask, rollout.response_mask], dim=1)
        action_mask = rollout.response_mask.float()
        logprobs, ref_logprobs, values = self._score_tokens(sequences, attention_mask, action_mask)
        timings.score += time.perf_counter() - start
        results, execute_s = execution.result()  # done by now, as a rule: it ran while the models scored
        timings.execute += execute_s
        start = time.perf_counter()
        prompts = [p["prompt"] for p in rollout.problems]
        totals, terms = self.rewards.score(prompts, rollout.completions, task_id=task_ids, execution=results)
        timings.score += time.perf_counter() - start

        info = [SampleInfo(task_ids[i], rollout.completions[i], result.status, result.tests_passed,
                           result.tests_total, {name: values[i] for name, values in terms.items()}, totals[i],
                           int(action_mask[i].sum()))
                for i, result in enumerate(results)]
        scores = torch.tensor(totals, device=action_mask.device)
        if self.cfg.normalize_rewards:
            self.moments.update(scores)
            scores = algo.scale_scores(scores, self.moments.mean, self.moments.std, self.cfg.reward_clip or None)
        elif self.cfg.reward_clip:
            scores = scores.clamp(-self.cfg.reward_clip, self.cfg.reward_clip)
        return Experience(sequences, attention_mask, action_mask, logprobs, ref_logprobs, values, scores, info)

    def _score_tokens(self, sequences, attention_mask, action_mask):
        """Action log-probs under the actor and the reference, and the critic's values, micro-batched (each
        micro-batch trimmed to its own length, padded back to the batch's). None for what is not needed."""
        n_actions = action_mask.shape[1]
        logprobs, ref_logprobs, values = (torch.zeros(action_mask.shape, device=action_mask.device) for _ in range(3))
        shared_values = self.actor.value_head is not None
        actor_pass = self.needs_old_logprobs or shared_values
        for start in range(0, len(sequences), self.micro_batch_size):
            rows = slice(start, start + self.micro_batch_size)
            seq, mask, n = _trim(sequences[rows], attention_mask[rows], action_mask[rows], n_actions)
            actions = seq[:, -n:]
            if actor_pass:
                logits, head_values = self.actor(seq, mask, n)
                logprobs[rows, :n] = algo.logprobs_from_logits(logits, actions)
                del logits
                if shared_values:
                    values[rows, :n] = head_values
            if self.needs_reference:
                ref = reference_logits(self.actor, self.reference, seq, mask, n)
                ref_logprobs[rows, :n] = algo.logprobs_from_logits(ref, actions)
                del ref
            if self.critic is not None:
                values[rows, :n] = self.critic(seq, mask, n)
        return (logprobs * action_mask if self.needs_old_logprobs else None,
                ref_logprobs * action_mask if self.needs_reference else None,
                values * action_mask if self.critic is not None or shared_values else None)

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def _trim(sequences, attention_mask, action_mask, n_actions):
    """(sequences, attention_mask, n) without the all-padding columns at either end of these rows."""
    prompt_width = sequences.shape[1] - n_actions
    used = attention_mask[:, :prompt_width].any(dim=0).nonzero()
    first = int(used[0]) if len(used) else prompt_width
    used = action_mask.any(dim=0).nonzero()
    n = int(used[-1]) + 1 if len(used) else 1
    return sequences[:, first:prompt_width + n], attention_mask[:, first:prompt_width + n], n


def _timed(fn, *args):
    start = time.perf_counter()
    return fn(*args), time.perf_counter() - start


# 3. KL-shaped rewards + advantages ------------------------------------------------------------------------


def add_advantages(exp: Experience, ppo_cfg, kl_coef: float) -> Experience:
    """Token rewards = score on the last token - kl_coef * KL_t; then the algorithm's advantages (algorithms.py:
    GAE and whitening for ppo; for grpo/rloo the sequence reward against its group's baseline, on every token)."""
    mask = exp.action_mask
    if exp.ref_logprobs is None:  # the KL term is off: no reference pass was made, the KL counts as 0
        no_kl = torch.zeros_like(mask)
        rewards, kl = algo.kl_shaped_rewards(exp.scores, no_kl, no_kl, mask, 0.0)
    else:
        rewards, kl = algo.kl_shaped_rewards(exp.scores, exp.action_logprobs, exp.ref_logprobs, mask, kl_coef,
                                             ppo_cfg.kl_estimator)
    scores = torch.tensor([s.score for s in exp.info], device=mask.device) if exp.info else exp.scores
    advantages, returns = ALGORITHMS[ppo_cfg.algo].advantages(rewards, exp.values, mask, ppo_cfg, scores)
    return replace(exp, kl=kl, rewards=rewards, advantages=advantages, returns=returns)
