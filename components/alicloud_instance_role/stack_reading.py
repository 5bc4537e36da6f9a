"""Reading a stack: which resources bind a role to an ECS instance, which attach a policy to a
principal, and which of their values are not known yet or secret.

One layer for the guardrails (reading the analyzer's ``PolicyResource``) and the preview
(reading the runner's ``Registration``): each gives its resources through the small
:class:`StackResource` protocol, whose :meth:`~StackResource.read` turns its own markers for a value
not known yet (the analyzer's sentinels, ``pulumi.output.Unknown``, the wire's
:data:`~alicloud_instance_role.wire.UNKNOWN`) into the one :data:`NOT_KNOWN`, and whose
:meth:`~StackResource.is_secret` says which properties held a secret. Pure Python: no Pulumi import.
"""

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Protocol, Sequence, Tuple

from .markers import SECRET_SHOWN
from .resource_types import (
    DEPRECATED_ROLE_ATTACHMENT,
    GROUP_POLICY_ATTACHMENT,
    INSTANCE,
    INSTANCE_BINDING,
    POLICY_ATTACHMENTS,
    RM_POLICY_ATTACHMENT,
    ROLE_POLICY_ATTACHMENT,
    USER_POLICY_ATTACHMENT,
)


class StackResource(Protocol):
    """One resource of a stack, as this layer reads it."""

    @property
    def type(self) -> str:
        """The Pulumi type token (``alicloud:ram/role:Role``)."""

    @property
    def urn(self) -> str:
        """The resource's URN."""

    @property
    def name(self) -> str:
        """The resource's logical name."""

    def read(self, *names: str) -> Any:
        """The plain value of the first of ``names`` that is set (secrets unwrapped); None when
        none is; :data:`NOT_KNOWN` for a value (or an item of one) not known yet."""

    def is_secret(self, field: str) -> bool:
        """True when the property ``field`` holds (or may hold) a secret."""

    def depends_on(self, field: str) -> Sequence["StackResource"]:
        """The resources of the stack the property ``field`` was computed from."""


@dataclass(frozen=True)
class Binding:
    """One resource binding a role to one ECS instance."""

    instance: str
    """Identifies the instance: its ID, or the URN of its Instance resource when that is in the stack."""
    instance_id: Any
    """The instance ID as the binding (or the Instance) holds it: a string, :data:`NOT_KNOWN` or None."""
    id_secret: bool
    """True when the instance ID is secret."""
    instance_name: Optional[str]
    """The logical name of the Instance resource in the stack the binding was made from, if known."""
    role: Any
    """The role name, or :data:`NOT_KNOWN`."""
    resource: StackResource
    """The resource that makes the binding."""
    role_secret: bool = False
    """True when the role name is secret: messages leave it out."""

    @property
    def is_attachment(self) -> bool:
        """True for an attachment resource, False for an instance's own ``roleName``."""
        return self.resource.type != INSTANCE

    @property
    def shown(self) -> str:
        """The instance as the guardrails' messages name it (its ID, or its resource when the ID
        is not known yet or secret)."""
        known = isinstance(self.instance_id, str) and bool(self.instance_id)
        if self.instance_name is not None:
            if not known:
                return f"{self.instance_name} (ID known after creation)"
            return f"{self.instance_name} (ID {SECRET_SHOWN})" if self.id_secret else str(self.instance_id)
        return SECRET_SHOWN if self.id_secret else str(self.instance_id)


def _instance_keys(resources: Sequence[StackResource]) -> Dict[str, StackResource]:
    """Instance ID -> its Instance resource, for every one whose ID is known."""
    keys = {}
    for resource in resources:
        if resource.type == INSTANCE:
            instance_id = resource.read("id")
            if isinstance(instance_id, str) and instance_id:
                keys[instance_id] = resource
    return keys


def _by_id(
    resource: StackResource, instance_id: str, secret: bool, role: Tuple[Any, bool], by_id: Mapping[str, StackResource]
) -> Binding:
    instance = by_id.get(instance_id)
    key = instance.urn if instance is not None else instance_id
    secret = secret or (instance is not None and instance.is_secret("id"))
    return Binding(key, instance_id, secret, None, role[0], resource, role[1])


def _of_instance(
    resource: StackResource, field: str, value: Any, role: Tuple[Any, bool], by_id: Mapping[str, StackResource]
) -> Optional[Binding]:
    """The binding of ``resource`` to the instance ``value`` of its ``field``, or None when the
    instance cannot be told.

    An instance created in the same stack is the one the property depends on, whether its ID is
    already known (a predicted or refreshed one) or not (a preview, before it is created): the
    ID alone cannot match it, since an Instance resource's properties do not hold its own ID."""
    secret = resource.is_secret(field)
    sources = [source for source in resource.depends_on(field) if source.type == INSTANCE]
    if len(sources) == 1:
        source = sources[0]
        return Binding(source.urn, value, secret or source.is_secret("id"), source.name, role[0], resource, role[1])
    if isinstance(value, str) and value:
        return _by_id(resource, value, secret, role, by_id)
    return None


def bindings(resources: Sequence[StackResource]) -> Iterator[Binding]:
    """Every role-to-instance binding in the stack, in resource order: instances' own
    ``roleName``, ``alicloud.ecs.RamRoleAttachment`` and the deprecated ``alicloud.ram.RoleAttachment``."""
    by_id = _instance_keys(resources)
    for resource in resources:
        if resource.type == INSTANCE:
            role = resource.read("roleName")
            if role not in (None, ""):
                yield Binding(
                    resource.urn,
                    resource.read("id"),
                    resource.is_secret("id"),
                    resource.name,
                    role,
                    resource,
                    resource.is_secret("roleName"),
                )
        elif resource.type == INSTANCE_BINDING:
            role_of = (resource.read("ramRoleName"), resource.is_secret("ramRoleName"))
            found = _of_instance(resource, "instanceId", resource.read("instanceId"), role_of, by_id)
            if found is not None:
                yield found
        elif resource.type == DEPRECATED_ROLE_ATTACHMENT:
            ids = resource.read("instanceIds")
            role_of = (resource.read("roleName"), resource.is_secret("roleName"))
            ids_secret = resource.is_secret("instanceIds")
            for instance_id in ids if isinstance(ids, list) else []:
                # The list's dependencies cannot tell its items apart: match each by its ID.
                if isinstance(instance_id, str) and instance_id:
                    yield _by_id(resource, instance_id, ids_secret, role_of, by_id)


@dataclass(frozen=True)
class Attachment:
    """One resource attaching a policy to a role, user or group (by the RAM or the Resource
    Manager API)."""

    kind: str
    """``role``, ``user``, ``group``, or ``principal`` for a Resource Manager type not told."""
    principal: Any
    """The principal's name: a string, :data:`NOT_KNOWN` or None."""
    principal_secret: bool
    policy: Any
    """The policy's name: a string, :data:`NOT_KNOWN` or None."""
    policy_secret: bool
    policy_type: Any
    """``System`` or ``Custom`` (any case), :data:`NOT_KNOWN` or None."""
    resource: StackResource


# Attachment type -> (kind of principal, the property naming it); Resource Manager's principal types.
_PRINCIPALS = {
    ROLE_POLICY_ATTACHMENT: ("role", "roleName"),
    USER_POLICY_ATTACHMENT: ("user", "userName"),
    GROUP_POLICY_ATTACHMENT: ("group", "groupName"),
}
_RM_PRINCIPALS = {"ServiceRole": "role", "IMSUser": "user", "IMSGroup": "group"}


def attachment(resource: StackResource) -> Optional[Attachment]:
    """The policy attachment ``resource`` makes, or None when it is not a policy attachment."""
    if resource.type not in POLICY_ATTACHMENTS:
        return None
    if resource.type == RM_POLICY_ATTACHMENT:
        kind = _RM_PRINCIPALS.get(str(resource.read("principalType")), "principal")
        key = "principalName"
    else:
        kind, key = _PRINCIPALS[resource.type]
    return Attachment(
        kind,
        resource.read(key),
        resource.is_secret(key),
        resource.read("policyName"),
        resource.is_secret("policyName"),
        resource.read("policyType"),
        resource,
    )


def attachments(resources: Sequence[StackResource]) -> List[Attachment]:
    """Every policy attachment of the stack, in resource order."""
    return [found for found in map(attachment, resources) if found is not None]
