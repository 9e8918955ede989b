"""SFT data: (description, code) pairs -> prompt/completion token rows with the loss on completion tokens only.

Sources (`sft.data`, any number, concatenated):
- `builtin`: (docstring, function) pairs mined from this interpreter's standard library (cached under
  ~/.cache/codegen-rlhf after the first mining) plus the task suite's `train` split. Never the `heldout`
  split, which measures generalization after training.
- a local `.jsonl`, `.json`, `.parquet` or `.csv` file, or a `datasets` hub id (needs the network or the
  datasets cache). `sft.prompt_column` / `sft.code_column` name the columns to use.

Templates (`sft.template`):
- `instruction`: the description is the user's request, the code the answer. With a chat tokenizer
  (model.prompt_format auto/chat) the pair goes through the chat template, the code in a ```python block;
  otherwise a plain "### Instruction / ### Response" layout.
- `docstring`: HumanEval-style completion: the prompt is the function's header with the description as its
  docstring, the completion its body (code that does not parse into a function is skipped and counted).

Rows are `{"input_ids", "labels", "position_ids"}` lists; labels are -100 on prompt tokens. With packing,
examples are concatenated into rows of `max_seq_len` whose position ids restart at 0 for every example, so
that HF attention (flash varlen, or a block-diagonal mask for sdpa/eager) never crosses examples; rows are then
collated without an attention mask. Data order is a pure function of (seed, global micro-batch index), so a
resumed run sees exactly the batches the uninterrupted run would have seen.
"""

from __future__ import annotations

import ast
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import torch

from codegen_rlhf.data.mine import mine, without_docstring
from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import iter_jsonl, read_jsonl, write_jsonl
from codegen_rlhf.models import CACHE_DIR

BUILTIN = "builtin"
IGNORE_INDEX = -100
RAW_INSTRUCTION = "### Instruction:\n{description}\n\n### Response:\n"
MIN_COMPLETION_TOKENS = 4  # an example whose prompt leaves fewer than this for the completion is dropped


@dataclass
class SFTData:
    train: list[dict]
    eval: list[dict]
    packed: bool
    counts: dict = field(default_factory=dict)

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        return f"{len(self.train)} train rows, {len(self.eval)} eval rows ({parts})"


def build(sft, tokenizer, prompt_format: str = "auto", seed: int = 0) -> SFTData:
    """Load `sft.data`, split off the eval examples, render, tokenize and (optionally) pack."""
    pairs = load_pairs(sft.data, sft.prompt_column, sft.code_column)
    rng = random.Random(seed)
    rng.shuffle(pairs)
    n_eval = int(len(pairs) * sft.eval_fraction)
    if sft.eval_fraction > 0 and n_eval == 0 and len(pairs) >= 2:
        n_eval = 1
    eval_pairs, train_pairs = pairs[:n_eval], pairs[n_eval:]
    counts = {"pairs": len(pairs)}
    chat = use_chat(tokenizer, prompt_format)
    train = _tokenize_all(train_pairs, sft, tokenizer, chat, counts)
    evaluation = _tokenize_all(eval_pairs, sft, tokenizer, chat, counts)
    if sft.max_examples:
        train = train[: sft.max_examples]
    if not train:
        raise UserError(f"no usable training examples in {', '.join(sft.data)} ({counts})")
    if sft.packing:
        train, evaluation = pack(train, sft.max_seq_len), pack(evaluation, sft.max_seq_len)
    return SFTData(train, evaluation, sft.packing, counts)


# ---------------------------------------------------------------------------------------------- sources


def load_pairs(sources: list[str], prompt_column: str, code_column: str) -> list[dict]:
    pairs: list[dict] = []
    for source in sources:
        if source == BUILTIN:
            pairs += builtin_pairs()
        else:
            pairs += _dataset_pairs(source, prompt_column, code_column)
    return pairs


def builtin_pairs() -> list[dict]:
    """Mined stdlib pairs (cached) + the task suite's train split; the suite may be absent in an install."""
    pairs = list(stdlib_pairs())
    try:
        problems = load_problems("train")
    except UserError:
        problems = {}
    for problem in problems.values():
        assert problem.get("split") == "train"
        pair = problem_pair(problem)
        if pair is not None:
            pairs.append(pair)
    return pairs


def stdlib_pairs() -> list[dict]:
    cache = CACHE_DIR / f"sft-stdlib-py{sys.version_info.major}.{sys.version_info.minor}.jsonl"
    if not cache.is_file():
        write_jsonl(cache, mine()[0])
    return read_jsonl(cache)


def problem_pair(problem: dict) -> dict | None:
    """A task-suite problem as a pair: its entry point's docstring, and the program without the docstring."""
    source = problem["prompt"] + problem.get("canonical_solution", "")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    func = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == problem["entry_point"]), None)
    if func is None or not ast.get_docstring(func) or len(func.body) < 2:
        return None
    lines = source.splitlines()
    code = without_docstring(lines, func, 0, len(lines))
    return {"description": ast.get_docstring(func), "code": code, "source": problem["task_id"]}


def _dataset_pairs(source: str, prompt_column: str, code_column: str) -> list[dict]:
    dataset = _load_dataset(source)
    missing = [c for c in (prompt_column, code_column) if c not in dataset.column_names]
    if missing:
        raise UserError(f"{source}: no column {missing[0]!r}; available columns: {', '.join(dataset.column_names)} "
                        f"(set sft.prompt_column / sft.code_column)")
    pairs = []
    for i, row in enumerate(dataset.select_columns([prompt_column, code_column])):
        description, code = row[prompt_column], row[code_column]
        if isinstance(description, str) and isinstance(code, str) and description.strip() and code.strip():
            pairs.append({"description": description.strip(), "code": code, "source": f"{source}#{i}"})
    return pairs


def _load_dataset(source: str):
    import datasets  # noqa: PLC0415 (~0.6 s; only for a datasets source)

    path = Path(source)
    builders = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".csv": "csv"}
    datasets.disable_progress_bars()
    if path.suffix in builders:
        if not path.is_file():
            raise UserError(f"SFT data {source}: no such file")
        if path.suffix == ".jsonl":
            for _ in iter_jsonl(path):  # a malformed line is a UserError naming its number
                pass
        try:
            return datasets.load_dataset(builders[path.suffix], data_files=str(path), split="train")
        except Exception as e:  # noqa: BLE001  (datasets raises many types for unreadable files)
            raise UserError(f"SFT data {source}: cannot read it ({type(e).__name__}: {str(e).splitlines()[0]})") from None
    if path.exists():
        raise UserError(f"SFT data {source}: use a .jsonl, .json, .parquet or .csv file")
    try:
        return datasets.load_dataset(source, split="train")
    except Exception as e:  # noqa: BLE001
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UserError(f"SFT data {source!r} is neither a file nor a loadable dataset ({first})") from None


# ---------------------------------------------------------------------------------------------- templates


def use_chat(tokenizer, prompt_format: str) -> bool:
    if prompt_format not in ("auto", "chat", "raw"):
        raise UserError(f"model.prompt_format must be auto, chat or raw, got {prompt_format!r}")
    has_template = bool(getattr(tokenizer, "chat_template", None))
    if prompt_format == "chat" and not has_template:
        raise UserError("model.prompt_format=chat but the tokenizer has no chat template")
    return prompt_format == "chat" or (prompt_format == "auto" and has_template)


def render(pair: dict, template: str, tokenizer, chat: bool) -> tuple[str, str] | None:
    """(prompt text, completion text) for a pair, or None when the docstring template cannot apply."""
    if template == "docstring":
        return docstring_prompt(pair["description"], pair["code"])
    if template != "instruction":
        raise UserError(f"sft.template must be instruction or docstring, got {template!r}")
    if not chat:
        return RAW_INSTRUCTION.format(description=pair["description"]), pair["code"].rstrip() + "\n"
    user = {"role": "user", "content": pair["description"]}
    answer = {"role": "assistant", "content": f"```python\n{pair['code'].rstrip()}\n```"}
    prompt = tokenizer.apply_chat_template([user], tokenize=False, add_generation_prompt=True)
    full = tokenizer.apply_chat_template([user, answer], tokenize=False)
    if not full.startswith(prompt):  # templates that rewrite earlier turns; keep the answer text alone
        return prompt, answer["content"]
    return prompt, full[len(prompt):]


def docstring_prompt(description: str, code: str) -> tuple[str, str] | None:
    """HumanEval layout: everything up to the first function's body, the description as its docstring."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    func = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if func is None:
        return None
    lines = code.splitlines()
    first = func.body[0]
    indent = lines[first.lineno - 1][: first.col_offset]
    doc_lines = description.replace('"""', "'''").splitlines() or [""]
    docstring = [indent + '"""' + doc_lines[0]] + [(indent + line).rstrip() for line in doc_lines[1:]]
    docstring[-1] += '"""' if len(doc_lines) == 1 else ""
    if len(doc_lines) > 1:
        docstring.append(indent + '"""')
    header = lines[: first.lineno - 1]
    return "\n".join(header + docstring) + "\n", "\n".join(lines[first.lineno - 1 :]) + "\n"


# ---------------------------------------------------------------------------------------------- tokens


def tokenize(prompt: str, completion: str, tokenizer, max_seq_len: int, chat: bool) -> dict | None:
    """Token row with labels masked on the prompt; None when the prompt leaves no room for a completion."""
    # Chat templates already contain BOS where the model wants one; raw text gets the tokenizer's own specials.
    prompt_ids = tokenizer(prompt, add_special_tokens=not chat)["input_ids"]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    if not chat and tokenizer.eos_token_id is not None:
        completion_ids = completion_ids + [tokenizer.eos_token_id]
    room = max_seq_len - len(prompt_ids)
    if room < MIN_COMPLETION_TOKENS:
        return None
    completion_ids = completion_ids[:room]
    input_ids = prompt_ids + completion_ids
    return {
        "input_ids": input_ids,
        "labels": [IGNORE_INDEX] * len(prompt_ids) + completion_ids,
        "position_ids": list(range(len(input_ids))),
    }


def _tokenize_all(pairs: list[dict], sft, tokenizer, chat: bool, counts: dict) -> list[dict]:
    rows = []
    for pair in pairs:
        rendered = render(pair, sft.template, tokenizer, chat)
        if rendered is None:
            counts["not a function"] = counts.get("not a function", 0) + 1
            continue
        row = tokenize(*rendered, tokenizer, sft.max_seq_len, chat)
        if row is None:
            counts["prompt too long"] = counts.get("prompt too long", 0) + 1
            continue
        rows.append(row)
    return rows


def pack(rows: list[dict], max_seq_len: int) -> list[dict]:
    """Greedy first-fit in order: concatenate examples into rows of at most max_seq_len tokens."""
    packed: list[dict] = []
    current = {"input_ids": [], "labels": [], "position_ids": []}
    for row in rows:
        if current["input_ids"] and len(current["input_ids"]) + len(row["input_ids"]) > max_seq_len:
            packed.append(current)
            current = {"input_ids": [], "labels": [], "position_ids": []}
        for key in current:
            current[key] = current[key] + row[key]
    if current["input_ids"]:
        packed.append(current)
    return packed


def collate(rows: list[dict], pad_token_id: int, packed: bool) -> dict:
    """Right-padded tensors. Unpacked batches carry an attention mask; packed ones carry position ids only
    (padding becomes its own position-0.. block), which is what HF reads as "packed" for masking."""
    width = max(len(r["input_ids"]) for r in rows)
    input_ids, labels, position_ids, mask = [], [], [], []
    for r in rows:
        pad = width - len(r["input_ids"])
        input_ids.append(r["input_ids"] + [pad_token_id] * pad)
        labels.append(r["labels"] + [IGNORE_INDEX] * pad)
        position_ids.append(r["position_ids"] + list(range(pad)))
        mask.append([1] * len(r["input_ids"]) + [0] * pad)
    batch = {"input_ids": torch.tensor(input_ids), "labels": torch.tensor(labels)}
    if packed:
        batch["position_ids"] = torch.tensor(position_ids)
    else:
        batch["attention_mask"] = torch.tensor(mask)
    return batch
