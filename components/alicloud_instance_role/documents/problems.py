"""Findings about a RAM document: a stable code, a severity, where, and what is wrong.

Codes are stable so a user can look one up or silence it: ``RAM1xx`` are errors RAM itself
would reject (``RAM100``-``RAM119`` and ``RAM128``, a lone surrogate, in documents; the rest of
``RAM120`` and up in the component's arguments), ``RAM2xx`` are warnings about what RAM accepts
but is risky, sloppy or may fail (``RAM210``-``RAM219``: what a guardrail of the pack would
refuse, named in the title; ``RAM220`` about the component's arguments; ``RAM221``-``RAM225``
names that do not exist, checked against the catalogue of what exists in Alibaba Cloud).
"""

from dataclasses import dataclass
from typing import Dict, Literal, Tuple

from ..markers import secret_finding

Severity = Literal["error", "warning"]

#: Every finding the validator can report: code -> (severity, short title).
CODES: Dict[str, Tuple[Severity, str]] = {
    "RAM100": ("error", "not JSON"),
    "RAM101": ("error", "not a JSON object"),
    "RAM102": ("error", 'Version is not "1"'),
    "RAM103": ("error", "Statement missing or empty"),
    "RAM104": ("error", "unknown or repeated key"),
    "RAM105": ("error", "Effect is not Allow or Deny"),
    "RAM106": ("error", "not exactly one of Action and NotAction"),
    "RAM107": ("error", "malformed action"),
    "RAM108": ("error", "permission statement without Resource"),
    "RAM109": ("error", "resource is neither * nor an acs: ARN"),
    "RAM110": ("error", "Principal in a permission policy"),
    "RAM111": ("error", "trust statement without Principal"),
    "RAM112": ("error", "unknown principal type"),
    "RAM113": ("error", "trust statement with a non-sts action"),
    "RAM114": ("error", "service principal is not <service>.aliyuncs.com"),
    "RAM115": ("error", "RAM or Federated principal is not an acs:ram:: ARN"),
    "RAM116": ("error", "unknown condition operator"),
    "RAM117": ("error", "malformed condition"),
    "RAM118": ("error", "document larger than 6,144 bytes"),
    "RAM119": ("error", "element of the wrong type"),
    "RAM120": ("error", "invalid name"),
    "RAM121": ("error", "value out of range"),
    "RAM122": ("error", "duplicate value"),
    "RAM123": ("error", "more policies on one role than the account's quota"),
    "RAM124": ("error", "unknown or conflicting argument"),
    "RAM125": ("error", "an Output where a plain value is needed"),
    "RAM126": ("error", "session policy longer than 1,024 characters"),
    "RAM127": ("error", "tag key the provider drops when it reads tags"),
    "RAM128": ("error", "text that is not Unicode (a lone surrogate)"),
    "RAM129": ("error", "adopt without what adopting needs"),
    "RAM130": ("error", "not an ECS instance ID"),
    "RAM201": ("warning", "allows every action"),
    "RAM202": ("warning", "Allow with NotAction"),
    "RAM203": ("warning", "duplicate entry"),
    "RAM204": ("warning", "empty Condition"),
    "RAM205": ("warning", "masked placeholder value"),
    "RAM206": ("warning", "trust policy lets anyone assume the role"),
    "RAM207": ("warning", "an adopted role keeps its hand-made custom policy attached"),
    "RAM208": ("warning", "secret not decrypted offline, checked at deploy"),
    "RAM209": ("warning", "account ID is not 16 digits"),
    "RAM210": ("warning", "allows every action of every service (guardrail ram-no-admin-grant)"),
    "RAM211": ("warning", "allows a whole sensitive service (guardrail ram-no-sensitive-service-grant)"),
    "RAM212": ("warning", "allows privilege escalation (guardrail ram-no-privilege-escalation)"),
    "RAM213": ("warning", "allows ram:PassRole beyond named roles (guardrail ram-pass-role-scoped)"),
    "RAM214": ("warning", "attaches a denied System policy (guardrail ram-no-denied-system-policy)"),
    "RAM215": ("warning", "trust policy lets anyone assume the role (guardrail ram-trust-names-principals)"),
    "RAM216": ("warning", "trusts a service not allowed (guardrail ram-trust-allowed-services)"),
    "RAM217": ("warning", "trusts an account not allowed (guardrail ram-trust-allowed-accounts)"),
    "RAM218": ("warning", "trusts a federated provider without a Condition (guardrail ram-trust-federated-condition)"),
    "RAM220": ("warning", "more policies on one role than RAM's default quota"),
    "RAM221": ("warning", "an action that matches no action of its service (guardrail ram-names-exist)"),
    "RAM222": ("warning", "a service code RAM does not use (guardrail ram-names-exist)"),
    "RAM223": ("warning", "a service the catalogue does not know (guardrail ram-names-exist)"),
    "RAM224": ("warning", "a System policy name in another case than RAM's (guardrail ram-names-exist)"),
    "RAM225": ("warning", "a System policy the catalogue does not know (guardrail ram-names-exist)"),
}


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
        return CODES[self.code][0]

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
        return Problem(self.code, self.path, secret_finding(CODES[self.code][1]))

    def __str__(self) -> str:
        text = f"{self.path or '(document)'}: {self.message} [{self.code}]"
        # A path may hold a key that is not Unicode text (RAM128); printing it must not fail.
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
