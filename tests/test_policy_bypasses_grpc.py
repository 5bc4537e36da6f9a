"""The seven classes of bypass an attacker's-eye review found (issue 11), each now a mandatory
finding or a refused input, through the real pack over its analyzer protocol."""

from typing import Any, Dict, List

import pytest
from policy_helpers import (
    ACCOUNT,
    ROTATE,
    allow,
    component_resources,
    document,
    instance_binding,
    planned,
    trust,
)

from alicloud_instance_role import resource_types as types
from alicloud_instance_role.preview.analyzer import Diagnostic, Secret, analyze, analyze_stack, configure

OTHER_ACCOUNT = "9999999999999999"


def policy(name: str, *statements: Dict[str, Any], resource_type: str = types.POLICY, **properties: Any) -> Any:
    props = {"policyName": name, "policyDocument": document(*statements), "rotateStrategy": ROTATE}
    return planned(resource_type, name, {**props, **properties})


def role(name: str, trust_policy: Any, resource_type: str = types.ROLE) -> Any:
    return planned(resource_type, name, {"roleName": name, "assumeRolePolicyDocument": trust_policy})


def mandatory(diagnostics: List[Diagnostic]) -> Dict[str, str]:
    """Rule -> message of each mandatory diagnostic."""
    return {d.policy: d.message for d in diagnostics if d.mandatory}


# ---- 1. spelling, not meaning


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        ({"Effect": "Allow", "NotAction": "ram:PassRole", "Resource": "acs:*:*:*:*"}, "ram-no-admin-grant"),
        (allow("*", "acs:*:*:*:*"), "ram-no-admin-grant"),
        (allow("kms:*", "acs:kms:*:*:*"), "ram-no-sensitive-service-grant"),
        (allow("kms:?*"), "ram-no-sensitive-service-grant"),
        (allow("ram:Attach*"), "ram-no-privilege-escalation"),
        (allow("ram:CreatePolicyVersion"), "ram-no-privilege-escalation"),
    ],
    ids=["notaction", "star-on-every-arn", "kms-every-arn", "kms-question-star", "ram-attach", "policy-version"],
)
def test_a_grant_spelled_to_slip_past_the_old_rules_is_now_a_mandatory_finding(stub, statement, rule) -> None:
    assert rule in mandatory(analyze(stub, policy("bypass", statement)))


# ---- 2. privilege escalation


@pytest.mark.parametrize(
    "statement",
    [
        allow("ram:AttachPolicyToRole"),
        allow("ram:CreatePolicyVersion", f"acs:ram::{ACCOUNT}:policy/app-policy"),
        allow("ram:UpdateRole", f"acs:ram::{ACCOUNT}:role/admin"),
        allow("sts:AssumeRole", "acs:ram:*:*:role/*"),
        allow(["ecs:RunCommand", "ecs:InvokeCommand"], "acs:ecs:*:*:instance/*"),
        allow("ram:CreateAccessKey", f"acs:ram::{ACCOUNT}:user/ci"),
    ],
    ids=["attach-policy", "policy-version", "update-role", "assume-every-role", "run-command", "access-key"],
)
def test_granting_an_instance_role_an_escalation_action_is_a_mandatory_finding(stub, statement) -> None:
    found = mandatory(analyze(stub, policy("escalate", statement)))
    assert "privilege escalation" in found["ram-no-privilege-escalation"]


def test_an_escalation_action_a_stack_needs_can_be_exempted_by_name(stub) -> None:
    commands = policy("ops", allow("ecs:RunCommand", "acs:ecs:*:*:instance/*"))
    configure(stub, {"ram-no-privilege-escalation": {"exemptActions": ["ecs:RunCommand"]}})
    assert analyze(stub, commands) == []


# ---- 3. attached System policies


def test_denied_system_policies_given_by_the_component_are_refused_by_the_pack_and_warned_of(stub) -> None:
    resources = component_resources(
        {"app": {"system_policies": ["AdministratorAccess", "AliyunRAMFullAccess"], "instance_ids": ["i-bp1a"]}}
    )
    attachments = sorted((r for r in resources if r.type == types.ROLE_POLICY_ATTACHMENT), key=lambda r: r.name)
    found = [mandatory(analyze(stub, attachment))["ram-no-denied-system-policy"] for attachment in attachments]
    assert len(found) == 2
    assert "System policy AdministratorAccess, which is on the denied list" in found[0]
    assert "System policy AliyunRAMFullAccess, which is on the denied list" in found[1]


@pytest.mark.parametrize(
    ("resource_type", "principal"),
    [
        (types.ROLE_POLICY_ATTACHMENT, {"roleName": "app"}),
        (types.USER_POLICY_ATTACHMENT, {"userName": "alice"}),
        (types.GROUP_POLICY_ATTACHMENT, {"groupName": "ops"}),
        (types.RM_POLICY_ATTACHMENT, {"principalName": "app", "principalType": "ServiceRole"}),
    ],
)
def test_a_hand_written_attachment_of_a_denied_system_policy_is_refused(stub, resource_type, principal) -> None:
    for name in ("AdministratorAccess", "AliyunSTSAssumeRoleAccess", "AliyunKMSFullAccess"):
        attachment = planned(resource_type, "attach", {**principal, "policyName": name, "policyType": "System"})
        assert name in mandatory(analyze(stub, attachment))["ram-no-denied-system-policy"]
    harmless = planned(
        resource_type, "attach", {**principal, "policyName": "AliyunOSSReadOnlyAccess", "policyType": "System"}
    )
    assert mandatory(analyze(stub, harmless)) == {}


# ---- 4. trust beyond wildcards


def test_trusting_another_account_beside_ecs_is_refused_unless_the_account_is_allowed(stub) -> None:
    both = role("app", trust({"Service": ["ecs.aliyuncs.com"], "RAM": [f"acs:ram::{OTHER_ACCOUNT}:root"]}))
    assert OTHER_ACCOUNT in mandatory(analyze(stub, both))["ram-trust-allowed-accounts"]
    configure(stub, {"ram-trust-allowed-accounts": {"allowedAccounts": [OTHER_ACCOUNT]}})
    assert mandatory(analyze(stub, both)) == {}


def test_a_federated_principal_without_a_condition_is_refused(stub) -> None:
    oidc = {"Federated": [f"acs:ram::{ACCOUNT}:oidc-provider/ack"]}
    configure(stub, {"ram-trust-allowed-accounts": {"allowedAccounts": [ACCOUNT]}})
    assert "ram-trust-federated-condition" in mandatory(analyze(stub, role("app", trust(oidc))))


def test_a_wildcard_in_a_trusted_account_is_refused_by_validation_and_by_the_trust_rules(stub) -> None:
    wildcard = role("app", trust({"RAM": "acs:ram::1*:root"}))
    assert "RAM115" in mandatory(analyze(stub, wildcard))["ram-document-valid"]
    masked = role("app", trust({"RAM": "acs:ram::1***:root"}))  # valid, as a documentation placeholder
    found = mandatory(analyze(stub, masked))
    assert {"ram-trust-names-principals", "ram-trust-allowed-accounts"} <= set(found)


# ---- 5. every resource type that carries a document


def legacy_policy(**properties: Any) -> Any:
    return planned(types.POLICY, "legacy", {"name": "legacy", "rotateStrategy": ROTATE, **properties})


def statements(effect: str, action: str) -> List[Dict[str, Any]]:
    return [{"effect": effect, "actions": [action], "resources": ["*"]}]


OTHER_ROOT = f"acs:ram::{OTHER_ACCOUNT}:root"
EVERY_RESOURCE_TYPE = {
    "role-services": (
        planned(types.ROLE, "legacy", {"name": "legacy", "services": ["ecs.aliyuncs.com"], "ramUsers": [OTHER_ROOT]}),
        "ram-trust-allowed-accounts",
    ),
    "role-document": (
        planned(types.ROLE, "legacy", {"name": "legacy", "document": trust("*")}),
        "ram-trust-names-principals",
    ),
    "policy-statements": (legacy_policy(statements=statements("Allow", "*")), "ram-no-admin-grant"),
    "policy-statements-invalid": (legacy_policy(statements=statements("Alow", "oss:Get*")), "ram-document-valid"),
    "policy-document": (legacy_policy(document=document(allow("*"))), "ram-no-admin-grant"),
    "rm-role": (role("rm-role", trust("*"), resource_type=types.RM_ROLE), "ram-trust-names-principals"),
    "rm-policy": (policy("rm-policy", allow("ram:*"), resource_type=types.RM_POLICY), "ram-no-sensitive-service-grant"),
    "rm-policy-version": (
        planned(
            types.RM_POLICY_VERSION,
            "v2",
            {"policyName": "app-dev-policy", "isDefaultVersion": True, "policyDocument": document(allow("*"))},
        ),
        "ram-no-admin-grant",
    ),
}


@pytest.mark.parametrize("case", EVERY_RESOURCE_TYPE)
def test_deprecated_fields_and_resource_manager_types_are_checked_like_any_document(stub, case: str) -> None:
    resource, rule = EVERY_RESOURCE_TYPE[case]
    assert rule in mandatory(analyze(stub, resource))


def test_the_deprecated_structured_fields_are_still_flagged_as_deprecated(stub) -> None:
    legacy = planned(types.ROLE, "legacy", {"roleName": "legacy", "services": ["ecs.aliyuncs.com"]})
    found = analyze(stub, legacy)
    assert [(d.policy, d.level) for d in found] == [("ram-no-deprecated-fields", "advisory")]


# ---- 6. instance identity


@pytest.mark.parametrize("instance_id", [" i-bp1example", "I-BP1EXAMPLE", "i-1::evil", "i-bp1example "])
def test_an_instance_id_that_is_not_in_ecs_shape_is_refused(stub, instance_id: str) -> None:
    found = mandatory(analyze(stub, instance_binding("app", instance_id)))
    assert "is not an ECS instance ID" in found["ram-names-valid"]


def test_two_spellings_of_one_instance_cannot_slip_past_one_role_per_instance(stub) -> None:
    first, second = instance_binding("app", "i-bp1example", "app-dev"), instance_binding("batch", "I-BP1EXAMPLE")
    assert mandatory(analyze(stub, first)) == {}
    assert "ram-names-valid" in mandatory(analyze(stub, second))
    assert analyze_stack(stub, [first, second]) == []  # the second one is refused on its own, above


# ---- 7. no secret in a message


def test_a_finding_in_a_secret_policy_names_the_path_and_rule_without_the_content(stub) -> None:
    secret = policy("ops", allow("ram:PassRole", f"acs:ram::{ACCOUNT}:role/TOPSECRET-*"))
    secret.properties["policyDocument"] = Secret(secret.properties["policyDocument"])
    found = mandatory(analyze(stub, secret))
    assert found["ram-pass-role-scoped"].endswith(
        "policyDocument.Statement[0]: policyDocument is secret, so it is not shown"
    )
    assert not any("TOPSECRET" in message for message in found.values())


def test_an_error_in_a_secret_policy_names_the_path_and_rule_without_the_content(stub) -> None:
    secret = policy("ops", allow("TOPSECRET"))
    secret.properties["policyDocument"] = Secret(secret.properties["policyDocument"])
    found = mandatory(analyze(stub, secret))
    assert found["ram-document-valid"].endswith(
        "policyDocument.Statement[0].Action: malformed action; the value is secret, so it is not shown [RAM107]"
    )
    assert "TOPSECRET" not in found["ram-document-valid"]


def test_the_same_policy_not_secret_is_shown_in_full(stub) -> None:
    shown = mandatory(analyze(stub, policy("ops", allow("ram:PassRole", f"acs:ram::{ACCOUNT}:role/TOPSECRET-*"))))
    assert "TOPSECRET-*" in shown["ram-pass-role-scoped"]
