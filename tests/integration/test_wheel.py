"""The project as a user installs it: built into a wheel, installed without -e into a fresh venv, and
`codegen-rlhf train all --config tiny` run from an unrelated directory. Everything the chain reads (presets,
DeepSpeed configs, the task suite, the demonstration rankings, the sandbox's own modules) must come from the
installed package, not from a checkout."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def build_wheel(tmp_path: Path) -> Path:
    # From a copy of what the wheel is made of, so the checkout gets no build/ or egg-info from a test run.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "codegen_rlhf", src / "codegen_rlhf", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", tmp_path / "dist", src)
    [wheel] = (tmp_path / "dist").glob("codegen_rlhf-*.whl")
    return wheel


def venv_with(wheel: Path, venv: Path) -> Path:
    """A fresh venv whose only own package is the wheel; the heavy dependencies (torch, DeepSpeed, ...) are this
    environment's, reached through a .pth file instead of a second multi-GB install. A path line in a .pth
    file adds the directory to sys.path without running the .pth files inside it, so this environment's
    editable codegen_rlhf (an import hook that one of those .pth files installs) stays out of the venv."""
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site / "dependencies.pth").write_text("".join(f"{path}\n" for path in ours))
    # pip is the one from the dependencies; --ignore-installed: the editable install's metadata is visible
    # there too, and must neither satisfy the requirement nor be uninstalled.
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel)
    return site


def test_train_all_runs_from_the_installed_wheel(tmp_path):
    wheel = build_wheel(tmp_path)
    site = venv_with(wheel, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}

    where = run(tmp_path / "venv" / "bin" / "python", "-c", "import codegen_rlhf; print(codegen_rlhf.__file__)",
                cwd=elsewhere, env=env).stdout.strip()
    assert Path(where).is_relative_to(site), f"codegen_rlhf imported from {where}, not from the wheel"

    done = subprocess.run([tmp_path / "venv" / "bin" / "codegen-rlhf", "train", "all", "--config", "tiny",
                           "output_dir=run"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    out = elsewhere / "run"
    assert "| ppo |" in (out / "report.md").read_text()

    # The data each stage read came from the installed package: PPO's prompts (ppo.prompts=train) are tasks of
    # the wheel's train split, the reward model was scored on the demonstration rankings (rm.data=demo), and
    # the held-out evaluation had its 3 problems, every program executed in the sandbox.
    installed = [json.loads(line) for f in (site / "codegen_rlhf" / "data" / "tasks").glob("*.jsonl")
                 for line in f.read_text().splitlines()]
    train_ids = {t["task_id"] for t in installed if t["split"] == "train"}
    shipped = [line for f in (REPO / "codegen_rlhf" / "data" / "tasks").glob("*.jsonl")
               for line in f.read_text().splitlines()]
    assert len(installed) == len(shipped) >= 374 and len(train_ids) >= 303
    samples = [json.loads(line) for line in (out / "ppo" / "samples.jsonl").read_text().splitlines()]
    assert samples and all(s["task_id"] in train_ids and s["status"] for s in samples if s["kind"] == "train")
    rm_eval = json.loads((out / "rm" / "metrics.jsonl").read_text().splitlines()[0])
    assert rm_eval["eval_human_pairs"] > 0
    assert json.loads((out / "eval" / "ppo" / "heldout" / "summary.json").read_text())["total"] == 3
