"""alicloud-instance-role: ECS instance RAM roles for Pulumi, correct by construction.

>>> from alicloud_instance_role import InstanceRoleComponent, InstanceRoleArgs   # doctest: +SKIP

``InstanceRoleComponent`` and ``InstanceRoleArgs`` are imported lazily, so the pure-Python core
(``alicloud_instance_role.documents``, ``.naming``, ``.arguments``) can be used without importing
Pulumi, and the guardrails (``alicloud_instance_role.guardrails``) without ``pulumi_alicloud``.
Also here: ``alicloud_instance_role.testing`` (mocks and runners for a stack's own tests) and the
``alicloud-instance-role preview`` command.
"""

from importlib import metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .instance_role import (
        InstanceRoleArgs,
        InstanceRoleArgsError,
        InstanceRoleComponent,
        PolicyStatementArgs,
        check,
    )

__version__ = metadata.version("alicloud-instance-role")

__all__ = ["InstanceRoleArgs", "InstanceRoleArgsError", "InstanceRoleComponent", "PolicyStatementArgs", "check"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import instance_role

        return getattr(instance_role, name)
    raise AttributeError(f"module 'alicloud_instance_role' has no attribute {name!r}")
