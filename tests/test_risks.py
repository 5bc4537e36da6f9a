"""Legal but dangerous grants, judged on meaning: each rule with documents it flags however they
are spelled, and ones it lets through."""

import json
from typing import Any, Dict, List

import pytest
from policy_helpers import allow, deny

from alicloud_instance_role.documents import PolicyDocument, load
from alicloud_instance_role.documents.problems import CODES
from alicloud_instance_role.documents.risks import (
    DEFAULT_SENSITIVE_SERVICES,
    ESCALATION_CLASSES,
    ESCALATIONS,
    PASS_ROLE,
    RULES,
    Risk,
    admin_grants,
    denied_system_policy,
    escalation_grants,
    open_trust,
    pass_role_grants,
    sensitive_service_grants,
    unconditioned_federation,
    untrusted_accounts,
    untrusted_services,
)

ACCOUNT = "1234567890123456"
ROLE_ARN = f"acs:ram::{ACCOUNT}:role/app-dev-1a2b3c4d"
CONDITION = {"Bool": {"acs:MFAPresent": "true"}}


def document(*statements: Dict[str, Any]) -> PolicyDocument:
    return load(json.dumps({"Version": "1", "Statement": list(statements)}), keep_duplicates=True)



def allow_all_but(not_actions: Any, resources: Any = "*") -> Dict[str, Any]:
    return {"Effect": "Allow", "NotAction": not_actions, "Resource": resources}


def trust(principal: Any, effect: str = "Allow", **extra: Any) -> Dict[str, Any]:
    return {"Effect": effect, "Action": "sts:AssumeRole", "Principal": principal, **extra}


def paths(risks: List[Risk]) -> List[str]:
    return [risk.path for risk in risks]


def test_every_rule_has_a_warning_code_whose_heading_names_it() -> None:
    for rule, code in RULES.items():
        assert CODES[code].severity == "warning" and CODES[code].rule == rule and rule in CODES[code].heading


# ---- admin_grants ----


@pytest.mark.parametrize(
    "statement",
    [
        allow("*"),
        allow("*:*"),
        allow("?*:*"),
        allow("*", "acs:*:*:*:*"),
        allow("*:*", ["acs:*:*:*:*"]),
        allow_all_but("ram:PassRole", "acs:*:*:*:*"),
        allow_all_but(["ram:*", "kms:*"]),
        allow("*", "acs:*:*:*:*", Condition=CONDITION),
    ],
    ids=["star", "star-colon-star", "any-service", "every-arn", "acs-star", "notaction", "notaction-two", "condition"],
)
def test_every_action_on_every_resource_is_an_admin_grant_however_spelled(statement: Dict[str, Any]) -> None:
    risks = admin_grants(document(allow("oss:GetObject"), statement))
    assert paths(risks) == ["Statement[1]"]
    assert risks[0].rule == "ram-no-admin-grant" and "every action of every service" in risks[0].message


def test_a_deny_of_a_few_services_leaves_the_admin_grant_standing() -> None:
    [risk] = admin_grants(document(allow("*"), deny(["bss:*", "efc:*"])))
    assert risk.path == "Statement[0]"


def test_denying_everything_without_a_condition_takes_the_admin_grant_back() -> None:
    assert admin_grants(document(allow("*"), deny("*"))) == []


def test_a_deny_with_a_condition_takes_nothing_back_for_sure() -> None:
    assert paths(admin_grants(document(allow("*"), deny("*", Condition=CONDITION)))) == ["Statement[0]"]


@pytest.mark.parametrize(
    "statement",
    [
        allow("*", "acs:oss:*:*:mybucket"),
        allow("oss:*"),
        allow("*", "acs:oss:*:*:*"),
        allow_all_but("*:*"),
        deny("*"),
    ],
)
def test_grants_short_of_everything_are_no_admin_grant(statement: Dict[str, Any]) -> None:
    assert admin_grants(document(statement)) == []


# ---- sensitive_service_grants ----


@pytest.mark.parametrize("service", DEFAULT_SENSITIVE_SERVICES)
def test_a_whole_sensitive_service_on_every_resource_is_flagged(service: str) -> None:
    risks = sensitive_service_grants(document(allow(["oss:GetObject", f"{service}:*"])))
    assert paths(risks) == ["Statement[0]"]
    assert f"whole {service} service" in risks[0].message


@pytest.mark.parametrize(
    "statement",
    [
        allow("kms:*", "acs:kms:*:*:*"),
        allow("kms:?*"),
        allow("KMS:*"),
        allow("k?s:*"),
        allow("kms:*", f"acs:kms:*:{ACCOUNT}:*"),
        allow("kms:*", "acs:km?:*:*:*"),
        allow([f"kms:{c}*" for c in "abcdefghijklmnopqrstuvwxyz0123456789"]),
        allow_all_but("oss:*"),
    ],
    ids=["every-arn", "question-star", "upper-case", "wildcard-service", "one-account", "any-type", "split", "nota"],
)
def test_a_whole_service_is_found_however_it_is_spelled(statement: Dict[str, Any]) -> None:
    risks = sensitive_service_grants(document(statement), services=["kms"])
    assert paths(risks) == ["Statement[0]"]


def test_a_whole_service_split_over_two_statements_is_found_once_naming_both() -> None:
    doc = document(allow("kms:*", "acs:kms:*:*:key/*"), allow("kms:*", "acs:kms:*:*:*"))
    [risk] = sensitive_service_grants(doc, services=["kms"])
    assert risk.path == "Statement[0]" and "with Statement[1]" in risk.message


def test_every_sensitive_service_one_statement_grants_is_listed_in_one_finding() -> None:
    [risk] = sensitive_service_grants(document(allow("*")))
    assert all(service in risk.message for service in DEFAULT_SENSITIVE_SERVICES)


@pytest.mark.parametrize(
    "statement",
    [
        allow(["ram:GetRole", "oss:*"]),
        allow("ram:*", f"acs:ram::{ACCOUNT}:role/app"),
        allow("kms:*", "acs:kms:cn-hangzhou:*:*"),
        allow("kms:Get*"),
    ],
)
def test_single_actions_part_of_the_resources_and_other_services_are_not_whole_services(
    statement: Dict[str, Any],
) -> None:
    assert sensitive_service_grants(document(statement)) == []


def test_a_deny_of_part_of_a_service_leaves_the_rest_of_it_flagged() -> None:
    doc = document(allow("ram:*"), deny("ram:PassRole"))
    [risk] = sensitive_service_grants(doc, services=["ram"])
    assert "Statement[1] denies only part of it" in risk.message


def test_a_deny_of_the_whole_service_takes_it_back() -> None:
    assert sensitive_service_grants(document(allow("ram:*"), deny("ram:*", "acs:ram:*:*:*")), services=["ram"]) == []


def test_the_list_of_sensitive_services_can_be_chosen() -> None:
    doc = document(allow("oss:*"))
    assert paths(sensitive_service_grants(doc, services=["oss"])) == ["Statement[0]"]
    assert sensitive_service_grants(doc) == []


# ---- escalation_grants ----


def test_every_escalation_has_one_of_the_five_classes_and_passrole_has_its_own_rule() -> None:
    assert {e.kind for e in ESCALATIONS} <= set(ESCALATION_CLASSES)
    assert PASS_ROLE not in {e.kind for e in ESCALATIONS}
    assert len({e.action for e in ESCALATIONS}) == len(ESCALATIONS)


@pytest.mark.parametrize(
    "action",
    [
        "ram:AttachPolicyToRole",
        "ram:CreatePolicyVersion",
        "ram:UpdateRole",
        "ram:CreateAccessKey",
        "ram:UpdateLoginProfile",
        "ram:Attach*",
        "ram:*PolicyVersion",
        "resourcemanager:AttachPolicy",
        "ram:UpdateSAMLProvider",
    ],
)
def test_an_escalation_action_on_any_resource_is_flagged(action: str) -> None:
    [risk] = escalation_grants(document(allow(action, f"acs:ram:*:{ACCOUNT}:role/app")))
    assert risk.rule == "ram-no-privilege-escalation" and risk.path == "Statement[0]"


def test_one_finding_names_each_escalation_action_and_its_class() -> None:
    [risk] = escalation_grants(document(allow(["ram:AttachPolicyToRole", "ram:CreateAccessKey"])))
    assert "ram:AttachPolicyToRole on any resource (permissions on policies" in risk.message
    assert "ram:CreateAccessKey on any resource (permissions on other users" in risk.message


@pytest.mark.parametrize(
    "action", ["ecs:RunCommand", "ecs:InvokeCommand", "ecs:SendFile", "ecs:StartTerminalSession", "ecs:*Command"]
)
def test_cloud_assistant_on_every_instance_is_escalation_and_on_named_ones_is_not(action: str) -> None:
    assert paths(escalation_grants(document(allow(action, "acs:ecs:*:*:instance/*")))) == ["Statement[0]"]
    assert paths(escalation_grants(document(allow(action)))) == ["Statement[0]"]
    assert escalation_grants(document(allow(action, "acs:ecs:*:*:instance/i-bp1example"))) == []


def test_assuming_every_role_is_escalation_and_assuming_one_is_not() -> None:
    assert paths(escalation_grants(document(allow("sts:AssumeRole", "acs:ram:*:*:role/*")))) == ["Statement[0]"]
    assert escalation_grants(document(allow("sts:AssumeRole", f"acs:ram::{ACCOUNT}:role/reader"))) == []


def test_notaction_that_leaves_escalation_in_is_escalation() -> None:
    assert paths(escalation_grants(document(allow_all_but(["oss:*"])))) == ["Statement[0]"]


def test_a_deny_of_the_escalation_action_everywhere_takes_it_back() -> None:
    assert escalation_grants(document(allow("ram:AttachPolicyToRole"), deny("ram:AttachPolicyToRole"))) == []
    conditional = deny("ram:AttachPolicyToRole", Condition=CONDITION)
    assert paths(escalation_grants(document(allow("ram:AttachPolicyToRole"), conditional))) == ["Statement[0]"]


def test_an_exempt_action_is_not_reported() -> None:
    doc = document(allow("ecs:RunCommand"))
    assert escalation_grants(doc, exempt=["ecs:RunCommand", "ecs:InvokeCommand"]) == []


def test_read_only_grants_are_no_escalation() -> None:
    assert escalation_grants(document(allow(["ram:Get*", "ram:List*", "ecs:Describe*", "oss:*"]))) == []


# ---- pass_role_grants ----


def test_pass_role_on_star_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole")))
    assert paths(risks) == ["Statement[0]"]
    assert "*" in risks[0].message


def test_pass_role_on_every_role_of_an_account_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole", "acs:ram::1:role/*")))
    assert paths(risks) == ["Statement[0]"]
    assert "acs:ram::1:role/*" in risks[0].message


@pytest.mark.parametrize("action", ["ram:*", "ram:Pass*", "RAM:passrole", "*", "ram:P?ssRole"])
def test_an_action_pattern_covering_pass_role_on_star_is_flagged(action: str) -> None:
    assert paths(pass_role_grants(document(allow(action)))) == ["Statement[0]"]


def test_pass_role_on_a_named_role_arn_passes() -> None:
    assert pass_role_grants(document(allow("ram:PassRole", ROLE_ARN))) == []


def test_pass_role_on_a_non_role_resource_alongside_a_role_is_flagged() -> None:
    risks = pass_role_grants(document(allow("ram:PassRole", [ROLE_ARN, "acs:ram::1:user/alice"])))
    assert paths(risks) == ["Statement[0]"]
    assert ROLE_ARN not in risks[0].message


def test_denying_pass_role_on_star_is_no_risk() -> None:
    assert pass_role_grants(document(deny("ram:PassRole"))) == []


def test_a_deny_that_covers_the_broad_pass_role_takes_it_back() -> None:
    assert pass_role_grants(document(allow("ram:PassRole", "acs:ram::1:role/*"), deny("ram:*", "acs:ram::1:*"))) == []


def test_allow_notaction_that_does_not_exclude_pass_role_is_a_pass_role_grant_on_star() -> None:
    assert paths(pass_role_grants(document(allow_all_but(["oss:*"])))) == ["Statement[0]"]


def test_allow_notaction_that_excludes_all_of_ram_is_no_pass_role_grant() -> None:
    assert pass_role_grants(document(allow_all_but(["ram:*"]))) == []


# ---- denied System policies ----


def test_a_denied_system_policy_is_refused_in_any_case_and_a_custom_one_of_that_name_is_not() -> None:
    assert denied_system_policy("AdministratorAccess", "System") is not None
    assert denied_system_policy("administratoraccess", "system") is not None
    assert denied_system_policy("AdministratorAccess", "Custom") is None
    assert denied_system_policy("AliyunOSSReadOnlyAccess", "System") is None
    assert denied_system_policy("AliyunOSSFullAccess", "System", denied=["AliyunOSSFullAccess"]) is not None


# ---- trust ----


def test_a_trust_principal_star_is_open_trust() -> None:
    risks = open_trust(document(trust({"Service": "ecs.aliyuncs.com"}), trust("*")))
    assert paths(risks) == ["Statement[1]"]
    assert "anyone" in risks[0].message


@pytest.mark.parametrize("account", ["*", "1*", "?*", "12345678901234?6"])
def test_a_wildcard_in_a_trusted_account_is_open_trust(account: str) -> None:
    # The validator refuses all but `*` already; the trust rule refuses them on its own too.
    tree = {"Version": "1", "Statement": [trust({"RAM": [f"acs:ram::{ACCOUNT}:root", f"acs:ram::{account}:root"]})]}
    risks = open_trust(PolicyDocument.from_tree(tree))
    assert paths(risks) == ["Statement[0]"]
    assert f"acs:ram::{account}:root" in risks[0].message


@pytest.mark.parametrize("kind", ["RAM", "Service", "Federated"])
def test_a_principal_of_any_type_that_is_star_is_open_trust(kind: str) -> None:
    risks = open_trust(document(trust({kind: "*"})))
    assert [(r.path, r.rule) for r in risks] == [("Statement[0]", "ram-trust-names-principals")]


def test_trusting_a_named_service_account_or_provider_is_not_open_trust() -> None:
    doc = document(
        trust({"Service": "ecs.aliyuncs.com"}),
        trust({"RAM": f"acs:ram::{ACCOUNT}:root"}),
        trust({"Federated": f"acs:ram::{ACCOUNT}:oidc-provider/ack"}),
    )
    assert open_trust(doc) == []


def test_denying_everyone_is_not_open_trust() -> None:
    assert open_trust(document(trust({"Service": "ecs.aliyuncs.com"}), trust("*", effect="Deny"))) == []


def test_a_service_outside_the_allowed_list_is_untrusted() -> None:
    doc = document(trust({"Service": ["ecs.aliyuncs.com", "fc.aliyuncs.com"]}))
    risks = untrusted_services(doc, allowed=["ecs.aliyuncs.com"])
    assert paths(risks) == ["Statement[0]"]
    assert "fc.aliyuncs.com" in risks[0].message


def test_only_allowed_services_are_trusted() -> None:
    doc = document(trust({"Service": "ecs.aliyuncs.com"}), trust({"Service": "fc.aliyuncs.com"}, effect="Deny"))
    assert untrusted_services(doc, allowed=["ecs.aliyuncs.com"]) == []


def test_another_account_beside_the_ecs_service_is_untrusted_unless_allowed() -> None:
    other = "acs:ram::9999999999999999:root"
    doc = document(trust({"Service": "ecs.aliyuncs.com", "RAM": other}))
    [risk] = untrusted_accounts(doc, allowed=[])
    assert risk.path == "Statement[0]" and other in risk.message and "allowed accounts: none" in risk.message
    assert untrusted_accounts(doc, allowed=["9999999999999999"]) == []


def test_a_federated_provider_of_another_account_is_untrusted_too() -> None:
    doc = document(trust({"Federated": "acs:ram::9999999999999999:oidc-provider/ack"}, Condition=CONDITION))
    assert paths(untrusted_accounts(doc, allowed=[ACCOUNT])) == ["Statement[0]"]


def test_a_federated_principal_without_a_condition_is_flagged_and_with_one_is_not() -> None:
    provider = {"Federated": f"acs:ram::{ACCOUNT}:oidc-provider/ack"}
    assert paths(unconditioned_federation(document(trust(provider)))) == ["Statement[0]"]
    oidc = {"StringEquals": {"oidc:aud": "sts.aliyuncs.com", "oidc:sub": "system:serviceaccount:app:web"}}
    assert unconditioned_federation(document(trust(provider, Condition=oidc))) == []
