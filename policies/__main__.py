"""The guardrails of alicloud-instance-role, as the Pulumi CLI starts a policy pack."""

from alicloud_instance_role.guardrails import build_pack

build_pack()
