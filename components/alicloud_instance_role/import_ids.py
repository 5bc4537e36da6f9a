"""The IDs terraform-provider-alicloud gives the resources an instance role is made of (pure
data, no Pulumi import).

Pulumi's ``import`` resource option adopts an existing resource by exactly this ID, and the
provider answers a read of it with the same ID, so these are also the IDs the resources carry
once managed. Each format is the one the provider's Create sets and its Read parses; the
citations are to ``alicloud/`` in aliyun/terraform-provider-alicloud at tag v2.0.0-beta3,
unchanged to release/v2 HEAD ace5bcf87 (a proxy for the revision pulumi-alicloud 4.x bridges;
see docs/provider-behaviour.md), every importer being ``schema.ImportStatePassthrough``.
"""


def role(role_name: str) -> str:
    """A RAM role's ID: its name (resource_alicloud_ram_role.go:202 ``d.SetId(RoleName)``;
    Read calls ``GetRole(RoleName=d.Id())``, service_alicloud_ram_v2.go:1195-1233)."""
    return role_name


def policy(policy_name: str) -> str:
    """A custom policy's ID: its name (resource_alicloud_ram_policy.go:209 ``d.SetId(PolicyName)``;
    Read calls ``GetPolicy(PolicyName=d.Id(), PolicyType="Custom")``, service_alicloud_ram_v2.go:500-534)."""
    return policy_name


def role_policy_attachment(role_name: str, policy_name: str, policy_type: str) -> str:
    """A role's policy attachment: ``role:<policy_name>:<policy_type>:<role_name>``
    (resource_alicloud_ram_role_policy_attachment.go:82). Read lists the role's policies
    (``ListPoliciesForRole(parts[3])``) and matches name and type exactly, case included
    (service_alicloud_ram_v2.go:340-397), so a name spelt differently from RAM's is not found."""
    return f"role:{policy_name}:{policy_type}:{role_name}"


def user_policy_attachment(user_name: str, policy_name: str, policy_type: str) -> str:
    """A user's policy attachment: ``user:<policy_name>:<policy_type>:<user_name>``
    (resource_alicloud_ram_user_policy_attachment.go:80)."""
    return f"user:{policy_name}:{policy_type}:{user_name}"


def group_policy_attachment(group_name: str, policy_name: str, policy_type: str) -> str:
    """A group's policy attachment: ``group:<policy_name>:<policy_type>:<group_name>``
    (resource_alicloud_ram_group_policy_attachment.go:86)."""
    return f"group:{policy_name}:{policy_type}:{group_name}"


def instance_binding(instance_id: str, role_name: str) -> str:
    """An ECS instance's role binding: ``<instance_id>:<ram_role_name>``
    (resource_alicloud_ecs_ram_role_attachment.go:86). Read asks ``DescribeInstanceRamRole``
    for that instance and role (service_alicloud_ecs_v2.go:667-722); it never reads back the
    binding's session ``policy`` (resource_alicloud_ecs_ram_role_attachment.go:105-106)."""
    return f"{instance_id}:{role_name}"
