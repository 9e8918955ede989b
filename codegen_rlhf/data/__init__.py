"""Data readers and builders: problems (tasks), SFT pairs, rankings, the source-tree miner."""
