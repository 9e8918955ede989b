"""`codegen-rlhf train sft|rm|ppo|all --plan`: the memory each stage needs per GPU, before anything is loaded.

Every model a stage builds is counted from its configuration alone (parameters on the meta device, LoRA applied
as in training), on `deepspeed.plan_gpus` GPUs of one node under the run's ZeRO stage and offload settings:

- SFT: the policy. RM: the reward model. PPO, as `rl/policies.py` builds them: the actor; the critic (`ppo.algo
  =ppo` with a separate critic, LoRA like the actor); the reference when the KL term is on (under LoRA the
  actor's own base with its adapters off, so nothing extra; under full fine-tuning a frozen copy on every GPU);
  the reward model at PPO time (a frozen copy on every GPU, the size of the policy's base).
- trained: the model states of the trained parameters (16-bit weights and gradients, fp32 master weights and
  Adam moments) per GPU and in CPU memory, from DeepSpeed's own estimators (`engine.estimate_model_states`).
- frozen: the weights nothing trains (LoRA's base, the reference, the reward model) in the model's dtype. ZeRO-3
  partitions those inside an engine across the GPUs, or keeps them in CPU memory when it offloads parameters.
- activations: DeepSpeed has no estimator for these. A decoder layer keeps 34·s·b·h bytes per micro-batch
  (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", 16-bit values,
  without the attention scores that SDPA/flash attention never store); gradient checkpointing keeps each layer's
  16-bit input instead and recomputes one layer at a time; an LM head adds fp32 logits and their gradient. The
  PPO actor's figure is the larger of that and its rollout batch's KV cache.

Sequence lengths: SFT `sft.max_seq_len`; the reward model `rm.max_seq_len` for each of RM_CANDIDATES candidates of
a prompt; PPO PPO_PROMPT_TOKENS of prompt + `ppo.max_new_tokens`. A dtype of "auto" counts as bf16 (what it is on
a GPU with bf16).
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass

from codegen_rlhf.config import LoraConfig
from codegen_rlhf.models import apply_lora, load_model_config
from codegen_rlhf.rl.algorithms import ALGORITHMS

RM_CANDIDATES = 4  # candidates per prompt in a ranking: `rank prepare --k`'s default
PPO_PROMPT_TOKENS = 512  # assumed prompt length of a PPO rollout
STAGES = {"sft": ("sft",), "rm": ("rm",), "ppo": ("ppo",), "all": ("sft", "rm", "ppo")}
GIB = 2**30


@dataclass
class ModelMemory:
    """One model of one stage: its parameters and the bytes it takes per GPU and in CPU memory (per node)."""

    stage: str
    role: str
    params: int
    trained: int
    frozen_gpu: int = 0
    frozen_cpu: int = 0
    states_gpu: int = 0
    states_cpu: int = 0
    activations: int = 0

    @property
    def gpu(self) -> int:
        return self.frozen_gpu + self.states_gpu + self.activations

    @property
    def cpu(self) -> int:
        return self.frozen_cpu + self.states_cpu


def plan(cfg, command: str) -> list[ModelMemory]:
    """The models of every stage `command` (sft, rm, ppo or all) runs, with their memory."""
    base = load_model_config(cfg.model.name)
    rows: list[ModelMemory] = []
    for stage in STAGES[command]:
        rows += _stage_models(cfg, stage, base, chain=command == "all")
    return rows


def _stage_models(cfg, stage: str, config, chain: bool) -> list[ModelMemory]:
    from codegen_rlhf.rl.experience import uses_reference  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports plan)

    if stage == "sft":
        optim = cfg.sft.optim
        return [_trained(cfg, "sft", "policy", config, optim.micro_batch_size, cfg.sft.max_seq_len,
                         logit_positions=cfg.sft.max_seq_len)]
    if stage == "rm":
        return [_trained(cfg, "rm", "reward model", config, cfg.rm.optim.micro_batch_size * RM_CANDIDATES,
                         cfg.rm.max_seq_len)]
    p = cfg.ppo
    seq = PPO_PROMPT_TOKENS + p.max_new_tokens
    actor = _trained(cfg, "ppo", "actor", config, p.optim.micro_batch_size, seq, logit_positions=p.max_new_tokens + 1)
    rollout = _kv_cache(config, p.prompts_per_step * p.samples_per_prompt, seq, _dtype_bytes(cfg.model.dtype))
    actor.activations = max(actor.activations, rollout)
    models = [actor]
    if ALGORITHMS[p.algo].needs_critic and p.critic == "separate":
        models.append(_trained(cfg, "ppo", "critic", config, p.optim.micro_batch_size, seq))
    if uses_reference(p) and not cfg.model.lora.enabled:
        models.append(_frozen(cfg, "reference", config, causal=True))
    if p.reward_model or p.w_rm or (chain and cfg.pipeline.rm_weight):
        models.append(_frozen(cfg, "reward model", config, causal=False))
    return models


def _trained(cfg, stage: str, role: str, config, batch: int, seq: int, logit_positions: int = 0) -> ModelMemory:
    """A model inside a training engine: DeepSpeed's estimate for its trained parameters, the rest frozen."""
    from codegen_rlhf import engine  # noqa: PLC0415 (deepspeed: ~2 s; the CLI imports plan)

    causal = logit_positions > 0
    params, trained, largest = _count(config, causal, cfg.model.lora)
    stage_number, _, offload_param = engine.zero_settings(cfg.deepspeed)
    gpus = cfg.deepspeed.plan_gpus
    states_gpu, states_cpu = engine.estimate_model_states(cfg.deepspeed, trained, largest, gpus)
    frozen = (params - trained) * _dtype_bytes(cfg.model.dtype)
    if stage_number == 3:
        frozen //= gpus
    on_cpu = stage_number == 3 and offload_param
    return ModelMemory(stage, role, params, trained, frozen_gpu=0 if on_cpu else frozen,
                       frozen_cpu=frozen * gpus if on_cpu else 0, states_gpu=states_gpu, states_cpu=states_cpu,
                       activations=_activations(cfg, config, batch, seq, logit_positions))


def _frozen(cfg, role: str, config, causal: bool) -> ModelMemory:
    """A model used for inference only, outside DeepSpeed: a whole copy on every GPU."""
    params, _, _ = _count(config, causal, LoraConfig(enabled=False))
    return ModelMemory("ppo", role, params, 0, frozen_gpu=params * _dtype_bytes(cfg.model.dtype))


def _count(config, causal: bool, lora) -> tuple[int, int, int]:
    """(parameters, trained parameters, the most trained parameters of one module) of the model the stages
    build from `config`, built on the meta device: no memory, no time."""
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports plan)
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification  # noqa: PLC0415 (~1 s)

    config = copy.deepcopy(config)
    # peft calls a transformers method transformers deprecates; the warning is theirs, not the user's.
    with torch.device("meta"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        if causal:
            model = apply_lora(AutoModelForCausalLM.from_config(config), lora)
        else:
            config.num_labels = 1
            model = apply_lora(AutoModelForSequenceClassification.from_config(config), lora, task_type="SEQ_CLS")
    if not lora.enabled:
        model.requires_grad_(True)
    trained = [p for p in model.parameters() if p.requires_grad]
    largest = max(sum(p.numel() for p in m.parameters(recurse=False) if p.requires_grad) for m in model.modules())
    return sum(p.numel() for p in model.parameters()), sum(p.numel() for p in trained), largest


def _activations(cfg, config, batch: int, seq: int, logit_positions: int) -> int:
    tokens_hidden = batch * seq * config.hidden_size
    layer = 34 * tokens_hidden  # bytes for 16-bit values
    if cfg.model.gradient_checkpointing:
        layers = config.num_hidden_layers * 2 * tokens_hidden + layer
    else:
        layers = config.num_hidden_layers * layer
    scale = _dtype_bytes(cfg.model.dtype) / 2
    logits = 8 * batch * logit_positions * config.vocab_size  # fp32 logits and their gradient
    return int(layers * scale) + logits


def _kv_cache(config, sequences: int, seq: int, dtype_bytes: int) -> int:
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", None) or config.num_attention_heads
    return 2 * config.num_hidden_layers * kv_heads * head_dim * dtype_bytes * sequences * seq


def _dtype_bytes(dtype: str) -> int:
    return 4 if dtype == "float32" else 2


# ---------------------------------------------------------------------------------------------- report


def render(cfg, command: str, config_name: str, rows: list[ModelMemory]) -> str:
    from codegen_rlhf import engine  # noqa: PLC0415 (deepspeed: ~2 s; the CLI imports plan)

    stage, offload_optimizer, offload_param = engine.zero_settings(cfg.deepspeed)
    offload = [name for name, on in (("optimizer", offload_optimizer), ("parameters", offload_param)) if on]
    lora = cfg.model.lora
    gpus = cfg.deepspeed.plan_gpus
    lines = [
        f"Memory plan for `train {command} --config {config_name}`: {cfg.model.name} ({cfg.model.dtype}, "
        + (f"LoRA r{lora.r}" if lora.enabled else "full fine-tuning")
        + (", gradient checkpointing" if cfg.model.gradient_checkpointing else "")
        + f") on {gpus} GPU{'s' if gpus > 1 else ''}, ZeRO-{stage} ({cfg.deepspeed.config})"
        + (f", {' and '.join(offload)} offloaded to CPU" if offload else ""),
        "trained = DeepSpeed's estimate of the trained parameters' model states (16-bit weights and gradients, "
        "fp32 master weights, Adam moments);",
        "frozen = untrained weights; activations = one micro-batch (see codegen_rlhf/plan.py). Per GPU unless "
        "marked CPU (per node).",
        "",
        f"{'stage':<6}{'model':<14}{'params':>9}{'trained':>9}{'frozen':>11}{'trained':>11}{'activations':>13}"
        f"{'GPU total':>11}{'CPU total':>11}",
    ]
    for name in STAGES[command]:
        models = [row for row in rows if row.stage == name]
        for row in models:
            lines.append(f"{row.stage:<6}{row.role:<14}{_count_text(row.params):>9}{_count_text(row.trained):>9}"
                         f"{_gib(row.frozen_gpu):>11}{_gib(row.states_gpu):>11}{_gib(row.activations):>13}"
                         f"{_gib(row.gpu):>11}{_gib(row.cpu):>11}")
        if len(models) > 1:
            lines.append(f"{name:<6}{'(together)':<14}{'':>63}{_gib(sum(r.gpu for r in models)):>11}"
                         f"{_gib(sum(r.cpu for r in models)):>11}")
    return "\n".join(lines) + "\n"


def _gib(n: int) -> str:
    return f"{n / GIB:.1f} GiB"


def _count_text(n: int) -> str:
    return f"{n / 1e9:.2f}B" if n >= 1e9 else f"{n / 1e6:.1f}M"
