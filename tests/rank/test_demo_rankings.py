"""The shipped demonstration rankings (codegen_rlhf/data/demo_rankings/demo-kwise.jsonl): readable by the reward model's
loader, simulated by the scripted annotator, and consistent with the test outcomes stored with them."""

from codegen_rlhf.data.rankings import DEMO, load_rankings


def test_demo_rankings_load_and_put_passing_candidates_first():
    groups = load_rankings(DEMO)
    assert len(groups) == 60
    assert {g.annotator for g in groups} == {"auto:tests-then-style"}
    for group in groups:
        assert len(group.completions) == 4 and min(group.ranks) == 1
        passed = [e["passed"] for e in group.execution]
        assert any(passed), "every task keeps its canonical solution"
        worst_passing = max(r for r, p in zip(group.ranks, passed) if p)
        assert all(r > worst_passing for r, p in zip(group.ranks, passed) if not p)
