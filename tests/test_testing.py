"""alicloud_instance_role.testing, as a team's own stack tests use it: the mocks (alone, with
Pulumi's recipe, or through the runner), what they predict and what they leave unknown, and
finding registrations by type and name."""

import contextvars
import json
from pathlib import Path
from typing import Any, Dict, List

import pulumi
import pulumi_alicloud as alicloud
import pytest
from pulumi.output import Unknown

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from alicloud_instance_role.testing import (
    ACCOUNT_PLACEHOLDER,
    UNDECRYPTED_SECRET,
    InstanceRoleMocks,
    RunResult,
    load_stack_config,
    made_up_id,
    predict,
    run_program,
    run_project,
)

ACCOUNT = "1234567890123456"
INSTANCE = "alicloud:ecs/instance:Instance"
EVERYTHING: Dict[str, Any] = {
    "role_name": "app-role",
    "policy_statements": [{"actions": ["oss:GetObject"], "resources": ["*"]}],
    "system_policies": ["AliyunOSSReadOnlyAccess"],
    "instance_ids": ["i-bp1aaa"],
    "operator_users": ["alice"],
    "operator_groups": ["ops"],
}


def web_stack(preview: bool = False, **kwargs: Any) -> RunResult:
    """A component and an instance both called ``web``, and an auto-named bucket."""

    def program() -> None:
        bucket = alicloud.oss.Bucket("assets")
        web = alicloud.ecs.Instance("web", instance_type="ecs.g7.large", http_tokens="required")
        InstanceRoleComponent(
            "web",
            InstanceRoleArgs(
                policy_statements=[
                    {"actions": ["oss:GetObject"], "resources": [bucket.bucket.apply(lambda b: f"acs:oss:*:*:{b}/*")]}
                ],
                instances={"web": web.id},
            ),
        )
        pulumi.export("bucket", bucket.bucket)

    return run_program(program, project="team", stack="dev", preview=preview, **kwargs)


# ---------------------------------------------------------------- the mocks alone


def test_with_pulumis_own_mocks_recipe_a_role_has_its_arn_and_operators_may_pass_only_it() -> None:
    seen: List[Any] = []

    @pulumi.runtime.test
    def scenario() -> pulumi.Output[Any]:
        pulumi.runtime.set_mocks(InstanceRoleMocks(account_id=ACCOUNT), preview=False)
        role = InstanceRoleComponent("app", InstanceRoleArgs(**EVERYTHING))  # type: ignore[typeddict-item]
        return pulumi.Output.all(role.role_arn, role.role_name).apply(seen.extend)

    contextvars.copy_context().run(scenario)  # set_mocks configures the context it runs in
    assert seen == [f"acs:ram::{ACCOUNT}:role/app-role", "app-role"]


def test_the_mocks_give_roles_policies_and_attachments_the_ids_the_provider_gives_them() -> None:
    run = run_program(lambda: InstanceRoleComponent("app", InstanceRoleArgs(**EVERYTHING)))  # type: ignore[typeddict-item]
    assert run.error is None, run.error_text
    operator_policy = run.get(alicloud.ram.Policy, "app-operator-policy").inputs["policyName"]
    assert {r.name: r.id for r in run.registrations if r.custom} == {
        "app-role": "app-role",
        "app-policy": "app-role-policy",
        "app-operator-policy": operator_policy,
        "app-policy-attachment": "role:app-role-policy:Custom:app-role",
        "app-system-AliyunOSSReadOnlyAccess": "role:AliyunOSSReadOnlyAccess:System:app-role",
        "app-instance-i-bp1aaa": "i-bp1aaa:app-role",
        "app-operator-user-alice": f"user:{operator_policy}:Custom:alice",
        "app-operator-group-ops": f"group:{operator_policy}:Custom:ops",
    }


def test_without_an_account_the_arn_says_it_holds_a_placeholder() -> None:
    run = run_program(lambda: InstanceRoleComponent("app", InstanceRoleArgs(role_name="app-role")))
    assert run.get(alicloud.ram.Role, "app-role").outputs["arn"] == f"acs:ram::{ACCOUNT_PLACEHOLDER}:role/app-role"
    assert ACCOUNT_PLACEHOLDER == "<account-id>"


def test_an_attachment_whose_inputs_are_not_known_yet_has_no_predicted_id() -> None:
    inputs = {"policyName": Unknown(), "policyType": "Custom", "roleName": "app-role"}
    assert predict("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment", inputs, None).id is None


def test_in_a_deployment_run_an_id_only_the_cloud_knows_is_made_up_and_says_so() -> None:
    run = web_stack()
    assert run.error is None, run.error_text
    assert run.get(INSTANCE, "web").id == made_up_id("web", INSTANCE)
    # An instance's is in ECS's ID shape, which the component requires; any other says so in words.
    assert made_up_id("web", INSTANCE).startswith("i-madeup") and made_up_id("web") == "made-up-id-of-web"
    # An output that is no input, such as a generated bucket name, is not made up: it is None, as
    # with Pulumi's own mocks, and a stack does not export None.
    assert "bucket" not in run.exports


def test_in_a_preview_run_values_only_the_cloud_knows_stay_unknown() -> None:
    run = web_stack(preview=True)
    assert run.error is None, run.error_text
    assert run.get(INSTANCE, "web").id is None
    assert isinstance(run.exports["bucket"], Unknown)
    assert isinstance(run.get(alicloud.ram.Policy, "web-policy").inputs["policyDocument"], Unknown)
    assert isinstance(run.get(alicloud.ecs.RamRoleAttachment, "web-instance-web").inputs["instanceId"], Unknown)


def test_a_test_may_give_the_outputs_only_the_cloud_knows() -> None:
    mocks = InstanceRoleMocks(account_id=ACCOUNT, outputs={alicloud.oss.Bucket: {"bucket": "team-assets"}})
    run = web_stack(mocks=mocks)
    assert run.exports["bucket"] == "team-assets"
    document = json.loads(run.get(alicloud.ram.Policy, "web-policy").inputs["policyDocument"])
    assert document["Statement"][0]["Resource"] == ["acs:oss:*:*:team-assets/*"]


def test_the_account_is_given_to_the_mocks_or_to_the_runner_not_both() -> None:
    with pytest.raises(ValueError, match="not to both"):
        run_program(lambda: None, account_id=ACCOUNT, mocks=InstanceRoleMocks(ACCOUNT))


# ---------------------------------------------------------------- finding registrations


def test_a_component_and_an_instance_of_the_same_name_are_told_apart_by_type() -> None:
    run = web_stack()
    with pytest.raises(KeyError, match="give the type"):
        run.named("web")
    assert run.get(alicloud.ecs.Instance, "web").type == INSTANCE
    assert run.get(INSTANCE, "web") is run.named("web", alicloud.ecs.Instance)
    assert run.get(InstanceRoleComponent, "web").type == "alicloud-instance-role:index:InstanceRoleComponent"


def test_a_lookup_that_finds_nothing_says_what_was_registered() -> None:
    with pytest.raises(KeyError, match="alicloud:ecs/instance:Instance 'web'"):
        web_stack().get(alicloud.ram.Role, "web")


def test_children_are_what_a_component_registered_under_itself() -> None:
    run = web_stack()
    component = run.get(InstanceRoleComponent, "web")
    assert [r.name for r in run.children(component)] == [
        "web-instance-web",
        "web-policy",
        "web-policy-attachment",
        "web-role",
    ]
    assert [r.name for r in run.children(component, alicloud.ecs.RamRoleAttachment)] == ["web-instance-web"]


def test_a_warning_of_the_component_is_logged_about_the_component() -> None:
    def program() -> None:
        InstanceRoleComponent("app", InstanceRoleArgs(policy_statements=[{"actions": ["*"], "resources": ["*"]}]))

    run = run_program(program)
    (warning,) = [entry for entry in run.warnings() if "RAM210" in entry.message]
    assert warning.urn == run.get(InstanceRoleComponent, "app").urn


# ---------------------------------------------------------------- projects


def test_a_project_runs_with_its_stack_config_and_returns_its_exports(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: team\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  alicloud:region: cn-shanghai\n  team:owner: ops\n")
    (tmp_path / "__main__.py").write_text("import pulumi\npulumi.export('owner', pulumi.Config().require('owner'))\n")
    run = run_project(tmp_path, "dev")
    assert run.error is None, run.error_text
    assert run.exports == {"owner": "ops"}
    assert run.config.values["alicloud:region"] == "cn-shanghai"


def test_a_secret_config_value_reads_as_the_offline_sentinel_and_its_path_is_kept(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: team\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(
        "config:\n  team:roles:\n    app:\n"
        "      session_policy:\n        secure: v1:abc\n      tags: [a, {secure: v1:d}]\n"
    )
    config = load_stack_config(tmp_path, "dev")
    assert json.loads(config.values["team:roles"])["app"]["session_policy"] == UNDECRYPTED_SECRET
    assert config.undecrypted == ("team:roles.app.session_policy", "team:roles.app.tags[1]")
    assert config.secret_keys == ("team:roles",)
