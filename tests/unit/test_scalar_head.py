"""scalar_head: last-token pooling picks each row's last non-pad token, as transformers' classifiers do."""

import torch

from codegen_rlhf.scalar_head import last_token_states


def test_last_token_states_reads_the_last_non_pad_position_of_each_row():
    pad = 0
    input_ids = torch.tensor([[5, 6, 7, pad], [5, pad, pad, pad], [5, 6, 7, 8]])
    hidden = torch.arange(3 * 4 * 2, dtype=torch.float).reshape(3, 4, 2)
    pooled = last_token_states(hidden, input_ids, pad)
    assert torch.equal(pooled, torch.stack([hidden[0, 2], hidden[1, 0], hidden[2, 3]]))
