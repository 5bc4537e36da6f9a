"""`alicloud-instance-role preview` (and `make preview`), end to end: a subprocess, as a user runs it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest
from project_helpers import project_copy

from alicloud_instance_role.preview.analyzer import UNKNOWN
from alicloud_instance_role.preview.command import default_stack
from alicloud_instance_role.preview.plan import build_plan
from alicloud_instance_role.testing import ConfigFileError, run_project

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


def test_one_instance_bound_to_two_roles_in_the_config_exits_2_naming_both_config_paths(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n"
        "    app:\n      policy_statements:\n        - {actions: ['oss:GetObject'], resources: ['*']}\n"
        "      instance_ids: [i-shared]\n"
        "    worker:\n      policy_statements:\n        - {actions: ['oss:PutObject'], resources: ['*']}\n"
        "      instance_ids: [i-shared]\n"
    )
    result = preview_project(tmp_path, stack_file)
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        "alicloud-instance-role:roles.worker.instance_ids[0]: instance i-shared is bound by "
        "alicloud-instance-role:roles.app.instance_ids[0] too"
    ) in result.stderr
    assert "Traceback" not in result.stderr


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


HAND_WRITTEN_TYPO = """
import pulumi_alicloud as alicloud

alicloud.ram.Policy(
    "reader",
    policy_name="reader",
    policy_document='{"Version": "1", "Statement": '
    '[{"Effect": "Allow", "Action": "sls:GetLogStore", "Resource": "*"}]}',
    rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
)
"""


def test_names_that_do_not_exist_show_once_as_advisory_guardrail_findings(tmp_path: Path) -> None:
    statement = "{actions: [oss:GetObjects], resources: ['*']}"
    stack_file = f"{ROLES}    app:\n      policy_statements:\n        - {statement}\n"
    (tmp_path / "component").mkdir()
    (tmp_path / "hand").mkdir()
    component = preview_project(tmp_path / "component", stack_file)
    assert component.returncode == 0, component.stdout + component.stderr
    assert "[advisory] ram-names-exist on app-policy: policyDocument.Statement[0].Action[0]" in component.stdout
    # The component's own warning about it (policy_statements[0].actions[0] ... [RAM221]) is the same finding.
    assert component.stdout.count("'oss:GetObjects' matches no") == 1
    hand_written = preview_project(tmp_path / "hand", "config: {}\n", program=HAND_WRITTEN_TYPO)
    assert hand_written.returncode == 0, hand_written.stdout + hand_written.stderr
    assert "[advisory] ram-names-exist on reader" in hand_written.stdout
    assert "did you mean 'log:GetLogStore'?" in hand_written.stdout


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


# ---------------------------------------------------------------- team stacks


TEAM_PROJECT = ROOT / "examples" / "team-project"


def team_project(directory: Path, instance_role_name: Optional[str] = None) -> Path:
    """A copy of examples/team-project (a VPC, an instance, an auto-named bucket and the component
    bound to the instance), its instance given ``role_name`` when ``instance_role_name`` is set."""
    project = directory / "team-project"
    shutil.copytree(TEAM_PROJECT, project, ignore=shutil.ignore_patterns("venv", "__pycache__", "tests"))
    if instance_role_name is not None:
        program = (project / "__main__.py").read_text()
        (project / "__main__.py").write_text(
            program.replace('http_tokens="required",', f'http_tokens="required", role_name="{instance_role_name}",')
        )
    return project


def test_a_value_only_the_cloud_knows_is_shown_by_the_label_of_its_made_up_stand_in_and_the_stack_passes(
    tmp_path: Path,
) -> None:
    result = preview("--project-dir", str(team_project(tmp_path)), "--stack", "dev")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "policyDocument: document D3" in result.stdout
    assert "instanceId: <web.id>" in result.stdout
    assert "bucket: <assets.bucket>" in result.stdout
    assert "Traceback" not in result.stderr


def test_values_known_only_after_apply_reach_the_pack_as_pulumis_unknown_marker(tmp_path: Path) -> None:
    run = run_project(team_project(tmp_path), "dev", preview=True)
    assert run.error is None, run.error_text
    # The component and the instance are both called web: tell them apart by type.
    properties = {(resource.type, resource.name): resource.properties for resource in build_plan(run).resources}
    assert properties[("alicloud:ram/policy:Policy", "web-policy")]["policyDocument"] == UNKNOWN
    assert properties[("alicloud:ecs/ramRoleAttachment:RamRoleAttachment", "web-instance-web")]["instanceId"] == UNKNOWN
    assert properties[("alicloud:ecs/instance:Instance", "web")]["vswitchId"] == UNKNOWN


def test_an_instance_of_the_stack_with_a_role_name_that_the_component_also_binds_fails_the_preview(
    tmp_path: Path,
) -> None:
    project = team_project(tmp_path, instance_role_name="legacy-role")
    result = preview("--project-dir", str(project), "--stack", "dev")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[mandatory] ecs-one-role-per-instance on web-instance-web: instance <web.id> is bound" in result.stdout


SECURE_SESSION_POLICY = """config:
  alicloud-instance-role:roles:
    app:
      max_session_duration: 20000
      policy_statements:
        - {actions: ['oss:GetObject'], resources: ['*']}
      instance_ids: [i-1]
      session_policy:
        secure: v1:c2VjcmV0IHNlc3Npb24gcG9saWN5
"""


def test_a_secret_that_cannot_be_decrypted_offline_is_left_to_the_deployment_and_the_rest_is_checked(
    tmp_path: Path,
) -> None:
    text = preview_project(tmp_path, SECURE_SESSION_POLICY)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "Checked at deploy" in text.stdout
    assert "  alicloud-instance-role:roles.app.session_policy: a secret config value" in text.stdout
    assert text.stdout.rstrip().endswith("ok for what is known; 1 config value checked at deploy")
    assert "InstanceRoleComponent app: session_policy: holds a secret config value" in text.stdout
    # The guardrails still ran on everything else.
    assert "[advisory] ram-session-duration-limit on app-role" in text.stdout
    document = json.loads(preview_project(tmp_path, SECURE_SESSION_POLICY, "--json").stdout)
    (left,) = document["checked_at_deploy"]
    assert left["what"] == "alicloud-instance-role:roles.app.session_policy" and left["kind"] == "config value"
    assert document["status"] == "ok-for-what-is-known"
    assert [d["policy"] for d in document["diagnostics"]] == ["ram-session-duration-limit"]


@pytest.mark.parametrize(
    ("stack_file", "program", "says"),
    [
        (f"{ROLES}    app:\n      instance_idz: [i-1]\n", None, "roles.app.instance_idz"),
        ("config: {}\n", "raise ValueError('the team program is broken')\n", "the team program is broken"),
        ("config: [\n", None, "not valid YAML"),
    ],
    ids=["config", "program", "stack-file"],
)
def test_json_on_a_broken_stack_writes_the_errors_as_json_and_exits_2(
    tmp_path: Path, stack_file: str, program: Optional[str], says: str
) -> None:
    result = preview_project(tmp_path, stack_file, "--json", program=program)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["status"] == "error" and document["stack"] == "test"
    assert says in "\n".join(f"{error['path']}: {error['message']}" for error in document["errors"])


def test_warnings_name_the_component_they_are_about(tmp_path: Path) -> None:
    statement = "{actions: ['oss:GetObject', 'oss:GetObject'], resources: ['*']}"
    stack_file = f"{ROLES}    app:\n      policy_statements:\n        - {statement}\n"
    result = preview_project(tmp_path, stack_file)
    assert "alicloud-instance-role.InstanceRoleComponent app: policy_statements[0].actions[1]" in result.stdout


def test_a_risk_the_pack_reports_is_not_repeated_among_the_programs_warnings(tmp_path: Path) -> None:
    stack_file = f"{ROLES}    app:\n      policy_statements:\n        - {{actions: ['*'], resources: ['*']}}\n"
    result = preview_project(tmp_path, stack_file, "--json")
    report = json.loads(result.stdout)
    assert [w for w in report["warnings"] if "[RAM21" in w] == []
    policies = [d["policy"] for d in report["diagnostics"] if d["resource"] == "app-policy"]
    assert "ram-no-admin-grant" in policies


def test_the_region_is_shown_from_the_stack_config_and_from_explicit_providers(tmp_path: Path) -> None:
    program = "import pulumi_alicloud as alicloud\nalicloud.Provider('beijing', region='cn-beijing')\n"
    result = preview_project(tmp_path, "config:\n  alicloud:region: cn-shanghai\n", program=program)
    assert result.returncode == 0, result.stderr
    assert "Region cn-shanghai (alicloud:region); cn-beijing (provider beijing)" in result.stdout


def test_without_stack_the_only_stack_file_of_the_project_is_previewed(tmp_path: Path) -> None:
    project_copy(tmp_path, f"{ROLES}    app: {{}}\n", stack="prod")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "alicloud-instance-role"), "preview", "--project-dir", str(tmp_path)],
        env={key: value for key, value in os.environ.items() if key != "STACK"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Stack alicloud-instance-role-prod" in result.stdout


@pytest.mark.parametrize(
    ("files", "environ", "stack"),
    [
        (["Pulumi.dev.yaml", "Pulumi.prod.yaml"], {"STACK": "prod"}, "prod"),
        (["Pulumi.staging.yaml"], {}, "staging"),
        (["Pulumi.dev.yaml", "Pulumi.prod.yaml"], {}, "dev"),
        ([], {}, "dev"),
    ],
    ids=["$STACK", "only-stack-file", "dev-among-several", "no-stack-file"],
)
def test_the_default_stack(tmp_path: Path, files: Sequence[str], environ: Dict[str, str], stack: str) -> None:
    for name in files:
        (tmp_path / name).write_text("config: {}\n")
    assert default_stack(tmp_path, environ) == stack


def test_several_stack_files_without_dev_need_a_stack_named(tmp_path: Path) -> None:
    for name in ("Pulumi.prod.yaml", "Pulumi.staging.yaml"):
        (tmp_path / name).write_text("config: {}\n")
    with pytest.raises(ConfigFileError, match=r"2 stacks .*\(prod, staging\); pick one with --stack"):
        default_stack(tmp_path, {})


def test_the_preview_says_what_each_role_may_do_in_text_and_json() -> None:
    text = preview("--stack", "prod").stdout
    assert "What each role may do" in text
    reads_and_writes = (
        "oss: GetObject, ListObjects, PutObject on acs:oss:*:*:app-assets-prod, acs:oss:*:*:app-assets-prod/*"
    )
    assert f"    may: {reads_and_writes} [app-policy]" in text
    assert "    denied: oss: DeleteObject on acs:oss:*:*:app-assets-prod/* [app-policy]" in text
    assert "    passed to instances by: group platform-operators (app-operator-policy)" in text
    roles = json.loads(preview("--stack", "prod", "--json").stdout)["roles"]
    app = next(role for role in roles if role["resource"] == "app-role")
    assert app["assumed_by"] == ["ecs.aliyuncs.com"] and app["system_policies"] == ["AliyunLogFullAccess"]
    assert len(app["instances"]) == 3 and app["session_policy"] is None


def test_the_role_summary_says_what_the_session_policy_keeps_narrows_and_removes(tmp_path: Path) -> None:
    session = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:Get*", "Resource": "*"}]})
    stack_file = (
        f"{ROLES}    app:\n      policy_statements:\n"
        "        - {actions: ['oss:GetObject'], resources: ['*']}\n"
        "        - {actions: ['oss:PutObject'], resources: ['*']}\n"
        "        - {actions: ['oss:*'], resources: ['acs:oss:*:*:b/*']}\n"
        f"      instance_ids: [i-bp1a]\n      session_policy: '{session}'\n"
    )
    result = preview_project(tmp_path, stack_file)
    assert result.returncode == 0, result.stderr
    assert "    session policy keeps: oss: GetObject on every resource" in result.stdout
    assert "    session policy removes: oss: PutObject on every resource" in result.stdout
    assert "    session policy narrows: oss: every action on acs:oss:*:*:b/*" in result.stdout


def test_a_secret_policy_reads_secret_in_the_role_summary(tmp_path: Path) -> None:
    result = preview_project(tmp_path, SECRET_STACK)
    assert "    may: [secret] (app-policy)" in result.stdout
