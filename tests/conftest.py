"""Settings for the whole test suite, applied before any test module imports torch."""

import os

# Spinning OpenMP threads make CPU training several times slower on a busy 2-core machine (see cli.main).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
