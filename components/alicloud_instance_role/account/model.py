"""What was read from an account, as plain data (no SDK, no Pulumi): roles with their trust
policy and attached policies, Custom policies with their default version's document, users and
groups with their attached policies, and the instance bindings of every region read."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..documents import read_document
from ..documents.globs import fold, matches
from ..documents.grammar import arn_account

CUSTOM, SYSTEM = "Custom", "System"
#: The service principal of ECS: a role it may assume is an instance role.
ECS_SERVICE = "ecs.aliyuncs.com"


@dataclass(frozen=True)
class Attached:
    """A policy attached to a principal, by name and type (``Custom`` or ``System``)."""

    name: str
    type: str


@dataclass
class Role:
    """A RAM role as ListRoles and GetRole describe it, with the policies ListPoliciesForRole lists."""

    name: str
    arn: str
    trust: str
    """The trust policy (``AssumeRolePolicyDocument``) as RAM returned it."""
    description: str = ""
    max_session_duration: Optional[int] = None
    tags: Dict[str, str] = field(default_factory=dict)
    policies: List[Attached] = field(default_factory=list)

    def trusted_services(self) -> List[str]:
        """The services an Allow statement of the trust policy lets assume the role
        (``sts:AssumeRole``), lower-cased, in order; empty when the document is not valid."""
        _, document = read_document(self.trust, "trust", keep_duplicates=True)
        found: List[str] = []
        for statement in document.statements if document is not None else ():
            if statement.allows and any(matches(a, "sts:AssumeRole", ignore_case=True) for a in statement.actions):
                found += [fold(s) for s in statement.principals.get("Service", ()) if fold(s) not in found]
        return found

    @property
    def is_instance_role(self) -> bool:
        """True when ECS may assume the role (its trust names ``ecs.aliyuncs.com``)."""
        return ECS_SERVICE in self.trusted_services()


@dataclass
class Principal:
    """A RAM user or group and the policies attached to it."""

    kind: str
    """``user`` or ``group``."""
    name: str
    policies: List[Attached] = field(default_factory=list)


@dataclass(frozen=True)
class CustomPolicy:
    """A Custom policy and its default version's document."""

    name: str
    document: str
    description: str = ""


@dataclass(frozen=True)
class Binding:
    """An ECS instance that holds a role (DescribeInstanceRamRole)."""

    instance_id: str
    role_name: str
    region: str


@dataclass
class Account:
    """Everything read, and what could not be."""

    roles: List[Role] = field(default_factory=list)
    policies: Dict[str, CustomPolicy] = field(default_factory=dict)
    principals: List[Principal] = field(default_factory=list)
    """Users, then groups."""
    bindings: List[Binding] = field(default_factory=list)
    regions: List[str] = field(default_factory=list)
    """The regions whose bindings were read."""
    skipped_regions: Dict[str, str] = field(default_factory=dict)
    """Region -> why its bindings could not be read."""
    holders: Dict[Attached, List[Tuple[str, str]]] = field(default_factory=dict)
    """Custom policy -> (kind, name) of every principal in the account it is attached to, as
    ListEntitiesForPolicy says, for the policies of roles read when not every role is."""

    @property
    def account_id(self) -> Optional[str]:
        """The account's ID, from its roles' ARNs (``acs:ram::<account>:role/<name>``)."""
        for role in self.roles:
            account = arn_account(role.arn)
            if account:
                return account
        return None

    def attached_to(self, policy: Attached) -> List[Tuple[str, str]]:
        """(kind, name) of every principal that has ``policy`` attached: roles, users, groups
        (from :attr:`holders` when it was asked, else from the principals read)."""
        if policy in self.holders:
            return list(self.holders[policy])
        found = [("role", role.name) for role in self.roles if policy in role.policies]
        return found + [(p.kind, p.name) for p in self.principals if policy in p.policies]

    def instances_of(self, role_name: str) -> List[str]:
        """The IDs of the instances bound to ``role_name``, sorted."""
        return sorted({b.instance_id for b in self.bindings if b.role_name == role_name})
