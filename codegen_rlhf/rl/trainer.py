"""`codegen-rlhf train ppo`: PPO (or GRPO / RLOO with `ppo.algo`) on execution rewards, as one loop of
numbered steps:

    1. generate          sample completions for a batch of train-split prompts (several per prompt for grpo/rloo)
    2. execute + score   run them in the sandbox while actor, reference, critic and reward model score them
    3. rewards + advantages   KL-shaped token rewards, then GAE (ppo) or group baselines (grpo, rloo)
    4. PPO epochs        clipped policy (and value) losses over shuffled minibatches, through DeepSpeed
    5. log / evaluate / checkpoint

Models: the actor (LoRA or full), a critic for ppo (separate, or a value head on the actor's backbone with
`ppo.critic=shared`), the reference (the actor's base with adapters disabled under LoRA; a frozen copy
otherwise), an optional reward model (`ppo.reward_model`, weight `ppo.w_rm`).

Checkpoints (actor, critic, optimizers, KL controller, reward moments, RNG, step) are written every
`ppo.optim.save_every` steps, atomically; `--resume` continues from the latest complete one, so a SIGKILL loses
at most the steps since it. `ppo.optim.max_steps` counts rollout batches (each one does `ppo_epochs` passes);
`ppo.max_minutes` ends the run earlier, after the step during which that wall-clock budget runs out.

The held-out split is used for greedy evaluation only, never for reward; when the training reward rises while
held-out pass@1 falls between two evaluations, a reward-hacking warning is logged.
Several processes (the DeepSpeed launcher) each sample their own prompts and run their own sandbox; the engines
average gradients, and the logged metrics are those of the global batch (`across_processes`). Reward
normalization and advantage whitening use each process's own batch. Not covered: sharded evaluation (every
process evaluates, rank 0 logs), vLLM rollouts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import torch

from codegen_rlhf import engine, tracking
from codegen_rlhf.config import save_config
from codegen_rlhf.data.problems import check_reward_problems, load_problems
from codegen_rlhf.engine import CHECKPOINT_PATTERN, STATE_FILE, rank, world_size
from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.benchmark import evaluate
from codegen_rlhf.reward_model import RewardModelScorer
from codegen_rlhf.rewards import EXECUTION_SCALES, ExecutionReward, RewardMix, load_reward_function
from codegen_rlhf.rl import algo
from codegen_rlhf.rl.algorithms import ALGORITHMS
from codegen_rlhf.rl.experience import (Experience, ExperienceMaker, RolloutSampler, Timings, add_advantages,
                                         uses_reference)
from codegen_rlhf.rl.policies import build_actor, build_critic
from codegen_rlhf.sandbox import Sandbox
from codegen_rlhf.tracking import truncate_after

def check_config(cfg) -> None:
    """Every mistake we can see before loading a model, as one readable line."""
    p = cfg.ppo
    if p.algo not in ALGORITHMS:
        raise UserError(f"ppo.algo={p.algo!r}: use one of {', '.join(ALGORITHMS)}")
    if p.samples_per_prompt < 1:
        raise UserError(f"ppo.samples_per_prompt={p.samples_per_prompt}: need at least 1 completion per prompt")
    if ALGORITHMS[p.algo].needs_groups and p.samples_per_prompt < 2:
        raise UserError(f"ppo.algo={p.algo} compares completions of the same prompt: set ppo.samples_per_prompt "
                        f">= 2 (got {p.samples_per_prompt})")
    if p.max_minutes < 0:
        raise UserError(f"ppo.max_minutes={p.max_minutes}: a budget in minutes, or 0 for none")
    if p.prompts_per_step < 1 or p.max_new_tokens < 1 or p.ppo_epochs < 1:
        raise UserError("ppo.prompts_per_step, ppo.max_new_tokens and ppo.ppo_epochs must be at least 1")
    batch, micro = p.prompts_per_step * p.samples_per_prompt, p.optim.micro_batch_size
    if p.mini_batch_size < 1 or batch % p.mini_batch_size or p.mini_batch_size % micro:
        raise UserError(f"ppo.mini_batch_size={p.mini_batch_size} must divide the rollout batch "
                        f"(prompts_per_step x samples_per_prompt = {batch}) and be a multiple of "
                        f"ppo.optim.micro_batch_size={micro}")
    if p.critic not in ("separate", "shared"):
        raise UserError(f"ppo.critic={p.critic!r}: use separate or shared")
    if p.kl_estimator not in ("k1", "k3"):
        raise UserError(f"ppo.kl_estimator={p.kl_estimator!r}: use k1 or k3")
    if p.w_rm and not p.reward_model:
        raise UserError("ppo.w_rm is set but ppo.reward_model is not: give the directory written by `train rm`")
    if p.reward_model and not Path(p.reward_model).is_dir():
        raise UserError(f"ppo.reward_model={p.reward_model}: no such directory (train one with `train rm`)")
    if p.exec_reward not in EXECUTION_SCALES:
        raise UserError(f"ppo.exec_reward={p.exec_reward!r}: use {', '.join(EXECUTION_SCALES)}")
    if p.w_exec == 0 and p.w_rm == 0 and not any(p.reward_functions.values()):
        raise UserError("ppo.w_exec, ppo.w_rm and every ppo.reward_functions weight are 0: there is no reward to "
                        "optimize")
    for spec in p.reward_functions:
        load_reward_function(spec)  # a typo shows now, not after the models have loaded


def max_steps(cfg) -> int:
    return min(cfg.ppo.optim.max_steps, cfg.max_steps) if cfg.max_steps is not None else cfg.ppo.optim.max_steps


def run(cfg, resume: bool = False, out_dir: str | None = None) -> Path:
    """Train and return the run directory (metrics.jsonl, samples.jsonl, eval/step-N/, checkpoints/, config.yaml,
    and final/: the trained policy as a plain HF model, LoRA merged in, ready for `eval run --model`)."""
    check_config(cfg)
    out = Path(out_dir or cfg.output_dir)
    if resume and latest_step(out) is None:
        raise UserError(f"--resume: no complete checkpoint under {out / 'checkpoints'}")
    out.mkdir(parents=True, exist_ok=True)
    save_config(cfg, out / "config.yaml")
    trainer = PPOTrainer(cfg, out, resume=resume)
    try:
        trainer.train()
        trainer.export_policy(out / "final")
    finally:
        trainer.close()
    return out


def latest_step(out_dir: Path) -> int | None:
    """The newest step for which every engine's checkpoint is complete (the critic is saved before the
    actor, so a kill between the two leaves the previous step as the newest common one)."""
    steps = None
    for root in (out_dir / "checkpoints").glob("*"):
        done = {int(m.group(1)) for p in root.iterdir()
                if (m := CHECKPOINT_PATTERN.match(p.name)) and (p / STATE_FILE).is_file()}
        steps = done if steps is None else steps & done
    return max(steps) if steps else None


class PPOTrainer:
    def __init__(self, cfg, out_dir: Path, resume: bool = False):
        self.cfg, self.p, self.out_dir = cfg, cfg.ppo, out_dir
        self.is_main = engine.is_main()
        self.step, self.max_steps = 0, max_steps(cfg)
        random.seed(cfg.seed)
        torch.manual_seed(cfg.seed)

        # Problems: rewards only ever come from the train split (or the user's file); held-out is eval only.
        self.train_problems = load_problems(self.p.prompts)
        check_reward_problems(self.p.prompts, self.train_problems)
        self.evaluates = bool(self.p.eval_problems)
        if self.evaluates:
            load_problems(self.p.eval_problems)  # a wrong name or path fails now, not at the first evaluation

        # Models: actor (+ value head when shared), reference (adapters off, or a frozen copy), critic, RM.
        with_critic = ALGORITHMS[self.p.algo].needs_critic
        actor, self.reference, self.tokenizer = build_actor(cfg.model, shared_critic=with_critic
                                                            and self.p.critic == "shared",
                                                            with_reference=uses_reference(self.p))
        critic = build_critic(cfg.model, self.p.critic_model, cfg.seed) if with_critic and self.p.critic == "separate" \
            else None
        # The engines count optimizer steps: ppo_epochs x minibatches per rollout step, for the LR schedule too.
        accumulation = self.p.mini_batch_size // self.p.optim.micro_batch_size
        updates = self.p.ppo_epochs * self.p.prompts_per_step * self.p.samples_per_prompt // self.p.mini_batch_size
        optim = dataclasses.replace(self.p.optim, max_steps=self.max_steps * updates)
        self.actor = engine.build_engine(actor, cfg, optim, gradient_accumulation_steps=accumulation)
        self.critic = None
        if critic is not None:
            critic_optim = dataclasses.replace(optim, learning_rate=self.p.critic_learning_rate or optim.learning_rate)
            self.critic = engine.build_engine(critic, cfg, critic_optim, gradient_accumulation_steps=accumulation)

        # Rewards: the documented reward API (rewards.py) only: execution, the reward model and the user's
        # functions are TRL-style reward functions, mixed with their weights.
        self.sandbox = Sandbox(backend=self.p.sandbox_backend, workers=self.p.sandbox_workers)
        execution = ExecutionReward(self.sandbox, self.train_problems, scale=self.p.exec_reward)
        terms = {"exec": (execution, self.p.w_exec)}
        if self.p.reward_model:
            terms["rm"] = (RewardModelScorer(self.p.reward_model), self.p.w_rm)
        terms.update({spec: (load_reward_function(spec), weight) for spec, weight in self.p.reward_functions.items()})
        self.sampler = RolloutSampler(self.actor.module.lm, self.tokenizer, cfg.model.prompt_format,
                                      seed=cfg.seed * 1009 + engine.rank())
        self.maker = ExperienceMaker(self.actor.module, self.critic.module if self.critic else None, self.reference,
                                     self.sampler, execution, RewardMix(terms), self.p, self.p.optim.micro_batch_size)
        if self.p.adaptive_kl:
            self.kl_ctl = algo.AdaptiveKLController(self.p.kl_coef, self.p.kl_target, self.p.kl_horizon)
        else:
            self.kl_ctl = algo.FixedKLController(self.p.kl_coef)
        self.shuffle = torch.Generator().manual_seed(cfg.seed)
        self.evals: list[dict] = []  # {"step", "pass_rate", "train_reward"} per evaluation
        self.rewards_since_eval: list[float] = []
        self.pass_rates: dict[str, float] = {}  # task id -> running pass rate (dynamic sampling)
        if self.reference is not None:
            self.reference.to(engine.device())
        if resume:
            self.resume()
        self.tracker = tracking.Tracker(out_dir, total_steps=self.max_steps, start_step=self.step,
                                        description=f"train {self.p.algo}", resume=resume)

    # --------------------------------------------------------------------------------------------- the loop

    def train(self) -> None:
        deadline = time.monotonic() + 60 * self.p.max_minutes if self.p.max_minutes else None
        if self.step == 0 and self.evaluates and self.p.optim.eval_every:
            self.evaluate()
        while self.step < self.max_steps:
            metrics = across_processes(self.train_step(self.next_problems()))
            self.step += 1
            # 5. log / evaluate / checkpoint
            self.rewards_since_eval.append(metrics["reward/total"])
            out_of_time = deadline is not None and self.any_process(time.monotonic() >= deadline)
            last = self.step == self.max_steps or out_of_time
            if self.evaluates and (last or (self.p.optim.eval_every and self.step % self.p.optim.eval_every == 0)):
                metrics.update(self.evaluate())
            self.tracker.log(self.step, metrics, tokens=metrics.pop("generated_tokens"))
            if last or self.step % self.p.optim.save_every == 0:
                self.save()
            if out_of_time and self.step < self.max_steps:
                self.tracker.warn(f"ppo.max_minutes={self.p.max_minutes:g} ran out during step {self.step}: "
                                  "stopping there (final checkpoint and policy as at ppo.optim.max_steps)")
                break

    @staticmethod
    def any_process(flag: bool) -> bool:
        """Whether `flag` holds on any process: all of them must stop at the same step (the engines step
        together), though each reads its own clock."""
        return engine.all_reduce_sum(float(flag))[0] > 0

    def train_step(self, problems: list[dict]) -> dict:
        timings = Timings()
        # sampling and scoring in eval mode: KV cache on, gradient checkpointing off (it only runs in train mode)
        self.actor.module.eval()
        if self.critic is not None:
            self.critic.module.eval()

        # 1. generate
        rollout = self.maker.generate(problems, timings, step=self.step)

        # 2. execute + score (the sandbox runs while the models score); then dynamic sampling
        exp = self.maker.execute_and_score(rollout, timings)
        exp, sampling = self.keep_informative(exp, timings)
        self.write_samples("train", self.step + 1, [s.task_id for s in exp.info], [s.completion for s in exp.info],
                           [s.status for s in exp.info], [s.score for s in exp.info])

        # 3. KL-shaped rewards + advantages
        kl_coef = self.kl_ctl.value
        exp = add_advantages(exp, self.p, kl_coef)
        sequence_kl = exp.kl.sum(dim=1).mean().item()
        self.kl_ctl.update(sequence_kl, n_steps=len(exp))

        # 4. PPO epochs over minibatches
        start = time.perf_counter()
        self.actor.module.train()
        if self.critic is not None:
            self.critic.module.train()
        train_stats = self.ppo_epochs(exp)
        train_s = time.perf_counter() - start

        return {**rollout_metrics(exp, kl_coef, sequence_kl), **sampling, **train_stats,
                "time/generate": timings.generate, "time/execute": timings.execute, "time/score": timings.score,
                "time/train": train_s, "gen_tokens_per_s": timings.generated_tokens / max(timings.generate, 1e-9),
                "generated_tokens": timings.generated_tokens, "loss": train_stats["policy_loss"],
                "lr": self.actor.get_lr()[0]}

    def keep_informative(self, exp: Experience, timings: Timings) -> tuple[Experience, dict]:
        """DAPO's dynamic sampling: a group whose completions all scored the same has zero advantage under a
        group baseline, so it teaches nothing. Replace such groups with groups of newly drawn prompts (drawn by
        `draw_problems`, which favours prompts the policy sometimes solves), up to ppo.max_resample_rounds
        rounds; what is still missing then is filled with the first draw's uninformative groups, so the batch
        keeps its size (the engines' accumulation steps depend on it)."""
        if not (self.p.dynamic_sampling and ALGORITHMS[self.p.algo].needs_groups):
            return exp, {}
        self.track_pass_rates(exp.info)
        n = self.p.samples_per_prompt
        informative = _informative_groups(exp.scores, n)
        kept, spare = [g for g, ok in enumerate(informative) if ok], [g for g, ok in enumerate(informative) if not ok]
        # the first draw's pass rate and reward are the policy's own on the scheduled prompts; the batch's
        # `pass_rate` and `reward/total` describe what it trains on, which this selection biases toward mixed groups
        stats = {"groups/informative_share": sum(informative) / len(informative),
                 "drawn/pass_rate": sum(s.status == "passed" for s in exp.info) / len(exp.info),
                 "drawn/reward": sum(s.score for s in exp.info) / len(exp.info)}
        if not spare:  # every group teaches something: the batch stays as it is
            return exp, {**stats, "groups/resampled": 0.0, "groups/filled_uninformative": 0}
        parts, missing, drawn = [_groups(exp, kept, n)], len(spare), 0
        for round_ in range(1, self.p.max_resample_rounds + 1):
            if not missing:
                break
            more = self.maker.execute_and_score(
                self.maker.generate(self.draw_problems(missing, round_), timings, step=self.step * 1000 + round_),
                timings)
            self.track_pass_rates(more.info)
            drawn += missing
            good = [g for g, ok in enumerate(_informative_groups(more.scores, n)) if ok][:missing]
            parts.append(_groups(more, good, n))
            missing -= len(good)
        parts.append(_groups(exp, spare[:missing], n))
        merged = Experience.concat([part for part in parts if len(part)])
        return merged, {**stats, "groups/resampled": drawn / len(informative), "groups/filled_uninformative": missing}

    def track_pass_rates(self, info) -> None:
        """A running pass rate per train prompt (mean of its last draws' pass fractions, halved each draw)."""
        by_task: dict[str, list[bool]] = {}
        for sample in info:
            by_task.setdefault(sample.task_id, []).append(sample.status == "passed")
        for task_id, passed in by_task.items():
            rate = sum(passed) / len(passed)
            previous = self.pass_rates.get(task_id)
            self.pass_rates[task_id] = rate if previous is None else (previous + rate) / 2

    def draw_problems(self, count: int, round_: int) -> list[dict]:
        """Prompts for dynamic sampling, weighted by p(1 - p) of their running pass rate p (0.25 when not yet
        seen): fewer draws for prompts the policy always or never solves. Seeded by (seed, step, rank, round),
        so a resumed run draws the same."""
        ids = sorted(self.train_problems)
        weights = [0.25 if (p := self.pass_rates.get(t)) is None else p * (1 - p) + 0.01 for t in ids]
        rng = random.Random(f"{self.cfg.seed}/{self.step}/{rank()}/{round_}")
        return [self.train_problems[t] for t in rng.choices(ids, weights, k=count)]

    def ppo_epochs(self, exp: Experience) -> dict:
        stats: dict[str, list[float]] = {}
        micro = self.p.optim.micro_batch_size
        for _ in range(self.p.ppo_epochs):
            for minibatch in exp.minibatches(self.p.mini_batch_size, self.shuffle):
                for start in range(0, len(minibatch), micro):
                    batch = minibatch.select(torch.arange(start, min(start + micro, len(minibatch)))).compact()
                    for key, value in self.train_micro_batch(batch).items():
                        stats.setdefault(key, []).append(value)
        return {key: sum(values) / len(values) for key, values in stats.items()}

    def train_micro_batch(self, batch: Experience) -> dict:
        """One forward/backward of the actor (and critic); the engines step at the minibatch boundary."""
        p, mask, n = self.p, batch.action_mask, batch.n_actions
        logits, head_values = self.actor(batch.sequences, batch.attention_mask, n)
        logprobs = algo.logprobs_from_logits(logits, batch.sequences[:, -n:])
        with torch.set_grad_enabled(p.entropy_coef > 0):  # the [B, T, V] entropy graph only when it is trained
            entropy = algo.masked_mean(algo.entropy_from_logits(logits), mask)
        # without rollout log-probs this forward is the first on these weights: old = new, the ratio is 1
        old = batch.action_logprobs if batch.action_logprobs is not None else logprobs.detach()
        policy = algo.policy_loss(logprobs, old, batch.advantages, mask, p.clip_eps)
        loss = policy.loss - p.entropy_coef * entropy
        stats = {"policy_loss": policy.loss.item(), "entropy": entropy.item(),
                 "clip_fraction": policy.clip_fraction.item(), "approx_kl": policy.approx_kl.item()}
        values = head_values
        if self.critic is not None:
            values = self.critic(batch.sequences, batch.attention_mask, n)
        if values is not None:
            v_loss, v_clip = algo.value_loss(values, batch.values, batch.returns, mask, p.value_clip_eps or None)
            stats.update({"value_loss": v_loss.item(), "value_clip_fraction": v_clip.item()})
            if self.critic is None:
                loss = loss + p.vf_coef * v_loss
            else:
                self.critic.backward(p.vf_coef * v_loss)
                self.critic.step()
        self.actor.backward(loss)
        self.actor.step()
        return stats

    def next_problems(self) -> list[dict]:
        """This process's prompts for the step: consecutive slices of a fresh permutation of the train problems
        per epoch, seeded by (seed, epoch), so a resumed run continues the same sequence without storing it.
        With several processes each takes its own slice (prompts_per_step is per process)."""
        ids = sorted(self.train_problems)
        k = self.p.prompts_per_step
        first = (self.step * world_size() + rank()) * k
        chosen = []
        for position in range(first, first + k):
            epoch, index = divmod(position, len(ids))
            order = torch.randperm(len(ids), generator=torch.Generator().manual_seed(self.cfg.seed * 100003 + epoch))
            chosen.append(self.train_problems[ids[order[index]]])
        return chosen

    # --------------------------------------------------------------------------------------------- checkpoints

    def roots(self) -> dict:
        """Checkpoint roots per engine, in saving order (critic first, see `latest_step`)."""
        engines = {"critic": self.critic} if self.critic is not None else {}
        return {name: (self.out_dir / "checkpoints" / name, eng) for name, eng in {**engines, "actor": self.actor}.items()}

    def save(self) -> None:
        state = {"kl_ctl": self.kl_ctl.state_dict(), "reward_moments": self.maker.moments.state_dict(),
                 "shuffle": self.shuffle.get_state().tolist(), "evals": self.evals,
                 "rewards_since_eval": self.rewards_since_eval, "pass_rates": self.pass_rates}
        for name, (root, eng) in self.roots().items():
            engine.save_checkpoint(eng, root, self.step, state=state, keep_last=self.p.optim.keep_last,
                                   tokenizer=self.tokenizer if name == "actor" else None)

    def resume(self) -> None:
        step = latest_step(self.out_dir)
        for name, (root, eng) in self.roots().items():
            state = engine.load_checkpoint(eng, root / f"step-{step:08d}")
        self.step = state["step"]
        self.kl_ctl.load_state_dict(state["kl_ctl"])
        self.maker.moments.load_state_dict(state["reward_moments"])
        self.shuffle.set_state(torch.tensor(state["shuffle"], dtype=torch.uint8))
        self.evals, self.rewards_since_eval = state["evals"], state["rewards_since_eval"]
        self.pass_rates = state.get("pass_rates", {})

        truncate_after(self.out_dir / "samples.jsonl", self.step)  # as metrics.jsonl: drop steps to be redone

    def export_policy(self, out_dir: Path) -> None:
        engine.export_merged(engine.unwrap(self.actor).lm, out_dir, tokenizer=self.tokenizer)

    def close(self) -> None:
        self.maker.close()
        self.sandbox.close()
        self.tracker.close()
        engine.release(self.actor, self.critic)

    # --------------------------------------------------------------------------------------------- evaluation

    @torch.no_grad()
    def evaluate(self) -> dict:
        """Greedy pass@1 on the held-out problems through `evaluation.benchmark`, like every other evaluation:
        eval/step-NNNNNNNN/ gets its samples, results, summary and report. Warns when the training reward rises
        while pass@1 falls. Every process generates (ZeRO-3 gathers parameters collectively); rank 0 keeps the
        files."""
        self.actor.module.eval()
        with contextlib.ExitStack() as scratch:
            out_dir = (self.out_dir / "eval" / f"step-{self.step:08d}" if self.is_main
                       else scratch.enter_context(tempfile.TemporaryDirectory()))
            summary = evaluate(self.sampler.generator, self.p.eval_problems, out_dir, n=1, temperature=0.0, k=[1],
                               max_new_tokens=self.p.max_new_tokens, limit=self.p.eval_max_problems or None,
                               sandbox_backend=self.p.sandbox_backend, workers=self.p.sandbox_workers,
                               progress=False)
        pass_rate = summary["pass_at_k"]["pass@1"]["value"]

        window = self.rewards_since_eval
        self.rewards_since_eval = []
        train_reward = sum(window) / len(window) if window else None
        warning = reward_hacking_warning(self.evals[-1] if self.evals else None, window, pass_rate)
        if warning:
            self.tracker.warn(warning)
        self.evals.append({"step": self.step, "pass_rate": pass_rate, "train_reward": train_reward})
        if self.step == 0:
            self.tracker.log(0, {"eval/pass_rate": pass_rate})
        return {"eval/pass_rate": pass_rate, "eval/reward_hacking": int(warning is not None)}

    def write_samples(self, kind: str, step: int, task_ids, completions, statuses, rewards=None) -> None:
        if not self.is_main:
            return
        count = min(self.p.log_samples, len(task_ids))
        with open(self.out_dir / "samples.jsonl", "a", encoding="utf-8") as f:  # rows are ASCII JSON
            for i in range(count):
                row = {"step": step, "kind": kind, "task_id": task_ids[i], "status": statuses[i],
                       "completion": completions[i]}
                if rewards is not None:
                    row["reward"] = rewards[i]
                f.write(json.dumps(row) + "\n")


def _informative_groups(scores: torch.Tensor, group_size: int) -> list[bool]:
    """Per group of `group_size` consecutive rows: do its scores differ?"""
    groups = scores.reshape(-1, group_size)
    return (groups.max(dim=1).values > groups.min(dim=1).values).tolist()


def _groups(exp: Experience, groups: list[int], group_size: int) -> Experience:
    rows = [g * group_size + i for g in groups for i in range(group_size)]
    return exp.select(torch.tensor(rows, dtype=torch.long))


def reward_hacking_warning(previous: dict | None, window: list[float], pass_rate: float) -> str | None:
    """A warning when the mean training reward since the previous evaluation rose (over the window before it,
    or over this window's first step when there is none) while held-out pass@1 fell below that evaluation's."""
    if previous is None or not window:
        return None
    train_reward = sum(window) / len(window)
    before = previous["train_reward"] if previous["train_reward"] is not None else window[0]
    if train_reward > before and pass_rate < previous["pass_rate"]:
        return (f"possible reward hacking: training reward rose {before:.3f} -> {train_reward:.3f} while held-out "
                f"pass@1 fell {previous['pass_rate']:.3f} -> {pass_rate:.3f} (see samples.jsonl and eval/)")
    return None


SUMMED_METRICS = ("generated_tokens", "groups/filled_uninformative")


def across_processes(metrics: dict) -> dict:
    """One step's metrics for the global batch, of which each process's rollout is an equal part: counts are
    summed, everything else averaged over the processes (per-process figures such as gen_tokens_per_s stay per
    process). A status a process did not see is a share of 0 there; a reward function that scored none of a
    process's samples is averaged over the others."""
    parts = engine.gather_objects(metrics)
    if len(parts) == 1:
        return metrics
    merged = {}
    for key in dict.fromkeys(k for part in parts for k in part):
        values = [v for part in parts if (v := part.get(key, 0.0 if key.startswith("status/") else None)) is not None]
        merged[key] = sum(values) if key in SUMMED_METRICS else sum(values) / len(values)
    return merged


def rollout_metrics(exp: Experience, kl_coef: float, sequence_kl: float) -> dict:
    """Reward, pass rate, status mix, KL and lengths of one rollout batch."""
    info = exp.info
    n = len(info)
    statuses = Counter(s.status for s in info)
    metrics = {
        "reward/total": sum(s.score for s in info) / n,
        **{f"reward/{name}": sum(values) / len(values)
           for name in info[0].rewards if (values := [s.rewards[name] for s in info if s.rewards[name] is not None])},
        "reward/scaled": exp.scores.mean().item(),
        "pass_rate": statuses.get("passed", 0) / n,
        "response_length": sum(s.response_length for s in info) / n,
        **{f"status/{status}": count / n for status, count in sorted(statuses.items())},
    }
    if exp.ref_logprobs is not None:  # measured only when the KL term is on
        metrics.update({"kl": sequence_kl, "kl_coef": kl_coef})
    if exp.values is not None:
        metrics["explained_variance"] = algo.explained_variance(exp.values, exp.returns, exp.action_mask).item()
        metrics["value_mean"] = algo.masked_mean(exp.values, exp.action_mask).item()
    return metrics
