"""The model side of the decode loop (generation_engines.py): a forward pass over new tokens, and the next-token choice.

Two implementations of one interface (`prefill`, `step`, `logits`, `greedy`), picked by `decode_forward`:

- `ModelForward`: the model's own forward. Works for every architecture, PEFT adapters, quantized layers and
  modules that carry hooks (DeepSpeed ZeRO-3 gathers its partitioned parameters in them). `prefill` and `step`
  return the last position's logits.
- `LlamaForward`: plain Llama and Mistral models (the embedded SmolLM2, Mistral-7B) whose projections are
  `nn.Linear`, with SDPA attention and no hooks. A decode step runs the same tensor operations as HF's modules,
  in the same order on the same tensors (its RMSNorm modules and `rotate_half` are HF's own), so the logits are
  bit for bit HF's (tested), without most module calls, keyword plumbing and output objects around them: for
  SmolLM2-135M on the 2-core CPU that is ~900 module calls and ~13% of a step. `prefill` and `step` return the
  final hidden state of the last position, shaped [rows, 1, hidden] as HF hands it to the output layer (the
  same layout gives the same rounding); `logits` and `greedy` apply the output layer.

`LlamaForward.greedy` on a CPU with native bf16 matrix products and fp32 weights finds the argmax of the logits
without reading all the fp32 output weights (the output layer is ~20% of a SmolLM2 decode step): it scores the
vocabulary with a bf16 copy of the weights, bounds the error of every score, and recomputes in fp32 only the
tokens whose upper bound reaches the best lower bound. The fp32 argmax is always among them, so greedy decoding
picks the same tokens (`_ScreenedHead`).

`StaticSlots` runs `LlamaForward`'s layers on a cache of fixed shape, so that its step can be compiled (the
`static` backend of generation_engines.py).

`LlamaForward` copies HF's modules, so it is used only with the transformers releases it was written against
(`WRITTEN_FOR_TRANSFORMERS`, the range pyproject.toml pins): with any other, a module that changed upstream
would silently give other logits, so every model runs its own forward instead, with one warning per process.
"""

from __future__ import annotations

import functools
import warnings

import torch
import torch.nn.functional as F
import transformers
from packaging.specifiers import SpecifierSet
from torch import nn
from transformers import DynamicCache
from transformers.models.llama.modeling_llama import rotate_half  # Mistral's is the same function

WRITTEN_FOR_TRANSFORMERS = SpecifierSet(">=5.25,<5.26")


def decode_forward(model) -> "ModelForward | LlamaForward":
    if LlamaForward.supports(model) and _inlining_matches_transformers(transformers.__version__):
        return LlamaForward(model)
    return ModelForward(model)


@functools.cache  # once per installed version: one warning per process, not one per generate call
def _inlining_matches_transformers(installed: str) -> bool:
    if WRITTEN_FOR_TRANSFORMERS.contains(installed, prereleases=True):
        return True
    warnings.warn(f"transformers {installed} is not the release the inlined Llama/Mistral decode step was written "
                  f"against ({WRITTEN_FOR_TRANSFORMERS}): generating with the model's own forward, which is slower "
                  "on a CPU", RuntimeWarning, stacklevel=3)
    return False


class ModelForward:
    def __init__(self, model):
        self.model = model

    def prefill(self, input_ids, attention_mask, position_ids, cache) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                          cache=cache, use_cache=True, logits_to_keep=1).logits[:, -1, :]

    def step(self, tokens, attention_mask, position_ids, cache) -> torch.Tensor:
        return self.prefill(tokens[:, None], attention_mask, position_ids, cache)

    def logits(self, head_input: torch.Tensor) -> torch.Tensor:
        return head_input

    def greedy(self, head_input: torch.Tensor) -> torch.Tensor:
        return head_input.float().argmax(dim=-1)


class LlamaForward:
    ARCHITECTURES = ("LlamaForCausalLM", "MistralForCausalLM")

    @classmethod
    def supports(cls, model) -> bool:
        if type(model).__name__ not in cls.ARCHITECTURES or model.config._attn_implementation != "sdpa":
            return False
        for module in model.modules():
            if module._forward_hooks or module._forward_pre_hooks:
                return False
        projections = [model.lm_head] + [
            linear for layer in model.model.layers
            for linear in (layer.self_attn.q_proj, layer.self_attn.k_proj, layer.self_attn.v_proj,
                           layer.self_attn.o_proj, layer.mlp.gate_proj, layer.mlp.up_proj, layer.mlp.down_proj)]
        return all(type(linear) is nn.Linear for linear in projections)  # not LoRA-wrapped, not quantized

    def __init__(self, model):
        # Internals of the release in WRITTEN_FOR_TRANSFORMERS, imported once decode_forward has checked the installed
        # one: under another release this module still imports and generation falls back to the model's own forward.
        from transformers.integrations.sdpa_attention import (  # noqa: PLC0415 (internals: after the release check)
            sdpa_attention_forward,
        )
        from transformers.masking_utils import (  # noqa: PLC0415 (internals: after the release check)
            create_causal_mask, create_sliding_window_causal_mask,
        )

        self.model = model
        self.decoder = model.model
        config = self.decoder.config
        # What the HF model itself calls (MistralModel picks the sliding-window mask when a window is set).
        self.mask_function = create_sliding_window_causal_mask if getattr(config, "sliding_window", None) \
            else create_causal_mask
        self.attention = sdpa_attention_forward
        self.layers = self.decoder.layers[: config.num_hidden_layers]
        self._screened_head: _ScreenedHead | None = None

    def prefill(self, input_ids, attention_mask, position_ids, cache) -> torch.Tensor:
        return self.decoder(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                            cache=cache, use_cache=True).last_hidden_state[:, -1:, :]

    def step(self, tokens, attention_mask, position_ids, cache) -> torch.Tensor:
        """One new token per row: LlamaModel.forward and its layers' forwards, inlined."""
        hidden = self.decoder.embed_tokens(tokens[:, None])
        mask = self.mask_function(config=self.decoder.config, inputs_embeds=hidden, attention_mask=attention_mask,
                                  cache=cache, position_ids=position_ids)

        def attend(index, attention, query, key, value):
            key, value = cache.update(key, value, index)
            return self.attention(attention, query, key, value, mask, dropout=0.0, scaling=attention.scaling)[0]

        return self.layers_forward(hidden, position_ids, attend)

    def layers_forward(self, hidden, position_ids, attend) -> torch.Tensor:
        """The decoder layers and the final norm over one new token per row; `attend(index, attention module,
        query, key, value)` stores the new key and value and returns the attention output, [rows, 1, heads, dim]."""
        cos, sin = self.decoder.rotary_emb(hidden, position_ids)
        cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
        rows = hidden.shape[0]
        for index, layer in enumerate(self.layers):
            attention, mlp = layer.self_attn, layer.mlp
            heads = (rows, 1, -1, attention.head_dim)
            x = layer.input_layernorm(hidden)
            query = _linear(x, attention.q_proj).view(heads).transpose(1, 2)
            key = _linear(x, attention.k_proj).view(heads).transpose(1, 2)
            value = _linear(x, attention.v_proj).view(heads).transpose(1, 2)
            query, key = query * cos + rotate_half(query) * sin, key * cos + rotate_half(key) * sin
            out = attend(index, attention, query, key, value)
            hidden = hidden + _linear(out.reshape(rows, 1, -1).contiguous(), attention.o_proj)
            x = layer.post_attention_layernorm(hidden)
            hidden = hidden + _linear(mlp.act_fn(_linear(x, mlp.gate_proj)) * _linear(x, mlp.up_proj), mlp.down_proj)
        return self.decoder.norm(hidden)

    def logits(self, head_input: torch.Tensor) -> torch.Tensor:
        return _linear(head_input, self.model.lm_head)[:, -1, :]

    def greedy(self, head_input: torch.Tensor) -> torch.Tensor:
        if not _ScreenedHead.applies(self.model.lm_head):
            return self.logits(head_input).float().argmax(dim=-1)
        if self._screened_head is None:  # built on first use: sampling never needs it
            self._screened_head = _ScreenedHead(self.model.lm_head)
        return self._screened_head.argmax(head_input[:, -1, :])


def _linear(x: torch.Tensor, layer: nn.Linear) -> torch.Tensor:
    return F.linear(x, layer.weight, layer.bias)


class _ScreenedHead:
    """The argmax of `hidden @ W.T` for an fp32 output layer W, computed mostly in bf16.

    For a row h, the bf16 score s_v = bf16(h) . bf16(W_v) (fp32 accumulation, bf16 result) of every token v
    differs from its fp32 logit h . W_v by at most
        bound = |h| max_v |W_v - bf16(W_v)| + (|h - bf16(h)| + K 2^-22 |bf16(h)|) max_v |bf16(W_v)| + 2^-7 max_v |s_v|
    (weight and input rounding, accumulation over K terms, output rounding; each term has a factor 2 to spare).
    So only tokens with s_v >= max(s) - 2 bound can be the argmax; they are scored again in fp32 and the best of
    them is the argmax of the fp32 logits. Usually a handful of tokens out of tens of thousands. One bound per
    row (not per token) keeps the screening to a single pass over the scores.
    """

    @staticmethod
    def applies(layer: nn.Linear) -> bool:
        """fp32 weights on a CPU whose bf16 matrix products are native (elsewhere bf16 is not cheaper)."""
        return (layer.bias is None and layer.weight.dtype == torch.float32 and layer.weight.device.type == "cpu"
                and torch.ops.mkldnn._is_mkldnn_bf16_supported())

    def __init__(self, layer: nn.Linear):
        with torch.no_grad():
            weight = layer.weight
            self.layer = layer
            self.weight_bf16 = weight.to(torch.bfloat16)
            rounded = self.weight_bf16.float()
            self.max_rounding_error = float((weight - rounded).norm(dim=-1).max())
            self.max_norm_bf16 = float(rounded.norm(dim=-1).max())

    def argmax(self, hidden: torch.Tensor) -> torch.Tensor:
        weight = self.layer.weight
        hidden_bf16 = hidden.to(torch.bfloat16)
        scores = F.linear(hidden_bf16, self.weight_bf16).float()
        low, high = scores.aminmax(dim=-1, keepdim=True)
        input_error = (hidden - hidden_bf16.float()).norm(dim=-1, keepdim=True)
        accumulation = hidden.shape[-1] * 2.0 ** -22 * hidden_bf16.float().norm(dim=-1, keepdim=True)
        bound = (hidden.norm(dim=-1, keepdim=True) * self.max_rounding_error
                 + (input_error + accumulation) * self.max_norm_bf16 + 2.0 ** -7 * torch.maximum(low.abs(), high.abs()))
        candidates = scores >= high - 2 * bound
        columns = candidates.any(dim=0).nonzero().squeeze(1)
        if not torch.isfinite(bound).all() or len(columns) > len(weight) // 8:  # no gain, or no valid bound
            return F.linear(hidden, weight).argmax(dim=-1)
        exact = F.linear(hidden, weight[columns]).masked_fill(~candidates[:, columns], float("-inf"))
        return columns[exact.argmax(dim=-1)]


class StaticSlots:
    """Decode state with shapes that never change, so that the step can be compiled (CUDA graphs on a GPU).

    `slots` sequences at once, each in its own slot of a preallocated KV cache of `capacity` columns per layer,
    starting at column 0 (no padding: a column is the token's position). A free slot takes a new sequence at any
    time (`admit`: its prompt is prefilled alone, its keys and values copied in), so batching stays continuous.
    Every step runs all slots and attends over all columns, masked to each slot's length: the work of finished or
    empty slots and of unused columns is the price of shapes that never change.

    For the models `LlamaForward` supports. The attention over masked columns and the compiled kernels round
    differently from HF's modules, so greedy outputs can differ from HF `generate` at near-ties (the `loop`
    backend is the bit-for-bit one).
    """

    @staticmethod
    def supports(forward, capacity: int) -> bool:
        """A Llama/Mistral model on the inlined path whose attention sees every column (no shorter window)."""
        if not isinstance(forward, LlamaForward):
            return False
        window = getattr(forward.model.config, "sliding_window", None)
        return window is None or capacity <= window

    def __init__(self, forward: LlamaForward, slots: int, capacity: int, compile: bool = True):
        self.forward = forward
        weight = forward.decoder.embed_tokens.weight
        shape = (slots, forward.decoder.config.num_key_value_heads, capacity, forward.layers[0].self_attn.head_dim)
        self.keys = [weight.new_zeros(shape) for _ in forward.layers]
        self.values = [weight.new_zeros(shape) for _ in forward.layers]
        self.lengths = torch.zeros(slots, dtype=torch.long, device=weight.device)
        self.columns = torch.arange(capacity, device=weight.device)
        self.capacity = capacity
        self._step = self._compiled() if compile else self._decode

    def admit(self, slot: int, prompt_ids: list[int]) -> torch.Tensor:
        """Prefill `prompt_ids` into `slot` (replacing what it held); returns its head input, [1, 1, hidden]."""
        if len(prompt_ids) >= self.capacity:
            raise ValueError(f"a prompt of {len(prompt_ids)} tokens does not fit {self.capacity} cache columns")
        decoder = self.forward.decoder
        cache = DynamicCache(config=decoder.config)
        ids = torch.tensor([prompt_ids], device=self.lengths.device)
        hidden = decoder(input_ids=ids, cache=cache, use_cache=True).last_hidden_state[:, -1:, :]
        for index, layer in enumerate(cache.layers[: len(self.keys)]):
            self.keys[index][slot, :, : len(prompt_ids)] = layer.keys[0]
            self.values[index][slot, :, : len(prompt_ids)] = layer.values[0]
        self.lengths[slot] = len(prompt_ids)
        return hidden

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        """One token per slot at its next column; returns the head inputs, [slots, 1, hidden]. A slot that
        reaches the last column stops advancing (the caller sizes `capacity` so that no running sequence does)."""
        positions = self.lengths.clamp(max=self.capacity - 1)
        # A slot sees its own columns up to the new token's; column 0 always (an empty slot must not divide by 0).
        visible = (self.columns <= positions[:, None]) | (self.columns == 0)
        mask = torch.zeros(visible.shape, dtype=self.keys[0].dtype, device=visible.device)
        mask = mask.masked_fill(~visible, float("-inf"))[:, None, None, :]
        hidden = self._step(tokens, positions, mask)
        self.lengths = positions + 1
        return hidden

    def _decode(self, tokens, positions, mask) -> torch.Tensor:
        """`LlamaForward`'s inlined step on the fixed slots: keys and values are written in place."""
        rows = torch.arange(len(tokens), device=tokens.device)

        def attend(index, attention, query, key, value):
            self.keys[index][rows, :, positions] = key[:, :, 0]
            self.values[index][rows, :, positions] = value[:, :, 0]
            out = F.scaled_dot_product_attention(query, self.keys[index], self.values[index], attn_mask=mask,
                                                 scale=attention.scaling, enable_gqa=True)
            return out.transpose(1, 2)

        embedded = self.forward.decoder.embed_tokens(tokens[:, None])
        return self.forward.layers_forward(embedded, positions[:, None], attend)

    def _compiled(self):
        """torch.compile'd `_decode` (CUDA graphs on a GPU); the eager one, with a warning, where that fails."""
        for buffer in self.keys + self.values:
            torch._dynamo.mark_static_address(buffer)  # written in place: CUDA graphs must not copy them
        mode = "reduce-overhead" if self.lengths.is_cuda else None
        compiled = torch.compile(self._decode, mode=mode, dynamic=False, fullgraph=True)

        def step(*args):
            nonlocal compiled
            try:
                return compiled(*args)
            except Exception as error:  # a backend or compiler problem: keep generating, uncompiled
                warnings.warn(f"the compiled decode step failed ({type(error).__name__}: {error}); "
                              "running it uncompiled", RuntimeWarning, stacklevel=3)
                compiled = self._decode
                return compiled(*args)

        return step
