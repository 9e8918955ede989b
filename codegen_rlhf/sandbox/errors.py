"""What the sandbox raises and warns, in a leaf module that both backends and the pool import."""


class SandboxUnavailable(RuntimeError):
    """strict=True and an isolation mechanism is missing, or the backend cannot start at all."""


class SandboxWarning(UserWarning):
    """A mechanism of the documented isolation is missing here; samples run less isolated."""
