"""One way to declare a rule of the pack: its check, with its name, description, default level
and remediation read from the rule's entry in the findings registry
(:mod:`alicloud_instance_role.documents.findings`)."""

from typing import Optional

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationPolicy,
)

from ..documents.findings import Finding, guardrail


def _level(entry: Finding) -> EnforcementLevel:
    return EnforcementLevel(entry.level)


def resource_rule(
    name: str, check: ResourceValidation, settings: Optional[PolicyConfigSchema] = None
) -> ResourceValidationPolicy:
    """The guardrail ``name`` (declared in the registry), judging one resource at a time."""
    entry = guardrail(name)
    return ResourceValidationPolicy(
        name=name,
        description=entry.description or entry.title,
        enforcement_level=_level(entry),
        validate=check,
        config_schema=settings,
        remediation_steps=entry.remediation,
    )


def stack_rule(
    name: str, check: StackValidation, settings: Optional[PolicyConfigSchema] = None
) -> StackValidationPolicy:
    """The guardrail ``name`` (declared in the registry), judging the whole stack at once."""
    entry = guardrail(name)
    return StackValidationPolicy(
        name=name,
        description=entry.description or entry.title,
        enforcement_level=_level(entry),
        validate=check,
        config_schema=settings,
        remediation_steps=entry.remediation,
    )
