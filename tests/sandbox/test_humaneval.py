"""Every HumanEval canonical solution passes on every backend, with each assert of `check` counted."""

from codegen_rlhf.data.problems import load_problems
from sandbox_pools import open_sandbox


def test_all_canonical_solutions_pass(backend):
    problems = load_problems("humaneval")
    with open_sandbox(backend, workers=2) as sandbox:
        results = list(sandbox.map((p, p["canonical_solution"]) for p in problems.values()))
    failures = [r for r in results if not r.passed]
    assert not failures, failures[:3]
    assert [r.task_id for r in results] == list(problems)  # streamed in input order
    assert all(r.tests_total >= 1 and r.tests_passed == r.tests_total for r in results)
    assert sum(r.tests_total for r in results) > 3 * len(results)  # asserts counted, not one per check
