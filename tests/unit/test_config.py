"""Config: every packaged preset loads, overrides apply with types, bad keys and values are one-line UserErrors."""

import pytest

from codegen_rlhf.config import Config, describe, list_presets, load_config
from codegen_rlhf.engine import ds_config_path
from codegen_rlhf.errors import UserError


@pytest.mark.parametrize("preset", list_presets())
def test_every_preset_loads_and_names_a_packaged_deepspeed_config(preset):
    cfg = load_config(preset)
    assert isinstance(cfg, Config)
    assert ds_config_path(cfg.deepspeed.config).is_file()
    assert cfg.sft.optim.max_steps > 0


def test_required_presets_exist_and_gpu_presets_default_to_mistral():
    presets = set(list_presets())
    assert {"tiny", "quick-cpu", "mistral7b-lora", "mistral7b-full", "mistral7b-offload"} <= presets
    for name in ("mistral7b-lora", "mistral7b-full", "mistral7b-offload"):
        assert load_config(name).model.name == "mistralai/Mistral-7B-v0.3"
    assert load_config("mistral7b-lora").deepspeed.config == "zero2"
    assert load_config("mistral7b-full").model.lora.enabled is False
    assert load_config("mistral7b-offload").deepspeed.config == "zero3_offload"


def test_dotted_overrides_are_parsed_as_yaml_scalars():
    cfg = load_config("tiny", ["sft.optim.learning_rate=1e-4", "max_steps=5", "model.lora.enabled=true",
                               "sft.data=[a.jsonl, b.jsonl]", "output_dir=runs/x"])
    assert cfg.sft.optim.learning_rate == 1e-4 and isinstance(cfg.sft.optim.learning_rate, float)
    assert cfg.max_steps == 5
    assert cfg.model.lora.enabled is True
    assert cfg.sft.data == ["a.jsonl", "b.jsonl"]
    assert cfg.output_dir == "runs/x"


def test_unknown_key_suggests_the_close_one():
    with pytest.raises(UserError, match=r"unknown config key sft\.optim\.learning_rat.*did you mean sft\.optim\.learning_rate"):
        load_config("tiny", ["sft.optim.learning_rat=1"])


@pytest.mark.parametrize("override, message", [
    ("sft.optim.max_steps=ten", r"sft\.optim\.max_steps: expected int"),
    ("sft.packing=3", r"sft\.packing: expected bool"),
    ("sft.optim=5", r"sft\.optim: expected a section"),
    ("nonsense", r"not of the form"),
])
def test_wrong_types_name_the_key(override, message):
    with pytest.raises(UserError, match=message):
        load_config("tiny", [override])


def test_unknown_preset_lists_the_packaged_ones():
    with pytest.raises(UserError, match="unknown preset 'nope'.*quick-cpu"):
        load_config("nope")


def test_every_field_is_documented():
    undocumented = [key for key, _, doc in describe() if not doc]
    assert undocumented == []
