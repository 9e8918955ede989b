"""Supervised fine-tuning through DeepSpeed: `run(cfg, resume=False, out_dir=None)`.

Output directory (`out_dir`, default `cfg.output_dir`):
    config.yaml          the resolved config
    metrics.jsonl        loss, lr, tokens/s per logged step; eval_loss at evaluations
    checkpoints/step-N/  every `sft.optim.save_every` steps and at the end (see codegen_rlhf.engine)
    final/               the model in save_pretrained layout (the adapter only, for LoRA) + tokenizer;
                         `final/sft_complete.json` marks a finished stage (see `completed`)

The loss of an optimizer step is the mean cross-entropy over every completion token of the global batch
(all micro-batches on all ranks), whatever the split into micro-batches and processes: 1 and N processes
give the same gradients. Logits are computed only where a completion token is predicted (`logits_to_keep`),
and the fp32 cross-entropy runs in checkpointed chunks so no full fp32 logits tensor is kept for backward.

`cfg.max_steps`, when set, stops the stage early without changing its LR schedule (which follows
`sft.optim.max_steps`): a capped run is an interruption that `--resume` continues exactly.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

from codegen_rlhf import engine, tracking
from codegen_rlhf.atomic import atomic_directory
from codegen_rlhf.config import save_config
from codegen_rlhf.data import epochs, sft_pairs
from codegen_rlhf.errors import UserError
from codegen_rlhf.models import apply_lora, load_causal_lm, load_tokenizer

DONE_FILE = "sft_complete.json"
CE_CHUNK_TOKENS = 4096


def completed(out_dir: str | Path) -> bool:
    """True when an SFT run in `out_dir` finished and wrote its final model."""
    return (Path(out_dir) / "final" / DONE_FILE).is_file()


def run(cfg, resume: bool = False, out_dir: str | Path | None = None) -> Path:
    """Train, checkpoint and export; returns the final model directory."""
    out = Path(out_dir or cfg.output_dir)
    ckpt_root, final = out / "checkpoints", out / "final"
    optim = cfg.sft.optim
    stop = min(optim.max_steps, cfg.max_steps) if cfg.max_steps else optim.max_steps
    if cfg.model.adapter:
        raise UserError("sft trains a new adapter; model.adapter is for the later stages (unset it for sft)")
    if not resume and (engine.latest_checkpoint(ckpt_root) or completed(out)):
        raise UserError(f"{out} already holds an SFT run: pass --resume to continue it, or choose another output_dir")
    latest = engine.latest_checkpoint(ckpt_root) if resume else None
    if resume and latest is None:
        raise UserError(f"--resume: no complete checkpoint in {ckpt_root}")

    # 1. data and model (all input errors surface here, before anything is written)
    torch.manual_seed(cfg.seed)
    tokenizer = load_tokenizer(cfg.model.name)
    data = sft_pairs.build(cfg.sft, tokenizer, cfg.model.prompt_format, cfg.seed)
    model, _ = load_causal_lm(cfg.model.name, cfg.model.dtype, load_in_4bit=cfg.model.load_in_4bit)
    model.config.use_cache = False
    if cfg.model.load_in_4bit:  # QLoRA: fp32 norms/head and input grads, as PEFT prescribes for k-bit bases
        from peft import prepare_model_for_kbit_training  # noqa: PLC0415 (peft: ~2.4 s; only QLoRA needs it here)

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    if cfg.model.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model = apply_lora(model, cfg.model.lora)
    model.train()
    parameters = _trainable(model)  # before ZeRO-3 partitions the parameters away
    eng = engine.build_engine(model, cfg.deepspeed, optim)
    step = engine.load_checkpoint(eng, latest)["step"] if latest else 0
    if engine.is_main():
        out.mkdir(parents=True, exist_ok=True)
        save_config(cfg, out / "config.yaml")
        print(f"sft: {data.summary()}; {parameters}; {engine.world_size()} process(es)", flush=True)

    # 2. train: one optimizer step = gradient_accumulation_steps micro-batches per rank
    accumulation, world = optim.gradient_accumulation_steps, engine.world_size()
    tracker = tracking.Tracker(out, total_steps=stop, start_step=step, description="train sft", resume=resume)
    eval_loss = None
    if step == 0 and data.eval and optim.eval_every:
        eval_loss = evaluate(eng, data, tokenizer, optim.micro_batch_size)
        tracker.log(0, {"eval_loss": eval_loss})  # the untrained baseline the later evaluations compare to
    while step < stop:
        batches, local_tokens = [], 0
        for micro in range(accumulation):
            index = (step * accumulation + micro) * world + engine.rank()
            rows = epochs.micro_batch(data.train, index, optim.micro_batch_size, cfg.seed)
            batches.append(sft_pairs.collate(rows, tokenizer.pad_token_id, data.packed))
            local_tokens += sum(len(r["input_ids"]) for r in rows)
        local_targets = sum(int((b["labels"][:, 1:] != sft_pairs.IGNORE_INDEX).sum()) for b in batches)
        targets, tokens = engine.all_reduce_sum(local_targets, local_tokens)
        loss_sum, started = 0.0, time.perf_counter()
        for batch in batches:
            summed, _ = completion_loss_sum(eng, batch)
            # DeepSpeed divides by accumulation steps and averages over ranks; undo both so the gradient is
            # that of the global token mean.
            eng.backward(summed * (accumulation * world / max(targets, 1.0)))
            eng.step()
            loss_sum += float(summed.detach())
        step += 1
        (loss_total,) = engine.all_reduce_sum(loss_sum)
        seconds = time.perf_counter() - started
        metrics = {"loss": loss_total / max(targets, 1.0), "lr": eng.get_lr()[0], "tokens": int(tokens)}
        last = step == stop
        if data.eval and (last or (optim.eval_every and step % optim.eval_every == 0)):
            eval_loss = evaluate(eng, data, tokenizer, optim.micro_batch_size)
            metrics["eval_loss"] = eval_loss
        if last or "eval_loss" in metrics or step % optim.log_every == 0:
            tracker.log(step, metrics, tokens=int(tokens), seconds=seconds)
        if last or step % optim.save_every == 0:
            engine.save_checkpoint(eng, ckpt_root, step, state={"examples_seen": step * accumulation * world
                                                                 * optim.micro_batch_size},
                                   keep_last=optim.keep_last, tokenizer=tokenizer)
    tracker.close()

    # 3. export: written aside, then renamed, so `final/` is either absent or complete
    with atomic_directory(final, main=engine.is_main(), barrier=engine.barrier) as tmp:
        engine.save_model(eng, tmp, tokenizer=tokenizer)
        if engine.is_main():
            (tmp / DONE_FILE).write_text(json.dumps({"step": step, "planned_steps": optim.max_steps,
                                                     "eval_loss": eval_loss, "finished": time.time()}))
    if engine.is_main():
        print(f"sft: model written to {final}", flush=True)
    engine.release(eng)
    return final


def completion_loss_sum(model, batch: dict):
    """(sum of completion-token cross-entropies, number of those tokens) for one micro-batch."""
    device = next(_unwrapped(model).parameters()).device
    batch = {k: v.to(device) for k, v in batch.items()}
    labels = batch.pop("labels")
    keep = torch.zeros_like(labels, dtype=torch.bool)
    keep[:, :-1] = labels[:, 1:] != -100  # position t predicts token t + 1
    targets = labels[:, 1:][keep[:, :-1]]
    if targets.numel() == 0:
        keep[0, 0] = True  # every rank must run the forward (ZeRO-3 gathers inside it); contribute zero
        logits = model(**batch, logits_to_keep=keep, use_cache=False).logits
        return logits.sum() * 0.0, 0
    logits = model(**batch, logits_to_keep=keep, use_cache=False).logits.reshape(-1, _unwrapped(model).config.vocab_size)
    return chunked_cross_entropy_sum(logits, targets), targets.numel()


def chunked_cross_entropy_sum(logits, targets, chunk: int = CE_CHUNK_TOKENS):
    """Sum of fp32 cross-entropies, computed chunk by chunk under activation checkpointing: backward keeps
    only the (possibly bf16) logits, never their fp32 copy or softmax."""
    def piece(lg, tg):
        return F.cross_entropy(lg.float(), tg, reduction="sum")

    if logits.shape[0] <= chunk or not logits.requires_grad:
        return piece(logits, targets)
    total = logits.new_zeros((), dtype=torch.float32)
    for start in range(0, logits.shape[0], chunk):
        total = total + checkpoint(piece, logits[start : start + chunk], targets[start : start + chunk],
                                   use_reentrant=False)
    return total


def evaluate(eng, data, tokenizer, micro_batch_size: int) -> float:
    """Token-mean completion loss over the eval rows, sharded over ranks (all ranks run the same batches)."""
    world, rank = engine.world_size(), engine.rank()
    per_round = micro_batch_size * world
    loss, count = 0.0, 0
    eng.eval()
    with torch.no_grad():
        for start in range(0, len(data.eval), per_round):
            rows = data.eval[start + rank * micro_batch_size : start + (rank + 1) * micro_batch_size]
            batch = sft_pairs.collate(rows or data.eval[:1], tokenizer.pad_token_id, data.packed)
            summed, n = completion_loss_sum(eng, batch)
            if rows:
                loss, count = loss + float(summed), count + n
    eng.train()
    loss, count = engine.all_reduce_sum(loss, count)
    return loss / max(count, 1.0)


def _unwrapped(model):
    return getattr(model, "module", model)


def _trainable(model) -> str:
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return f"{trainable / 1e6:.2f}M of {total / 1e6:.2f}M parameters trainable"
