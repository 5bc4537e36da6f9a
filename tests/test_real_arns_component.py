"""Issue 18 in InstanceRoleComponent and the preview: at construction, a grant on every ARN that
can exist is warned of at its argument path under the pack's rule, a narrow one is not, and a
document too complex to decide is a warning at the argument (and a violation in the preview),
never a hang."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from project_helpers import project_copy

from alicloud_instance_role import InstanceRoleComponent
from alicloud_instance_role.testing.runner import RunResult, run_program

ACCOUNT = "1234567890123456"
ONE_INSTANCE = "acs:ecs:cn-hangzhou:*:instance/i-bp1example"


def constructed(args: Dict[str, Any]) -> RunResult:
    result = run_program(
        lambda: InstanceRoleComponent("app", {"role_name": "app-role", **args}),  # type: ignore[arg-type]
        project="project",
        stack="dev",
        account_id=ACCOUNT,
    )
    assert result.error is None, result.error_text
    return result


def warnings(result: RunResult) -> List[str]:
    return [entry.message for entry in result.warnings()]


def statement(actions: Any, resources: Any, **extra: Any) -> Dict[str, Any]:
    return {"actions": actions if isinstance(actions, list) else [actions], "resources": resources, **extra}


@pytest.mark.parametrize(
    ("granted", "rule"),
    [
        (statement("sts:AssumeRole", ["acs:ram::*:role/*"]), "ram-no-privilege-escalation"),
        (statement("sts:AssumeRole", [f"acs:ram::{ACCOUNT}:role/*"]), "ram-no-privilege-escalation"),
        (statement("sts:AssumeRole", [f"acs:ram::{ACCOUNT}:*"]), "ram-no-privilege-escalation"),
        (statement("sts:AssumeRole", ["acs:ram:*:*:role/?*"]), "ram-no-privilege-escalation"),
        (statement("ecs:RunCommand", ["acs:ecs:*:*:instance/i-*"]), "ram-no-privilege-escalation"),
        (statement("ecs:InvokeCommand", ["acs:ecs:*:*:instance/?*"]), "ram-no-privilege-escalation"),
        (statement("ecs:SendFile", ["acs:ecs:?*:*:instance/*"]), "ram-no-privilege-escalation"),
        (statement("kms:*", ["acs:kms:?*:*:*"]), "ram-no-sensitive-service-grant"),
        (statement("ecs:StartTerminalSession", ["acs:ecs:*:*:instance/*"]), "ram-no-privilege-escalation"),
        (statement("ram:UpdateSAMLProvider", ["*"]), "ram-no-privilege-escalation"),
    ],
    ids=[
        "assume-empty-region",
        "assume-own-role-star",
        "assume-own-star",
        "assume-non-empty-name",
        "run-command-i-star",
        "invoke-command-question-star",
        "send-file-non-empty-region",
        "kms-non-empty-region",
        "terminal-session",
        "update-saml-provider",
    ],
)
def test_a_grant_on_every_real_arn_is_warned_of_at_its_statement(granted: Dict[str, Any], rule: str) -> None:
    found = warnings(constructed({"policy_statements": [granted]}))
    assert any(w.startswith("policy_statements[0]: ") and rule in w for w in found), found


@pytest.mark.parametrize(
    "granted",
    [
        statement("sts:AssumeRole", [f"acs:ram::{ACCOUNT}:role/reader"]),
        statement("ecs:RunCommand", [ONE_INSTANCE]),
        statement(
            "kms:Decrypt",
            ["acs:kms:cn-hangzhou:*:key/key-app"],
            conditions={"Bool": {"acs:SecureTransport": "true"}},
        ),
        statement(["oss:GetObject", "oss:ListObjects"], ["acs:oss:*:*:app-data", "acs:oss:*:*:app-data/*"]),
        statement("log:PostLogStoreLogs", ["acs:log:cn-hangzhou:*:project/app/logstore/events"]),
        statement(["ecs:CreateCommand", "ecs:InvokeCommand"], [ONE_INSTANCE]),
    ],
    ids=[
        "assume-one-role",
        "run-on-one-instance",
        "decrypt-one-key",
        "oss-one-bucket",
        "one-logstore",
        "create-invoke",
    ],
)
def test_a_narrow_grant_is_constructed_without_a_warning(granted: Dict[str, Any]) -> None:
    assert warnings(constructed({"policy_statements": [granted]})) == []


def test_the_issues_pathological_pattern_is_constructed_without_a_warning() -> None:
    assert (
        warnings(constructed({"policy_statements": [statement("ecs:RunCommand", ["acs:ecs:*:*:*i" + "?" * 24])]})) == []
    )


def test_a_document_too_complex_to_decide_is_a_warning_at_the_argument() -> None:
    resources = ["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + "?" * 24]
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:RunCommand", "Resource": resources}]}
    found = warnings(constructed({"policy_document": json.dumps(document)}))
    assert any(
        w.startswith("policy_document: too complex to decide exactly whether it allows privilege escalation")
        and "[RAM212]" in w
        for w in found
    ), found


# ---- in the preview

TOO_COMPLEX_PROGRAM = """
import json
import pulumi_alicloud as alicloud

statement = {{"Effect": "Allow", "Action": "ecs:RunCommand", "Resource": {resources}}}
alicloud.ram.Policy(
    "ops-commands",
    policy_name="ops-commands",
    policy_document=json.dumps({{"Version": "1", "Statement": [statement]}}),
    rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
)
"""


def test_the_preview_reports_a_document_too_complex_to_decide_and_exits_1(tmp_path: Path) -> None:
    resources = ["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + "?" * 24]
    directory = project_copy(tmp_path, "config: {}\n", TOO_COMPLEX_PROGRAM.format(resources=json.dumps(resources)))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "alicloud-instance-role"), "preview", "--project-dir", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[mandatory] ram-no-privilege-escalation on ops-commands" in result.stdout
    assert "too complex to decide exactly" in result.stdout
