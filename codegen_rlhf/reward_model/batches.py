"""What the reward model reads: its training data, the text of a candidate, and batches of whole prompts.

A micro-batch holds `optim.micro_batch_size` prompts and all their candidates, each scored once, so every
comparison of a prompt is in the same batch (InstructGPT's layout). `Batch` keeps the candidates as flat token
rows (one forward pass) plus the per-prompt matrices [P, K] the losses in `losses.py` read. Which prompts form
micro-batch number i is `data.epochs.micro_batch`: a function of i alone, so --resume sees the same batches.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from codegen_rlhf.data.rankings import RankedGroup, load_rankings, split_by_prompt
from codegen_rlhf.errors import UserError


def load_training_data(cfg) -> tuple[list[RankedGroup], list[RankedGroup]]:
    """(train, held-out) groups, checked against the loss weights: every enabled term must have data."""
    train_groups, eval_groups = _split(cfg)
    for key in terms_without_data(cfg.rm, train_groups):
        hint = " (pairs input carries no full ranking: use rm.bt_weight)" if key == "pl_weight" else ""
        raise UserError(f"rm.{key} is set but the training rankings have nothing for it{hint}; "
                        f"set rm.{key}=0 or give other data")
    return train_groups, eval_groups


def terms_without_data(rm_cfg, train_groups: list[RankedGroup] | None = None) -> list[str]:
    """The loss weights (rm.<key>) that are set while the training groups hold nothing for them (read from
    rm.data when `train_groups` is None); a UserError for weights that are negative or all zero."""
    weights = {"pl_weight": rm_cfg.pl_weight, "bt_weight": rm_cfg.bt_weight, "exec_weight": rm_cfg.exec_weight,
               "pass_fraction_weight": rm_cfg.pass_fraction_weight}
    for key, value in {**weights, "center_weight": rm_cfg.center_weight}.items():
        if value < 0:
            raise UserError(f"rm.{key} must be >= 0, got {value}")
    if not any(weights.values()):
        raise UserError("every reward-model loss weight is 0: set rm.pl_weight, rm.bt_weight, rm.exec_weight "
                        "or rm.pass_fraction_weight")
    if train_groups is None:
        train_groups = load_rankings(rm_cfg.data)
    has_data = {
        "pl_weight": any(g.ranks is not None and len(set(g.ranks)) > 1 for g in train_groups),
        "bt_weight": any(g.preference_pairs() for g in train_groups),
        "exec_weight": any(len({v for v in g.execution_values() if v is not None}) > 1 for g in train_groups),
        "pass_fraction_weight": any(e is not None for g in train_groups for e in g.execution),
    }
    return [key for key, value in weights.items() if value and not has_data[key]]


def _split(cfg) -> tuple[list[RankedGroup], list[RankedGroup]]:
    rm_cfg = cfg.rm
    groups = load_rankings(rm_cfg.data)
    if rm_cfg.eval_data:
        return groups, load_rankings(rm_cfg.eval_data)
    return split_by_prompt(groups, rm_cfg.eval_fraction, cfg.seed)


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
