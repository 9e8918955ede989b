"""Mistral-7B-v0.3 at full width on the CPU: `mistral-7b-random:layers=2` (hidden 4096, FFN 14336, 32 heads, 8 KV
heads, ~0.7B parameters) with the real tokenizer, through the real SFT, RM and PPO stages under DeepSpeed ZeRO-3
and ZeRO-3 with the optimizer and parameters offloaded to CPU, LoRA as in the mistral7b-lora preset, bf16 where
the CPU has it. Only the GPU is missing: everything else is what a 7B run does, two layers deep.

Kept short for the suite: 64-token sequences, one or two steps per stage, and one random build of the causal LM
for the whole module (each stage gets its own deep copy: the same weights that stage would have built). Peak
memory stays near 8 GB: the reward model and critic are built when needed, not kept."""

import copy
import json

import pytest
import torch
from peft import PeftModel
from rm_synthetic import write_synthetic
from safetensors.torch import load_file
from sft_fixtures import write_pairs
from transformers import AutoTokenizer

from codegen_rlhf import models, reward_model, sft
from codegen_rlhf.config import load_config
from codegen_rlhf.generation import Generator
from codegen_rlhf.rl import trainer
from codegen_rlhf.tracking import read_metrics

pytestmark = pytest.mark.slow

SPEC = "mistral-7b-random:layers=2"
BF16 = torch.ops.mkldnn._is_mkldnn_bf16_supported()
DTYPE = "bfloat16" if BF16 else "float32"
ZERO3_CONFIGS = ["zero3", "zero3_offload"]


@pytest.fixture(scope="module", autouse=True)
def one_causal_lm_build():
    """Building the 0.7B causal LM takes seconds; a deep copy of the first build takes a fraction of that."""
    built = {}
    real = models.random_model

    def cached(spec=models.TINY_RANDOM, dtype=None, seed=0, num_labels=None):
        if num_labels is not None or dtype != getattr(torch, DTYPE):  # built when needed, not kept in memory
            return real(spec, dtype, seed, num_labels)
        key = (spec, dtype, seed)
        if key not in built:
            built[key] = real(spec, dtype, seed, num_labels)
        return copy.deepcopy(built[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(models, "random_model", cached)
        yield


def lora_preset(ds_config, out, *overrides):
    """mistral7b-lora's model, LoRA and optimizer settings on the 2-layer model, at test length."""
    return load_config("mistral7b-lora", [
        f"model.name={SPEC}", f"model.dtype={DTYPE}", f"deepspeed.config={ds_config}",
        f"deepspeed.bf16={str(BF16).lower()}", f"output_dir={out}", *overrides])


def assert_tokenizer_saved(directory):
    saved = AutoTokenizer.from_pretrained(directory)
    text = "def f(x):\n\treturn x  # ünï\n"
    assert saved(text).input_ids == models.load_tokenizer(SPEC)(text).input_ids


# ---------------------------------------------------------------------------------------------- generation


def test_greedy_generation_through_our_decode_loop_equals_hf_generate():
    """In fp32, so the comparison does not hinge on bf16 rounding; first in the module, before the cache fills."""
    model, tokenizer = models.load_causal_lm(SPEC, dtype="float32")
    prompts = ["def add(a, b):\n", "def f(x):\n\t'''Return x squared — ünï.'''\n", "class Stack:\n    def push(self"]
    ours = Generator(model, tokenizer).generate(prompts, max_new_tokens=8, batch_size=2, progress=False)
    reference = Generator(model, tokenizer, backend="hf").generate(prompts, max_new_tokens=8, batch_size=3,
                                                                   progress=False)
    assert Generator(model, tokenizer).format.name == "chat"  # the v3 chat template is what prompts go through
    for a, b in zip(ours, reference):
        assert a[0].response_ids.tolist() == b[0].response_ids.tolist() and len(a[0].response_ids) == 8


# ---------------------------------------------------------------------------------------------- SFT


@pytest.fixture(scope="module", params=ZERO3_CONFIGS)
def sft_run(request, tmp_path_factory):
    """One SFT step with a checkpoint, then a resumed second step."""
    tmp = tmp_path_factory.mktemp(f"sft-{request.param}")
    data = write_pairs(tmp / "pairs.jsonl", n=16)
    settings = [f"sft.data=[{data}]", "sft.max_seq_len=64", "sft.packing=false", "sft.eval_fraction=0.25",
                "sft.optim.micro_batch_size=2", "sft.optim.gradient_accumulation_steps=1", "sft.optim.max_steps=2",
                "sft.optim.save_every=1", "sft.optim.eval_every=0", "sft.optim.log_every=1",
                "sft.optim.warmup_steps=0"]
    out = tmp / "run"
    sft.run(lora_preset(request.param, out, *settings, "max_steps=1"))
    first = (out / "final" / "adapter_model.safetensors").read_bytes()
    sft.run(lora_preset(request.param, out, *settings), resume=True)
    return request.param, out, first


def test_sft_step_checkpoints_and_resumes(sft_run):
    ds_config, out, first = sft_run
    rows = [row for row in read_metrics(out) if "loss" in row]
    assert [row["step"] for row in rows] == [1, 2]
    assert all(0 < row["loss"] < 20 for row in rows)  # ~ln(32768) = 10.4 for random weights
    assert json.loads((out / "final" / "sft_complete.json").read_text())["step"] == 2
    assert (out / "checkpoints" / "step-00000002" / "trainer_state.json").is_file()
    assert (out / "config.yaml").read_text().count(f"config: {ds_config}\n") == 1
    second = load_file(out / "final" / "adapter_model.safetensors")
    assert any("lora_B" in key and second[key].abs().max() > 0 for key in second)  # the adapter was trained
    assert (out / "final" / "adapter_model.safetensors").read_bytes() != first  # and step 2 moved it again
    assert_tokenizer_saved(out / "final")


def test_the_exported_adapter_loads_with_peft_onto_the_same_base(sft_run):
    _, out, _ = sft_run
    base = models.random_model(SPEC, getattr(torch, DTYPE)).eval()
    tokens = models.load_tokenizer(SPEC)("def add(a, b):\n    return a + b\n", return_tensors="pt")
    with torch.no_grad():
        before = base(**tokens).logits
        peft_model = PeftModel.from_pretrained(base, out / "final").eval()
        after = peft_model(**tokens).logits
    saved = load_file(out / "final" / "adapter_model.safetensors")
    loaded = {k: v for k, v in peft_model.state_dict().items() if "lora_" in k}
    assert len(loaded) == len(saved) == 2 * 7 * 2  # A and B of the 7 linear layers of 2 decoder layers
    for key, value in saved.items():
        assert torch.equal(loaded[key.replace(".weight", ".default.weight")], value)
    assert not torch.equal(before, after)


# ---------------------------------------------------------------------------------------------- RM and PPO


@pytest.mark.parametrize("ds_config", ZERO3_CONFIGS)
def test_reward_model_step(ds_config, tmp_path):
    data = write_synthetic(tmp_path / "rankings.jsonl", 5)
    out = reward_model.run(lora_preset(ds_config, tmp_path / "rm", f"rm.data={data}", "rm.max_seq_len=48",
                          "rm.optim.micro_batch_size=1", "rm.optim.gradient_accumulation_steps=1",
                          "rm.optim.max_steps=1", "rm.optim.eval_every=1", "rm.optim.save_every=1",
                          "rm.optim.warmup_steps=0"))
    rows = read_metrics(out)
    assert [row["step"] for row in rows if "loss" in row] == [1]
    assert all(torch.isfinite(torch.tensor(row["loss"])) for row in rows if "loss" in row)
    assert (out / "checkpoints" / "step-00000001" / "trainer_state.json").is_file()
    assert_tokenizer_saved(out / "model")


@pytest.mark.parametrize("ds_config", ZERO3_CONFIGS)
def test_ppo_step_with_the_presets_critic_and_reference(ds_config, tmp_path):
    """mistral7b-lora's PPO: a separate LoRA critic, the KL term on against the actor's base with its adapters off."""
    cfg = lora_preset(ds_config, tmp_path / "ppo", "ppo.optim.max_steps=1", "ppo.prompts_per_step=2",
                      "ppo.samples_per_prompt=1", "ppo.mini_batch_size=2", "ppo.optim.micro_batch_size=1",
                      "ppo.max_new_tokens=8", "ppo.ppo_epochs=1", "ppo.eval_problems=", "ppo.sandbox_workers=1",
                      "ppo.optim.save_every=1")
    assert (cfg.ppo.algo, cfg.ppo.critic, cfg.ppo.kl_coef > 0) == ("ppo", "separate", True)
    out = trainer.run(cfg)
    (row,) = read_metrics(out)
    assert row["step"] == 1
    for key in ("reward/total", "kl", "value_loss", "entropy"):
        assert torch.isfinite(torch.tensor(row[key])), key
    for eng in ("actor", "critic"):
        checkpoint = out / "checkpoints" / eng / "step-00000001"
        assert (checkpoint / "trainer_state.json").is_file()
        # ZeRO-3 shards the adapters: the checkpoint's adapter must hold whole, gathered tensors
        adapter = load_file(checkpoint / "model" / "adapter_model.safetensors")
        lora_a = [v for k, v in adapter.items() if "lora_A" in k]
        assert lora_a and all(v.shape in ((16, 4096), (16, 14336)) for v in lora_a)
    assert_tokenizer_saved(out / "final")
