"""Values only the cloud knows, predicted where the provider's source fixes their shape.

One implementation serves the preview and the test mocks (:class:`~.mocks.InstanceRoleMocks`).
Each rule below cites the line of terraform-provider-alicloud (commit 81c43b672, the source
pulumi-alicloud 4.x bridges) that sets the ID or output it predicts:

- a role's ID is its name, its ARN ``acs:ram::<account>:role/<name>``;
- a policy's ID is its name;
- attachments have IDs made of their inputs: ``role:<policy>:<type>:<role>``,
  ``user:<policy>:<type>:<user>``, ``group:<policy>:<type>:<group>`` and, for an ECS binding,
  ``<instance id>:<role name>``.

Anything else (an instance's ID, a bucket's generated name) is not predicted: the caller leaves
it unknown in a preview, or makes up a value that says so (:func:`made_up_id`) in a test.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

from .. import naming
from .. import resource_types as types

#: Shown in predicted ARNs when no account ID is given; RAM never issues it.
ACCOUNT_PLACEHOLDER = "<account-id>"


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
    if resource_type == types.ROLE and _known(inputs, "roleName"):
        # resource_alicloud_ram_role.go:202 d.SetId(RoleName); the ARN is RAM's, read at :221.
        role_name = inputs["roleName"]
        return Prediction(role_name, {"arn": naming.role_arn(account_id or ACCOUNT_PLACEHOLDER, role_name)})
    if resource_type == types.POLICY and _known(inputs, "policyName"):
        # resource_alicloud_ram_policy.go:209 d.SetId(PolicyName)
        return Prediction(inputs["policyName"])
    if resource_type == types.ROLE_POLICY_ATTACHMENT:
        # resource_alicloud_ram_role_policy_attachment.go:82 "role:%v:%v:%v" PolicyName, PolicyType, RoleName
        return Prediction(_attachment_id("role", inputs, "roleName"))
    if resource_type == types.USER_POLICY_ATTACHMENT:
        # resource_alicloud_ram_user_policy_attachment.go:80 "user:%v:%v:%v" PolicyName, PolicyType, UserName
        return Prediction(_attachment_id("user", inputs, "userName"))
    if resource_type == types.GROUP_POLICY_ATTACHMENT:
        # resource_alicloud_ram_group_policy_attachment.go:86 "group:%v:%v:%v" PolicyName, PolicyType, GroupName
        return Prediction(_attachment_id("group", inputs, "groupName"))
    if resource_type == types.INSTANCE_BINDING and _known(inputs, "instanceId", "ramRoleName"):
        # resource_alicloud_ecs_ram_role_attachment.go:86 "%v:%v" InstanceId, RamRoleName
        return Prediction(f"{inputs['instanceId']}:{inputs['ramRoleName']}")
    return Prediction()


#: Starts every ID the test mocks make up, so no one mistakes it for the cloud's.
MADE_UP_ID_PREFIX = "made-up-id-of-"


def made_up_id(name: str) -> str:
    """The ID the test mocks give a resource whose ID cannot be predicted: ``made-up-id-of-<name>``."""
    return f"{MADE_UP_ID_PREFIX}{name}"
