"""Batched generation for evaluation, ranking candidates and PPO rollouts.

    gen = Generator.load("smollm2-135m")                  # or Generator(model, tokenizer) to reuse a loaded model
    samples = gen.generate(prompts, n=4, temperature=0.8, top_p=0.95, max_new_tokens=256, return_logprobs=True)
    samples[i][j].completion                              # j-th sample for prompts[i], ready for prompt + completion

    generate("smollm2-135m", prompts, n=4, temperature=0.8)   # -> list[list[str]] of completions (convenience)

Prompts are HumanEval-style: a function signature plus docstring. Two prompt formats (`PROMPT_FORMATS`):

- `raw`: the prompt is continued as plain text (base models). Generation stops at the usual HumanEval stop
  sequences (`RAW_STOP`: a new top-level def/class/if/print/comment); the completion is the text before it.
- `chat`: the chat template asks for the whole function in a ```python block (instruct models). Generation
  stops once the first code block closes; the completion is "\\n" + that block's code, so that
  `prompt + completion` runs HumanEval's test: the prompt's function (a docstring body is valid Python) is
  redefined by the extracted one, and the prompt's imports stay in place. A reply with only an indented body
  also works (it continues the prompt's function).
- `auto` picks chat when the tokenizer has a chat template, raw otherwise.

Backends (`backend=`): `loop` (the default: our continuous-batching decode loop), `static`, `hf` and `vllm`,
declared in generation_backends.py; what each does is in generation_engines.py.

Sampling: `temperature=0` is greedy (then n identical samples are computed once and copied); otherwise
softmax(logits / temperature) restricted to the top-p nucleus, drawn from a `torch.Generator` seeded by
`seed`. Samples are reproducible for a given seed, batch size and prompt set.

Each `Sample` carries the prompt token ids and the response token ids actually generated (up to and including
the token that completed the stop sequence or EOS, so the stop text itself may be part of them) and, when
`return_logprobs=True`, the log-probability of each response token under the model's raw distribution
(log_softmax of the logits, no temperature, no top-p): exactly what a teacher-forced forward pass of
prompt + response gives, which is what PPO's old-policy log-probs need.

Not covered: beam search, prompts longer than the model's context (not truncated; the model raises), mixing
adapters in one batch.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from typing import Sequence

import torch
from rich.console import Console

from codegen_rlhf import generation_backends, models
from codegen_rlhf.errors import UserError
from codegen_rlhf.generation_engines import Request, Row
from codegen_rlhf.progress import progress_bar

PROMPT_FORMATS = ("auto", "chat", "raw")
RAW_STOP = ("\ndef", "\nclass", "\nif", "\nprint", "\n#")
CHAT_INSTRUCTION = (
    "Complete the following Python function. Reply with the whole function, including its signature, "
    "in a single ```python code block.\n\n```python\n{prompt}```"
)

# The first fenced block: an opening fence (optionally with a language), then the code up to a closing fence at
# the start of a line.
_CODE_BLOCK = re.compile(r"```[^\n`]*\n(.*?)^[ \t]*```", re.S | re.M)
_OPEN_FENCE = re.compile(r"```[^\n`]*\n")


# ---------------------------------------------------------------------------------------------- prompt formats


class RawFormat:
    """Continue the prompt; stop at a new top-level statement (HumanEval's stop sequences)."""

    name = "raw"
    stop_strings = RAW_STOP  # for backends that stop on strings themselves (vLLM)

    def encode(self, tokenizer, prompt: str) -> list[int]:
        return tokenizer(prompt).input_ids

    def cut(self, text: str) -> str | None:
        """The response up to its stop point if it has reached one, else None."""
        positions = [i for i in (text.find(s) for s in RAW_STOP) if i >= 0]
        return text[: min(positions)] if positions else None

    def completion(self, text: str) -> str:
        cut = self.cut(text)
        return text if cut is None else cut


class ChatFormat:
    """Ask for the whole function in a code block; stop when the first block closes; extract its code."""

    name = "chat"
    stop_strings = None  # the first closed code block is no plain string: the text is cut afterwards

    def encode(self, tokenizer, prompt: str) -> list[int]:
        messages = [{"role": "user", "content": CHAT_INSTRUCTION.format(prompt=prompt)}]
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return tokenizer(text, add_special_tokens=False).input_ids

    def cut(self, text: str) -> str | None:
        match = _CODE_BLOCK.search(text)
        return text[: match.end()] if match else None

    def completion(self, text: str) -> str:
        return "\n" + extract_code(text)


def extract_code(text: str) -> str:
    """The first fenced code block's content; an unclosed block's rest; the whole text when there is no fence."""
    match = _CODE_BLOCK.search(text)
    if match:
        return match.group(1)
    opening = _OPEN_FENCE.search(text)
    return text[opening.end():] if opening else text


def choose_format(tokenizer, name: str = "auto") -> RawFormat | ChatFormat:
    if name not in PROMPT_FORMATS:
        raise UserError(f"unknown prompt format {name!r}: use one of {', '.join(PROMPT_FORMATS)}")
    if name == "auto":
        name = "chat" if getattr(tokenizer, "chat_template", None) else "raw"
    if name == "chat" and not getattr(tokenizer, "chat_template", None):
        raise UserError("prompt format 'chat' needs a tokenizer with a chat template; use --prompt-format raw")
    return ChatFormat() if name == "chat" else RawFormat()


# ---------------------------------------------------------------------------------------------- results


@dataclass
class Sample:
    """One generated response. `completion` is what HumanEval's samples.jsonl stores for the prompt."""

    prompt_index: int
    completion: str
    text: str
    """The decoded response, cut at the stop point (chat: up to and including the closing fence)."""
    finish_reason: str
    """"stop" (stop sequence or closed code block), "eos", or "length" (max_new_tokens reached)."""
    prompt_ids: torch.Tensor
    response_ids: torch.Tensor
    logprobs: torch.Tensor | None = None


@dataclass
class GenerationStats:
    """Totals of the last `generate` call, for reports: tokens generated, wall seconds, tokens per second."""

    samples: int = 0
    new_tokens: int = 0
    seconds: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.new_tokens / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------------------------------------- the generator


class Generator:
    """A model + tokenizer + prompt format, ready to generate. Create once, call `generate` many times."""

    def __init__(self, model, tokenizer, prompt_format: str = "auto", backend: str = "loop", model_path: str | None = None):
        spec = generation_backends.get(backend)
        self.model = model
        self.tokenizer = tokenizer
        self.format = choose_format(tokenizer, prompt_format)
        self.backend = backend
        self.model_path = model_path
        self.stats = GenerationStats()
        self._eos_ids = _eos_ids(model, tokenizer)
        self.engine = spec.make(self)

    @classmethod
    def load(cls, spec: str, adapter: str | None = None, dtype: str = "auto", prompt_format: str = "auto",
             backend: str = "loop") -> "Generator":
        if generation_backends.get(backend).loads_model:
            return cls(None, models.load_tokenizer(spec), prompt_format, backend, model_path=models.resolve(spec).path)
        model, tokenizer = models.load_causal_lm(spec, dtype=dtype, adapter=adapter)
        if adapter:  # generation only: fold the LoRA update into the weights (fewer products; decode_step inlines)
            model = model.merge_and_unload()
        return cls(model, tokenizer, prompt_format, backend)

    # -- public API ------------------------------------------------------------------------------------------

    def encode(self, prompt: str) -> list[int]:
        return self.format.encode(self.tokenizer, prompt)

    def generate(self, prompts: Sequence[str | Sequence[int]], *, n: int = 1, temperature: float = 0.0, top_p: float = 1.0,
                 max_new_tokens: int = 256, batch_size: int = 8, return_logprobs: bool = False, seed: int = 0,
                 progress: bool = True) -> list[list[Sample]]:
        """`n` samples for each prompt, in prompt order: result[i][j] is prompt i's j-th sample. A prompt is text
        (rendered by the prompt format) or a list of token ids (used as is)."""
        if n < 1 or max_new_tokens < 1 or batch_size < 1:
            raise UserError("n, max_new_tokens and batch_size must be at least 1")
        if temperature < 0 or not 0 < top_p <= 1:
            raise UserError("temperature must be >= 0 and top_p in (0, 1]")
        greedy = temperature == 0
        copies = 1 if greedy else n  # greedy samples are identical: compute one, copy it n times
        encoded = [self.encode(p) if isinstance(p, str) else list(p) for p in prompts]
        rows = [Row(i, j, ids) for i, ids in enumerate(encoded) for j in range(copies)]
        started = time.perf_counter()
        request = Request(batch_size, temperature, top_p, max_new_tokens, return_logprobs, seed,
                          rng=torch.Generator().manual_seed(seed))
        # Eval mode: no dropout, and gradient checkpointing (PPO's actor) would otherwise switch the cache off.
        training = self.model is not None and self.model.training
        if training:
            self.model.eval()
        try:
            with _Progress(len(rows), enabled=progress) as bar:
                self.engine(rows, request, bar)
        finally:
            if training:
                self.model.train()
        self.stats = GenerationStats(len(rows), sum(len(r.tokens) for r in rows), time.perf_counter() - started)

        results: list[list[Sample]] = [[] for _ in prompts]
        for row in rows:
            results[row.prompt_index].append(self._sample(row, return_logprobs))
        if greedy and n > 1:
            results = [[s for s in samples for _ in range(n)] for samples in results]
        return results

    # -- helpers ---------------------------------------------------------------------------------------------

    def take(self, row: Row, token: int, logprob: float | None, max_new_tokens: int) -> bool:
        """Append the row's next token (and its log-prob); whether the row goes on."""
        row.tokens.append(token)
        if logprob is not None:
            row.logprobs.append(logprob)
        return not self._finished(row) and len(row.tokens) < max_new_tokens

    def _finished(self, row: Row) -> bool:
        """Record why `row` is done, if it is: EOS, a stop point in its text, or the token budget (caller)."""
        if row.tokens[-1] in self._eos_ids:
            row.finish_reason = "eos"
            return True
        text = self.tokenizer.decode(row.tokens, skip_special_tokens=True)
        cut = self.format.cut(text)
        if cut is not None:
            row.finish_reason, row.text = "stop", cut
            return True
        row.text = text
        return False

    def _sample(self, row: Row, return_logprobs: bool) -> Sample:
        if row.finish_reason != "stop":
            row.text = self.tokenizer.decode(row.tokens, skip_special_tokens=True)
        return Sample(
            prompt_index=row.prompt_index,
            completion=self.format.completion(row.text),
            text=row.text,
            finish_reason=row.finish_reason,
            prompt_ids=torch.tensor(row.prompt_ids, dtype=torch.long),
            response_ids=torch.tensor(row.tokens, dtype=torch.long),
            logprobs=torch.tensor(row.logprobs, dtype=torch.float32) if return_logprobs else None,
        )


def generate(model, prompts: Sequence[str], *, n: int = 1, temperature: float = 0.0, top_p: float = 1.0,
             max_new_tokens: int = 256, adapter: str | None = None, prompt_format: str = "auto",
             batch_size: int = 8, seed: int = 0, progress: bool = True) -> list[list[str]]:
    """Completions only: `model` is a spec (loaded here, with `adapter`) or a `Generator`."""
    generator = model if isinstance(model, Generator) else Generator.load(model, adapter, prompt_format=prompt_format)
    samples = generator.generate(prompts, n=n, temperature=temperature, top_p=top_p, max_new_tokens=max_new_tokens,
                                 batch_size=batch_size, seed=seed, progress=progress)
    return [[s.completion for s in per_prompt] for per_prompt in samples]


def _eos_ids(model, tokenizer) -> set[int]:
    ids = set()
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    for value in (configured, tokenizer.eos_token_id):
        if isinstance(value, int):
            ids.add(value)
        elif value:
            ids.update(value)
    return ids


class _Progress:
    """A rich progress bar over samples that also shows generated tokens per second, on stderr. When stderr is
    not a terminal (a log file), a plain status line every LOG_EVERY_S seconds instead."""

    LOG_EVERY_S = 60.0

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.enabled = total, enabled
        self.done, self.tokens, self.started = 0, 0, time.perf_counter()
        self.last_log = self.started

    def __enter__(self):
        if self.enabled:
            self.console = Console(stderr=True)
            self.progress = progress_bar("generating", "{task.fields[rate]}", console=self.console)
            self.progress.start()
            self.task = self.progress.add_task("generate", total=self.total, rate="")
        return self

    def advance(self, samples: int, tokens: int) -> None:
        self.done, self.tokens = self.done + samples, self.tokens + tokens
        if not self.enabled:
            return
        now = time.perf_counter()
        rate = f"{self.tokens / max(now - self.started, 1e-9):,.0f} tok/s"
        self.progress.update(self.task, advance=samples, rate=rate)
        if not self.console.is_terminal and now - self.last_log >= self.LOG_EVERY_S:
            self.last_log = now
            print(f"generating: {self.done}/{self.total} samples, {self.tokens:,} tokens, {rate}, "
                  f"{now - self.started:.0f} s", file=sys.stderr, flush=True)

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.stop()
        return False
