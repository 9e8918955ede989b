"""codegen-rlhf: specialize a code model with execution-based rewards."""

__version__ = "0.1.0"
