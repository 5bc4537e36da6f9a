"""A copy of this Pulumi project with a stack file (and, optionally, a program) of a test's own,
so a test can run the real stack program on config the repository does not ship."""

import shutil
from pathlib import Path
from typing import Optional

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The files that make the stack program; `components` is imported from the repository.
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
