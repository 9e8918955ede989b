"""Mistral-7B-v0.3's real tokenizer, offline: built from the SentencePiece model in the mistral-common wheel, its
ids are SentencePiece's own on code and mistral-common's own on conversations."""

import pytest

pytest.importorskip("mistral_common", reason="the Mistral tokenizer comes from the mistral-common wheel")
import sentencepiece  # noqa: E402
from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, UserMessage  # noqa: E402
from mistral_common.protocol.instruct.request import ChatCompletionRequest  # noqa: E402
from mistral_common.tokens.tokenizers.mistral import MistralTokenizer  # noqa: E402
from transformers import AutoTokenizer, LlamaTokenizer

from codegen_rlhf.models import MISTRAL_V3_SENTENCEPIECE, mistral_common_file, load_tokenizer  # noqa: E402

CODE = [
    "def add(a, b):\n    return a + b\n",
    "class Stack:\n    def push(self, x):\n        if x is None:\n            raise ValueError('no')\n"
    "        self.items.append(x)\n\n\n    def pop(self):\n        return self.items.pop()\n",
    "def f():\n\tif True:\n\t\treturn '\\t'\n\t# mixed\n\t    pass\n",
    "s = \"héllo wörld — naïve café\"  # ünïcödé\nπ = 3.14159\n名前 = '世界'  # 日本語\nemoji = '🚀🐍'\n",
    "x = {'a': [1, 2, 3]}\r\nwhile  x:   x  =  None\n" + " " * 16 + "pass\n",
    "from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n"
    "    \"\"\" Check if in given list of numbers, are any two numbers closer to each other than\n"
    "    given threshold.\n    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)\n    False\n    \"\"\"\n",
]


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer("mistral-7b-random")


@pytest.fixture(scope="module")
def mistral_common():
    return MistralTokenizer.from_file(str(mistral_common_file(MISTRAL_V3_SENTENCEPIECE)))


@pytest.fixture(scope="module")
def sentencepiece_model():
    return sentencepiece.SentencePieceProcessor(model_file=str(mistral_common_file(MISTRAL_V3_SENTENCEPIECE)))


def test_the_hubs_class_and_special_tokens_with_pad_set_as_for_every_model(tokenizer):
    assert type(tokenizer) is LlamaTokenizer and len(tokenizer) == 32768
    assert (tokenizer.unk_token, tokenizer.bos_token, tokenizer.eos_token) == ("<unk>", "<s>", "</s>")
    assert (tokenizer.unk_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id) == (0, 1, 2)
    # The hub's tokenizer has no pad token: ours pads with EOS, on the right, like every model here.
    assert tokenizer.pad_token == "</s>" and tokenizer.padding_side == "right"
    ids = tokenizer("def f").input_ids
    assert ids[0] == 1 and ids[-1] != 2  # BOS added, EOS not
    assert tokenizer.convert_tokens_to_ids(["[INST]", "[/INST]"]) == [3, 4]
    assert tokenizer("[INST]", add_special_tokens=False).input_ids == [3]


@pytest.mark.parametrize("text", CODE, ids=["indent", "nested", "tabs", "unicode", "crlf-runs", "humaneval"])
def test_ids_equal_sentencepiece_on_code(tokenizer, sentencepiece_model, text):
    ids = tokenizer(text, add_special_tokens=False).input_ids
    assert ids == sentencepiece_model.encode(text)
    assert tokenizer.decode(ids) == text


def test_text_beginning_with_a_space_gets_no_second_dummy_prefix(tokenizer, sentencepiece_model):
    """The one known difference (the hub's tokenizer has it too): SentencePiece puts its dummy "▁" in front of
    text even when the text starts with a space; transformers lets that space be the prefix."""
    for text in ("    return x\n", " leading", "\tnot a space"):
        ids = tokenizer(text, add_special_tokens=False).input_ids
        expected = sentencepiece_model.encode(text[1:] if text.startswith(" ") else text)
        assert ids == expected
    assert tokenizer(" x", add_special_tokens=False).input_ids != sentencepiece_model.encode(" x")


CONVERSATIONS = {
    "prompt": [UserMessage(content="Write a function that adds two numbers.")],
    "multi-turn with system": [
        SystemMessage(content="You write Python.\tOnly code."),
        UserMessage(content="Reverse a list."),
        AssistantMessage(content="```python\ndef rev(xs):\n    return xs[::-1]\n```"),
        UserMessage(content="Now in place, with unicode: ünï 世界"),
    ],
}


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_chat_template_ids_equal_mistral_commons(tokenizer, mistral_common, name):
    messages = CONVERSATIONS[name]
    expected = mistral_common.encode_chat_completion(ChatCompletionRequest(messages=messages)).tokens
    as_dicts = [{"role": m.role, "content": m.content} for m in messages]
    text = tokenizer.apply_chat_template(as_dicts, tokenize=False, add_generation_prompt=True)
    assert tokenizer(text, add_special_tokens=False).input_ids == expected


def test_an_sft_answer_ends_with_eos_after_mistral_commons_prefix(tokenizer, mistral_common):
    """SFT renders [user, assistant]: mistral-common's encoding of that answer as a prefix, then </s>."""
    user, answer = "Add a and b.", "```python\ndef add(a, b):\n\treturn a + b\n```"
    request = ChatCompletionRequest(messages=[UserMessage(content=user), AssistantMessage(content=answer, prefix=True)])
    expected = mistral_common.encode_chat_completion(request).tokens + [tokenizer.eos_token_id]
    text = tokenizer.apply_chat_template([{"role": "user", "content": user}, {"role": "assistant", "content": answer}],
                                         tokenize=False)
    assert tokenizer(text, add_special_tokens=False).input_ids == expected


def test_saved_tokenizer_loads_back_as_the_same_tokenizer(tokenizer, tmp_path):
    """Runs save the tokenizer with their outputs; AutoTokenizer must read it back unchanged (offline)."""
    tokenizer.save_pretrained(tmp_path)
    loaded = AutoTokenizer.from_pretrained(tmp_path)
    assert type(loaded) is type(tokenizer) and loaded.chat_template == tokenizer.chat_template
    for text in CODE:
        assert loaded(text).input_ids == tokenizer(text).input_ids
    assert loaded.pad_token == "</s>"
