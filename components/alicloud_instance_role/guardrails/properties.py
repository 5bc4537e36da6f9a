"""Reading a resource's properties as the analyzer hands them to a policy, with one notion of a
value not known yet (:data:`~alicloud_instance_role.markers.NOT_KNOWN`) and of a secret one
(:func:`~.secrets.is_secret`), and a rule's settings.

Properties are read by their Pulumi schema names (``roleName``, ``policyDocument``); values
unknown during preview are skipped quietly by the rules: the pack sees them again, known, on
``pulumi up``.
"""

from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple

from pulumi_policy import PolicyConfigSchema, PolicyResource, ResourceValidationArgs
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from ..documents import PolicyDocument
from ..documents.risks import Risk
from ..markers import NOT_KNOWN
from ..stack_reading import StackResource
from .secrets import is_secret

__all__ = ["Analyzed", "analyzed", "list_setting", "read", "setting", "with_setting"]

_SENTINELS = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    }
)


def read(props: Mapping[str, Any], *names: str) -> Any:
    """The value of the first of ``names`` set in ``props``; None when none is set; :data:`NOT_KNOWN`
    when it is unknown during preview. Lists come back as plain lists, unknown items as
    :data:`NOT_KNOWN`.

    Works on the analyzer's unknown-checking proxy (which raises on unknown values, and the
    analyzer would turn that into an advisory "can't run policy" diagnostic) and on plain dicts
    holding Pulumi's unknown sentinels alike. Every policy reads properties through here."""
    for name in names:
        try:
            value = props.get(name)
        except UnknownValueError:
            return NOT_KNOWN
        value = _plain(value)
        if value is not None:
            return value
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return NOT_KNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        entries = {}
        for key in value:
            try:
                entries[key] = _plain(value[key])
            except UnknownValueError:
                entries[key] = NOT_KNOWN
        return entries
    if isinstance(value, Sequence):
        items = []
        for index in range(len(value)):
            try:
                items.append(_plain(value[index]))
            except UnknownValueError:
                items.append(NOT_KNOWN)
        return items
    return value


@dataclass(frozen=True)
class Analyzed:
    """A resource under analysis (a stack's ``PolicyResource`` or the one resource of a
    ``ResourceValidationArgs``) read as a :class:`~alicloud_instance_role.stack_reading.StackResource`."""

    type: str
    urn: str
    name: str
    props: Mapping[str, Any]
    dependencies: Mapping[str, Sequence[Any]]

    @classmethod
    def of(cls, resource: "PolicyResource | ResourceValidationArgs") -> "Analyzed":
        """The resource, with its property dependencies when it has them."""
        dependencies = getattr(resource, "property_dependencies", None) or {}
        return cls(resource.resource_type, resource.urn, resource.name, resource.props, dependencies)

    def read(self, *names: str) -> Any:
        """See :func:`read`."""
        return read(self.props, *names)

    def is_secret(self, field: str) -> bool:
        """See :func:`~.secrets.is_secret`."""
        return is_secret(self.urn, field)

    def depends_on(self, field: str) -> Sequence[StackResource]:
        """The resources of the stack the property ``field`` was computed from."""
        return [Analyzed.of(source) for source in self.dependencies.get(field, [])]


def analyzed(resources: Sequence[PolicyResource]) -> Tuple[Analyzed, ...]:
    """A stack's resources, as the stack-reading layer reads them."""
    return tuple(Analyzed.of(resource) for resource in resources)


def setting(config: Mapping[str, Any], name: str, default: Any) -> Any:
    """The rule's setting ``name``, or ``default`` when it is not set."""
    # The engine fills in schema defaults; unit tests and other callers may not, so fall back here.
    value = config.get(name)
    return default if value is None else value


def list_setting(
    name: str, default: Sequence[str], description: str, items: Optional[Dict[str, Any]] = None
) -> PolicyConfigSchema:
    """A rule's one setting: a list of strings (each of the shape ``items``), with its default."""
    schema = {"type": "array", "items": items or {"type": "string"}, "default": list(default)}
    return PolicyConfigSchema(properties={name: {**schema, "description": description}})


def with_setting(
    name: str, default: Sequence[str], find: Callable[[PolicyDocument, Tuple[str, ...]], Sequence[Risk]]
) -> Callable[[PolicyDocument, Mapping[str, Any]], Sequence[Risk]]:
    """A risk of the core given the list setting ``name`` of the rule's config (or ``default``)."""
    return lambda document, config: find(document, tuple(str(value) for value in setting(config, name, default)))
