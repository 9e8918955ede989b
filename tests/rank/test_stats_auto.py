"""`rank stats` figures on rankings with known answers, and the scripted `auto:tests-then-style` annotator."""

import pytest
from rankdb import FAILED, PASSED

from codegen_rlhf.rank import stats
from codegen_rlhf.rank.agreement import kendall_tau_b, krippendorff_alpha
from codegen_rlhf.rank.auto import (
    NOISE_SD,
    UNPARSABLE,
    annotate,
    correctness_key,
    dense_levels,
    developer_utility,
    readability_penalty,
    style_penalty,
)
from codegen_rlhf.rank.store import Store


def test_stats_on_known_rankings(tmp_path):
    with Store(tmp_path / "r.db") as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n")
        c = [store.add_candidate(pid, f"    return {j}\n", PASSED if j == 0 else FAILED)[0] for j in range(3)]
        q, _ = store.add_prompt("t/1", "def g(x):\n")
        d = [store.add_candidate(q, f"    return -{j}\n", PASSED if j < 2 else FAILED)[0] for j in range(2)]
        store.set_gold(pid, {c[0]: 1, c[1]: 2, c[2]: 3})
        alice, bob = store.annotator("alice"), store.annotator("bob")
        store.submit(alice, pid, {"overall": {c[0]: 1, c[1]: 2, c[2]: 3}}, 10.0)
        store.submit(bob, pid, {"overall": {c[0]: 2, c[1]: 1, c[2]: 2}}, 20.0)
        store.submit(alice, q, {"overall": {d[0]: 1, d[1]: 2}}, 30.0)
        store.skip(bob, q, "unsure")
        figures = stats.compute(store)

    assert figures["items"] == 2 and figures["gold_items"] == 1
    rows = {r["annotator"]: r for r in figures["annotators"]}
    assert rows["alice"] == {"annotator": "alice", "ranked": 2, "skipped": 0, "remaining": 0,
                             "total_seconds": 40.0, "median_seconds": 20.0}
    assert (rows["bob"]["ranked"], rows["bob"]["skipped"], rows["bob"]["remaining"]) == (1, 1, 0)

    overall = figures["agreement"]["overall"]
    # One shared item: alice (1, 2, 3) vs bob (2, 1, 2).
    assert overall["pairs"] == [{"a": "alice", "b": "bob", "items": 1,
                                 "kendall_tau_b": round(kendall_tau_b([1, 2, 3], [2, 1, 2]), 3)}]
    units = [[1, 2], [2, 1], [3, 2], [1], [2]]
    assert overall["alpha_all"] == round(krippendorff_alpha(units), 3)
    assert overall["alpha_humans"] == overall["alpha_all"]

    tests = {r["annotator"]: r for r in figures["tests"]}
    # Pairs with exactly one passing candidate: item t/0 (c0 vs c1, c0 vs c2); item t/1 has both passing.
    assert (tests["alice"]["agree"], tests["alice"]["disagree"], tests["alice"]["tied"]) == (2, 0, 0)
    assert (tests["bob"]["agree"], tests["bob"]["disagree"], tests["bob"]["tied"]) == (0, 1, 1)
    gold = {r["annotator"]: r for r in figures["gold"]}
    assert gold["alice"]["accuracy"] == 1.0
    assert gold["bob"]["accuracy"] == pytest.approx(round(1 / 3, 3))  # only c1 above c2 matches the gold


def test_correctness_order_and_dense_levels():
    keys = {
        "passed": correctness_key(PASSED),
        "failed": correctness_key(FAILED),
        "failed_more": correctness_key({**FAILED, "tests_passed": 2}),
        "error": correctness_key({**FAILED, "status": "error", "tests_passed": 0}),
        "timeout": correctness_key({**FAILED, "status": "timeout", "tests_passed": 0}),
        "syntax": correctness_key({**FAILED, "status": "syntax_error", "tests_passed": 0}),
        "none": correctness_key(None),
    }
    order = sorted(keys, key=keys.get)
    assert order[:3] == ["passed", "failed_more", "failed"] and order[-2:] == ["syntax", "none"]
    assert keys["error"] == keys["timeout"]
    assert dense_levels({1: 0.5, 2: 0.1, 3: 0.5, 4: 2.0}) == {1: 2, 2: 1, 3: 2, 4: 3}
    assert max(dense_levels({i: i for i in range(12)}).values()) == 9


CLEAN = "def f(xs):\n    return sorted(xs)\n"


@pytest.mark.parametrize("worse", [
    "def f(xs):\n    try:\n        return sorted(xs)\n    except:\n        return xs\n",      # bare except, branch
    "def f(xs):\n    return eval('sorted(xs)')\n",                                          # eval
    "def f(xs, seen=[]):\n    return sorted(xs)\n",                                         # mutable default
    "def f(xs):\n    if xs == None:\n        return []\n    return sorted(xs)\n",           # == None
    "def f(xs):\n    list = sorted(xs)\n    return list\n",                                 # shadows a builtin
    "def f(xs):\n    unused = 1\n    return sorted(xs)\n",                                  # unused local
    "def f(xs):\n    out = []\n    for x in sorted(xs):\n        out.append(x)\n    return out\n",  # longer, loop
])
def test_style_penalty_prefers_the_clean_version(worse):
    assert style_penalty(CLEAN) < style_penalty(worse) < UNPARSABLE


def test_unparsable_is_worst():
    assert style_penalty("def f(:\n") == UNPARSABLE


def test_auto_annotator_ranks_every_item_once(tmp_path):
    with Store(tmp_path / "r.db") as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n")
        good = store.add_candidate(pid, "    return x + 1\n", PASSED)[0]
        verbose = store.add_candidate(pid, "    y = x\n    y = y + 1\n    return y\n", PASSED)[0]
        wrong = store.add_candidate(pid, "    return x\n", FAILED)[0]
        broken = store.add_candidate(pid, "    return (\n", {**FAILED, "status": "syntax_error", "tests_passed": 0})[0]
    assert annotate(str(tmp_path / "r.db")) == (1, "auto:tests-then-style")
    assert annotate(str(tmp_path / "r.db")) == (0, "auto:tests-then-style")
    with Store(tmp_path / "r.db") as store:
        key = ("auto:tests-then-style", pid)
        assert store.rankings("overall")[key] == {good: 1, verbose: 2, wrong: 3, broken: 4}
        assert store.rankings("correctness")[key] == {good: 1, verbose: 1, wrong: 2, broken: 3}
        assert store.rankings("readability")[key] == {good: 1, wrong: 1, verbose: 2, broken: 3}


def test_readability_penalty_adds_dead_code_and_one_letter_names_to_the_style_penalty():
    dead = "def f(xs):\n    return sorted(xs)\n    print(xs)\n    xs = []\n"
    assert readability_penalty(dead) == pytest.approx(style_penalty(dead) + 2)
    cryptic = "def f(q):\n    return sorted(q)\n"
    assert readability_penalty(cryptic) == pytest.approx(style_penalty(cryptic) + 0.5)  # q (the function name is not counted)
    assert readability_penalty("def f(xs):\n    for i in xs:\n        pass\n") == pytest.approx(
        style_penalty("def f(xs):\n    for i in xs:\n        pass\n"))  # a loop index is fine


def test_simulated_developer_weighs_tests_and_readability_with_seeded_noise():
    clean, messy = "def f(xs):\n    return sorted(xs)\n", ("def f(a):\n    b = a\n    c = 0\n    if b == None:\n"
                                                             "        return []\n    return sorted(b)\n    c = 1\n")
    assert developer_utility(clean, PASSED) > developer_utility(clean, FAILED)
    # both pass: readability decides (the gap, 0.3 x penalty difference, is many noise deviations here)
    assert developer_utility(clean, PASSED) > developer_utility(messy, PASSED)
    assert developer_utility(clean, PASSED, seed=0) == developer_utility(clean, PASSED, seed=0)
    noisy = {developer_utility(clean, PASSED, seed=s) for s in range(20)}
    assert len(noisy) > 3 and max(noisy) - min(noisy) < 8 * NOISE_SD  # seeded noise of the documented size


def test_simulated_developer_annotator_ranks_under_its_own_name(tmp_path):
    with Store(tmp_path / "r.db") as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n")
        good = store.add_candidate(pid, "    return x + 1\n", PASSED)[0]
        wrong = store.add_candidate(pid, "    return x\n", FAILED)[0]
        broken = store.add_candidate(pid, "    return (\n", {**FAILED, "status": "syntax_error", "tests_passed": 0})[0]
    assert annotate(str(tmp_path / "r.db"), "simulated-developer") == (1, "auto:simulated-developer")
    with Store(tmp_path / "r.db") as store:
        assert store.rankings("overall")[("auto:simulated-developer", pid)] == {good: 1, wrong: 2, broken: 3}
