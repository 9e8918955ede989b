"""`train ... --plan`: the memory plan per stage comes from DeepSpeed's own estimators, for every preset, with
nothing loaded."""

import pytest
from deepspeed.runtime.zero.stage3 import estimate_zero3_model_states_mem_needs
from deepspeed.runtime.zero.stage_1_and_2 import estimate_zero2_model_states_mem_needs

from codegen_rlhf import models, plan
from codegen_rlhf.config import list_presets, load_config

# Mistral-7B-v0.3, counted by hand: 32 layers x 218,112,000 + embeddings and head 2 x 32768 x 4096 + final norm.
MISTRAL_7B_PARAMS = 7_248_023_552
LARGEST_LAYER = 32768 * 4096  # the embedding (and the head)
LORA_R16_ALL_LINEAR = 32 * 16 * (2 * (4096 + 4096) + 2 * (4096 + 1024) + 3 * (4096 + 14336))


def _sft_policy(preset):
    (row,) = plan.plan(load_config(preset), "sft")
    return row


def test_full_fine_tuning_on_8_gpus_is_deepspeeds_zero3_estimate():
    row = _sft_policy("mistral7b-full")
    assert row.params == row.trained == MISTRAL_7B_PARAMS
    cpu, gpu, _ = estimate_zero3_model_states_mem_needs(MISTRAL_7B_PARAMS, LARGEST_LAYER, num_gpus_per_node=8,
                                                        cpu_offload=False, cpu_offload_params=False, zero_init=False)
    assert (row.states_gpu, row.states_cpu, row.frozen_gpu) == (gpu, cpu, 0)


def test_offload_is_deepspeeds_zero3_estimate_with_both_offloads():
    row = _sft_policy("mistral7b-offload")
    cpu, gpu, _ = estimate_zero3_model_states_mem_needs(MISTRAL_7B_PARAMS, LARGEST_LAYER, num_gpus_per_node=1,
                                                        cpu_offload=True, cpu_offload_params=True, zero_init=False)
    assert (row.states_gpu, row.states_cpu) == (gpu, cpu)
    assert gpu < 2**30  # only the largest layer stays on the GPU


def test_lora_on_one_gpu_is_deepspeeds_zero2_estimate_for_the_adapters_plus_the_frozen_base():
    row = _sft_policy("mistral7b-lora")
    assert row.trained == LORA_R16_ALL_LINEAR and row.params == MISTRAL_7B_PARAMS + LORA_R16_ALL_LINEAR
    cpu, gpu = estimate_zero2_model_states_mem_needs(LORA_R16_ALL_LINEAR, num_gpus_per_node=1, cpu_offload=False)
    assert (row.states_gpu, row.states_cpu) == (gpu, cpu)
    assert row.frozen_gpu == MISTRAL_7B_PARAMS * 2  # the bf16 base, whole on the one GPU


def test_ppo_counts_what_the_presets_build():
    """LoRA: the reference is the actor with its adapters off (no row); full fine-tuning: a frozen copy per GPU."""
    lora = [row.role for row in plan.plan(load_config("mistral7b-lora"), "ppo")]
    assert lora == ["actor", "critic"]
    full = {row.role: row for row in plan.plan(load_config("mistral7b-full", ["ppo.w_rm=0.5"]), "ppo")}
    assert list(full) == ["actor", "critic", "reference", "reward model"]
    assert full["reference"].frozen_gpu == MISTRAL_7B_PARAMS * 2 and full["reference"].trained == 0
    grpo = [row.role for row in plan.plan(load_config("mistral7b-full", ["ppo.algo=grpo", "ppo.kl_coef=0"]), "ppo")]
    assert grpo == ["actor"]


def test_activations_shrink_with_gradient_checkpointing_and_grow_with_the_batch():
    def activations(*overrides):
        return _sft_policy_with("mistral7b-lora", overrides).activations

    base = activations()
    assert activations("model.gradient_checkpointing=false") > 5 * base
    assert activations("sft.optim.micro_batch_size=8") == 2 * base


def _sft_policy_with(preset, overrides):
    (row,) = plan.plan(load_config(preset, list(overrides)), "sft")
    return row


@pytest.mark.parametrize("preset", list_presets())
def test_every_preset_prints_a_plan_for_the_whole_chain_without_loading_weights(preset, run_cli, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("--plan loaded weights")

    for name in ("load_causal_lm", "load_sequence_classifier", "random_model", "convert_gguf"):
        monkeypatch.setattr(models, name, refuse)
    code, out, err = run_cli("train", "all", "--config", preset, "--plan")
    assert code == 0, err
    assert f"--config {preset}" in out
    stages = [line.split()[0] for line in out.splitlines()[5:]]
    assert {"sft", "rm", "ppo"} <= set(stages)


@pytest.mark.parametrize("command,roles", [("sft", ["policy"]), ("rm", ["reward model"]), ("ppo", ["actor", "critic"])])
def test_each_train_command_plans_its_own_stage(command, roles, run_cli):
    code, out, _ = run_cli("train", command, "--config", "mistral7b-lora", "--plan")
    assert code == 0
    rows = [line[6:20].strip() for line in out.splitlines() if line.startswith(command)]
    assert [role for role in rows if role != "(together)"] == roles
