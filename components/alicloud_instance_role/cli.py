"""The ``alicloud-instance-role`` command: ``preview`` (a stack's plan and the guardrails'
verdict, offline), ``pack DIR`` (a policy pack folder that runs this package's guardrails), and
``discover`` and ``audit`` (read an account, read-only)."""

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Optional, Sequence

USAGE = """usage: alicloud-instance-role <command> [options]

commands:
  preview    show what a stack would create and what the guardrails say, offline
             (alicloud-instance-role preview --help for its options)
  pack DIR   write a policy pack folder that runs these guardrails, for
             `pulumi preview --policy-pack DIR` (alicloud-instance-role pack --help)
  discover   print an account's instance roles as stack settings that adopt them (read-only)
  audit      judge every role, policy and binding of an account with the guardrails (read-only)
"""

PACK_FILES = ("PulumiPolicy.yaml", "__main__.py", "requirements.txt")


def pack(argv: Sequence[str]) -> int:
    """``alicloud-instance-role pack DIR [--requirement LINE]``: write the three files of a
    policy pack into DIR, its ``requirements.txt`` installing this package from where this
    installation came from; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="alicloud-instance-role pack",
        description=(
            "Write a policy pack folder that runs the guardrails of this package: PulumiPolicy.yaml, "
            "__main__.py and a requirements.txt that installs this package from where this installation "
            "came from (a path, a git URL at its commit, or an index at this version). The Pulumi CLI makes "
            "the folder's venv/ from requirements.txt."
        ),
    )
    parser.add_argument("folder", type=Path, help="the pack folder to write (created if missing)")
    parser.add_argument(
        "--requirement",
        default=None,
        help="the requirements.txt line that installs the package (default: where this installation came from)",
    )
    options = parser.parse_args(argv)
    from .guardrails import pack_files
    from .guardrails.source import installed_requirement

    requirement = options.requirement or installed_requirement()
    folder: Path = options.folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in pack_files(requirement).items():
            (folder / name).write_text(text, encoding="utf-8")
    except OSError as error:
        sys.stderr.write(f"alicloud-instance-role pack: cannot write {error.filename or folder}: {error.strerror}\n")
        return 2
    sys.stdout.write(f"wrote {', '.join(str(folder / name) for name in PACK_FILES)}\nrequirements.txt: {requirement}\n")
    if (folder / "venv").exists():
        sys.stdout.write(
            f"{folder / 'venv'} exists already: delete it so that the Pulumi CLI installs the package again.\n"
        )
    return 0


def _until_the_reader_leaves(run: Callable[[], int]) -> int:
    """``run()``'s exit status; 1 when the reader of its output went away (``... | head``)."""
    try:
        return run()
    except BrokenPipeError:
        # Stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command; return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "pack":
        return pack(rest)
    if command == "preview":
        from .preview.command import main as preview

        return _until_the_reader_leaves(lambda: preview(rest))
    if command in ("discover", "audit"):
        # Only these commands load Alibaba Cloud's SDKs.
        from .account.command import main as read_account

        return _until_the_reader_leaves(lambda: read_account(command, rest))
    sys.stderr.write(f"alicloud-instance-role: unknown command {command!r}\n{USAGE}")
    return 2
