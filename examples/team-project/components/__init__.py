"""The team's own components: a package called `components`, as many Pulumi projects have."""

from typing import Optional

import pulumi
import pulumi_alicloud as alicloud


class Network(pulumi.ComponentResource):
    """A VPC with one vSwitch in one zone."""

    vpc: alicloud.vpc.Network
    vswitch: alicloud.vpc.Switch

    def __init__(self, name: str, zone_id: str, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("team:index:Network", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.vpc = alicloud.vpc.Network(f"{name}-vpc", vpc_name=name, cidr_block="10.0.0.0/16", opts=child)
        self.vswitch = alicloud.vpc.Switch(
            f"{name}-vswitch", vpc_id=self.vpc.id, cidr_block="10.0.1.0/24", zone_id=zone_id, opts=child
        )
        self.register_outputs({"vswitch_id": self.vswitch.id})
