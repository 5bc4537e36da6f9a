"""The package's own pack template and guardrails, from the editable install: policies/ is the
template pack_files() writes, and the guardrails import without the provider SDK. (A real
non-editable install is test_team_project.py's.)"""

import json
import subprocess
import sys
from pathlib import Path

import yaml
from project_helpers import package_version

import alicloud_instance_role
from alicloud_instance_role.guardrails import pack_files

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
