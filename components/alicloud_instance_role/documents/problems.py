"""Findings about a RAM document: a stable code, a severity, where, and what is wrong.

What each code means (severity, title, the guardrail that refuses it) is declared once, in
:mod:`.findings`; a :class:`Problem` is one occurrence of a code.
"""

from dataclasses import dataclass

from ..markers import secret_finding
from .findings import CODES, Severity, finding
from .findings import severity as severity_of

__all__ = ["CODES", "Problem", "Severity", "errors", "join_path", "printable"]


@dataclass(frozen=True)
class Problem:
    """One finding: ``code`` (e.g. ``RAM105``), ``severity``, ``path`` inside the document
    (``Statement[1].Action[0]``; empty for the whole document) and a ``message`` that says what
    is wrong and what RAM accepts."""

    code: str
    path: str
    message: str

    @property
    def severity(self) -> Severity:
        """``"error"`` (RAM rejects the document) or ``"warning"`` (legal but risky)."""
        return severity_of(self.code)

    @property
    def is_error(self) -> bool:
        """True when RAM would reject the document for this finding."""
        return self.severity == "error"

    def under(self, prefix: str) -> "Problem":
        """The same finding with its path placed under ``prefix`` (an argument path)."""
        return Problem(self.code, join_path(prefix, self.path), self.message)

    def redacted(self) -> "Problem":
        """The same finding told without the value it is about (for a secret value): its path
        and the rule it breaks (the code's title)."""
        return Problem(self.code, self.path, secret_finding(finding(self.code).heading))

    def __str__(self) -> str:
        # A path may hold a key that is not Unicode text (RAM128); printing it must not fail.
        return printable(f"{self.path or '(document)'}: {self.message} [{self.code}]")


def printable(text: str) -> str:
    """``text`` with every lone surrogate (text that is not Unicode, RAM128) escaped as
    ``\\udxxx``, so printing or encoding it as UTF-8 cannot fail."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def join_path(prefix: str, path: str) -> str:
    """Join two paths: ``join_path("a", "b[0]") == "a.b[0]"``, ``join_path("a", "[0]") == "a[0]"``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def errors(problems: "list[Problem]") -> "list[Problem]":
    """Only the findings RAM would reject a document for."""
    return [p for p in problems if p.is_error]
