"""Every sandbox test module that takes `backend` runs once per backend (process, docker)."""

import pytest

from sandbox_pools import BACKENDS


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param
