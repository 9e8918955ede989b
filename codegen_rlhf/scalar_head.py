"""A scalar head on a causal-LM backbone: the pieces the reward model and the RL critic share.

Both are one-label sequence classifiers (`AutoModelForSequenceClassification`, possibly wrapped by PEFT) read
by hand instead of through their own forward: the reward model pools the last token for its score and an
auxiliary head, the critic reads a value at every response position.

    hf = unwrap_peft(classifier)                           # the transformers model (LoRA layers are inside)
    hidden = backbone_hidden_states(hf, input_ids=..., attention_mask=...)
    pooled = last_token_states(hidden, input_ids, hf.config.pad_token_id)
    scores = hf.score(pooled)
"""

from __future__ import annotations

import torch


def unwrap_peft(model):
    """The transformers model under any PEFT wrapper (PEFT injects its LoRA layers into it in place)."""
    return model.get_base_model() if hasattr(model, "get_base_model") else model


def backbone_hidden_states(hf_model, **inputs) -> torch.Tensor:
    """[B, T, H] last hidden states of the classifier's backbone (no head applied)."""
    backbone = getattr(hf_model, hf_model.base_model_prefix)
    return backbone(**inputs).last_hidden_state


def last_token_states(hidden: torch.Tensor, input_ids: torch.Tensor, pad_token_id: int) -> torch.Tensor:
    """[B, H] hidden state at each row's last non-pad token (rows are right-padded).

    The same rule as transformers' `ForSequenceClassification` (the rightmost token that is not the pad id),
    so a model trained here scores like its exported `AutoModelForSequenceClassification`.
    """
    positions = torch.arange(input_ids.shape[1], device=input_ids.device)
    last = (positions * (input_ids != pad_token_id)).argmax(-1)
    return hidden[torch.arange(input_ids.shape[0], device=input_ids.device), last]
