"""On a CUDA GPU: SFT in bf16 through ZeRO-2 with LoRA and packing trains and resumes (skipped on CPU-only
machines; the CPU tests cover the same code paths in fp32)."""

import pytest
import torch

from codegen_rlhf import sft
from codegen_rlhf.tracking import read_metrics
from sft_fixtures import tiny_config, write_pairs

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_bf16_zero2_lora_packed_sft_trains_and_resumes(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    run = ["deepspeed.config=zero2", "deepspeed.bf16=auto", "model.dtype=auto", "model.lora.enabled=true",
           "sft.packing=true", "sft.optim.max_steps=8", "sft.optim.learning_rate=3e-3", "sft.optim.save_every=4"]
    out = tmp_path / "run"
    sft.run(tiny_config(data, out, *run, "max_steps=4"))
    sft.run(tiny_config(data, out, *run), resume=True)
    losses = [r["loss"] for r in read_metrics(out) if "loss" in r]
    assert len(losses) == 8 and losses[-1] < losses[0]
    assert (out / "final" / "adapter_model.safetensors").is_file()
