"""Tiny problems for the sandbox tests (HumanEval format, tests in `check(candidate)`)."""

SECRET = "s3cr3t-7f1c9e2a"  # also set in the test process's environment by the adversarial suite

ADD = {
    "task_id": "test/add",
    "prompt": "def add(a, b):\n",
    "entry_point": "add",
    "canonical_solution": "    return a + b\n",
    "test": (
        "import math\n\n"
        "def check(candidate):\n"
        "    assert candidate(1, 2) == 3\n"
        "    assert candidate(-5, 5) == 0\n"
        "    assert abs(candidate(0.5, 0.25) - 0.75) < 1e-9\n"
        "    assert math.isclose(candidate(10, 20), 30)\n"
        "    assert isinstance(candidate('a', 'b'), str) and candidate('a', 'b') == 'ab'\n"
    ),
}

# Passing this one means the attack worked: the program returns "pwned" only when its abuse succeeded.
ATTACK = {
    "task_id": "test/attack",
    "prompt": "def attack():\n",
    "entry_point": "attack",
    "test": "def check(candidate):\n    assert candidate() == 'pwned'\n",
}

# Passing this one means the program found the secret (environment, /proc, files of the host or of others).
LEAK = {
    "task_id": "test/leak",
    "prompt": "def leak():\n",
    "entry_point": "leak",
    "test": f"def check(candidate):\n    assert candidate() == {SECRET!r}\n",
}

GOOD_ADD = "    return a + b\n"
