"""Two CPU processes started by DeepSpeed's own launcher: SFT under ZeRO-3 gives the same losses and weights as
one process seeing the same global batches (micro-batch 2 x 2 ranks vs micro-batch 2 x 2 accumulation steps);
GRPO under ZeRO-2 runs its steps with a sandbox per process and checkpoints a world of two."""

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
