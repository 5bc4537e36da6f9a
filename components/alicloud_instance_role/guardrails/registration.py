"""One way to declare a rule of the pack: its name, level, description and check."""

from typing import Optional

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationPolicy,
)

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY


def resource_rule(
    name: str,
    level: EnforcementLevel,
    description: str,
    check: ResourceValidation,
    settings: Optional[PolicyConfigSchema] = None,
) -> ResourceValidationPolicy:
    """A rule judging one resource at a time."""
    return ResourceValidationPolicy(
        name=name, description=description, enforcement_level=level, validate=check, config_schema=settings
    )


def stack_rule(
    name: str,
    level: EnforcementLevel,
    description: str,
    check: StackValidation,
    settings: Optional[PolicyConfigSchema] = None,
) -> StackValidationPolicy:
    """A rule judging the whole stack at once."""
    return StackValidationPolicy(
        name=name, description=description, enforcement_level=level, validate=check, config_schema=settings
    )
