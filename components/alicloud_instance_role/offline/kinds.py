"""Resource kinds as tests name them: a type token or the Python class that registers it."""

from typing import Union

from pulumi.type_token import get_type_token

ResourceKind = Union[str, type]
"""A resource type: its token (``"alicloud:ram/role:Role"``) or its class (``alicloud.ram.Role``,
``InstanceRoleComponent``)."""


def type_token(kind: ResourceKind) -> str:
    """The type token of ``kind``; TypeError for a class that does not declare one."""
    if isinstance(kind, str):
        return kind
    token = get_type_token(kind)
    if token is None:
        # The component declares its token in its module, not with @pulumi.type_token.
        from ..instance_role import TYPE_TOKEN, InstanceRoleComponent

        if issubclass(kind, InstanceRoleComponent):
            return TYPE_TOKEN
        raise TypeError(f"{kind.__name__} declares no Pulumi type token; name the type by its token instead")
    return token
