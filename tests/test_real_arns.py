"""The engine reasons on ARNs that can really exist (issue 18): the catalogue of resource types
they come from, every pattern that covers every real ARN of a service or type seen as the grant
it is, narrow grants left alone, bounded work, and the escalation and trust rules that use them."""

import doctest
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from policy_helpers import allow, deny
from real_arn_cases import ACCOUNT, NARROW_GRANTS, WHOLE_GRANTS

from alicloud_instance_role.catalogue import resources as catalogue
from alicloud_instance_role.documents import PolicyDocument, arns, covers_service, globs, load
from alicloud_instance_role.documents.access import Access
from alicloud_instance_role.documents.risks import (
    TOO_COMPLEX,
    escalation_grants,
    permission_risks,
    sensitive_service_grants,
    unconditioned_federation,
)

ROOT = Path(__file__).resolve().parents[1]
# A pattern whose automaton is exponential: after `*i`, which of the last 25 characters were `i`.
PATHOLOGICAL = "acs:ecs:*:*:*i" + "?" * 24


def document(*statements: Dict[str, Any]) -> PolicyDocument:
    return load(json.dumps({"Version": "1", "Statement": list(statements)}), keep_duplicates=True)


def rules(doc: PolicyDocument) -> List[str]:
    return sorted({risk.rule for risk in permission_risks(doc)})


# ---- the catalogue


def test_the_compile_script_reproduces_the_shipped_catalogue_byte_for_byte() -> None:
    script = ROOT / "scripts" / "catalogue" / "compile_resource_types.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(script.parent))
    try:
        import compile_resource_types
    finally:
        sys.path.remove(str(script.parent))
    shipped = ROOT / "components" / "alicloud_instance_role" / "catalogue" / "data" / "resource_types.json"
    assert compile_resource_types.compiled() == shipped.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "code", ["ram", "sts", "ecs", "oss", "log", "kms", "resourcemanager", "vpc", "oos", "fc", "ros", "actiontrail"]
)
def test_every_service_the_guardrails_reason_about_has_cited_resource_types(code: str) -> None:
    entry = catalogue.service(code)
    assert entry is not None and entry.types
    assert entry.source.startswith("https://") and "(read 20" in entry.source


def test_ram_and_sts_are_global_and_ecs_and_kms_regional() -> None:
    scopes = {code: catalogue.service(code).scope for code in ("ram", "sts", "ecs", "kms")}  # type: ignore[union-attr]
    assert scopes == {"ram": "global", "sts": "global", "ecs": "regional", "kms": "regional"}
    assert catalogue.service("ram").type("role").arn == "acs:ram::{account}:role/{RoleName}"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"arn": "acs:ram:{region}:{account}:role/{RoleName}", "ids": {"RoleName": ".+"}}, "empty region"),
        ({"arn": "acs:ram::{account}:role/{RoleName}", "ids": {"RoleName": "[a-z"}}, "unclosed class"),
        ({"arn": "acs:ram::{account}:role/{RoleName}", "ids": {}}, "are not those of ids"),
    ],
)
def test_the_catalogue_check_names_a_broken_entry(entry: Dict[str, Any], problem: str) -> None:
    data = {
        "services": {
            "ram": {
                "scope": "global",
                "complete": False,
                "source": {"url": "https://example.com", "read": "2026-12-03"},
                "types": {"role": entry},
                "condition_keys": [],
            }
        }
    }
    found = catalogue.check(data)
    assert any(problem in line and line.startswith("services.ram.types.role") for line in found), found


def test_the_catalogue_modules_examples_hold() -> None:
    for module in (catalogue, arns):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_an_id_shape_reads_classes_repeats_and_any_character() -> None:
    atoms = catalogue.parse_shape("i-[a-z0-9]+")
    assert [(sorted(a.chars)[:2], a.negated, a.repeats) for a in atoms] == [
        (["i"], False, False),
        (["-"], False, False),
        (["0", "1"], False, False),
        (["0", "1"], False, True),
    ]
    assert catalogue.parse_shape(".+")[0].negated


# ---- every real ARN


@pytest.mark.parametrize(
    ("patterns", "service", "covered"),
    [
        (["acs:ram::*:*"], "ram", True),  # RAM is global: its region is always empty
        (["acs:ram:?*:*:*"], "ram", False),
        (["acs:kms:?*:*:*"], "kms", True),  # KMS is regional: its region is never empty
        (["acs:kms::*:*"], "kms", False),
        (["acs:kms:*:*:key*", "acs:kms:*:*:secret*", "acs:kms:*:*:alias*", "acs:kms:*:*:certificate*"], "kms", True),
        (["acs:kms:*:*:key*", "acs:kms:*:*:secret*", "acs:kms:*:*:alias*"], "kms", False),
        (["acs:zzz:?*:*:*"], "zzz", False),  # a service the catalogue does not know: any region, "" included
        (["acs:zzz:*:*:*"], "zzz", True),
    ],
)
def test_patterns_cover_a_service_when_they_cover_every_arn_that_can_exist(
    patterns: List[str], service: str, covered: bool
) -> None:
    assert covers_service(patterns, service) is covered


@pytest.mark.parametrize(
    ("actions", "resources", "rule"), [case[1:] for case in WHOLE_GRANTS], ids=[case[0] for case in WHOLE_GRANTS]
)
def test_a_pattern_covering_every_real_arn_of_a_type_or_service_is_found(
    actions: List[str], resources: List[str], rule: str
) -> None:
    found = [risk for risk in permission_risks(document(allow(actions, resources))) if risk.rule == rule]
    assert [risk.path for risk in found] == ["Statement[0]"]


def test_kms_star_on_every_region_id_is_the_whole_service() -> None:
    [risk] = sensitive_service_grants(document(allow("kms:*", "acs:kms:?*:*:*")))
    assert "whole kms service" in risk.message


def test_kms_star_on_each_resource_type_together_is_the_whole_service() -> None:
    types = [f"acs:kms:*:{ACCOUNT}:{name}*" for name in ("key", "secret", "alias", "certificate")]
    assert sensitive_service_grants(document(allow("kms:*", types)))
    assert sensitive_service_grants(document(allow("kms:*", types[:3]))) == []


@pytest.mark.parametrize(
    ("actions", "resources", "extra"), [case[1:] for case in NARROW_GRANTS], ids=[case[0] for case in NARROW_GRANTS]
)
def test_narrow_grants_stay_clean(actions: List[str], resources: List[str], extra: Dict[str, Any]) -> None:
    assert permission_risks(document(allow(actions, resources, **extra))) == []


def test_create_command_counts_only_with_invoke_or_run_on_every_instance() -> None:
    assert escalation_grants(document(allow("ecs:CreateCommand"))) == []
    found = escalation_grants(
        document(allow("ecs:CreateCommand"), allow("ecs:InvokeCommand", "acs:ecs:*:*:instance/*"))
    )
    by_path = {risk.path: risk.message for risk in found}
    assert sorted(by_path) == ["Statement[0]", "Statement[1]"]
    assert "ecs:CreateCommand with ecs:InvokeCommand or ecs:RunCommand on every instance" in by_path["Statement[0]"]


def test_update_saml_provider_is_escalation_on_any_resource() -> None:
    [risk] = escalation_grants(document(allow("ram:UpdateSAMLProvider", f"acs:ram::{ACCOUNT}:saml-provider/corp")))
    assert "ram:UpdateSAMLProvider on any resource (changing a trust policy" in risk.message


def test_a_deny_of_every_real_instance_takes_back_run_command() -> None:
    doc = document(allow("ecs:RunCommand"), deny("ecs:RunCommand", "acs:ecs:?*:*:instance/i-*"))
    assert escalation_grants(doc) == []


def test_an_unknown_service_keeps_the_grammars_model_of_every_resource() -> None:
    assert Access(document(allow("zzz:*", "acs:zzz:?*:*:*"))).allows_everywhere("zzz:Get") is False
    assert Access(document(allow("zzz:*", "acs:zzz:*:*:*"))).allows_everywhere("zzz:Get") is True


# ---- bounded work


def test_a_question_past_the_budget_raises_too_complex() -> None:
    covered = globs.Language.of(["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + "?" * 24])
    with pytest.raises(globs.TooComplex):
        globs.includes(covered, arns.every_arn("ecs", ACCOUNT, "instance"))


def test_the_issues_pathological_pattern_is_decided_exactly() -> None:
    assert permission_risks(document(allow("ecs:RunCommand", PATHOLOGICAL))) == []


def test_a_document_too_complex_to_decide_is_a_finding_about_the_whole_document() -> None:
    doc = document(allow("ecs:RunCommand", ["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + "?" * 24]))
    [risk] = escalation_grants(doc)
    assert risk.path == "" and TOO_COMPLEX in risk.message and risk.rule == "ram-no-privilege-escalation"


# ---- federated trust


def trust_of(kind: str, condition: Any = None) -> PolicyDocument:
    statement: Dict[str, Any] = {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"Federated": f"acs:ram::{ACCOUNT}:{kind}/corp"},
    }
    if condition is not None:
        statement["Condition"] = condition
    return document(statement)


@pytest.mark.parametrize(
    ("kind", "condition"),
    [
        ("oidc-provider", {"StringLike": {"oidc:sub": "*"}}),
        ("oidc-provider", {"StringLike": {"oidc:aud": ["sts.aliyuncs.com", "?*"]}}),
        ("oidc-provider", {"StringEquals": {"oidc:iss": "https://oidc.example.com"}}),
        ("oidc-provider", {"StringNotEquals": {"oidc:sub": "system:serviceaccount:kube-system:admin"}}),
        ("saml-provider", {"StringLike": {"saml:recipient": "*"}}),
        ("saml-provider", {"Bool": {"acs:SecureTransport": "true"}}),
    ],
    ids=["sub-star", "aud-any-of-a-star", "issuer-only", "negated", "saml-star", "saml-other-key"],
)
def test_a_federated_condition_that_always_holds_narrows_nothing(kind: str, condition: Any) -> None:
    [risk] = unconditioned_federation(trust_of(kind, condition))
    assert "with a Condition that always holds" in risk.message


@pytest.mark.parametrize(
    ("kind", "condition"),
    [
        ("oidc-provider", {"StringEquals": {"oidc:aud": "sts.aliyuncs.com"}}),
        ("oidc-provider", {"StringLike": {"OIDC:SUB": "system:serviceaccount:app:*"}}),
        ("saml-provider", {"StringEquals": {"saml:recipient": "https://signin.alibabacloud.com/saml-role/sso"}}),
    ],
    ids=["audience", "subject-prefix", "saml-recipient"],
)
def test_a_federated_condition_that_can_be_false_narrows(kind: str, condition: Any) -> None:
    assert unconditioned_federation(trust_of(kind, condition)) == []


def test_importing_the_guardrails_does_not_load_the_catalogue() -> None:
    probe = (
        "import alicloud_instance_role.guardrails, alicloud_instance_role.documents.risks\n"
        "from alicloud_instance_role.catalogue import resources\n"
        "print(resources._catalogue.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"
