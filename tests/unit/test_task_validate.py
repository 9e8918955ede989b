"""codegen_rlhf.data.validate without the sandbox: schema, HumanEval overlap, near-duplicates, mutant generation.

Each check gets a passing fixture and a failing one. The sandboxed checks (canonical solutions, mutants
actually failing) are in tests/component/test_task_suite.py.
"""

import ast
from pathlib import Path

import pytest

from codegen_rlhf.data import validate as v
from codegen_rlhf.data.problems import TASKS_DIR

TEST = "def check(candidate):\n    assert candidate(1) == 2\n"


def problem(task_id="strings/000", name="add_one", doc="Return x plus one.", body="    return x + 1\n", **extra) -> dict:
    row = {
        "task_id": task_id,
        "prompt": f'def {name}(x):\n    """{doc}\n\n    >>> {name}(1)\n    2\n    """\n',
        "entry_point": name,
        "canonical_solution": body,
        "test": TEST,
        "tests": [{"args": [i], "expected": i + 1} for i in range(5)],
        "difficulty": "easy",
        "family": task_id.split("/")[-2],
        "split": "train",
        "tier": "starter" if task_id.startswith("starter/") else "core",
    }
    row.update(extra)
    return row


# ---------------------------------------------------------------------------------------------------- schema


def test_schema_accepts_a_well_formed_problem():
    assert v.check_schema([problem(), problem("starter/strings/000", name="add_two")]) == []


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(tests=[{"args": [1], "expected": 2}] * 4), "only 4 structured tests"),
        (dict(tests=[{"expected": 2}] * 5), "tests must be a list"),
        (dict(difficulty="trivial"), "difficulty"),
        (dict(split="dev"), "split"),
        (dict(family="lists"), "task_id does not start with 'lists/'"),
        (dict(tier="starter"), "task_id does not start with 'starter/strings/'"),
        (dict(tier="bonus"), "tier 'bonus' is not one of core, starter"),
        (dict(entry_point="other"), "does not define the entry point"),
        (dict(test="assert True\n"), "check(candidate)"),
        (dict(canonical_solution=""), "canonical_solution must be a non-empty string"),
        (dict(prompt="def add_one(x):\n    pass\n"), "no >>> example"),
    ],
)
def test_schema_reports_each_defect_with_the_task_id(change, message):
    findings = v.check_schema([problem(**change)])
    assert any(f.task_id == "strings/000" and f.check == "schema" and message in f.message for f in findings), findings


def test_schema_reports_duplicate_ids_and_missing_keys():
    row = problem()
    del row["split"]
    findings = v.check_schema([problem(), problem(), row])
    assert sum("duplicate task_id" in f.message for f in findings) == 3
    assert any("split must be" in f.message for f in findings)


# ------------------------------------------------------------------------------------------------- humaneval

HUMANEVAL = {"HumanEval/0": 'def f(numbers):\n    """ Check if in given list of numbers, are any two numbers closer to each other than\n    given threshold."""\n'}


def test_a_ten_word_run_from_humaneval_is_contamination():
    copied = problem(doc="Check if in given list of numbers, are any two numbers closer now.")
    findings, closest = v.check_humaneval([copied], HUMANEVAL)
    assert [f.check for f in findings] == ["humaneval"] and "HumanEval/0" in findings[0].message
    assert closest[0][:3] == (10, "strings/000", "HumanEval/0")


def test_nine_shared_words_pass_but_are_reported_as_closest():
    near = problem(doc="Check if in given list of numbers, are any values nearby.")
    findings, closest = v.check_humaneval([near, problem("strings/001", name="b", doc="Unrelated words.")], HUMANEVAL)
    assert findings == []
    assert closest[0][:2] == (9, "strings/000")  # the closest pair comes first


def test_the_shipped_humaneval_prompts_load():
    prompts = v.humaneval_prompts()
    assert len(prompts) == 164 and "HumanEval/0" in prompts


# ------------------------------------------------------------------------------------------------ duplicates


def test_distinct_problems_are_not_duplicates():
    a = problem("strings/000", "add_one", "Return x plus one.", "    return x + 1\n")
    b = problem("strings/001", "triple", "Multiply the number by three and give it back.", "    return 3 * x\n")
    assert v.check_duplicates([a, b])[0] == []


def test_same_entry_point_is_a_duplicate_even_across_splits():
    a = problem("strings/000")
    b = problem("lists/004", doc="Something else entirely, about lists.", body="    return x - 1\n", split="heldout")
    findings, _ = v.check_duplicates([a, b])
    assert [(f.task_id, f.message) for f in findings] == [("lists/004", "same entry point as strings/000")]


def test_renamed_solution_is_a_duplicate():
    a = problem("strings/000", "inc", "First wording.", "    total = x + 1\n    return total\n")
    b = problem("strings/001", "bump", "A different sentence.", "    result = x + 1\n    return result\n")
    findings, _ = v.check_duplicates([a, b])
    assert any("same normalized solution as strings/000" in f.message for f in findings)


def test_reworded_prompt_is_a_near_duplicate():
    doc = "Return the sum of all the even numbers in the given list of integers, or zero for an empty list."
    a = problem("lists/000", "sum_even", doc, "    return x + 1\n")
    b = problem("lists/001", "even_total", doc.replace("given", "supplied"), "    return x + 2\n")
    findings, closest = v.check_duplicates([a, b])
    assert any(f.task_id == "lists/001" and "description is a near-duplicate of lists/000" in f.message for f in findings)
    assert closest[0][1:] == ("lists/000", "lists/001") and closest[0][0] >= v.NEAR_DUPLICATE_JACCARD


# --------------------------------------------------------------------------------------------------- mutants

PROMPT = 'def clamp_count(xs, limit):\n    """Count items above limit.\n\n    >>> clamp_count([1, 5], 2)\n    1\n    """\n'
SOLUTION = """    n = 0
    for x in xs:
        if x > limit and x % 2 == 0 or x > 100:
            n += 1
        else:
            n -= 0
    return n * 1
"""


def test_mutants_cover_every_kind_and_are_distinct_valid_programs():
    mutants = v.generate_mutants(PROMPT, SOLUTION, "clamp_count", limit=100)
    kinds = {m.kind for m in mutants}
    assert kinds == {"constant-return", "off-by-one", "operator", "dropped-branch"}
    original = v._completion(*v._split_program(PROMPT, SOLUTION, "clamp_count"))
    completions = [m.completion for m in mutants]
    assert len(set(completions)) == len(completions) and original not in completions
    for m in mutants:
        tree = ast.parse(PROMPT + m.completion)  # compiles as a completion of the unchanged prompt
        assert ast.get_docstring(tree.body[0]) == "Count items above limit.\n\n>>> clamp_count([1, 5], 2)\n1"
    descriptions = {m.description for m in mutants}
    assert {"return None", "comparison Gt -> GtE", "Add -> Sub", "And -> Or", "constant 2 -> 3"} <= descriptions
    assert any(d.startswith("if-branch") for d in descriptions) and any(d.startswith("else-branch") for d in descriptions)


def test_mutant_limit_interleaves_kinds():
    first_four = v.generate_mutants(PROMPT, SOLUTION, "clamp_count", limit=4)
    assert [m.kind for m in first_four] == ["constant-return", "off-by-one", "operator", "dropped-branch"]


def test_mutants_reach_code_after_the_function_but_never_the_prompt():
    prompt = 'LIMIT = 3\n\n\ndef f(x):\n    """Doc.\n\n    >>> f(1)\n    4\n    """\n'
    solution = "    return helper(x)\n\n\ndef helper(x):\n    return x + LIMIT\n"
    mutants = v.generate_mutants(prompt, solution, "f", limit=100)
    assert any("x - LIMIT" in m.completion for m in mutants)
    assert all("LIMIT = 3" not in m.completion for m in mutants)


def test_a_solution_that_does_not_parse_has_no_mutants():
    assert v.generate_mutants(PROMPT, "    return (\n", "clamp_count") == []


def test_strength_needs_a_non_constant_kill_when_one_exists():
    const = v.Mutant("constant-return", "return None", "")
    other = v.Mutant("operator", "Add -> Sub", "")
    assert v._strong([const, other], [const, other])
    assert not v._strong([const, const], [const, const, other])
    assert v._strong([const, const], [const, const])  # one-liners like `return s.upper()`
    assert not v._strong([other], [other])


# ---------------------------------------------------------------------------------------------------- counts


def test_counts_table_totals_by_tier_family_split_and_difficulty():
    rows = [problem("starter/a/000", split="heldout"), problem("a/000"), problem("a/001", difficulty="hard", split="heldout"),
            problem("b/000", difficulty="medium")]
    table = v.counts_table(rows).splitlines()
    assert table[0] == "| tier | family | train | heldout | easy | medium | hard | tasks |"
    assert table[2:] == [
        "| core | a | 1 | 1 | 1 | 0 | 1 | 2 |",
        "| core | b | 1 | 0 | 0 | 1 | 0 | 1 |",
        "| core | **total** | 2 | 1 | 1 | 1 | 1 | 3 |",
        "| starter | a | 0 | 1 | 1 | 0 | 0 | 1 |",
        "| starter | **total** | 0 | 1 | 1 | 0 | 0 | 1 |",
        "| **all** | **total** | 2 | 2 | 2 | 1 | 1 | 4 |",
    ]


def test_data_readme_counts_match_the_shipped_suite():
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text()
    block = readme.split("<!-- counts:begin -->\n")[1].split("\n<!-- counts:end -->")[0]
    assert block == v.counts_table(v.load_suite(TASKS_DIR)), "regenerate with: codegen-rlhf data validate --counts"
