"""Evaluation: the pass@k estimator, scoring of sample files, reports and comparisons."""
