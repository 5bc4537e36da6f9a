"""``validate(text, kind)``: one hand-written bad document per rule, each checked for its code, the
exact path of the finding and its severity."""

import json
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_instance_role.documents import CODES, KINDS, MAX_DOCUMENT_BYTES, Problem, join_path, validate
from alicloud_instance_role.documents.validation import validate_tree

Finding = Tuple[str, str, str]

ALLOW_OSS_READ: Dict[str, Any] = {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["*"]}
TRUST_ECS: Dict[str, Any] = {
    "Effect": "Allow",
    "Action": ["sts:AssumeRole"],
    "Principal": {"Service": ["ecs.aliyuncs.com"]},
}


def statement(base: Dict[str, Any], **changes: Any) -> Dict[str, Any]:
    """``base`` with keys replaced; a value of ``...`` removes the key."""
    merged = {**base, **changes}
    return {key: value for key, value in merged.items() if value is not ...}


def document(*statements: Dict[str, Any], **top: Any) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements), **top})


def findings(text: Any, kind: Any = "permission") -> List[Finding]:
    return [(p.code, p.path, p.severity) for p in validate(text, kind)]


def error(code: str, path: str) -> Finding:
    return (code, path, "error")


def warning(code: str, path: str) -> Finding:
    return (code, path, "warning")


# ---- the good documents the bad ones are made from ----


def test_a_plain_permission_statement_has_no_findings() -> None:
    assert findings(document(ALLOW_OSS_READ)) == []


def test_a_plain_ecs_trust_statement_has_no_findings() -> None:
    assert findings(document(TRUST_ECS), "trust") == []


# ---- RAM100-RAM104: the document as a whole ----


def test_text_that_is_not_json_is_rejected_for_the_whole_document() -> None:
    assert findings('{"Version": "1", "Statement": [') == [error("RAM100", "")]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_to_ram(constant: str) -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"NumericEquals": {"acs:Port": 0}}))
    text = text.replace(": 0}", f": {constant}}}")
    assert constant in text
    assert findings(text) == [error("RAM100", "")]


def test_a_key_repeated_in_the_document_is_rejected() -> None:
    text = '{"Version": "1", "Version": "1", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}'
    assert findings(text) == [error("RAM104", "")]


def test_a_key_repeated_inside_a_statement_is_rejected() -> None:
    text = '{"Version": "1", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "a:b", "Resource": "*"}]}'
    assert findings(text) == [error("RAM104", "")]


@pytest.mark.parametrize("text", ["[]", '[{"Version": "1"}]', '"policy"', "1", "null"])
def test_a_document_that_is_not_a_json_object_is_rejected(text: str) -> None:
    assert findings(text) == [error("RAM101", "")]


@pytest.mark.parametrize("version", [1, "2", "2012-10-17", None])
def test_a_version_other_than_the_string_1_is_rejected_at_version(version: Any) -> None:
    assert findings(document(ALLOW_OSS_READ, Version=version)) == [error("RAM102", "Version")]


def test_a_missing_version_is_rejected_at_version() -> None:
    assert findings(json.dumps({"Statement": [ALLOW_OSS_READ]})) == [error("RAM102", "Version")]


@pytest.mark.parametrize("statements", [[], {}, None])
def test_an_empty_statement_is_rejected_at_statement(statements: Any) -> None:
    assert findings(json.dumps({"Version": "1", "Statement": statements})) == [error("RAM103", "Statement")]


def test_a_missing_statement_is_rejected_at_statement() -> None:
    assert findings('{"Version": "1"}') == [error("RAM103", "Statement")]


def test_an_unknown_top_level_key_is_rejected_at_that_key() -> None:
    assert findings(document(ALLOW_OSS_READ, Id="x")) == [error("RAM104", "Id")]


def test_a_sid_in_a_statement_is_an_unknown_key_at_the_statement_path() -> None:
    text = document(ALLOW_OSS_READ, statement(ALLOW_OSS_READ, Sid="ReadOss"))
    assert findings(text) == [error("RAM104", "Statement[1].Sid")]


def test_a_single_statement_object_is_accepted_in_place_of_a_list() -> None:
    assert findings(json.dumps({"Version": "1", "Statement": ALLOW_OSS_READ})) == []


def test_a_finding_in_a_single_statement_object_has_a_path_without_an_index() -> None:
    text = json.dumps({"Version": "1", "Statement": statement(ALLOW_OSS_READ, Effect="allow")})
    assert findings(text) == [error("RAM105", "Statement.Effect")]


# ---- RAM105-RAM110: statements of permission policies ----


def test_a_lowercase_effect_is_rejected_at_the_effect() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Effect="allow"))) == [error("RAM105", "Statement[0].Effect")]


def test_a_missing_effect_is_rejected_at_the_effect() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Effect=...))) == [error("RAM105", "Statement[0].Effect")]


@pytest.mark.parametrize("effect", [["Allow"], {"Allow": True}])
def test_an_effect_that_is_a_list_or_an_object_is_reported_rather_than_raised(effect: Any) -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Effect=effect))) == [error("RAM105", "Statement[0].Effect")]


def test_a_statement_with_both_action_and_notaction_is_rejected_at_the_statement_path() -> None:
    text = document(ALLOW_OSS_READ, statement(ALLOW_OSS_READ, Effect="Deny", NotAction=["oss:PutObject"]))
    assert findings(text) == [error("RAM106", "Statement[1]")]


def test_a_statement_without_action_or_notaction_is_rejected_at_the_statement_path() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Action=...))) == [error("RAM106", "Statement[0]")]


@pytest.mark.parametrize("empty", [[], ""])
def test_an_empty_action_is_rejected_at_the_action_not_the_statement(empty: Any) -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Action=empty))) == [error("RAM106", "Statement[0].Action")]


def test_an_empty_notaction_is_rejected_at_the_notaction() -> None:
    text = document(statement(ALLOW_OSS_READ, Effect="Deny", Action=..., NotAction=[]))
    assert findings(text) == [error("RAM106", "Statement[0].NotAction")]


def test_an_action_without_a_service_is_rejected_at_its_index() -> None:
    text = document(ALLOW_OSS_READ, statement(ALLOW_OSS_READ, Action=["oss", "oss:GetObject"]))
    assert findings(text) == [error("RAM107", "Statement[1].Action[0]")]


def test_an_action_with_a_space_is_rejected_at_its_index() -> None:
    text = document(statement(ALLOW_OSS_READ, Action=["oss:GetObject", "oss:Get Object"]))
    assert findings(text) == [error("RAM107", "Statement[0].Action[1]")]


def test_a_malformed_single_action_string_is_rejected_at_the_action_element() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Action="oss"))) == [error("RAM107", "Statement[0].Action")]


def test_a_malformed_notaction_is_rejected_at_its_index() -> None:
    text = document(statement(ALLOW_OSS_READ, Effect="Deny", Action=..., NotAction=["oss:"]))
    assert findings(text) == [error("RAM107", "Statement[0].NotAction[0]")]


@pytest.mark.parametrize(
    "action", ["*", "*:*", "oss:*", "*:Describe*", "yundun-*:*", "ecs:*SecurityGroup*", "oss:Get?bject"]
)
def test_wildcard_actions_that_alibaba_uses_are_accepted(action: str) -> None:
    text = document(statement(ALLOW_OSS_READ, Effect="Deny", Action=[action]))
    assert findings(text) == []


def test_a_wildcard_action_matching_no_real_action_is_accepted_with_a_warning() -> None:
    text = document(statement(ALLOW_OSS_READ, Effect="Deny", Action=["oss:Get?"]))
    assert findings(text) == [warning("RAM221", "Statement[0].Action[0]")]


def test_a_permission_statement_without_resource_is_rejected_at_resource() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Resource=...))) == [error("RAM108", "Statement[0].Resource")]


def test_a_permission_statement_with_an_empty_resource_is_rejected_at_resource() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Resource=[]))) == [error("RAM108", "Statement[0].Resource")]


def test_a_resource_that_is_not_an_acs_arn_is_rejected_at_its_index() -> None:
    text = document(statement(ALLOW_OSS_READ, Resource=["oss:bucket", "arn:aws:s3:::x", "acs:oss:*:*:bucket/x"]))
    assert findings(text) == [error("RAM109", "Statement[0].Resource[0]"), error("RAM109", "Statement[0].Resource[1]")]


@pytest.mark.parametrize("resource", ["acs:sysom::*:*", "acs::ram::*", "acs:ecs:cn-qingdao:*:instance/*"])
def test_arns_with_empty_fields_as_alibaba_writes_them_are_accepted(resource: str) -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Resource=resource))) == []


def test_a_principal_in_a_permission_policy_is_rejected_at_principal() -> None:
    text = document(statement(ALLOW_OSS_READ, Principal={"Service": ["ecs.aliyuncs.com"]}))
    assert findings(text) == [error("RAM110", "Statement[0].Principal")]


# ---- RAM111-RAM115: trust policies ----


def test_a_trust_statement_without_principal_is_rejected_at_principal() -> None:
    assert findings(document(statement(TRUST_ECS, Principal=...)), "trust") == [
        error("RAM111", "Statement[0].Principal")
    ]


def test_a_principal_type_naming_no_principal_is_rejected_at_that_type() -> None:
    text = document(statement(TRUST_ECS, Principal={"Service": []}))
    assert findings(text, "trust") == [error("RAM111", "Statement[0].Principal.Service")]


def test_an_aws_principal_type_is_rejected_at_that_type() -> None:
    text = document(statement(TRUST_ECS, Principal={"Service": "ecs.aliyuncs.com", "AWS": "arn:aws:iam::1:root"}))
    assert findings(text, "trust") == [error("RAM112", "Statement[0].Principal.AWS")]


def test_a_trust_statement_granting_a_non_sts_action_is_rejected_at_the_action() -> None:
    text = document(statement(TRUST_ECS, Action=["sts:AssumeRole", "oss:GetObject"]))
    assert findings(text, "trust") == [error("RAM113", "Statement[0].Action[1]")]


def test_a_trust_statement_with_notaction_is_rejected_at_the_notaction() -> None:
    text = document(statement(TRUST_ECS, Action=..., NotAction=["sts:AssumeRole"]))
    assert findings(text, "trust") == [error("RAM113", "Statement[0].NotAction[0]")]


def test_a_trust_statement_needs_no_resource() -> None:
    assert findings(document(TRUST_ECS), "trust") == []


def test_an_aws_service_principal_is_rejected_at_its_index() -> None:
    text = document(statement(TRUST_ECS, Principal={"Service": ["ecs.aliyuncs.com", "ecs.amazonaws.com"]}))
    assert findings(text, "trust") == [error("RAM114", "Statement[0].Principal.Service[1]")]


def test_a_multi_label_service_principal_is_accepted() -> None:
    text = document(statement(TRUST_ECS, Principal={"Service": "sendevent-mns.eventbridge.aliyuncs.com"}))
    assert findings(text, "trust") == []


def test_a_bare_account_id_as_ram_principal_is_rejected_at_its_index() -> None:
    text = document(statement(TRUST_ECS, Principal={"RAM": ["123456789012"]}))
    assert findings(text, "trust") == [error("RAM115", "Statement[0].Principal.RAM[0]")]


def test_a_user_arn_as_federated_principal_is_rejected() -> None:
    text = document(statement(TRUST_ECS, Principal={"Federated": "acs:ram::1:user/x"}))
    assert findings(text, "trust") == [error("RAM115", "Statement[0].Principal.Federated")]


@pytest.mark.parametrize(
    "principal",
    [
        {"RAM": "acs:ram::1234567890123456:root"},
        {"RAM": ["acs:ram::1234567890123456:user/alice", "acs:ram::1234567890123456:role/app"]},
        {"Federated": ["acs:ram::1234567890123456:saml-provider/idp"]},
        {"Federated": "acs:ram::1234567890123456:oidc-provider/ack"},
    ],
)
def test_ram_and_federated_principal_arns_are_accepted(principal: Dict[str, Any]) -> None:
    assert findings(document(statement(TRUST_ECS, Principal=principal)), "trust") == []


# ---- RAM116-RAM117: conditions ----


def test_an_unknown_condition_operator_is_rejected_at_the_operator() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"StringEqualz": {"acs:SourceVpc": "vpc-1"}}))
    assert findings(text) == [error("RAM116", "Statement[0].Condition.StringEqualz")]


@pytest.mark.parametrize("operator", ["ForAnyValue:StringLike", "ForAllValues:StringEquals", "IpAddress", "Bool"])
def test_known_condition_operators_with_and_without_set_prefixes_are_accepted(operator: str) -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={operator: {"acs:SourceIp": ["10.0.0.0/8"]}}))
    assert findings(text) == []


def test_a_set_prefix_on_an_unknown_operator_is_still_rejected() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"ForAnyValue:StringLikes": {"k:k": "v"}}))
    assert findings(text) == [error("RAM116", "Statement[0].Condition.ForAnyValue:StringLikes")]


def test_a_condition_value_that_is_an_object_is_rejected_at_the_key() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"StringEquals": {"acs:SourceVpc": {"id": "vpc-1"}}}))
    assert findings(text) == [error("RAM117", "Statement[0].Condition.StringEquals.acs:SourceVpc")]


def test_a_null_in_a_condition_value_list_is_rejected_at_its_index() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"StringEquals": {"acs:SourceVpc": ["vpc-1", None]}}))
    assert findings(text) == [error("RAM117", "Statement[0].Condition.StringEquals.acs:SourceVpc[1]")]


def test_a_condition_key_with_no_values_is_rejected_at_the_key() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"StringEquals": {"acs:SourceVpc": []}}))
    assert findings(text) == [error("RAM117", "Statement[0].Condition.StringEquals.acs:SourceVpc")]


def test_an_operator_without_a_key_object_is_rejected_at_the_operator() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"Bool": True}))
    assert findings(text) == [error("RAM117", "Statement[0].Condition.Bool")]


def test_a_condition_that_is_not_an_object_is_rejected_at_condition() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition=[{"Bool": {"acs:MFAPresent": True}}]))
    assert findings(text) == [error("RAM117", "Statement[0].Condition")]


def test_numbers_and_booleans_are_accepted_as_condition_values() -> None:
    condition = {"Bool": {"acs:MFAPresent": True}, "NumericLessThan": {"acs:Port": [443, 8.5]}}
    assert findings(document(statement(ALLOW_OSS_READ, Condition=condition))) == []


# ---- RAM118: size ----


def _padded_to(size: int) -> str:
    """A valid document of exactly ``size`` UTF-8 bytes (padded with whitespace)."""
    text = document(ALLOW_OSS_READ)
    return text[:-1] + " " * (size - len(text.encode("utf-8"))) + "}"


def test_a_document_of_exactly_6144_bytes_is_accepted() -> None:
    text = _padded_to(MAX_DOCUMENT_BYTES)
    assert len(text.encode("utf-8")) == 6144
    assert findings(text) == []


def test_a_document_of_6145_bytes_is_rejected_for_the_whole_document() -> None:
    assert findings(_padded_to(MAX_DOCUMENT_BYTES + 1)) == [error("RAM118", "")]


def test_the_size_limit_counts_utf8_bytes_not_characters() -> None:
    base = document(statement(ALLOW_OSS_READ, Condition={"StringEquals": {"oss:Prefix": ""}}))
    text = base.replace('""', '"' + "\u00e9" * (MAX_DOCUMENT_BYTES - len(base)) + '"', 1)
    assert len(text) == MAX_DOCUMENT_BYTES
    assert len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES
    assert findings(text) == [error("RAM118", "")]


def test_a_big_document_is_rejected_for_size_as_well_as_for_its_other_errors() -> None:
    text = _padded_to(MAX_DOCUMENT_BYTES + 100).replace('"Allow"', '"allow"')
    assert findings(text) == [error("RAM105", "Statement[0].Effect"), error("RAM118", "")]


# ---- RAM119: wrong types ----


def test_an_action_that_is_not_a_string_is_rejected_at_its_index() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Action=["oss:GetObject", 7]))) == [
        error("RAM119", "Statement[0].Action[1]")
    ]


def test_a_resource_that_is_not_a_string_is_rejected_at_its_index() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Resource=[True]))) == [
        error("RAM119", "Statement[0].Resource[0]")
    ]


@pytest.mark.parametrize("entry", ["oss:GetObject", ["oss:GetObject"], None, 3])
def test_a_statement_that_is_not_an_object_is_rejected_at_its_index(entry: Any) -> None:
    text = json.dumps({"Version": "1", "Statement": [ALLOW_OSS_READ, entry]})
    assert findings(text) == [error("RAM119", "Statement[1]")]


def test_a_principal_list_instead_of_an_object_is_rejected_at_principal() -> None:
    text = document(statement(TRUST_ECS, Principal=["ecs.aliyuncs.com"]))
    assert findings(text, "trust") == [error("RAM119", "Statement[0].Principal")]


def test_a_principal_value_that_is_not_a_string_is_rejected_at_its_index() -> None:
    text = document(statement(TRUST_ECS, Principal={"Service": ["ecs.aliyuncs.com", {"name": "fc"}]}))
    assert findings(text, "trust") == [error("RAM119", "Statement[0].Principal.Service[1]")]


# ---- warnings RAM202-RAM205 (RAM201 and RAM206 are retired: the risk rules judge what is allowed) ----


@pytest.mark.parametrize("action", ["*", "*:*"])
def test_allowing_every_action_is_left_to_the_risk_rules_not_judged_by_its_spelling(action: str) -> None:
    text = document(statement(ALLOW_OSS_READ, Action=["oss:GetObject", action]))
    assert findings(text) == []


def test_denying_every_action_is_no_warning() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Effect="Deny", Action="*"))) == []


def test_allow_with_notaction_is_a_warning_at_notaction() -> None:
    text = document(statement(ALLOW_OSS_READ, Action=..., NotAction=["ram:*"]))
    assert findings(text) == [warning("RAM202", "Statement[0].NotAction")]


def test_deny_with_notaction_is_no_warning() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Effect="Deny", Action=..., NotAction=["ram:*"]))) == []


def test_a_duplicate_action_is_a_warning_at_the_second_occurrence() -> None:
    text = document(statement(ALLOW_OSS_READ, Action=["oss:GetObject", "oss:ListObjects", "oss:GetObject"]))
    assert findings(text) == [warning("RAM203", "Statement[0].Action[2]")]


def test_a_duplicate_resource_is_a_warning_at_the_second_occurrence() -> None:
    text = document(statement(ALLOW_OSS_READ, Resource=["acs:oss:*:*:b", "acs:oss:*:*:b"]))
    assert findings(text) == [warning("RAM203", "Statement[0].Resource[1]")]


def test_an_empty_condition_is_a_warning_at_condition() -> None:
    assert findings(document(statement(ALLOW_OSS_READ, Condition={}))) == [warning("RAM204", "Statement[0].Condition")]


def test_a_masked_account_id_in_a_resource_is_a_warning_at_the_resource() -> None:
    text = document(statement(ALLOW_OSS_READ, Resource=["acs:ecs:*:123456789012****:instance/*"]))
    assert findings(text) == [warning("RAM205", "Statement[0].Resource[0]")]


def test_a_masked_account_id_in_a_ram_principal_is_a_warning_at_the_principal() -> None:
    text = document(statement(TRUST_ECS, Principal={"RAM": ["acs:ram::123456789012****:root"]}))
    assert findings(text, "trust") == [warning("RAM205", "Statement[0].Principal.RAM[0]")]


def test_a_masked_condition_value_is_a_warning_at_the_value() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"IpAddress": {"acs:SourceIp": ["10.0.***.0/24"]}}))
    assert findings(text) == [warning("RAM205", "Statement[0].Condition.IpAddress.acs:SourceIp[0]")]


@pytest.mark.parametrize(
    "principal", ["*", {"RAM": ["acs:ram::1234567890123456:root", "acs:ram::*:root"]}, {"Service": "*"}]
)
def test_a_trust_policy_open_to_anyone_is_left_to_the_risk_rules_not_judged_by_its_spelling(principal: Any) -> None:
    assert findings(document(statement(TRUST_ECS, Principal=principal)), "trust") == []


def test_denying_everyone_in_a_trust_policy_is_no_warning() -> None:
    text = document(TRUST_ECS, statement(TRUST_ECS, Effect="Deny", Principal="*"))
    assert findings(text, "trust") == []


# ---- the contract of validate itself ----


@pytest.mark.parametrize("text", [None, 1, b'{"Version": "1"}', {"Version": "1"}, ["x"]])
def test_validate_reports_non_string_input_instead_of_raising(text: Any) -> None:
    assert findings(text) == [error("RAM100", "")]


@pytest.mark.parametrize("kind", ["identity", "Permission", "", None, ["trust"]])
def test_validate_reports_an_unknown_document_kind_instead_of_raising(kind: Any) -> None:
    found = validate(document(ALLOW_OSS_READ), kind)
    assert len(found) == 1
    assert found[0].is_error
    assert found[0].path == ""


def test_a_trust_document_read_as_a_permission_policy_is_rejected_for_its_principal() -> None:
    assert error("RAM110", "Statement[0].Principal") in findings(document(TRUST_ECS), "permission")


def test_every_finding_names_its_code_and_path_when_printed() -> None:
    (problem,) = validate(document(statement(ALLOW_OSS_READ, Effect="allow")))
    assert str(problem).startswith("Statement[0].Effect: ")
    assert str(problem).endswith("[RAM105]")
    assert "Allow" in problem.message


def test_document_level_findings_print_as_the_document() -> None:
    assert str(Problem("RAM100", "", "not JSON")) == "(document): not JSON [RAM100]"


def test_document_error_codes_are_errors_and_2xx_codes_are_warnings() -> None:
    document_codes = [f"RAM{n}" for n in range(100, 120)] + [f"RAM{n}" for n in range(201, 207)]
    assert set(document_codes) <= set(CODES)
    assert {code: CODES[code].severity for code in document_codes} == {
        code: ("error" if code < "RAM200" else "warning") for code in document_codes
    }


@pytest.mark.parametrize(
    ("prefix", "path", "joined"),
    [
        ("", "Statement[0]", "Statement[0]"),
        ("[2]", "", "[2]"),
        ("policy_statements", "[0].actions[1]", "policy_statements[0].actions[1]"),
        ("policy_document", "Statement[0].Effect", "policy_document.Statement[0].Effect"),
    ],
)
def test_paths_join_with_a_dot_except_before_an_index(prefix: str, path: str, joined: str) -> None:
    assert join_path(prefix, path) == joined
    assert Problem("RAM105", path, "m").under(prefix).path == joined


# ---- text no JSON can carry: never a traceback later ----


@pytest.mark.parametrize(
    "text",
    [
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":["acs:oss:*:*:b\\ud800"]}]}',
        document(statement(ALLOW_OSS_READ, Resource=["acs:oss:*:*:b\ud800"])),
    ],
    ids=["escaped", "raw"],
)
def test_a_lone_surrogate_is_rejected_at_its_path_because_it_cannot_be_sent(text: str) -> None:
    (problem,) = validate(text)
    assert (problem.code, problem.path) == ("RAM128", "Statement[0].Resource[0]")
    assert "\\ud800" in problem.message and "\\ud800" in str(problem)
    str(problem).encode("utf-8")  # printable, unlike the text it reports


def test_a_lone_surrogate_in_a_key_is_rejected_naming_the_key() -> None:
    text = document(statement(ALLOW_OSS_READ, Condition={"StringEquals": {"acs:k\udc00": "v"}}))
    problems = validate(text)
    assert ("RAM128", "Statement[0].Condition.StringEquals") in [(p.code, p.path) for p in problems]
    assert all(str(p).encode("utf-8") for p in problems)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(), max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet=st.characters(), max_size=6) | st.integers(), children, max_size=3)
    ),
    max_leaves=12,
)
statement_shaped = st.fixed_dictionaries(
    {},
    optional={key: json_values for key in ("Effect", "Action", "NotAction", "Resource", "Principal", "Condition")},
)


@settings(max_examples=300, deadline=None)
@given(tree=st.fixed_dictionaries({"Version": json_values, "Statement": st.lists(statement_shaped, max_size=3)}))
def test_validating_any_tree_never_raises_and_every_finding_prints(tree: Dict[str, Any]) -> None:
    for kind in KINDS:
        for problem in validate_tree(tree, kind):
            str(problem).encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(), max_size=60))
def test_validating_any_text_never_raises(text: str) -> None:
    assert isinstance(validate(text), list)
