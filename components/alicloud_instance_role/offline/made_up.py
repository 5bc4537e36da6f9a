"""Values only the cloud knows, made up so that what depends on them can be judged offline.

A preview cannot know an instance's ID or an auto-named bucket's name, so a RAM document built
from them (``assets.bucket.apply(lambda name: f"acs:oss:*:*:{name}/*")``) would go unjudged.
:class:`MadeUpValues` gives each such value a concrete stand-in instead and remembers what it
stands for, so the preview can judge the document and then show it with the stand-in marked
(``acs:oss:*:*:<assets.bucket>/*``). A stand-in is a plain lowercase name (``madeup-assets-
bucket-3f2a1c``; an instance's ID in ECS's shape, ``i-madeup...``), never a wildcard: it can
neither hide a grant nor invent one.

Which outputs a resource has comes from its Python class in the provider's SDK (its
``@pulumi.getter`` properties typed ``Output[str]``), found by type token through Pulumi's
registry of resource modules; a type not found there gets no made-up outputs, so what depends
on them stays unknown (and the preview says it is checked at deploy).
"""

import functools
import hashlib
import importlib
import inspect
import re
import typing
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Mapping, Optional, Pattern, Tuple

import pulumi
from pulumi.runtime import rpc

from ..resource_types import INSTANCE

#: Starts every ID the mocks make up, so no one mistakes it for the cloud's.
MADE_UP_ID_PREFIX = "made-up-id-of-"
#: Starts the ID made up for an ECS instance, in ECS's shape (``i-`` then lowercase letters and
#: digits), which the component and the guardrails require of every instance ID.
MADE_UP_INSTANCE_ID_PREFIX = "i-madeup"
#: Starts every output value the mocks make up.
MADE_UP_OUTPUT_PREFIX = "madeup-"


def made_up_id(name: str, resource_type: str = "") -> str:
    """The ID the mocks give a resource whose ID cannot be predicted: ``made-up-id-of-<name>``,
    or for an ECS instance ``i-madeup<hash of name>``."""
    if resource_type == INSTANCE:
        return MADE_UP_INSTANCE_ID_PREFIX + _digest(name)[:12]
    return f"{MADE_UP_ID_PREFIX}{name}"


def made_up_output(resource_type: str, name: str, output: str) -> str:
    """The stand-in for the string output ``output`` of resource ``name``: lowercase letters,
    digits and ``-`` (so it fits most names: a bucket's, a log project's), at most 63 characters."""
    readable = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", f"{name}-{output}".lower())).strip("-")
    return f"{MADE_UP_OUTPUT_PREFIX}{readable[:48].rstrip('-')}-{_digest(resource_type, name, output)[:6]}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MadeUp:
    """One value made up in place of one only the cloud knows."""

    value: str
    """The stand-in, as the program and the guardrails saw it."""
    resource_type: str
    name: str
    """The logical name of the resource it belongs to."""
    output: str
    """The output it stands for, by schema name (``bucket``), or ``id``."""

    @property
    def label(self) -> str:
        """How it is shown: ``<assets.bucket>``."""
        return f"<{self.name}.{self.output}>"


@functools.lru_cache(maxsize=512)
def string_outputs(resource_type: str) -> Tuple[str, ...]:
    """The outputs, by schema name, that a resource of ``resource_type`` always has as a string
    (``Output[str]``, not optional), from its class in the provider's Python SDK; empty when the
    class cannot be found."""
    cls = _resource_class(resource_type)
    if cls is None:
        return ()
    found = []
    for _, prop in inspect.getmembers(cls, lambda member: isinstance(member, property)):
        schema_name = getattr(prop.fget, "_pulumi_name", None)
        annotation = getattr(prop.fget, "__annotations__", {}).get("return")
        if schema_name and typing.get_origin(annotation) is pulumi.Output and typing.get_args(annotation) == (str,):
            found.append(schema_name)
    return tuple(sorted(found))


def _resource_class(resource_type: str) -> Optional[type]:
    package, module, _ = [*resource_type.split(":"), "", ""][:3]
    # Each generated SDK registers its resource modules with the Pulumi runtime when imported
    # (pulumi_alicloud/_utilities.py register()), by "<package>:<module>".
    for registered in rpc._RESOURCE_MODULES.get(f"{package}:{module}", []):
        info = getattr(registered, "mod_info", None)
        if not isinstance(info, Mapping) or resource_type not in info.get("classes", {}):
            continue
        try:
            found = getattr(importlib.import_module(info["fqn"]), info["classes"][resource_type])
        except (ImportError, AttributeError, KeyError):
            return None
        return found if isinstance(found, type) else None
    return None


class MadeUpValues:
    """Every value made up in one run, by stand-in, so it can be told apart and marked."""

    def __init__(self) -> None:
        self.by_value: Dict[str, MadeUp] = {}
        self._pattern: Optional[Pattern[str]] = None

    def add(self, value: str, resource_type: str, name: str, output: str) -> str:
        """Remember ``value`` as made up for ``output`` of ``name``; return it."""
        self.by_value[value] = MadeUp(value, resource_type, name, output)
        self._pattern = None
        return value

    def outputs(self, resource_type: str, name: str, state: Mapping[str, Any]) -> Dict[str, str]:
        """Stand-ins for the string outputs of a resource that ``state`` does not hold."""
        return {
            output: self.add(made_up_output(resource_type, name, output), resource_type, name, output)
            for output in string_outputs(resource_type)
            if state.get(output) is None
        }

    def id(self, resource_type: str, name: str) -> str:
        """A stand-in for the ID of a resource that the provider's source does not fix."""
        return self.add(made_up_id(name, resource_type), resource_type, name, "id")

    def mark(self, text: str) -> str:
        """``text`` with every stand-in replaced by its label (``<assets.bucket>``)."""
        if not self.by_value or not isinstance(text, str):
            return text
        if self._pattern is None:
            longest_first = sorted(self.by_value, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, longest_first)))
        return self._pattern.sub(lambda match: self.by_value[match.group(0)].label, text)

    def mark_all(self, value: Any) -> Any:
        """``value`` (JSON-like data) with every string marked."""
        if isinstance(value, str):
            return self.mark(value)
        if isinstance(value, dict):
            return {key: self.mark_all(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.mark_all(item) for item in value]
        return value

    def found_in(self, texts: Iterable[str]) -> list[MadeUp]:
        """The made-up values that appear in ``texts``, in the order they were made up."""
        joined = "\n".join(texts)
        return [made_up for value, made_up in self.by_value.items() if value in joined]
