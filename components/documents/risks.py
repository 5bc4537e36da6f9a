"""Legal but dangerous grants, found in a :class:`PolicyDocument`.

The guardrail pack enforces these; they live here so there is one implementation of each rule.
Each function returns :class:`Risk` values naming the statement (``Statement[0]``) and what it
grants.
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
    """Allow statements granting every action (``*``) on every resource (``*``)."""
    return [
        Risk(path, "allows every action (*) on every resource (*)")
        for path, statement in _indexed(document)
        if _on_everything(statement) and any(grammar.allows_everything(a) for a in statement.actions)
    ]


def sensitive_service_grants(
    document: PolicyDocument, services: Sequence[str] = DEFAULT_SENSITIVE_SERVICES
) -> List[Risk]:
    """Allow statements granting a whole sensitive service (``ram:*``) on every resource."""
    risks = []
    for path, statement in _indexed(document):
        if not _on_everything(statement):
            continue
        for action in statement.actions:
            service, _, name = action.partition(":")
            if name == "*" and service.lower() in {s.lower() for s in services}:
                risks.append(Risk(path, f"allows the whole {service} service ({action}) on every resource (*)"))
    return risks


def _names_one_role(resource: str) -> bool:
    match = grammar.RESOURCE_ARN.fullmatch(resource)
    if match is None or resource.split(":", 4)[1] != "ram":
        return False
    relative = resource.split(":", 4)[4]
    return relative.startswith("role/") and len(relative) > len("role/") and not any(c in relative for c in "*?")


def pass_role_grants(document: PolicyDocument) -> List[Risk]:
    """Allow statements that grant ``ram:PassRole`` on anything but named role ARNs."""
    risks = []
    for path, statement in _indexed(document):
        if not any(grammar.action_matches(a, "ram:PassRole") for a in statement.actions):
            continue
        broad = [r for r in statement.resources if not _names_one_role(r)]
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
        if not statement.principals:
            risks.append(Risk(path, "names no principal"))
            continue
        everyone = [
            value
            for values in statement.principals.values()
            for value in values
            if value == "*" or value.startswith("acs:ram::*:")
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
