"""Layers point one way: the test helpers (``alicloud_instance_role.testing``) use the package,
and nothing the package runs for its users (the preview, the account readers, the guardrails, the
offline runner they share) depends on them."""

import ast
from pathlib import Path
from typing import List

PACKAGE = Path(__file__).resolve().parents[1] / "components" / "alicloud_instance_role"
USERS_OF_THE_TEST_HELPERS_NOT_ALLOWED = ("preview", "account", "guardrails", "offline")


def _imports_of_testing(path: Path) -> List[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            absolute = node.level == 0 and (node.module or "").startswith("alicloud_instance_role.testing")
            relative = node.level == 2 and (node.module or "").split(".")[0] == "testing"
            if absolute or relative:
                found.append(f"line {node.lineno}: {node.module}")
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if alias.name.startswith("alicloud_instance_role.testing"))
    return found


def test_the_packages_users_run_import_nothing_from_the_test_helpers() -> None:
    files = [path for folder in USERS_OF_THE_TEST_HELPERS_NOT_ALLOWED for path in (PACKAGE / folder).glob("*.py")]
    assert len(files) > 20  # the folders exist and were read
    offenders = {str(path.relative_to(PACKAGE)): _imports_of_testing(path) for path in files}
    assert {path: found for path, found in offenders.items() if found} == {}
