"""The rules on one resource's fields that only the pack sees: denied System policies, names and
instance IDs, a policy's rotate strategy, the session duration limit, an instance's metadata
mode, and deprecated fields and resources."""

from typing import Dict, Tuple

from pulumi_policy import PolicyConfigSchema, ReportViolation, ResourceValidationArgs

from .. import arguments
from ..documents import risks
from ..documents.risks import DEFAULT_DENIED_SYSTEM_POLICIES, denied_system_policy
from ..markers import NOT_KNOWN, withheld
from ..naming import POLICY_NAME, ROLE_NAME, NameRule, instance_id_problem
from ..resource_types import (
    DEPRECATED_ROLE_ATTACHMENT,
    INSTANCE,
    INSTANCE_BINDING,
    POLICY,
    RM_POLICY,
    RM_POLICY_VERSION,
    RM_ROLE,
    ROLE,
)
from ..stack_reading import attachment
from .properties import Analyzed, list_setting, read, setting
from .registration import resource_rule
from .secrets import is_secret

#: The longest ``maxSessionDuration`` accepted without a warning, unless configured.
DEFAULT_SESSION_LIMIT = 14400


def _denied_attachment(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    attached = attachment(Analyzed.of(args))
    if attached is None:
        return
    name, policy_type = attached.policy, attached.policy_type
    if not isinstance(name, str) or not isinstance(policy_type, str):
        return
    denied = [str(policy) for policy in setting(args.get_config(), "deniedPolicies", DEFAULT_DENIED_SYSTEM_POLICIES)]
    why = denied_system_policy(name, policy_type, denied)
    if why is not None:
        report_violation(f"policyName: {withheld()}" if attached.policy_secret else why, None)


NO_DENIED_SYSTEM_POLICY = resource_rule(
    risks.DENIED_SYSTEM_POLICY,
    _denied_attachment,
    list_setting(
        "deniedPolicies", DEFAULT_DENIED_SYSTEM_POLICIES, "System policies that may not be attached (any case)."
    ),
)

# Resource type -> (name properties, the deprecated one last; the rule for the name).
NAME_FIELDS: Dict[str, Tuple[Tuple[str, ...], NameRule]] = {
    ROLE: (("roleName", "name"), ROLE_NAME),
    POLICY: (("policyName", "name"), POLICY_NAME),
    RM_ROLE: (("roleName",), ROLE_NAME),
    RM_POLICY: (("policyName",), POLICY_NAME),
    RM_POLICY_VERSION: (("policyName",), POLICY_NAME),
}
# Resource type -> the property holding the ECS instance IDs it binds a role to.
INSTANCE_ID_FIELDS: Dict[str, str] = {INSTANCE_BINDING: "instanceId", DEPRECATED_ROLE_ATTACHMENT: "instanceIds"}


def _valid_names(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    def report(field: str, problem: str) -> None:
        report_violation(f"{field}: {withheld() if is_secret(args.urn, field) else problem}", None)

    if args.resource_type in INSTANCE_ID_FIELDS:
        field = INSTANCE_ID_FIELDS[args.resource_type]
        ids = read(args.props, field)
        for instance_id in ids if isinstance(ids, list) else [ids]:
            problem = None if instance_id in (None, NOT_KNOWN) else instance_id_problem(instance_id)
            if problem is not None:
                report(field, problem)
    if args.resource_type not in NAME_FIELDS:
        return
    fields, rule = NAME_FIELDS[args.resource_type]
    for field in fields:
        name = read(args.props, field)
        if name is NOT_KNOWN:
            return
        if name is not None:
            for problem in rule.problems(name):
                report(field, problem)
            return


NAMES_VALID = resource_rule("ram-names-valid", _valid_names)


def _rotate_strategy(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != POLICY:
        return
    strategy = read(args.props, "rotateStrategy")
    if strategy is NOT_KNOWN or strategy == arguments.POLICY_ROTATE_STRATEGY:
        return
    shown = "is not set" if strategy is None else f"is {strategy!r}"
    report_violation(
        f"rotateStrategy {shown}: RAM keeps at most 5 versions of a policy, so the sixth edit fails; "
        f"set rotate_strategy={arguments.POLICY_ROTATE_STRATEGY!r}",
        None,
    )


POLICY_ROTATE_STRATEGY = resource_rule("ram-policy-rotate-strategy", _rotate_strategy)


def _deprecated_role_attachment(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == DEPRECATED_ROLE_ATTACHMENT:
        report_violation(
            "alicloud.ram.RoleAttachment is deprecated upstream; bind the role with one "
            "alicloud.ecs.RamRoleAttachment per instance",
            None,
        )


NO_DEPRECATED_ROLE_ATTACHMENT = resource_rule("ram-no-deprecated-role-attachment", _deprecated_role_attachment)

#: Resource type -> deprecated property -> what to use instead (from pulumi-alicloud's deprecations).
#: Not the deprecated ``version``: the provider may fill in its default ("1") on every role and policy.
DEPRECATED_FIELDS: Dict[str, Dict[str, str]] = {
    ROLE: {
        "name": "roleName",
        "document": "assumeRolePolicyDocument",
        "ramUsers": "assumeRolePolicyDocument",
        "services": "assumeRolePolicyDocument",
    },
    POLICY: {
        "name": "policyName",
        "document": "policyDocument",
        "statements": "policyDocument",
    },
    INSTANCE: {"roleName": "an alicloud.ecs.RamRoleAttachment"},
}


def _deprecated_fields(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for field, replacement in DEPRECATED_FIELDS.get(args.resource_type, {}).items():
        # An unknown value was still set by the program, so it is reported too.
        if read(args.props, field) not in (None, "", []):
            report_violation(f"{field} is deprecated; use {replacement} instead", None)


NO_DEPRECATED_FIELDS = resource_rule("ram-no-deprecated-fields", _deprecated_fields)


def _session_duration(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != ROLE:
        return
    seconds = read(args.props, "maxSessionDuration")
    limit = setting(args.get_config(), "maxSessionDuration", DEFAULT_SESSION_LIMIT)
    # Numbers arrive over gRPC as floats.
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > limit:
        report_violation(
            f"maxSessionDuration is {int(seconds)} seconds, above the limit of {int(limit)}; "
            "credentials that leak stay usable that long",
            None,
        )


SESSION_DURATION_LIMIT = resource_rule(
    "ram-session-duration-limit",
    _session_duration,
    PolicyConfigSchema(
        properties={
            "maxSessionDuration": {
                "type": "integer",
                "minimum": arguments.SESSION_DURATION_RANGE[0],
                "maximum": arguments.SESSION_DURATION_RANGE[1],
                "default": DEFAULT_SESSION_LIMIT,
                "description": "The longest max_session_duration, in seconds, accepted without a warning.",
            },
        },
    ),
)


def _hardened_metadata(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != INSTANCE:
        return
    tokens = read(args.props, "httpTokens")
    if tokens is NOT_KNOWN or tokens == "required":
        return
    if tokens is None:
        shown = "is not set"
    else:
        shown = "is secret and not 'required'" if is_secret(args.urn, "httpTokens") else f"is {tokens!r}"
    report_violation(
        f"httpTokens {shown}: the instance's role credentials are served by the metadata service; "
        "set http_tokens='required' so only token-holding (hardened mode) requests get them",
        None,
    )


INSTANCE_HARDENED_METADATA = resource_rule("ecs-instance-hardened-metadata", _hardened_metadata)
