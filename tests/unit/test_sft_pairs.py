"""SFT data: sources and their errors, templates, loss masking, packing without cross-example attention."""

import json

import datasets
import pytest
import torch

from codegen_rlhf.config import load_config
from codegen_rlhf.data import sft_pairs
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.models import random_model, tiny_tokenizer
from codegen_rlhf.sft import completion_loss_sum

PAIRS = [
    {"description": "Return the sum of a and b.", "code": "def add(a, b):\n    return a + b\n"},
    {"description": "Return the larger of x and y.\n\nTies return x.",
     "code": "import math\n\ndef bigger(x, y):\n    if y > x:\n        return y\n    return x\n"},
    {"description": "Reverse a string.", "code": "def rev(s):\n    return s[::-1]\n"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_jsonl_source_with_custom_columns(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": p["description"], "solution": p["code"]} for p in PAIRS])
    pairs = sft_pairs.load_pairs([str(path)], "text", "solution")
    assert [p["code"] for p in pairs] == [p["code"] for p in PAIRS]


def test_wrong_column_names_the_available_ones(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "x", "solution": "y"}])
    with pytest.raises(UserError, match=r"no column 'description'; available columns: text, solution"):
        sft_pairs.load_pairs([str(path)], "description", "solution")


def test_malformed_jsonl_names_the_line(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(PAIRS[0]) + "\n\n{not json\n")
    with pytest.raises(UserError, match=r"d\.jsonl:3: malformed JSON"):
        sft_pairs.load_pairs([str(path)], "description", "code")


def test_missing_file_and_unsupported_suffix(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        sft_pairs.load_pairs([str(tmp_path / "absent.jsonl")], "description", "code")
    (tmp_path / "d.txt").write_text("hello")
    with pytest.raises(UserError, match="use a .jsonl"):
        sft_pairs.load_pairs([str(tmp_path / "d.txt")], "description", "code")


def test_parquet_source(tmp_path):
    datasets.Dataset.from_list(PAIRS).to_parquet(str(tmp_path / "d.parquet"))
    assert len(sft_pairs.load_pairs([str(tmp_path / "d.parquet")], "description", "code")) == len(PAIRS)


def test_builtin_corpus_never_contains_heldout_tasks():
    pairs = sft_pairs.builtin_pairs()
    sources = {p["source"] for p in pairs}
    try:
        heldout, train = load_problems("heldout"), load_problems("train")
    except UserError:
        pytest.skip("no task suite in this checkout")
    assert not sources & set(heldout)
    assert sources & set(train)  # the train split is in
    assert len(pairs) > 500  # the mined stdlib pairs


def test_docstring_template_is_humaneval_layout():
    prompt, completion = sft_pairs.docstring_prompt(PAIRS[1]["description"], PAIRS[1]["code"])
    assert prompt == ('import math\n\ndef bigger(x, y):\n    """Return the larger of x and y.\n\n'
                      '    Ties return x.\n    """\n')
    assert completion == "    if y > x:\n        return y\n    return x\n"
    assert sft_pairs.docstring_prompt("d", "x = 1\n") is None


def test_labels_mask_every_prompt_token_and_keep_the_completion():
    tokenizer = tiny_tokenizer()
    prompt, completion = sft_pairs.render(PAIRS[0], "instruction", tokenizer, chat=False)
    row = sft_pairs.tokenize(prompt, completion, tokenizer, max_seq_len=512, chat=False)
    n_prompt = len(tokenizer(prompt)["input_ids"])
    assert row["labels"][:n_prompt] == [-100] * n_prompt
    kept = [t for t in row["labels"] if t != -100]
    assert tokenizer.decode(kept) == completion + tokenizer.eos_token
    assert row["input_ids"][n_prompt:] == kept


def test_chat_template_completion_is_the_assistant_turn():
    tokenizer = tiny_tokenizer()
    tokenizer.chat_template = ("{% for m in messages %}<|{{ m.role }}|>{{ m.content }}</s>{% endfor %}"
                               "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    assert sft_pairs.use_chat(tokenizer, "auto")
    prompt, completion = sft_pairs.render(PAIRS[2], "instruction", tokenizer, chat=True)
    assert prompt == "<|user|>Reverse a string.</s><|assistant|>"
    assert completion == "```python\ndef rev(s):\n    return s[::-1]\n```</s>"
    assert not sft_pairs.use_chat(tokenizer, "raw")
    with pytest.raises(UserError, match="no chat template"):
        sft_pairs.use_chat(tiny_tokenizer(), "chat")


def test_overlong_prompts_are_dropped_and_completions_truncated():
    tokenizer = tiny_tokenizer()
    assert sft_pairs.tokenize("p" * 100, "c" * 10, tokenizer, max_seq_len=100, chat=False) is None
    row = sft_pairs.tokenize("p" * 10, "c" * 200, tokenizer, max_seq_len=64, chat=False)
    assert len(row["input_ids"]) == 64


def _rows(tokenizer):
    rows = []
    for pair in PAIRS:
        rows.append(sft_pairs.tokenize(*sft_pairs.render(pair, "instruction", tokenizer, False), tokenizer, 512, False))
    return rows


def test_packing_restarts_positions_and_keeps_every_label():
    tokenizer = tiny_tokenizer()
    rows = _rows(tokenizer)
    packed = sft_pairs.pack(rows, max_seq_len=sum(len(r["input_ids"]) for r in rows[:2]))
    assert len(packed) == 2
    first = packed[0]
    starts = [i for i, p in enumerate(first["position_ids"]) if p == 0]
    assert starts == [0, len(rows[0]["input_ids"])]
    assert first["labels"] == rows[0]["labels"] + rows[1]["labels"]


def test_packed_loss_equals_the_separate_examples_loss():
    """No attention across packed examples: the packed row's summed loss is that of the examples alone."""
    tokenizer = tiny_tokenizer()
    model = random_model().eval()
    model.config._attn_implementation = "sdpa"
    rows = _rows(tokenizer)
    with torch.no_grad():
        separate = sum(completion_loss_sum(model, sft_pairs.collate([r], tokenizer.pad_token_id, False))[0]
                       for r in rows)
        packed_rows = sft_pairs.pack(rows, max_seq_len=4096)
        assert len(packed_rows) == 1
        together, n = completion_loss_sum(model, sft_pairs.collate(packed_rows, tokenizer.pad_token_id, True))
        padded, n_padded = completion_loss_sum(model, sft_pairs.collate(rows, tokenizer.pad_token_id, False))
    assert n == n_padded == sum(sum(t != -100 for t in r["labels"]) for r in rows)
    assert torch.allclose(together, separate, rtol=1e-5)
    assert torch.allclose(padded, separate, rtol=1e-5)
    # and the check can fail: without restarting positions the examples see each other
    leaky = sft_pairs.collate(packed_rows, tokenizer.pad_token_id, True)
    leaky["position_ids"] = torch.arange(leaky["input_ids"].shape[1])[None]
    with torch.no_grad():
        assert not torch.allclose(completion_loss_sum(model, leaky)[0], separate, rtol=1e-4)


def test_build_splits_eval_and_caps_examples(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [dict(p, description=f"{p['description']} #{i}")
                                               for i in range(20) for p in PAIRS])
    cfg = load_config("tiny", [f"sft.data=[{path}]", "sft.eval_fraction=0.1", "sft.max_examples=30"])
    data = sft_pairs.build(cfg.sft, tiny_tokenizer())
    assert len(data.eval) == 6 and len(data.train) == 30
