"""Benchmarks: what ``InstanceRoleComponent`` costs next to the same resources declared by hand,
how that grows with the stack, what the guardrail pack costs, and peak memory.

Run with ``make bench`` (``python -m bench``); ``python -m bench --help`` lists the options.
Not part of ``make test``: timings are reported against targets, never asserted.
"""
