"""Values only the cloud knows, predicted where the provider's source fixes their shape.

One implementation serves the preview and the test mocks (:class:`~.mocks.InstanceRoleMocks`).
Each rule below cites the line of terraform-provider-alicloud (v2.0.0-beta3, the source
pulumi-alicloud 4.0.0 bridges) that sets the ID or output it predicts:

- a role's ID is its name, its ARN ``acs:ram::<account>:role/<name>``;
- a policy's ID is its name;
- attachments have IDs made of their inputs: ``role:<policy>:<type>:<role>``,
  ``user:<policy>:<type>:<user>``, ``group:<policy>:<type>:<group>`` and, for an ECS binding,
  ``<instance id>:<role name>``.

Anything else (an instance's ID, a bucket's generated name) is not predicted: the caller leaves
it unknown in a preview, or makes up a value that says so (:func:`made_up_id`) in a test.

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

#: Shown in predicted ARNs when no account ID is given; RAM never issues it.
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
    """The predicted ID (None when it cannot be predicted) and outputs of one resource."""

    id: Optional[str] = None
    outputs: Dict[str, Any] = field(default_factory=dict)


def _known(inputs: Mapping[str, Any], *keys: str) -> bool:
    return all(isinstance(inputs.get(key), str) and inputs[key] for key in keys)


def _attachment_id(kind: str, inputs: Mapping[str, Any], principal: str) -> Optional[str]:
    if not _known(inputs, "policyName", "policyType", principal):
        return None
    return f"{kind}:{inputs['policyName']}:{inputs['policyType']}:{inputs[principal]}"


def predict(resource_type: str, inputs: Mapping[str, Any], account_id: Optional[str]) -> Prediction:
    """The ID and cloud-computed outputs of a resource of ``resource_type`` with ``inputs``
    (schema names: ``roleName``), as far as the provider's source fixes them."""
    if resource_type == ROLE and _known(inputs, "roleName"):
        # resource_alicloud_ram_role.go:202 d.SetId(RoleName); the ARN is RAM's, read at :221.
        role_name = inputs["roleName"]
        return Prediction(role_name, {"arn": naming.role_arn(account_id or ACCOUNT_PLACEHOLDER, role_name)})
    if resource_type == POLICY and _known(inputs, "policyName"):
        # resource_alicloud_ram_policy.go:209 d.SetId(PolicyName)
        return Prediction(inputs["policyName"])
    if resource_type == ROLE_POLICY_ATTACHMENT:
        # resource_alicloud_ram_role_policy_attachment.go:82 "role:%v:%v:%v" PolicyName, PolicyType, RoleName
        return Prediction(_attachment_id("role", inputs, "roleName"))
    if resource_type == USER_POLICY_ATTACHMENT:
        # resource_alicloud_ram_user_policy_attachment.go:80 "user:%v:%v:%v" PolicyName, PolicyType, UserName
        return Prediction(_attachment_id("user", inputs, "userName"))
    if resource_type == GROUP_POLICY_ATTACHMENT:
        # resource_alicloud_ram_group_policy_attachment.go:86 "group:%v:%v:%v" PolicyName, PolicyType, GroupName
        return Prediction(_attachment_id("group", inputs, "groupName"))
    if resource_type == INSTANCE_BINDING and _known(inputs, "instanceId", "ramRoleName"):
        # resource_alicloud_ecs_ram_role_attachment.go:86 "%v:%v" InstanceId, RamRoleName
        return Prediction(f"{inputs['instanceId']}:{inputs['ramRoleName']}")
    return Prediction()


#: Starts every ID the test mocks make up, so no one mistakes it for the cloud's.
MADE_UP_ID_PREFIX = "made-up-id-of-"


def made_up_id(name: str) -> str:
    """The ID the test mocks give a resource whose ID cannot be predicted: ``made-up-id-of-<name>``."""
    return f"{MADE_UP_ID_PREFIX}{name}"


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
