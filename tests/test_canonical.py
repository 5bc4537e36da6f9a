"""``canonicalize``: one text for each meaning of a valid document, and a fixed point."""

import json
from typing import Any, Dict, List

import pytest

from alicloud_instance_role.documents import (
    DocumentError,
    PolicyDocument,
    canonicalize,
    errors,
    infer_kind,
    load,
    validate,
)


def document(*statements: Dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


def keys_in_order(text: str) -> List[List[str]]:
    """The key order of the document, then of each statement."""
    tree = json.loads(text)
    return [list(tree), *[list(statement) for statement in tree["Statement"]]]


def test_the_canonical_form_is_compact_json_with_version_first_and_lists_everywhere() -> None:
    text = '{"Statement": {"Resource": "*", "Action": "oss:Get*", "Effect": "Allow"}, "Version": "1"}'
    assert (
        canonicalize(text) == '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Get*"],"Resource":["*"]}]}'
    )


def test_statement_keys_come_in_the_order_effect_principal_action_notaction_resource_condition() -> None:
    permission = {
        "Condition": {"Bool": {"acs:MFAPresent": "true"}},
        "Resource": "*",
        "NotAction": "ram:*",
        "Effect": "Deny",
    }
    trust = {
        "Condition": {"StringEquals": {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}},
        "Action": "sts:AssumeRole",
        "Principal": {"Federated": "acs:ram::1234567890123456:saml-provider/idp"},
        "Effect": "Allow",
    }
    assert keys_in_order(canonicalize(document(permission))) == [
        ["Version", "Statement"],
        ["Effect", "NotAction", "Resource", "Condition"],
    ]
    assert keys_in_order(canonicalize(document(trust))) == [
        ["Version", "Statement"],
        ["Effect", "Principal", "Action", "Condition"],
    ]


def test_principal_types_come_in_the_order_service_ram_federated() -> None:
    principal = {
        "Federated": "acs:ram::1:oidc-provider/ack",
        "RAM": "acs:ram::1:root",
        "Service": "ecs.aliyuncs.com",
    }
    text = canonicalize(document({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}))
    assert list(json.loads(text)["Statement"][0]["Principal"]) == ["Service", "RAM", "Federated"]


def test_every_single_value_becomes_a_one_element_list() -> None:
    statement = {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"Service": "ecs.aliyuncs.com"},
        "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}},
    }
    (canonical,) = json.loads(canonicalize(document(statement)))["Statement"]
    assert canonical["Action"] == ["sts:AssumeRole"]
    assert canonical["Principal"] == {"Service": ["ecs.aliyuncs.com"]}
    assert canonical["Condition"] == {"StringEquals": {"acs:SourceVpc": ["vpc-1"]}}


def test_a_bare_star_principal_stays_a_bare_star() -> None:
    text = canonicalize(document({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}))
    assert json.loads(text)["Statement"][0]["Principal"] == "*"


def test_list_entries_are_sorted_and_deduplicated() -> None:
    statement = {
        "Effect": "Allow",
        "Action": ["oss:List*", "oss:Get*", "oss:List*"],
        "Resource": ["acs:oss:*:*:b", "acs:oss:*:*:a", "acs:oss:*:*:b"],
    }
    (canonical,) = json.loads(canonicalize(document(statement)))["Statement"]
    assert canonical["Action"] == ["oss:Get*", "oss:List*"]
    assert canonical["Resource"] == ["acs:oss:*:*:a", "acs:oss:*:*:b"]


def test_condition_operators_and_keys_are_sorted() -> None:
    condition = {"StringLike": {"oss:Prefix": "a/*", "oss:Delimiter": "/"}, "IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}
    statement = {"Effect": "Allow", "Action": "oss:ListObjects", "Resource": "*", "Condition": condition}
    (canonical,) = json.loads(canonicalize(document(statement)))["Statement"]
    assert list(canonical["Condition"]) == ["IpAddress", "StringLike"]
    assert list(canonical["Condition"]["StringLike"]) == ["oss:Delimiter", "oss:Prefix"]


def test_an_empty_condition_is_dropped() -> None:
    statement = {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*", "Condition": {}}
    (canonical,) = json.loads(canonicalize(document(statement)))["Statement"]
    assert "Condition" not in canonical


def test_identical_statements_are_kept_once_whatever_their_layout() -> None:
    first = {"Effect": "Allow", "Action": ["oss:GetObject", "oss:ListObjects"], "Resource": "*"}
    same = {"Resource": ["*"], "Action": ["oss:ListObjects", "oss:GetObject", "oss:GetObject"], "Effect": "Allow"}
    other = {"Effect": "Deny", "Action": "oss:DeleteObject", "Resource": "*"}
    statements = json.loads(canonicalize(document(first, other, same)))["Statement"]
    assert statements == [
        {"Effect": "Allow", "Action": ["oss:GetObject", "oss:ListObjects"], "Resource": ["*"]},
        {"Effect": "Deny", "Action": ["oss:DeleteObject"], "Resource": ["*"]},
    ]


def test_statements_keep_their_authored_order() -> None:
    deny = {"Effect": "Deny", "Action": "oss:DeleteObject", "Resource": "*"}
    allow = {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}
    effects = [s["Effect"] for s in json.loads(canonicalize(document(deny, allow)))["Statement"]]
    assert effects == ["Deny", "Allow"]


def test_layouts_of_one_document_share_one_canonical_text() -> None:
    compact = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Resource":["*"]}]}'
    spread = (
        '{\n\t"Statement" : {\n\t\t"Resource" : "*" ,\n\t\t"Effect":"Allow",  "Action" : "oss:GetObject"},'
        ' "Version":"1"\n}\n'
    )
    assert canonicalize(spread) == canonicalize(compact) == compact


def test_canonicalize_is_a_fixed_point() -> None:
    text = document(
        {"Effect": "Allow", "Action": ["oss:List*", "oss:Get*"], "Resource": "*", "Condition": {"Bool": {"k:k": True}}}
    )
    once = canonicalize(text)
    assert canonicalize(once) == once


def test_non_ascii_text_is_kept_as_is_not_escaped() -> None:
    statement = {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:bucket/照片/*"}
    assert "照片" in canonicalize(document(statement))


def test_pretty_and_render_hold_the_same_document() -> None:
    text = document({"Effect": "Allow", "Action": ["oss:List*", "oss:Get*"], "Resource": "*"})
    loaded = load(text)
    assert json.loads(loaded.pretty()) == json.loads(loaded.render())
    assert "\n" in loaded.pretty()
    assert loaded.render() == canonicalize(text)


def test_canonicalize_raises_document_error_listing_every_error_with_its_path() -> None:
    text = document(
        {"Effect": "allow", "Action": "oss:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "oss", "Resource": "*"},
    )
    with pytest.raises(DocumentError) as raised:
        canonicalize(text)
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("RAM105", "Statement[0].Effect"),
        ("RAM107", "Statement[1].Action"),
    ]
    assert "Statement[0].Effect" in str(raised.value)
    assert "Statement[1].Action" in str(raised.value)


def test_canonicalize_raises_document_error_for_text_that_is_not_json() -> None:
    with pytest.raises(DocumentError) as raised:
        canonicalize("{")
    assert [p.code for p in raised.value.problems] == ["RAM100"]


def test_warnings_do_not_stop_canonicalization() -> None:
    text = document({"Effect": "Allow", "Action": ["*", "*"], "Resource": "*", "Condition": {}})
    assert validate(text) and errors(validate(text)) == []
    assert canonicalize(text) == '{"Version":"1","Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}'


def test_document_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        canonicalize("[]")


def test_a_document_with_a_principal_is_read_as_a_trust_policy() -> None:
    trust = document({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs.aliyuncs.com"}})
    assert infer_kind(trust) == "trust"
    assert infer_kind(document({"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"})) == "permission"
    assert infer_kind("not json") == "permission"


def test_an_explicit_kind_overrides_the_inferred_one() -> None:
    trust = document({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs.aliyuncs.com"}})
    with pytest.raises(DocumentError) as raised:
        canonicalize(trust, "permission")
    assert ("RAM110", "Statement[0].Principal") in [(p.code, p.path) for p in raised.value.problems]


def test_the_size_check_counts_utf8_bytes_of_the_text_given() -> None:
    base = document({"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:bucket/"})
    padding = 6144 - len(base)
    text = base.replace("bucket/", "bucket/" + "\u00e9" * padding)
    assert len(text) == 6144
    assert len(text.encode("utf-8")) > 6144
    with pytest.raises(DocumentError) as raised:
        canonicalize(text)
    assert [p.code for p in raised.value.problems] == ["RAM118"]


def test_a_document_that_only_fits_once_compacted_is_still_too_big_as_written() -> None:
    base = document({"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"})
    text = base[:-1] + " " * (6145 - len(base)) + "}"
    assert [p.code for p in validate(text)] == ["RAM118"]
    assert len(canonicalize(base).encode("utf-8")) < 6144


def test_condition_values_that_differ_only_in_json_type_are_all_kept_whatever_their_order() -> None:
    def with_values(values: List[Any]) -> str:
        condition = {"StringEquals": {"acs:SourceVpc": values}}
        return document({"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*", "Condition": condition})

    one_then_true = canonicalize(with_values([1, True]))
    true_then_one = canonicalize(with_values([True, 1]))
    assert one_then_true == true_then_one
    kept = json.loads(one_then_true)["Statement"][0]["Condition"]["StringEquals"]["acs:SourceVpc"]
    assert sorted(map(json.dumps, kept)) == ["1", "true"]


def test_a_single_empty_string_condition_value_is_kept_like_a_one_element_list() -> None:
    def with_prefix(value: Any) -> str:
        condition = {"StringLike": {"oss:Prefix": value}}
        return document({"Effect": "Allow", "Action": "oss:ListObjects", "Resource": "*", "Condition": condition})

    assert errors(validate(with_prefix(""))) == []
    canonical = canonicalize(with_prefix(""))
    assert errors(validate(canonical)) == []
    assert canonical == canonicalize(with_prefix([""]))


def test_policy_document_equality_follows_meaning_not_layout() -> None:
    a = load(document({"Effect": "Allow", "Action": ["b:b", "a:a"], "Resource": "*"}))
    b = load(document({"Resource": ["*", "*"], "Action": ["a:a", "b:b"], "Effect": "Allow"}))
    assert a == b
    assert isinstance(a, PolicyDocument)
