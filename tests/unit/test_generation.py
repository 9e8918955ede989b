"""Generation engine on tiny-random: greedy equals HF generate (continuous batching included), log-probs equal a
teacher-forced pass, sampling knobs, prompt formats, stop rules and code-block extraction."""

import pytest
import torch

from codegen_rlhf import generation_engines
from codegen_rlhf.config import LoraConfig
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.decode_step import LlamaForward
from codegen_rlhf.errors import UserError
from codegen_rlhf.generation import ChatFormat, Generator, RawFormat, choose_format, extract_code
from codegen_rlhf.generation_engines import teacher_forced_logprobs
from codegen_rlhf.models import apply_lora, load_causal_lm

PROMPTS = ["def add(a, b):\n", "def f(x):\n    '''Return x squared.'''\n", "x = 1", "import os\n\ndef g():\n    pass",
           "class A:\n    def m(self):\n"]


@pytest.fixture(scope="module")
def tiny():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matmuls: extra threads only add synchronisation cost on a busy machine
    yield load_causal_lm("tiny-random")
    torch.set_num_threads(threads)


def with_early_stops(tiny, backend):
    """A generator whose EOS set includes a token the random model emits at different steps per prompt, so
    rows finish at different times and the continuous batching (leave + refill) is exercised."""
    model, tokenizer = tiny
    probe = Generator(model, tokenizer).generate(PROMPTS, max_new_tokens=24, progress=False)
    counts = torch.bincount(torch.cat([s[0].response_ids for s in probe]))
    frequent = int(counts.argsort(descending=True)[1])  # the second most common token: common, not everywhere
    generator = Generator(model, tokenizer, backend=backend)
    generator._eos_ids = generator._eos_ids | {frequent}
    return generator


def test_greedy_loop_equals_hf_generate_with_rows_leaving_and_refilling(tiny, monkeypatch):
    merges = []
    merge = generation_engines._Batch.merge
    monkeypatch.setattr(generation_engines._Batch, "merge", lambda self, *a: merges.append(1) or merge(self, *a))
    ours = with_early_stops(tiny, "loop").generate(PROMPTS, max_new_tokens=24, batch_size=2, progress=False)
    reference = with_early_stops(tiny, "hf").generate(PROMPTS, max_new_tokens=24, batch_size=8, progress=False)
    lengths = [len(s[0].response_ids) for s in ours]
    assert len(set(lengths)) > 1 and min(lengths) < 24  # rows really ended at different steps
    assert merges  # and waiting rows joined a running batch
    for a, b in zip(ours, reference):
        assert a[0].response_ids.tolist() == b[0].response_ids.tolist()
        assert a[0].finish_reason == b[0].finish_reason
        assert a[0].completion == b[0].completion


@pytest.mark.slow
def test_static_backend_compiles_once_and_gives_the_loops_tokens_with_slots_refilled(tiny, recwarn):
    ours = with_early_stops(tiny, "static")
    results = [ours.generate(PROMPTS, max_new_tokens=24, batch_size=2, progress=False) for _ in range(2)]
    slots = ours.engine.slots[1]
    assert ours.generate(PROMPTS[:2], max_new_tokens=24, batch_size=2, progress=False) and ours.engine.slots[1] is slots
    reference = with_early_stops(tiny, "loop").generate(PROMPTS, max_new_tokens=24, batch_size=2, progress=False)
    lengths = [len(s[0].response_ids) for s in reference]
    assert len(set(lengths)) > 1 and min(lengths) < 24  # rows ended at different steps: slots were refilled
    for result in results:
        assert [s[0].response_ids.tolist() for s in result] == [s[0].response_ids.tolist() for s in reference]
    assert not [w for w in recwarn if "uncompiled" in str(w.message)]  # the compiled step really ran


def test_static_backend_falls_back_to_the_loop_for_a_model_it_cannot_serve(tiny):
    model, tokenizer = tiny
    handle = model.model.layers[0].register_forward_pre_hook(lambda *args: None)  # e.g. ZeRO-3 gathering
    try:
        with pytest.warns(RuntimeWarning, match="using the loop backend"):
            ours = Generator(model, tokenizer, backend="static").generate(PROMPTS, max_new_tokens=8, progress=False)
        reference = Generator(model, tokenizer).generate(PROMPTS, max_new_tokens=8, progress=False)
    finally:
        handle.remove()
    assert [s[0].response_ids.tolist() for s in ours] == [s[0].response_ids.tolist() for s in reference]


def test_logprobs_equal_teacher_forced_forward_pass(tiny):
    model, tokenizer = tiny
    samples = Generator(model, tokenizer).generate(PROMPTS[:3], n=2, temperature=1.0, max_new_tokens=12,
                                                   batch_size=3, return_logprobs=True, progress=False)
    for sample in (s for per_prompt in samples for s in per_prompt):
        sequence = torch.cat([sample.prompt_ids, sample.response_ids])[None]
        expected = teacher_forced_logprobs(model, sequence, len(sample.prompt_ids), torch.ones_like(sequence))[0]
        assert sample.logprobs.shape == sample.response_ids.shape
        torch.testing.assert_close(sample.logprobs, expected, atol=1e-4, rtol=1e-4)


def test_the_samples_of_a_prompt_share_one_prefill(tiny):
    model, tokenizer = tiny
    prefill_rows = []
    hook = model.register_forward_pre_hook(
        lambda module, args, kwargs: prefill_rows.append(len(kwargs["input_ids"]))
        if kwargs["input_ids"].shape[1] > 1 else None, with_kwargs=True)
    try:
        samples = Generator(model, tokenizer).generate(PROMPTS[:2], n=4, temperature=1.0, max_new_tokens=6,
                                                       batch_size=8, progress=False)
    finally:
        hook.remove()
    assert prefill_rows == [2]  # two distinct prompts, eight rows
    assert len({tuple(s.response_ids.tolist()) for per in samples for s in per}) > 2  # the rows still diverge


def test_sampling_is_seeded_and_a_tiny_nucleus_is_greedy(tiny):
    model, tokenizer = tiny
    gen = Generator(model, tokenizer)
    first = gen.generate(PROMPTS[:2], n=3, temperature=1.0, max_new_tokens=10, seed=7, progress=False)
    again = gen.generate(PROMPTS[:2], n=3, temperature=1.0, max_new_tokens=10, seed=7, progress=False)
    other = gen.generate(PROMPTS[:2], n=3, temperature=1.0, max_new_tokens=10, seed=8, progress=False)
    ids = lambda run: [s.response_ids.tolist() for per in run for s in per]  # noqa: E731
    assert ids(first) == ids(again) and ids(first) != ids(other)
    assert len(set(map(tuple, ids(first)))) > 1  # n samples differ from each other
    greedy = gen.generate(PROMPTS[:2], max_new_tokens=10, progress=False)
    nucleus = gen.generate(PROMPTS[:2], temperature=1.0, top_p=1e-6, max_new_tokens=10, progress=False)
    assert ids(greedy) == ids(nucleus)


def test_greedy_n_copies_and_budget(tiny):
    model, tokenizer = tiny
    gen = Generator(model, tokenizer)
    samples = gen.generate(PROMPTS[:2], n=3, max_new_tokens=5, progress=False)
    assert [len(per) for per in samples] == [3, 3]
    assert all(s.response_ids.tolist() == per[0].response_ids.tolist() for per in samples for s in per)
    assert gen.stats.samples == 2 and gen.stats.new_tokens <= 10  # computed once per prompt
    assert all(s.finish_reason in ("length", "eos", "stop") and len(s.response_ids) <= 5 for per in samples for s in per)


def test_model_training_mode_is_restored(tiny):
    model, tokenizer = tiny
    model.train()
    try:
        Generator(model, tokenizer).generate(PROMPTS[:1], max_new_tokens=3, progress=False)
        assert model.training
    finally:
        model.eval()


def test_format_is_picked_from_the_tokenizer(tiny):
    _, tokenizer = tiny
    assert choose_format(tokenizer).name == "raw"  # the tiny tokenizer has no chat template
    with pytest.raises(UserError, match="chat template"):
        choose_format(tokenizer, "chat")
    with pytest.raises(UserError, match="unknown prompt format"):
        choose_format(tokenizer, "fancy")
    tokenizer.chat_template = "{% for m in messages %}<s>{{ m['content'] }}</s>{% endfor %}"
    try:
        chat = choose_format(tokenizer)
        assert chat.name == "chat"
        text = tokenizer.decode(chat.encode(tokenizer, "def f():\n"))
        assert "```python\ndef f():\n```" in text and text.startswith("<s>")
    finally:
        tokenizer.chat_template = None


def test_raw_stop_sequences():
    raw = RawFormat()
    assert raw.cut("    return 1\n\n\ndef other():") == "    return 1\n\n"
    assert raw.cut("    return 1\n#comment") == "    return 1"
    assert raw.cut("    return 1\nif __name__") == "    return 1"
    assert raw.cut("    return 1\nprint(f(2))") == "    return 1"
    assert raw.cut("    return 1\nclass B:") == "    return 1"
    assert raw.cut("    if x:\n        # keep\n        return 1") is None  # indented: still inside the function
    assert raw.completion("    return 2") == "    return 2"


def test_chat_stop_and_code_extraction():
    chat = ChatFormat()
    reply = "Here it is:\n```python\ndef f(x):\n    return x\n```\nThis function returns x.\n```python\nf(1)\n```"
    assert chat.cut("Here it is:\n```python\ndef f(x):\n") is None  # the block is still open
    assert chat.cut(reply) == "Here it is:\n```python\ndef f(x):\n    return x\n```"
    assert chat.completion(reply) == "\ndef f(x):\n    return x\n"
    assert extract_code("```\nx = 1\n```") == "x = 1\n"
    assert extract_code("```py\n    return 1\n") == "    return 1\n"  # unclosed block: the rest
    assert extract_code("def g():\n    return 2\n") == "def g():\n    return 2\n"  # no fence: everything


@pytest.mark.slow
def test_smollm2_greedy_equals_hf_generate_on_humaneval_prompts():
    model, tokenizer = load_causal_lm("smollm2-135m")
    prompts = [p["prompt"] for p in list(load_problems("humaneval").values())[:4]]
    ours = Generator(model, tokenizer).generate(prompts, max_new_tokens=32, batch_size=2, progress=False)
    reference = Generator(model, tokenizer, backend="hf").generate(prompts, max_new_tokens=32, batch_size=4,
                                                                   progress=False)
    assert Generator(model, tokenizer).format.name == "chat"
    for a, b in zip(ours, reference):
        assert a[0].response_ids.tolist() == b[0].response_ids.tolist()
        assert a[0].completion == b[0].completion


def test_an_adapter_is_merged_for_generation_and_changes_the_outputs(tmp_path, tiny):
    policy = apply_lora(load_causal_lm("tiny-random")[0], LoraConfig(r=4, alpha=8, dropout=0.0))
    with torch.no_grad():
        for name, param in policy.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)  # LoRA starts as a no-op; make the adapter change the outputs
    policy.save_pretrained(tmp_path / "adapter")

    merged = Generator.load("tiny-random", adapter=str(tmp_path / "adapter"), prompt_format="raw")
    assert LlamaForward.supports(merged.model)  # plain projections again: the inlined decode step applies
    unmerged = Generator(policy.eval(), tiny[1], prompt_format="raw")
    base = Generator(*tiny, prompt_format="raw")
    ids = lambda gen: [s[0].response_ids.tolist() for s in gen.generate(PROMPTS, max_new_tokens=12, progress=False)]  # noqa: E731
    assert ids(merged) == ids(unmerged) != ids(base)
