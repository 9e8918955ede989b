"""Scoring with a trained reward model: `rm score` on a samples file, and the reward function of the RL stage.

Both load an exported model (`model.load_reward_model`: a plain or LoRA directory, or a run directory) and
score `prompt + completion` in batches through the HF classifier's own forward, exactly as
`AutoModelForSequenceClassification` users outside this package would.
"""

from __future__ import annotations

from pathlib import Path

import torch

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl, write_jsonl
from codegen_rlhf.progress import progress_bar
from codegen_rlhf.reward_model.batches import encode
from codegen_rlhf.reward_model.model import default_device, load_reward_model


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
                problem_set = load_problems(problems)
            if row["task_id"] not in problem_set:
                raise UserError(f"{samples}:{number}: task_id {row['task_id']!r} is not in {problems}")
            prompt = problem_set[row["task_id"]]["prompt"]
        rows.append(row)
        prompts.append(prompt)
    model, tokenizer, max_seq_len = load_reward_model(model_path, device=default_device())
    scores: list[float] = []
    with progress_bar("rm score", transient=True) as progress:
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
        self.model, self.tokenizer, self.max_seq_len = load_reward_model(path, dtype, device or default_device())
        self.batch_size = batch_size

    def __call__(self, prompts, completions, **columns) -> list[float]:
        return score_texts(self.model, self.tokenizer, list(prompts), list(completions), self.max_seq_len,
                           self.batch_size)
