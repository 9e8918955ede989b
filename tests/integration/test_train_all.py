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

from codegen_rlhf.config import load_config
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.pipeline import DONE_FILE, STAGES
from codegen_rlhf.pipeline import _rankings as rankings_stage
from codegen_rlhf.rank.store import Store
from codegen_rlhf.tracking import read_metrics

CLI = [sys.executable, "-m", "codegen_rlhf.cli"]
pytestmark = pytest.mark.slow


def train_all(out: Path, *extra: str, **kwargs):
    return subprocess.run([*CLI, "train", "all", "--config", "tiny", f"output_dir={out}", *extra],
                          capture_output=True, text=True, timeout=600, **kwargs)


def test_whole_chain_writes_a_report_comparing_base_sft_and_ppo(tmp_path):
    out = tmp_path / "run"
    done = train_all(out, f"pipeline.rank_db={tmp_path / 'shared.db'}")
    assert done.returncode == 0, done.stderr[-3000:]

    for stage in STAGES:
        assert (out / stage / DONE_FILE).is_file(), stage
    report = (out / "report.md").read_text()
    for policy in ("| base |", "| sft |", "| ppo |"):
        assert policy in report
    assert "heldout pass@1" in report and "humaneval pass@1" in report
    for change in ("sft heldout - base heldout", "ppo heldout - sft heldout", "ppo humaneval - sft humaneval"):
        assert f"pass@1 paired difference {change}: " in report
    assert (out / "report.png").stat().st_size > 1000
    summary = json.loads((out / "eval" / "ppo" / "heldout" / "summary.json").read_text())
    assert summary["total"] == 3
    # PPO was rewarded by the chain's own reward model as well as by the sandbox
    assert all("reward/rm" in row for row in read_metrics(out / "ppo"))
    # ... which trained on the SFT policy's own candidates, ranked by the scripted annotator (no developer yet)
    rankings = json.loads((out / "rankings" / "rankings.json").read_text())
    assert rankings["ranked_by"] == {"developers": 0, "scripted": 4} and rankings["candidates_added"] > 0
    assert rankings["scripted_annotator"] == "auto:simulated-developer"
    rows = [json.loads(line) for line in (out / "rankings" / "kwise.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and all(len(r["completions"]) >= 2 and r["task_id"] in load_problems("train") for r in rows)
    assert "scripted annotator `auto:simulated-developer` (simulated, not a person) for 4" in report

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


def test_a_developers_ranking_made_between_two_runs_is_used_by_the_next(tmp_path):
    """Two chains share pipeline.rank_db; between them a developer ranks one prompt (a submission through the
    store, as the rank UI commits it). The next run's rankings stage takes that prompt's ranking from the
    developer and the others from the scripted annotator. The stage runs in-process on the first run's SFT."""
    shared = tmp_path / "shared.db"
    first = tmp_path / "first"
    overrides = [f"output_dir={first}", f"pipeline.rank_db={shared}", "sft.optim.max_steps=1"]
    done = train_all(first, *overrides[1:])
    assert done.returncode == 0, done.stderr[-3000:]
    with Store(shared) as store:
        developer = store.annotator("ada")
        prompt_id = store.next_item_id(developer)
        item = store.item(developer, prompt_id)
        levels = {c.id: i + 1 for i, c in enumerate(item.candidates)}
        store.submit(developer, prompt_id, {"overall": levels, "correctness": levels, "readability": levels},
                     seconds_spent=5.0)

    second = tmp_path / "second" / "rankings"
    rankings_stage(load_config("tiny", overrides), first, second)
    rankings = json.loads((second / "rankings.json").read_text())
    assert rankings["ranked_by"] == {"developers": 1, "scripted": 3}
    rows = [json.loads(line) for line in (second / "kwise.jsonl").read_text().splitlines()]
    by_ada = [r for r in rows if r["annotator"] == "ada"]
    assert len(by_ada) == 1 and by_ada[0]["prompt"] == item.prompt and sorted(by_ada[0]["ranks"]) == sorted(levels.values())
    assert not [r for r in rows if r["prompt"] == item.prompt and r["annotator"] != "ada"]
