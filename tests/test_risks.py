"""Legal but dangerous grants: each rule with a document it flags and one it lets through."""

import json
from typing import Any, Dict, List

import pytest

from alicloud_instance_role.documents import PolicyDocument, load
from alicloud_instance_role.documents.risks import (
    DEFAULT_SENSITIVE_SERVICES,
    Risk,
    open_trust,
    pass_role_grants,
    sensitive_service_grants,
    untrusted_services,
    wildcard_grants,
)

ROLE_ARN = "acs:ram::123456789012:role/app-dev-1a2b3c4d"


def document(*statements: Dict[str, Any]) -> PolicyDocument:
    return load(json.dumps({"Version": "1", "Statement": list(statements)}))


def allow(actions: Any, resources: Any = "*", effect: str = "Allow") -> Dict[str, Any]:
    return {"Effect": effect, "Action": actions, "Resource": resources}


def trust(principal: Any, effect: str = "Allow") -> Dict[str, Any]:
    return {"Effect": effect, "Action": "sts:AssumeRole", "Principal": principal}


def paths(risks: List[Risk]) -> List[str]:
    return [risk.path for risk in risks]


# ---- wildcard_grants ----


@pytest.mark.parametrize("action", ["*", "*:*"])
def test_allowing_every_action_on_every_resource_is_a_wildcard_grant(action: str) -> None:
    risks = wildcard_grants(document(allow("oss:GetObject"), allow(action)))
    assert paths(risks) == ["Statement[1]"]
    assert "every action" in str(risks[0])
    assert str(risks[0]).startswith("Statement[1]: ")


def test_every_action_on_named_resources_or_one_service_on_everything_is_no_wildcard_grant() -> None:
    assert wildcard_grants(document(allow("*", "acs:oss:*:*:mybucket"), allow("oss:*"))) == []


def test_denying_every_action_is_no_wildcard_grant() -> None:
    assert wildcard_grants(document(allow("*", effect="Deny"))) == []


# ---- sensitive_service_grants ----


@pytest.mark.parametrize("service", DEFAULT_SENSITIVE_SERVICES)
def test_a_whole_sensitive_service_on_every_resource_is_flagged(service: str) -> None:
    risks = sensitive_service_grants(document(allow(["oss:GetObject", f"{service}:*"])))
    assert paths(risks) == ["Statement[0]"]
    assert f"{service}:*" in risks[0].message


def test_sensitive_services_are_matched_case_insensitively() -> None:
    assert paths(sensitive_service_grants(document(allow("RAM:*")))) == ["Statement[0]"]


def test_single_actions_scoped_resources_and_other_services_are_not_sensitive_grants() -> None:
    doc = document(allow(["ram:GetRole", "oss:*"]), allow("ram:*", "acs:ram::123456789012:role/app"))
    assert sensitive_service_grants(doc) == []


def test_the_list_of_sensitive_services_can_be_chosen() -> None:
    doc = document(allow("oss:*"))
    assert paths(sensitive_service_grants(doc, services=["oss"])) == ["Statement[0]"]
    assert sensitive_service_grants(doc) == []


# ---- pass_role_grants ----


def test_pass_role_on_star_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole")))
    assert paths(risks) == ["Statement[0]"]
    assert "*" in risks[0].message


def test_pass_role_on_every_role_of_an_account_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole", "acs:ram::1:role/*")))
    assert paths(risks) == ["Statement[0]"]
    assert "acs:ram::1:role/*" in risks[0].message


@pytest.mark.parametrize("action", ["ram:*", "ram:Pass*", "RAM:passrole", "*"])
def test_an_action_pattern_covering_pass_role_on_star_is_flagged(action: str) -> None:
    assert paths(pass_role_grants(document(allow(action)))) == ["Statement[0]"]


def test_pass_role_on_a_named_role_arn_passes() -> None:
    assert pass_role_grants(document(allow("ram:PassRole", ROLE_ARN))) == []


def test_pass_role_on_a_non_role_resource_alongside_a_role_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole", [ROLE_ARN, "acs:ram::1:user/alice"])))
    assert paths(risks) == ["Statement[0]"]
    assert ROLE_ARN not in risks[0].message


def test_denying_pass_role_on_star_is_no_risk() -> None:
    assert pass_role_grants(document(allow("ram:PassRole", effect="Deny"))) == []


def test_allow_notaction_that_does_not_exclude_pass_role_is_a_pass_role_grant_on_star() -> None:
    doc = document({"Effect": "Allow", "NotAction": ["oss:*"], "Resource": "*"})
    assert paths(pass_role_grants(doc)) == ["Statement[0]"]


def test_allow_notaction_that_excludes_all_of_ram_is_no_pass_role_grant() -> None:
    doc = document({"Effect": "Allow", "NotAction": ["ram:*"], "Resource": "*"})
    assert pass_role_grants(doc) == []


# ---- open_trust ----


def test_a_trust_principal_star_is_open_trust() -> None:
    risks = open_trust(document(trust({"Service": "ecs.aliyuncs.com"}), trust("*")))
    assert paths(risks) == ["Statement[1]"]
    assert "anyone" in risks[0].message


def test_trusting_the_root_of_every_account_is_open_trust() -> None:
    risks = open_trust(document(trust({"RAM": ["acs:ram::123456789012:root", "acs:ram::*:root"]})))
    assert paths(risks) == ["Statement[0]"]
    assert "acs:ram::*:root" in risks[0].message


def test_trusting_a_named_service_account_or_provider_is_not_open_trust() -> None:
    doc = document(
        trust({"Service": "ecs.aliyuncs.com"}),
        trust({"RAM": "acs:ram::123456789012:root"}),
        trust({"Federated": "acs:ram::123456789012:oidc-provider/ack"}),
    )
    assert open_trust(doc) == []


def test_denying_everyone_is_not_open_trust() -> None:
    assert open_trust(document(trust({"Service": "ecs.aliyuncs.com"}), trust("*", effect="Deny"))) == []


# ---- untrusted_services ----


def test_a_service_outside_the_allowed_list_is_untrusted() -> None:
    doc = document(trust({"Service": ["ecs.aliyuncs.com", "fc.aliyuncs.com"]}))
    risks = untrusted_services(doc, allowed=["ecs.aliyuncs.com"])
    assert paths(risks) == ["Statement[0]"]
    assert "fc.aliyuncs.com" in risks[0].message


def test_only_allowed_services_are_trusted() -> None:
    doc = document(trust({"Service": "ecs.aliyuncs.com"}), trust({"Service": "fc.aliyuncs.com"}, effect="Deny"))
    assert untrusted_services(doc, allowed=["ecs.aliyuncs.com"]) == []
