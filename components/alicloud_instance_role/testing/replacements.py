"""What a change to a program would replace (delete and create again), predicted from the
provider's ForceNew fields and each resource's ``replace_on_changes``: for a stack's tests, to
catch a change that would replace a role or rebind an instance before ``pulumi up`` does."""

from typing import Any, Dict, List, Protocol, Sequence, Tuple

from ..resource_types import (
    GROUP_POLICY_ATTACHMENT,
    INSTANCE_BINDING,
    POLICY,
    ROLE,
    ROLE_POLICY_ATTACHMENT,
    USER_POLICY_ATTACHMENT,
)

#: Inputs whose change makes the provider replace the resource rather than update it: its
#: ForceNew fields (terraform-provider-alicloud v2.0.0-beta3, unchanged to release/v2 HEAD ace5bcf87;
#: see docs/provider-behaviour.md; the attachments have no Update at all), by Pulumi type and wire name.
FORCE_NEW: Dict[str, Tuple[str, ...]] = {
    # alicloud/resource_alicloud_ram_role.go:63-78 and resource_alicloud_ram_policy.go:50-56, 83-90
    ROLE: ("roleName", "name"),
    POLICY: ("policyName", "name"),
    # resource_alicloud_ram_{role,user,group}_policy_attachment.go:27-44, 26-43, 27-44
    ROLE_POLICY_ATTACHMENT: ("policyName", "policyType", "roleName"),
    USER_POLICY_ATTACHMENT: ("policyName", "policyType", "userName"),
    GROUP_POLICY_ATTACHMENT: ("groupName", "policyName", "policyType"),
    # resource_alicloud_ecs_ram_role_attachment.go:31-35, 40-44 (not policy: see instance_role.py)
    INSTANCE_BINDING: ("instanceId", "ramRoleName"),
}


class Registered(Protocol):
    """What :func:`replacements` reads of a registration (:class:`~alicloud_instance_role.testing.Registration`)."""

    @property
    def type(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def inputs(self) -> Dict[str, Any]: ...

    @property
    def replace_on_changes(self) -> List[str]: ...


def replacements(before: Sequence[Registered], after: Sequence[Registered]) -> List[str]:
    """Logical names, sorted, of the resources in both runs that going from ``before`` to
    ``after`` would replace (delete and create again): an input the provider cannot update
    (:data:`FORCE_NEW`) or one named in the resource's ``replace_on_changes`` changed."""
    earlier = {(r.type, r.name): r for r in before}
    replaced = []
    for now in after:
        then = earlier.get((now.type, now.name))
        if then is None:
            continue
        watched = {*FORCE_NEW.get(now.type, ()), *now.replace_on_changes}
        if any(then.inputs.get(key) != now.inputs.get(key) for key in watched):
            replaced.append(now.name)
    return sorted(replaced)
