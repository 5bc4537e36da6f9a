"""The same risk said once in the preview's text.

- A warning the component logged about a risk (``[RAM210]``) is left out of "Warnings from the
  program" when the pack's verdict on a resource of that component already says it
  (``ram-no-admin-grant`` on its policy): the guardrail that refuses the warning's code is that
  rule (declared in :mod:`alicloud_instance_role.documents.findings`).
- The pack's violations of the rules a grant of everything breaks as well
  (:data:`~alicloud_instance_role.documents.risks.NARROWER_THAN_ADMIN`), on the statement where
  ``ram-no-admin-grant`` is violated, are listed on that one line. Each stays a violation of its
  own (counted, and in the JSON document), as ``pulumi preview --policy-pack`` reports them.
"""

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from ..documents.findings import ADMIN_GRANT, CODES
from ..documents.risks import NARROWER_THAN_ADMIN
from ..offline.recording import LogEntry
from .plan import Node, Plan

_CODE_AT_END = re.compile(r"\[(RAM\d{3})\]\s*$")


def refused_by(message: str) -> Optional[str]:
    """The guardrail that refuses the finding a warning ends with (``... [RAM210]``), if any."""
    match = _CODE_AT_END.search(message)
    entry = CODES.get(match.group(1)) if match else None
    return entry.rule if entry is not None else None


def _under(node: Node) -> Set[str]:
    found = {node.registration.urn}
    for child in node.children:
        found |= _under(child)
    return found


def said_by_the_pack(entry: LogEntry, nodes: Mapping[str, Node], diagnostics: Sequence[Mapping[str, Any]]) -> bool:
    """True when the pack reported the rule that refuses ``entry``'s finding on the resource the
    entry is about or on one of its children."""
    rule = refused_by(entry.message)
    node = nodes.get(entry.urn)
    if rule is None or node is None:
        return False
    under = _under(node)
    return any(d["policy"] == rule and d["urn"] in under for d in diagnostics)


def warnings_said_once(plan: Plan, logged: Sequence[LogEntry], diagnostics: Sequence[Mapping[str, Any]]) -> List[str]:
    """``plan.warnings`` (built from ``logged``, one text per entry, in order) without those the
    pack's ``diagnostics`` already say."""
    if len(logged) != len(plan.warnings):
        return plan.warnings  # not the warnings of this run: nothing to match them with
    nodes: Dict[str, Node] = {node.registration.urn: node for node in plan.nodes()}
    pairs = zip(plan.warnings, logged, strict=True)
    return [text for text, entry in pairs if not said_by_the_pack(entry, nodes, diagnostics)]


def _where(diagnostic: Mapping[str, Any]) -> str:
    """The statement a violation is about (``policyDocument.Statement[0]``), or "" when it names none."""
    where = str(diagnostic["message"]).split(": ", 1)[0]
    return where if "Statement[" in where else ""


def folded_diagnostics(diagnostics: Sequence[Mapping[str, Any]]) -> List[Tuple[Mapping[str, Any], List[str]]]:
    """Each violation to list, with the rules whose violations on the same statement it stands
    for: those of :data:`NARROWER_THAN_ADMIN` beside a ``ram-no-admin-grant`` one."""
    admin = {(d["urn"], _where(d)) for d in diagnostics if d["policy"] == ADMIN_GRANT and _where(d)}

    def inside(d: Mapping[str, Any]) -> bool:
        return d["policy"] in NARROWER_THAN_ADMIN and (d["urn"], _where(d)) in admin

    listed: List[Tuple[Mapping[str, Any], List[str]]] = []
    for d in diagnostics:
        if inside(d):
            continue
        key = (d["urn"], _where(d))
        also = [o["policy"] for o in diagnostics if inside(o) and (o["urn"], _where(o)) == key]
        listed.append((d, also if d["policy"] == ADMIN_GRANT else []))
    return listed
