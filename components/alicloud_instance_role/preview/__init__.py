"""Offline preview of a stack: plan under mocks, guardrails over the analyzer protocol."""
