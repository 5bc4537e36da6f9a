"""The team's stack: its own network and web instance, an OSS bucket named by the cloud, and an
instance RAM role from alicloud-instance-role that may read that bucket only."""

import pulumi
import pulumi_alicloud as alicloud

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from components import Network

config = pulumi.Config()
network = Network("net", zone_id=config.require("zoneId"))
web = alicloud.ecs.Instance(
    "web",
    instance_type="ecs.g7.large",
    image_id="aliyun_3_x64_20G_alibase_20240819.vhd",
    vswitch_id=network.vswitch.id,
    http_tokens="required",
)
# No bucket name given: the provider makes one up when it creates the bucket (tf-oss-bucket-...).
assets = alicloud.oss.Bucket("assets")
role = InstanceRoleComponent(
    "web",
    InstanceRoleArgs(
        description="Lets the web instance read the assets bucket",
        policy_statements=[
            {"actions": ["oss:GetObject"], "resources": [assets.bucket.apply(lambda name: f"acs:oss:*:*:{name}/*")]}
        ],
        instances={"web": web.id},
        operator_users=["alice"],
    ),
)

pulumi.export("bucket", assets.bucket)
pulumi.export("role_arn", role.role_arn)
