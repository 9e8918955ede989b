"""How good a reward model is on held-out prompts, and the plot of a run.

`evaluate` reads the scores of held-out ranked groups (`score_groups`) and returns the metrics `train.run`
logs every `optim.eval_every` steps: pairwise accuracy against the annotators' ranks and, separately, against
the execution order (CodeRL graded reward); Spearman correlation of scores with the pass fraction; the score
distribution per execution status. Three accuracies on the same held-out pairs say which signal a model learned:

    eval_human_pair_accuracy      every pair the annotator ranked apart (tied pairs are not counted, their
                                  number is eval_human_tied_pairs)
    eval_exec_decided_accuracy    pairs where exactly one candidate passes its tests: the passing one first
    eval_exec_undecided_accuracy  pairs the annotator ranked apart where both pass or both fail (the tests do
                                  not separate pass from fail there, though a graded status still may: a wrong
                                  answer over a syntax error)
    eval_exec_tied_accuracy       of those, the pairs whose execution results are equal (same graded reward):
                                  only the annotator's preference (readability, say) decides these

`plot` draws `rm_eval.png` from `metrics.jsonl` and the last evaluation.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch

from codegen_rlhf.data.rankings import RankedGroup
from codegen_rlhf.reward_model.batches import collate

PLOT_FILE = "rm_eval.png"


@torch.no_grad()
def score_groups(model, groups: list[RankedGroup], tokenizer, max_seq_len: int, prompts_per_batch: int,
                 device=None) -> list[list[float]]:
    """Scores of every candidate of every group, in order."""
    out = []
    for start in range(0, len(groups), prompts_per_batch):
        batch = collate(groups[start:start + prompts_per_batch], tokenizer, max_seq_len)
        if device is not None:
            batch = batch.to(device)
        flat, _ = model(batch.input_ids, batch.attention_mask)
        for p, group in enumerate(groups[start:start + prompts_per_batch]):
            out.append(flat[batch.slot[p, : len(group.completions)]].tolist())
    return out


def evaluate(groups: list[RankedGroup], scores: list[list[float]]) -> tuple[dict, dict[str, list[float]]]:
    """Metrics of scored held-out groups, and the scores per execution status (for the plot)."""
    human = [(s[i], s[j]) for g, s in zip(groups, scores) for i, j, _ in g.preference_pairs()]
    decided, undecided, tied = [], [], []
    for g, s in zip(groups, scores):
        passed = [None if e is None else e["status"] == "passed" for e in g.execution]
        for i, j in ((i, j) for i in range(len(passed)) for j in range(len(passed))):
            if passed[i] and passed[j] is False:
                decided.append((s[i], s[j]))
        undecided += [(s[i], s[j]) for i, j, _ in g.preference_pairs()
                      if passed and passed[i] is not None and passed[i] == passed[j]]
        values = g.execution_values()
        tied += [(s[i], s[j]) for i, j, _ in g.preference_pairs() if values and values[i] is not None
                 and values[i] == values[j]]
    executed = []
    seen: dict[tuple[str, str], tuple[float, float, str]] = {}  # one point per distinct candidate
    for g, s in zip(groups, scores):
        values = g.execution_values()
        for i, vi in enumerate(values):
            for j, vj in enumerate(values):
                if vi is not None and vj is not None and vi > vj:
                    executed.append((s[i], s[j]))
        for c, e, fraction, score in zip(g.completions, g.execution, g.pass_fractions(), s):
            if e is not None:
                seen[(g.prompt, c)] = (score, fraction, e["status"])
    by_status: dict[str, list[float]] = {}
    for score, _, status in seen.values():
        by_status.setdefault(status, []).append(score)
    metrics = {
        "eval_human_pair_accuracy": pairwise_accuracy(human),
        "eval_human_pairs": len(human),
        "eval_human_tied_pairs": sum(_tied_pairs(g) for g in groups),
        "eval_exec_decided_accuracy": pairwise_accuracy(decided),
        "eval_exec_decided_pairs": len(decided),
        "eval_exec_undecided_accuracy": pairwise_accuracy(undecided),
        "eval_exec_undecided_pairs": len(undecided),
        "eval_exec_tied_accuracy": pairwise_accuracy(tied),
        "eval_exec_tied_pairs": len(tied),
        "eval_exec_pair_accuracy": pairwise_accuracy(executed),
        "eval_exec_pairs": len(executed),
        "eval_spearman_pass_fraction": spearman([v[0] for v in seen.values()], [v[1] for v in seen.values()]),
    }
    for status, values in sorted(by_status.items()):
        mean = sum(values) / len(values)
        metrics[f"eval_score_mean_{status}"] = mean
        metrics[f"eval_score_std_{status}"] = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        metrics[f"eval_count_{status}"] = len(values)
    return metrics, by_status


def _tied_pairs(group: RankedGroup) -> int:
    if group.ranks is None:
        return 0
    return sum(a == b for i, a in enumerate(group.ranks) for b in group.ranks[i + 1:])


def pairwise_accuracy(pairs: list[tuple[float, float]]) -> float | None:
    """Share of (preferred, other) pairs the scores order the same way; equal scores count half."""
    if not pairs:
        return None
    return sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)


def spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman's rho (Pearson correlation of average ranks); None when either side is constant."""
    if len(x) < 2:
        return None
    rx, ry = _average_ranks(x), _average_ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy) if vx > 0 and vy > 0 else None


def _average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for idx in order[start:end + 1]:
            ranks[idx] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def plot(path: Path, history: list[dict], by_status: dict[str, list[float]]) -> None:
    """Training loss, held-out accuracies over steps, and the last evaluation's scores per status."""
    # Imported here: pyplot costs ~0.3-0.7 s (measured on this machine) and only the end of a run draws, and
    # choosing the Agg backend is a process-wide side effect a module import should not have.
    import matplotlib  # noqa: PLC0415 (0.3-0.8 s; only when a plot is written)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 (as above)

    fig, (ax_loss, ax_acc, ax_dist) = plt.subplots(1, 3, figsize=(15, 4))
    train = [h for h in history if "loss" in h]
    ax_loss.plot([h["step"] for h in train], [h["loss"] for h in train])
    ax_loss.set(title="training loss", xlabel="step")
    evals = [h for h in history if "eval_human_pair_accuracy" in h]
    for key, label in (("eval_human_pair_accuracy", "pair accuracy vs human ranks"),
                       ("eval_exec_pair_accuracy", "pair accuracy vs execution order"),
                       ("eval_exec_decided_accuracy", "... where exactly one passes"),
                       ("eval_exec_undecided_accuracy", "... vs the ranks where both pass or both fail"),
                       ("eval_spearman_pass_fraction", "Spearman vs pass fraction")):
        points = [(h["step"], h[key]) for h in evals if h.get(key) is not None]
        if points:
            ax_acc.plot(*zip(*points), marker="o", label=label)
    ax_acc.axhline(0.5, color="grey", linewidth=0.5)
    ax_acc.set(title="held-out prompts", xlabel="step", ylim=(-1, 1))
    ax_acc.legend(fontsize=8)
    if by_status:
        statuses = sorted(by_status, key=lambda s: -sum(by_status[s]) / len(by_status[s]))
        ax_dist.boxplot([by_status[s] for s in statuses])
        ax_dist.set_xticks(range(1, len(statuses) + 1), [f"{s}\n(n={len(by_status[s])})" for s in statuses], fontsize=8)
    ax_dist.set(title="held-out scores per execution status", ylabel="score")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
