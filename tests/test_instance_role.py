"""InstanceRoleComponent under the real Pulumi SDK with mocks: what it registers, with which
inputs and resource options, and what it exports.

Every run goes through ``alicloud_instance_role.testing.run_program``, whose recording MockMonitor keeps each
registration with the options the engine would see (parent, provider, protect,
delete_before_replace, dependencies). Refused arguments are in test_instance_role_validation.py.
"""

import asyncio
import json
from typing import Any, Callable, Dict, List, Mapping, Optional, Set, Union

import pulumi
import pulumi_alicloud as alicloud
from pulumi.output import Unknown

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from alicloud_instance_role.documents import canonicalize
from alicloud_instance_role.naming import POLICY_NAME, ROLE_NAME
from alicloud_instance_role.offline.runner import Registration, RunResult, run_program
from alicloud_instance_role.testing import replacements

ACCOUNT_ID = "123456789012"

COMPONENT = "alicloud-instance-role:index:InstanceRoleComponent"
ROLE = "alicloud:ram/role:Role"
POLICY = "alicloud:ram/policy:Policy"
ROLE_POLICY_ATTACHMENT = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
BINDING = "alicloud:ecs/ramRoleAttachment:RamRoleAttachment"
DEPRECATED_BINDING = "alicloud:ram/roleAttachment:RoleAttachment"
USER_POLICY_ATTACHMENT = "alicloud:ram/userPolicyAttachment:UserPolicyAttachment"
GROUP_POLICY_ATTACHMENT = "alicloud:ram/groupPolicyAttachment:GroupPolicyAttachment"
INSTANCE = "alicloud:ecs/instance:Instance"

Args = Union[Mapping[str, Any], Callable[[], Mapping[str, Any]]]

OUTPUTS = ("role_name", "role_arn", "policy_name", "instance_ids", "credentials_url")

OSS_READ = {"effect": "Allow", "actions": ["oss:GetObject", "oss:ListObjects"], "resources": ["*"]}
SESSION_POLICY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]}

#: Arguments that make the component create one child of every kind.
EVERYTHING: Dict[str, Any] = {
    "role_name": "app-role",
    "description": "Role of the app servers",
    "max_session_duration": 7200,
    "policy_statements": [OSS_READ],
    "system_policies": ["AliyunOSSReadOnlyAccess", "AliyunLogFullAccess"],
    "custom_policies": ["shared-logging"],
    "instance_ids": ["i-bp1aaa", "i-bp1bbb"],
    "operator_users": ["alice"],
    "operator_groups": ["ops"],
    "tags": {"team": "platform"},
}


def run_component(
    args: Args,
    *,
    name: str = "app",
    stack: str = "dev",
    opts: Optional[pulumi.ResourceOptions] = None,
    preview: bool = False,
) -> RunResult:
    """Run a program holding one component that exports its five outputs. Arguments holding
    Outputs are given as a function, called inside the program (Outputs belong to one run)."""

    def program() -> None:
        values = args() if callable(args) else args
        role = InstanceRoleComponent(name, InstanceRoleArgs(**values), opts=opts)  # type: ignore[typeddict-item]
        for output in OUTPUTS:
            pulumi.export(output, getattr(role, output))

    return run_program(program, project="project", stack=stack, preview=preview, account_id=ACCOUNT_ID)


def deployed(args: Args, **kwargs: Any) -> RunResult:
    """``run_component`` for arguments that must be accepted."""
    result = run_component(args, **kwargs)
    assert result.error is None, result.error_text
    return result


def only(result: RunResult, resource_type: str) -> Registration:
    registrations = result.of_type(resource_type)
    assert len(registrations) == 1, [r.name for r in registrations]
    return registrations[0]


def children(result: RunResult) -> List[Registration]:
    return [r for r in result.registrations if r.type != COMPONENT]


def child_urns(result: RunResult) -> Set[str]:
    return {r.urn for r in children(result)}


def unknown_output() -> pulumi.Output[str]:
    """What an instance's ``id`` is during a preview before the instance exists."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[Any] = loop.create_future()
    value.set_result(None)
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    return pulumi.Output(set(), value, known)


# --- the role ---------------------------------------------------------------------------------


def test_role_trusts_only_ecs_by_default_with_a_canonical_trust_policy() -> None:
    role = only(deployed({"role_name": "app-role"}), ROLE)

    document = role.inputs["assumeRolePolicyDocument"]
    assert document == (
        '{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]},'
        '"Action":["sts:AssumeRole"]}]}'
    )
    assert canonicalize(document, "trust") == document


def test_trusted_services_given_as_none_means_the_default_ecs_trust() -> None:
    explicit_none = only(deployed({"role_name": "app-role", "trusted_services": None}), ROLE)
    default = only(deployed({"role_name": "app-role"}), ROLE)
    assert explicit_none.inputs["assumeRolePolicyDocument"] == default.inputs["assumeRolePolicyDocument"]


def test_role_trusts_exactly_the_given_trusted_services() -> None:
    services = ["ecs.aliyuncs.com", "fc.aliyuncs.com"]
    role = only(deployed({"role_name": "app-role", "trusted_services": services}), ROLE)

    document = role.inputs["assumeRolePolicyDocument"]
    assert canonicalize(document, "trust") == document
    (statement,) = json.loads(document)["Statement"]
    assert statement["Principal"] == {"Service": services}
    assert statement["Action"] == ["sts:AssumeRole"]
    assert statement["Effect"] == "Allow"


def test_role_gets_its_name_description_session_duration_tags_and_force() -> None:
    role = only(deployed(EVERYTHING), ROLE)

    assert role.inputs["roleName"] == "app-role"
    assert role.inputs["description"] == "Role of the app servers"
    assert role.inputs["maxSessionDuration"] == 7200
    assert role.inputs["tags"] == {"team": "platform"}
    assert role.inputs["force"] is True


def test_role_without_optional_arguments_leaves_description_duration_and_tags_to_ram() -> None:
    role = only(deployed({"role_name": "app-role"}), ROLE)

    assert set(role.inputs) == {"roleName", "assumeRolePolicyDocument", "force"}


def test_default_role_name_is_scoped_by_stack_so_dev_and_prod_do_not_collide() -> None:
    dev = only(deployed({}, stack="dev"), ROLE).inputs["roleName"]
    prod = only(deployed({}, stack="prod"), ROLE).inputs["roleName"]

    assert dev != prod
    assert ROLE_NAME.accepts(dev), dev
    assert ROLE_NAME.accepts(prod), prod


def test_role_name_given_as_an_output_is_used_once_it_resolves() -> None:
    result = deployed(lambda: {"role_name": pulumi.Output.from_input("app-role"), "policy_statements": [OSS_READ]})

    assert only(result, ROLE).inputs["roleName"] == "app-role"
    assert POLICY_NAME.accepts(only(result, POLICY).inputs["policyName"])
    assert result.exports["role_name"] == "app-role"


# --- the role's own policy --------------------------------------------------------------------


def test_policy_statements_become_one_canonical_custom_policy() -> None:
    statements = [
        {"actions": ["oss:GetObject"], "resources": ["acs:oss:*:*:my-bucket/*"]},
        {
            "effect": "Deny",
            "actions": ["oss:DeleteObject"],
            "resources": ["*"],
            "conditions": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}},
        },
    ]
    policy = only(deployed({"role_name": "app-role", "policy_statements": statements}), POLICY)

    document = policy.inputs["policyDocument"]
    assert canonicalize(document, "permission") == document
    assert json.loads(document) == {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:my-bucket/*"]},
            {
                "Effect": "Deny",
                "Action": ["oss:DeleteObject"],
                "Resource": ["*"],
                "Condition": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}},
            },
        ],
    }


def test_statement_resources_that_are_outputs_land_in_the_policy_once_resolved() -> None:
    def args() -> Dict[str, Any]:
        bucket_objects = pulumi.Output.from_input("acs:oss:*:*:my-bucket/*")
        return {
            "role_name": "app-role",
            "policy_statements": [{"actions": ["oss:GetObject"], "resources": [bucket_objects]}],
        }

    policy = only(deployed(args), POLICY)

    assert json.loads(policy.inputs["policyDocument"])["Statement"][0]["Resource"] == ["acs:oss:*:*:my-bucket/*"]


def test_raw_policy_document_is_rendered_in_canonical_form() -> None:
    laid_out_by_hand = """{
        "Statement": {"Resource": "acs:oss:*:*:my-bucket/*", "Action": "oss:GetObject", "Effect": "Allow"},
        "Version": "1"
    }"""
    policy = only(deployed({"role_name": "app-role", "policy_document": laid_out_by_hand}), POLICY)

    assert policy.inputs["policyDocument"] == (
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],'
        '"Resource":["acs:oss:*:*:my-bucket/*"]}]}'
    )


def test_policy_name_is_derived_from_the_role_name_and_valid_for_ram() -> None:
    policy = only(deployed({"role_name": "app-role", "policy_statements": [OSS_READ]}), POLICY)

    assert policy.inputs["policyName"].startswith("app-role")
    assert POLICY_NAME.accepts(policy.inputs["policyName"])


def test_policy_name_of_a_role_name_with_a_dot_is_valid_and_distinct_from_the_dotless_one() -> None:
    dotted = only(deployed({"role_name": "app.web", "policy_statements": [OSS_READ]}), POLICY)
    dashed = only(deployed({"role_name": "app-web", "policy_statements": [OSS_READ]}), POLICY)

    assert POLICY_NAME.accepts(dotted.inputs["policyName"]), dotted.inputs["policyName"]
    assert dotted.inputs["policyName"] != dashed.inputs["policyName"]


def test_policy_rotates_out_old_versions_and_is_force_deleted() -> None:
    policy = only(deployed({"role_name": "app-role", "policy_statements": [OSS_READ], "tags": {"team": "a"}}), POLICY)

    assert policy.inputs["rotateStrategy"] == "DeleteOldestNonDefaultVersionWhenLimitExceeded"
    assert policy.inputs["force"] is True
    assert policy.inputs["tags"] == {"team": "a"}


def test_no_policy_is_created_without_statements_or_a_document() -> None:
    result = deployed({"role_name": "app-role", "system_policies": ["AliyunOSSReadOnlyAccess"]})

    assert result.of_type(POLICY) == []
    assert result.exports.get("policy_name") is None
    assert [a.inputs["policyType"] for a in result.of_type(ROLE_POLICY_ATTACHMENT)] == ["System"]


# --- policy attachments -----------------------------------------------------------------------


def test_own_policy_is_attached_to_the_role_as_a_custom_policy() -> None:
    result = deployed({"role_name": "app-role", "policy_statements": [OSS_READ]})
    policy_name = only(result, POLICY).inputs["policyName"]

    attachment = only(result, ROLE_POLICY_ATTACHMENT)
    assert attachment.inputs == {"roleName": "app-role", "policyName": policy_name, "policyType": "Custom"}
    assert only(result, POLICY).urn in attachment.dependencies


def test_system_policies_attach_as_system_and_custom_policies_attach_as_custom() -> None:
    result = deployed(
        {
            "role_name": "app-role",
            "system_policies": ["AliyunOSSReadOnlyAccess", "AliyunLogFullAccess"],
            "custom_policies": ["shared-logging", "shared-metrics"],
        }
    )

    attached = {(a.inputs["policyName"], a.inputs["policyType"]) for a in result.of_type(ROLE_POLICY_ATTACHMENT)}
    assert attached == {
        ("AliyunOSSReadOnlyAccess", "System"),
        ("AliyunLogFullAccess", "System"),
        ("shared-logging", "Custom"),
        ("shared-metrics", "Custom"),
    }
    assert {a.inputs["roleName"] for a in result.of_type(ROLE_POLICY_ATTACHMENT)} == {"app-role"}


# --- instance bindings ------------------------------------------------------------------------


def test_each_instance_gets_its_own_ecs_ram_role_attachment() -> None:
    result = deployed({"role_name": "app-role", "instance_ids": ["i-bp1aaa", "i-bp1bbb", "i-bp1ccc"]})

    bindings = result.of_type(BINDING)
    assert [b.inputs for b in bindings] == [
        {"instanceId": "i-bp1aaa", "ramRoleName": "app-role"},
        {"instanceId": "i-bp1bbb", "ramRoleName": "app-role"},
        {"instanceId": "i-bp1ccc", "ramRoleName": "app-role"},
    ]


def test_the_deprecated_many_instance_role_attachment_is_never_registered() -> None:
    result = deployed(lambda: {**EVERYTHING, "instances": {"web": pulumi.Output.from_input("i-bp1web")}})

    assert result.of_type(DEPRECATED_BINDING) == []
    assert len(result.of_type(BINDING)) == 3


def test_session_policy_reaches_every_binding_in_canonical_form() -> None:
    session_policy = json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]}, indent=2
    )
    result = deployed(
        {"role_name": "app-role", "instance_ids": ["i-bp1aaa", "i-bp1bbb"], "session_policy": session_policy}
    )

    canonical = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Resource":["*"]}]}'
    assert [b.inputs["policy"] for b in result.of_type(BINDING)] == [canonical, canonical]


def test_bindings_are_deleted_before_replacement_because_an_instance_holds_one_role() -> None:
    result = deployed(EVERYTHING)

    assert {b.delete_before_replace for b in result.of_type(BINDING)} == {True}
    others = [r for r in children(result) if r.type != BINDING]
    assert {r.delete_before_replace for r in others} == {None}


def test_a_changed_session_policy_replaces_the_binding_because_the_provider_cannot_update_it() -> None:
    result = deployed({**EVERYTHING, "session_policy": json.dumps(SESSION_POLICY)})

    bindings = result.of_type(BINDING)
    assert [b.replace_on_changes for b in bindings] == [["policy"], ["policy"]]
    assert {b.delete_before_replace for b in bindings} == {True}
    others = [r for r in children(result) if r.type != BINDING]
    assert {tuple(r.replace_on_changes) for r in others} == {()}


def test_a_role_rename_replaces_every_child_the_role_its_policies_their_attachments_and_the_bindings() -> None:
    before = deployed({**EVERYTHING, "role_name": "app-role"})
    after = deployed({**EVERYTHING, "role_name": "app-role-v2"})

    # Every policy name derives from the role name, and every attachment and binding names the
    # role or a policy in a field the provider cannot update.
    assert replacements(before.registrations, after.registrations) == sorted(r.name for r in children(after))


def test_a_session_policy_change_replaces_only_the_bindings() -> None:
    before = deployed(EVERYTHING)
    after = deployed({**EVERYTHING, "session_policy": json.dumps(SESSION_POLICY)})

    assert replacements(before.registrations, after.registrations) == ["app-instance-i-bp1aaa", "app-instance-i-bp1bbb"]


def test_a_description_tag_or_document_change_replaces_nothing() -> None:
    before = deployed(EVERYTHING)
    after = deployed(
        {
            **EVERYTHING,
            "description": "Another description",
            "tags": {"team": "data"},
            "policy_statements": [{**OSS_READ, "actions": ["oss:GetObject"]}],
            "max_session_duration": 3600,
        }
    )

    assert replacements(before.registrations, after.registrations) == []


def test_bindings_wait_for_every_policy_attachment_of_the_role() -> None:
    result = deployed(EVERYTHING)

    attachment_urns = {a.urn for a in result.of_type(ROLE_POLICY_ATTACHMENT)}
    assert len(attachment_urns) == 4
    for binding in result.of_type(BINDING):
        assert attachment_urns <= set(binding.dependencies), binding.name


def test_bindings_of_a_role_without_policies_wait_for_the_role() -> None:
    result = deployed({"role_name": "app-role", "instance_ids": ["i-bp1aaa"]})

    assert only(result, ROLE).urn in only(result, BINDING).dependencies


def test_instances_mapping_binds_an_instance_id_output_under_its_stable_key() -> None:
    def program() -> None:
        web = alicloud.ecs.Instance(
            "web", image_id="aliyun_3_x64_20G_alibase_20240819.vhd", instance_type="ecs.g7.large"
        )
        role = InstanceRoleComponent("app", {"role_name": "app-role", "instances": {"web": web.id}})
        pulumi.export("instance_ids", role.instance_ids)

    result = run_program(program, stack="dev", account_id=ACCOUNT_ID)
    assert result.error is None, result.error_text

    instance = only(result, INSTANCE)
    binding = result.named("app-instance-web")
    assert binding.type == BINDING
    assert binding.inputs["instanceId"] == instance.id
    assert instance.urn in binding.dependencies
    assert result.exports["instance_ids"] == [instance.id]


def test_a_new_instance_in_instances_leaves_the_other_bindings_known_in_preview() -> None:
    result = deployed(
        lambda: {
            "role_name": "app-role",
            "instances": {"web": pulumi.Output.from_input("i-bp1web"), "api": unknown_output()},
        },
        preview=True,
    )

    assert isinstance(result.named("app-instance-api").inputs["instanceId"], Unknown)
    assert result.named("app-instance-web").inputs["instanceId"] == "i-bp1web"


# --- operators --------------------------------------------------------------------------------


def operator_policy_of(result: RunResult) -> Registration:
    (policy,) = [p for p in result.of_type(POLICY) if p.name.endswith("-operator-policy")]
    return policy


def test_operator_policy_grants_pass_role_on_exactly_this_roles_arn() -> None:
    result = deployed(EVERYTHING)
    role_arn = only(result, ROLE).outputs["arn"]
    assert role_arn == f"acs:ram::{ACCOUNT_ID}:role/app-role"

    document = operator_policy_of(result).inputs["policyDocument"]
    assert canonicalize(document, "permission") == document
    statements = json.loads(document)["Statement"]
    pass_role = [s for s in statements if "ram:PassRole" in s["Action"]]
    assert pass_role == [{"Effect": "Allow", "Action": ["ram:PassRole"], "Resource": [role_arn]}]
    assert all(s["Action"] != ["*"] and "ram:*" not in s["Action"] for s in statements)


def test_operator_policy_follows_the_arn_of_a_default_role_name() -> None:
    result = deployed({"operator_users": ["alice"]})
    role_name = only(result, ROLE).inputs["roleName"]

    statements = json.loads(operator_policy_of(result).inputs["policyDocument"])["Statement"]
    assert [s["Resource"] for s in statements if "ram:PassRole" in s["Action"]] == [
        [f"acs:ram::{ACCOUNT_ID}:role/{role_name}"]
    ]


def test_operator_policy_is_valid_versioned_and_distinct_from_the_role_policy() -> None:
    result = deployed(EVERYTHING)
    operator = operator_policy_of(result)
    (own,) = [p for p in result.of_type(POLICY) if p is not operator]

    assert POLICY_NAME.accepts(operator.inputs["policyName"])
    assert operator.inputs["policyName"] != own.inputs["policyName"]
    assert operator.inputs["rotateStrategy"] == "DeleteOldestNonDefaultVersionWhenLimitExceeded"
    assert operator.inputs["force"] is True


def test_operator_users_and_groups_get_the_operator_policy_as_custom() -> None:
    result = deployed({**EVERYTHING, "operator_users": ["alice", "bob"], "operator_groups": ["ops"]})
    operator_policy_name = operator_policy_of(result).inputs["policyName"]

    users = result.of_type(USER_POLICY_ATTACHMENT)
    groups = result.of_type(GROUP_POLICY_ATTACHMENT)
    assert [u.inputs for u in users] == [
        {"userName": "alice", "policyName": operator_policy_name, "policyType": "Custom"},
        {"userName": "bob", "policyName": operator_policy_name, "policyType": "Custom"},
    ]
    assert [g.inputs for g in groups] == [
        {"groupName": "ops", "policyName": operator_policy_name, "policyType": "Custom"}
    ]


def test_no_operator_policy_without_operators() -> None:
    result = deployed({"role_name": "app-role", "policy_statements": [OSS_READ]})

    assert [p.name for p in result.of_type(POLICY)] == ["app-policy"]
    assert result.of_type(USER_POLICY_ATTACHMENT) == result.of_type(GROUP_POLICY_ATTACHMENT) == []


# --- resource options flow down ---------------------------------------------------------------


def test_every_child_is_parented_to_the_component() -> None:
    result = deployed(EVERYTHING)
    component = only(result, COMPONENT)

    assert len(children(result)) == 11
    assert {child.parent for child in children(result)} == {component.urn}


def test_a_provider_given_to_the_component_reaches_every_child() -> None:
    def program() -> None:
        hangzhou = alicloud.Provider("hangzhou", region="cn-hangzhou")
        InstanceRoleComponent("app", EVERYTHING, opts=pulumi.ResourceOptions(provider=hangzhou))  # type: ignore[arg-type]

    result = run_program(program, stack="dev", account_id=ACCOUNT_ID)
    assert result.error is None, result.error_text

    provider = result.named("hangzhou")
    reference = f"{provider.urn}::{provider.id}"
    custom_children = [r for r in children(result) if r.custom and r is not provider]
    assert len(custom_children) == 11
    assert {child.name: child.provider for child in custom_children} == {
        child.name: reference for child in custom_children
    }


def test_protect_on_the_component_reaches_every_child() -> None:
    result = deployed(EVERYTHING, opts=pulumi.ResourceOptions(protect=True))

    assert {r.name: r.protect for r in result.registrations} == {r.name: True for r in result.registrations}


def test_children_are_not_protected_when_the_component_is_not() -> None:
    result = deployed(EVERYTHING)

    assert {r.protect for r in result.registrations} <= {None, False}


# --- outputs ----------------------------------------------------------------------------------


def test_outputs_name_the_role_its_arn_policy_instances_and_credentials_url() -> None:
    result = deployed(EVERYTHING)

    assert result.exports == {
        "role_name": "app-role",
        "role_arn": f"acs:ram::{ACCOUNT_ID}:role/app-role",
        "policy_name": result.named("app-policy").inputs["policyName"],
        "instance_ids": ["i-bp1aaa", "i-bp1bbb"],
        "credentials_url": "http://100.100.100.200/latest/meta-data/ram/security-credentials/app-role",
    }


def test_a_mixed_case_role_name_keeps_its_case_in_the_predicted_arn_as_rams_examples_do() -> None:
    result = deployed({"role_name": "ECSAdmin", "instance_ids": ["i-bp1aaa"]})

    assert result.exports["role_arn"] == f"acs:ram::{ACCOUNT_ID}:role/ECSAdmin"
    assert "arn" in only(result, ROLE).predicted


def test_component_registers_its_outputs_with_the_engine() -> None:
    result = deployed(EVERYTHING)
    component = only(result, COMPONENT)

    registered = result.component_outputs[component.urn]
    assert registered["role_arn"] == f"acs:ram::{ACCOUNT_ID}:role/app-role"
    assert registered["instance_ids"] == ["i-bp1aaa", "i-bp1bbb"]
    assert set(registered) == set(OUTPUTS)


def test_instance_ids_output_lists_listed_ids_and_mapped_ids() -> None:
    result = deployed(
        lambda: {
            "role_name": "app-role",
            "instance_ids": ["i-bp1aaa"],
            "instances": {"web": pulumi.Output.from_input("i-bp1web")},
        }
    )

    assert result.exports["instance_ids"] == ["i-bp1aaa", "i-bp1web"]


# --- stable logical names ---------------------------------------------------------------------


def urns_with(changed: Args) -> Set[str]:
    """Child URNs of EVERYTHING with some arguments replaced."""
    return child_urns(deployed(lambda: {**EVERYTHING, **(changed() if callable(changed) else changed)}))


def test_removing_an_instance_from_the_middle_changes_only_its_binding() -> None:
    three = {"instance_ids": ["i-bp1aaa", "i-bp1bbb", "i-bp1ccc"]}
    before = urns_with(three)
    after = urns_with({"instance_ids": ["i-bp1aaa", "i-bp1ccc"]})

    assert before - after == {urn for urn in before if urn.endswith("::app-instance-i-bp1bbb")}
    assert len(before - after) == 1
    assert after <= before


def test_removing_a_system_policy_from_the_middle_changes_only_its_attachment() -> None:
    before = urns_with(
        {"system_policies": ["AliyunOSSReadOnlyAccess", "AliyunLogFullAccess", "AliyunECSReadOnlyAccess"]}
    )
    after = urns_with({"system_policies": ["AliyunOSSReadOnlyAccess", "AliyunECSReadOnlyAccess"]})

    assert [urn.split("::")[-1] for urn in before - after] == ["app-system-AliyunLogFullAccess"]
    assert after <= before


def test_removing_an_operator_from_the_middle_changes_only_their_attachment() -> None:
    before = urns_with({"operator_users": ["alice", "bob", "carol"]})
    after = urns_with({"operator_users": ["alice", "carol"]})

    assert [urn.split("::")[-1] for urn in before - after] == ["app-operator-user-bob"]
    assert after <= before


def test_removing_a_keyed_instance_changes_only_its_binding() -> None:
    def keyed(*keys: str) -> Set[str]:
        return urns_with(lambda: {"instances": {key: pulumi.Output.from_input(f"i-bp1{key}") for key in keys}})

    before, after = keyed("web", "api", "worker"), keyed("web", "worker")

    assert [urn.split("::")[-1] for urn in before - after] == ["app-instance-api"]
    assert after <= before


# --- warnings ---------------------------------------------------------------------------------


def test_a_wildcard_action_is_one_logged_warning_on_its_statement_that_does_not_stop_the_deployment() -> None:
    result = deployed({"role_name": "app-role", "policy_statements": [{"actions": ["*"], "resources": ["*"]}]})

    (warning,) = [e.message for e in result.warnings()]
    assert warning.startswith("policy_statements[0]: allows every action of every service")
    assert warning.endswith("[RAM210]")
    for rule in ("ram-no-sensitive-service-grant", "ram-no-privilege-escalation", "ram-pass-role-scoped"):
        assert rule in warning
    assert len(result.of_type(POLICY)) == 1


def test_a_warning_in_a_raw_policy_document_names_its_path_in_the_argument() -> None:
    document = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    result = deployed({"role_name": "app-role", "policy_document": document})

    messages = [e.message for e in result.warnings()]
    assert [w for w in messages if w.startswith("policy_document.Statement[0]")] == messages
    assert [w[-len("[RAM210]") :] for w in messages] == ["[RAM210]"]


def test_a_narrow_policy_logs_no_warning() -> None:
    result = deployed(EVERYTHING)

    assert [e.message for e in result.warnings()] == []


def test_what_the_pack_would_refuse_is_warned_of_at_construction_under_the_rules_names() -> None:
    escalation = {"actions": ["ram:AttachPolicyToRole"], "resources": ["*"]}
    result = deployed(
        {
            "role_name": "app-role",
            "policy_statements": [{"actions": ["oss:GetObject"], "resources": ["*"]}, escalation],
            "system_policies": ["AliyunOSSReadOnlyAccess", "AdministratorAccess"],
            "trusted_services": ["ecs.aliyuncs.com", "fc.aliyuncs.com"],
        }
    )

    warnings = [e.message for e in result.warnings()]
    assert any(w.startswith("policy_statements[1]: ") and "ram-no-privilege-escalation" in w for w in warnings)
    assert any(w.startswith("system_policies[1]: ") and "ram-no-denied-system-policy" in w for w in warnings)
    assert any(w.startswith("trusted_services: ") and "ram-trust-allowed-services" in w for w in warnings)
    assert len(result.of_type(POLICY)) == 1  # warnings: the deployment goes on


def test_a_risk_in_a_statement_that_is_an_output_is_warned_of_once_it_resolves() -> None:
    statements = [{"actions": ["kms:*"], "resources": ["acs:kms:*:*:*"]}]
    result = deployed(lambda: {"role_name": "app-role", "policy_statements": pulumi.Output.from_input(statements)})

    messages = [e.message for e in result.warnings()]
    assert any(w.startswith("policy_statements[0]: ") and "whole kms service" in w for w in messages)


def test_a_secret_policy_is_warned_of_by_path_and_rule_without_its_content() -> None:
    statements = [{"actions": ["ram:PassRole"], "resources": ["acs:ram::*:role/TOPSECRET-*"]}]
    result = deployed(lambda: {"role_name": "app-role", "policy_statements": pulumi.Output.secret(statements)})

    assert [e.message for e in result.warnings()] == [
        "policy_statements[0]: allows ram:PassRole beyond named roles (guardrail ram-pass-role-scoped)"
        "; the value is secret, so it is not shown [RAM213]"
    ]
    assert not any("TOPSECRET" in text for text in result_texts(result))


def test_a_secret_policy_ram_refuses_is_refused_by_path_and_rule_without_its_content() -> None:
    statements = [{"actions": ["TOPSECRET"], "resources": ["*"]}]
    result = run_program(
        lambda: InstanceRoleComponent(
            "app", {"role_name": "app-role", "policy_statements": pulumi.Output.secret(statements)}
        ),
        project="project",
        stack="dev",
    )

    assert "policy_statements[0].actions[0]: malformed action" in result.error_text
    assert not any("TOPSECRET" in text for text in result_texts(result))


def result_texts(result: RunResult) -> List[str]:
    return [result.error_text, *(entry.message for entry in result.logs)]
