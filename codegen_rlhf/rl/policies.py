"""The three networks of PPO and their forward passes over (prompt + response) sequences.

- `Actor`: the policy (a causal LM, LoRA or full) and, for `ppo.critic=shared`, a value head on its last
  hidden state. Forward gives logits for the response tokens (and values when it has the head).
- `Critic`: a separate sequence classifier (LoRA or full) read as a value at every response position.
- the reference: with LoRA, the actor's own base with its adapters disabled (`reference_mode`), so there is
  no second copy of the weights; with full fine-tuning, a frozen copy loaded from the same spec.

Sequences are `[prompt left-padded | response right-padded]`; position ids come from the attention mask so
left padding does not shift positions. Only the logits of the last `n_actions + 1` positions are computed.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import torch
from torch import nn

from codegen_rlhf.models import apply_lora, load_causal_lm, load_sequence_classifier
from codegen_rlhf.scalar_head import backbone_hidden_states, unwrap_peft


def position_ids_for(attention_mask: torch.Tensor) -> torch.Tensor:
    return (attention_mask.long().cumsum(-1) - 1).clamp(min=0)


def lm_forward(lm, sequences, attention_mask, n_actions: int, hidden_states: bool = False):
    """A causal LM's output with logits only for the last `n_actions + 1` positions (the ones that predict
    the response tokens, plus the last, which is dropped by callers)."""
    return lm(input_ids=sequences, attention_mask=attention_mask, position_ids=position_ids_for(attention_mask),
              logits_to_keep=n_actions + 1, output_hidden_states=hidden_states, use_cache=False)


class ValueHead(nn.Module):
    """hidden state -> scalar value. Starts at zero so early values do not swamp the advantages."""

    def __init__(self, hidden_size: int):
        super().__init__()
        self.linear = nn.Linear(hidden_size, 1)
        nn.init.zeros_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.linear(hidden.to(self.linear.weight.dtype)).squeeze(-1).float()


class _SavesInner:
    """`save_pretrained` for the wrappers, so engine checkpoints write the inner model's usual layout (only the
    adapter under LoRA) plus the value head, if any, as value_head.pt."""

    inner_name: str

    def save_pretrained(self, out_dir, state_dict=None, **kwargs):
        inner = getattr(self, self.inner_name)
        if hasattr(inner, "disable_adapter"):
            state_dict = None  # PEFT saves its adapter weights itself
        elif state_dict is not None:
            prefix = f"{self.inner_name}."
            state_dict = {k.removeprefix(prefix): v for k, v in state_dict.items() if k.startswith(prefix)}
        inner.save_pretrained(out_dir, state_dict=state_dict, **kwargs)
        head = getattr(self, "value_head", None)
        if head is not None and self.inner_name == "lm":
            torch.save(head.state_dict(), Path(out_dir) / "value_head.pt")


class Actor(_SavesInner, nn.Module):
    """The policy; `value_head` makes it an actor-critic sharing one backbone."""

    inner_name = "lm"

    def __init__(self, lm: nn.Module, value_head: ValueHead | None = None):
        super().__init__()
        self.lm, self.value_head = lm, value_head

    def forward(self, sequences, attention_mask, n_actions: int):
        out = lm_forward(self.lm, sequences, attention_mask, n_actions, hidden_states=self.value_head is not None)
        logits = out.logits[:, :-1]
        values = None
        if self.value_head is not None:
            values = self.value_head(out.hidden_states[-1][:, -n_actions - 1:-1])
        return logits, values

    @property
    def is_lora(self) -> bool:
        return hasattr(self.lm, "disable_adapter")


class Critic(_SavesInner, nn.Module):
    """A separate value network: a sequence classifier with one label (`models.load_sequence_classifier`, so
    a reward model directory can initialize it), read at every position instead of only the last."""

    inner_name = "classifier"

    def __init__(self, classifier: nn.Module):
        super().__init__()
        self.classifier = classifier

    def forward(self, sequences, attention_mask, n_actions: int) -> torch.Tensor:
        inner = unwrap_peft(self.classifier)
        hidden = backbone_hidden_states(inner, input_ids=sequences, attention_mask=attention_mask,
                                        position_ids=position_ids_for(attention_mask), use_cache=False)
        return inner.score(hidden[:, -n_actions - 1:-1]).squeeze(-1).float()


# ---------------------------------------------------------------------------------------------- building


def build_actor(model_cfg, shared_critic: bool,
                with_reference: bool = True) -> tuple[Actor, nn.Module | None, object]:
    """(actor, frozen reference or None when LoRA provides it or `with_reference` is off, tokenizer). An SFT
    adapter (`model.adapter`) is merged into the base first, so the reference is the SFT policy and new LoRA
    adapters train on top."""
    lm, tokenizer = _load_base(model_cfg)
    reference = None
    if with_reference and not model_cfg.lora.enabled:  # a full copy of the model: only when the KL term needs it
        reference, _ = _load_base(model_cfg)
        reference.requires_grad_(False)
    lm = apply_lora(lm, model_cfg.lora)
    if model_cfg.gradient_checkpointing:
        lm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if model_cfg.lora.enabled:
            lm.enable_input_require_grads()
    head = ValueHead(lm.config.hidden_size) if shared_critic else None
    return disable_dropout(Actor(lm, head)), reference, tokenizer


def build_critic(model_cfg, critic_spec: str | None, seed: int = 0) -> Critic:
    """A separate critic from `critic_spec` (a model spec or a reward model directory; default: the policy's
    base and SFT adapter), with LoRA when the policy uses it."""
    adapter = None if critic_spec else model_cfg.adapter
    classifier, _ = load_sequence_classifier(critic_spec or model_cfg.name, model_cfg.dtype, adapter=adapter,
                                             seed=seed)
    classifier = apply_lora(classifier, model_cfg.lora, task_type="SEQ_CLS")
    if model_cfg.gradient_checkpointing:
        classifier.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    classifier.train()
    return disable_dropout(Critic(classifier))


def disable_dropout(model: nn.Module) -> nn.Module:
    """PPO's ratio compares log-probs of the same tokens at rollout and update time; dropout (LoRA's included)
    would make them differ by noise alone, so it is off, while the modules stay in train mode (gradient
    checkpointing only runs in train mode)."""
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.p = 0.0
    return model


def _load_base(model_cfg):
    lm, tokenizer = load_causal_lm(model_cfg.name, model_cfg.dtype, adapter=model_cfg.adapter,
                                   load_in_4bit=model_cfg.load_in_4bit)
    if model_cfg.adapter:
        lm = lm.merge_and_unload()
    lm.train()
    return lm, tokenizer


@contextlib.contextmanager
def reference_mode(actor: Actor):
    """Inside, the actor's LM computes the reference policy (LoRA adapters off)."""
    with actor.lm.disable_adapter():
        yield


@torch.no_grad()
def reference_logits(actor: Actor, reference: nn.Module | None, sequences, attention_mask, n_actions: int):
    if reference is not None:
        return lm_forward(reference, sequences, attention_mask, n_actions).logits[:, :-1]
    with reference_mode(actor):
        return lm_forward(actor.lm, sequences, attention_mask, n_actions).logits[:, :-1]
