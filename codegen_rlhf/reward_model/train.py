"""`codegen-rlhf train rm`: `run(cfg)` trains, evaluates and exports the reward model.

The loss of a batch is a weighted sum (weights in `rm.*`, any of them 0 turns its term off; math in
`losses.py`):

    pl_weight * Plackett-Luce(human ranking)            listwise, Breslow ties
  + bt_weight * Bradley-Terry(human pairs, bt_margin)   all K(K-1)/2 pairs per prompt
  + exec_weight * Bradley-Terry(execution pairs)        CodeRL graded reward with partial credit orders them
  + pass_fraction_weight * BCE(aux head, pass fraction) a second scalar head, used for training only
  + center_weight * (mean score per prompt)^2

Held-out prompts are evaluated every `optim.eval_every` steps and at the end (`metrics.py`); everything goes
to `metrics.jsonl` (`step` on every line) and `rm_eval.png` in the run directory, the model to `model/`
(`export.py`).

Checkpoints go to `<output_dir>/checkpoints` through `engine` (atomic, last `optim.keep_last` kept); `--resume`
continues from the newest with the same data order (micro-batches are a function of the step), and a run
directory that already holds checkpoints is refused without it.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import torch

from codegen_rlhf import engine, tracking
from codegen_rlhf.config import save_config
from codegen_rlhf.data import epochs
from codegen_rlhf.errors import UserError
from codegen_rlhf.reward_model.batches import Batch, collate, load_training_data
from codegen_rlhf.reward_model.export import export
from codegen_rlhf.reward_model.losses import (
    bradley_terry_loss,
    centering_loss,
    pass_fraction_loss,
    plackett_luce_loss,
    preferences_from_levels,
)
from codegen_rlhf.reward_model.metrics import PLOT_FILE, evaluate, plot, score_groups
from codegen_rlhf.reward_model.model import MODEL_DIR, build_reward_model


def run(cfg, resume: bool = False, out_dir: str | None = None) -> Path:
    """Train, evaluate and export the reward model; returns the run directory."""
    rm_cfg = cfg.rm
    out = Path(out_dir or cfg.output_dir)
    total = rm_cfg.optim.max_steps if cfg.max_steps is None else min(cfg.max_steps, rm_cfg.optim.max_steps)
    optim = dataclasses.replace(rm_cfg.optim, max_steps=total)  # the LR schedule spans the steps that run
    ckpt_root = out / "checkpoints"

    # 1. data: rankings + execution results, split by prompt
    train_groups, eval_groups = load_training_data(cfg)
    latest = engine.latest_checkpoint(ckpt_root)
    if resume and latest is None:
        raise UserError(f"--resume: no complete checkpoint in {ckpt_root}")
    if not resume and latest is not None:
        raise UserError(f"{out} already holds checkpoints: pass --resume to continue, or another output_dir")

    # 2. model and engine (restored from the latest checkpoint on --resume)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    model, tokenizer = build_reward_model(cfg)
    eng = engine.build_engine(model, cfg.deepspeed, optim)
    step = engine.load_checkpoint(eng, latest)["step"] if resume else 0
    if engine.is_main():
        out.mkdir(parents=True, exist_ok=True)
        save_config(cfg, out / "config.yaml")

    def evaluate_now() -> tuple[dict, dict]:
        eng.module.eval()
        scores = score_groups(eng.module, eval_groups, tokenizer, rm_cfg.max_seq_len,
                              max(1, optim.micro_batch_size), device=eng.device)
        return evaluate(eval_groups, scores)

    accumulation = optim.gradient_accumulation_steps
    by_status = None  # the latest evaluation's scores per execution status, for the plot
    with tracking.Tracker(out, total_steps=total, start_step=step, description="train rm", resume=resume) as tracker:
        if not eval_groups:
            tracker.warn("no held-out rankings (rm.eval_data empty and too few prompts to split): no evaluation")
        if step == 0 and eval_groups and optim.eval_every:
            tracker.log(0, evaluate_now()[0])  # the untrained baseline

        # 3. train: an optimizer step is gradient_accumulation_steps micro-batches of micro_batch_size prompts
        while step < total:
            eng.module.train()
            sums: dict[str, float] = {}
            tokens = 0
            for micro in range(accumulation):
                index = (step * accumulation + micro) * engine.world_size() + engine.rank()
                groups = epochs.micro_batch(train_groups, index, optim.micro_batch_size, cfg.seed)
                batch = collate(groups, tokenizer, rm_cfg.max_seq_len).to(eng.device)
                tokens += int(batch.attention_mask.sum())
                loss, parts = compute_loss(eng, batch, rm_cfg)
                eng.backward(loss)
                eng.step()
                for key, value in {"loss": loss.item(), **parts}.items():
                    sums[key] = sums.get(key, 0.0) + value / accumulation
            step += 1
            # Every rank saw different prompts: log the mean loss and the total tokens over ranks.
            *totals, tokens = engine.all_reduce_sum(*sums.values(), tokens)
            metrics = {**{k: v / engine.world_size() for k, v in zip(sums, totals)}, "lr": eng.get_lr()[0]}
            last = step == total
            evaluating = bool(eval_groups) and (last or (optim.eval_every and step % optim.eval_every == 0))
            if evaluating:
                eval_metrics, by_status = evaluate_now()
                metrics.update(eval_metrics)
            if last or evaluating or step % optim.log_every == 0:
                tracker.log(step, metrics, tokens=int(tokens))
            if last or step % optim.save_every == 0:
                engine.save_checkpoint(eng, ckpt_root, step, keep_last=optim.keep_last, tokenizer=tokenizer)

    # 4. export the model and the plot
    export(eng, tokenizer, cfg, out / MODEL_DIR)
    if eval_groups:
        if by_status is None:
            by_status = evaluate_now()[1]
        if engine.is_main():
            plot(out / PLOT_FILE, tracking.read_metrics(out), by_status)
    engine.release(eng)
    return out


def compute_loss(model, batch: Batch, rm_cfg) -> tuple[torch.Tensor, dict[str, float]]:
    """The weighted loss of one batch and its parts (unweighted) for the metrics."""
    flat_scores, flat_aux = model(batch.input_ids, batch.attention_mask)
    scores = batch.per_prompt(flat_scores)
    parts: dict[str, torch.Tensor] = {}
    if rm_cfg.pl_weight:
        parts["pl"] = plackett_luce_loss(scores, batch.ranks, batch.valid)
    if rm_cfg.bt_weight:
        parts["bt"] = bradley_terry_loss(scores, batch.prefers, rm_cfg.bt_margin * batch.margins)
    if rm_cfg.exec_weight:
        exec_prefers = preferences_from_levels(batch.exec_values, batch.exec_known, higher_is_better=True)
        parts["exec"] = bradley_terry_loss(scores, exec_prefers)
    if flat_aux is not None:
        parts["pass_fraction"] = pass_fraction_loss(batch.per_prompt(flat_aux), batch.pass_fraction, batch.exec_known)
    if rm_cfg.center_weight:
        parts["center"] = centering_loss(scores, batch.valid)
    weights = {"pl": rm_cfg.pl_weight, "bt": rm_cfg.bt_weight, "exec": rm_cfg.exec_weight,
               "pass_fraction": rm_cfg.pass_fraction_weight, "center": rm_cfg.center_weight}
    loss = sum(weights[name] * value for name, value in parts.items())
    return loss, {f"loss_{name}": value.item() for name, value in parts.items()}
