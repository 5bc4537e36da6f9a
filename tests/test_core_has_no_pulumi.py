"""The pure-Python core (documents, naming, argument checks) imports no Pulumi, so the policy pack and any tool can
use it without the Pulumi SDK."""

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import List

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "components" / "alicloud_instance_role"
CORE_FILES = [
    *sorted((PACKAGE / "documents").glob("*.py")),
    *sorted((PACKAGE / "catalogue").glob("*.py")),
    PACKAGE / "naming.py",
    PACKAGE / "arguments.py",
    PACKAGE / "argument_plan.py",
    PACKAGE / "checked_once.py",
    PACKAGE / "resource_types.py",
    PACKAGE / "import_ids.py",
    PACKAGE / "offline_secrets.py",
    PACKAGE / "wire.py",
    PACKAGE / "values.py",
    PACKAGE / "markers.py",
    PACKAGE / "stack_reading.py",
]
FORBIDDEN_ROOTS = ("pulumi", "pydantic")


def _is_forbidden(module: str) -> bool:
    return module.startswith("pulumi") or module.split(".")[0] in FORBIDDEN_ROOTS


def _imported_modules(path: Path) -> List[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def test_importing_the_core_loads_no_pulumi_or_pydantic_module() -> None:
    program = (
        "import json, sys\n"
        "import alicloud_instance_role.documents, alicloud_instance_role.naming, alicloud_instance_role.arguments\n"
        "import alicloud_instance_role.argument_plan\n"
        'alicloud_instance_role.documents.canonicalize(\'{"Version": "1", "Statement": '
        '{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}}\')\n'
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "alicloud_instance_role.documents" in loaded
    assert [module for module in loaded if _is_forbidden(module)] == []


def test_the_core_files_are_found() -> None:
    names = {path.name for path in CORE_FILES}
    assert {"validation.py", "canonical.py", "model.py", "naming.py", "arguments.py", "import_ids.py"} <= names


def test_no_core_file_imports_pulumi_or_pydantic() -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): [m for m in _imported_modules(path) if _is_forbidden(m)]
        for path in CORE_FILES
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}
