"""`codegen-rlhf train sft` and `data sft-from-source` end to end through `main()` (in-process, so torch is
imported once): the tiny run writes config, metrics, checkpoints and the final model; every bad input exits 2
with one `error:` line and leaves nothing behind."""

import json

import pytest



def test_tiny_run_writes_config_metrics_checkpoint_and_final_model(tmp_path, run_cli):
    out = tmp_path / "run"
    code, stdout, err = run_cli("train", "sft", "--config", "tiny", f"output_dir={out}",
                                "max_steps=3")
    assert code == 0, err
    assert (out / "config.yaml").is_file()
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [1, 2, 3] and all("loss" in r and "tokens_per_s" in r for r in rows)
    assert (out / "checkpoints" / "step-00000003" / "trainer_state.json").is_file()
    assert json.loads((out / "final" / "sft_complete.json").read_text())["step"] == 3
    assert "sft: model written to" in stdout


def _pairs(tmp_path, text):
    path = tmp_path / "pairs.jsonl"
    path.write_text(text)
    return path


GOOD_LINE = json.dumps({"description": "Return x plus one.", "code": "def f(x):\n    return x + 1\n"}) + "\n"


@pytest.mark.parametrize("make_args, message", [
    (lambda p: ["sft.data=[/nonexistent/pairs.jsonl]"], "SFT data /nonexistent/pairs.jsonl: no such file"),
    (lambda p: [f"sft.data=[{_pairs(p, GOOD_LINE)}]", "sft.prompt_column=text"],
     "no column 'text'; available columns: description, code"),
    (lambda p: [f"sft.data=[{_pairs(p, GOOD_LINE + GOOD_LINE + '{oops}' + chr(10))}]"], "pairs.jsonl:3: malformed JSON"),
    (lambda p: ["model.name=not-a-model"], "unknown model 'not-a-model'"),
    (lambda p: ["sft.optim.lr=1"], "unknown config key sft.optim.lr"),
    (lambda p: ["sft.optim.max_steps=many"], "sft.optim.max_steps: expected int"),
    (lambda p: ["deepspeed.config=zero9"], "unknown DeepSpeed config 'zero9'"),
    (lambda p: ["sft.template=poem"], "sft.template must be instruction or docstring"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, run_cli, make_args, message):
    out = tmp_path / "run"
    code, _, err = run_cli("train", "sft", "--config", "tiny", f"output_dir={out}",
                           *make_args(tmp_path))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], err
    assert not out.exists()


def test_unknown_preset_and_resume_without_checkpoint(tmp_path, run_cli):
    code, _, err = run_cli("train", "sft", "--config", "nope")
    assert code == 2 and err.startswith("error: unknown preset 'nope'")
    code, _, err = run_cli("train", "sft", "--config", "tiny", "--resume",
                           f"output_dir={tmp_path / 'run'}")
    assert code == 2 and "no complete checkpoint" in err
    assert not (tmp_path / "run").exists()


def test_sft_from_source_mines_a_tree_and_reports_counts(tmp_path, run_cli):
    tree = tmp_path / "src"
    (tree / "tests").mkdir(parents=True)
    (tree / "lib.py").write_text(
        'def clamp(value, low, high):\n    """Limit value to the closed interval from low to high."""\n'
        "    value = min(high, value)\n    return max(low, value)\n\n"
        'def _hidden(x):\n    """A private helper that is long enough to pass."""\n    y = x\n    return y\n\n'
        # HumanEval/0's docstring: must be dropped so SFT never trains on the benchmark's text
        'def close(numbers, threshold):\n    """Check if in given list of numbers, are any two numbers closer to '
        'each other than\n    given threshold."""\n    n = len(numbers)\n    return n > threshold\n'
    )
    (tree / "tests" / "test_lib.py").write_text(
        'def helper(x):\n    """A helper inside a test directory, skipped."""\n    y = x\n    return y\n')
    out = tmp_path / "pairs.jsonl"
    code, stdout, err = run_cli("data", "sft-from-source", str(tree), "--out", str(out))
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"] for r in rows] == ["lib.py:1"]
    assert rows[0]["code"] == "def clamp(value, low, high):\n    value = min(high, value)\n    return max(low, value)\n"
    assert stdout.startswith("1 pairs ->") and "private 1" in stdout and "humaneval overlap 1" in stdout

    code, _, err = run_cli("data", "sft-from-source", str(tmp_path / "missing"),
                           "--out", str(tmp_path / "x.jsonl"))
    assert code == 2 and "no such file or directory" in err and not (tmp_path / "x.jsonl").exists()
