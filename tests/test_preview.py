"""`make preview`, end to end: a subprocess, as a user runs it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest
from project_helpers import project_copy

ROOT = Path(__file__).resolve().parents[1]
CIPHERTEXT = "v1:AAABBBCCCsecretciphertextDDD"
ROLES = "config:\n  alicloud-instance-role:roles:\n"


def preview(*args: str, cwd: Path = ROOT, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "alicloud-instance-role"), "preview", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def preview_project(tmp_path: Path, stack_file: str, *extra: str, program: Optional[str] = None):
    directory = project_copy(tmp_path, stack_file, program)
    return preview("--project-dir", str(directory), "--stack", "test", *extra)


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_a_clean_stack_prints_its_roles_documents_and_a_clean_summary_and_exits_0(stack: str) -> None:
    result = preview("--stack", stack)
    assert result.returncode == 0, result.stderr
    assert f"Stack alicloud-instance-role-{stack}" in result.stdout
    assert "alicloud.ram.Role app-role" in result.stdout
    assert "Document D1: trust policy" in result.stdout
    assert '"ecs.aliyuncs.com"' in result.stdout
    assert "Guardrails: 0 mandatory, 0 advisory" in result.stdout
    assert result.stdout.rstrip().endswith(": ok")


def test_prod_shows_both_roles_protected_and_each_document_once() -> None:
    result = preview("--stack", "prod")
    assert "alicloud.ram.Role app-role [protect]" in result.stdout
    assert "alicloud.ram.Role batch-role [protect]" in result.stdout
    # Both roles trust the same services: one trust document, used twice.
    assert result.stdout.count("trust policy, used by app-role.assumeRolePolicyDocument, batch-role.") == 1


def test_predicted_values_are_marked_and_use_the_account_when_given() -> None:
    placeholder = preview("--stack", "dev")
    assert "acs:ram::<account-id>:role/app-dev-" in placeholder.stdout
    assert "(predicted)" in placeholder.stdout
    assert "(holds predicted values)" in placeholder.stdout
    # The preview says which case it chose for role ARNs, and why.
    assert "Role ARNs are predicted with the role name as written" in placeholder.stdout
    assert "CreateRole and GetRole response examples" in placeholder.stdout
    with_account = preview("--stack", "dev", env={"ALIBABA_CLOUD_ACCOUNT_ID": "1234567890123456"})
    assert "acs:ram::1234567890123456:role/app-dev-" in with_account.stdout
    assert "<account-id>" not in with_account.stdout


def test_one_instance_bound_to_two_roles_exits_1_naming_the_rule(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n"
        "    app:\n      policy_statements:\n        - {actions: ['oss:GetObject'], resources: ['*']}\n"
        "      instance_ids: [i-shared]\n"
        "    worker:\n      policy_statements:\n        - {actions: ['oss:PutObject'], resources: ['*']}\n"
        "      instance_ids: [i-shared]\n"
    )
    result = preview_project(tmp_path, stack_file)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[mandatory] ecs-one-role-per-instance" in result.stdout
    assert "i-shared" in result.stdout
    assert "FAIL" in result.stdout


HAND_WRITTEN_PASS_ROLE = """
import pulumi_alicloud as alicloud

alicloud.ram.Policy(
    "ops-pass-any-role",
    policy_name="ops-pass-any-role",
    policy_document='{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:PassRole","Resource":"*"}]}',
    rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
)
"""


def test_a_hand_written_pass_role_on_everything_exits_1_naming_the_rule(tmp_path: Path) -> None:
    result = preview_project(tmp_path, "config: {}\n", program=HAND_WRITTEN_PASS_ROLE)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[mandatory] ram-pass-role-scoped on ops-pass-any-role" in result.stdout


@pytest.mark.parametrize(
    ("stack_file", "path"),
    [
        (f"{ROLES}    app:\n      instance_idz: [i-1]\n", "roles.app.instance_idz"),
        (f"{ROLES}    app:\n      max_session_duration: 60\n", "max_session_duration"),
    ],
    ids=["config-schema", "component-argument"],
)
def test_a_broken_config_exits_2_naming_the_config_path_without_a_traceback(
    tmp_path: Path, stack_file: str, path: str
) -> None:
    result = preview_project(tmp_path, stack_file)
    assert result.returncode == 2
    assert path in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_stack_file_whose_config_is_not_a_mapping_exits_2_naming_the_file(tmp_path: Path) -> None:
    result = preview_project(tmp_path, "config:\n  - alicloud:region\n")
    assert result.returncode == 2
    assert "Pulumi.test.yaml: config: expected a mapping" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_project_without_a_program_exits_2(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: empty\nruntime: python\n")
    (tmp_path / "Pulumi.test.yaml").write_text("config: {}\n")
    result = preview("--project-dir", str(tmp_path), "--stack", "test")
    assert result.returncode == 2
    assert "__main__.py: no Pulumi Python program" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_of_the_program_are_shown_in_text_and_json(tmp_path: Path) -> None:
    statement = "{actions: ['oss:GetObject', 'oss:GetObject'], resources: ['acs:oss:*:1234****:b']}"
    stack_file = f"{ROLES}    app:\n      policy_statements:\n        - {statement}\n"
    text = preview_project(tmp_path, stack_file)
    assert text.returncode == 0, text.stderr
    assert "Warnings from the program" in text.stdout
    assert "policy_statements[0].actions[1]: 'oss:GetObject' is listed twice" in text.stdout
    warnings = json.loads(preview_project(tmp_path, stack_file, "--json").stdout)["warnings"]
    assert sorted(w.rsplit("[", 1)[1] for w in warnings) == ["RAM203]", "RAM205]"]


def test_an_unknown_stack_exits_2_listing_the_stacks_there() -> None:
    result = preview("--stack", "nope")
    assert result.returncode == 2
    assert "Pulumi.nope.yaml" in result.stderr and "dev, prod, staging" in result.stderr


def test_json_output_parses_and_lists_every_planned_resource() -> None:
    text = preview("--stack", "prod")
    result = preview("--stack", "prod", "--json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    names = {resource["name"] for resource in document["resources"]}
    assert len(names) == len(document["resources"]) == 17
    for name in names:
        assert f" {name}" in text.stdout
    assert {d["label"] for d in document["documents"]} == {"D1", "D2", "D3", "D4", "D5"}
    assert document["diagnostics"] == [] and document["summary"].endswith(": ok")
    role = next(r for r in document["resources"] if r["name"] == "app-role")
    assert role["protect"] is True and "arn" in role["predicted"]
    assert {(r["operation"], r["import_id"]) for r in document["resources"]} == {("create", None)}
    assert "[import" not in text.stdout


SECRET_STACK = f"""config:
  alicloud-instance-role:roles:
    app:
      policy_statements:
        - {{actions: ['oss:GetObject'], resources: ['*']}}
      instance_ids: [i-1]
      tags:
        cost-center:
          secure: {CIPHERTEXT}
"""


@pytest.mark.parametrize("mode", [(), ("--json",)], ids=["text", "json"])
def test_no_secret_value_appears_in_any_output(tmp_path: Path, mode: Sequence[str]) -> None:
    result = preview_project(tmp_path, SECRET_STACK, *mode)
    assert result.returncode == 0, result.stderr
    assert "[secret]" in result.stdout
    assert CIPHERTEXT not in result.stdout + result.stderr
    assert "secretciphertext" not in result.stdout + result.stderr


def test_make_preview_takes_the_stack_from_the_make_variable() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "--no-print-directory", "preview", "STACK=staging"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Stack alicloud-instance-role-staging" in result.stdout


ADOPTING = (
    f"{ROLES}    app:\n      adopt: true\n      role_name: app-ops\n      policy_name: app-ops-permissions\n"
    "      policy_statements:\n        - {actions: ['oss:GetObject'], resources: ['*']}\n"
    "      system_policies: [AliyunLogFullAccess]\n      instance_ids: [i-bp1aaa]\n      operator_users: [alice]\n"
)


def test_adopted_resources_are_marked_import_with_their_ids_in_text_and_json(tmp_path: Path) -> None:
    text = preview_project(tmp_path, ADOPTING)
    assert text.returncode == 0, text.stderr
    assert "alicloud.ram.Role app-role [import app-ops]\n" in text.stdout
    assert "alicloud.ram.Policy app-policy [import app-ops-permissions]\n" in text.stdout
    system = "alicloud.ram.RolePolicyAttachment app-system-AliyunLogFullAccess"
    assert f"{system} [import role:AliyunLogFullAccess:System:app-ops]\n" in text.stdout
    assert "alicloud.ecs.RamRoleAttachment app-instance-i-bp1aaa [import i-bp1aaa:app-ops]" in text.stdout
    assert "alicloud.ram.Policy app-operator-policy\n" in text.stdout
    assert "`pulumi up` adopts each by its ID" in text.stdout

    document = json.loads(preview_project(tmp_path, ADOPTING, "--json").stdout)
    operations = {r["name"]: (r["operation"], r["import_id"]) for r in document["resources"]}
    assert operations["app-policy-attachment"] == ("import", "role:app-ops-permissions:Custom:app-ops")
    assert operations["app-instance-i-bp1aaa"] == ("import", "i-bp1aaa:app-ops")
    assert operations["app-operator-policy"] == operations["app-operator-user-alice"] == ("create", None)
    assert sum(operation == "import" for operation, _ in operations.values()) == 5
