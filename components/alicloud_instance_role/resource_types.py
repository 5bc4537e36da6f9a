"""The pulumi-alicloud resource types that hold RAM roles, policies, attachments and instance
bindings, and the properties that carry RAM documents (pure data, no Pulumi import).

The guardrail pack and the preview read resources by these tokens and wire-format property
names (``roleName``, not ``role_name``).
"""

from dataclasses import dataclass
from typing import Dict, Tuple

ROLE = "alicloud:ram/role:Role"
POLICY = "alicloud:ram/policy:Policy"
ROLE_POLICY_ATTACHMENT = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
USER_POLICY_ATTACHMENT = "alicloud:ram/userPolicyAttachment:UserPolicyAttachment"
GROUP_POLICY_ATTACHMENT = "alicloud:ram/groupPolicyAttachment:GroupPolicyAttachment"
INSTANCE_BINDING = "alicloud:ecs/ramRoleAttachment:RamRoleAttachment"
DEPRECATED_ROLE_ATTACHMENT = "alicloud:ram/roleAttachment:RoleAttachment"
INSTANCE = "alicloud:ecs/instance:Instance"
PROVIDER = "pulumi:providers:alicloud"
# Resource Manager's own API for RAM roles and policies: the same roles and policies, another door.
RM_ROLE = "alicloud:resourcemanager/role:Role"
RM_POLICY = "alicloud:resourcemanager/policy:Policy"
RM_POLICY_VERSION = "alicloud:resourcemanager/policyVersion:PolicyVersion"
RM_POLICY_ATTACHMENT = "alicloud:resourcemanager/policyAttachment:PolicyAttachment"

#: Roles and permission policies, by either API.
ROLES = (ROLE, RM_ROLE)
PERMISSION_POLICIES = (POLICY, RM_POLICY, RM_POLICY_VERSION)
#: Resources that attach a policy (``policyName``, ``policyType``) to a role, user or group.
POLICY_ATTACHMENTS = (ROLE_POLICY_ATTACHMENT, USER_POLICY_ATTACHMENT, GROUP_POLICY_ATTACHMENT, RM_POLICY_ATTACHMENT)


@dataclass(frozen=True)
class DocumentProperties:
    """Where a resource type keeps its RAM document, and what kind of document it is."""

    kind: str
    """``trust``, ``permission``, or ``session`` (a permission policy of at most 1,024
    characters that narrows a role on one binding)."""
    texts: Tuple[str, ...]
    """Properties holding the document as JSON text, the current one first, deprecated ones after."""
    fields: Tuple[str, ...] = ()
    """Deprecated structured properties the provider renders into the document when no text is
    given (see ``documents.builders.provider_document``)."""


#: Resource type -> where its RAM document is. The one table the pack and the preview read.
DOCUMENT_PROPERTIES: Dict[str, DocumentProperties] = {
    POLICY: DocumentProperties("permission", ("policyDocument", "document"), ("statements",)),
    ROLE: DocumentProperties("trust", ("assumeRolePolicyDocument", "document"), ("services", "ramUsers")),
    INSTANCE_BINDING: DocumentProperties("session", ("policy",)),
    RM_ROLE: DocumentProperties("trust", ("assumeRolePolicyDocument",)),
    RM_POLICY: DocumentProperties("permission", ("policyDocument",)),
    RM_POLICY_VERSION: DocumentProperties("permission", ("policyDocument",)),
}
