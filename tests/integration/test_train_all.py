"""`codegen-rlhf train all --config tiny` end to end through the CLI: every stage runs for real (DeepSpeed on
CPU, the process sandbox, the shipped task suite and demonstration rankings) on a tiny random policy."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen_rlhf.pipeline import DONE_FILE, STAGES
from codegen_rlhf.tracking import read_metrics

CLI = [sys.executable, "-m", "codegen_rlhf.cli"]
pytestmark = pytest.mark.slow


def train_all(out: Path, *extra: str, **kwargs):
    return subprocess.run([*CLI, "train", "all", "--config", "tiny", f"output_dir={out}", *extra],
                          capture_output=True, text=True, timeout=600, **kwargs)


def test_whole_chain_writes_a_report_comparing_base_sft_and_ppo(tmp_path):
    out = tmp_path / "run"
    done = train_all(out)
    assert done.returncode == 0, done.stderr[-3000:]

    for stage in STAGES:
        assert (out / stage / DONE_FILE).is_file(), stage
    report = (out / "report.md").read_text()
    for policy in ("| base |", "| sft |", "| ppo |"):
        assert policy in report
    assert "heldout pass@1" in report and "humaneval pass@1" in report
    assert (out / "report.png").stat().st_size > 1000
    summary = json.loads((out / "eval" / "ppo" / "heldout" / "summary.json").read_text())
    assert summary["total"] == 3
    # PPO was rewarded by the chain's own reward model as well as by the sandbox
    assert all("reward/rm" in row for row in read_metrics(out / "ppo"))

    # A finished run is not redone: every stage is skipped and the report stays as it was.
    started = time.time()
    again = train_all(out)
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.stderr.count("complete, skipped") == len(STAGES)
    assert (out / "report.md").read_text() == report
    assert time.time() - started < 60


def test_a_killed_chain_resumes_where_it_stopped(tmp_path):
    out = tmp_path / "run"
    process = subprocess.Popen([*CLI, "train", "all", "--config", "tiny", f"output_dir={out}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while not (out / "sft" / DONE_FILE).is_file():
        assert process.poll() is None and time.time() < deadline, "train all stopped before SFT finished"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    sft_marker = (out / "sft" / DONE_FILE).read_text()

    resumed = train_all(out)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "stage sft: complete, skipped" in resumed.stderr
    assert (out / "sft" / DONE_FILE).read_text() == sft_marker
    assert "| ppo |" in (out / "report.md").read_text()


def test_bad_override_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "run"
    bad = train_all(out, "ppo.no_such_key=1")
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: unknown config key ppo.no_such_key")
    assert not out.exists()
