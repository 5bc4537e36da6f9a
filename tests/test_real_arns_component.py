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
from real_arn_cases import ACCOUNT, NARROW_GRANTS, WHOLE_GRANTS

from alicloud_instance_role import InstanceRoleComponent
from alicloud_instance_role.offline.runner import RunResult, run_program


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
    ("actions", "resources", "rule"), [case[1:] for case in WHOLE_GRANTS], ids=[case[0] for case in WHOLE_GRANTS]
)
def test_a_grant_on_every_real_arn_is_warned_of_at_its_statement(
    actions: List[str], resources: List[str], rule: str
) -> None:
    found = warnings(constructed({"policy_statements": [statement(actions, resources)]}))
    assert any(w.startswith("policy_statements[0]: ") and rule in w for w in found), found


@pytest.mark.parametrize(
    ("actions", "resources", "extra"), [case[1:] for case in NARROW_GRANTS], ids=[case[0] for case in NARROW_GRANTS]
)
def test_a_narrow_grant_is_constructed_without_a_warning(
    actions: List[str], resources: List[str], extra: Dict[str, Any]
) -> None:
    conditions = {"conditions": extra["Condition"]} if "Condition" in extra else {}
    assert warnings(constructed({"policy_statements": [statement(actions, resources, **conditions)]})) == []


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
