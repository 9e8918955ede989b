"""The scoring path of `eval run` (samples.jsonl -> sandbox -> summary): HumanEval canonical solutions score
pass@1 = 1.0 both as raw completions and in the chat convention ("\\n" + the whole function, redefining the
prompt's docstring-only function); deliberately wrong ones score 0.0 with the right statuses."""

import pytest

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.evaluation import report
from codegen_rlhf.evaluation.benchmark import score
from codegen_rlhf.generation import ChatFormat
from codegen_rlhf.jsonl import write_jsonl

TASKS = 30  # the first 30 HumanEval problems: several helpers-before-entry-point prompts among them


@pytest.fixture(scope="module")
def problems():
    return dict(list(load_problems("humaneval").items())[:TASKS])


def scored(tmp_path, problems, completion_of) -> dict:
    rows = [{"task_id": t, "completion": completion_of(p)} for t, p in problems.items()]
    write_jsonl(tmp_path / "samples.jsonl", rows)
    config = {"k": [1], "sandbox_backend": "process", "timeout_s": None, "workers": 2}
    results = score(tmp_path / "samples.jsonl", "humaneval", tmp_path / "results.jsonl", config)
    return report.summarize(results, [1], model="fixture", adapter=None, benchmark="humaneval", prompt_format="raw",
                            config=config, generation={}, finish_reasons=[], timings={}, out_dir=str(tmp_path))


def test_canonical_raw_completions_pass(tmp_path, problems):
    summary = scored(tmp_path, problems, lambda p: p["canonical_solution"])
    assert summary["pass_at_k"]["pass@1"] == {"value": 1.0, "ci95": [1.0, 1.0]}
    assert summary["status_counts"]["passed"] == TASKS


def test_canonical_whole_functions_in_the_chat_convention_pass(tmp_path, problems):
    # What ChatFormat.completion makes of a reply that repeats the whole function in a code block.
    reply = lambda p: f"Sure:\n```python\n{p['prompt']}{p['canonical_solution']}```\nDone."  # noqa: E731
    summary = scored(tmp_path, problems, lambda p: ChatFormat().completion(reply(p)))
    assert summary["pass_at_k"]["pass@1"]["value"] == 1.0


def test_wrong_completions_fail_with_their_status(tmp_path, problems):
    wrong = {0: "    return None\n", 1: "    return (\n", 2: "    raise RuntimeError('no')\n"}
    summary = scored(tmp_path, problems, lambda p: wrong[int(p["task_id"].split("/")[1]) % 3])
    assert summary["pass_at_k"]["pass@1"]["value"] == 0.0
    counts = summary["status_counts"]
    assert counts["passed"] == 0 and counts["syntax_error"] == TASKS // 3 and counts["error"] >= TASKS // 3
