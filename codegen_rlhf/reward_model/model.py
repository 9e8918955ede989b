"""The reward model itself: built for training, loaded from an exported directory, and its info file.

- `RewardModel` (training): the sequence classifier, plain or PEFT-wrapped, plus an optional auxiliary
  pass-fraction head that reads the same pooled hidden state. Only the classifier is saved.
- `load_reward_model` (everything after training): an exported directory (plain HF or LoRA adapter with its
  head) or a run directory, as `AutoModelForSequenceClassification` in eval mode.
- `reward_model.json`, written beside the exported weights: the base model a LoRA adapter needs and the input
  length the model was trained with.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from peft import PeftModel
from torch import nn
from transformers import AutoModelForSequenceClassification

from codegen_rlhf.errors import UserError
from codegen_rlhf.models import apply_lora, load_sequence_classifier, load_tokenizer, resolve_dtype
from codegen_rlhf.scalar_head import backbone_hidden_states, last_token_states, unwrap_peft

MODEL_DIR = "model"
INFO_FILE = "reward_model.json"


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

    @property
    def hf_model(self):
        """The transformers model under any PEFT wrapper."""
        return unwrap_peft(self.classifier)

    def save_pretrained(self, out_dir, state_dict=None, **kwargs) -> None:
        """Save the classifier alone (HF or PEFT layout); the engine calls this for checkpoints. The auxiliary
        head is training-only: it lives in the DeepSpeed state of checkpoints, not in the exported model."""
        if state_dict is not None:
            prefix = "classifier."
            state_dict = {k[len(prefix):]: v for k, v in state_dict.items() if k.startswith(prefix)}
        self.classifier.save_pretrained(out_dir, state_dict=state_dict, **kwargs)

    def forward(self, input_ids, attention_mask):
        hf = self.hf_model
        hidden = backbone_hidden_states(hf, input_ids=input_ids, attention_mask=attention_mask)
        pooled = last_token_states(hidden, input_ids, hf.config.pad_token_id)
        scores = hf.score(pooled).squeeze(-1).float()
        aux = self.aux_head(pooled).squeeze(-1).float() if self.aux_head is not None else None
        return scores, aux


def build_reward_model(cfg) -> tuple[RewardModel, object]:
    """(RewardModel, tokenizer) for training: `model.*` (base, adapter, LoRA, checkpointing) and `rm.*`."""
    classifier, tokenizer = load_sequence_classifier(cfg.model.name, cfg.model.dtype, adapter=cfg.model.adapter,
                                                     seed=cfg.seed)
    classifier = apply_lora(classifier, cfg.model.lora, task_type="SEQ_CLS")
    if cfg.model.gradient_checkpointing:
        classifier.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    return RewardModel(classifier, aux_head=cfg.rm.pass_fraction_weight > 0), tokenizer


def training_info(cfg) -> dict:
    """What `load_reward_model` needs besides the weights of a model trained with `cfg`."""
    return {"base_model": cfg.model.name, "base_adapter": cfg.model.adapter, "lora": cfg.model.lora.enabled,
            "max_seq_len": cfg.rm.max_seq_len}


def write_info(out: Path, info: dict) -> None:
    """`reward_model.json` next to the exported weights."""
    (out / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")


def read_info(path: Path) -> dict:
    """The info file of an exported model directory; {} for a directory written without one."""
    return json.loads((path / INFO_FILE).read_text()) if (path / INFO_FILE).is_file() else {}


def load_reward_model(path: str | Path, dtype: str = "auto", device=None):
    """(AutoModelForSequenceClassification in eval mode, tokenizer, max_seq_len) from an exported RM directory
    (plain or adapter) or a run directory (its `model/`)."""
    path = model_dir(path)
    info = read_info(path)
    if (path / "adapter_config.json").is_file():
        if "base_model" not in info:
            raise UserError(f"{path}: a LoRA reward model needs {INFO_FILE} naming its base model")
        model, _ = load_sequence_classifier(info["base_model"], dtype, adapter=info.get("base_adapter"))
        model = PeftModel.from_pretrained(model, str(path)).merge_and_unload()
    else:
        model = AutoModelForSequenceClassification.from_pretrained(str(path), dtype=resolve_dtype(dtype))
    tokenizer = load_tokenizer(str(path))
    model.config.pad_token_id = tokenizer.pad_token_id
    model.eval()
    if device is not None:
        model.to(device)
    return model, tokenizer, int(info.get("max_seq_len", 2048))


def model_dir(path: str | Path) -> Path:
    """The exported model directory named by `path` (itself, or the `model/` of a run directory)."""
    path = Path(path)
    if (path / MODEL_DIR).is_dir():
        path = path / MODEL_DIR
    if not path.is_dir() or not any((path / f).is_file() for f in ("config.json", "adapter_config.json")):
        raise UserError(f"{path} is not a reward model directory (from `codegen-rlhf train rm`)")
    return path


def default_device() -> str:
    """Where a loaded reward model runs when the caller does not say."""
    return "cuda" if torch.cuda.is_available() else "cpu"
