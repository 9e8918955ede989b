"""The order every trainer reads its examples in: an endless stream of epochs, each a seeded shuffle.

    rows = micro_batch(items, index, size, seed)   # micro-batch number `index` of the stream

A micro-batch depends on (items, index, size, seed) alone: the trainers number micro-batches over steps,
accumulation and ranks (`(step * accumulation + micro) * world + rank`), so ranks read disjoint rows and a
resumed run sees exactly the batches an uninterrupted one would, with no data-loader state to checkpoint.
Used by SFT (`sft.py`) and the reward model (`reward_model/train.py`).
"""

from __future__ import annotations

import functools
import random


def micro_batch(items: list, index: int, size: int, seed: int) -> list:
    """Items `index * size` to `(index + 1) * size - 1` of the stream; epoch e is `items` in `epoch_order(e)`."""
    n = len(items)
    return [items[epoch_order(n, seed, position // n)[position % n]]
            for position in range(index * size, (index + 1) * size)]


@functools.lru_cache(maxsize=8)
def epoch_order(n: int, seed: int, epoch: int) -> tuple[int, ...]:
    """A permutation of range(n), reshuffled every epoch; seeded by a string so (seed, epoch) never collide."""
    order = list(range(n))
    random.Random(f"{seed}:{epoch}").shuffle(order)
    return tuple(order)
