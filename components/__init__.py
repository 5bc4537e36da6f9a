"""alicloud-instance-role: ECS instance RAM roles for Pulumi, correct by construction.

``InstanceRoleComponent`` and ``InstanceRoleArgs`` are imported lazily, so the pure-Python core
(``components.documents``, ``components.naming``) can be used, by the guardrail pack for one,
without importing Pulumi.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .instance_role import (
        InstanceRoleArgs,
        InstanceRoleArgsError,
        InstanceRoleComponent,
        PolicyStatementArgs,
        check,
    )

__all__ = ["InstanceRoleArgs", "InstanceRoleArgsError", "InstanceRoleComponent", "PolicyStatementArgs", "check"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import instance_role

        return getattr(instance_role, name)
    raise AttributeError(f"module 'components' has no attribute {name!r}")
