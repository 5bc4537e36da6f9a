"""The preview's pack: named by the version its PulumiPolicy.yaml declares, a team's own pack
folder (``--policy-pack``) and a team's rule settings (``--policy-pack-config``) applied offline,
as ``pulumi preview`` applies them."""

import json
import shutil
import subprocess
from pathlib import Path

from policy_helpers import PACK_DIR
from project_helpers import package_version, require_virtualenv
from test_preview import ROLES, preview, preview_project

import alicloud_instance_role

# A role whose sessions last 2 hours: under the default limit (4 hours), over a team's 1 hour.
TWO_HOUR_SESSIONS = (
    f"{ROLES}    app:\n      max_session_duration: 7200\n"
    "      policy_statements:\n        - {actions: ['oss:GetObject'], resources: ['*']}\n"
)


def test_the_packages_guardrails_are_named_by_the_installed_packages_version_in_text_and_json() -> None:
    pack = f"alicloud-instance-role-guardrails@{alicloud_instance_role.__version__}"
    assert f"\nGuardrails ({pack})\n" in preview("--stack", "dev").stdout
    assert json.loads(preview("--stack", "dev", "--json").stdout)["pack"] == pack


def test_a_pack_folder_of_ones_own_is_named_by_the_version_its_pulumipolicy_yaml_declares(tmp_path: Path) -> None:
    require_virtualenv(PACK_DIR)
    pack = tmp_path / "team-guardrails"
    pack.mkdir()
    for name in ("__main__.py", "requirements.txt"):
        shutil.copy(PACK_DIR / name, pack / name)
    declared = (PACK_DIR / "PulumiPolicy.yaml").read_text().replace(f"version: {package_version()}", "version: 7.1.3")
    (pack / "PulumiPolicy.yaml").write_text(declared)
    (pack / "venv").symlink_to(PACK_DIR / "venv")  # the venv the Pulumi CLI would have made
    project = tmp_path / "project"
    project.mkdir()
    pass_any_role = "{actions: ['ram:PassRole'], resources: ['*']}"
    stack_file = f"{ROLES}    app:\n      policy_statements:\n        - {pass_any_role}\n"
    document = json.loads(preview_project(project, stack_file, "--json", "--policy-pack", str(pack)).stdout)
    assert document["pack"] == "alicloud-instance-role-guardrails@7.1.3"
    assert {d["pack"] for d in document["diagnostics"]} == {"alicloud-instance-role-guardrails@7.1.3"}


def test_a_teams_rule_settings_apply_offline_and_change_the_verdict(tmp_path: Path) -> None:
    clean = preview_project(tmp_path, TWO_HOUR_SESSIONS)
    assert clean.returncode == 0 and "ram-session-duration-limit" not in clean.stdout
    config = tmp_path / "policy-config.json"
    team_limit = {"enforcementLevel": "mandatory", "maxSessionDuration": 3600}
    config.write_text(json.dumps({"ram-session-duration-limit": team_limit}))
    result = preview_project(tmp_path, TWO_HOUR_SESSIONS, "--policy-pack-config", str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    finding = "[mandatory] ram-session-duration-limit on app-role: maxSessionDuration is 7200 seconds"
    assert f"{finding}, above the limit of 3600" in result.stdout


def _one_error(result: "subprocess.CompletedProcess[str]", path: Path, says: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    (error,) = json.loads(result.stdout)["errors"]
    assert error["path"] == str(path) and says in error["message"], error


def test_an_unknown_rule_in_the_pack_config_is_one_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps({"ram-session-duration-limt": "mandatory"}))
    result = preview_project(tmp_path, TWO_HOUR_SESSIONS, "--json", "--policy-pack-config", str(config))
    _one_error(result, config, "has no rule ram-session-duration-limt")


def test_a_setting_of_the_wrong_type_is_one_clear_error_naming_the_file(tmp_path: Path) -> None:
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps({"ram-session-duration-limit": {"maxSessionDuration": "an hour"}}))
    result = preview_project(tmp_path, TWO_HOUR_SESSIONS, "--json", "--policy-pack-config", str(config))
    _one_error(result, config, f"check the settings in --policy-pack-config {config}")


def test_a_pack_config_that_cannot_be_read_is_one_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-config.json"
    result = preview_project(tmp_path, TWO_HOUR_SESSIONS, "--json", "--policy-pack-config", str(missing))
    _one_error(result, missing, "cannot read it")


def test_a_pack_folder_without_its_venv_is_one_clear_error_naming_the_folder(tmp_path: Path) -> None:
    pack = tmp_path / "guardrails"
    pack.mkdir()
    result = preview_project(tmp_path, TWO_HOUR_SESSIONS, "--json", "--policy-pack", str(pack))
    _one_error(result, pack, f"no Python at {pack / 'venv' / 'bin' / 'python'}")
