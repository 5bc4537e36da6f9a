"""An ECS instance in its own VPC, with hardened metadata, that reads one OSS bucket through
an instance RAM role instead of an AccessKey."""

import pulumi
import pulumi_alicloud as alicloud

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent

config = pulumi.Config()
zone_id = config.require("zoneId")
bucket = config.require("bucketName")

vpc = alicloud.vpc.Network("vpc", vpc_name="role-example", cidr_block="172.16.0.0/16")
vswitch = alicloud.vpc.Switch(
    "vswitch", vswitch_name="role-example", vpc_id=vpc.id, cidr_block="172.16.1.0/24", zone_id=zone_id
)
security_group = alicloud.ecs.SecurityGroup(
    "security-group", security_group_name="role-example", description="No inbound rules", vpc_id=vpc.id
)
web = alicloud.ecs.Instance(
    "web",
    instance_name="role-example-web",
    instance_type=config.require("instanceType"),
    image_id=config.require("imageId"),
    vswitch_id=vswitch.id,
    security_groups=[security_group.id],
    system_disk_category="cloud_essd",
    internet_max_bandwidth_out=0,
    # Hardened mode: programs must fetch a session token before reading metadata, including
    # the role's credentials, which stops SSRF-style reads of the metadata service.
    http_endpoint="enabled",
    http_tokens="required",
)

role = InstanceRoleComponent(
    "web",
    InstanceRoleArgs(
        description="Lets the web instance read its artifacts bucket",
        policy_statements=[
            {"actions": ["oss:ListObjects"], "resources": [f"acs:oss:*:*:{bucket}"]},
            {"actions": ["oss:GetObject"], "resources": [f"acs:oss:*:*:{bucket}/*"]},
        ],
        # The instance is created in this stack, so its ID is an Output: bind it under a key.
        instances={"web": web.id},
    ),
)

pulumi.export("instance_id", web.id)
pulumi.export("role_arn", role.role_arn)
pulumi.export("credentials_url", role.credentials_url)
