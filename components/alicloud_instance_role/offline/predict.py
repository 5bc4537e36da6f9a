"""Values only the cloud knows, predicted where the provider's source fixes their shape.

One implementation serves the preview and the test mocks (:class:`~.mocks.InstanceRoleMocks`),
with the provider's ID formats from their one home, :mod:`~alicloud_instance_role.import_ids`
(cited there to terraform-provider-alicloud v2.0.0-beta3, unchanged to release/v2 HEAD ace5bcf87, a
proxy for the source pulumi-alicloud 4.x bridges; see docs/provider-behaviour.md):

- a role's ID is its name, its ARN ``acs:ram::<account>:role/<name>``;
- a policy's ID is its name;
- attachments have IDs made of their inputs: ``role:<policy>:<type>:<role>``,
  ``user:<policy>:<type>:<user>``, ``group:<policy>:<type>:<group>`` and, for an ECS binding,
  ``<instance id>:<role name>``.

Anything else (an instance's ID, a bucket's generated name) is not predicted: the caller leaves
it unknown, or makes up a value that says so (:mod:`.made_up`; an instance's ID in ECS's shape).

:mod:`alicloud_instance_role.testing.replacements` predicts what a change would replace.
"""

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from .. import import_ids, naming
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

@dataclass(frozen=True)
class Prediction:
    """The predicted ID (None when it cannot be predicted) and outputs of one resource."""

    id: Optional[str] = None
    outputs: Dict[str, Any] = field(default_factory=dict)


def _known(inputs: Mapping[str, Any], *keys: str) -> bool:
    return all(isinstance(inputs.get(key), str) and inputs[key] for key in keys)


#: Attachment type -> (how import_ids builds its ID, the input naming who it attaches to).
_ATTACHMENT_IDS: Dict[str, Tuple[Callable[[str, str, str], str], str]] = {
    ROLE_POLICY_ATTACHMENT: (import_ids.role_policy_attachment, "roleName"),
    USER_POLICY_ATTACHMENT: (import_ids.user_policy_attachment, "userName"),
    GROUP_POLICY_ATTACHMENT: (import_ids.group_policy_attachment, "groupName"),
}


def predict(resource_type: str, inputs: Mapping[str, Any], account_id: Optional[str]) -> Prediction:
    """The ID and cloud-computed outputs of a resource of ``resource_type`` with ``inputs``
    (schema names: ``roleName``), as far as the provider's source fixes them (IDs: import_ids)."""
    if resource_type == ROLE and _known(inputs, "roleName"):
        # The ARN is RAM's, copied by the provider (resource_alicloud_ram_role.go:221), the name as
        # written: see naming.role_arn.
        role_name = inputs["roleName"]
        arn = naming.role_arn(account_id or ACCOUNT_PLACEHOLDER, role_name)
        return Prediction(import_ids.role(role_name), {"arn": arn})
    if resource_type == POLICY and _known(inputs, "policyName"):
        return Prediction(import_ids.policy(inputs["policyName"]))
    if resource_type in _ATTACHMENT_IDS:
        attachment_id, principal = _ATTACHMENT_IDS[resource_type]
        if _known(inputs, principal, "policyName", "policyType"):
            return Prediction(attachment_id(inputs[principal], inputs["policyName"], inputs["policyType"]))
    if resource_type == INSTANCE_BINDING and _known(inputs, "instanceId", "ramRoleName"):
        return Prediction(import_ids.instance_binding(inputs["instanceId"], inputs["ramRoleName"]))
    return Prediction()
