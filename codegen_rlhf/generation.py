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

Backends (`backend=`):

- `loop` (default): our own decode loop over the HF model with a preallocated KV cache that returns
  right-sized views (no per-step concatenation, no attention over unused slots). Continuous batching: a
  finished sequence (EOS, stop point, budget) leaves the batch at once and a waiting one is prefilled and
  merged into its slot, so the batch stays full and no step is spent on finished rows; padding columns no
  running row needs are trimmed. On a CPU a decode step costs about the same for 1 or 8 rows (the weights are
  read once per step), so keeping the batch full is where the speed comes from. Each step goes through
  `decode_step.py`: plain Llama/Mistral models run HF's operations inlined (same logits, bit for bit, less
  Python per step) and greedy decoding of fp32 weights on a bf16-capable CPU screens the vocabulary in bf16
  before an exact fp32 argmax; every other model runs its own forward. Greedy outputs equal HF `generate`'s
  (tested). Models whose cache layers are not plain attention (a sliding window shorter than the sequence,
  linear attention) get HF's dynamic cache and plain batches (rows leave, none join).
- `static`: the same continuous batching on fixed shapes (`decode_step.StaticSlots`): `batch_size` slots and a
  cache of (longest prompt + max_new_tokens, rounded up to 64) columns, each sequence in its own slot from
  column 0, so the decode step is compiled once (`torch.compile`; on a GPU as a CUDA graph, which replays a
  step's kernels without launching each one from Python) and kept across calls of the same shape. Same tokens
  as `loop` in the tests and on 40 HumanEval prompts with SmolLM2, but not bit for bit by construction (masked
  attention over all columns, fused kernels). Not faster than `loop` on a CPU (eval/README.md); on a GPU
  unmeasured so far (`bench/generation_throughput.py --gpu`). Each row is prefilled on its own (the n samples of
  a prompt do not share one prefill as in `loop`). Models the inlined step does not serve, or whose sliding
  window is shorter than the cache, fall back to `loop` with a warning.
- `hf`: HF `generate` (default dynamic cache), truncated at the same stop rule afterwards: the reference.
- `vllm`: vLLM when installed (not installed on the reference machine; untested there). Needs a model path,
  so only `Generator.load` can select it.

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

import collections
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import torch
import torch.nn.functional as F
from transformers.cache_utils import Cache, DynamicCache, DynamicLayer

from codegen_rlhf.decode_step import StaticSlots, decode_forward
from codegen_rlhf.errors import UserError

PROMPT_FORMATS = ("auto", "chat", "raw")
BACKENDS = ("loop", "static", "hf", "vllm")
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


@dataclass
class _Row:
    """A sequence being generated: which prompt and sample it is, its prompt ids, what it produced so far."""

    prompt_index: int
    sample_index: int
    prompt_ids: list[int]
    tokens: list[int] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    finish_reason: str = "length"
    text: str = ""


# ---------------------------------------------------------------------------------------------- the engine


class Generator:
    """A model + tokenizer + prompt format, ready to generate. Create once, call `generate` many times."""

    def __init__(self, model, tokenizer, prompt_format: str = "auto", backend: str = "loop", model_path: str | None = None):
        if backend not in BACKENDS:
            raise UserError(f"unknown generation backend {backend!r}: use one of {', '.join(BACKENDS)}")
        self.model = model
        self.tokenizer = tokenizer
        self.format = choose_format(tokenizer, prompt_format)
        self.backend = backend
        self.model_path = model_path
        self.stats = GenerationStats()
        self._eos_ids = _eos_ids(model, tokenizer)
        self._vllm = None
        self._static = None  # ((slots, capacity), StaticSlots) of the static backend's last call

    @classmethod
    def load(cls, spec: str, adapter: str | None = None, dtype: str = "auto", prompt_format: str = "auto",
             backend: str = "loop") -> "Generator":
        from codegen_rlhf.models import load_causal_lm, load_tokenizer, resolve

        if backend == "vllm":
            return cls(None, load_tokenizer(spec), prompt_format, backend, model_path=resolve(spec).path)
        model, tokenizer = load_causal_lm(spec, dtype=dtype, adapter=adapter)
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
        rows = [_Row(i, j, ids) for i, ids in enumerate(encoded) for j in range(copies)]
        started = time.perf_counter()
        generator = torch.Generator().manual_seed(seed)
        # Eval mode: no dropout, and gradient checkpointing (PPO's actor) would otherwise switch the cache off.
        training = self.model is not None and self.model.training
        if training:
            self.model.eval()
        try:
            with _Progress(len(rows), enabled=progress) as bar:
                self._run(rows, batch_size, temperature, top_p, max_new_tokens, return_logprobs, seed, generator, bar)
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

    # -- backends --------------------------------------------------------------------------------------------

    def _run(self, rows, batch_size, temperature, top_p, max_new_tokens, return_logprobs, seed, generator, bar):
        if self.backend == "vllm":
            self._generate_vllm(rows, temperature, top_p, max_new_tokens, return_logprobs, seed)
            bar.advance(len(rows), sum(len(r.tokens) for r in rows))
            return
        # Similar lengths share a batch: less padding. Longest first, so the memory peak shows up early.
        order = sorted(rows, key=lambda r: -len(r.prompt_ids))
        if self.backend in ("loop", "static"):
            run = self._generate_static if self.backend == "static" else self._generate_loop
            run(order, batch_size, temperature, top_p, max_new_tokens, return_logprobs, generator, bar)
            return
        for chunk in _chunks(order, batch_size):
            self._generate_hf(chunk, temperature, top_p, max_new_tokens, return_logprobs, generator)
            bar.advance(len(chunk), sum(len(r.tokens) for r in chunk))

    @torch.inference_mode()
    def _generate_loop(self, rows: list[_Row], batch_size, temperature, top_p, max_new_tokens, return_logprobs,
                       generator, bar):
        """Continuous batching: a finished row leaves the batch at once and a waiting row takes its slot."""
        forward = decode_forward(self.model)
        pending = collections.deque(rows)
        batch: _Batch | None = None
        while pending or batch is not None:
            # 1. Waiting rows fill the free slots: prefilled on their own, then merged into the running batch.
            if pending and (batch is None or (batch.mergeable and len(batch.rows) < batch_size)):
                free = batch_size - (len(batch.rows) if batch else 0)
                fresh = self._prefill([pending.popleft() for _ in range(min(free, len(pending)))], max_new_tokens,
                                      forward)
                batch = fresh if batch is None else batch.merge(fresh, max_new_tokens)
            # 2. Every running row takes its next token; finished rows leave.
            tokens, logprobs = _pick(forward, batch.head_input, temperature, top_p, return_logprobs, generator)
            keep = []
            token_list = tokens.tolist()  # one device sync per step, not one per row
            logprob_list = logprobs.tolist() if logprobs is not None else None
            for b, row in enumerate(batch.rows):
                if self._take(row, token_list[b], logprob_list and logprob_list[b], max_new_tokens):
                    keep.append(b)
            bar.advance(len(batch.rows) - len(keep), len(batch.rows))
            if not keep:
                batch = None
                continue
            if len(keep) < len(batch.rows):
                batch.select(keep)
                tokens = tokens[keep]
            # 3. One decode step for the rows still running.
            batch.step(forward, tokens)

    @torch.inference_mode()
    def _generate_static(self, rows: list[_Row], batch_size, temperature, top_p, max_new_tokens, return_logprobs,
                         generator, bar):
        """Fixed slots and a fixed-size cache, so that the decode step is compiled once (decode_step.StaticSlots);
        a slot takes the next waiting row as soon as its row finishes."""
        forward = decode_forward(self.model)
        capacity = -(-(max(len(r.prompt_ids) for r in rows) + max_new_tokens) // 64) * 64  # fewer recompiles
        if not StaticSlots.supports(forward, capacity):
            warnings.warn("the static backend needs a plain Llama/Mistral model without adapters or hooks, "
                          "attending over the whole sequence; using the loop backend", RuntimeWarning, stacklevel=4)
            self._generate_loop(rows, batch_size, temperature, top_p, max_new_tokens, return_logprobs, generator, bar)
            return
        key = (min(batch_size, len(rows)), capacity)
        if self._static is None or self._static[0] != key:  # kept across calls: compiled once, not per call
            self._static = key, StaticSlots(forward, *key)
        slots = self._static[1]
        pending, running = collections.deque(rows), {}
        head_input = None
        while pending or running:
            for slot in range(key[0]):
                if slot not in running and pending:
                    running[slot] = pending.popleft()
                    fresh = slots.admit(slot, running[slot].prompt_ids)
                    if head_input is None:
                        head_input = fresh.new_zeros(key[0], *fresh.shape[1:])
                    head_input[slot] = fresh[0]
            tokens, logprobs = _pick(forward, head_input, temperature, top_p, return_logprobs, generator)
            token_list, logprob_list = tokens.tolist(), logprobs.tolist() if logprobs is not None else None
            generated = len(running)
            for slot, row in list(running.items()):
                if not self._take(row, token_list[slot], logprob_list and logprob_list[slot], max_new_tokens):
                    del running[slot]
            bar.advance(generated - len(running), generated)
            if running:
                head_input = slots.step(tokens).clone()  # a CUDA graph's output is overwritten by its next run

    def _prefill(self, rows: list[_Row], max_new_tokens: int, forward) -> "_Batch":
        """The rows' prompts through the model once per distinct prompt (the n samples of a prompt share it)."""
        distinct: dict[tuple, int] = {}
        source = [distinct.setdefault(tuple(row.prompt_ids), len(distinct)) for row in rows]
        firsts = [rows[source.index(i)] for i in range(len(distinct))]
        input_ids, attention_mask = self._left_pad(firsts, _device(self.model))
        position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
        cache = _make_cache(self.model, input_ids.shape[1] + max_new_tokens)
        head_input = forward.prefill(input_ids, attention_mask, position_ids, cache)
        batch = _Batch(firsts, cache, attention_mask, position_ids[:, -1:] + 1, head_input)
        if len(firsts) < len(rows):
            batch.select(source)
            batch.rows = rows
        return batch

    @torch.inference_mode()
    def _generate_hf(self, rows: list[_Row], temperature, top_p, max_new_tokens, return_logprobs, generator):
        input_ids, attention_mask = self._left_pad(rows, _device(self.model))
        sampling = dict(do_sample=True, temperature=temperature, top_p=top_p) if temperature > 0 else dict(do_sample=False)
        if temperature > 0:
            torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))
        out = self.model.generate(input_ids=input_ids, attention_mask=attention_mask, max_new_tokens=max_new_tokens,
                                  pad_token_id=self.tokenizer.pad_token_id, eos_token_id=sorted(self._eos_ids),
                                  output_scores=return_logprobs, return_dict_in_generate=True, top_k=None, **sampling)
        new = out.sequences[:, input_ids.shape[1]:]
        logprobs = None
        if return_logprobs:  # scores are processed; the raw distribution needs a forward pass
            logprobs = teacher_forced_logprobs(self.model, out.sequences, input_ids.shape[1],
                                               torch.cat([attention_mask, torch.ones_like(new)], dim=1))
        for b, row in enumerate(rows):
            for t, token in enumerate(new[b].tolist()):
                row.tokens.append(token)
                if logprobs is not None:
                    row.logprobs.append(float(logprobs[b, t]))
                if self._finished(row):
                    break

    def _generate_vllm(self, rows: list[_Row], temperature, top_p, max_new_tokens, return_logprobs, seed):
        try:
            from vllm import LLM, SamplingParams, TokensPrompt
        except ImportError:
            raise UserError("backend 'vllm' needs vLLM: pip install vllm") from None
        if self._vllm is None:
            self._vllm = LLM(model=self.model_path, seed=seed)
        # The chat stop rule (first block closed) is no plain string; the text is cut afterwards instead.
        stop = list(RAW_STOP) if self.format.name == "raw" else None
        params = SamplingParams(temperature=temperature, top_p=top_p, max_tokens=max_new_tokens, stop=stop,
                                logprobs=0 if return_logprobs else None, seed=seed)
        outputs = self._vllm.generate([TokensPrompt(prompt_token_ids=r.prompt_ids) for r in rows], params)
        for row, output in zip(rows, outputs):
            result = output.outputs[0]
            for t, token in enumerate(result.token_ids):
                row.tokens.append(token)
                if return_logprobs:
                    row.logprobs.append(result.logprobs[t][token].logprob)
                if self._finished(row):
                    break
            if result.finish_reason == "stop" and row.finish_reason == "length":
                row.finish_reason, row.text = "stop", result.text

    # -- helpers ---------------------------------------------------------------------------------------------

    def _take(self, row: _Row, token: int, logprob: float | None, max_new_tokens: int) -> bool:
        """Append the row's next token (and its log-prob); whether the row goes on."""
        row.tokens.append(token)
        if logprob is not None:
            row.logprobs.append(logprob)
        return not self._finished(row) and len(row.tokens) < max_new_tokens

    def _finished(self, row: _Row) -> bool:
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

    def _left_pad(self, rows: list[_Row], device) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(r.prompt_ids) for r in rows)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.tensor([[pad] * (width - len(r.prompt_ids)) + r.prompt_ids for r in rows], device=device)
        attention_mask = torch.tensor([[0] * (width - len(r.prompt_ids)) + [1] * len(r.prompt_ids) for r in rows],
                                      device=device)
        return input_ids, attention_mask

    def _sample(self, row: _Row, return_logprobs: bool) -> Sample:
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


@torch.inference_mode()
def teacher_forced_logprobs(model, sequences: torch.Tensor, prompt_width: int, attention_mask: torch.Tensor):
    """Log-probs of sequences[:, prompt_width:] given everything before them, in one forward pass."""
    position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
    logits = model(input_ids=sequences, attention_mask=attention_mask, position_ids=position_ids).logits
    logits = logits[:, prompt_width - 1:-1, :].float()
    return torch.log_softmax(logits, dim=-1).gather(-1, sequences[:, prompt_width:, None]).squeeze(-1)


# ---------------------------------------------------------------------------------------------- decoding pieces


def _pick(forward, head_input: torch.Tensor, temperature: float, top_p: float, return_logprobs: bool, generator):
    """Next tokens (greedy or nucleus sampling) and, if asked, their log-probs under the raw distribution."""
    if temperature == 0 and not return_logprobs:
        return forward.greedy(head_input), None
    logits = forward.logits(head_input).float()
    if temperature == 0:
        tokens = logits.argmax(dim=-1)
    else:
        probs = torch.softmax(logits / temperature, dim=-1)
        if top_p < 1:
            sorted_probs, sorted_index = probs.sort(dim=-1, descending=True)
            # Drop a token when the tokens before it already cover top_p (the most likely one always stays).
            drop = sorted_probs.cumsum(dim=-1) - sorted_probs >= top_p
            sorted_probs = sorted_probs.masked_fill(drop, 0)
            probs = torch.zeros_like(probs).scatter(-1, sorted_index, sorted_probs)
        tokens = torch.multinomial(probs.cpu(), 1, generator=generator).squeeze(-1).to(logits.device)
    logprobs = None
    if return_logprobs:
        logprobs = torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, None]).squeeze(-1)
    return tokens, logprobs


class _Batch:
    """The running rows of the decode loop: their KV cache, attention mask, next positions and what the next
    token is picked from (`head_input`: the last logits, or the last hidden state; see decode_step.py).
    Invariant: the cache holds exactly `attention_mask.shape[1]` positions per row."""

    def __init__(self, rows, cache, attention_mask, next_position, head_input):
        self.rows, self.cache, self.attention_mask = rows, cache, attention_mask
        self.next_position, self.head_input = next_position, head_input
        self.mergeable = all(isinstance(layer, _BufferLayer) for layer in cache.layers)

    def step(self, forward, tokens: torch.Tensor) -> None:
        self.attention_mask = torch.cat([self.attention_mask, self.attention_mask.new_ones(len(self.rows), 1)], 1)
        self.head_input = forward.step(tokens, self.attention_mask, self.next_position, self.cache)
        self.next_position = self.next_position + 1

    def select(self, keep: list[int]) -> None:
        index = torch.tensor(keep, device=self.attention_mask.device)
        self.cache.batch_select_indices(index)
        self.rows = [self.rows[b] for b in keep]
        self.attention_mask, self.next_position = self.attention_mask[index], self.next_position[index]
        self.head_input = self.head_input[index]
        # Padding columns that no remaining row attends to leave the cache and the mask.
        lead = int(self.attention_mask.any(dim=0).int().argmax())
        if lead > 0 and self.mergeable:
            for layer in self.cache.layers:
                layer.trim_front(lead)
            self.attention_mask = self.attention_mask[:, lead:]

    def merge(self, other: "_Batch", max_new_tokens: int) -> "_Batch":
        """One batch of both: the shorter side is left-padded (zeros, masked) to the longer one's width."""
        width = max(self.attention_mask.shape[1], other.attention_mask.shape[1])
        layers = [_BufferLayer.merged(a, b, width, width + max_new_tokens)
                  for a, b in zip(self.cache.layers, other.cache.layers)]
        masks = [F.pad(m, (width - m.shape[1], 0)) for m in (self.attention_mask, other.attention_mask)]
        return _Batch(self.rows + other.rows, Cache(layers=layers), torch.cat(masks),
                      torch.cat([self.next_position, other.next_position]),
                      torch.cat([self.head_input, other.head_input]))


def _make_cache(model, capacity: int):
    """A cache whose layers write into preallocated buffers; HF's DynamicCache when that does not apply."""
    config = model.config.get_text_config(decoder=True)
    window = getattr(config, "sliding_window", None)
    layer_types = set(getattr(config, "layer_types", None) or ["full_attention"])
    plain = layer_types <= {"full_attention", "sliding_attention"} and (window is None or capacity <= window)
    if not plain:
        return DynamicCache(config=model.config)
    return Cache(layers=[_BufferLayer(capacity) for _ in range(config.num_hidden_layers)])


class _BufferLayer(DynamicLayer):
    """`keys`/`values` are views [B, H, :length] of buffers [B, H, capacity]: appending is a copy of one
    step, not a concatenation of the whole history."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity

    def lazy_initialization(self, key_states, value_states):
        batch, heads, _, dim = key_states.shape
        self.device = key_states.device
        self.key_buffer = key_states.new_empty(batch, heads, self.capacity, dim)
        self.value_buffer = value_states.new_empty(batch, heads, self.capacity, value_states.shape[-1])
        self.length = 0
        self.is_initialized = True

    def update(self, key_states, value_states, *args, **kwargs):
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        end = self.length + key_states.shape[-2]
        self.key_buffer[:, :, self.length:end] = key_states
        self.value_buffer[:, :, self.length:end] = value_states
        self.length = end
        self.keys, self.values = self.key_buffer[:, :, :end], self.value_buffer[:, :, :end]
        return self.keys, self.values

    def batch_select_indices(self, indices):
        self.key_buffer, self.value_buffer = self.key_buffer[indices], self.value_buffer[indices]
        self.keys, self.values = self.key_buffer[:, :, :self.length], self.value_buffer[:, :, :self.length]

    @classmethod
    def merged(cls, a: "_BufferLayer", b: "_BufferLayer", width: int, capacity: int) -> "_BufferLayer":
        """a's rows then b's rows, each right-aligned at `width`; unused slots are zeros, never NaN garbage."""
        layer = cls(capacity)
        rows = a.keys.shape[0] + b.keys.shape[0]
        layer.key_buffer = a.keys.new_zeros(rows, a.keys.shape[1], capacity, a.keys.shape[3])
        layer.value_buffer = a.values.new_zeros(rows, a.values.shape[1], capacity, a.values.shape[3])
        for start, part in ((0, a), (a.keys.shape[0], b)):
            end = start + part.keys.shape[0]
            layer.key_buffer[start:end, :, width - part.length:width] = part.keys
            layer.value_buffer[start:end, :, width - part.length:width] = part.values
        layer.device, layer.length, layer.is_initialized = a.device, width, True
        layer.keys, layer.values = layer.key_buffer[:, :, :width], layer.value_buffer[:, :, :width]
        return layer

    def trim_front(self, count: int):
        self.key_buffer, self.value_buffer = self.key_buffer[:, :, count:], self.value_buffer[:, :, count:]
        self.length -= count
        self.keys, self.values = self.key_buffer[:, :, :self.length], self.value_buffer[:, :, :self.length]


def _eos_ids(model, tokenizer) -> set[int]:
    ids = set()
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    for value in (configured, tokenizer.eos_token_id):
        if isinstance(value, int):
            ids.add(value)
        elif value:
            ids.update(value)
    return ids


def _device(model):
    return next(model.parameters()).device


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
                TimeRemainingColumn

            self.console = Console(stderr=True)
            self.progress = Progress(
                TextColumn("generating"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=self.console,
            )
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
