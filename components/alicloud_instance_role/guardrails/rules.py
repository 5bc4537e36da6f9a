"""The guardrails: every CrossGuard policy of the pack, in :data:`POLICIES`.

Every RAM rule (documents, names, grants, trust, attached System policies, instance IDs) is
the pure-Python core's (``documents``, ``naming``, ``arguments``): a policy here only wires a
resource's properties to it, so the pack and the component share one implementation of each.
The rules live by domain: :mod:`.documents` (RAM documents, the risk rules declared from one
table), :mod:`.resources` (one resource's other fields), :mod:`.stack` (the whole stack, with the
bindings of :mod:`alicloud_instance_role.stack_reading`); :mod:`.properties` reads the
analyzer's properties and :mod:`.registration` declares a rule. Importable without starting the
analyzer (only :func:`~alicloud_instance_role.guardrails.build_pack` does that), so tests call
each policy directly; the names below stay importable from here.
"""

from typing import Iterator, List, Sequence

from pulumi_policy import Policy, PolicyResource

from ..markers import NOT_KNOWN, NotKnown
from ..resource_types import (
    DEPRECATED_ROLE_ATTACHMENT,
    INSTANCE,
    INSTANCE_BINDING,
    POLICY,
    ROLE,
)
from ..stack_reading import Binding
from ..stack_reading import bindings as _bindings
from .documents import (
    DOCUMENT_VALID,
    NAMES_EXIST,
    NO_ADMIN_GRANT,
    NO_PRIVILEGE_ESCALATION,
    NO_SENSITIVE_SERVICE_GRANT,
    PASS_ROLE_SCOPED,
    RISK_RULES,
    TRUST_ALLOWED_ACCOUNTS,
    TRUST_ALLOWED_SERVICES,
    TRUST_FEDERATED_CONDITION,
    TRUST_NAMES_PRINCIPALS,
)
from .properties import analyzed, read
from .resources import (
    DEFAULT_SESSION_LIMIT,
    DEPRECATED_FIELDS,
    INSTANCE_HARDENED_METADATA,
    INSTANCE_ID_FIELDS,
    NAME_FIELDS,
    NAMES_VALID,
    NO_DENIED_SYSTEM_POLICY,
    NO_DEPRECATED_FIELDS,
    NO_DEPRECATED_ROLE_ATTACHMENT,
    POLICY_ROTATE_STRATEGY,
    SESSION_DURATION_LIMIT,
)
from .stack import INSTANCE_ROLE_NEEDS_VPC, ONE_ROLE_PER_INSTANCE

__all__ = [
    "DEFAULT_SESSION_LIMIT",
    "DEPRECATED_FIELDS",
    "DEPRECATED_ROLE_ATTACHMENT",
    "DOCUMENT_VALID",
    "INSTANCE",
    "INSTANCE_BINDING",
    "INSTANCE_HARDENED_METADATA",
    "INSTANCE_ID_FIELDS",
    "INSTANCE_ROLE_NEEDS_VPC",
    "NAMES_EXIST",
    "NAMES_VALID",
    "NAME_FIELDS",
    "NOT_KNOWN",
    "NO_ADMIN_GRANT",
    "NO_DENIED_SYSTEM_POLICY",
    "NO_DEPRECATED_FIELDS",
    "NO_DEPRECATED_ROLE_ATTACHMENT",
    "NO_PRIVILEGE_ESCALATION",
    "NO_SENSITIVE_SERVICE_GRANT",
    "ONE_ROLE_PER_INSTANCE",
    "PASS_ROLE_SCOPED",
    "POLICIES",
    "POLICY",
    "POLICY_ROTATE_STRATEGY",
    "RISK_RULES",
    "ROLE",
    "SESSION_DURATION_LIMIT",
    "TRUST_ALLOWED_ACCOUNTS",
    "TRUST_ALLOWED_SERVICES",
    "TRUST_FEDERATED_CONDITION",
    "TRUST_NAMES_PRINCIPALS",
    "Binding",
    "NotKnown",
    "bindings",
    "read",
]


def bindings(resources: Sequence[PolicyResource]) -> Iterator[Binding]:
    """Every role-to-instance binding among a stack's resources under analysis (see
    :func:`alicloud_instance_role.stack_reading.bindings`)."""
    return _bindings(analyzed(resources))


#: Every policy of the pack, mandatory ones first.
POLICIES: List[Policy] = [
    DOCUMENT_VALID,
    NO_ADMIN_GRANT,
    NO_SENSITIVE_SERVICE_GRANT,
    NO_PRIVILEGE_ESCALATION,
    PASS_ROLE_SCOPED,
    NO_DENIED_SYSTEM_POLICY,
    TRUST_NAMES_PRINCIPALS,
    TRUST_ALLOWED_SERVICES,
    TRUST_ALLOWED_ACCOUNTS,
    TRUST_FEDERATED_CONDITION,
    NAMES_VALID,
    ONE_ROLE_PER_INSTANCE,
    NAMES_EXIST,
    POLICY_ROTATE_STRATEGY,
    NO_DEPRECATED_ROLE_ATTACHMENT,
    NO_DEPRECATED_FIELDS,
    SESSION_DURATION_LIMIT,
    INSTANCE_HARDENED_METADATA,
    INSTANCE_ROLE_NEEDS_VPC,
]
