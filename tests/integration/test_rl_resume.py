"""An RL run killed after its step-2 checkpoint and resumed with `--resume` ends exactly where an uninterrupted
4-step run ends: the same actor, critic and value-head weights, and the same loss, reward and KL at steps 3 and 4.

The kill is simulated as in the reward model's resume test: a copy of the uninterrupted run loses everything
written after step 2 (later checkpoints, the exported policy); metrics and samples of steps 3-4 stay behind for
the resumed run to drop. Copying is exact: up to step 2 the two runs would be the same computation in the same
process. (Capping the run with the top-level `max_steps` would not do: PPO's LR schedule spans the steps that
run, as the reward model's does.)

What each variant has to restore beyond weights, optimizer and LR scheduler: the shuffle of minibatches (two
epochs), the adaptive KL controller and the reward moments (ppo); the per-prompt pass rates that weight dynamic
sampling's draws (grpo, with two of the eight toy prompts decided whatever the policy writes, so their groups are
replaced). Leaving any one of these out of the restore fails its variant (checked by hand, one at a time); leaving
out the global RNG does not, since nothing draws from it (sampling has its own seeded generator, dropout is off).
The bandit of test_rl_learning.py makes steps cheap; the learning rate is high so that every step moves the
weights. Everything runs on CPU in one thread: equality is exact (torch.equal), not approximate.
"""

import json
import shutil

import pytest
import torch
from safetensors.torch import load_file

from codegen_rlhf.config import load_config
from codegen_rlhf.rl import trainer
from codegen_rlhf.tracking import read_metrics

pytestmark = pytest.mark.slow

STEPS, KILLED_AFTER = 4, 2
COMPARED = ("loss", "reward/total", "reward/scaled", "kl", "kl_coef", "value_loss", "entropy", "approx_kl",
            "groups/informative_share", "groups/resampled", "lr")

VARIANTS = {
    "ppo, separate critic, adaptive KL, normalized rewards, two epochs": [
        "ppo.algo=ppo", "ppo.adaptive_kl=true", "ppo.kl_coef=0.05", "ppo.kl_target=0.01", "ppo.kl_horizon=16",
        "ppo.normalize_rewards=true", "ppo.ppo_epochs=2"],
    "ppo, value head on the actor": ["ppo.algo=ppo", "ppo.critic=shared", "ppo.kl_coef=0.05"],
    "grpo, dynamic sampling": ["ppo.algo=grpo", 'ppo.reward_functions={"user_rewards:half_the_prompts_decided": 1.0}',
                               "ppo.max_resample_rounds=2", "ppo.prompts_per_step=4"],
}


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def toy_prompts(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "toy.jsonl"
    # The completion lands in a comment: it passes unless it breaks the line (a newline, a null byte), which
    # 24 random bytes do about a quarter of the time, so the running pass rates sit strictly between 0 and 1
    # and weight dynamic sampling's draws unevenly (at 0 or 1 every weight is the same, restored or not).
    path.write_text("".join(json.dumps({"task_id": f"toy/{i}", "prompt": f"def f{i}():\n    return 1  # ",
                                        "entry_point": f"f{i}", "split": "train",
                                        "test": "def check(candidate):\n    assert candidate() == 1\n"}) + "\n"
                            for i in range(8)))
    return path


def config(out, toy_prompts, overrides):
    return load_config("tiny", [
        f"output_dir={out}", f"ppo.prompts={toy_prompts}", "ppo.eval_problems=", "ppo.w_exec=0",
        'ppo.reward_functions={"user_rewards:even_first_character": 1.0}', "ppo.prompts_per_step=2",
        "ppo.samples_per_prompt=4", "ppo.mini_batch_size=4", "ppo.optim.micro_batch_size=2", "ppo.max_new_tokens=24",
        "ppo.optim.learning_rate=0.02", "ppo.optim.warmup_steps=2", f"ppo.optim.max_steps={STEPS}",
        f"ppo.optim.save_every={KILLED_AFTER}", "ppo.optim.keep_last=10", *overrides])


def weights(run_dir, step) -> dict[str, torch.Tensor]:
    """Every trained tensor of the step's checkpoints: actor, critic and value head, by engine and name."""
    found = {}
    for engine_dir in sorted((run_dir / "checkpoints").iterdir()):
        model = engine_dir / f"step-{step:08d}" / "model"
        found.update({f"{engine_dir.name}/{k}": v for k, v in load_file(model / "model.safetensors").items()})
        if (model / "value_head.pt").is_file():
            head = torch.load(model / "value_head.pt")
            found.update({f"{engine_dir.name}/value_head.{k}": v for k, v in head.items()})
    return found


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_resumed_run_ends_like_an_uninterrupted_one(tmp_path, toy_prompts, variant):
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    trainer.run(config(whole, toy_prompts, VARIANTS[variant]))

    shutil.copytree(whole, killed)
    for engine_dir in (killed / "checkpoints").iterdir():
        for later in range(KILLED_AFTER + 1, STEPS + 1):
            shutil.rmtree(engine_dir / f"step-{later:08d}", ignore_errors=True)
    shutil.rmtree(killed / "final")
    assert trainer.latest_step(killed) == KILLED_AFTER
    trainer.run(config(killed, toy_prompts, VARIANTS[variant]), resume=True)

    a, b = weights(whole, STEPS), weights(killed, STEPS)
    engines = {key.split("/")[0] for key in a}
    assert engines == ({"actor"} if "grpo" in variant else {"actor", "critic"} if "separate" in variant else {"actor"})
    assert "value head" not in variant or "actor/value_head.linear.weight" in a
    assert a.keys() == b.keys()
    differ = [key for key in a if not torch.equal(a[key], b[key])]
    assert not differ, f"{variant}: {len(differ)} of {len(a)} tensors differ, e.g. {differ[:3]}"
    before = weights(whole, KILLED_AFTER)
    assert any(not torch.equal(before[key], a[key]) for key in a)  # steps 3-4 moved the weights

    rows_whole, rows_killed = read_metrics(whole), read_metrics(killed)
    assert [r["step"] for r in rows_killed] == list(range(1, STEPS + 1))
    for x, y in zip(rows_whole[KILLED_AFTER:], rows_killed[KILLED_AFTER:]):
        compared = {key: x[key] for key in COMPARED if key in x}
        assert {key: y.get(key) for key in compared} == compared, f"{variant}, step {x['step']}"
    assert "kl" in rows_whole[-1] and ("critic" not in engines or "value_loss" in rows_whole[-1])
    if "dynamic" in variant:
        assert sum(r["groups/resampled"] for r in rows_whole[KILLED_AFTER:]) > 0
