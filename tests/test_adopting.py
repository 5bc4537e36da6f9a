"""Adopting a role made by hand (``adopt``), under the real Pulumi SDK with mocks: which children
are registered with the ``import`` option, by which provider ID, and which are created.

The expected IDs are written out here as terraform-provider-alicloud forms them (a role and a
policy are their names, ``role:<policy>:<type>:<role>``, ``<instance>:<role>``), not computed
by the package, so a wrong format fails. Refused combinations are in
test_instance_role_validation.py.
"""

from typing import Any, Dict, Mapping

import pulumi
import pulumi_alicloud as alicloud

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from alicloud_instance_role.offline.runner import RunResult, run_program

OSS_READ = {"actions": ["oss:GetObject"], "resources": ["*"]}

#: A role made by hand, as the issue describes it: its own custom policy, a System policy, two
#: instances, and an operator who may attach it.
HAND_MADE: Dict[str, Any] = {
    "adopt": True,
    "role_name": "app-ops",
    "policy_name": "app-ops-permissions",
    "policy_statements": [OSS_READ],
    "system_policies": ["AliyunLogFullAccess"],
    "instance_ids": ["i-bp1aaa", "i-bp1bbb"],
    "operator_users": ["alice"],
}


def run(args: Mapping[str, Any]) -> RunResult:
    def program() -> None:
        InstanceRoleComponent("app", InstanceRoleArgs(**args))  # type: ignore[typeddict-item]

    result = run_program(program, project="project", stack="prod", account_id="123456789012")
    assert result.error is None, result.error_text
    return result


def import_ids(result: RunResult) -> Dict[str, Any]:
    """Logical name -> import ID of every child (None when it is created)."""
    return {r.name: r.import_id for r in result.registrations if r.custom}


def test_every_adopted_child_is_registered_with_exactly_the_providers_import_id() -> None:
    assert import_ids(run(HAND_MADE)) == {
        "app-role": "app-ops",
        "app-policy": "app-ops-permissions",
        "app-policy-attachment": "role:app-ops-permissions:Custom:app-ops",
        "app-system-AliyunLogFullAccess": "role:AliyunLogFullAccess:System:app-ops",
        "app-instance-i-bp1aaa": "i-bp1aaa:app-ops",
        "app-instance-i-bp1bbb": "i-bp1bbb:app-ops",
        # The operators' grant is a new least-privilege policy: it cannot already exist.
        "app-operator-policy": None,
        "app-operator-user-alice": None,
    }


def test_adopted_children_keep_their_names_and_documents_so_the_import_converges_on_the_program() -> None:
    result = run(HAND_MADE)

    assert result.named("app-role").inputs["roleName"] == "app-ops"
    assert result.named("app-policy").inputs["policyName"] == "app-ops-permissions"
    assert result.named("app-policy-attachment").inputs["policyName"] == "app-ops-permissions"
    assert result.named("app-instance-i-bp1aaa").inputs["ramRoleName"] == "app-ops"
    assert "oss:GetObject" in result.named("app-policy").inputs["policyDocument"]


def test_an_adopted_resource_is_known_by_its_import_id_not_a_predicted_one() -> None:
    result = run(HAND_MADE)

    binding = result.named("app-instance-i-bp1aaa")
    assert binding.id == "i-bp1aaa:app-ops"
    assert "id" not in binding.predicted
    assert "id" in result.named("app-operator-policy").predicted


def test_a_custom_policy_attached_by_hand_is_adopted_as_a_custom_attachment() -> None:
    result = run({**HAND_MADE, "custom_policies": ["shared-logging"]})

    assert result.named("app-custom-shared-logging").import_id == "role:shared-logging:Custom:app-ops"


def test_a_keyed_instance_is_adopted_under_its_key_by_its_id() -> None:
    result = run({**HAND_MADE, "instance_ids": [], "instances": {"web": "i-bp1ccc"}})

    assert result.named("app-instance-web").import_id == "i-bp1ccc:app-ops"


def test_an_operator_group_grant_is_created_even_when_adopting() -> None:
    result = run({**HAND_MADE, "operator_users": [], "operator_groups": ["ops"]})

    assert result.named("app-operator-group-ops").import_id is None
    assert result.named("app-operator-policy").import_id is None


def test_adopting_without_policy_name_creates_the_own_policy_and_its_attachment_and_warns() -> None:
    args = {key: value for key, value in HAND_MADE.items() if key != "policy_name"}
    result = run(args)

    ids = import_ids(result)
    assert ids["app-policy"] is None and ids["app-policy-attachment"] is None
    assert ids["app-role"] == "app-ops"
    assert ids["app-system-AliyunLogFullAccess"] == "role:AliyunLogFullAccess:System:app-ops"
    (warning,) = [e.message for e in result.warnings() if "RAM207" in e.message]
    assert warning.startswith("policy_name: ") and "stays attached" in warning


def test_adopting_a_role_without_a_policy_of_its_own_imports_the_role_and_warns_of_nothing() -> None:
    result = run({"adopt": True, "role_name": "app-ops", "system_policies": ["AliyunLogFullAccess"]})

    assert import_ids(result) == {
        "app-role": "app-ops",
        "app-system-AliyunLogFullAccess": "role:AliyunLogFullAccess:System:app-ops",
    }
    assert [e.message for e in result.warnings()] == []


def test_without_adopt_nothing_is_imported() -> None:
    args = {key: value for key, value in HAND_MADE.items() if key not in ("adopt", "policy_name")}

    assert set(import_ids(run(args)).values()) == {None}


def test_adopt_false_is_the_default() -> None:
    args = {key: value for key, value in HAND_MADE.items() if key != "policy_name"}

    assert set(import_ids(run({**args, "adopt": False})).values()) == {None}


def test_policy_name_without_adopt_names_the_roles_own_policy_which_is_created() -> None:
    result = run({"role_name": "app-ops", "policy_name": "app-ops-permissions", "policy_statements": [OSS_READ]})

    assert result.named("app-policy").inputs["policyName"] == "app-ops-permissions"
    assert result.named("app-policy").import_id is None
    assert result.named("app-policy-attachment").inputs["policyName"] == "app-ops-permissions"


def test_imported_children_keep_their_parent_and_the_components_provider() -> None:
    def program() -> None:
        hangzhou = alicloud.Provider("hangzhou", region="cn-hangzhou")
        InstanceRoleComponent("app", HAND_MADE, opts=pulumi.ResourceOptions(provider=hangzhou))  # type: ignore[arg-type]

    result = run_program(program, project="project", stack="prod", account_id="123456789012")
    assert result.error is None, result.error_text
    provider = result.named("hangzhou")
    component = result.named("app")
    imported = [r for r in result.registrations if r.import_id]
    assert len(imported) == 6
    assert {r.provider for r in imported} == {f"{provider.urn}::{provider.id}"}
    assert {r.parent for r in imported} == {component.urn}


# --- deleting an adopted policy ----------------------------------------------------------------
# The provider's force detaches a policy from every principal in the account before deleting it
# (resource_alicloud_ram_policy.go:377-573 at v2.0.0-beta3; docs/provider-behaviour.md).


def test_an_adopted_policy_is_not_deleted_with_force_by_default() -> None:
    result = run(HAND_MADE)

    assert result.named("app-policy").inputs["force"] is False


def test_an_adopted_policy_is_deleted_with_force_when_the_setting_says_so() -> None:
    result = run({**HAND_MADE, "force_delete_adopted_policy": True})

    assert result.named("app-policy").inputs["force"] is True


def test_a_policy_made_by_hand_stays_unforced_once_adopted_with_adopt_false() -> None:
    adopted = {**HAND_MADE, "adopt": False}

    assert run(adopted).named("app-policy").inputs["force"] is False
    assert run({**adopted, "force_delete_adopted_policy": True}).named("app-policy").inputs["force"] is True


def test_a_policy_the_component_creates_is_deleted_with_force_adopting_or_not() -> None:
    created = {key: value for key, value in HAND_MADE.items() if key not in ("adopt", "policy_name")}
    adopting_without_policy_name = {key: value for key, value in HAND_MADE.items() if key != "policy_name"}

    assert run(created).named("app-policy").inputs["force"] is True
    assert run(adopting_without_policy_name).named("app-policy").inputs["force"] is True


def test_an_adopted_role_is_still_deleted_with_force_which_touches_only_the_role() -> None:
    # force on alicloud_ram_role detaches the policies of that role only
    # (resource_alicloud_ram_role.go:351-415 at v2.0.0-beta3), the role being deleted anyway.
    assert run(HAND_MADE).named("app-role").inputs["force"] is True
