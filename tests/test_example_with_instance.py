"""examples/with-instance, run as its own Pulumi project under mocks."""

from pathlib import Path

import pytest

from alicloud_instance_role.offline.runner import RunResult, run_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "with-instance"
ACCOUNT_ID = "123456789012"


@pytest.fixture(scope="module")
def example() -> RunResult:
    result = run_project(EXAMPLE, "dev", preview=False, account_id=ACCOUNT_ID)
    assert result.error is None, result.error_text
    return result


def test_example_binds_the_role_to_the_instance_it_creates(example: RunResult) -> None:
    (instance,) = example.of_type("alicloud:ecs/instance:Instance")
    (binding,) = example.of_type("alicloud:ecs/ramRoleAttachment:RamRoleAttachment")

    assert binding.name == "web-instance-web"
    assert binding.inputs["instanceId"] == instance.id
    assert instance.urn in binding.dependencies
    assert binding.inputs["ramRoleName"] == example.named("web-role").inputs["roleName"]


def test_example_instance_requires_metadata_tokens_and_sits_in_the_vpc(example: RunResult) -> None:
    (instance,) = example.of_type("alicloud:ecs/instance:Instance")

    assert instance.inputs["httpTokens"] == "required"
    assert instance.inputs["vswitchId"] == example.named("vswitch").id
    assert instance.inputs["securityGroups"] == [example.named("security-group").id]
    assert example.named("vswitch").inputs["vpcId"] == example.named("vpc").id


def test_example_exports_the_role_arn_and_credentials_url(example: RunResult) -> None:
    role_name = example.named("web-role").inputs["roleName"]

    assert example.exports["role_arn"] == f"acs:ram::{ACCOUNT_ID}:role/{role_name}"
    assert example.exports["credentials_url"].endswith(f"/latest/meta-data/ram/security-credentials/{role_name}")


def test_example_places_the_vswitch_in_the_zone_of_its_stack_config(example: RunResult) -> None:
    assert example.named("vswitch").inputs["zoneId"] == "cn-hangzhou-i"
