"""The pack as the Pulumi CLI runs it: started from inside policies/ with its own virtualenv,
driven over the analyzer protocol (GetAnalyzerInfo, Analyze, AnalyzeStack, Configure)."""

import pytest
from policy_helpers import (
    PACK_DIR,
    allow,
    component_resources,
    dev_stack_roles,
    document,
    hand_built_role,
    instance,
    instance_binding,
    planned,
)

from alicloud_instance_role.guardrails.rules import POLICY, ROLE
from alicloud_instance_role.preview.analyzer import (
    UNKNOWN,
    PackStartError,
    Secret,
    analyze,
    analyze_stack,
    configure,
    get_info,
    pack_python,
    start_pack,
)
from alicloud_instance_role.resource_types import ROLE_POLICY_ATTACHMENT

RULE_LEVELS = {
    "ram-document-valid": "mandatory",
    "ram-no-admin-grant": "mandatory",
    "ram-no-sensitive-service-grant": "mandatory",
    "ram-no-privilege-escalation": "mandatory",
    "ram-pass-role-scoped": "mandatory",
    "ram-no-denied-system-policy": "mandatory",
    "ram-trust-names-principals": "mandatory",
    "ram-trust-allowed-services": "mandatory",
    "ram-trust-allowed-accounts": "mandatory",
    "ram-trust-federated-condition": "mandatory",
    "ram-names-valid": "mandatory",
    "ecs-one-role-per-instance": "mandatory",
    "ram-names-exist": "advisory",
    "ram-policy-rotate-strategy": "advisory",
    "ram-no-deprecated-role-attachment": "advisory",
    "ram-no-deprecated-fields": "advisory",
    "ram-session-duration-limit": "advisory",
    "ecs-instance-hardened-metadata": "advisory",
    "ecs-instance-role-needs-vpc": "advisory",
}


def _policy(name, statements, **properties):
    return planned(
        POLICY,
        name,
        {"policyName": name, "policyDocument": document(*statements), "rotateStrategy": properties.pop("rotate", None)}
        | properties,
    )


def test_the_pack_lists_every_rule_with_its_default_level(stub):
    info = get_info(stub)
    assert info.name == "alicloud-instance-role-guardrails"
    assert {p.name: p.level for p in info.policies} == RULE_LEVELS
    assert info.policy("ram-trust-allowed-services").config_schema["allowedServices"]["default"] == ["ecs.aliyuncs.com"]


def test_the_pack_tells_the_engine_each_rules_remediation_from_the_findings_registry(stub):
    from google.protobuf import empty_pb2

    from alicloud_instance_role.documents.findings import guardrail

    policies = stub.GetAnalyzerInfo(empty_pb2.Empty()).policies
    assert {p.name: p.remediation_steps for p in policies} == {p.name: guardrail(p.name).remediation for p in policies}
    assert all(p.remediation_steps for p in policies)


def test_a_hand_written_policy_granting_pass_role_on_everything_draws_a_mandatory_diagnostic(stub):
    operators = _policy("operators", [allow("ram:PassRole")], rotate="DeleteOldestNonDefaultVersionWhenLimitExceeded")
    [diagnostic] = analyze(stub, operators)
    assert (diagnostic.policy, diagnostic.mandatory) == ("ram-pass-role-scoped", True)
    assert "allows ram:PassRole on *" in diagnostic.message


def test_a_document_unknown_during_preview_draws_no_diagnostic_at_all(stub):
    operators = _policy("operators", [allow("oss:GetObject")], rotate="DeleteOldestNonDefaultVersionWhenLimitExceeded")
    assert analyze(stub, operators) == []
    operators.properties["policyDocument"] = UNKNOWN
    unknowns = {"roleName": UNKNOWN, "assumeRolePolicyDocument": UNKNOWN, "maxSessionDuration": UNKNOWN}
    role = planned(ROLE, "role", unknowns)
    assert analyze(stub, operators) == [] and analyze(stub, role) == []


def test_a_secret_value_is_still_checked(stub):
    role = planned(ROLE, "role", {"roleName": Secret("bad_name"), "assumeRolePolicyDocument": Secret("{}")})
    assert {d.policy for d in analyze(stub, role)} == {"ram-names-valid", "ram-document-valid"}


def test_analyze_stack_refuses_two_roles_on_one_instance(stub):
    first, second = instance_binding("app", "i-web", "app-dev"), instance_binding("batch", "i-web", "batch-dev")
    [diagnostic] = analyze_stack(stub, [instance("web", id="i-web"), first, second])
    assert (diagnostic.policy, diagnostic.level) == ("ecs-one-role-per-instance", "mandatory")
    assert diagnostic.urn == second.urn
    assert "i-web" in diagnostic.message and first.urn in diagnostic.message


def test_analyze_stack_skips_instances_unknown_during_preview(stub):
    stack = [instance_binding("app", UNKNOWN), instance_binding("batch", UNKNOWN)]
    assert analyze_stack(stub, stack) == []


def test_disabling_a_rule_silences_it_and_all_raises_the_others(stub):
    legacy = _policy("legacy", [allow("oss:GetObject")])  # no rotateStrategy: advisory
    [diagnostic] = analyze(stub, legacy)
    assert (diagnostic.policy, diagnostic.level) == ("ram-policy-rotate-strategy", "advisory")
    configure(stub, {"all": "mandatory"})
    assert [d.level for d in analyze(stub, legacy)] == ["mandatory"]
    configure(stub, {"ram-policy-rotate-strategy": "disabled"})
    assert analyze(stub, legacy) == []


def test_a_changed_setting_changes_the_diagnostics(stub):
    role = planned(ROLE, "role", {"roleName": "app", "maxSessionDuration": 21600})
    assert [d.policy for d in analyze(stub, role)] == ["ram-session-duration-limit"]
    assert "maxSessionDuration is 21600 seconds, above the limit of 14400" in analyze(stub, role)[0].message
    configure(stub, {"ram-session-duration-limit": {"maxSessionDuration": 21600}})
    assert analyze(stub, role) == []
    only_fc = {"enforcementLevel": "advisory", "allowedServices": ["fc.aliyuncs.com"]}
    configure(stub, {"ram-trust-allowed-services": only_fc})
    [trust] = analyze(stub, hand_built_role()[0])
    assert (trust.policy, trust.level) == ("ram-trust-allowed-services", "advisory")


def test_a_name_that_does_not_exist_is_advisory_with_the_real_one_and_a_setting_makes_it_mandatory(stub):
    rotate = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
    typo = _policy("reader", [allow(["oss:GetObjects", "sls:PostLogStoreLogs"])], rotate=rotate)
    system = {"roleName": "app", "policyName": "AliyunEcsReadOnlyAccess", "policyType": "System"}
    attachment = planned(ROLE_POLICY_ATTACHMENT, "ecs-read", system)
    found = analyze(stub, typo) + analyze(stub, attachment)
    assert [(d.policy, d.level) for d in found] == [("ram-names-exist", "advisory")] * 3
    messages = " | ".join(d.message for d in found)
    assert "policyDocument.Statement[0].Action[0]: 'oss:GetObjects'" in messages
    assert "did you mean 'oss:GetObject'?" in messages and "did you mean 'log:PostLogStoreLogs'?" in messages
    assert "policyName: RAM spells the System policy 'AliyunEcsReadOnlyAccess' as 'AliyunECSReadOnlyAccess'" in messages
    trust = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRol", '
    trust += '"Principal": {"Service": ["ecs.aliyuncs.com"]}}]}'
    [role] = analyze(stub, planned(ROLE, "role", {"roleName": "app", "assumeRolePolicyDocument": trust}))
    assert role.policy == "ram-names-exist" and "did you mean 'sts:AssumeRole'?" in role.message
    configure(stub, {"ram-names-exist": "mandatory"})
    assert [d.mandatory for d in analyze(stub, typo)] == [True, True]


def test_a_name_that_does_not_exist_in_a_secret_document_is_reported_without_its_value(stub):
    rotate = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
    secret = planned(
        POLICY,
        "reader",
        {"policyName": "reader", "policyDocument": Secret(document(allow("oss:GetObjects"))), "rotateStrategy": rotate},
    )
    system = {"roleName": "app", "policyName": Secret("AliyunEcsReadOnlyAccess"), "policyType": "System"}
    found = analyze(stub, secret) + analyze(stub, planned(ROLE_POLICY_ATTACHMENT, "ecs-read", system))
    assert [d.policy for d in found] == ["ram-names-exist", "ram-names-exist"]
    messages = " | ".join(d.message for d in found)
    assert "policyDocument.Statement[0].Action: " in messages and "[RAM221]" in messages and "[RAM224]" in messages
    assert "'oss:GetObjects'" not in messages and "'oss:GetObject'" not in messages
    assert "AliyunEcsReadOnlyAccess" not in messages and "AliyunECSReadOnlyAccess" not in messages


def test_configuring_a_rule_the_pack_does_not_have_is_refused(stub):
    with pytest.raises(ValueError, match="no rule ram-no-such-rule"):
        configure(stub, {"ram-no-such-rule": "disabled"})


def test_the_resources_the_component_makes_for_the_dev_stack_draw_no_mandatory_diagnostic(stub):
    resources = component_resources(dev_stack_roles())
    kinds = [r.type.split(":")[-1] for r in resources]
    assert {"Role", "Policy", "RolePolicyAttachment", "RamRoleAttachment", "UserPolicyAttachment"} <= set(kinds)
    diagnostics = [d for r in resources for d in analyze(stub, r)] + analyze_stack(stub, resources)
    assert [d for d in diagnostics if d.mandatory] == []
    assert diagnostics == []  # nor any advisory one: the component follows every rule


def test_a_pack_that_fails_to_start_reports_what_it_printed(tmp_path):
    if not pack_python(PACK_DIR).exists():
        pytest.skip("the pack's virtualenv is missing")
    (tmp_path / "__main__.py").write_text("raise SystemExit('no policies here')\n")
    with pytest.raises(PackStartError, match="no policies here"), start_pack(tmp_path, python=pack_python(PACK_DIR)):
        pass
