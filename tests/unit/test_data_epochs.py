"""The seeded epoch stream SFT and the reward model read their examples in (codegen_rlhf.data.epochs)."""

from codegen_rlhf.data.epochs import micro_batch


def test_micro_batches_cover_each_epoch_once_in_a_seeded_order():
    rows = [{"i": i} for i in range(10)]
    epoch = [r["i"] for k in range(5) for r in micro_batch(rows, k, 2, seed=3)]
    assert sorted(epoch) == list(range(10)) and epoch != list(range(10))
    again = [r["i"] for k in range(5) for r in micro_batch(rows, k, 2, seed=3)]
    assert again == epoch
    second = [r["i"] for k in range(5, 10) for r in micro_batch(rows, k, 2, seed=3)]
    assert sorted(second) == list(range(10)) and second != epoch


def test_a_micro_batch_can_span_two_epochs():
    rows = list(range(3))
    first, second = micro_batch(rows, 0, 3, seed=0), micro_batch(rows, 1, 3, seed=0)
    assert micro_batch(rows, 0, 6, seed=0) == first + second
