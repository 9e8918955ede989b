"""A synthetic K-wise ranking set with a learnable preference, in `rank export` format (for RM tests).

Every prompt gets four candidates that share a random first line and end in one of four statements; the
ending decides both the human rank and the (simulated, never executed) test outcome, so a reward model
that reads the last tokens can learn it within a few steps.
"""

import json
import random

ENDINGS = [  # (last line, rank level, execution result)
    ("    return y\n", 1, {"status": "passed", "passed": True, "tests_passed": 3, "tests_total": 3}),
    ("    return None\n", 2, {"status": "failed", "passed": False, "tests_passed": 1, "tests_total": 3}),
    ("    raise ValueError\n", 3, {"status": "error", "passed": False, "tests_passed": 0, "tests_total": 3}),
    ("    y +\n", 4, {"status": "syntax_error", "passed": False, "tests_passed": 0, "tests_total": 3}),
]


def synthetic_rows(n_prompts: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n_prompts):
        endings = ENDINGS[:]
        rng.shuffle(endings)
        rows.append({
            "task_id": f"synthetic/{i}",
            "prompt": f"def f{i}(x):\n    \"\"\"{rng.choice(['Sort', 'Count', 'Add'])} x.\"\"\"\n",
            "completions": [f"    y = x * {rng.randint(0, 9)}\n{end}" for end, _, _ in endings],
            "ranks": [level for _, level, _ in endings],
            "execution": [dict(result) for _, _, result in endings],
            "annotator": "synthetic",
        })
    return rows


def write_synthetic(path, n_prompts: int, seed: int = 0) -> str:
    with open(path, "w") as f:
        for row in synthetic_rows(n_prompts, seed):
            f.write(json.dumps(row) + "\n")
    return str(path)
