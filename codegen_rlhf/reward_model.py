"""Reward model: `codegen-rlhf train rm`, `rm score`, `rm merge`, and the scorer PPO uses.

The model is a causal-LM backbone with a scalar head (`AutoModelForSequenceClassification`, num_labels=1):
the score of a completion is the head applied to the hidden state of the last token of `prompt + completion`.
Training data are developer rankings from `rank export` (K-wise or pairs, `data.rankings`) together with the
execution result stored with every candidate. A micro-batch holds `optim.micro_batch_size` prompts and all
their candidates, each scored once, so every comparison of a prompt is in the same batch. The loss is a
weighted sum (weights in `rm.*`, any of them 0 turns its term off; math in `rm_losses`):

    pl_weight * Plackett-Luce(human ranking)            listwise, Breslow ties
  + bt_weight * Bradley-Terry(human pairs, bt_margin)   all K(K-1)/2 pairs per prompt
  + exec_weight * Bradley-Terry(execution pairs)        CodeRL graded reward with partial credit orders them
  + pass_fraction_weight * BCE(aux head, pass fraction) a second scalar head, used for training only
  + center_weight * (mean score per prompt)^2

Held-out prompts are evaluated every `optim.eval_every` steps and at the end: pairwise accuracy against the
human ranks and, separately, against the execution order; Spearman correlation of scores with the pass
fraction; score distribution per execution status. Everything goes to `metrics.jsonl` (`step` on every line)
and `rm_eval.png` in the run directory.

The final model is written to `<output_dir>/model`: a plain HF directory (full training) or a PEFT adapter
with the trained head (LoRA), plus the tokenizer and `reward_model.json` (base model, input length). Both load
with `load_reward_model`; `rm merge` turns an adapter into a plain directory that
`AutoModelForSequenceClassification.from_pretrained` loads. The auxiliary head is not exported.

Checkpoints go to `<output_dir>/checkpoints` through `engine` (atomic, last `optim.keep_last` kept); `--resume`
continues from the newest with the same data order (micro-batches are a function of the step), and a run
directory that already holds checkpoints is refused without it.

Not covered: a value head for PPO (the critic lives in ppo/), multi-objective heads, packing.
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from codegen_rlhf.data.rankings import RankedGroup, load_rankings, split_by_prompt
from codegen_rlhf.errors import UserError
from codegen_rlhf.rm_losses import (
    bradley_terry_loss,
    centering_loss,
    pass_fraction_loss,
    plackett_luce_loss,
    preferences_from_levels,
)

MODEL_DIR = "model"
INFO_FILE = "reward_model.json"
PLOT_FILE = "rm_eval.png"


# ---------------------------------------------------------------------------------------------- inputs


def rm_text(prompt: str, completion: str) -> str:
    """What the reward model reads: the prompt followed by the completion, as in the ranking UI and sandbox."""
    return prompt + completion


def encode(tokenizer, prompts: list[str], completions: list[str], max_seq_len: int) -> dict:
    """Right-padded token ids; a too-long input loses the start of the prompt so the scored last token stays."""
    side = tokenizer.truncation_side
    tokenizer.truncation_side = "left"
    try:
        return tokenizer([rm_text(p, c) for p, c in zip(prompts, completions)], padding=True, truncation=True,
                         max_length=max_seq_len, return_tensors="pt")
    finally:
        tokenizer.truncation_side = side


@dataclass
class Batch:
    """Prompts x candidates: flat token rows plus the per-prompt matrices the losses read."""

    input_ids: torch.Tensor  # [N, T], N = candidates in the batch
    attention_mask: torch.Tensor
    slot: torch.Tensor  # [P, K] index into the N rows (0 at padding)
    valid: torch.Tensor  # [P, K]
    ranks: torch.Tensor  # [P, K] human rank levels (a single level where the group has no full order)
    prefers: torch.Tensor  # [P, K, K] human preference pairs
    margins: torch.Tensor  # [P, K, K] rank gap (or the export's margin) per pair
    exec_values: torch.Tensor  # [P, K] CodeRL graded reward with partial credit
    exec_known: torch.Tensor  # [P, K]
    pass_fraction: torch.Tensor  # [P, K]

    def to(self, device) -> Batch:
        return Batch(**{k: v.to(device) for k, v in self.__dict__.items()})

    def per_prompt(self, flat: torch.Tensor) -> torch.Tensor:
        """[N] values -> [P, K], padding filled with 0."""
        return torch.where(self.valid, flat[self.slot], torch.zeros((), dtype=flat.dtype, device=flat.device))


def collate(groups: list[RankedGroup], tokenizer, max_seq_len: int) -> Batch:
    P, K = len(groups), max(len(g.completions) for g in groups)
    slot = torch.zeros(P, K, dtype=torch.long)
    valid = torch.zeros(P, K, dtype=torch.bool)
    ranks = torch.ones(P, K, dtype=torch.long)
    prefers = torch.zeros(P, K, K, dtype=torch.bool)
    margins = torch.zeros(P, K, K)
    exec_values = torch.zeros(P, K)
    exec_known = torch.zeros(P, K, dtype=torch.bool)
    pass_frac = torch.zeros(P, K)
    prompts, completions = [], []
    for p, group in enumerate(groups):
        for k, (completion, value, fraction) in enumerate(
            zip(group.completions, group.execution_values(), group.pass_fractions())
        ):
            slot[p, k] = len(completions)
            valid[p, k] = True
            prompts.append(group.prompt)
            completions.append(completion)
            if value is not None:
                exec_values[p, k], pass_frac[p, k], exec_known[p, k] = value, fraction, True
        if group.ranks is not None:
            ranks[p, : len(group.ranks)] = torch.tensor(group.ranks)
        for winner, loser, margin in group.preference_pairs():
            prefers[p, winner, loser] = True
            margins[p, winner, loser] = margin
    tokens = encode(tokenizer, prompts, completions, max_seq_len)
    return Batch(tokens["input_ids"], tokens["attention_mask"], slot, valid, ranks, prefers, margins,
                 exec_values, exec_known, pass_frac)


# ---------------------------------------------------------------------------------------------- model


class RewardModel(nn.Module):
    """The sequence classifier (plain or PEFT-wrapped) plus an optional auxiliary pass-fraction head.

    The forward pass mirrors `ForSequenceClassification`: backbone, then the head on the last non-pad
    token; doing it here lets the auxiliary head read the same pooled hidden state.
    """

    def __init__(self, classifier: nn.Module, aux_head: bool = False):
        super().__init__()
        self.classifier = classifier
        hf = self.hf_model
        self.aux_head = nn.Linear(hf.config.hidden_size, 1) if aux_head else None
        if self.aux_head is not None:
            self.aux_head.to(next(hf.parameters()).dtype)

    @property
    def config(self):
        return self.hf_model.config

    def save_pretrained(self, out_dir, state_dict=None, **kwargs) -> None:
        """Save the classifier alone (HF or PEFT layout); the engine calls this for checkpoints. The auxiliary
        head is training-only: it lives in the DeepSpeed state of checkpoints, not in the exported model."""
        if state_dict is not None:
            prefix = "classifier."
            state_dict = {k[len(prefix):]: v for k, v in state_dict.items() if k.startswith(prefix)}
        self.classifier.save_pretrained(out_dir, state_dict=state_dict, **kwargs)

    @property
    def hf_model(self):
        """The transformers model under any PEFT wrapper (LoRA layers are injected into it in place)."""
        inner = self.classifier
        return inner.get_base_model() if hasattr(inner, "get_base_model") else inner

    def forward(self, input_ids, attention_mask):
        hf = self.hf_model
        backbone = getattr(hf, hf.base_model_prefix)
        hidden = backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        pad_id = hf.config.pad_token_id
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        last = (positions * (input_ids != pad_id)).argmax(-1)
        pooled = hidden[torch.arange(input_ids.shape[0], device=input_ids.device), last]
        scores = hf.score(pooled).squeeze(-1).float()
        aux = self.aux_head(pooled).squeeze(-1).float() if self.aux_head is not None else None
        return scores, aux


def build_reward_model(cfg) -> tuple[RewardModel, object]:
    from codegen_rlhf.models import apply_lora, load_sequence_classifier

    classifier, tokenizer = load_sequence_classifier(cfg.model.name, cfg.model.dtype, adapter=cfg.model.adapter,
                                                     seed=cfg.seed)
    classifier = apply_lora(classifier, cfg.model.lora, task_type="SEQ_CLS")
    if cfg.model.gradient_checkpointing:
        classifier.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    return RewardModel(classifier, aux_head=cfg.rm.pass_fraction_weight > 0), tokenizer


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


# ---------------------------------------------------------------------------------------------- training


def run(cfg, resume: bool = False, out_dir: str | None = None) -> Path:
    """Train, evaluate and export the reward model; returns the run directory."""
    import dataclasses

    from codegen_rlhf import engine, tracking
    from codegen_rlhf.config import save_config

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
                groups = micro_batch_groups(train_groups, index, optim.micro_batch_size, cfg.seed)
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
    return out


def load_training_data(cfg) -> tuple[list[RankedGroup], list[RankedGroup]]:
    """(train, held-out) groups, checked against the loss weights: every enabled term must have data."""
    rm_cfg = cfg.rm
    groups = load_rankings(rm_cfg.data)
    if rm_cfg.eval_data:
        train_groups, eval_groups = groups, load_rankings(rm_cfg.eval_data)
    else:
        train_groups, eval_groups = split_by_prompt(groups, rm_cfg.eval_fraction, cfg.seed)
    weights = {"pl_weight": rm_cfg.pl_weight, "bt_weight": rm_cfg.bt_weight, "exec_weight": rm_cfg.exec_weight,
               "pass_fraction_weight": rm_cfg.pass_fraction_weight}
    for key, value in {**weights, "center_weight": rm_cfg.center_weight}.items():
        if value < 0:
            raise UserError(f"rm.{key} must be >= 0, got {value}")
    if not any(weights.values()):
        raise UserError("every reward-model loss weight is 0: set rm.pl_weight, rm.bt_weight, rm.exec_weight "
                        "or rm.pass_fraction_weight")
    has_data = {
        "pl_weight": any(g.ranks is not None and len(set(g.ranks)) > 1 for g in train_groups),
        "bt_weight": any(g.preference_pairs() for g in train_groups),
        "exec_weight": any(len({v for v in g.execution_values() if v is not None}) > 1 for g in train_groups),
        "pass_fraction_weight": any(e is not None for g in train_groups for e in g.execution),
    }
    for key, value in weights.items():
        if value and not has_data[key]:
            hint = " (pairs input carries no full ranking: use rm.bt_weight)" if key == "pl_weight" else ""
            raise UserError(f"rm.{key} is set but the training rankings have nothing for it{hint}; "
                            f"set rm.{key}=0 or give other data")
    return train_groups, eval_groups


def micro_batch_groups(groups: list[RankedGroup], index: int, size: int, seed: int) -> list[RankedGroup]:
    """Micro-batch number `index` of an endless stream of seeded epoch shuffles: it depends on the index alone,
    so a resumed run sees exactly the batches an uninterrupted one would."""
    n = len(groups)
    return [groups[_epoch_order(n, seed, pos // n)[pos % n]] for pos in range(index * size, (index + 1) * size)]


@functools.lru_cache(maxsize=4)
def _epoch_order(n: int, seed: int, epoch: int) -> list[int]:
    order = list(range(n))
    random.Random(f"{seed}:{epoch}").shuffle(order)
    return order


def export(eng, tokenizer, cfg, out: Path) -> None:
    """Write the final model to `out` atomically (temporary directory, then rename)."""
    import shutil

    from codegen_rlhf import engine

    tmp = out.with_name(f".tmp-{out.name}")
    if engine.is_main():
        shutil.rmtree(tmp, ignore_errors=True)
    engine.barrier()
    engine.save_model(eng, tmp, tokenizer=tokenizer)
    if engine.is_main():
        write_info(tmp, cfg)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    engine.barrier()


# ---------------------------------------------------------------------------------------------- evaluation


@torch.no_grad()
def score_groups(model, groups: list[RankedGroup], tokenizer, max_seq_len: int, prompts_per_batch: int,
                 device=None) -> list[list[float]]:
    """Scores of every candidate of every group, in order."""
    out = []
    for start in range(0, len(groups), prompts_per_batch):
        batch = collate(groups[start:start + prompts_per_batch], tokenizer, max_seq_len)
        if device is not None:
            batch = batch.to(device)
        flat, _ = model(batch.input_ids, batch.attention_mask)
        for p, group in enumerate(groups[start:start + prompts_per_batch]):
            out.append(flat[batch.slot[p, : len(group.completions)]].tolist())
    return out


def evaluate(groups: list[RankedGroup], scores: list[list[float]]) -> tuple[dict, dict[str, list[float]]]:
    """Metrics of scored held-out groups, and the scores per execution status (for the plot)."""
    human = [(s[i], s[j]) for g, s in zip(groups, scores) for i, j, _ in g.preference_pairs()]
    executed = []
    seen: dict[tuple[str, str], tuple[float, float, str]] = {}  # one point per distinct candidate
    for g, s in zip(groups, scores):
        values = g.execution_values()
        for i, vi in enumerate(values):
            for j, vj in enumerate(values):
                if vi is not None and vj is not None and vi > vj:
                    executed.append((s[i], s[j]))
        for c, e, fraction, score in zip(g.completions, g.execution, g.pass_fractions(), s):
            if e is not None:
                seen[(g.prompt, c)] = (score, fraction, e["status"])
    by_status: dict[str, list[float]] = {}
    for score, _, status in seen.values():
        by_status.setdefault(status, []).append(score)
    metrics = {
        "eval_human_pair_accuracy": pairwise_accuracy(human),
        "eval_human_pairs": len(human),
        "eval_exec_pair_accuracy": pairwise_accuracy(executed),
        "eval_exec_pairs": len(executed),
        "eval_spearman_pass_fraction": spearman([v[0] for v in seen.values()], [v[1] for v in seen.values()]),
    }
    for status, values in sorted(by_status.items()):
        mean = sum(values) / len(values)
        metrics[f"eval_score_mean_{status}"] = mean
        metrics[f"eval_score_std_{status}"] = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        metrics[f"eval_count_{status}"] = len(values)
    return metrics, by_status


def pairwise_accuracy(pairs: list[tuple[float, float]]) -> float | None:
    """Share of (preferred, other) pairs the scores order the same way; equal scores count half."""
    if not pairs:
        return None
    return sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)


def spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman's rho (Pearson correlation of average ranks); None when either side is constant."""
    if len(x) < 2:
        return None
    rx, ry = _average_ranks(x), _average_ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy) if vx > 0 and vy > 0 else None


def _average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for idx in order[start:end + 1]:
            ranks[idx] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def plot(path: Path, history: list[dict], by_status: dict[str, list[float]]) -> None:
    """Training loss, held-out accuracies over steps, and the last evaluation's scores per status."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc, ax_dist) = plt.subplots(1, 3, figsize=(15, 4))
    train = [h for h in history if "loss" in h]
    ax_loss.plot([h["step"] for h in train], [h["loss"] for h in train])
    ax_loss.set(title="training loss", xlabel="step")
    evals = [h for h in history if "eval_human_pair_accuracy" in h]
    for key, label in (("eval_human_pair_accuracy", "pair accuracy vs human ranks"),
                       ("eval_exec_pair_accuracy", "pair accuracy vs execution order"),
                       ("eval_spearman_pass_fraction", "Spearman vs pass fraction")):
        points = [(h["step"], h[key]) for h in evals if h.get(key) is not None]
        if points:
            ax_acc.plot(*zip(*points), marker="o", label=label)
    ax_acc.axhline(0.5, color="grey", linewidth=0.5)
    ax_acc.set(title="held-out prompts", xlabel="step", ylim=(-1, 1))
    ax_acc.legend(fontsize=8)
    if by_status:
        statuses = sorted(by_status, key=lambda s: -sum(by_status[s]) / len(by_status[s]))
        ax_dist.boxplot([by_status[s] for s in statuses])
        ax_dist.set_xticks(range(1, len(statuses) + 1), [f"{s}\n(n={len(by_status[s])})" for s in statuses], fontsize=8)
    ax_dist.set(title="held-out scores per execution status", ylabel="score")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------- save / load


def write_info(out: Path, cfg) -> None:
    """`reward_model.json` next to the exported weights: what `load_reward_model` needs besides them."""
    info = {"base_model": cfg.model.name, "base_adapter": cfg.model.adapter, "lora": cfg.model.lora.enabled,
            "max_seq_len": cfg.rm.max_seq_len}
    (out / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")


def load_reward_model(path: str | Path, dtype: str = "auto", device=None):
    """(AutoModelForSequenceClassification in eval mode, tokenizer, max_seq_len) from an exported RM directory
    (plain or adapter) or a run directory (its `model/`)."""
    from codegen_rlhf.models import load_sequence_classifier, resolve_dtype

    path = _model_dir(path)
    info = json.loads((path / INFO_FILE).read_text()) if (path / INFO_FILE).is_file() else {}
    if (path / "adapter_config.json").is_file():
        from peft import PeftModel

        if "base_model" not in info:
            raise UserError(f"{path}: a LoRA reward model needs {INFO_FILE} naming its base model")
        model, _ = load_sequence_classifier(info["base_model"], dtype, adapter=info.get("base_adapter"))
        model = PeftModel.from_pretrained(model, str(path)).merge_and_unload()
    else:
        from transformers import AutoModelForSequenceClassification

        model = AutoModelForSequenceClassification.from_pretrained(str(path), dtype=resolve_dtype(dtype))
    from codegen_rlhf.models import load_tokenizer

    tokenizer = load_tokenizer(str(path))
    model.config.pad_token_id = tokenizer.pad_token_id
    model.eval()
    if device is not None:
        model.to(device)
    return model, tokenizer, int(info.get("max_seq_len", 2048))


def merge(path: str | Path, out: str | Path) -> Path:
    """A LoRA reward model (or run directory) -> a plain HF directory with the adapter merged in."""
    source = _model_dir(path)
    model, tokenizer, max_seq_len = load_reward_model(source)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty")
    import shutil
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        info = json.loads((source / INFO_FILE).read_text()) if (source / INFO_FILE).is_file() else {}
        info.update(lora=False, merged_from=str(source), max_seq_len=max_seq_len)
        (tmp / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _model_dir(path: str | Path) -> Path:
    path = Path(path)
    if (path / MODEL_DIR).is_dir():
        path = path / MODEL_DIR
    if not path.is_dir() or not any((path / f).is_file() for f in ("config.json", "adapter_config.json")):
        raise UserError(f"{path} is not a reward model directory (from `codegen-rlhf train rm`)")
    return path


@torch.no_grad()
def score_texts(model, tokenizer, prompts: list[str], completions: list[str], max_seq_len: int,
                batch_size: int = 8) -> list[float]:
    """Scores of (prompt, completion) pairs with a loaded HF sequence classifier."""
    device = next(model.parameters()).device
    scores: list[float] = []
    for start in range(0, len(completions), batch_size):
        tokens = encode(tokenizer, prompts[start:start + batch_size], completions[start:start + batch_size], max_seq_len)
        logits = model(**{k: v.to(device) for k, v in tokens.items()}).logits
        scores += logits[:, 0].float().tolist()
    return scores


def score_file(model_path: str, samples: str, out: str | None, problems: str = "tasks",
               batch_size: int = 8) -> tuple[Path, int]:
    """`rm score`: read samples JSONL, add "score" to every row, write atomically; (out path, rows)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from codegen_rlhf.jsonl import iter_jsonl, write_jsonl

    rows, prompts = [], []
    problem_set = None
    for number, row in iter_jsonl(samples):
        if not isinstance(row.get("completion"), str):
            raise UserError(f"{samples}:{number}: needs a string \"completion\"")
        prompt = row.get("prompt")
        if not isinstance(prompt, str):
            if "task_id" not in row:
                raise UserError(f"{samples}:{number}: needs \"prompt\" or a \"task_id\" found in --problems")
            if problem_set is None:
                from codegen_rlhf.data.problems import load_problems

                problem_set = load_problems(problems)
            if row["task_id"] not in problem_set:
                raise UserError(f"{samples}:{number}: task_id {row['task_id']!r} is not in {problems}")
            prompt = problem_set[row["task_id"]]["prompt"]
        rows.append(row)
        prompts.append(prompt)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, tokenizer, max_seq_len = load_reward_model(model_path, device=device)
    scores: list[float] = []
    columns = [TextColumn("rm score"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeRemainingColumn()]
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("score", total=len(rows))
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            scores += score_texts(model, tokenizer, prompts[start:start + batch_size],
                                  [r["completion"] for r in chunk], max_seq_len, batch_size)
            progress.advance(task, len(chunk))
    out_path = Path(out) if out else Path(samples).with_suffix("").with_suffix(".scored.jsonl")
    write_jsonl(out_path, ({**row, "score": score} for row, score in zip(rows, scores)))
    return out_path, len(rows)


class RewardModelScorer:
    """A trained reward model (`codegen-rlhf train rm`) as a TRL-style reward function: the score of
    prompt + completion, in batches. `path` is an exported RM directory (plain or LoRA) or its run directory."""

    __name__ = "reward_model"

    def __init__(self, path, batch_size: int = 8, dtype: str = "auto", device=None):
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model, self.tokenizer, self.max_seq_len = load_reward_model(path, dtype, device)
        self.batch_size = batch_size

    def __call__(self, prompts, completions, **columns) -> list[float]:
        return score_texts(self.model, self.tokenizer, list(prompts), list(completions), self.max_seq_len,
                           self.batch_size)
