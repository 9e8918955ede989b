"""Docker backend specifics: the shipped seccomp policy is the generated one; containers are long-lived and
locked down (checked on the real engine through the SDK)."""

import json
from pathlib import Path

import pytest
from sandbox_pools import open_sandbox

from codegen_rlhf.sandbox.docker_backend import LABEL, ZYGOTE_CAPABILITIES, seccomp_profile

REPO = Path(__file__).resolve().parents[2]


def test_shipped_seccomp_policy_matches_the_generated_one():
    shipped = json.loads((REPO / "sandbox" / "seccomp.json").read_text())
    assert shipped == seccomp_profile()
    denied = shipped["syscalls"][0]["names"]
    assert {"ptrace", "mount", "unshare", "setns", "bpf", "keyctl", "process_vm_readv"} <= set(denied)
    assert "execve" not in denied and "clone" not in denied  # the zygote needs them; samples get its filter


@pytest.mark.docker
def test_containers_are_locked_down_and_reused():
    import docker  # noqa: PLC0415 (optional package: docker, the docker extra; this test is marked docker)

    try:
        client = docker.from_env()
    except docker.errors.DockerException as e:
        pytest.skip(f"Docker backend not tested: no Docker engine reachable ({e}); run sandbox/ci-setup.sh")
    labelled = lambda: {c.id: c for c in client.containers.list() if LABEL in c.labels}  # noqa: E731
    before = set(labelled())  # other pools of this session may be alive
    sandbox = open_sandbox("docker", workers=2, timeout_s=5)
    try:
        problem = {"task_id": "t/id", "prompt": "def f(x):\n", "entry_point": "f",
                   "test": "def check(candidate):\n    assert candidate(1) == 1\n"}
        results = list(sandbox.map([(problem, "    return x\n")] * 20))
        assert all(r.passed for r in results)
        ours = lambda: [c for i, c in labelled().items() if i not in before]  # noqa: E731
        containers = ours()
        assert len(containers) == 2
        for container in containers:
            host = container.attrs["HostConfig"]
            assert host["NetworkMode"] == "none"
            assert host["ReadonlyRootfs"] is True
            assert host["CapDrop"] == ["ALL"]
            assert "no-new-privileges" in host["SecurityOpt"]
            assert any(opt.startswith("seccomp=") for opt in host["SecurityOpt"])
            assert host["PidsLimit"] and host["Memory"]
            assert host["IpcMode"] == "none"
            assert sorted(host["CapAdd"]) == sorted(ZYGOTE_CAPABILITIES)  # samples run as another uid
            assert not any(bind.startswith(str(REPO / "codegen_rlhf") + ":") for bind in host["Binds"])
        ids_before = {c.id for c in containers}
        assert all(r.passed for r in sandbox.map([(problem, "    return x\n")] * 10))
        assert {c.id for c in ours()} == ids_before  # the same containers: none per sample
    finally:
        sandbox.close()
        client.close()
