"""The stack-wide rules: one role per ECS instance, and instances given a role are VPC instances.
Bindings are found by the stack-reading layer (:mod:`alicloud_instance_role.stack_reading`), the
same one the preview's role summary uses."""

from typing import Dict, List

from pulumi_policy import ReportViolation, StackValidationArgs

from ..markers import NOT_KNOWN
from ..resource_types import INSTANCE
from ..stack_reading import Binding, bindings
from .properties import analyzed, read
from .registration import stack_rule


def _conflict(first: Binding, second: Binding) -> bool:
    if first.is_attachment and second.is_attachment:
        return True
    # An instance's roleName may be the cloud's answer (its outputs, after a refresh) to the very
    # attachment beside it: only two different, known role names are two roles.
    return NOT_KNOWN not in (first.role, second.role) and first.role != second.role


def _shown_role(binding: Binding) -> str:
    if binding.role is NOT_KNOWN:
        return "a role whose name is not known yet"
    return "a role whose name is secret" if binding.role_secret else f"role {binding.role!r}"


def _one_role_per_instance(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    seen: Dict[str, List[Binding]] = {}
    for binding in bindings(analyzed(args.resources)):
        earlier = seen.setdefault(binding.instance, [])
        for first in earlier:
            if _conflict(first, binding):
                report_violation(
                    f"instance {binding.shown} is bound to {_shown_role(first)} by {first.resource.urn} "
                    f"and to {_shown_role(binding)} by {binding.resource.urn}; "
                    "an ECS instance holds one RAM role at a time, so the second attach fails",
                    binding.resource.urn,
                )
                break
        earlier.append(binding)


ONE_ROLE_PER_INSTANCE = stack_rule("ecs-one-role-per-instance", _one_role_per_instance)


def _role_needs_vpc(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    with_role = {binding.instance for binding in bindings(analyzed(args.resources))}
    for resource in args.resources:
        if resource.resource_type != INSTANCE or resource.urn not in with_role:
            continue
        if read(resource.props, "vswitchId") in (None, ""):
            report_violation(
                "the instance is given a RAM role but has no vswitchId; instance RAM roles work only for VPC instances",
                resource.urn,
            )


INSTANCE_ROLE_NEEDS_VPC = stack_rule("ecs-instance-role-needs-vpc", _role_needs_vpc)
