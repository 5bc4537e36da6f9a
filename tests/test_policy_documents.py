"""Guardrails on RAM documents: validity, broad grants, PassRole, and who a role trusts."""

import pytest
from policy_helpers import ECS_TRUST, allow, document, role_arn, run_policy, trust

from alicloud_instance_role.guardrails.rules import (
    DOCUMENT_VALID,
    INSTANCE_BINDING,
    NO_ADMIN_GRANT,
    NO_SENSITIVE_SERVICE_GRANT,
    PASS_ROLE_SCOPED,
    POLICY,
    ROLE,
    TRUST_ALLOWED_SERVICES,
    TRUST_NAMES_PRINCIPALS,
)
from alicloud_instance_role.preview.analyzer import UNKNOWN

OSS_READ = document(allow(["oss:Get*", "oss:List*"]))


# ---------------------------------------------------------------- ram-document-valid


def test_a_valid_policy_document_passes_the_document_rule():
    assert run_policy(DOCUMENT_VALID, POLICY, {"policyDocument": OSS_READ}) == []


def test_a_policy_document_ram_rejects_is_reported_with_its_path_and_code():
    text = document({"Effect": "Allow", "Action": "oss-GetObject", "Resource": "*"})
    [message] = run_policy(DOCUMENT_VALID, POLICY, {"policyDocument": text})
    assert message.startswith("policyDocument.Statement[0].Action: 'oss-GetObject' ")
    assert message.endswith("[RAM107]")


def test_the_deprecated_document_field_of_a_policy_is_checked_too():
    messages = run_policy(DOCUMENT_VALID, POLICY, {"document": '{"Version": "2", "Statement": []}'})
    assert [m.split(":")[0] for m in messages] == ["document.Version", "document.Statement"]


def test_a_trust_policy_is_checked_as_a_trust_policy():
    permission_shaped = OSS_READ  # no Principal: fine for a policy, wrong for a trust
    assert run_policy(DOCUMENT_VALID, ROLE, {"assumeRolePolicyDocument": ECS_TRUST}) == []
    messages = run_policy(DOCUMENT_VALID, ROLE, {"assumeRolePolicyDocument": permission_shaped})
    assert any("[RAM111]" in m for m in messages)


def test_a_session_policy_of_an_instance_binding_must_be_valid_and_short():
    assert run_policy(DOCUMENT_VALID, INSTANCE_BINDING, {"instanceId": "i-1", "policy": OSS_READ}) == []
    long = document(*[allow([f"oss:GetObject{n}"], [f"acs:oss:*:*:bucket-{n}/*"]) for n in range(30)])
    messages = run_policy(DOCUMENT_VALID, INSTANCE_BINDING, {"instanceId": "i-1", "policy": long})
    assert len(messages) == 1 and messages[0].startswith("policy: ") and "[RAM126]" in messages[0]


def test_warnings_of_the_validator_are_not_reported_as_violations():
    duplicated = document(allow(["oss:GetObject", "oss:GetObject"]))  # RAM203, a warning
    assert run_policy(DOCUMENT_VALID, POLICY, {"policyDocument": duplicated}) == []


# ---------------------------------------------------------------- ram-no-admin-grant


def test_allowing_every_action_on_every_resource_is_refused():
    messages = run_policy(NO_ADMIN_GRANT, POLICY, {"policyDocument": document(allow("*"))})
    assert len(messages) == 1 and messages[0].startswith("policyDocument.Statement[0]: allows every action")


def test_every_action_on_named_resources_is_not_an_admin_grant():
    scoped = document(allow("*", "acs:oss:*:*:my-bucket/*"))
    assert run_policy(NO_ADMIN_GRANT, POLICY, {"policyDocument": scoped}) == []


def test_denying_every_action_is_not_an_admin_grant():
    deny = document({"Effect": "Deny", "Action": "*", "Resource": "*"})
    assert run_policy(NO_ADMIN_GRANT, POLICY, {"policyDocument": deny}) == []


def test_a_broad_session_policy_is_not_a_grant_because_it_only_narrows_the_role():
    assert run_policy(NO_ADMIN_GRANT, INSTANCE_BINDING, {"policy": document(allow("*"))}) == []


# ---------------------------------------------------------------- ram-no-sensitive-service-grant


@pytest.mark.parametrize("action", ["ram:*", "sts:*", "kms:*", "RAM:*"])
def test_a_whole_sensitive_service_on_every_resource_is_refused(action):
    messages = run_policy(NO_SENSITIVE_SERVICE_GRANT, POLICY, {"policyDocument": document(allow(action))})
    service = action.split(":")[0].lower()
    assert len(messages) == 1 and messages[0].startswith("policyDocument.Statement[0]: ")
    assert f"whole {service} service" in messages[0].lower()


def test_single_actions_of_a_sensitive_service_are_allowed():
    text = document(allow(["kms:Decrypt", "ram:GetRole"]))
    assert run_policy(NO_SENSITIVE_SERVICE_GRANT, POLICY, {"policyDocument": text}) == []


def test_the_list_of_sensitive_services_is_a_setting():
    oss_everything = {"policyDocument": document(allow("oss:*"))}
    assert run_policy(NO_SENSITIVE_SERVICE_GRANT, POLICY, oss_everything) == []
    assert len(run_policy(NO_SENSITIVE_SERVICE_GRANT, POLICY, oss_everything, {"sensitiveServices": ["oss"]})) == 1
    kms = {"policyDocument": document(allow("kms:*"))}
    assert run_policy(NO_SENSITIVE_SERVICE_GRANT, POLICY, kms, {"sensitiveServices": ["oss"]}) == []


# ---------------------------------------------------------------- ram-pass-role-scoped


def test_pass_role_on_a_named_role_arn_is_allowed():
    text = document(allow("ram:PassRole", role_arn("app-dev")))
    assert run_policy(PASS_ROLE_SCOPED, POLICY, {"policyDocument": text}) == []


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("ram:PassRole", "*"),
        ("ram:Pass*", "*"),
        ("ram:PassRole", "acs:ram::1234567890123456:role/*"),
        ("ram:PassRole", "acs:oss:*:*:bucket"),
    ],
)
def test_pass_role_on_anything_but_named_roles_is_refused(action, resource):
    text = document(allow(action, resource))
    [message] = run_policy(PASS_ROLE_SCOPED, POLICY, {"policyDocument": text})
    assert message.startswith("policyDocument.Statement[0]: ") and f"ram:PassRole on {resource}" in message


def test_a_finding_names_the_statement_as_written_even_after_identical_statements():
    read = allow("oss:GetObject", "acs:oss:*:*:bucket")
    text = document(read, read, allow("ram:PassRole", "*"))
    [message] = run_policy(PASS_ROLE_SCOPED, POLICY, {"policyDocument": text})
    assert message.startswith("policyDocument.Statement[2]: ")


# ---------------------------------------------------------------- ram-trust-names-principals


def test_a_trust_policy_naming_its_service_passes():
    assert run_policy(TRUST_NAMES_PRINCIPALS, ROLE, {"assumeRolePolicyDocument": ECS_TRUST}) == []


@pytest.mark.parametrize("principal", ["*", {"RAM": "acs:ram::*:root"}])
def test_a_trust_policy_letting_anyone_assume_the_role_is_refused(principal):
    messages = run_policy(TRUST_NAMES_PRINCIPALS, ROLE, {"assumeRolePolicyDocument": trust(principal)})
    assert len(messages) == 1
    assert messages[0].startswith("assumeRolePolicyDocument.Statement[0]: lets anyone assume the role")


def test_a_trust_policy_with_an_empty_principal_is_a_document_error():
    empty = trust({"Service": []})
    assert any("[RAM111]" in m for m in run_policy(DOCUMENT_VALID, ROLE, {"assumeRolePolicyDocument": empty}))


# ---------------------------------------------------------------- ram-trust-allowed-services


def test_an_instance_role_trusting_ecs_passes():
    assert run_policy(TRUST_ALLOWED_SERVICES, ROLE, {"assumeRolePolicyDocument": ECS_TRUST}) == []


def test_trusting_a_service_outside_the_allow_list_is_refused():
    both = trust({"Service": ["ecs.aliyuncs.com", "fc.aliyuncs.com"]})
    [message] = run_policy(TRUST_ALLOWED_SERVICES, ROLE, {"assumeRolePolicyDocument": both})
    assert message.startswith("assumeRolePolicyDocument.Statement[0]: ") and "fc.aliyuncs.com" in message


def test_the_allowed_services_are_a_setting():
    fc = {"assumeRolePolicyDocument": trust({"Service": "fc.aliyuncs.com"})}
    ecs = {"assumeRolePolicyDocument": ECS_TRUST}
    both = {"allowedServices": ["ecs.aliyuncs.com", "fc.aliyuncs.com"]}
    assert run_policy(TRUST_ALLOWED_SERVICES, ROLE, fc, both) == []
    assert len(run_policy(TRUST_ALLOWED_SERVICES, ROLE, ecs, {"allowedServices": ["fc.aliyuncs.com"]})) == 1


def test_a_role_trusting_only_accounts_is_not_judged_by_the_service_list():
    account = trust({"RAM": "acs:ram::1234567890123456:root"})
    assert run_policy(TRUST_ALLOWED_SERVICES, ROLE, {"assumeRolePolicyDocument": account}) == []


# ---------------------------------------------------------------- unknown documents


@pytest.mark.parametrize(
    ("policy", "resource_type", "field"),
    [
        (DOCUMENT_VALID, POLICY, "policyDocument"),
        (DOCUMENT_VALID, ROLE, "assumeRolePolicyDocument"),
        (DOCUMENT_VALID, INSTANCE_BINDING, "policy"),
        (NO_ADMIN_GRANT, POLICY, "policyDocument"),
        (NO_SENSITIVE_SERVICE_GRANT, POLICY, "policyDocument"),
        (PASS_ROLE_SCOPED, POLICY, "policyDocument"),
        (TRUST_NAMES_PRINCIPALS, ROLE, "assumeRolePolicyDocument"),
        (TRUST_ALLOWED_SERVICES, ROLE, "assumeRolePolicyDocument"),
    ],
)
def test_a_document_unknown_during_preview_is_skipped_quietly(policy, resource_type, field):
    # With the deprecated field also holding something bad, a rule that fell through to it would report.
    assert run_policy(policy, resource_type, {field: UNKNOWN, "document": "not json"}) == []
