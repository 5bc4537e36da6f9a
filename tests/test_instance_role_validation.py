"""Arguments InstanceRoleComponent refuses: each stops the program before anything is
registered, with one InstanceRoleArgsError (a pulumi.RunError, so no traceback) naming the
argument path, the rule and its code.
"""

import json
from typing import Any, Callable, Dict, Mapping, Optional, Union

import pulumi
import pytest

from alicloud_instance_role import InstanceRoleComponent, check
from alicloud_instance_role.catalogue import system_policies
from alicloud_instance_role.documents import canonicalize
from alicloud_instance_role.documents.risks import DEFAULT_DENIED_SYSTEM_POLICIES
from alicloud_instance_role.instance_role import InstanceRoleArgsError
from alicloud_instance_role.offline.runner import RunResult, run_program

Args = Union[Mapping[str, Any], Callable[[], Mapping[str, Any]]]

OSS_READ = {"actions": ["oss:GetObject"], "resources": ["*"]}
# Real System policy names (the catalogue's), none on the guardrails' deny list: many of them
# draw only the quota's warning.
SYSTEM_POLICIES = [name for name in system_policies.names() if name not in DEFAULT_DENIED_SYSTEM_POLICIES]


def run_component(args: Args) -> RunResult:
    def program() -> None:
        InstanceRoleComponent("app", args() if callable(args) else args)  # type: ignore[arg-type]

    return run_program(program, project="project", stack="dev", account_id="123456789012")


def refused(args: Args, *paths: str, code: Optional[str] = None) -> InstanceRoleArgsError:
    """Run ``args`` and check they were refused before any registration, naming each path
    (with ``code``, when given)."""
    result = run_component(args)
    assert isinstance(result.error, InstanceRoleArgsError), result.error_text
    assert "Traceback" not in result.error_text
    assert result.registrations == [], [r.name for r in result.registrations]
    for path in paths:
        assert f"  - {path}: " in result.error_text, result.error_text
        assert any(p.path == path and code in (None, p.code) for p in result.error.problems), result.error.problems
    return result.error


def session_policy_of(actions: int) -> str:
    return json.dumps(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": [f"oss:GetObject{i:03}" for i in range(actions)], "Resource": "*"}
            ],
        }
    )


def test_an_empty_description_is_refused() -> None:
    refused({"role_name": "app-role", "description": ""}, "description", code="RAM121")


def test_a_role_name_with_a_space_is_refused() -> None:
    error = refused({"role_name": "my role"}, "role_name", code="RAM120")
    assert "'my role' has ' '" in str(error)


def test_a_role_name_longer_than_64_characters_is_refused() -> None:
    refused({"role_name": "r" * 65}, "role_name", code="RAM120")


@pytest.mark.parametrize("seconds", [3599, 43201], ids=["one-second-short-of-an-hour", "one-second-over-12-hours"])
def test_a_max_session_duration_outside_one_to_twelve_hours_is_refused(seconds: int) -> None:
    error = refused({"max_session_duration": seconds}, "max_session_duration", code="RAM121")
    assert "3600-43200" in str(error)


def test_a_max_session_duration_written_as_text_is_refused() -> None:
    refused({"max_session_duration": "1h"}, "max_session_duration", code="RAM119")


def test_a_malformed_action_is_refused_at_its_position_in_the_statement() -> None:
    statements = [{"actions": ["oss:GetObject", "GetObject"], "resources": ["*"]}]
    refused({"policy_statements": statements}, "policy_statements[0].actions[1]", code="RAM107")


def test_a_resource_that_is_not_an_arn_is_refused() -> None:
    statements = [OSS_READ, {"actions": ["oss:PutObject"], "resources": ["my-bucket/*"]}]
    refused({"policy_statements": statements}, "policy_statements[1].resources[0]", code="RAM109")


def test_an_unknown_statement_key_is_refused() -> None:
    statements = [{**OSS_READ, "principal": "ecs.aliyuncs.com"}]
    refused({"policy_statements": statements}, "policy_statements[0].principal", code="RAM104")


def test_a_policy_document_that_is_not_json_is_refused() -> None:
    refused({"policy_document": "{'Version': '1'}"}, "policy_document", code="RAM100")


def test_a_policy_document_with_a_principal_is_refused() -> None:
    document = json.dumps(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "oss:*", "Resource": "*", "Principal": {"Service": ["ecs.aliyuncs.com"]}}
            ],
        }
    )
    refused({"policy_document": document}, "policy_document.Statement[0].Principal", code="RAM110")


def test_a_session_policy_longer_than_1024_characters_is_refused() -> None:
    policy = session_policy_of(50)
    assert len(canonicalize(policy, "permission")) > 1024
    error = refused({"instance_ids": ["i-bp1aaa"], "session_policy": policy}, "session_policy", code="RAM126")
    assert "at most 1,024" in str(error)


def test_a_session_policy_just_under_1024_characters_is_accepted() -> None:
    policy = session_policy_of(49)
    assert 1000 < len(canonicalize(policy, "permission")) <= 1024
    result = run_component({"instance_ids": ["i-bp1aaa"], "session_policy": policy})
    assert result.error is None, result.error_text


def test_an_invalid_session_policy_is_refused() -> None:
    error = refused(
        {"instance_ids": ["i-bp1aaa"], "session_policy": '{"Version": "2", "Statement": []}'},
        "session_policy.Version",
        "session_policy.Statement",
    )
    assert {(p.path, p.code) for p in error.problems} == {
        ("session_policy.Version", "RAM102"),
        ("session_policy.Statement", "RAM103"),
    }


def test_an_instance_listed_twice_is_refused() -> None:
    error = refused({"instance_ids": ["i-bp1aaa", "i-bp1bbb", "i-bp1aaa"]}, "instance_ids[2]", code="RAM122")
    assert "first at instance_ids[0]" in str(error)


def test_an_empty_instance_id_in_instances_is_refused_at_its_key() -> None:
    refused({"role_name": "app-role", "instances": {"web": ""}}, "instances.web", code="RAM130")


@pytest.mark.parametrize("instance_id", [" i-bp1aaa", "I-BP1AAA", "i-bp1aaa ", "i-1::evil", "i-", "bp1aaa"])
def test_an_instance_id_not_in_ecs_shape_is_refused_so_no_spelling_slips_past_the_duplicate_check(
    instance_id: str,
) -> None:
    refused({"instance_ids": ["i-bp1aaa", instance_id]}, "instance_ids[1]", code="RAM130")
    refused({"role_name": "app-role", "instances": {"web": instance_id}}, "instances.web", code="RAM130")


def test_an_instance_key_that_is_not_a_string_is_refused_even_beside_an_output() -> None:
    refused(
        lambda: {
            "role_name": "app-role",
            "instances": {1: pulumi.Output.from_input("i-1"), "web": pulumi.Output.from_input("i-2")},
        },
        "instances.1",
        code="RAM119",
    )


def test_an_instance_key_that_cannot_name_a_binding_is_refused_saying_the_rule_is_the_packages() -> None:
    error = refused({"role_name": "app-role", "instances": {"a::b": "i-1"}}, "instances.a::b", code="RAM119")
    assert "this package's rule, not RAM's" in str(error)


def test_a_bad_component_name_is_reported_with_arguments_that_are_not_a_mapping() -> None:
    assert [p.path for p in check("", ["not", "a", "mapping"])] == ["name", "args"]  # type: ignore[arg-type]


def test_an_instance_both_listed_and_mapped_is_refused() -> None:
    refused({"instance_ids": ["i-bp1aaa"], "instances": {"web": "i-bp1aaa"}}, "instances.web", code="RAM122")


def test_an_output_inside_instance_ids_is_refused_with_a_hint_to_use_instances() -> None:
    error = refused(
        lambda: {"instance_ids": ["i-bp1aaa", pulumi.Output.from_input("i-bp1bbb")]}, "instance_ids[1]", code="RAM125"
    )
    assert "instances={" in str(error)


def test_twenty_one_system_policies_are_a_warning_naming_the_quota_argument_not_an_error() -> None:
    result = run_component({"system_policies": SYSTEM_POLICIES[:21]})

    assert result.error is None, result.error_text
    (warning,) = [e.message for e in result.warnings()]
    assert "system_policies: 21 System policies are more than RAM's default quota of 20 per role" in warning
    assert "set system_policy_quota" in warning and "[RAM220]" in warning


def test_twenty_system_policies_are_accepted_without_a_warning() -> None:
    result = run_component({"system_policies": SYSTEM_POLICIES[:20]})
    assert result.error is None, result.error_text
    assert [e.message for e in result.warnings()] == []


def test_ten_custom_policies_plus_the_roles_own_policy_are_a_warning() -> None:
    args = {"custom_policies": [f"shared-{i}" for i in range(10)], "policy_statements": [OSS_READ]}
    result = run_component(args)

    assert result.error is None, result.error_text
    (warning,) = [e.message for e in result.warnings()]
    assert "custom_policies: 11 Custom policies (counting the policy built from" in warning
    assert "set custom_policy_quota" in warning


def test_ten_custom_policies_without_an_own_policy_are_accepted() -> None:
    result = run_component({"custom_policies": [f"shared-{i}" for i in range(10)]})
    assert result.error is None, result.error_text
    assert [e.message for e in result.warnings()] == []


def test_a_raised_quota_accepts_policies_up_to_it_without_a_warning() -> None:
    args = {
        "system_policies": SYSTEM_POLICIES[:30],
        "system_policy_quota": 30,
        "custom_policies": [f"shared-{i}" for i in range(14)],
        "policy_statements": [OSS_READ],
        "custom_policy_quota": 15,
    }
    result = run_component(args)

    assert result.error is None, result.error_text
    assert [e.message for e in result.warnings()] == []


def test_more_policies_than_the_given_quota_are_refused() -> None:
    args = {
        "system_policies": [f"AliyunExample{i}Access" for i in range(31)],
        "system_policy_quota": 30,
        "custom_policies": ["shared-1", "shared-2"],
        "policy_statements": [OSS_READ],
        "custom_policy_quota": 2,
    }
    error = refused(args, "system_policies", "custom_policies", code="RAM123")
    assert "31 System policies are more than the account's quota (system_policy_quota=30)" in str(error)


@pytest.mark.parametrize("quota", [0, True, "30", 2.5])
def test_a_quota_that_is_not_a_whole_number_of_at_least_one_is_refused(quota: Any) -> None:
    error = refused({"system_policy_quota": quota}, "system_policy_quota", code="RAM119")
    assert "a quota is a whole number of at least 1" in str(error)


def test_a_custom_policy_name_with_an_underscore_is_refused() -> None:
    refused({"custom_policies": ["shared_logging"]}, "custom_policies[0]", code="RAM120")


def test_an_operator_user_name_with_a_space_is_refused() -> None:
    refused({"operator_users": ["alice", "bad user"]}, "operator_users[1]", code="RAM120")


def test_an_operator_group_name_with_a_space_is_refused() -> None:
    refused({"operator_groups": ["ops", "ops team"]}, "operator_groups[1]", code="RAM120")


def test_operator_group_names_with_dots_and_underscores_are_accepted_as_ram_does() -> None:
    result = run_component({"operator_groups": ["platform.ops", "platform_ops"]})
    assert result.error is None, result.error_text
    attached = sorted(r.inputs["groupName"] for r in result.registrations if "groupName" in r.inputs)
    assert attached == ["platform.ops", "platform_ops"]


def test_policy_statements_together_with_a_policy_document_are_refused() -> None:
    document = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*", "Resource": "*"}]})
    error = refused({"policy_statements": [OSS_READ], "policy_document": document}, "policy_document", code="RAM124")
    assert "not both" in str(error)


def test_a_misspelt_argument_is_refused_with_a_did_you_mean() -> None:
    error = refused({"instance_id": ["i-bp1aaa"]}, "instance_id", code="RAM124")
    assert "did you mean 'instance_ids'?" in str(error)


def test_an_untrusted_service_name_is_refused() -> None:
    refused({"trusted_services": ["ecs.aliyuncs.com", "ecs"]}, "trusted_services[1]", code="RAM114")


def test_every_problem_is_reported_at_once_in_one_error() -> None:
    args: Dict[str, Any] = {
        "role_name": "my role",
        "max_session_duration": 60,
        "policy_statements": [{"actions": ["oss:GetObject", "GetObject"], "resources": ["bucket"]}],
        "instance_ids": ["i-bp1aaa", "i-bp1aaa"],
        "operator_groups": ["ops team"],
        "instance_idz": [],
    }
    paths = [
        "role_name",
        "max_session_duration",
        "policy_statements[0].actions[1]",
        "policy_statements[0].resources[0]",
        "instance_ids[1]",
        "operator_groups[0]",
        "instance_idz",
    ]
    result = run_component(args)

    assert isinstance(result.error, InstanceRoleArgsError)
    assert result.registrations == []
    assert "has 7 problems" in result.error_text
    assert sorted(p.path for p in result.error.problems) == sorted(paths)
    for path in paths:
        assert f"  - {path}: " in result.error_text


def test_an_invalid_role_name_arriving_as_an_output_fails_with_the_same_message_when_it_resolves() -> None:
    plain = run_component({"role_name": "bad name"})
    later = run_component(lambda: {"role_name": pulumi.Output.from_input("bad name")})

    assert isinstance(plain.error, InstanceRoleArgsError)
    assert isinstance(later.error, InstanceRoleArgsError), later.error_text
    assert "Traceback" not in later.error_text
    assert [str(p) for p in later.error.problems] == [str(p) for p in plain.error.problems]
    assert not any(r.type == "alicloud:ram/role:Role" for r in later.registrations)


def test_an_invalid_session_duration_arriving_as_an_output_fails_when_it_resolves() -> None:
    result = run_component(lambda: {"max_session_duration": pulumi.Output.from_input(43201)})

    assert isinstance(result.error, InstanceRoleArgsError), result.error_text
    assert [(p.path, p.code) for p in result.error.problems] == [("max_session_duration", "RAM121")]


def test_two_keyed_instance_outputs_resolving_to_one_instance_fail_when_they_resolve() -> None:
    result = run_component(
        lambda: {
            "instances": {"web": pulumi.Output.from_input("i-bp1aaa"), "api": pulumi.Output.from_input("i-bp1aaa")}
        }
    )

    assert isinstance(result.error, InstanceRoleArgsError), result.error_text
    assert [(p.path, p.code) for p in result.error.problems] == [("instances.api", "RAM122")]


@pytest.mark.parametrize(
    "key", ["aliyun-team", "acs:owner", "http://example.com", "https://example.com", "sae-do-not-delete"]
)
def test_a_tag_key_the_provider_drops_on_read_is_refused_at_its_path(key: str) -> None:
    error = refused({"tags": {"team": "platform", key: "x"}}, f"tags.{key}", code="RAM127")
    assert "the provider drops such tags when it reads" in str(error)


def test_a_tag_key_with_a_reserved_word_in_another_case_or_place_is_left_to_ram() -> None:
    # The provider's patterns are case-sensitive prefixes; RAM states none for roles and policies.
    result = run_component({"tags": {"Aliyun-team": "x", "team-acs:": "y", "owner": "http://example.com"}})
    assert result.error is None, result.error_text


def test_more_than_twenty_tags_are_refused() -> None:
    error = refused({"tags": {f"k{i}": "v" for i in range(21)}}, "tags", code="RAM121")
    assert "at most 20 tags" in str(error)


def test_twenty_tags_are_accepted() -> None:
    result = run_component({"tags": {f"k{i}": "v" for i in range(20)}})
    assert result.error is None, result.error_text


@pytest.mark.parametrize(
    ("tags", "path", "says"),
    [
        ({"k" * 129: "v"}, "tags." + "k" * 129, "a tag key has 1-128 characters, got 129"),
        ({"": "v"}, "tags.", "a tag key has 1-128 characters, got 0"),
        ({"team": "v" * 257}, "tags.team", "a tag value has at most 256 characters, got 257"),
    ],
    ids=["long-key", "empty-key", "long-value"],
)
def test_tag_keys_and_values_beyond_alibaba_clouds_lengths_are_refused(
    tags: Dict[str, str], path: str, says: str
) -> None:
    error = refused({"tags": tags}, path, code="RAM121")
    assert says in str(error)


def test_a_reserved_tag_key_arriving_as_an_output_fails_when_it_resolves() -> None:
    result = run_component(lambda: {"tags": pulumi.Output.from_input({"acs:owner": "alice"})})
    assert isinstance(result.error, InstanceRoleArgsError), result.error_text
    assert "tags.acs:owner: the tag key starts with 'acs:'" in result.error_text


# ---- odd input: one clean error, never a traceback ----


def test_a_lone_surrogate_in_a_statement_is_refused_before_registration() -> None:
    args = {"policy_statements": [{"actions": ["oss:GetObject"], "resources": ["acs:oss:*:*:b\ud800"]}]}
    error = refused(args, "policy_statements[0].resources[0]", code="RAM128")
    assert "\\ud800, a lone surrogate" in str(error)


def test_a_lone_surrogate_in_a_session_policy_document_is_refused_before_registration() -> None:
    text = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:\\udc00"}]}'
    args = {"instance_ids": ["i-bp1aaa"], "session_policy": text}
    refused(args, "session_policy.Statement[0].Resource", code="RAM128")


@pytest.mark.parametrize(
    ("args", "path"),
    [({"description": "app \ud800"}, "description"), ({"tags": {"team": "a\udfff"}}, "tags.team")],
    ids=["description", "tag"],
)
def test_a_lone_surrogate_in_plain_text_arguments_is_refused(args: Dict[str, Any], path: str) -> None:
    refused(args, path, code="RAM128")


def test_nan_in_a_condition_is_refused_instead_of_being_rendered_as_invalid_json() -> None:
    statement = {**OSS_READ, "conditions": {"NumericLessThan": {"acs:CurrentTime": float("nan")}}}
    path = "policy_statements[0].conditions.NumericLessThan.acs:CurrentTime"
    error = refused({"policy_statements": [statement]}, path, code="RAM100")
    assert "NaN is not a JSON number" in str(error)


def test_a_condition_operator_that_is_not_a_string_is_refused_not_raised() -> None:
    statement = {**OSS_READ, "conditions": {1: {"acs:SourceIp": "10.0.0.0/8"}}}
    refused({"policy_statements": [statement]}, "policy_statements[0].conditions.1", code="RAM117")


@pytest.mark.parametrize("name", ["", None])
def test_a_component_without_a_name_gets_our_error_not_pulumis_type_error(name: Any) -> None:
    def program() -> None:
        InstanceRoleComponent(name, {"instance_ids": ["i-bp1aaa"]})

    result = run_program(program, project="project", stack="dev")
    assert isinstance(result.error, InstanceRoleArgsError), result.error_text
    assert "  - name: the component needs a name" in result.error_text
    assert result.registrations == []
    assert [p.path for p in check(name, {})] == ["name"]


@pytest.mark.parametrize(
    "argument", ["instance_ids", "system_policies", "custom_policies", "operator_users", "operator_groups"]
)
def test_a_list_entry_that_is_not_a_string_is_refused_at_its_path_not_raised(argument: str) -> None:
    refused({argument: [["i-bp1aaa"]]}, f"{argument}[0]")


def test_empty_actions_are_refused_at_actions_not_at_the_statement() -> None:
    error = refused({"policy_statements": [{"actions": [], "resources": ["*"]}]}, "policy_statements[0].actions")
    assert "neither Action nor NotAction" not in str(error)


def test_a_boolean_session_duration_is_refused_saying_it_is_a_boolean() -> None:
    error = refused({"max_session_duration": True}, "max_session_duration", code="RAM119")
    assert "got a boolean (True)" in str(error)


# --- adopting what was made by hand -----------------------------------------------------------


def test_adopt_without_role_name_is_refused_at_role_name() -> None:
    error = refused({"adopt": True, "policy_statements": [OSS_READ]}, "role_name", code="RAM129")
    assert "adopt imports an existing role by its name" in str(error)


def test_adopt_with_a_role_name_output_is_refused_at_role_name() -> None:
    refused(lambda: {"adopt": True, "role_name": pulumi.Output.from_input("app-ops")}, "role_name", code="RAM125")


def test_adopt_given_as_text_is_refused() -> None:
    refused({"adopt": "yes", "role_name": "app-ops"}, "adopt", code="RAM119")


def test_adopt_given_as_an_output_is_refused() -> None:
    refused(lambda: {"adopt": pulumi.Output.from_input(True), "role_name": "app-ops"}, "adopt", code="RAM125")


def test_adopt_with_a_session_policy_is_refused_because_a_binding_never_reads_it_back() -> None:
    session = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]}'
    error = refused(
        {"adopt": True, "role_name": "app-ops", "instance_ids": ["i-bp1aaa"], "session_policy": session},
        "session_policy",
        code="RAM129",
    )
    assert "once adopt is removed" in str(error)


def test_adopt_with_an_instance_id_output_is_refused_at_its_key() -> None:
    error = refused(
        lambda: {"adopt": True, "role_name": "app-ops", "instances": {"web": pulumi.Output.from_input("i-bp1aaa")}},
        "instances.web",
        code="RAM125",
    )
    assert "'<instance ID>:<role name>'" in str(error)
    assert len(error.problems) == 1


def test_force_delete_adopted_policy_without_adopt_is_refused_at_its_path() -> None:
    args = {"policy_statements": [OSS_READ], "force_delete_adopted_policy": True}
    error = refused(args, "force_delete_adopted_policy", code="RAM124")
    assert "only for a policy made by hand" in str(error)


def test_force_delete_adopted_policy_given_as_text_is_refused() -> None:
    args = {"adopt": True, "role_name": "app-ops", "force_delete_adopted_policy": "yes"}
    refused(args, "force_delete_adopted_policy", code="RAM119")


def test_force_delete_adopted_policy_given_as_an_output_is_refused() -> None:
    refused(
        lambda: {"adopt": True, "role_name": "app-ops", "force_delete_adopted_policy": pulumi.Output.from_input(True)},
        "force_delete_adopted_policy",
        code="RAM125",
    )


def test_every_adopt_problem_is_reported_at_once() -> None:
    session = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]}'
    error = refused({"adopt": True, "session_policy": session, "policy_name": "a_b"}, "role_name", "session_policy")
    assert sorted((p.path, p.code) for p in error.problems) == [
        ("policy_name", "RAM120"),
        ("policy_name", "RAM124"),
        ("role_name", "RAM129"),
        ("session_policy", "RAM129"),
    ]


def test_a_policy_name_without_statements_or_a_document_is_refused() -> None:
    error = refused({"role_name": "app-ops", "policy_name": "app-ops-permissions"}, "policy_name", code="RAM124")
    assert "policy_statements or policy_document" in str(error)


def test_a_policy_name_with_an_underscore_is_refused() -> None:
    refused({"policy_name": "app_ops", "policy_statements": [OSS_READ]}, "policy_name", code="RAM120")


def test_a_policy_name_that_is_not_a_string_is_refused() -> None:
    refused({"policy_name": ["app-ops"], "policy_statements": [OSS_READ]}, "policy_name", code="RAM120")


def test_a_policy_name_also_listed_in_custom_policies_is_refused() -> None:
    args = {"policy_name": "shared", "policy_statements": [OSS_READ], "custom_policies": ["other", "shared"]}
    error = refused(args, "policy_name", code="RAM122")
    assert "custom_policies[1]" in str(error)


def test_a_policy_name_that_the_operators_policy_would_take_is_refused() -> None:
    args = {
        "role_name": "app-ops",
        "policy_name": "app-ops-operator",
        "policy_statements": [OSS_READ],
        "operator_users": ["alice"],
    }
    error = refused(args, "policy_name", code="RAM122")
    assert "the operators' policy" in str(error)


def test_a_policy_name_given_as_an_output_is_refused() -> None:
    refused(
        lambda: {"policy_name": pulumi.Output.from_input("app-ops"), "policy_statements": [OSS_READ]},
        "policy_name",
        code="RAM125",
    )


def test_names_that_do_not_exist_are_warnings_at_construction_naming_the_real_ones() -> None:
    result = run_component(
        {
            "policy_statements": [{"actions": ["oss:GetObjects", "sls:*"], "resources": ["*"]}],
            "system_policies": ["AliyunEcsReadOnlyAccess"],
        }
    )
    assert result.error is None, result.error_text
    warnings = sorted(e.message for e in result.warnings())
    assert len(warnings) == 3, warnings
    assert "policy_statements[0].actions[0]: 'oss:GetObjects' matches no Object Storage Service action" in warnings[0]
    assert "did you mean 'oss:GetObject'? [RAM221]" in warnings[0]
    assert warnings[1].startswith("policy_statements[0].actions[1]: 'sls:*': RAM has no service code 'sls'")
    assert warnings[2].startswith("system_policies[0]: RAM spells the System policy") and "[RAM224]" in warnings[2]


def test_a_policy_document_naming_a_missing_action_warns_at_its_path() -> None:
    text = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:Desribe*", "Resource": "*"}]})
    result = run_component({"policy_document": text})
    assert result.error is None, result.error_text
    [warning] = [e.message for e in result.warnings()]
    assert warning.startswith("policy_document.Statement[0].Action: 'ecs:Desribe*'") and "'ecs:Describe*'" in warning
