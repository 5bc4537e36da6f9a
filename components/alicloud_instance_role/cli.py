"""The ``alicloud-instance-role`` command: ``alicloud-instance-role preview [--project-dir DIR]
[--stack NAME] [--json] [--account-id ID]``, ``discover`` and ``audit`` (read an account)."""

import os
import sys
from typing import Optional, Sequence

USAGE = """usage: alicloud-instance-role <command> [options]

commands:
  preview    show what a stack would create and what the guardrails say, offline
             (alicloud-instance-role preview --help for its options)
  discover   print an account's instance roles as stack settings that adopt them (read-only)
  audit      judge every role, policy and binding of an account with the guardrails (read-only)
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command; return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "preview":
        from .preview.command import main as preview

        try:
            return preview(rest)
        except BrokenPipeError:
            # The reader went away (`... | head`): stop quietly, as other command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    if command in ("discover", "audit"):
        # Only these commands load Alibaba Cloud's SDKs.
        from .account.command import main as read_account

        try:
            return read_account(command, rest)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    sys.stderr.write(f"alicloud-instance-role: unknown command {command!r}\n{USAGE}")
    return 2
