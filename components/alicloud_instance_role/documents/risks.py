"""Legal but dangerous grants, found in a :class:`PolicyDocument`.

The guardrail pack enforces these; they live here so there is one implementation of each rule.
Each function returns :class:`Risk` values naming the statement (``Statement[0]``, counted as
in a document loaded with ``keep_duplicates=True``) and what it grants.
"""

from dataclasses import dataclass
from typing import Iterable, List, Sequence

from . import grammar
from .model import EVERYONE, PolicyDocument, Statement

#: Services whose full control on ``*`` amounts to controlling the account or its secrets.
DEFAULT_SENSITIVE_SERVICES = ("ram", "sts", "kms", "actiontrail", "resourcemanager")


@dataclass(frozen=True)
class Risk:
    """One risky grant: where (``Statement[n]``) and what, in words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _indexed(document: PolicyDocument) -> Iterable["tuple[str, Statement]"]:
    for index, statement in enumerate(document.statements):
        if statement.allows:
            yield f"Statement[{index}]", statement


def _on_everything(statement: Statement) -> bool:
    return "*" in statement.resources


def wildcard_grants(document: PolicyDocument) -> List[Risk]:
    """Allow statements granting every action (``*``), or every action but a few (``NotAction``),
    on every resource (``*``)."""
    risks = []
    for path, statement in _indexed(document):
        if not _on_everything(statement):
            continue
        if any(grammar.allows_everything(a) for a in statement.actions):
            risks.append(Risk(path, "allows every action (*) on every resource (*)"))
        elif statement.not_actions:
            excluded = ", ".join(statement.not_actions)
            risks.append(Risk(path, f"allows every action except {excluded} (NotAction) on every resource (*)"))
    return risks


def _service_matches(pattern: str, service: str) -> bool:
    return grammar.action_matches(pattern.partition(":")[0] + ":x", f"{service}:x")


def _whole_service(statement: Statement, service: str) -> str:
    """How the statement grants all of ``service``, in words; empty when it does not."""
    if statement.not_actions:
        if any(_service_matches(pattern, service) for pattern in statement.not_actions):
            return ""
        return f"NotAction {', '.join(statement.not_actions)} leaves out no {service} action"
    for action in statement.actions:
        whole = not grammar.allows_everything(action) and action.partition(":")[2] == "*"
        if whole and _service_matches(action, service):
            return action
    return ""


def sensitive_service_grants(
    document: PolicyDocument, services: Sequence[str] = DEFAULT_SENSITIVE_SERVICES
) -> List[Risk]:
    """Allow statements granting a whole sensitive service (``ram:*``, or a NotAction that
    leaves it out) on every resource. ``*`` itself is :func:`wildcard_grants`' finding."""
    risks = []
    for path, statement in _indexed(document):
        if not _on_everything(statement):
            continue
        for service in services:
            how = _whole_service(statement, service)
            if how:
                risks.append(Risk(path, f"allows the whole {service} service ({how}) on every resource (*)"))
    return risks


def pass_role_grants(document: PolicyDocument) -> List[Risk]:
    """Allow statements that grant ``ram:PassRole`` on anything but named role ARNs."""
    risks = []
    for path, statement in _indexed(document):
        if not statement.covers("ram:PassRole"):
            continue
        broad = [r for r in statement.resources if not grammar.names_one_role(r)]
        if broad:
            risks.append(
                Risk(
                    path,
                    f"allows ram:PassRole on {', '.join(broad)}; scope it to role ARNs",
                )
            )
    return risks


def open_trust(document: PolicyDocument) -> List[Risk]:
    """Trust statements that let anyone, or no named principal, assume the role."""
    risks = []
    for path, statement in _indexed(document):
        everyone = [
            value for values in statement.principals.values() for value in values if grammar.admits_anyone(value)
        ]
        if EVERYONE in statement.principals or everyone:
            risks.append(Risk(path, f"lets anyone assume the role ({', '.join(everyone) or 'Principal *'})"))
    return risks


def untrusted_services(document: PolicyDocument, allowed: Sequence[str]) -> List[Risk]:
    """Service principals of Allow statements that are not in ``allowed``."""
    return [
        Risk(path, f"trusts the service {service}; allowed: {', '.join(allowed)}")
        for path, statement in _indexed(document)
        for service in statement.principals.get("Service", ())
        if service not in allowed
    ]
