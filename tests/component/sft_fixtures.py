"""Shared helpers for the SFT/engine tests: a small synthetic pair file and tiny-model configs."""

import json
from pathlib import Path

from codegen_rlhf.config import load_config


def write_pairs(path: Path, n: int = 48) -> Path:
    ops = [("sum", "+"), ("difference", "-"), ("product", "*")]
    rows = []
    for i in range(n):
        name, op = ops[i % 3]
        rows.append({"description": f"Return the {name} of x and {i}.",
                     "code": f"def f{i}(x):\n    return x {op} {i}\n"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def tiny_config(data: Path, out: Path, *overrides: str):
    return load_config("tiny", [f"sft.data=[{data}]", f"output_dir={out}", "sft.max_seq_len=96",
                                "sft.eval_fraction=0.1", "sft.max_examples=0", *overrides])
