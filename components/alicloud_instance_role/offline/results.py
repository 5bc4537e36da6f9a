"""What one run under mocks registered, exported and logged, and how it ended: :class:`RunResult`."""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from .kinds import ResourceKind, type_token
from .recording import LogEntry, Registration
from .stack_config import StackConfig


@dataclass
class RunResult:
    """What one run registered, exported and logged, and how it ended.

    Find a resource by its type and name: ``run.get(alicloud.ram.Policy, "web-policy")``."""

    project: str
    stack: str
    registrations: List[Registration]
    exports: Dict[str, Any]
    component_outputs: Dict[str, Dict[str, Any]]
    """Component URN -> the outputs it registered (``register_outputs``)."""
    logs: List[LogEntry]
    config: StackConfig
    """The config the program ran with."""
    error: Optional[BaseException] = None
    error_text: str = ""
    """What the Pulumi CLI would print for ``error``: the message alone for a RunError, a
    traceback for anything else (a bug, not a user mistake)."""

    def of_type(self, kind: ResourceKind) -> List[Registration]:
        """Every registration of ``kind`` (a type token such as ``"alicloud:ram/role:Role"``, or a
        class such as ``alicloud.ram.Role``), by logical name (registration order under mocks
        depends on thread scheduling)."""
        token = type_token(kind)
        return sorted((r for r in self.registrations if r.type == token), key=lambda r: r.name)

    def get(self, kind: ResourceKind, name: str) -> Registration:
        """The one registration of ``kind`` named ``name``; KeyError naming what there is otherwise."""
        matches = [r for r in self.of_type(kind) if r.name == name]
        if len(matches) != 1:
            there = ", ".join(str(r) for r in self.registrations) or "nothing"
            raise KeyError(f"{len(matches)} registrations of {type_token(kind)} named {name!r}; registered: {there}")
        return matches[0]

    def named(self, name: str, kind: Optional[ResourceKind] = None) -> Registration:
        """The registration with logical name ``name`` (of ``kind``, when given: a component and
        one of its resources may share a name, such as ``web``)."""
        if kind is not None:
            return self.get(kind, name)
        matches = [r for r in self.registrations if r.name == name]
        if len(matches) != 1:
            found = ", ".join(str(r) for r in matches) or f"none; registered: {[r.name for r in self.registrations]}"
            raise KeyError(f"{len(matches)} registrations named {name!r} ({found}); give the type too")
        return matches[0]

    def children(self, parent: Registration, kind: Optional[ResourceKind] = None) -> List[Registration]:
        """The registrations whose parent is ``parent`` (only those of ``kind``, when given), by name."""
        found = [r for r in self.registrations if r.parent == parent.urn]
        if kind is not None:
            found = [r for r in found if r.type == type_token(kind)]
        return sorted(found, key=lambda r: r.name)

    def warnings(self) -> List[LogEntry]:
        """The warnings (and errors) the program logged."""
        return [entry for entry in self.logs if entry.level in ("warning", "error")]
