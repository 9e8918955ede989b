"""Reward model: `codegen-rlhf train rm`, `rm score`, `rm merge`, and the scorer the RL stage uses.

The model is a causal-LM backbone with a scalar head (`AutoModelForSequenceClassification`, num_labels=1):
the score of a completion is the head applied to the hidden state of the last token of `prompt + completion`.
Training data are developer rankings from `rank export` (K-wise or pairs, `data.rankings`) together with the
execution result stored with every candidate.

One concern per module, in the order a run uses them:

    batches.py   training data (rankings split by prompt, checked against the loss weights), the text the
                 model reads, the per-prompt `Batch`, and the seeded micro-batch stream
    model.py     `RewardModel` (training: classifier + optional auxiliary head), `load_reward_model`
                 (an exported directory), the `reward_model.json` written beside the weights
    losses.py    pure tensor math: Plackett-Luce, Bradley-Terry, pass-fraction BCE, centering
    train.py     `run(cfg)`: the training loop, its weighted loss, checkpoints and --resume
    metrics.py   held-out scoring, pair accuracies, Spearman, the per-status score distribution, the plot
    export.py    the final model directory (written atomically) and `rm merge`
    score.py     `rm score` on a samples file, and `RewardModelScorer`, a TRL-style reward function

Run directory (`output_dir`): `config.yaml`, `metrics.jsonl`, `checkpoints/`, `rm_eval.png` and `model/`, a
plain HF directory (full training) or a PEFT adapter with the trained head (LoRA), plus the tokenizer and
`reward_model.json`.

Not covered: a value head for RL (the critic lives with the RL trainer), multi-objective heads, packing.
"""

# What the rest of the program calls: the three commands (`train rm` is the stage entry point, like
# `sft.run`) and the reward function the RL trainer builds. Everything else is imported from its module.
from codegen_rlhf.reward_model.export import merge
from codegen_rlhf.reward_model.score import RewardModelScorer, score_file
from codegen_rlhf.reward_model.train import run

__all__ = ["RewardModelScorer", "merge", "run", "score_file"]
