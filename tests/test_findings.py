"""The findings registry is the one home of what a finding is: every code a module reports is
declared there, every policy of the pack is built from its entry, retired codes are never
reported, and the docs' tables say what the registry says."""

import ast
import json
import re
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest

import alicloud_instance_role
from alicloud_instance_role import arguments, guardrails, plugin  # noqa: F401  (each declares or uses codes)
from alicloud_instance_role.documents import findings, validate
from alicloud_instance_role.documents.canonical import load
from alicloud_instance_role.documents.findings import CODES, GUARDRAILS, Finding, declare, finding, guardrail
from alicloud_instance_role.documents.risks import (
    DEFAULT_SENSITIVE_SERVICES,
    NARROWER_THAN_ADMIN,
    RULES,
    folded,
    permission_risks,
    trust_risks,
)
from alicloud_instance_role.guardrails.resources import DEFAULT_SESSION_LIMIT
from alicloud_instance_role.preview.said_once import folded_diagnostics, refused_by

PACKAGE = Path(alicloud_instance_role.__file__).parent
DOCS = Path(__file__).parent.parent / "docs"
CODE = re.compile(r"RAM\d{3}")


def _code_literals() -> Iterator[Tuple[str, int, str]]:
    """(module, line, code) of every string in the package that is exactly a code, outside the
    registry's own declarations (the first argument of ``declare``, and ``retired=``)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared: Set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "declare":
                declared |= {id(arg) for arg in node.args[:1]}
                declared |= {id(k.value) for k in node.keywords if k.arg == "retired"}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in declared:
                continue
            if CODE.fullmatch(node.value):
                yield str(path.relative_to(PACKAGE)), node.lineno, node.value


def test_every_code_a_module_reports_is_declared_and_none_is_retired() -> None:
    found = list(_code_literals())
    assert len(found) > 40  # the scan sees the package's codes
    undeclared = [(module, line, code) for module, line, code in found if code not in CODES]
    retired = [(module, line, code) for module, line, code in found if CODES[code].retired is not None]
    assert undeclared == []
    assert retired == []


def test_every_code_the_registry_declares_is_reported_somewhere_or_retired() -> None:
    reported = {code for _, _, code in _code_literals()} | set(RULES.values())
    unused = [code for code, entry in CODES.items() if code not in reported and entry.retired is None]
    assert unused == []


def test_a_retired_code_names_the_live_code_of_the_same_guardrail_that_reports_it_now() -> None:
    retired = {code: entry.retired for code, entry in CODES.items() if entry.retired is not None}
    assert retired == {"RAM201": "RAM210", "RAM206": "RAM215"}
    for now in retired.values():
        assert now is not None and CODES[now].retired is None and CODES[now].is_guardrail


def test_every_policy_of_the_pack_is_built_from_its_registry_entry() -> None:
    for policy in guardrails.POLICIES:
        entry = guardrail(policy.name)
        assert policy.description == entry.description
        assert policy.enforcement_level is not None and policy.enforcement_level.value == entry.level
        assert policy.remediation_steps == entry.remediation


def test_every_guardrail_of_the_registry_is_a_policy_of_the_pack() -> None:
    assert sorted(policy.name for policy in guardrails.POLICIES) == sorted(GUARDRAILS)


def test_every_guardrail_says_what_to_do_about_it() -> None:
    assert [rule for rule, entry in GUARDRAILS.items() if not entry.remediation] == []


def test_every_risk_rule_is_one_guardrail_with_one_warning_code() -> None:
    for rule, code in RULES.items():
        assert finding(code).rule == rule and guardrail(rule).code == code
        assert finding(code).severity == "warning"


def test_codes_a_guardrail_reports_name_a_declared_guardrail() -> None:
    for code, entry in CODES.items():
        if entry.rule is not None:
            assert entry.rule in GUARDRAILS, code
    assert findings.codes_of(findings.NAMES_EXIST) == ("RAM221", "RAM222", "RAM223", "RAM224", "RAM225")


def test_declaring_a_code_again_the_same_way_is_harmless_but_another_meaning_is_refused() -> None:
    entry = CODES["RAM120"]
    assert declare("RAM120", "error", entry.title) == entry
    with pytest.raises(ValueError, match="RAM120 is declared already"):
        declare("RAM120", "warning", "something else")
    assert CODES["RAM120"] == entry


@pytest.mark.parametrize(
    ("arguments_", "message"),
    [
        ({"code": "RAM3", "severity": "error", "title": "x"}, "not a finding code"),
        ({"code": "RAM299", "severity": "warning", "title": "x", "level": "mandatory"}, "rule name"),
        ({"code": "RAM298", "severity": "warning", "title": "x", "rule": "r", "retired": "RAM210"}, "retired"),
    ],
)
def test_an_incomplete_entry_is_refused(arguments_: Dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        declare(**arguments_)  # type: ignore[arg-type]
    assert arguments_["code"] not in CODES


def test_an_undeclared_code_is_named_when_looked_up() -> None:
    with pytest.raises(KeyError, match="RAM299 is not a declared finding code"):
        finding("RAM299")


def test_the_heading_of_a_code_a_guardrail_refuses_names_the_guardrail() -> None:
    assert finding("RAM210").heading == "allows every action of every service (guardrail ram-no-admin-grant)"
    assert finding("RAM107").heading == finding("RAM107").title


# ---- the same risk said once ----


def _permission(*statements: Dict[str, object]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


@pytest.mark.parametrize("action", ["*", "*:*", ["oss:GetObject", "*"]])
def test_a_document_allowing_everything_gives_one_finding_on_that_statement(action: object) -> None:
    text = _permission({"Effect": "Allow", "Action": action, "Resource": "*"})
    assert validate(text) == []
    (risk,) = permission_risks(load(text, keep_duplicates=True))
    assert (risk.path, risk.rule) == ("Statement[0]", findings.ADMIN_GRANT)
    assert set(risk.also) == {
        findings.SENSITIVE_SERVICE_GRANT,
        findings.PRIVILEGE_ESCALATION,
        findings.PASS_ROLE_SCOPED,
    }
    problem = risk.as_problem("policy_statements[0]")
    assert problem.code == "RAM210"
    assert all(rule in problem.message for rule in risk.also)


def test_only_the_findings_of_the_statement_that_allows_everything_are_folded() -> None:
    text = _permission(
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "ram:PassRole", "Resource": "*"},
    )
    found = permission_risks(load(text, keep_duplicates=True))
    assert sorted((risk.path, risk.rule) for risk in found) == [
        ("Statement[0]", findings.ADMIN_GRANT),
        ("Statement[1]", findings.PASS_ROLE_SCOPED),
    ]


def test_findings_without_a_grant_of_everything_are_not_folded() -> None:
    text = _permission({"Effect": "Allow", "Action": ["ram:*"], "Resource": "*"})
    found = permission_risks(load(text, keep_duplicates=True))
    assert {risk.rule for risk in found} == {
        findings.SENSITIVE_SERVICE_GRANT,
        findings.PRIVILEGE_ESCALATION,
        findings.PASS_ROLE_SCOPED,
    }
    assert folded(found) == found


def test_a_trust_policy_open_to_anyone_is_one_finding_of_its_guardrail() -> None:
    text = json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]}
    )
    assert validate(text, "trust") == []
    (risk,) = trust_risks(load(text, keep_duplicates=True))
    assert risk.as_problem("trust").code == "RAM215"


# ---- the docs say what the registry says ----


def _table_rows(page: Path, first: str) -> List[List[str]]:
    rows = []
    for line in page.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(first, cells[0]):
            rows.append(cells)
    return rows


def test_the_code_table_of_the_docs_lists_every_code_with_its_severity_and_guardrail() -> None:
    rows = _table_rows(DOCS / "documents.md", r"RAM\d{3}")
    assert [row[0] for row in rows] == sorted(CODES)
    for code, severity, what, rule in rows:
        entry: Finding = CODES[code]
        assert severity == entry.severity, code
        assert rule == (f"`{entry.rule}`" if entry.rule else ""), code
        if entry.retired is not None:
            assert what.startswith(f"retired: reported as {entry.retired}"), code


def test_the_rule_table_of_the_docs_lists_every_guardrail_at_its_level() -> None:
    rows = _table_rows(DOCS / "guardrails.md", r"`[a-z-]+`")
    assert {row[0].strip("`"): row[1] for row in rows} == {rule: entry.level for rule, entry in GUARDRAILS.items()}


# ---- the preview says it once ----


def _violation(policy: str, where: str, urn: str = "urn:app-policy") -> Dict[str, str]:
    return {"policy": policy, "urn": urn, "message": f"{where}: something", "level": "mandatory"}


def test_the_preview_lists_the_narrower_violations_of_a_statement_allowing_everything_on_its_line() -> None:
    admin = _violation(findings.ADMIN_GRANT, "policyDocument.Statement[0]")
    narrower = [_violation(rule, "policyDocument.Statement[0]") for rule in NARROWER_THAN_ADMIN]
    elsewhere = _violation(findings.PASS_ROLE_SCOPED, "policyDocument.Statement[1]")
    other_resource = _violation(findings.PASS_ROLE_SCOPED, "policyDocument.Statement[0]", "urn:other-policy")

    listed = folded_diagnostics([admin, *narrower, elsewhere, other_resource])

    assert listed == [(admin, list(NARROWER_THAN_ADMIN)), (elsewhere, []), (other_resource, [])]


def test_the_preview_folds_nothing_without_an_admin_grant() -> None:
    found = [_violation(rule, "policyDocument.Statement[0]") for rule in NARROWER_THAN_ADMIN]
    assert folded_diagnostics(found) == [(d, []) for d in found]


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("policy_statements[0]: allows ... [RAM210]", findings.ADMIN_GRANT),
        ("policy_statements[0].actions[1]: 'x' is listed twice [RAM203]", None),
        ("a message without a code", None),
    ],
)
def test_a_warning_is_refused_by_the_guardrail_of_its_code(message: str, rule: object) -> None:
    assert refused_by(message) == rule


def test_descriptions_that_quote_a_setting_quote_the_one_the_rule_uses() -> None:
    assert arguments.POLICY_ROTATE_STRATEGY in (guardrail("ram-policy-rotate-strategy").description or "")
    assert str(DEFAULT_SESSION_LIMIT) in (guardrail("ram-session-duration-limit").description or "")
    described = guardrail(findings.SENSITIVE_SERVICE_GRANT).description or ""
    assert all(service in described for service in DEFAULT_SENSITIVE_SERVICES)
