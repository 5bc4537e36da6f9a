"""``alicloud-instance-role preview``: what a stack would create, and what the guardrails say.

No cloud account and no Pulumi CLI needed: the project's program runs in this Python, under the
Pulumi SDK's mocks, as ``pulumi preview`` would run it (a dry run) with its
``Pulumi.<stack>.yaml`` config. Values the provider's source fixes are predicted (and marked),
values only known once the update runs read ``(known after apply)``, and the guardrails of this
package (or a policy pack folder of your own) check every planned resource over the analyzer
protocol. docs/preview.md describes the options, the output and the JSON document.

Exit status: 0 when no mandatory guardrail is violated, 1 when one is, 2 when the program or
its config is wrong (with ``--json``, the errors are in the JSON document too).
"""

import argparse
import dataclasses
import io
import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, TextIO, Tuple

import grpc

from ..offline.made_up import MadeUpValues
from ..offline.mocks import InstanceRoleMocks
from ..offline.runner import ConfigFileError, RunResult, run_project
from ..offline.stack_config import stack_names
from ..resource_types import ROLE
from .errors import PreviewError, program_errors, reported_problems
from .judge import Judgement, PackConfigError, PackStartError, judge, read_pack_config
from .plan import NOT_MADE_UP, Node, Plan, as_json, build_plan, short_type
from .roles import RoleSummary, render, summarize
from .said_once import folded_diagnostics, warnings_said_once

OK, VIOLATIONS, BROKEN = 0, 1, 2
ACCOUNT_ENV = "ALIBABA_CLOUD_ACCOUNT_ID"
STACK_ENV = "STACK"
DEFAULT_STACK = "dev"


#: Why a predicted role ARN keeps the role name's case. RAM's API reference shows the name as
#: written in every response example (CreateRole, GetRole, ListRoles: RoleName ECSAdmin, Arn
#: acs:ram::123456789012****:role/ECSAdmin), and the provider copies GetRole's Arn verbatim
#: (resource_alicloud_ram_role.go:221 at v2.0.0-beta3, unchanged to release/v2 HEAD ace5bcf87; its tests only
#: check that arn is set). Other Alibaba pages write lower-case ARNs for mixed-case roles.
ROLE_ARN_CASE_NOTE = (
    "Role ARNs are predicted with the role name as written, as RAM's CreateRole and GetRole "
    "response examples show (role/ECSAdmin for ECSAdmin); some Alibaba pages write them in lower "
    "case (role/aliyunlogdefaultrole), so compare role ARNs without regard to case."
)



class _Broken(Exception):
    """The program or its config is wrong: exit 2 with this message (text) and ``errors`` (JSON)."""

    def __init__(self, message: str, project: Optional[str] = None, errors: Sequence[PreviewError] = ()) -> None:
        super().__init__(message)
        self.project = project
        self.errors = list(errors) or [PreviewError(message)]


def _file_error(error: ConfigFileError, stack: str) -> _Broken:
    return _Broken(f"stack {stack!r}: {error}", errors=[PreviewError(str(error), error.path)])


def default_stack(project_dir: Path, environ: Mapping[str, str]) -> str:
    """The stack to preview when ``--stack`` is not given: ``$STACK``; else the project's only
    ``Pulumi.<stack>.yaml``; else ``dev`` when there are none or ``Pulumi.dev.yaml`` is one of
    several. Several stack files without a ``dev`` one raise ConfigFileError: pick one."""
    if environ.get(STACK_ENV):
        return environ[STACK_ENV]
    stacks = stack_names(project_dir)
    if len(stacks) == 1:
        return stacks[0]
    if not stacks or DEFAULT_STACK in stacks:
        return DEFAULT_STACK
    raise ConfigFileError(f"{len(stacks)} stacks in {project_dir} ({', '.join(stacks)}); pick one with --stack")


def _arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="alicloud-instance-role preview",
        description="Show what a stack would create and what the guardrails say, offline.",
    )
    parser.add_argument(
        "--stack",
        default=None,
        help=(f"stack name (default: ${STACK_ENV}; else the project's only Pulumi.<stack>.yaml; else {DEFAULT_STACK})"),
    )
    parser.add_argument(
        "--project-dir", type=Path, default=Path.cwd(), help="the Pulumi project (default: the current folder)"
    )
    parser.add_argument(
        "--policy-pack",
        type=Path,
        default=None,
        help="a policy pack folder with its own venv/ (default: this package's guardrails, run with this Python)",
    )
    parser.add_argument(
        "--policy-pack-config",
        type=Path,
        default=None,
        help="rule levels and settings for the pack (JSON, as `pulumi preview --policy-pack-config` takes)",
    )
    parser.add_argument(
        "--account-id",
        default=os.environ.get(ACCOUNT_ENV),
        help=f"account ID for predicted ARNs (default: ${ACCOUNT_ENV}, else a placeholder)",
    )
    parser.add_argument("--json", action="store_true", help="write the plan and diagnostics as one JSON document")
    return parser.parse_args(argv)


def _tree(plan: Plan, out: TextIO) -> None:
    out.write(f"Stack {plan.project}-{plan.stack} (project {plan.project}, stack {plan.stack})\n")
    regions = "; ".join(f"{region} ({source})" for region, source in plan.regions)
    out.write(f"Region {regions or 'not set (alicloud:region)'}\n")

    def line(node: Node, prefix: str, last: bool) -> None:
        reg = node.registration
        branch = "└─ " if last else "├─ "
        marks = (f" [import {reg.import_id}]" if reg.import_id else "") + (" [protect]" if reg.protect else "")
        out.write(f"{prefix}{branch}{short_type(reg.type)} {reg.name}{marks}\n")
        inner = prefix + ("   " if last else "│  ")
        predicted = set(node.predicted)
        for key, value in node.fields.items():
            note = "  (predicted)" if key in predicted else ""
            shown = value if isinstance(value, str) else json.dumps(value)
            out.write(f"{inner}    {key}: {shown}{note}\n")
        for key, label in node.documents.items():
            shown_label = f"document {label}" if label.startswith("D") else label
            out.write(f"{inner}    {key}: {shown_label}\n")
        for index, child in enumerate(node.children):
            line(child, inner, index == len(node.children) - 1)

    for index, root in enumerate(plan.roots):
        line(root, "", index == len(plan.roots) - 1)


def _documents(plan: Plan, out: TextIO) -> None:
    for document in plan.documents:
        note = " (holds predicted values)" if document.predicted else ""
        if document.made_up:
            note += f" (judged with made-up {', '.join(document.made_up)})"
        out.write(f"\nDocument {document.label}: {document.kind} policy, used by {', '.join(document.used_by)}{note}\n")
        out.write(document.pretty() + "\n")


def _summary(judgement: Judgement, plan: Plan) -> str:
    mandatory = judgement.mandatory
    advisory = len(judgement.diagnostics) - mandatory
    documents = f"{len(plan.documents)} RAM document{'' if len(plan.documents) == 1 else 's'}"
    return (
        f"Guardrails: {mandatory} mandatory, {advisory} advisory across {len(plan.resources)} resources "
        f"({documents} checked): {_verdict(mandatory, plan)}"
    )


def _verdict(mandatory: int, plan: Plan) -> str:
    """"ok" only when everything was judged; else what was left to the deployment."""
    if mandatory:
        return "FAIL: pulumi up would stop"
    if not plan.checked_at_deploy:
        return "ok"
    counts: Dict[str, int] = {}
    for entry in plan.checked_at_deploy:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    left = " and ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in sorted(counts.items()))
    return f"ok for what is known; {left} {plan.left_to}"


def _status(code: int, plan: Plan) -> str:
    if code == VIOLATIONS:
        return "violations"
    return "ok-for-what-is-known" if plan.checked_at_deploy else "ok"


def _run(options: argparse.Namespace, stack: str) -> Tuple[RunResult, Optional[MadeUpValues], str]:
    """The program run for the plan: with made-up values for what only the cloud knows, so
    documents built from them are judged. When the program refuses what it built from made-up
    values (the component's problems, by the protocol of :mod:`.errors`), that is the verdict,
    labelled as judged with made-up values; when it fails on them otherwise (its own code cannot
    take a made-up value), the plan is a plain preview's, its unknown documents left to the
    deployment with the reason."""
    mocks = InstanceRoleMocks(account_id=options.account_id, make_up=True)
    run = run_project(options.project_dir, stack, preview=True, mocks=mocks)
    if run.error is None:
        return run, mocks.made_up, NOT_MADE_UP
    plain = run_project(options.project_dir, stack, preview=True, account_id=options.account_id)
    if plain.error is not None:
        message = f"the program for stack {stack!r} failed:\n{plain.error_text}"
        raise _Broken(message, plain.project, program_errors(plain.error, plain.error_text))
    error = _root_cause(run.error)
    refused = reported_problems(error)
    if refused:
        # The program (the component, on resolution) refused what it built from made-up stand-ins:
        # a verdict on the program, labelled as judged with made-up values, not a reason to stop judging.
        note = "judged with values made up for what only the cloud knows"
        text = mocks.made_up.mark(run.error_text)
        errors = [dataclasses.replace(item, message=f"{mocks.made_up.mark(item.message)} ({note})") for item in refused]
        raise _Broken(f"the program for stack {stack!r} failed, {note}:\n{text}", plain.project, errors)
    first_line = (mocks.made_up.mark(str(error)).strip().splitlines() or [type(error).__name__])[0]
    return plain, None, f"the program fails when values only the cloud knows are made up ({first_line})"


def _root_cause(error: BaseException) -> BaseException:
    """The exception a program's own code raised, inside the SDK's "While processing resource"
    wrappers (each raised ``from`` the one it wraps)."""
    seen = {id(error)}
    while error.__cause__ is not None and id(error.__cause__) not in seen:
        error = error.__cause__
        seen.add(id(error))
    return error


def _plan_and_check(options: argparse.Namespace, stack: str) -> Tuple[Plan, Judgement]:
    try:
        run, made_up, unknown_because = _run(options, stack)
    except ConfigFileError as error:
        raise _file_error(error, stack) from None
    plan = build_plan(run, made_up, unknown_because)
    try:
        config = read_pack_config(options.policy_pack_config) if options.policy_pack_config is not None else None
        judgement = judge(plan.resources, plan.project, plan.stack, options.policy_pack, config)
    except (PackStartError, PackConfigError) as error:
        given = options.policy_pack_config if isinstance(error, PackConfigError) else options.policy_pack
        raise _Broken(str(error), run.project, [PreviewError(str(error), str(given) if given else None)]) from None
    except grpc.RpcError as error:
        # A rule that fails on what it is given (a setting of the wrong type, a bug): the pack's
        # answer, not our traceback. The Pulumi CLI refuses such a setting before the pack runs.
        blame = options.policy_pack_config if options.policy_pack_config is not None else options.policy_pack
        message = f"the policy pack failed while judging the plan: {error.details()}"
        if options.policy_pack_config is not None:
            message += f" (check the settings in --policy-pack-config {options.policy_pack_config})"
        raise _Broken(message, run.project, [PreviewError(message, str(blame) if blame else None)]) from None
    plan.warnings = warnings_said_once(plan, run.warnings(), judgement.diagnostics)
    return plan, judgement


def _write_text(plan: Plan, judgement: Judgement, roles: List[RoleSummary], out: TextIO) -> None:
    diagnostics = judgement.diagnostics
    _tree(plan, out)
    if plan.exports:
        out.write("\nOutputs\n")
        for key, value in sorted(plan.exports.items()):
            out.write(f"    {key}: {value}\n")
    _documents(plan, out)
    if roles:
        out.write("\n" + render(roles))
    if plan.warnings:
        out.write("\nWarnings from the program\n")
        for message in plan.warnings:
            out.write(f"  {message}\n")
    made_up = plan.used_made_up()
    if made_up:
        out.write("\nMade up to judge: values only the cloud knows, given a concrete stand-in for these checks\n")
        for value in made_up:
            out.write(f"  {value.label}: {value.output} of {short_type(value.resource_type)} {value.name}\n")
    if plan.checked_at_deploy:
        out.write(f"\n{plan.left_to[0].upper()}{plan.left_to[1:]}: what could not be judged\n")
        for entry in plan.checked_at_deploy:
            out.write(f"  {entry.what}: {entry.why}\n")
    if plan.predicted_values:
        out.write("\n(predicted) values are computed from documented shapes, not read from the cloud.\n")
        if any(node.registration.type == ROLE and "arn" in node.predicted for node in plan.nodes()):
            out.write(ROLE_ARN_CASE_NOTE + "\n")
    if any(node.operation == "import" for node in plan.nodes()):
        out.write(
            "\n[import <id>] resources exist already: `pulumi up` adopts each by its ID, then updates it to "
            "match the program (Pulumi CLI 3.174.0 or newer); one that does not exist fails the update.\n"
        )
    out.write(f"\nGuardrails ({judgement.pack})\n")
    for d, also in folded_diagnostics(diagnostics):
        out.write(f"  [{d['level']}] {d['policy']} on {d['resource']}: {d['message']}\n")
        if also:
            out.write(f"    the same statement also violates {', '.join(also)} (each a policy of its own)\n")
    out.write(_summary(judgement, plan) + "\n")


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the preview; return the exit status."""
    options = _arguments(argv)
    stack = options.stack
    try:
        if stack is None:
            stack = default_stack(options.project_dir, os.environ)
        plan, judgement = _plan_and_check(options, stack)
    except (_Broken, ConfigFileError) as error:
        # A ConfigFileError here is default_stack's: several stack files and none chosen.
        broken = (
            error if isinstance(error, _Broken) else _Broken(str(error), errors=[PreviewError(str(error), error.path)])
        )
        err.write(f"error: {broken}\n")
        if options.json:
            errors = [item.as_json() for item in broken.errors]
            document = {"project": broken.project, "stack": stack, "status": "error", "errors": errors}
            json.dump(document, out, indent=2, ensure_ascii=False)
            out.write("\n")
        return BROKEN
    return report(plan, judgement, out, options.json)


def report(plan: Plan, judgement: Judgement, out: TextIO, as_json_document: bool = False) -> int:
    """Write a judged plan as the preview does (text, or one JSON document): the resources, their
    documents, what each role may do and the guardrails' verdicts; return the exit status, 1
    when a mandatory guardrail is violated, else 0. ``audit`` shows an account with it too."""
    diagnostics = judgement.diagnostics
    status = VIOLATIONS if judgement.mandatory else OK
    roles = summarize(plan)
    # Made-up values are shown by their labels (<assets.bucket>) wherever they went.
    if as_json_document:
        document = {**as_json(plan, diagnostics), "status": _status(status, plan), "errors": []}
        document["roles"] = [role.as_json() for role in roles]
        document["summary"] = _summary(judgement, plan)
        document["pack"] = judgement.pack
        marked = {key: plan.made_up.mark_all(value) for key, value in document.items() if key != "made_up"}
        json.dump({**marked, "made_up": document["made_up"]}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        text = io.StringIO()
        _write_text(plan, judgement, roles, text)
        out.write(plan.made_up.mark(text.getvalue()))
    return status


if __name__ == "__main__":
    sys.exit(main())
