"""Alibaba Cloud services as RAM names them: each RAM code (the part before ``:`` in an action),
its actions, and the codes people write by mistake (``sls`` for ``log``, ``fc-open`` for ``fc``).

Read from ``data/services.json`` once, on the first question (:func:`catalogue`). The actions of
a service are the API names of the OpenAPI products whose RAM code it is, plus the actions its
RAM reference lists that are no API (OSS and SLS data-plane actions, ``ram:PassRole``); where
the data comes from is in ``docs/guardrails.md``. Action names are compared without regard to
ASCII case, as RAM compares them ("In most cases, the value of the Action element is not
case-sensitive", https://www.alibabacloud.com/help/en/ram/policy-elements).

>>> service("OSS").spelled("getobject")
'GetObject'
>>> service("oss").closest("GetObjects")
'GetObject'
>>> alias("sls").ram_code
'log'
"""

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Dict, Mapping, Optional, Tuple

from ..documents.globs import fold, has_wildcard, matches
from .spelling import by_folded, most_alike

# How alike a name must be to a real one to be offered as "did you mean" (difflib's ratio).
_CLOSE_ENOUGH = 0.7


@dataclass(frozen=True)
class Service:
    """One service as RAM knows it: its RAM code, its name, its actions and where they come from."""

    code: str
    name: str
    actions: Tuple[str, ...]
    """Every action name (the part after ``<code>:``), sorted, as the service spells it."""
    sources: Tuple[str, ...]
    """The pages that confirm the RAM code and list the curated actions."""

    @functools.cached_property
    def _by_folded(self) -> Dict[str, str]:
        return by_folded(self.actions)

    def spelled(self, name: str) -> Optional[str]:
        """The action ``name`` (any case) as the service spells it, or None when it has none."""
        return self._by_folded.get(fold(name))

    def exists(self, pattern: str) -> bool:
        """True when the action name or pattern (``*`` and ``?`` wildcards) matches an action."""
        if not has_wildcard(pattern):
            return fold(pattern) in self._by_folded
        return _pattern_exists(self, pattern)

    def closest(self, name: str) -> Optional[str]:
        """The real action most like ``name``, or None when none is close. For a pattern that is
        a name's start and ``*`` (``Desribe*``), the closest real start, then ``*``."""
        return _closest(self, name)


@functools.lru_cache(maxsize=4096)
def _closest(service: Service, name: str) -> Optional[str]:
    if not has_wildcard(name):
        return most_alike(name, service._by_folded, _CLOSE_ENOUGH)
    start = name[:-1]
    if not name.endswith("*") or has_wildcard(start) or not start:
        return None
    found = most_alike(start, _starts(service, len(start)), _CLOSE_ENOUGH)
    return f"{found}*" if found else None


@functools.lru_cache(maxsize=1024)
def _starts(service: Service, size: int) -> Dict[str, str]:
    """The starts of the service's actions a few characters either side of ``size`` long, folded."""
    starts = {action[:length] for action in service.actions for length in range(size - 2, size + 3) if length > 0}
    return by_folded(sorted(starts))


@functools.lru_cache(maxsize=4096)
def _pattern_exists(service: Service, pattern: str) -> bool:
    return any(matches(pattern, action, ignore_case=True) for action in service.actions)


@dataclass(frozen=True)
class Alias:
    """A service code RAM does not use, which people write for a service that has another."""

    code: str
    ram_code: str
    """The RAM code of the service meant."""
    why: str
    source: str


@dataclass(frozen=True)
class Catalogue:
    """Every service the catalogue knows (RAM code -> service), the mistaken codes, the sources."""

    services: Mapping[str, Service]
    aliases: Mapping[str, Alias]
    sources: Mapping[str, Any]

    @property
    def snapshot_date(self) -> str:
        """The date of the OpenAPI metadata the actions were read from (ISO 8601)."""
        return str(self.sources.get("openapi", {}).get("date", ""))


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue, read from the package data on the first call, then kept."""
    text = resources.files(__package__).joinpath("data", "services.json").read_text(encoding="utf-8")
    data = json.loads(text)
    services = {
        code: Service(code, spec["name"], tuple(spec["actions"]), tuple(spec["sources"]))
        for code, spec in data["services"].items()
    }
    aliases = {code: Alias(code, spec["code"], spec["why"], spec["source"]) for code, spec in data["aliases"].items()}
    return Catalogue(services, aliases, data["sources"])


def service(code: str) -> Optional[Service]:
    """The service whose RAM code is ``code`` (any case), or None when the catalogue has none."""
    return catalogue().services.get(fold(code))


def alias(code: str) -> Optional[Alias]:
    """What a mistaken service code (``sls``, any case) stands for, or None when it is none."""
    return catalogue().aliases.get(fold(code))
