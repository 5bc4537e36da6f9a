"""Issue 18 through the real pack over its analyzer protocol: patterns that cover every ARN that
can exist are whole-service or whole-type grants, narrow grants stay clean, a pattern too
complex to decide is a finding (never a hang), the new escalations and federated conditions,
and stack rules that keep secret values out of their messages."""

import json
from typing import Any, Dict, List

import pytest
from policy_helpers import ROTATE, allow, document, instance, instance_binding, planned
from real_arn_cases import ACCOUNT, NARROW_GRANTS, WHOLE_GRANTS

from alicloud_instance_role import resource_types as types
from alicloud_instance_role.preview.analyzer import Diagnostic, Secret, analyze, analyze_stack, configure

TOO_COMPLEX_RESOURCES = ["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + "?" * 24]


def policy(*statements: Dict[str, Any]) -> Any:
    props = {"policyName": "app-policy", "policyDocument": document(*statements), "rotateStrategy": ROTATE}
    return planned(types.POLICY, "app-policy", props)


def mandatory(diagnostics: List[Diagnostic]) -> Dict[str, str]:
    """Rule -> message of each mandatory diagnostic."""
    return {d.policy: d.message for d in diagnostics if d.mandatory}


@pytest.mark.parametrize(
    ("actions", "resources", "rule"), [case[1:] for case in WHOLE_GRANTS], ids=[case[0] for case in WHOLE_GRANTS]
)
def test_a_grant_on_every_real_arn_is_a_mandatory_finding(
    stub, actions: List[str], resources: List[str], rule: str
) -> None:
    assert rule in mandatory(analyze(stub, policy(allow(actions, resources))))


@pytest.mark.parametrize(
    ("actions", "resources", "extra"), [case[1:] for case in NARROW_GRANTS], ids=[case[0] for case in NARROW_GRANTS]
)
def test_a_narrow_grant_passes_the_pack(stub, actions: List[str], resources: List[str], extra: Dict[str, Any]) -> None:
    assert mandatory(analyze(stub, policy(allow(actions, resources, **extra)))) == {}


def test_the_issues_pathological_pattern_is_answered_within_the_deadline(stub) -> None:
    # Before issue 18 this stalled the pack past its 30 s gRPC deadline.
    assert mandatory(analyze(stub, policy(allow("ecs:RunCommand", "acs:ecs:*:*:*i" + "?" * 24)))) == {}


def test_a_document_too_complex_to_decide_is_refused_at_the_document(stub) -> None:
    found = mandatory(analyze(stub, policy(allow("ecs:RunCommand", TOO_COMPLEX_RESOURCES))))
    assert (
        "policyDocument: too complex to decide exactly whether it allows privilege escalation"
        in found["ram-no-privilege-escalation"]
    )


def federated_role(condition: Any) -> Any:
    statement = {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"Federated": f"acs:ram::{ACCOUNT}:oidc-provider/ack"},
        "Condition": condition,
    }
    props = {"roleName": "app", "assumeRolePolicyDocument": json.dumps({"Version": "1", "Statement": [statement]})}
    return planned(types.ROLE, "app", props)


def test_a_federated_condition_that_always_holds_is_refused_and_one_that_can_fail_is_not(stub) -> None:
    configure(stub, {"ram-trust-allowed-accounts": {"allowedAccounts": [ACCOUNT]}})
    always = mandatory(analyze(stub, federated_role({"StringLike": {"oidc:sub": "*"}})))
    assert "with a Condition that always holds" in always["ram-trust-federated-condition"]
    pinned = federated_role({"StringEquals": {"oidc:aud": "sts.aliyuncs.com"}})
    assert mandatory(analyze(stub, pinned)) == {}


# ---- no secret value in a stack rule's message


def messages(diagnostics: List[Diagnostic]) -> str:
    return "\n".join(d.message for d in diagnostics)


def test_one_role_per_instance_leaves_secret_instance_ids_and_role_names_out(stub) -> None:
    first = instance_binding("app", Secret("i-TOPSECRET1"), Secret("role-TOPSECRET-a"))
    second = instance_binding("batch", Secret("i-TOPSECRET1"), Secret("role-TOPSECRET-b"))
    [diagnostic] = analyze_stack(stub, [first, second])
    assert diagnostic.policy == "ecs-one-role-per-instance"
    assert "TOPSECRET" not in diagnostic.message
    assert "instance [secret] is bound to a role whose name is secret" in diagnostic.message


def test_one_role_per_instance_leaves_an_instances_secret_role_name_out(stub) -> None:
    web = instance("web", id="i-web", roleName=Secret("role-TOPSECRET"))
    found = analyze_stack(stub, [web, instance_binding("batch", "i-web", "batch-dev")])
    assert [d.policy for d in found] == ["ecs-one-role-per-instance"]
    assert "TOPSECRET" not in messages(found) and "role 'batch-dev'" in messages(found)


def test_the_same_bindings_not_secret_are_named_in_full(stub) -> None:
    first, second = instance_binding("app", "i-shown", "role-a"), instance_binding("batch", "i-shown", "role-b")
    [diagnostic] = analyze_stack(stub, [first, second])
    assert "instance i-shown is bound to role 'role-a'" in diagnostic.message


def test_hardened_metadata_leaves_a_secret_http_tokens_out(stub) -> None:
    found = [d for d in analyze(stub, instance("web", httpTokens=Secret("TOPSECRET"))) if d.policy.endswith("metadata")]
    assert len(found) == 1 and "TOPSECRET" not in found[0].message
    assert "httpTokens is secret and not 'required'" in found[0].message


def test_attaching_cloud_assistant_full_access_is_refused_by_default(stub) -> None:
    props = {"roleName": "app", "policyName": "AliyunECSAssistantFullAccess", "policyType": "System"}
    found = mandatory(analyze(stub, planned(types.ROLE_POLICY_ATTACHMENT, "attach", props)))
    assert "AliyunECSAssistantFullAccess, which is on the denied list" in found["ram-no-denied-system-policy"]
