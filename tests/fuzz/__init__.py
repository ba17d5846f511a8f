"""Bounded runs for hostile-input tests: each input in a forked child under resource limits."""
