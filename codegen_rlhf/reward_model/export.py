"""The reward model's final directory, and `rm merge`.

`export` writes `<output_dir>/model` at the end of training: the engine's `save_model` layout (a plain HF
directory for full training, a PEFT adapter with the trained head for LoRA), the tokenizer and
`reward_model.json`. Both layouts load with `model.load_reward_model`. `merge` turns an adapter into a plain
directory that `AutoModelForSequenceClassification.from_pretrained` loads without this package. The auxiliary
pass-fraction head is training-only and never exported. Both write atomically (`atomic.atomic_directory`).
"""

from __future__ import annotations

from pathlib import Path

from codegen_rlhf import engine
from codegen_rlhf.atomic import atomic_directory
from codegen_rlhf.errors import UserError
from codegen_rlhf.reward_model.model import load_reward_model, model_dir, read_info, training_info, write_info


def export(eng, tokenizer, cfg, out: Path) -> None:
    """Write the trained model to `out`; every rank takes part (ZeRO-3 gathers the weights)."""
    with atomic_directory(out, main=engine.is_main(), barrier=engine.barrier) as tmp:
        engine.save_model(eng, tmp, tokenizer=tokenizer)
        if engine.is_main():
            write_info(tmp, training_info(cfg))


def merge(path: str | Path, out: str | Path) -> Path:
    """A LoRA reward model (or run directory) -> a plain HF directory with the adapter merged in."""
    source = model_dir(path)
    model, tokenizer, max_seq_len = load_reward_model(source)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty")
    with atomic_directory(out) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        write_info(tmp, {**read_info(source), "lora": False, "merged_from": str(source), "max_seq_len": max_seq_len})
    return out
