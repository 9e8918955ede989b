"""Run configuration: nested dataclasses, packaged YAML presets, dotted `a.b=c` overrides, validation.

One `Config` tree covers the whole chain (SFT, reward model, PPO, evaluation), so a single preset file
describes a complete run and `train all` needs nothing else. Each field is documented by the string literal
under it; `describe()` reads those strings so `--print-config` and the README show the same text as the code.

    cfg = load_config("tiny", ["output_dir=runs/x", "sft.learning_rate=1e-4"])
    save_config(cfg, "runs/x/config.yaml")
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import inspect
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import atomic_open

PRESETS_DIR = Path(__file__).parent / "configs"


@dataclass
class LoraConfig:
    enabled: bool = True
    """Train LoRA adapters instead of all weights."""
    r: int = 16
    """LoRA rank."""
    alpha: int = 32
    """LoRA scaling numerator (the update is scaled by alpha / r)."""
    dropout: float = 0.05
    """Dropout on the LoRA input."""
    target_modules: list[str] = field(default_factory=lambda: ["all-linear"])
    """Module names to adapt; "all-linear" means every linear layer except the output head."""


@dataclass
class ModelConfig:
    name: str = "tiny-random"
    """Model spec: an HF hub id, a local HF directory, a .gguf file, "smollm2-135m" (bundled) or "tiny-random"."""
    adapter: Optional[str] = None
    """A LoRA adapter directory to load on top of the model (e.g. an SFT checkpoint)."""
    dtype: str = "auto"
    """Weights dtype: auto (bf16 on GPUs that support it, else fp32), float32, bfloat16 or float16."""
    lora: LoraConfig = field(default_factory=LoraConfig)
    load_in_4bit: bool = False
    """QLoRA: load the base in 4-bit NF4 (needs bitsandbytes and a CUDA GPU)."""
    gradient_checkpointing: bool = False
    """Recompute activations in the backward pass to save memory."""
    prompt_format: str = "auto"
    """How prompts are shown to the model: auto (chat if the tokenizer has a chat template), chat or raw."""


@dataclass
class DeepSpeedConfig:
    config: str = "zero2"
    """A file in ds_configs/ (zero0, zero2, zero3, zero3_offload) or a path to a DeepSpeed JSON config."""
    bf16: str = "auto"
    """auto (on when the GPU supports it), true or false."""
    plan_gpus: int = 1
    """GPUs on the node that `train ... --plan` plans memory for (the launcher's --num_gpus); training itself
    runs on however many processes the launcher starts."""


@dataclass
class OptimConfig:
    max_steps: int = 100
    """Optimizer steps for this stage."""
    micro_batch_size: int = 4
    """Sequences per forward pass per process."""
    gradient_accumulation_steps: int = 1
    """Micro-batches accumulated per optimizer step."""
    learning_rate: float = 2e-4
    """Peak learning rate."""
    weight_decay: float = 0.0
    """AdamW weight decay."""
    warmup_steps: int = 0
    """Linear warm-up steps before the cosine decay."""
    max_grad_norm: float = 1.0
    """Gradient clipping norm."""
    save_every: int = 50
    """Write a checkpoint every N steps (and always at the end)."""
    keep_last: int = 2
    """How many checkpoints to keep."""
    log_every: int = 1
    """Write metrics every N steps."""
    eval_every: int = 0
    """Evaluate every N steps (0: only at the end)."""


@dataclass
class SFTConfig:
    data: list[str] = field(default_factory=lambda: ["builtin"])
    """Sources: "builtin" (mined stdlib pairs + the task suite's train split), a JSONL/parquet file, or a hub id."""
    prompt_column: str = "description"
    """Column holding the natural-language description / prompt."""
    code_column: str = "code"
    """Column holding the code / completion."""
    template: str = "instruction"
    """instruction (description -> code) or docstring (HumanEval-style: signature + docstring -> body)."""
    max_seq_len: int = 512
    """Longer examples are truncated."""
    packing: bool = False
    """Pack several examples per sequence (attention stays within each example)."""
    eval_fraction: float = 0.05
    """Fraction of examples held out for eval loss."""
    max_examples: int = 0
    """Use at most this many training examples (0: all)."""
    optim: OptimConfig = field(default_factory=OptimConfig)


@dataclass
class RMConfig:
    data: list[str] = field(default_factory=lambda: ["demo"])
    """Rankings from `rank export` (K-wise or pairs): "demo" (shipped with the package), a JSONL file, a save_to_disk dir or a hub id."""
    eval_data: list[str] = field(default_factory=list)
    """Held-out rankings; when empty, eval_fraction of the prompts in data are held out."""
    eval_fraction: float = 0.2
    """Fraction of prompts held out for evaluation when eval_data is empty."""
    max_seq_len: int = 512
    """Longest prompt + completion in tokens; longer inputs lose the start of the prompt (the scored end stays)."""
    pl_weight: float = 1.0
    """Weight of the listwise Plackett-Luce loss over each prompt's ranking (ties: Breslow)."""
    bt_weight: float = 0.0
    """Weight of the all-pairs Bradley-Terry loss on the human rankings (grouped per prompt)."""
    bt_margin: float = 0.0
    """Bradley-Terry margin per rank level of gap (0: no margin)."""
    exec_weight: float = 0.5
    """Weight of the Bradley-Terry loss on execution-derived pairs (more tests passed > fewer > runtime error > syntax error)."""
    pass_fraction_weight: float = 0.0
    """Weight of an auxiliary head regressing the fraction of tests passed (0: no auxiliary head)."""
    center_weight: float = 0.01
    """Weight of the reward-centering penalty (squared mean score per prompt)."""
    optim: OptimConfig = field(default_factory=OptimConfig)


@dataclass
class PPOConfig:
    algo: str = "ppo"
    """An RL algorithm of codegen_rlhf.rl.algorithms: ppo (clipped PPO with a critic and GAE), grpo
    (group-normalized advantages), rloo (leave-one-out baseline), rft (rejection-sampling fine-tuning), or one
    registered there."""
    rft_min_score: float = 1.0
    """rft: the score a completion must reach to be fine-tuned on (1.0: all tests pass on the execution scale)."""
    prompts: str = "train"
    """Problems whose tests give the reward: train (the task suite's train split) or a .jsonl path; never heldout or humaneval."""
    eval_problems: str = "heldout"
    """Problems for the periodic greedy evaluation (used for evaluation only, never for reward); "" turns it off."""
    eval_max_problems: int = 0
    """Evaluate on at most this many problems (0: all)."""
    prompts_per_step: int = 8
    """Prompts sampled per rollout batch."""
    samples_per_prompt: int = 1
    """Completions per prompt (grpo and rloo need at least 2)."""
    dynamic_sampling: bool = True
    """For algorithms that compare the completions of a prompt (grpo, rloo): replace groups whose completions
    all scored the same (they teach nothing) with groups of new prompts, drawn favouring prompts the policy
    sometimes solves (DAPO's dynamic sampling). Logged as groups/informative_share and groups/resampled."""
    max_resample_rounds: int = 2
    """Dynamic sampling: extra generation rounds per step at most; what is still missing is filled with the
    first draw's uninformative groups."""
    max_new_tokens: int = 256
    """Longest completion sampled."""
    temperature: float = 1.0
    """Sampling temperature for rollouts."""
    top_p: float = 1.0
    """Nucleus sampling for rollouts."""
    ppo_epochs: int = 2
    """Passes over each rollout batch."""
    mini_batch_size: int = 8
    """Sequences per optimizer step inside the PPO epochs (split into micro-batches of optim.micro_batch_size)."""
    clip_eps: float = 0.2
    """Policy ratio clip."""
    value_clip_eps: float = 0.2
    """Value clip around the rollout's values (0: no clipping)."""
    gamma: float = 1.0
    """GAE discount."""
    lam: float = 0.95
    """GAE lambda."""
    whiten_advantages: bool = True
    """Whiten PPO advantages over the batch."""
    kl_coef: float = 0.05
    """KL penalty coefficient against the reference policy (initial value when adaptive). 0 (not adaptive)
    turns the KL term off and skips the reference forward pass; with ppo_epochs 1 and one minibatch per rollout
    the actor's scoring pass is skipped too (the update's own forward gives the old log-probs)."""
    kl_estimator: str = "k1"
    """Per-token KL estimator: k1 (log p - log q) or k3 (always >= 0)."""
    adaptive_kl: bool = False
    """Adapt kl_coef toward kl_target (Ziegler et al. 2019)."""
    kl_target: float = 6.0
    """Target KL per sequence for the adaptive controller."""
    kl_horizon: int = 10000
    """Horizon (in samples) of the adaptive controller."""
    w_exec: float = 1.0
    """Weight of the execution reward."""
    exec_reward: str = "binary"
    """The execution reward's scale: binary (1 when every test passes, else 0), graded (CodeRL: pass +1, failing
    tests -0.3, runtime error -0.6, syntax error -1) or partial (graded plus RLTF's share by the fraction of tests
    passed). Binary is the default because it beat graded and partial on the same budget (eval/rl_quality.md): under
    those, the policy learns to fail less badly instead of passing."""
    w_rm: float = 0.0
    """Weight of the reward model's score (needs reward_model)."""
    reward_model: Optional[str] = None
    """Reward model directory from `train rm`."""
    reward_functions: dict[str, float] = field(default_factory=dict)
    """Your own reward functions, "module:function" -> weight, added to the execution reward and the RM's
    score. Each has TRL's signature fn(prompts, completions, **columns) -> list[float | None] and gets the
    columns task_id and execution (each completion's sandbox result)."""
    normalize_rewards: bool = False
    """Divide scores by their running std before the KL penalty."""
    reward_clip: float = 0.0
    """Clip (normalized) scores to [-reward_clip, reward_clip] (0: no clipping)."""
    critic: str = "separate"
    """ppo only: separate (its own backbone + value head) or shared (a value head on the actor's backbone)."""
    critic_model: Optional[str] = None
    """Model spec for a separate critic (default: the policy's base model)."""
    critic_learning_rate: Optional[float] = None
    """Critic learning rate (default: optim.learning_rate)."""
    vf_coef: float = 0.5
    """Weight of the value loss (for a shared critic it is added to the policy loss)."""
    entropy_coef: float = 0.0
    """Entropy bonus weight."""
    sandbox_workers: int = 2
    """Sandbox worker processes executing completions."""
    sandbox_backend: str = "process"
    """Sandbox backend: process or docker."""
    log_samples: int = 4
    """Completions written to samples.jsonl per step (each evaluation writes all of its own to eval/step-N/)."""
    max_minutes: float = 0.0
    """Wall-clock budget of the training loop in minutes (0: none). After the step during which it runs out, the
    run ends as at optim.max_steps: final evaluation, checkpoint and final/ policy. Counted from the start of
    this invocation's loop (evaluations included), so a resumed run gets the whole budget again."""
    optim: OptimConfig = field(default_factory=OptimConfig)


@dataclass
class PipelineConfig:
    eval_benchmarks: list[str] = field(default_factory=lambda: ["heldout", "humaneval:40"])
    """Benchmarks `train all` evaluates the base, SFT and PPO policies on; "NAME:N" keeps the first N problems."""
    eval_max_new_tokens: int = 256
    """Token budget per completion in those evaluations (greedy)."""
    rm_weight: float = 0.5
    """Weight of the chain's own reward model in the PPO stage's reward (that stage's ppo.w_rm; the sandbox's
    execution reward keeps ppo.w_exec). 0 leaves the reward model out."""
    eval_batch_size: int = 16
    """Sequences decoded together in those evaluations. On a CPU a decode step reads every weight whatever the
    batch, so larger batches are nearly free per token; on a GPU, bound it by memory."""
    rankings: str = "policy"
    """What the chain's reward model learns from. policy: K candidates per train prompt sampled from the SFT
    policy into rank_db, executed, ranked (the developers' rankings where the database has them, the scripted
    annotator's otherwise) and exported; data: rm.data as given (e.g. the shipped demonstration set)."""
    rank_db: str = ""
    """Rank database of the policy's candidates ("": <output_dir>/rankings/rank.db). Point several runs at one
    file and rank in it between them (`codegen-rlhf rank --db FILE`): the next run trains on your rankings."""
    rank_prompts: int = 48
    """Train prompts sampled per run (seeded) for candidates."""
    rank_k: int = 4
    """Candidates per prompt."""
    rank_temperature: float = 0.8
    """Sampling temperature of the candidates."""
    rank_max_new_tokens: int = 128
    """Token budget per candidate."""
    annotator: str = "simulated-developer"
    """Scripted annotator (rank auto's policies) for the prompts no developer ranked."""


@dataclass
class Config:
    output_dir: str = "runs/default"
    """Run directory: checkpoints, metrics.jsonl, the resolved config.yaml, reports."""
    seed: int = 0
    """Seed for data order, sampling and initialization."""
    max_steps: Optional[int] = None
    """When set, caps the optimizer steps of every stage that runs (handy for smoke runs)."""
    model: ModelConfig = field(default_factory=ModelConfig)
    deepspeed: DeepSpeedConfig = field(default_factory=DeepSpeedConfig)
    sft: SFTConfig = field(default_factory=SFTConfig)
    rm: RMConfig = field(default_factory=RMConfig)
    ppo: PPOConfig = field(default_factory=PPOConfig)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)


# ---------------------------------------------------------------------------------------------- loading


def load_config(preset_or_path: str | None = None, overrides: list[str] = ()) -> Config:
    """Defaults, then a preset (packaged name or YAML path), then `a.b=c` overrides; validated throughout."""
    data: dict = {}
    if preset_or_path:
        data = _read_yaml(_preset_path(preset_or_path))
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise UserError(f"override {item!r} is not of the form key.sub=value")
        _set_dotted(data, key.strip(), yaml.safe_load(raw) if raw.strip() else "")
    return _build(Config, data, prefix="")


def save_config(cfg: Config, path: str | Path) -> None:

    with atomic_open(path) as f:
        yaml.safe_dump(dataclasses.asdict(cfg), f, sort_keys=False)


def list_presets() -> list[str]:
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))


def _preset_path(name: str) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise UserError(f"config file {name} does not exist")
        return path
    packaged = PRESETS_DIR / f"{name}.yaml"
    if not packaged.is_file():
        raise UserError(f"unknown preset {name!r}; presets: {', '.join(list_presets())} (or a .yaml path)")
    return packaged


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as e:
        raise UserError(f"{path}: invalid YAML ({e})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of config keys at the top level")
    return data


def _set_dotted(data: dict, key: str, value: Any) -> None:
    *parents, leaf = key.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise UserError(f"override {key}: {part} is not a section")
    node[leaf] = value


def _build(cls, data: dict, prefix: str):
    if not isinstance(data, dict):
        raise UserError(f"{prefix.rstrip('.') or 'config'}: expected a section (mapping), got {data!r}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:

        key = unknown[0]
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean {prefix}{close[0]}?" if close else f"; valid keys: {', '.join(sorted(known))}"
        raise UserError(f"unknown config key {prefix}{key}{hint}")
    values = {}
    for name, value in data.items():
        values[name] = _coerce(hints[name], value, f"{prefix}{name}")
    return cls(**values)


def _coerce(tp, value, key: str):
    if dataclasses.is_dataclass(tp):
        return _build(tp, value if value is not None else {}, prefix=f"{key}.")
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(args[0], value, key)
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        if not isinstance(value, dict):
            raise UserError(f"config key {key}: expected a mapping, got {value!r}")
        return {_coerce(key_type, k, key): _coerce(value_type, v, f"{key}[{k!r}]") for k, v in value.items()}
    if origin is list:
        (item,) = typing.get_args(tp)
        items = value if isinstance(value, list) else [value]
        return [_coerce(item, v, key) for v in items]
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is float and isinstance(value, str):  # YAML 1.1 reads "1e-4" (no dot) as a string
        try:
            return float(value)
        except ValueError:
            pass
    if tp is str and isinstance(value, bool):  # tri-state fields such as deepspeed.bf16=false (auto|true|false)
        return "true" if value else "false"
    if tp is str and isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        raise UserError(f"config key {key}: expected {tp.__name__}, got {value!r}")
    return value


# ---------------------------------------------------------------------------------------------- docs


def describe(cls=Config, prefix: str = "") -> list[tuple[str, str, str]]:
    """(dotted key, default, doc) for every leaf field, docs taken from the string under each field."""
    docs = _field_docs(cls)
    rows = []
    default = cls()
    for f in dataclasses.fields(cls):
        value = getattr(default, f.name)
        if dataclasses.is_dataclass(value):
            rows += describe(type(value), f"{prefix}{f.name}.")
        else:
            rows.append((f"{prefix}{f.name}", repr(value), docs.get(f.name, "")))
    return rows


def _field_docs(cls) -> dict[str, str]:
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body
    docs = {}
    for node, nxt in zip(body, body[1:]):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[node.target.id] = nxt.value.value
    return docs
