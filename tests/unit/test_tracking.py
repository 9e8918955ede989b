"""Tracker: one flushed JSON line per log with its step; resume drops the steps a checkpoint does not cover;
only rank 0 writes."""

import json

from codegen_rlhf.tracking import METRICS_FILE, Tracker, read_metrics


def test_each_log_is_one_flushed_line_with_its_step(tmp_path):
    tracker = Tracker(tmp_path, total_steps=3, description="t")
    tracker.log(1, {"loss": 2.0}, tokens=100, seconds=0.5)
    # readable before close: a killed run keeps what it logged
    rows = [json.loads(line) for line in (tmp_path / METRICS_FILE).read_text().splitlines()]
    assert rows == [{"step": 1, "time": rows[0]["time"], "tokens_per_s": 200.0, "loss": 2.0}]
    tracker.log(2, {"loss": 1.5, "eval_loss": 1.7})
    tracker.close()
    assert [r["step"] for r in read_metrics(tmp_path)] == [1, 2]


def test_resume_truncates_after_the_checkpoint_and_fresh_runs_start_over(tmp_path):
    with Tracker(tmp_path, total_steps=10) as tracker:
        for step in range(1, 9):
            tracker.log(step, {"loss": 1.0 / step})
    with Tracker(tmp_path, total_steps=10, start_step=6, resume=True) as tracker:
        tracker.log(7, {"loss": 0.1})
    assert [r["step"] for r in read_metrics(tmp_path)] == [1, 2, 3, 4, 5, 6, 7]
    with Tracker(tmp_path, total_steps=10) as tracker:
        tracker.log(1, {"loss": 3.0})
    assert [r["step"] for r in read_metrics(tmp_path)] == [1]


def test_other_ranks_write_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RANK", "1")
    with Tracker(tmp_path / "run", total_steps=2) as tracker:
        tracker.log(1, {"loss": 1.0})
    assert not (tmp_path / "run").exists()
