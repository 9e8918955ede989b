"""The one exception type that means "the user gave us something we cannot use".

Raise `UserError` for bad input (missing file, malformed line, unknown model, invalid config key); the CLI
prints its message on one line and exits with status 2, without a traceback. Anything else is a bug and
keeps its traceback.
"""


class UserError(Exception):
    """Bad input from the user: the message alone must tell them what to fix."""
