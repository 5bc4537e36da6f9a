"""``alicloud-instance-role discover`` and ``alicloud-instance-role audit``: read an account,
read-only, and print its instance roles as stack settings (discover) or the guardrails'
verdicts on everything in it (audit). docs/discover-and-audit.md describes them.

Exit status: discover 0, or 2 when the account cannot be read; audit 0, 1 when a mandatory
guardrail is violated, 2 when the account cannot be read or the pack does not start. Errors are
one line on stderr; regions that refuse the calls are skipped with a warning naming them.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional, Sequence, TextIO

from ..preview.judge import PackConfigError, PackStartError, read_pack_config
from .audit import audit
from .calls import AccountError, Calls
from .discover import as_json, as_yaml, discover
from .endpoints import EndpointError, parse_endpoint
from .reading import DEFAULT_CONCURRENCY, Reader, Scope

OK, BROKEN = 0, 2


def _parser(command: str) -> argparse.ArgumentParser:
    what = {
        "discover": "Print the account's instance roles as stack settings to adopt them (read-only).",
        "audit": "Judge every role, policy, attachment and binding of the account with the guardrails (read-only).",
    }[command]
    parser = argparse.ArgumentParser(prog=f"alicloud-instance-role {command}", description=what)
    parser.add_argument(
        "--region",
        action="append",
        dest="regions",
        metavar="REGION",
        help="read instance bindings in this region (repeatable; default: every region DescribeRegions lists)",
    )
    if command == "discover":
        parser.add_argument("--role", action="append", dest="roles", metavar="NAME", help="only this role (repeatable)")
    parser.add_argument(
        "--ram-endpoint", metavar="URL", help="RAM's host or URL (http:// for plain HTTP; default ram.aliyuncs.com)"
    )
    parser.add_argument(
        "--ecs-endpoint", metavar="URL", help="ECS's host or URL (http:// for plain HTTP; default: each region's)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        default=DEFAULT_CONCURRENCY,
        help=f"calls in flight at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--json", action="store_true", help="write one JSON document instead of text")
    if command == "audit":
        parser.add_argument(
            "--policy-pack",
            type=Path,
            metavar="DIR",
            default=None,
            help="a policy pack folder with its own venv/ (default: this package's guardrails)",
        )
        parser.add_argument(
            "--policy-pack-config",
            type=Path,
            metavar="FILE",
            default=None,
            help="rule levels and settings for the pack (JSON, as `pulumi preview --policy-pack-config` takes)",
        )
    return parser


def _warn(err: TextIO, lines: List[str]) -> None:
    for line in lines:
        err.write(f"warning: {line}\n")


def main(command: str, argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run ``discover`` or ``audit`` with ``argv``; return the exit status."""
    parser = _parser(command)
    options = parser.parse_args(argv)
    if options.concurrency < 1:
        parser.error("--concurrency: at least 1")
    try:
        config = read_pack_config(options.policy_pack_config) if getattr(options, "policy_pack_config", None) else None
        calls = Calls(
            parse_endpoint(options.ram_endpoint, "--ram-endpoint"),
            parse_endpoint(options.ecs_endpoint, "--ecs-endpoint"),
        )
        roles = getattr(options, "roles", None)
        scope = Scope(options.regions, roles, instance_roles_only=command == "discover")
        account = Reader(calls, options.concurrency, err).read(scope)
        missing = sorted(set(roles or ()) - {role.name for role in account.roles})
        if missing and not account.roles:
            raise AccountError(f"--role {', '.join(missing)}: no such instance role in the account")
        _warn(err, [f"role {name} skipped: no such role, or ECS may not assume it" for name in missing])
        if command == "discover":
            discovery = discover(account)
            _warn(err, discovery.warnings())
            out.write(as_json(discovery) if options.json else as_yaml(discovery))
            return OK
        _warn(err, [f"region {region} not read: {why}" for region, why in sorted(account.skipped_regions.items())])
        return audit(account, out, options.json, getattr(options, "policy_pack", None), config)
    except (AccountError, EndpointError, PackStartError, PackConfigError) as error:
        err.write(f"error: {error}\n")
        if options.json and command == "audit":
            json.dump({"status": "error", "errors": [str(error)]}, out, indent=2)
            out.write("\n")
        return BROKEN
