"""decode_step: the inlined Llama/Mistral decode step gives HF's logits bit for bit, the bf16-screened greedy head
gives the fp32 argmax (near ties included), and models the inlined step cannot serve get the model's forward."""

from pathlib import Path

import pytest
import torch
import transformers
from packaging.requirements import Requirement
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM

from codegen_rlhf import decode_step
from codegen_rlhf.decode_step import (
    WRITTEN_FOR_TRANSFORMERS,
    LlamaForward,
    ModelForward,
    StaticSlots,
    _ScreenedHead,
    decode_forward,
)
from codegen_rlhf.generation import Generator
from codegen_rlhf.generation_engines import _make_cache
from codegen_rlhf.models import load_causal_lm


def tiny_llama():
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, attn_implementation="sdpa")
    return LlamaForCausalLM(config).eval()


@pytest.mark.parametrize("name", ["llama", "mistral"])
@torch.inference_mode()
def test_inlined_step_equals_the_model_forward_bit_for_bit(name):
    model = tiny_llama() if name == "llama" else load_causal_lm("tiny-random")[0]
    inlined, reference = decode_forward(model), ModelForward(model)
    assert isinstance(inlined, LlamaForward)
    prompts = torch.randint(3, 250, (3, 7))
    mask = torch.ones_like(prompts)
    mask[1, :3] = 0  # left padding: the mask must be applied the same way
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    caches = [_make_cache(model, 20), _make_cache(model, 20)]
    states = [f.prefill(prompts, mask, positions, c) for f, c in zip((inlined, reference), caches)]
    assert torch.equal(inlined.logits(states[0]), states[1])
    next_position = positions[:, -1:] + 1
    for _ in range(5):
        tokens = states[1].argmax(-1)
        mask = torch.cat([mask, mask.new_ones(3, 1)], 1)
        states = [f.step(tokens, mask, next_position, c) for f, c in zip((inlined, reference), caches)]
        next_position = next_position + 1
        assert torch.equal(inlined.logits(states[0]), states[1])


needs_bf16 = pytest.mark.skipif(not torch.ops.mkldnn._is_mkldnn_bf16_supported(),
                                reason="this CPU has no native bf16 matrix products (the screening is off there)")


@needs_bf16
@torch.inference_mode()
def test_screened_greedy_head_equals_the_fp32_argmax_even_on_near_ties():
    torch.manual_seed(0)
    head = torch.nn.Linear(64, 5000, bias=False)
    weight = head.weight
    weight[7] = weight[3] * (1 + 1e-6)  # a near tie bf16 cannot resolve: rows 3 and 7 round to the same values
    hidden = torch.randn(32, 64)
    hidden[:8] = weight[3] * 4  # rows whose best token is 3 or 7 by a hair
    screened = _ScreenedHead(head)
    expected = torch.nn.functional.linear(hidden, weight).argmax(-1)
    assert torch.equal(screened.argmax(hidden), expected)
    assert set(expected[:8].tolist()) <= {3, 7}


@needs_bf16
def test_greedy_uses_the_screened_head_only_for_fp32_weights_on_cpu():
    model = tiny_llama()
    assert _ScreenedHead.applies(model.lm_head)
    assert not _ScreenedHead.applies(model.to(torch.bfloat16).lm_head)


def test_models_the_inlined_step_cannot_serve_get_their_own_forward():
    model = tiny_llama()
    handle = model.model.layers[0].register_forward_pre_hook(lambda *args: None)  # e.g. ZeRO-3 gathering
    assert isinstance(decode_forward(model), ModelForward)
    handle.remove()
    assert isinstance(decode_forward(model), LlamaForward)
    lora = get_peft_model(tiny_llama(), LoraConfig(r=4, target_modules=["q_proj", "v_proj"]))
    assert isinstance(decode_forward(lora), ModelForward)
    eager = LlamaForCausalLM(LlamaConfig(**{**tiny_llama().config.to_dict(), "attn_implementation": "eager"}))
    assert isinstance(decode_forward(eager), ModelForward)


@pytest.mark.parametrize("name", ["llama", "mistral"])
@torch.inference_mode()
def test_static_slots_give_the_models_logits_with_sequences_joining_at_different_steps(name):
    model = tiny_llama() if name == "llama" else load_causal_lm("tiny-random")[0]
    forward = decode_forward(model)
    slots = StaticSlots(forward, slots=2, capacity=32, compile=False)  # compiled: the slow generation test
    sequences = {0: torch.randint(3, 250, (9,)).tolist(), 1: torch.randint(3, 250, (4,)).tolist()}
    head = torch.zeros(2, 1, model.config.hidden_size)
    head[0] = slots.admit(0, sequences[0])[0]
    for step in range(6):
        if step == 3:  # slot 1 was empty so far (its steps were wasted work); now a sequence joins there
            head[1] = slots.admit(1, sequences[1])[0]
        running = [0, 1] if step >= 3 else [0]
        for slot in running:  # each running slot's logits: those of the model's own pass over its sequence
            expected = model(input_ids=torch.tensor([sequences[slot]])).logits[0, -1]
            torch.testing.assert_close(forward.logits(head[slot:slot + 1])[0], expected, atol=1e-5, rtol=1e-5)
        tokens = forward.logits(head).argmax(-1)
        for slot in running:
            sequences[slot].append(int(tokens[slot]))
        head = slots.step(tokens)
    assert slots.lengths.tolist() == [15, 7]


def test_static_slots_serve_only_models_that_attend_over_the_whole_sequence():
    model = tiny_llama()
    assert StaticSlots.supports(decode_forward(model), capacity=64)
    model.model.layers[0].register_forward_pre_hook(lambda *args: None)
    assert not StaticSlots.supports(decode_forward(model), capacity=64)  # the model's own forward: not inlined
    mistral = load_causal_lm("tiny-random")[0]  # a 4096-token sliding window
    assert StaticSlots.supports(decode_forward(mistral), capacity=mistral.config.sliding_window)
    assert not StaticSlots.supports(decode_forward(mistral), capacity=mistral.config.sliding_window + 1)


def test_a_faked_transformers_version_falls_back_to_the_models_own_forward_with_one_warning(monkeypatch, recwarn):
    model, tokenizer = load_causal_lm("tiny-random")
    prompts = ["def add(a, b):\n", "x = 1"]
    inlined = Generator(model, tokenizer, prompt_format="raw").generate(prompts, max_new_tokens=8, progress=False)
    assert isinstance(decode_forward(model), LlamaForward)
    assert not [w for w in recwarn.list if "inlined" in str(w.message)]  # the installed release is the pinned one
    # Faked: a release the step was not written for. Set on the module object decode_step holds: importing a
    # transformers submodule can put another object in sys.modules["transformers"] (seen with 5.25).
    monkeypatch.setattr(decode_step.transformers, "__version__", "5.99.0")
    decode_step._inlining_matches_transformers.cache_clear()
    try:
        assert isinstance(decode_forward(model), ModelForward)
        generator = Generator(model, tokenizer, prompt_format="raw")
        calls = [generator.generate(prompts, max_new_tokens=8, progress=False) for _ in range(2)]
    finally:
        decode_step._inlining_matches_transformers.cache_clear()
    warned = [w for w in recwarn.list if "transformers 5.99.0" in str(w.message)]
    assert len(warned) == 1 and warned[0].category is RuntimeWarning and "model's own forward" in str(warned[0].message)
    for fallback in calls:  # the plain loop gives the inlined step's tokens (they are HF's, bit for bit)
        assert [s[0].response_ids.tolist() for s in fallback] == [s[0].response_ids.tolist() for s in inlined]


def test_pyproject_pins_the_transformers_range_the_inlined_step_was_written_for():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    pinned = [Requirement(r) for r in pyproject["project"]["optional-dependencies"]["train"]
              if Requirement(r).name == "transformers"]
    assert [r.specifier for r in pinned] == [WRITTEN_FOR_TRANSFORMERS]
    assert transformers.__version__ in WRITTEN_FOR_TRANSFORMERS  # the suite runs against the pinned range
