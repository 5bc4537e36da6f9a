"""Values only the cloud knows, predicted where Alibaba documents their shape.

A role's ARN is ``acs:ram::<account>:role/<role name>``, and RAM identifies roles and policies
by name, so those are predicted from the inputs. Every other ID is a placeholder that says so.
Each prediction lists the keys it made up, so the preview can mark them as predicted.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

from .. import naming
from ..resource_types import POLICY, ROLE

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
