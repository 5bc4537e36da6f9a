"""Values only the cloud knows, predicted where Alibaba documents their shape.

A role's ARN is ``acs:ram::<account>:role/<role name>``, and RAM identifies roles and policies
by name, so those are predicted from the inputs. Every other ID is a placeholder that says so
(an instance's in ECS's shape, ``i-predicted<hash>``, so it passes the instance-ID checks).
Each prediction lists the keys it made up, so the preview can mark them as predicted.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

from .. import naming
from ..resource_types import INSTANCE, POLICY, ROLE

#: Shown in predicted ARNs when no account ID is given; RAM would never issue it.
ACCOUNT_PLACEHOLDER = "<account-id>"


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
    if resource_type == INSTANCE:
        return Prediction(f"i-predicted{hashlib.sha256(name.encode('utf-8')).hexdigest()[:12]}")
    return Prediction(f"predicted-id-of-{name}")
