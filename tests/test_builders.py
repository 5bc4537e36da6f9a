"""Documents built from plain arguments: problems carry the caller's argument paths."""

import json
from typing import Any, Dict, List, Tuple

import pytest

from alicloud_instance_role.documents import (
    DEFAULT_TRUSTED_SERVICES,
    Built,
    canonicalize,
    operator_policy,
    permission_policy,
    trust_policy,
    validate,
)
from alicloud_instance_role.documents.risks import pass_role_grants

ROLE_ARN = "acs:ram::1234567890123456:role/app-dev-1a2b3c4d"
READ_OSS: Dict[str, Any] = {"effect": "Allow", "actions": ["oss:GetObject", "oss:ListObjects"], "resources": ["*"]}


def found(built: Built) -> List[Tuple[str, str, str]]:
    return [(p.code, p.path, p.severity) for p in built.problems]


def statements_of(built: Built) -> List[Dict[str, Any]]:
    return list(json.loads(built.text)["Statement"])


# ---- permission_policy ----


def test_a_valid_statement_list_builds_a_canonical_permission_policy() -> None:
    built = permission_policy([READ_OSS])
    assert found(built) == []
    assert built.text == (
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject","oss:ListObjects"],"Resource":["*"]}]}'
    )


def test_the_effect_defaults_to_allow() -> None:
    built = permission_policy([{"actions": ["oss:GetObject"], "resources": ["*"]}])
    assert statements_of(built)[0]["Effect"] == "Allow"


def test_conditions_are_carried_into_the_document() -> None:
    spec = {**READ_OSS, "conditions": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}
    assert statements_of(permission_policy([spec]))[0]["Condition"] == {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}}


def test_a_malformed_action_is_reported_at_its_argument_path() -> None:
    built = permission_policy([{**READ_OSS, "actions": ["oss:GetObject", "oss"]}])
    assert found(built) == [("RAM107", "[0].actions[1]", "error")]
    assert built.document is None


def test_a_malformed_resource_is_reported_at_its_argument_path() -> None:
    built = permission_policy([{**READ_OSS, "resources": ["oss:bucket"]}])
    assert found(built) == [("RAM109", "[0].resources[0]", "error")]


def test_a_bad_effect_in_the_second_statement_is_reported_at_its_argument_path() -> None:
    built = permission_policy([READ_OSS, {**READ_OSS, "effect": "allow"}])
    assert found(built) == [("RAM105", "[1].effect", "error")]


def test_a_bad_condition_operator_is_reported_under_conditions() -> None:
    built = permission_policy([{**READ_OSS, "conditions": {"StringEqualz": {"acs:SourceVpc": "vpc-1"}}}])
    assert found(built) == [("RAM116", "[0].conditions.StringEqualz", "error")]


def test_an_unknown_statement_key_is_reported_at_that_key() -> None:
    built = permission_policy([{"action": ["oss:GetObject"], "resources": ["*"]}])
    assert ("RAM104", "[0].action", "error") in found(built)
    assert built.document is None


def test_a_single_string_for_actions_is_rejected() -> None:
    built = permission_policy([{**READ_OSS, "actions": "oss:GetObject"}])
    assert found(built) == [("RAM119", "[0].actions", "error")]
    assert built.document is None


def test_a_single_string_for_resources_is_rejected() -> None:
    built = permission_policy([{**READ_OSS, "resources": "*"}])
    assert found(built) == [("RAM119", "[0].resources", "error")]


def test_an_empty_actions_list_is_rejected_at_actions() -> None:
    built = permission_policy([{**READ_OSS, "actions": []}])
    assert found(built) == [("RAM106", "[0].actions", "error")]
    assert "Action is empty" in built.problems[0].message


def test_a_condition_operator_that_is_not_a_string_is_reported_not_raised() -> None:
    built = permission_policy([{**READ_OSS, "conditions": {1: {"acs:SourceIp": "10.0.0.0/8"}}}])
    assert found(built) == [("RAM117", "[0].conditions.1", "error")]
    assert "a condition operator is a string, got 1" in built.problems[0].message


def test_a_condition_key_that_is_not_a_string_is_reported_not_rendered_as_text() -> None:
    built = permission_policy([{**READ_OSS, "conditions": {"IpAddress": {2: "10.0.0.0/8"}}}])
    assert found(built) == [("RAM117", "[0].conditions.IpAddress.2", "error")]


@pytest.mark.parametrize(("value", "shown"), [(float("nan"), "NaN"), (float("inf"), "Infinity")])
def test_nan_and_infinity_condition_values_are_refused_rather_than_rendered_as_invalid_json(
    value: float, shown: str
) -> None:
    built = permission_policy([{**READ_OSS, "conditions": {"NumericLessThan": {"acs:CurrentTime": value}}}])
    assert found(built) == [("RAM100", "[0].conditions.NumericLessThan.acs:CurrentTime", "error")]
    assert f"{shown} is not a JSON number" in built.problems[0].message
    assert built.document is None


def test_missing_resources_are_rejected_at_resources() -> None:
    built = permission_policy([{"effect": "Allow", "actions": ["oss:GetObject"]}])
    assert found(built) == [("RAM108", "[0].resources", "error")]


@pytest.mark.parametrize("statements", [[], (), None, "oss:GetObject", {"actions": ["oss:GetObject"]}])
def test_anything_but_a_non_empty_list_of_statements_is_rejected(statements: Any) -> None:
    built = permission_policy(statements)
    assert [(code, path) for code, path, _ in found(built)] == [("RAM103", "")]
    assert built.document is None


def test_a_statement_that_is_not_an_object_is_rejected_at_its_index() -> None:
    built = permission_policy([READ_OSS, "oss:GetObject"])
    assert ("RAM119", "[1]", "error") in found(built)
    assert all(path.startswith("[1]") for _, path, _ in found(built))
    assert built.document is None


def test_every_problem_of_every_statement_is_reported_at_once() -> None:
    built = permission_policy([{**READ_OSS, "actions": ["oss"]}, {**READ_OSS, "effect": "Permit", "resources": ["x"]}])
    assert {(code, path) for code, path, _ in found(built)} == {
        ("RAM107", "[0].actions[0]"),
        ("RAM105", "[1].effect"),
        ("RAM109", "[1].resources[0]"),
    }


def test_warnings_are_reported_but_still_build_a_document() -> None:
    built = permission_policy([{"effect": "Allow", "actions": ["oss:GetObject", "oss:GetObject"], "resources": ["*"]}])
    assert found(built) == [("RAM203", "[0].actions[1]", "warning")]
    assert built.document is not None


def test_asking_for_the_text_of_a_document_with_errors_raises_with_every_problem() -> None:
    built = permission_policy([{**READ_OSS, "effect": "allow"}])
    with pytest.raises(ValueError, match=r"\[1\]|\[0\]\.effect"):
        _ = built.text


def test_a_rendered_permission_policy_over_6144_bytes_is_rejected() -> None:
    resources = [f"acs:oss:*:123456789012:bucket/{i:05d}-{'x' * 40}" for i in range(120)]
    built = permission_policy([{**READ_OSS, "resources": resources}])
    assert [(code, path) for code, path, _ in found(built)] == [("RAM118", "")]
    assert built.document is None


@pytest.mark.parametrize(
    "built",
    [
        permission_policy([READ_OSS, {"effect": "Deny", "actions": ["oss:DeleteObject"], "resources": ["*"]}]),
        permission_policy([{**READ_OSS, "conditions": {"Bool": {"acs:MFAPresent": True}}}]),
        trust_policy(),
        trust_policy(["fc.aliyuncs.com", "ecs.aliyuncs.com"]),
        operator_policy(ROLE_ARN),
    ],
    ids=["permission", "permission-with-condition", "default-trust", "two-services-trust", "operator"],
)
def test_built_text_is_already_canonical(built: Built) -> None:
    assert built.text == canonicalize(built.text)


# ---- trust_policy ----


def test_the_default_trust_policy_lets_only_ecs_assume_the_role() -> None:
    built = trust_policy()
    assert DEFAULT_TRUSTED_SERVICES == ("ecs.aliyuncs.com",)
    assert found(built) == []
    assert statements_of(built) == [
        {"Effect": "Allow", "Principal": {"Service": ["ecs.aliyuncs.com"]}, "Action": ["sts:AssumeRole"]}
    ]
    assert [p for p in validate(built.text, "trust") if p.is_error] == []


def test_a_bad_trusted_service_is_reported_at_its_index() -> None:
    built = trust_policy(["ecs.aliyuncs.com", "ecs.amazonaws.com"])
    assert found(built) == [("RAM114", "[1]", "error")]
    assert built.document is None


@pytest.mark.parametrize(("services", "code"), [([], "RAM111"), ("ecs.aliyuncs.com", "RAM119"), (None, "RAM119")])
def test_trust_policy_needs_a_non_empty_list_of_services(services: Any, code: str) -> None:
    built = trust_policy(services)
    assert [(code, path) for code, path, _ in found(built)] == [(code, "")]
    assert built.document is None


# ---- operator_policy ----


def test_the_operator_policy_grants_pass_role_on_exactly_the_role() -> None:
    statements = statements_of(operator_policy(ROLE_ARN))
    pass_role = [s for s in statements if "ram:PassRole" in s["Action"]]
    assert pass_role == [{"Effect": "Allow", "Action": ["ram:PassRole"], "Resource": [ROLE_ARN]}]


def test_the_operator_policy_never_grants_anything_on_star() -> None:
    text = operator_policy(ROLE_ARN).text
    for statement in json.loads(text)["Statement"]:
        assert "*" not in statement["Resource"]
        assert "*" not in statement["Action"]


def test_the_operator_policy_lets_the_operator_bind_the_role_to_instances_of_its_account() -> None:
    statements = statements_of(operator_policy(ROLE_ARN))
    assert {
        "Effect": "Allow",
        "Action": ["ecs:AttachInstanceRamRole", "ecs:DescribeInstanceRamRole", "ecs:DetachInstanceRamRole"],
        "Resource": ["acs:ecs:*:1234567890123456:instance/*"],
    } in statements
    assert len(statements) == 2


def test_the_operator_policy_has_no_risky_pass_role_grant() -> None:
    built = operator_policy(ROLE_ARN)
    assert built.document is not None
    assert pass_role_grants(built.document) == []


@pytest.mark.parametrize(
    "arn",
    [
        "acs:ram::1234567890123456:user/alice",
        "acs:ram::1234567890123456:root",
        "acs:ecs:*:123456789012:instance/i-1",
        "app-role",
        "",
    ],
)
def test_the_operator_policy_rejects_an_arn_that_is_not_a_role(arn: str) -> None:
    built = operator_policy(arn)
    assert [(code, path) for code, path, _ in found(built)] == [("RAM109", "")]
    assert built.document is None


@pytest.mark.parametrize(
    "arn",
    ["acs:ram::1234567890123456:role/*", "acs:ram::1234567890123456:role/app-*", "acs:ram::1234567890123456:user/app"],
)
def test_the_operator_policy_rejects_anything_but_one_named_role(arn: str) -> None:
    built = operator_policy(arn)
    assert built.document is None
    assert any(problem.is_error for problem in built.problems)
