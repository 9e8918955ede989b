"""Held-out greedy pass@1 of a `train ppo` run's latest checkpoint, with the run's own evaluation settings
(the same prompts, format and max_new_tokens as its step-0 evaluation), appended to its metrics.jsonl.

    python bench/ppo_eval_checkpoint.py RUN_DIR

For runs stopped before their last step (the final evaluation only happens there), so that the before/after
numbers of a time-boxed quality run come from one code path.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from codegen_rlhf.config import load_config
from codegen_rlhf.rl.trainer import PPOTrainer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    args = parser.parse_args()

    cfg = load_config(str(args.run_dir / "config.yaml"))
    trainer = PPOTrainer(cfg, args.run_dir, resume=True)
    try:
        metrics = trainer.evaluate()
        trainer.tracker.log(trainer.step, metrics)
    finally:
        trainer.close()
    print(json.dumps({"step": trainer.step, **metrics}))


if __name__ == "__main__":
    main()
