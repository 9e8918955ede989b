"""The generation backends, declared once. `generation.Generator` builds its engine through BACKENDS, `eval run`
checks the name and what the backend needs before a model loads, and the CLI's `--backend` choices and help read
it too: adding a backend is a `register(GenerationBackend(...))` plus its engine.

This module imports neither torch nor the engines (generation_engines.py), so the CLI can read it at start-up;
an engine is built (and torch imported) only when a Generator is made.

An engine is made once per Generator (`make(generator)`) and then called once per `generate` call with the
rows to fill, the call's settings and a progress bar (see `Engine`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from codegen_rlhf.errors import UserError


class Engine(Protocol):
    def __call__(self, rows: list, request: Any, bar: Any) -> None:
        """Generate for every row (generation_engines.Row: `prompt_ids` in). Each new token goes through
        `generator.take(row, token, logprob, request.max_new_tokens)`, which records it and says whether the row
        goes on; `bar.advance(finished rows, new tokens)` as rows finish. `request` is a generation_engines.Request:
        batch_size, temperature, top_p, max_new_tokens, return_logprobs, seed and its seeded `rng`."""


@dataclass(frozen=True)
class GenerationBackend:
    name: str
    summary: str  # one line for --help
    make: Callable[[Any], Engine]  # given the generation.Generator
    package: str | None = None  # an optional package it imports (e.g. "vllm"), checked before a model loads
    needs_cuda: bool = False
    loads_model: bool = False  # reads the weights itself from the model's path: Generator.load loads no HF model

    def check(self) -> None:
        """A UserError when this machine lacks what the backend needs."""
        if self.package and importlib.util.find_spec(self.package) is None:
            raise UserError(f"generation backend {self.name!r} needs {self.package}: pip install {self.package}")
        if self.needs_cuda:
            import torch  # noqa: PLC0415 (torch: ~2.5 s, only for a CUDA backend; the CLI reads this registry)

            if not torch.cuda.is_available():
                raise UserError(f"generation backend {self.name!r} needs a CUDA GPU, and none is visible")


BACKENDS: dict[str, GenerationBackend] = {}


def register(backend: GenerationBackend) -> GenerationBackend:
    BACKENDS[backend.name] = backend
    return backend


def get(name: str) -> GenerationBackend:
    """The backend called `name`, checked against this machine; a UserError naming the choices otherwise."""
    if name not in BACKENDS:
        raise UserError(f"unknown generation backend {name!r}: use one of {', '.join(BACKENDS)}")
    backend = BACKENDS[name]
    backend.check()
    return backend


def _engine(class_name: str) -> Callable[[Any], Engine]:
    def make(generator) -> Engine:
        # Imported when an engine is built: the engines load torch and transformers (6 s measured on the
        # 2-core reference VM, against 0.08 s for the whole CLI module), and the CLI reads this registry.
        from codegen_rlhf import generation_engines  # noqa: PLC0415 (torch + transformers: measured above)

        return getattr(generation_engines, class_name)(generator)

    return make


register(GenerationBackend("loop", "our continuous-batching decode loop (greedy outputs are HF generate's)",
                           _engine("LoopEngine")))
register(GenerationBackend("static", "the loop on fixed shapes with a compiled step (CUDA graphs on a GPU)",
                           _engine("StaticEngine")))
register(GenerationBackend("hf", "HF generate itself, the reference", _engine("HFEngine")))
# vLLM also has CPU and ROCm builds; whether it can run here is its own error to give.
register(GenerationBackend("vllm", "vLLM, when installed", _engine("VLLMEngine"), package="vllm",
                           loads_model=True))
