"""A copy of this Pulumi project with a stack file (and, optionally, a program) of a test's own,
so a test can run the real stack program on config the repository does not ship."""

import os
import re
import shutil
from pathlib import Path
from typing import Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The files that make the stack program; the package is imported from the installed alicloud_instance_role.
PROGRAM_FILES = ("Pulumi.yaml", "__main__.py", "stack_settings.py")


def project_copy(directory: Path, stack_file: str, program: Optional[str] = None, stack: str = "test") -> Path:
    """``directory`` holding the project's program files and ``Pulumi.<stack>.yaml`` with
    ``stack_file``; ``program`` replaces ``__main__.py`` when given."""
    for name in PROGRAM_FILES:
        shutil.copy(REPO_ROOT / name, directory / name)
    if program is not None:
        (directory / "__main__.py").write_text(program)
    (directory / f"Pulumi.{stack}.yaml").write_text(stack_file)
    return directory


def require_virtualenv(folder: Path) -> None:
    """Skip the calling test when ``folder/venv`` (a policy pack's or the plugin's, which the
    Pulumi CLI would create) is missing, saying why; under CI (``$CI`` set), where ``make test``
    builds it, fail instead."""
    if not (folder / "venv" / "bin" / "python").exists():
        missing = f"the virtualenv {folder / 'venv'} is missing; `make unit` creates it"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)


def package_version() -> str:
    """The version pyproject.toml gives the package."""
    found = re.search(r'^version = "(.+)"$', (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found.group(1)
