"""Two CPU processes started by DeepSpeed's own launcher: SFT under ZeRO-3 gives the same losses and weights as
one process seeing the same global batches (micro-batch 2 x 2 ranks vs micro-batch 2 x 2 accumulation steps);
one PPO update on the same rollout batch gives the actor, critic and logged metrics of one process; GRPO under
ZeRO-2 runs its steps with a sandbox per process and checkpoints a world of two."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from sft_fixtures import tiny_config, write_pairs

from codegen_rlhf import sft
from codegen_rlhf.config import load_config
from codegen_rlhf.models import load_causal_lm
from codegen_rlhf.rl import trainer
from codegen_rlhf.tracking import read_metrics

STEPS = 4
COMMON = ["deepspeed.config=zero3", f"sft.optim.max_steps={STEPS}", "sft.optim.micro_batch_size=2",
          "sft.optim.save_every=100", "sft.optim.learning_rate=3e-3"]


@pytest.mark.slow
def test_two_process_zero3_matches_one_process(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    one, two = tmp_path / "one", tmp_path / "two"

    sft.run(tiny_config(data, one, *COMMON, "sft.optim.gradient_accumulation_steps=2"))

    overrides = [f"sft.data=[{data}]", f"output_dir={two}", "sft.max_seq_len=96", "sft.eval_fraction=0.1",
                 "sft.max_examples=0", *COMMON, "sft.optim.gradient_accumulation_steps=1"]
    result = launch_two("train", "sft", "--config", "tiny", *overrides)
    assert "2 process(es)" in result.stdout

    losses_one = [r["loss"] for r in read_metrics(one)]
    losses_two = [r["loss"] for r in read_metrics(two)]
    assert len(losses_one) == len(losses_two) == STEPS
    assert losses_two == pytest.approx(losses_one, rel=1e-4)
    assert losses_one[-1] < losses_one[0]  # the runs trained, so agreement is not two untouched models
    a, b = load_file(one / "final" / "model.safetensors"), load_file(two / "final" / "model.safetensors")
    assert a.keys() == b.keys()
    for key in a:
        torch.testing.assert_close(b[key], a[key], rtol=1e-4, atol=1e-5)


@pytest.mark.slow
def test_grpo_in_two_processes_checkpoints_a_world_of_two(tmp_path):
    out = tmp_path / "grpo"
    launch_two("train", "ppo", "--config", "tiny", "--algo", "grpo", f"output_dir={out}", "deepspeed.config=zero2",
               "ppo.optim.max_steps=2", "ppo.optim.save_every=2", "ppo.eval_problems=")
    assert [r["step"] for r in read_metrics(out)] == [1, 2]
    state = json.loads((out / "checkpoints" / "actor" / "step-00000002" / "trainer_state.json").read_text())
    assert state["world_size"] == 2
    assert (out / "final" / "config.json").is_file()


# One PPO update on a fixed global batch, so that one process and two can be compared (see the test's docstring).
PPO_UPDATE = ["ppo.algo=ppo", "ppo.eval_problems=", "ppo.samples_per_prompt=1", "ppo.temperature=0",
              "ppo.whiten_advantages=false", "ppo.kl_coef=0", "ppo.max_new_tokens=6", "ppo.optim.max_steps=1",
              "ppo.optim.micro_batch_size=2", "ppo.optim.learning_rate=0.5", "ppo.optim.weight_decay=0",
              "ppo.optim.max_grad_norm=0"]


@pytest.mark.slow
def test_ppo_update_in_two_processes_matches_one_process(tmp_path):
    """Four prompts per step: one process with micro-batches of 2 (2 accumulation steps), or two processes with 2
    prompts each (1 step each) under the launcher; the actor and critic must end with the same weights.

    What is legitimately different is taken out: each process samples its own prompts with its own seed, so
    rollouts are greedy (then they depend only on the prompt and the weights); the prompts come from the same
    slices of the same permutation (rank r takes the r-th half of the one-process run's prompts); advantages are
    not whitened (whitening, like reward normalization, uses per-process batch statistics, so with two processes
    each half is whitened on its own). The loss is a token mean per micro-batch, so the same tokens grouped
    differently weigh the same only when every response has the same length: asserted below, not assumed.
    The optimizer is plain SGD without clipping, so the weights move by exactly lr x the gradient: Adam's first
    step is about lr x sign(gradient), under which gradients summed over the processes instead of averaged, or
    scaled by a wrong accumulation factor, change only the coordinates whose gradient is near Adam's eps. The
    comparison is to a tight tolerance, not bitwise: micro-batch gradients are summed in a different order (and
    rows batched differently) than the all-reduce of two processes sums them. Checked by hand: the test fails
    with the all-reduce off (each process keeps its own gradient) and with the actor's gradients summed.

    The logged metrics are the global batch's too (the trainer averages them over processes); explained variance
    is left out, a ratio of variances that is not the mean of its per-process values."""
    prompts = tmp_path / "prompts.jsonl"
    # same-length prompts: no padding, so each row is computed alike in a batch of 2 and one of 4
    prompts.write_text("".join(json.dumps({"task_id": f"toy/{i}", "prompt": f"def f{i}():\n    return {i}  # ",
                                           "entry_point": f"f{i}", "split": "train",
                                           "test": f"def check(candidate):\n    assert candidate() == {i}\n"})
                               + "\n" for i in range(8)))
    sgd = tmp_path / "sgd.json"
    sgd.write_text(json.dumps({"train_micro_batch_size_per_gpu": "auto", "gradient_accumulation_steps": "auto",
                               "train_batch_size": "auto", "gradient_clipping": "auto", "bf16": {"enabled": "auto"},
                               "optimizer": {"type": "SGD", "params": {"lr": "auto", "weight_decay": "auto"}},
                               "zero_optimization": {"stage": 0}, "steps_per_print": 1000000000}))
    one, two = tmp_path / "one", tmp_path / "two"
    common = [*PPO_UPDATE, f"ppo.prompts={prompts}", f"deepspeed.config={sgd}"]
    trainer.run(load_config("tiny", [f"output_dir={one}", *common, "ppo.prompts_per_step=4", "ppo.mini_batch_size=4"]))
    launch_two("train", "ppo", "--config", "tiny", f"output_dir={two}", *common, "ppo.prompts_per_step=2",
               "ppo.mini_batch_size=2")

    (row_one,), (row_two,) = read_metrics(one), read_metrics(two)
    assert row_one["response_length"] == row_two["response_length"] == 6  # every response as long as allowed
    for key in ("loss", "value_loss", "entropy", "value_mean", "reward/total", "pass_rate"):
        assert row_two[key] == pytest.approx(row_one[key], rel=1e-5), key
    for name in ("actor", "critic"):
        a = load_file(one / "checkpoints" / name / "step-00000001" / "model" / "model.safetensors")
        b = load_file(two / "checkpoints" / name / "step-00000001" / "model" / "model.safetensors")
        assert a.keys() == b.keys()
        for key in a:
            torch.testing.assert_close(b[key], a[key], rtol=1e-5, atol=1e-6, msg=lambda m: f"{name} {key}: {m}")
        if name == "actor":  # the update is far larger than the tolerance: agreement is not two untouched models
            initial = load_causal_lm("tiny-random", "float32")[0].state_dict()
            assert max((a[key] - initial[key]).abs().max().item() for key in a) > 1e-3


def launch_two(*cli_args: str) -> subprocess.CompletedProcess:
    """`deepspeed --num_gpus 2 codegen-rlhf ...` on this CPU; fails the test when the run fails."""
    launcher = shutil.which("deepspeed", path=str(Path(sys.executable).parent))
    cli = shutil.which("codegen-rlhf", path=str(Path(sys.executable).parent))
    if launcher is None or cli is None:
        pytest.skip("the deepspeed launcher / codegen-rlhf script is not installed next to this interpreter")
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR",
                                                            "MASTER_PORT")}
    env["OMP_NUM_THREADS"] = "1"  # two processes on a small machine: no thread oversubscription
    result = subprocess.run([launcher, "--num_gpus", "2", "--master_port", str(_free_port()), cli, *cli_args],
                            env=env, capture_output=True, text=True, timeout=540)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
