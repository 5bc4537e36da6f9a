"""Values only the cloud knows, predicted where Alibaba documents their shape.

A role's ARN is ``acs:ram::<account>:role/<role name>``, and RAM identifies roles and policies
by name, so those are predicted from the inputs. Every other ID is a placeholder that says so.
Each prediction lists the keys it made up, so the preview can mark them as predicted.
:func:`replacements` predicts what a change would replace, from the provider's ForceNew fields.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple

from .. import naming
from ..resource_types import (
    GROUP_POLICY_ATTACHMENT,
    INSTANCE_BINDING,
    POLICY,
    ROLE,
    ROLE_POLICY_ATTACHMENT,
    USER_POLICY_ATTACHMENT,
)

#: Shown in predicted ARNs when no account ID is given; RAM would never issue it.
ACCOUNT_PLACEHOLDER = "<account-id>"

#: Why a predicted role ARN keeps the role name's case. RAM's API reference shows the name as
#: written in every response example (CreateRole, GetRole, ListRoles: RoleName ECSAdmin, Arn
#: acs:ram::123456789012****:role/ECSAdmin), and the provider copies GetRole's Arn verbatim
#: (terraform-provider-alicloud v2.0.0-beta3, resource_alicloud_ram_role.go:221; its tests only
#: check that arn is set). Other Alibaba pages write lower-case ARNs for mixed-case roles.
ROLE_ARN_CASE_NOTE = (
    "Role ARNs are predicted with the role name as written, as RAM's CreateRole and GetRole "
    "response examples show (role/ECSAdmin for ECSAdmin); some Alibaba pages write them in lower "
    "case (role/aliyunlogdefaultrole), so compare role ARNs without regard to case."
)


@dataclass(frozen=True)
class Prediction:
    """A predicted ID and output values for one resource."""

    id: str
    outputs: Dict[str, Any] = field(default_factory=dict)


def predict(resource_type: str, name: str, inputs: Mapping[str, Any], account_id: Optional[str]) -> Prediction:
    """The ID and cloud-computed outputs of a resource of ``resource_type`` with ``inputs``."""
    if resource_type == ROLE and isinstance(inputs.get("roleName"), str):
        role_name = inputs["roleName"]
        return Prediction(role_name, {"arn": naming.role_arn(account_id or ACCOUNT_PLACEHOLDER, role_name)})
    if resource_type == POLICY and isinstance(inputs.get("policyName"), str):
        return Prediction(inputs["policyName"])
    return Prediction(f"predicted-id-of-{name}")


#: Inputs whose change makes the provider replace the resource rather than update it: its
#: ForceNew fields (terraform-provider-alicloud v2.0.0-beta3; the attachments have no Update at
#: all), by Pulumi type and wire name.
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
    """What :func:`replacements` reads of a registration (``testing.runner.Registration``)."""

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
