"""The generation backends' engines (generation_backends.BACKENDS builds them): how `generation.Generator`
turns rows of prompt ids into tokens.

Backends (`backend=`, declared in generation_backends.py, each built into an engine class here):

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

An engine is made once per Generator and called once per `generate` call with its rows, the call's settings
(`Request`) and a progress bar; each new token goes through `Generator.take`, which applies the stop rule.
"""

from __future__ import annotations

import collections
import warnings
from dataclasses import dataclass, field
from typing import Iterator

import torch
import torch.nn.functional as F
from transformers.cache_utils import Cache, DynamicCache, DynamicLayer

from codegen_rlhf.decode_step import StaticSlots, decode_forward


@dataclass
class Row:
    """A sequence being generated: which prompt and sample it is, its prompt ids, what it produced so far."""

    prompt_index: int
    sample_index: int
    prompt_ids: list[int]
    tokens: list[int] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    finish_reason: str = "length"
    text: str = ""


@dataclass(frozen=True)
class Request:
    """One `generate` call's settings, as its backend's engine gets them."""

    batch_size: int
    temperature: float
    top_p: float
    max_new_tokens: int
    return_logprobs: bool
    seed: int
    rng: torch.Generator  # seeded by `seed`: the draws of nucleus sampling


@torch.inference_mode()
def teacher_forced_logprobs(model, sequences: torch.Tensor, prompt_width: int, attention_mask: torch.Tensor):
    """Log-probs of sequences[:, prompt_width:] given everything before them, in one forward pass."""
    position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
    logits = model(input_ids=sequences, attention_mask=attention_mask, position_ids=position_ids).logits
    logits = logits[:, prompt_width - 1:-1, :].float()
    return torch.log_softmax(logits, dim=-1).gather(-1, sequences[:, prompt_width:, None]).squeeze(-1)


# ---------------------------------------------------------------------------------------------- the engines


def _longest_first(rows: list[Row]) -> list[Row]:
    """Similar lengths share a batch: less padding. Longest first, so the memory peak shows up early."""
    return sorted(rows, key=lambda r: -len(r.prompt_ids))


class LoopEngine:
    """The `loop` backend: continuous batching, a finished row leaves the batch at once and a waiting row takes
    its slot."""

    def __init__(self, generator):
        self.generator = generator

    @torch.inference_mode()
    def __call__(self, rows: list[Row], request: Request, bar) -> None:
        generator, batch_size, max_new_tokens = self.generator, request.batch_size, request.max_new_tokens
        forward = decode_forward(generator.model)
        pending = collections.deque(_longest_first(rows))
        batch: _Batch | None = None
        while pending or batch is not None:
            # 1. Waiting rows fill the free slots: prefilled on their own, then merged into the running batch.
            if pending and (batch is None or (batch.mergeable and len(batch.rows) < batch_size)):
                free = batch_size - (len(batch.rows) if batch else 0)
                fresh = self._prefill([pending.popleft() for _ in range(min(free, len(pending)))], max_new_tokens,
                                      forward)
                batch = fresh if batch is None else batch.merge(fresh, max_new_tokens)
            # 2. Every running row takes its next token; finished rows leave.
            tokens, logprobs = _pick(forward, batch.head_input, request.temperature, request.top_p,
                                     request.return_logprobs, request.rng)
            keep = []
            token_list = tokens.tolist()  # one device sync per step, not one per row
            logprob_list = logprobs.tolist() if logprobs is not None else None
            for b, row in enumerate(batch.rows):
                if generator.take(row, token_list[b], logprob_list and logprob_list[b], max_new_tokens):
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

    def _prefill(self, rows: list[Row], max_new_tokens: int, forward) -> "_Batch":
        """The rows' prompts through the model once per distinct prompt (the n samples of a prompt share it)."""
        model = self.generator.model
        distinct: dict[tuple, int] = {}
        source = [distinct.setdefault(tuple(row.prompt_ids), len(distinct)) for row in rows]
        firsts = [rows[source.index(i)] for i in range(len(distinct))]
        input_ids, attention_mask = _left_pad(firsts, self.generator.tokenizer.pad_token_id, _device(model))
        position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
        cache = _make_cache(model, input_ids.shape[1] + max_new_tokens)
        head_input = forward.prefill(input_ids, attention_mask, position_ids, cache)
        batch = _Batch(firsts, cache, attention_mask, position_ids[:, -1:] + 1, head_input)
        if len(firsts) < len(rows):
            batch.select(source)
            batch.rows = rows
        return batch


class StaticEngine:
    """The `static` backend: fixed slots and a fixed-size cache, so that the decode step is compiled once
    (decode_step.StaticSlots); a slot takes the next waiting row as soon as its row finishes."""

    def __init__(self, generator):
        self.generator = generator
        self.slots: tuple[tuple[int, int], StaticSlots] | None = None  # ((slots, capacity), ...) of the last call

    @torch.inference_mode()
    def __call__(self, rows: list[Row], request: Request, bar) -> None:
        generator = self.generator
        forward = decode_forward(generator.model)
        rows = _longest_first(rows)
        capacity = -(-(max(len(r.prompt_ids) for r in rows) + request.max_new_tokens) // 64) * 64  # fewer recompiles
        if not StaticSlots.supports(forward, capacity):
            warnings.warn("the static backend needs a plain Llama/Mistral model without adapters or hooks, "
                          "attending over the whole sequence; using the loop backend", RuntimeWarning, stacklevel=4)
            LoopEngine(generator)(rows, request, bar)
            return
        key = (min(request.batch_size, len(rows)), capacity)
        if self.slots is None or self.slots[0] != key:  # kept across calls: compiled once, not per call
            self.slots = key, StaticSlots(forward, *key)
        slots = self.slots[1]
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
            tokens, logprobs = _pick(forward, head_input, request.temperature, request.top_p, request.return_logprobs,
                                     request.rng)
            token_list, logprob_list = tokens.tolist(), logprobs.tolist() if logprobs is not None else None
            generated = len(running)
            for slot, row in list(running.items()):
                if not generator.take(row, token_list[slot], logprob_list and logprob_list[slot],
                                      request.max_new_tokens):
                    del running[slot]
            bar.advance(generated - len(running), generated)
            if running:
                head_input = slots.step(tokens).clone()  # a CUDA graph's output is overwritten by its next run


class HFEngine:
    """The `hf` backend: HF `generate` in plain batches, truncated at the same stop rule afterwards."""

    def __init__(self, generator):
        self.generator = generator

    def __call__(self, rows: list[Row], request: Request, bar) -> None:
        for chunk in _chunks(_longest_first(rows), request.batch_size):
            self._generate(chunk, request)
            bar.advance(len(chunk), sum(len(r.tokens) for r in chunk))

    @torch.inference_mode()
    def _generate(self, rows: list[Row], request: Request) -> None:
        generator, model, temperature = self.generator, self.generator.model, request.temperature
        input_ids, attention_mask = _left_pad(rows, generator.tokenizer.pad_token_id, _device(model))
        sampling = dict(do_sample=True, temperature=temperature, top_p=request.top_p) if temperature > 0 \
            else dict(do_sample=False)
        if temperature > 0:
            torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=request.rng)))
        out = model.generate(input_ids=input_ids, attention_mask=attention_mask, max_new_tokens=request.max_new_tokens,
                             pad_token_id=generator.tokenizer.pad_token_id, eos_token_id=sorted(generator._eos_ids),
                             output_scores=request.return_logprobs, return_dict_in_generate=True, top_k=None,
                             **sampling)
        new = out.sequences[:, input_ids.shape[1]:]
        logprobs = None
        if request.return_logprobs:  # scores are processed; the raw distribution needs a forward pass
            logprobs = teacher_forced_logprobs(model, out.sequences, input_ids.shape[1],
                                               torch.cat([attention_mask, torch.ones_like(new)], dim=1))
        for b, row in enumerate(rows):
            for t, token in enumerate(new[b].tolist()):
                logprob = float(logprobs[b, t]) if logprobs is not None else None
                if not generator.take(row, token, logprob, request.max_new_tokens):
                    break


class VLLMEngine:
    """The `vllm` backend: vLLM loads the model from its path and generates; the text is cut by our stop rule."""

    def __init__(self, generator):
        from vllm import LLM  # noqa: PLC0415 (optional package: vllm, checked before the Generator was made)

        self.generator = generator
        self.llm_class = LLM
        self.llm = None  # made on the first call, with its seed

    def __call__(self, rows: list[Row], request: Request, bar) -> None:
        from vllm import SamplingParams, TokensPrompt  # noqa: PLC0415 (optional package: vllm)

        generator = self.generator
        if self.llm is None:
            self.llm = self.llm_class(model=generator.model_path, seed=request.seed)
        stop = generator.format.stop_strings
        params = SamplingParams(temperature=request.temperature, top_p=request.top_p,
                                max_tokens=request.max_new_tokens, stop=list(stop) if stop else None,
                                logprobs=0 if request.return_logprobs else None, seed=request.seed)
        outputs = self.llm.generate([TokensPrompt(prompt_token_ids=r.prompt_ids) for r in rows], params)
        for row, output in zip(rows, outputs):
            result = output.outputs[0]
            for t, token in enumerate(result.token_ids):
                logprob = result.logprobs[t][token].logprob if request.return_logprobs else None
                if not generator.take(row, token, logprob, request.max_new_tokens):
                    break
            if result.finish_reason == "stop" and row.finish_reason == "length":
                row.finish_reason, row.text = "stop", result.text
        bar.advance(len(rows), sum(len(r.tokens) for r in rows))


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


def _left_pad(rows: list[Row], pad: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r.prompt_ids) for r in rows)
    input_ids = torch.tensor([[pad] * (width - len(r.prompt_ids)) + r.prompt_ids for r in rows], device=device)
    attention_mask = torch.tensor([[0] * (width - len(r.prompt_ids)) + [1] * len(r.prompt_ids) for r in rows],
                                  device=device)
    return input_ids, attention_mask


def _device(model):
    return next(model.parameters()).device


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
