"""The vocabulary of RAM policy documents: keys, operators and the shapes of names and ARNs.

One place for every RAM language rule the validator, the canonical form and the builders share.
"""

import re
from typing import FrozenSet, Optional

VERSION = "1"
MAX_DOCUMENT_BYTES = 6144

DOCUMENT_KEYS: FrozenSet[str] = frozenset({"Version", "Statement"})
STATEMENT_KEYS: FrozenSet[str] = frozenset({"Effect", "Action", "NotAction", "Resource", "Principal", "Condition"})
EFFECTS: FrozenSet[str] = frozenset({"Allow", "Deny"})
PRINCIPAL_TYPES = ("Service", "RAM", "Federated")

CONDITION_OPERATORS: FrozenSet[str] = frozenset(
    {
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "IpAddress",
        "NotIpAddress",
    }
)
CONDITION_SET_PREFIXES = ("ForAllValues:", "ForAnyValue:")

# `*` alone, or `<service>:<action>`; both halves may use the `*` and `?` wildcards
# (`*:Describe*`, `yundun-*:*`, `ecs:*SecurityGroup*` all appear in Alibaba's own policies).
ACTION = re.compile(r"\*|[A-Za-z0-9*?][A-Za-z0-9*?_-]*:[A-Za-z0-9*?][A-Za-z0-9*?_-]*")
# acs:<service>:<region>:<account>:<relative-id>; region and even service may be empty
# (Alibaba's system policies use `acs:sysom::*:*` and `acs::ram::*`).
RESOURCE_ARN = re.compile(r"acs:[^:\s]*:[^:\s]*:[^:\s]*:\S+")
SERVICE_PRINCIPAL = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.aliyuncs\.com")
RAM_PRINCIPAL = re.compile(r"acs:ram::[^:\s]+:(root|user/\S+|role/\S+|assumed-role/\S+)")
FEDERATED_PRINCIPAL = re.compile(r"acs:ram::[^:\s]+:(saml-provider|oidc-provider)/\S+")
# A role ARN whose name has no wildcard names one role (the account may be `*`, as in Alibaba's
# own PassRole examples: RAM evaluates it in the caller's account).
ONE_ROLE_ARN = re.compile(r"acs:ram:[^:\s]*:[^:\s]+:role/[^*?\s]+")
# Alibaba's docs mask account IDs and instance IDs with runs of asterisks (`123456789012****`).
MASKED = re.compile(r"\*{3,}")
# An Alibaba Cloud account ID (UID) is 16 digits; its masked form keeps digits around `***` runs.
ACCOUNT_ID = re.compile(r"[0-9]{16}")
MASKED_ACCOUNT = re.compile(r"[0-9]*(?:\*{3,}[0-9]*)+")


def is_action(text: str) -> bool:
    """True for `*` or a `<service>:<action>` pattern RAM accepts."""
    return ACTION.fullmatch(text) is not None


def is_resource(text: str) -> bool:
    """True for `*` or an `acs:` ARN."""
    return text == "*" or RESOURCE_ARN.fullmatch(text) is not None


def names_one_role(arn: str) -> bool:
    """True for the ARN of one named role, ``acs:ram::<account>:role/<name>`` without wildcards."""
    return ONE_ROLE_ARN.fullmatch(arn) is not None


def admits_anyone(principal: str) -> bool:
    """True for a trust principal that lets any account assume the role (``*``, ``acs:ram::*:...``)."""
    return principal == "*" or principal_account(principal) == "*"


def arn_account(arn: str) -> Optional[str]:
    """The account field of an ``acs:<service>:<region>:<account>:<relative-id>`` ARN (``""``
    when it is empty, as in ``acs:oss:*::bucket``); None for anything that is not such an ARN."""
    parts = arn.split(":", 4)
    return parts[3] if len(parts) == 5 and parts[0] == "acs" else None


def principal_account(principal: str) -> str:
    """The account of a RAM or Federated principal (``acs:ram::<account>:...``); empty for others."""
    account = arn_account(principal) if principal.startswith("acs:ram::") else None
    return account or ""


def wildcard_account(principal: str) -> bool:
    """True when a principal's account holds a wildcard (``acs:ram::*:root``, ``acs:ram::1*:root``)."""
    account = principal_account(principal)
    return "*" in account or "?" in account


def is_condition_operator(text: str) -> bool:
    """True for a RAM condition operator, optionally with a ForAllValues:/ForAnyValue: prefix."""
    for prefix in CONDITION_SET_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text in CONDITION_OPERATORS
