"""The pulumi-alicloud resource types that hold RAM roles, policies and instance bindings, and
the properties that carry RAM documents (pure data, no Pulumi import).

The guardrail pack and the preview read resources by these tokens and wire-format property
names (``roleName``, not ``role_name``).
"""

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

#: Resource type -> (the properties that hold its RAM document, current one first and the
#: deprecated one after it; the kind of document: ``trust``, ``permission`` or ``session``, a
#: permission policy of at most 1,024 characters that narrows a role on one binding).
DOCUMENT_PROPERTIES: Dict[str, Tuple[Tuple[str, ...], str]] = {
    POLICY: (("policyDocument", "document"), "permission"),
    ROLE: (("assumeRolePolicyDocument", "document"), "trust"),
    INSTANCE_BINDING: (("policy",), "session"),
}
