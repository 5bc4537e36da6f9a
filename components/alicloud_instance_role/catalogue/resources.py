"""Resource types and ARN templates: for each service the guardrails reason about, whether it is
regional or global, the ARN of each resource type, the shape of its IDs, and its condition keys.

The data (``data/resource_types.json``) is compiled from ``scripts/catalogue/resource_types.yaml``
in the checkout, where every service cites the product's "RAM authorization" reference page it
comes from; it is read on first use.

An ARN template is text with placeholders: ``{region}`` and ``{account}``, and one per ID
(``acs:ecs:{region}:{account}:instance/{InstanceId}``). An ID's shape is a small pattern:
literal characters, ``.`` (any character) or a class (``[a-z0-9]``, ``[^/]``), each optionally
followed by ``+`` (one or more) or ``*`` (any number).

>>> ecs = service("ecs")
>>> ecs.scope, ecs.type("instance").arn
('regional', 'acs:ecs:{region}:{account}:instance/{InstanceId}')
>>> service("ram").type("role").shape("RoleName")
'[A-Za-z0-9.-]+'
"""

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources as package_files
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

#: The scopes a service may have: every real ARN with a region ID (``regional``), with an empty
#: region (``global``), or either, when the documentation does not settle it (``any``).
SCOPES = ("regional", "global", "any")
#: The placeholders every template may hold besides its IDs'.
REGION, ACCOUNT = "region", "account"

_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)\}")


class CatalogueError(ValueError):
    """The catalogue's data is not what this module reads (a template or shape it cannot)."""


@dataclass(frozen=True)
class Atom:
    """One step of an ID's shape: a character of ``chars`` (every character but them when
    ``negated``), once, or (``repeats``) any number of times."""

    chars: FrozenSet[str]
    negated: bool = False
    repeats: bool = False


@dataclass(frozen=True)
class ResourceType:
    """One resource type of a service."""

    name: str
    arn: str
    """The ARN template."""
    ids: Tuple[Tuple[str, str], ...]
    """(placeholder, shape) of each ID in the template."""

    def shape(self, placeholder: str) -> str:
        """The shape of the ID ``placeholder``."""
        return dict(self.ids)[placeholder]

    def parts(self) -> List[Union[str, Tuple[str]]]:
        """The template as literal text and placeholders (each a 1-tuple of its name), in order."""
        found: List[Union[str, Tuple[str]]] = []
        position = 0
        for match in _PLACEHOLDER.finditer(self.arn):
            if match.start() > position:
                found.append(self.arn[position : match.start()])
            found.append((match.group(1),))
            position = match.end()
        if position < len(self.arn):
            found.append(self.arn[position:])
        return found


@dataclass(frozen=True)
class ServiceResources:
    """The resource types of one service (by its RAM code)."""

    code: str
    scope: str
    """One of :data:`SCOPES`."""
    complete: bool
    """True when :attr:`types` are every resource type the service's actions act on."""
    types: Tuple[ResourceType, ...]
    condition_keys: Tuple[str, ...]
    source: str
    """The reference page the entry comes from, and when it was read."""

    def type(self, name: str) -> Optional[ResourceType]:
        """The resource type ``name``, or None."""
        return next((t for t in self.types if t.name == name), None)


def parse_shape(shape: str) -> Tuple[Atom, ...]:
    """The atoms of an ID's shape (see the module's docstring); raises :class:`CatalogueError`."""
    atoms: List[Atom] = []
    position = 0
    while position < len(shape):
        char = shape[position]
        if char == "[":
            end = shape.find("]", position + 2)
            if end < 0:
                raise CatalogueError(f"unclosed class in shape {shape!r}")
            chars, negated = _class(shape[position + 1 : end], shape)
            position = end + 1
        elif char == ".":
            chars, negated = frozenset(), True
            position += 1
        elif char in "+*]\\":
            raise CatalogueError(f"unexpected {char!r} in shape {shape!r}")
        else:
            chars, negated = frozenset(char), False
            position += 1
        suffix = shape[position] if position < len(shape) else ""
        if suffix == "+":
            atoms += [Atom(chars, negated), Atom(chars, negated, repeats=True)]
        elif suffix == "*":
            atoms.append(Atom(chars, negated, repeats=True))
        else:
            atoms.append(Atom(chars, negated))
        position += 1 if suffix in ("+", "*") else 0
    if not atoms:
        raise CatalogueError("an empty shape")
    return tuple(atoms)


def _class(body: str, shape: str) -> Tuple[FrozenSet[str], bool]:
    negated = body.startswith("^")
    body = body[1:] if negated else body
    chars = set()
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            first, last = body[index], body[index + 2]
            if ord(first) > ord(last):
                raise CatalogueError(f"reversed range {first}-{last} in shape {shape!r}")
            chars |= {chr(code) for code in range(ord(first), ord(last) + 1)}
            index += 3
        else:
            chars.add(body[index])
            index += 1
    return frozenset(chars), negated


def check(data: Mapping[str, Any]) -> List[str]:
    """What is wrong with the catalogue's data (``{"services": {code: entry}}``), each problem
    in words naming its service and type; empty when nothing is."""
    problems: List[str] = []
    services = data.get("services")
    if not isinstance(services, Mapping) or not services:
        return ["no services"]
    for code, entry in services.items():
        where = f"services.{code}"
        if not re.fullmatch(r"[a-z][a-z0-9-]*", str(code)):
            problems.append(f"{where}: a RAM code is lowercase letters, digits and '-'")
        if entry.get("scope") not in SCOPES:
            problems.append(f"{where}.scope: one of {', '.join(SCOPES)}")
        if not isinstance(entry.get("complete"), bool):
            problems.append(f"{where}.complete: true or false")
        source = entry.get("source") or {}
        if not str(source.get("url", "")).startswith(("http://", "https://")) or not source.get("read"):
            problems.append(f"{where}.source: a url and the date it was read")
        types = entry.get("types")
        if not isinstance(types, Mapping) or not types:
            problems.append(f"{where}.types: at least one resource type")
            continue
        for name, resource in types.items():
            problems += _type_problems(f"{where}.types.{name}", str(code), resource, entry.get("scope"))
        keys = entry.get("condition_keys")
        if not isinstance(keys, list) or not all(isinstance(k, str) and ":" in k for k in keys):
            problems.append(f"{where}.condition_keys: a list of <prefix>:<key> names")
    return problems


def _type_problems(where: str, code: str, resource: Mapping[str, Any], scope: Any) -> List[str]:
    problems = []
    arn = str(resource.get("arn", ""))
    ids = resource.get("ids")
    if not isinstance(ids, Mapping):
        return [f"{where}.ids: a mapping of placeholder to shape"]
    segments = arn.split(":", 4)
    if len(segments) != 5 or segments[0] != "acs" or not segments[1]:
        problems.append(f"{where}.arn: acs:<service>:<region>:<account>:<relative ID>")
    elif scope == "global" and segments[2] != "":
        problems.append(f"{where}.arn: a global service's ARN has an empty region")
    elif scope != "global" and segments[2] != "{region}":
        problems.append(f"{where}.arn: the region is {{region}}")
    elif segments[3] != "{account}":
        problems.append(f"{where}.arn: the account is {{account}}")
    named = set(_PLACEHOLDER.findall(arn)) - {REGION, ACCOUNT}
    if named != set(ids):
        problems.append(f"{where}: the template's IDs ({', '.join(sorted(named))}) are not those of ids")
    for placeholder, shape in ids.items():
        try:
            parse_shape(str(shape))
        except CatalogueError as error:
            problems.append(f"{where}.ids.{placeholder}: {error}")
    return problems


def compile_data(data: Mapping[str, Any]) -> str:
    """The shipped JSON text of checked ``data``: keys sorted, one trailing newline."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@functools.lru_cache(maxsize=1)
def _catalogue() -> Dict[str, ServiceResources]:
    text = package_files.files(__package__).joinpath("data", "resource_types.json").read_text(encoding="utf-8")
    services = {}
    for code, entry in json.loads(text)["services"].items():
        types = tuple(
            ResourceType(name, resource["arn"], tuple(sorted(resource["ids"].items())))
            for name, resource in entry["types"].items()
        )
        source = entry["source"]
        services[code] = ServiceResources(
            code,
            entry["scope"],
            entry["complete"],
            types,
            tuple(entry["condition_keys"]),
            f"{source['url']} (read {source['read']})",
        )
    return services


def service(code: str) -> Optional[ServiceResources]:
    """The resource types of the service whose RAM code is ``code`` (any case), or None when the
    catalogue does not know it."""
    return _catalogue().get(code.lower())
