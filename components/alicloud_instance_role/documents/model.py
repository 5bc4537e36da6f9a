"""A small model of RAM documents, and their one canonical JSON form.

A :class:`PolicyDocument` is a tuple of :class:`Statement` values. Building one from JSON
normalises everything that does not change the meaning: single values become lists, list
entries are de-duplicated and sorted, empty elements are dropped, identical statements are
kept once. :meth:`PolicyDocument.render` is the only place a document is turned into text, so
the text the component sends, the text the preview shows and the text a second preview
compares with are always the same.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Tuple, Union

from . import grammar

ConditionValue = Union[str, int, float, bool]
Conditions = Mapping[str, Mapping[str, Tuple[ConditionValue, ...]]]
#: Key used in ``Statement.principals`` for the bare ``"Principal": "*"`` form.
EVERYONE = "*"


def _normalised(values: Iterable[Any]) -> Tuple[Any, ...]:
    # Keyed by type as well as value: Python counts true == 1 == 1.0, RAM does not.
    unique = {(type(value).__name__, value): value for value in values}
    return tuple(unique[key] for key in sorted(unique, key=lambda key: (key[0], str(key[1]))))


def _listed(value: Any) -> List[Any]:
    """An element that may be one value or a list, as a list; an absent or empty element
    (``""`` for Action, Resource or a principal type) holds nothing."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _values(value: Any) -> List[Any]:
    """Condition values: an empty string is a value to compare with, not an absent one."""
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Statement:
    """One statement: an effect, actions (or not-actions), resources, principals (trust
    policies only) and conditions (operator -> key -> values)."""

    effect: str
    actions: Tuple[str, ...] = ()
    not_actions: Tuple[str, ...] = ()
    resources: Tuple[str, ...] = ()
    principals: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)
    conditions: Conditions = field(default_factory=dict)

    @property
    def allows(self) -> bool:
        """True for an ``Allow`` statement."""
        return self.effect == "Allow"

    @classmethod
    def from_tree(cls, tree: Mapping[str, Any]) -> "Statement":
        """Normalise one parsed statement (validate it first: shapes are trusted here)."""
        principal = tree.get("Principal")
        principals: Dict[str, Tuple[str, ...]] = {}
        if principal == EVERYONE:
            principals[EVERYONE] = ()
        elif isinstance(principal, dict):
            for kind in sorted(principal, key=_principal_order):
                values = _normalised(_listed(principal[kind]))
                if values:
                    principals[kind] = values
        conditions: Dict[str, Dict[str, Tuple[ConditionValue, ...]]] = {}
        for operator in sorted(tree.get("Condition") or {}):
            keys = tree["Condition"][operator]
            by_key = {key: _normalised(_values(keys[key])) for key in sorted(keys)}
            conditions[operator] = by_key
        return cls(
            effect=tree.get("Effect", ""),
            actions=_normalised(_listed(tree.get("Action"))),
            not_actions=_normalised(_listed(tree.get("NotAction"))),
            resources=_normalised(_listed(tree.get("Resource"))),
            principals=principals,
            conditions=conditions,
        )

    def to_tree(self) -> Dict[str, Any]:
        """The statement as canonical JSON data: fixed key order, lists everywhere, no empties."""
        tree: Dict[str, Any] = {"Effect": self.effect}
        if EVERYONE in self.principals:
            tree["Principal"] = EVERYONE
        elif self.principals:
            tree["Principal"] = {kind: list(values) for kind, values in self.principals.items()}
        if self.actions:
            tree["Action"] = list(self.actions)
        if self.not_actions:
            tree["NotAction"] = list(self.not_actions)
        if self.resources:
            tree["Resource"] = list(self.resources)
        if self.conditions:
            tree["Condition"] = {
                operator: {key: list(values) for key, values in keys.items()}
                for operator, keys in self.conditions.items()
            }
        return tree


def _principal_order(kind: str) -> Tuple[int, str]:
    order = grammar.PRINCIPAL_TYPES
    return (order.index(kind) if kind in order else len(order), kind)


@dataclass(frozen=True)
class PolicyDocument:
    """A RAM document (``Version`` is always ``"1"``): its statements, in authored order."""

    statements: Tuple[Statement, ...]

    @classmethod
    def from_tree(cls, tree: Mapping[str, Any], keep_duplicates: bool = False) -> "PolicyDocument":
        """Normalise a parsed document (validate it first: shapes are trusted here). Identical
        statements are kept once, unless ``keep_duplicates`` keeps every statement at its
        authored position (so findings can name ``Statement[n]`` as written)."""
        written = cls(tuple(Statement.from_tree(raw) for raw in _listed(tree.get("Statement"))))
        return written if keep_duplicates else written.distinct()

    def distinct(self) -> "PolicyDocument":
        """The same document with each statement once (the first of identical ones kept)."""
        unique: Dict[str, Statement] = {}
        for statement in self.statements:
            unique.setdefault(json.dumps(statement.to_tree(), sort_keys=True), statement)
        return PolicyDocument(tuple(unique.values()))

    def to_tree(self) -> Dict[str, Any]:
        """The document as canonical JSON data."""
        return {"Version": grammar.VERSION, "Statement": [s.to_tree() for s in self.statements]}

    def render(self) -> str:
        """The canonical text: compact JSON, what RAM is sent and what previews compare."""
        return json.dumps(self.to_tree(), separators=(",", ":"), ensure_ascii=False)

    def pretty(self) -> str:
        """The canonical form indented for people to read (same content as :meth:`render`)."""
        return json.dumps(self.to_tree(), indent=2, ensure_ascii=False)
