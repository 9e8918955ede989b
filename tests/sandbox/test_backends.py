"""The backend registry: a new backend is one entry, and the CLI takes it; allowed packages per backend."""

import json

from sandbox_pools import open_sandbox
from sandbox_problems import ADD, ATTACK, GOOD_ADD

from codegen_rlhf.sandbox.backends import BACKENDS, Backend, register
from codegen_rlhf.sandbox.process_backend import ProcessZygotes


class CountingZygotes(ProcessZygotes):
    """A toy backend: the process backend, counting the zygotes it starts."""

    started: list[int] = []

    def start(self, cpu, uid):
        CountingZygotes.started.append(uid)
        return super().start(cpu, uid)


def test_a_registered_backend_is_a_cli_choice_and_runs(tmp_path, run_cli):
    register(Backend("counting", "the process backend, counted", lambda options: CountingZygotes(options.packages)))
    try:
        problems = tmp_path / "problems.jsonl"
        problems.write_text(json.dumps(ADD) + "\n")
        samples = tmp_path / "samples.jsonl"
        samples.write_text(json.dumps({"task_id": ADD["task_id"], "completion": GOOD_ADD}) + "\n")
        code, stdout, stderr = run_cli("eval", "score", samples, "--problems", problems, "--backend", "counting",
                                       "--workers", "2", "--timeout", "3", "--k", "1")
        assert code == 0, stderr
        assert json.loads(stdout.splitlines()[-1])["pass@1"] == 1.0
        assert len(CountingZygotes.started) == 2 and len(set(CountingZygotes.started)) == 2  # a uid per worker
        code, _, stderr = run_cli("eval", "score", samples, "--problems", problems, "--backend", "nonesuch")
        assert code == 2 and "counting" in stderr and "nonesuch" in stderr
    finally:
        BACKENDS.pop("counting")


IMPORTS_CLICK = "    pass\ndef attack():\n    import click\n    return 'pwned' if click.echo else 'no'\n"


def test_only_allowed_packages_are_importable(backend):
    with open_sandbox(backend, workers=1, timeout_s=5.0) as sandbox:
        assert sandbox.check(ATTACK, IMPORTS_CLICK).status == "error"  # ModuleNotFoundError
    with open_sandbox(backend, workers=1, timeout_s=5.0, packages=("click",)) as sandbox:
        assert sandbox.check(ATTACK, IMPORTS_CLICK).passed
