"""RAM name rules, and physical names that are safe to share one account between stacks.

Role and policy names are unique per Alibaba Cloud account, not per region or stack, so
``default_role_name`` scopes every name by project and stack and adds a short hash of all
three parts: dev and prod never collide, even when their names would clean up to the same text.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import List, Optional, Pattern

from .offline_secrets import UNDECRYPTED_SECRET


@dataclass(frozen=True)
class NameRule:
    """What RAM accepts for one kind of name."""

    kind: str
    pattern: Pattern[str]
    alphabet: str
    max_length: int

    def problems(self, name: object) -> List[str]:
        """Each rule ``name`` breaks, in words; empty when RAM accepts it."""
        if not isinstance(name, str):
            return [f"a {self.kind} name is a string, got {type(name).__name__}"]
        if name == UNDECRYPTED_SECRET:
            # Offline, a secret reads as the placeholder; it is not the name, so do not judge it as one.
            return [
                f"a {self.kind} name cannot be a secret: it names resources, and Pulumi shows resource "
                "names and URNs in plain text; give it as plain config"
            ]
        found = []
        if not 1 <= len(name) <= self.max_length:
            found.append(f"a {self.kind} name has 1-{self.max_length} characters, got {len(name)}")
        bad = sorted({c for c in name if not self.pattern.fullmatch(c)})
        if bad:
            shown = " ".join(repr(c) for c in bad)
            found.append(f"a {self.kind} name may contain only {self.alphabet}; {name!r} has {shown}")
        return found

    def accepts(self, name: object) -> bool:
        """True when RAM accepts ``name``."""
        return not self.problems(name)


#: An ECS instance ID: ``i-`` then lowercase letters and digits (DESIGN.md; the ECS API reference
#: writes them so, e.g. ``i-bp67acfmxazb4p****`` with the tail masked). Compared exactly.
INSTANCE_ID = re.compile(r"i-[a-z0-9]+")


def instance_id_problem(value: object) -> Optional[str]:
    """What is wrong with ``value`` as an ECS instance ID, or None when it has the shape."""
    if not isinstance(value, str):
        return f"an instance ID is a string such as i-bp1example, got {type(value).__name__}"
    if INSTANCE_ID.fullmatch(value) is None:
        return f"{value!r} is not an ECS instance ID: `i-` then lowercase letters and digits, such as i-bp1example"
    return None


# Each rule is exactly what RAM's API reference states for the parameter, never stricter. The
# provider checks none of these names itself (no ValidateFunc on role_name, policy_name,
# user_name or group_name in terraform-provider-alicloud v2.0.0-beta3, unchanged to release/v2 HEAD
# ace5bcf87; see docs/provider-behaviour.md), so RAM is the only judge.

#: RAM API reference, CreateRole (ram 2015-05-01) RoleName: "1 to 64 characters in length, and
#: can contain letters, digits, periods (.), and hyphens (-)".
ROLE_NAME = NameRule("role", re.compile(r"[A-Za-z0-9.-]"), "letters, digits, '.' and '-'", 64)
#: RAM API reference, CreatePolicy PolicyName: "1 to 128 characters in length and can contain
#: letters, digits, and hyphens (-)"; System policy names (AliyunOSSReadOnlyAccess) follow it.
POLICY_NAME = NameRule("policy", re.compile(r"[A-Za-z0-9-]"), "letters, digits and '-'", 128)
#: RAM API reference, CreateUser UserName: "1 to 64 characters in length, and can contain
#: letters, digits, periods (.), hyphens (-), and underscores (_)".
USER_NAME = NameRule("user", re.compile(r"[A-Za-z0-9._-]"), "letters, digits, '.', '_' and '-'", 64)
#: RAM API reference, CreateGroup GroupName: "1 to 64 characters in length and can contain
#: letters, digits, periods (.), hyphens (-), and underscores (_)".
GROUP_NAME = NameRule("group", re.compile(r"[A-Za-z0-9._-]"), "letters, digits, '.', '_' and '-'", 64)

_HASH_LENGTH = 8


def _slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9-]", "-", text)).strip("-")


def _digest(*parts: str) -> str:
    # NUL cannot appear in a project, stack or logical name, so the parts never run together.
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def _scoped(rule: NameRule, project: str, stack: str, name: str) -> str:
    suffix = "-" + _digest(project, stack, name)
    readable = "-".join(p for p in (_slug(name), _slug(stack)) if p) or "role"
    return readable[: rule.max_length - len(suffix)].rstrip("-") + suffix


def default_role_name(project: str, stack: str, name: str) -> str:
    """A role name for the component ``name`` in ``project``/``stack``: readable
    (``app-dev-1a2b3c4d``), always valid, and different for every (project, stack, name)."""
    return _scoped(ROLE_NAME, project, stack, name)


def policy_name_for(role_name: str, purpose: str) -> str:
    """A policy name derived from a role name, such as ``app-dev-1a2b3c4d-policy``.

    Role names may hold ``.``, which policy names may not; when a role name has to be changed
    to fit, a hash of the exact role name follows the purpose (``app-dev-policy-1a2b3c4d``).
    Names kept as they are end in the purpose and changed ones in a hash, so no two role names
    share a policy name."""
    if POLICY_NAME.accepts(role_name):
        return f"{role_name}-{purpose}"
    return f"{_slug(role_name)[:64]}-{purpose}-{_digest(role_name)}"


#: Where programs on an instance read the role's STS credentials (ECS metadata service).
METADATA_CREDENTIALS_URL = "http://100.100.100.200/latest/meta-data/ram/security-credentials/"


def role_arn(account_id: str, role_name: str) -> str:
    """The ARN RAM gives a role: ``acs:ram::<account>:role/<name>``, the name as written (as in
    RAM's CreateRole and GetRole response examples; see ``preview.command.ROLE_ARN_CASE_NOTE``)."""
    return f"acs:ram::{account_id}:role/{role_name}"


def credentials_url(role_name: str) -> str:
    """The metadata URL that serves ``role_name``'s short-lived credentials on its instances."""
    return METADATA_CREDENTIALS_URL + role_name
