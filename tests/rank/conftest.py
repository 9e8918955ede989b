"""Fixtures for the ranking tests (helpers live in rankdb.py so test modules can import them)."""

import pytest

from codegen_rlhf.rank.store import Store
from rankdb import fill


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "rank.db") as s:
        fill(s)
        yield s
