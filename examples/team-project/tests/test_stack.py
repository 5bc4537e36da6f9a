"""The team's own tests of its stack, with alicloud_instance_role.testing: no cloud, no CLI."""

import json
from pathlib import Path

import pulumi
import pulumi_alicloud as alicloud
import pytest

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from alicloud_instance_role.testing import InstanceRoleMocks, RunResult, run_project

PROJECT = Path(__file__).resolve().parents[1]
ACCOUNT = "1234567890123456"


@pytest.fixture(scope="module")
def dev() -> RunResult:
    # The bucket's name is the cloud's to choose: the test makes one up for it.
    mocks = InstanceRoleMocks(account_id=ACCOUNT, outputs={alicloud.oss.Bucket: {"bucket": "team-assets"}})
    run = run_project(PROJECT, "dev", mocks=mocks)
    assert run.error is None, run.error_text
    return run


def test_the_web_role_may_read_only_the_assets_bucket(dev: RunResult) -> None:
    policy = dev.get(alicloud.ram.Policy, "web-policy")
    (statement,) = json.loads(policy.inputs["policyDocument"])["Statement"]
    assert statement == {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:team-assets/*"]}


def test_the_role_is_bound_to_the_web_instance_of_the_stack(dev: RunResult) -> None:
    web = dev.get(alicloud.ecs.Instance, "web")
    (binding,) = dev.children(dev.get(InstanceRoleComponent, "web"), alicloud.ecs.RamRoleAttachment)
    assert binding.inputs["instanceId"] == web.id
    assert binding.inputs["ramRoleName"] == dev.get(alicloud.ram.Role, "web-role").inputs["roleName"]
    assert web.inputs["httpTokens"] == "required"


def test_the_instance_sits_in_the_teams_network(dev: RunResult) -> None:
    network = dev.get("team:index:Network", "net")
    (vswitch,) = dev.children(network, alicloud.vpc.Switch)
    assert dev.get(alicloud.ecs.Instance, "web").inputs["vswitchId"] == vswitch.id


def test_alice_may_pass_the_role_and_no_other(dev: RunResult) -> None:
    operator = dev.get(alicloud.ram.Policy, "web-operator-policy")
    pass_role = json.loads(operator.inputs["policyDocument"])["Statement"][0]
    assert pass_role["Resource"] == [dev.exports["role_arn"]]
    assert dev.exports["role_arn"].startswith(f"acs:ram::{ACCOUNT}:role/")


@pulumi.runtime.test
def test_with_pulumis_own_mocks_recipe_the_role_has_its_arn() -> None:
    # The recipe of Pulumi's testing guide, with this package's mocks: no program, one component.
    pulumi.runtime.set_mocks(InstanceRoleMocks(account_id=ACCOUNT), preview=False)
    role = InstanceRoleComponent("app", InstanceRoleArgs(role_name="app-role", operator_users=["bob"]))

    def check(arn: str) -> None:
        assert arn == f"acs:ram::{ACCOUNT}:role/app-role"

    return role.role_arn.apply(check)
