"""The package's own pack template and guardrails, from the editable install: policies/ is the
template pack_files() writes, ``alicloud-instance-role pack`` writes a pack folder that installs
the package from where it was installed, and the guardrails import without the provider SDK.
(A real non-editable install, and its pack folder, are test_team_project.py's.)"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from packaging.requirements import Requirement
from project_helpers import package_version

import alicloud_instance_role
from alicloud_instance_role.guardrails import pack_files
from alicloud_instance_role.guardrails.source import requirement_from

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_guardrails_loads_no_pulumi_alicloud_module() -> None:
    program = (
        "import json, sys\n"
        "import alicloud_instance_role.guardrails\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'pulumi_alicloud')))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_repositorys_policies_folder_is_the_packages_pack_template() -> None:
    files = pack_files()
    assert sorted(
        path.name for path in (REPO_ROOT / "policies").glob("*") if path.is_file() and path.name != "README.md"
    ) == sorted(files)
    for name, text in files.items():
        assert (REPO_ROOT / "policies" / name).read_text(encoding="utf-8") == text, name
    assert files["requirements.txt"] == f"alicloud-instance-role=={alicloud_instance_role.__version__}\n"


def test_the_packs_version_is_the_packages_version() -> None:
    version = package_version()
    pack = yaml.safe_load((REPO_ROOT / "policies" / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    assert str(pack["version"]) == version == alicloud_instance_role.__version__


COMMIT = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"


@pytest.mark.parametrize(
    ("direct_url", "url"),
    [
        ({"url": "file:///home/team/alicloud-instance-role", "dir_info": {}}, "file:///home/team/alicloud-instance-role"),
        ({"url": "file:///src/checkout", "dir_info": {"editable": True}}, "file:///src/checkout"),
        (
            {"url": "file:///tmp/alicloud_instance_role-0.2.0-py3-none-any.whl", "archive_info": {"hash": "sha256=ab"}},
            "file:///tmp/alicloud_instance_role-0.2.0-py3-none-any.whl",
        ),
        (
            {
                "url": "https://git.example.com/platform/alicloud-instance-role.git",
                "vcs_info": {"vcs": "git", "requested_revision": "main", "commit_id": COMMIT},
            },
            f"git+https://git.example.com/platform/alicloud-instance-role.git@{COMMIT}",
        ),
        (
            {
                "url": "https://git.example.com/platform/monorepo.git",
                "vcs_info": {"vcs": "git", "commit_id": COMMIT},
                "subdirectory": "packages/alicloud-instance-role",
            },
            f"git+https://git.example.com/platform/monorepo.git@{COMMIT}#subdirectory=packages/alicloud-instance-role",
        ),
    ],
    ids=["folder", "editable-folder", "wheel-file", "git-at-its-commit", "git-subdirectory"],
)
def test_a_package_installed_from_a_path_or_url_is_required_from_the_same_place(
    direct_url: dict, url: str
) -> None:
    line = requirement_from(direct_url, "0.2.0")
    requirement = Requirement(line)
    assert (requirement.name, requirement.url) == ("alicloud-instance-role", url)


@given(st.lists(st.text(alphabet="abcXYZ019 ._-~+@#%&()", min_size=1, max_size=12), min_size=1, max_size=4))
def test_a_folder_anywhere_is_required_by_a_line_pip_reads_back_as_that_folder(parts: list) -> None:
    folder = Path("/", *(part if part.strip(".") else f"{part}x" for part in parts))
    line = requirement_from({"url": folder.as_uri(), "dir_info": {}}, "0.2.0")
    assert Requirement(line).url == folder.as_uri()


def test_a_package_installed_from_an_index_is_required_at_its_version() -> None:
    assert requirement_from(None, "0.2.0") == "alicloud-instance-role==0.2.0"
    assert requirement_from({"archive_info": {}}, "1.4.1") == "alicloud-instance-role==1.4.1"


def _pack_command(*args: str) -> "subprocess.CompletedProcess[str]":
    command = [str(Path(sys.executable).parent / "alicloud-instance-role"), "pack", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_the_pack_command_writes_the_pack_files_requiring_this_checkout_it_is_installed_from(tmp_path: Path) -> None:
    folder = tmp_path / "guardrails"
    result = _pack_command(str(folder))
    assert result.returncode == 0, result.stderr
    # This checkout's venv holds the package editable from the checkout: the pack installs it from there.
    expected = pack_files(f"alicloud-instance-role @ {REPO_ROOT.as_uri()}")
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == expected
    assert f"requirements.txt: alicloud-instance-role @ {REPO_ROOT.as_uri()}" in result.stdout


def test_the_pack_command_takes_a_requirement_of_ones_own_and_says_when_a_venv_must_be_made_again(
    tmp_path: Path,
) -> None:
    (tmp_path / "venv").mkdir()
    result = _pack_command(str(tmp_path), "--requirement", "alicloud-instance-role==0.2.0")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8") == "alicloud-instance-role==0.2.0\n"
    assert f"{tmp_path / 'venv'} exists already: delete it" in result.stdout


def test_the_pack_command_into_a_file_is_one_error_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    result = _pack_command(str(tmp_path / "taken"))
    assert result.returncode == 2
    assert result.stderr.startswith("alicloud-instance-role pack: cannot write") and "Traceback" not in result.stderr
