"""One way to declare a rule of the pack: its check, with its name, description, default level
and remediation read from the rule's entry in the findings registry
(:mod:`alicloud_instance_role.documents.findings`)."""

from typing import Any, Dict, Optional

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationPolicy,
)

from ..documents.findings import guardrail


def _declared(name: str, settings: Optional[PolicyConfigSchema]) -> Dict[str, Any]:
    """What every policy of the pack reads from the registry entry of the guardrail ``name``."""
    entry = guardrail(name)
    return {
        "name": name,
        "description": entry.description or entry.title,
        "enforcement_level": EnforcementLevel(entry.level),
        "config_schema": settings,
        "remediation_steps": entry.remediation,
    }


def resource_rule(
    name: str, check: ResourceValidation, settings: Optional[PolicyConfigSchema] = None
) -> ResourceValidationPolicy:
    """The guardrail ``name`` (declared in the registry), judging one resource at a time."""
    return ResourceValidationPolicy(validate=check, **_declared(name, settings))


def stack_rule(
    name: str, check: StackValidation, settings: Optional[PolicyConfigSchema] = None
) -> StackValidationPolicy:
    """The guardrail ``name`` (declared in the registry), judging the whole stack at once."""
    return StackValidationPolicy(validate=check, **_declared(name, settings))
