"""SFT through the real DeepSpeed engine on CPU: a run interrupted at step 6 and resumed to step 10 ends with
the weights of an uninterrupted 10-step run; metrics are not duplicated; the final model is marked complete."""

import json

import pytest
import torch
from safetensors.torch import load_file

from codegen_rlhf import sft
from codegen_rlhf.errors import UserError
from codegen_rlhf.tracking import read_metrics
from sft_fixtures import tiny_config, write_pairs

# LoRA with dropout: the resumed run must also restore the RNG to reproduce the dropout masks.
RUN = ["sft.optim.max_steps=10", "sft.optim.save_every=3", "sft.optim.eval_every=5", "model.lora.enabled=true",
       "model.lora.r=4", "model.lora.dropout=0.1", "sft.optim.gradient_accumulation_steps=2",
       "sft.optim.micro_batch_size=3", "sft.optim.warmup_steps=2"]


def adapter(run_dir):
    return load_file(run_dir / "final" / "adapter_model.safetensors")


def test_interrupted_and_resumed_run_matches_the_uninterrupted_one(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    whole, split = tmp_path / "whole", tmp_path / "split"

    sft.run(tiny_config(data, whole, *RUN))
    sft.run(tiny_config(data, split, *RUN, "max_steps=6"))  # the "interruption": stop after step 6
    assert sorted(p.name for p in (split / "checkpoints").iterdir()) == ["step-00000003", "step-00000006"]
    assert json.loads((split / "final" / "sft_complete.json").read_text())["step"] == 6
    six = adapter(split)
    sft.run(tiny_config(data, split, *RUN), resume=True)

    a, b = adapter(whole), adapter(split)
    assert a.keys() == b.keys() and len(a) > 0
    for key in a:
        torch.testing.assert_close(b[key], a[key], rtol=1e-5, atol=1e-6)
    # the adapter moved after step 6: the comparison above is not between two untouched copies
    assert any(not torch.allclose(six[k], a[k]) for k in a)

    whole_rows = [r for r in read_metrics(whole) if "loss" in r]
    split_rows = [r for r in read_metrics(split) if "loss" in r]
    assert [r["step"] for r in split_rows] == list(range(1, 11))
    for x, y in zip(whole_rows, split_rows):
        assert x["step"] == y["step"]
        assert x["loss"] == pytest.approx(y["loss"], rel=1e-5)
    assert "eval_loss" in whole_rows[-1]
    assert json.loads((split / "final" / "sft_complete.json").read_text())["step"] == 10
    assert sft.completed(split)


def test_existing_run_needs_resume_and_resume_needs_a_checkpoint(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    out = tmp_path / "run"
    with pytest.raises(UserError, match="no complete checkpoint"):
        sft.run(tiny_config(data, out, "sft.optim.max_steps=2"), resume=True)
    assert not out.exists()
    sft.run(tiny_config(data, out, "sft.optim.max_steps=2"))
    with pytest.raises(UserError, match="already holds an SFT run"):
        sft.run(tiny_config(data, out, "sft.optim.max_steps=2"))


def test_loss_falls_on_a_learnable_set(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    out = tmp_path / "run"
    sft.run(tiny_config(data, out, "sft.optim.max_steps=12", "sft.optim.learning_rate=3e-3", "sft.optim.save_every=100"))
    losses = [r["loss"] for r in read_metrics(out) if "loss" in r]
    assert len(losses) == 12
    assert sum(losses[-3:]) / 3 < 0.8 * sum(losses[:3]) / 3
    # full fine-tuning (the tiny preset's default) exports the whole model in save_pretrained layout
    assert (out / "final" / "model.safetensors").is_file() and (out / "final" / "config.json").is_file()
    assert (out / "config.yaml").is_file()
