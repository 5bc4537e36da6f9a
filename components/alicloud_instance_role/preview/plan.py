"""The plan a preview shows: resources as a tree, the inputs a reviewer cares about, each RAM
document once, and which values are predicted rather than known.

Built from a :class:`~preview.runner.RunResult`; rendered as text for people and as one JSON
document for CI. Secret values never leave this module in clear: they read ``[secret]``.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from pulumi.runtime import rpc

from .. import resource_types as types
from ..documents import PolicyDocument, infer_kind, validate
from ..documents.validation import parse
from ..testing.runner import SECRET_PLACEHOLDER, Registration, RunResult
from .analyzer import UNKNOWN, PlannedResource, Secret

#: Per resource type, the inputs a reviewer reads, in the order shown.
SHOWN_INPUTS: Dict[str, Tuple[str, ...]] = {
    types.ROLE: ("roleName", "maxSessionDuration", "description", "tags"),
    types.POLICY: ("policyName", "rotateStrategy", "tags"),
    types.ROLE_POLICY_ATTACHMENT: ("roleName", "policyName", "policyType"),
    types.INSTANCE_BINDING: ("instanceId", "ramRoleName"),
    types.USER_POLICY_ATTACHMENT: ("userName", "policyName", "policyType"),
    types.GROUP_POLICY_ATTACHMENT: ("groupName", "policyName", "policyType"),
    types.DEPRECATED_ROLE_ATTACHMENT: ("roleName", "instanceIds"),
    types.INSTANCE: ("instanceName", "instanceType", "roleName", "httpTokens", "vswitchId"),
    types.PROVIDER: ("region",),
}
#: Outputs worth showing once predicted.
SHOWN_OUTPUTS = ("arn",)


def shown(value: Any) -> Any:
    """``value`` as it may be shown: secrets as ``[secret]``, unknowns as ``(known after apply)``."""
    if rpc.is_rpc_secret(value) or isinstance(value, Secret):
        return SECRET_PLACEHOLDER
    if isinstance(value, str) and value == UNKNOWN:
        return "(known after apply)"
    if isinstance(value, dict):
        return {key: shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shown(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the wire format carries every number as a float
    return value


@dataclass
class Document:
    """One distinct RAM document and where it is used."""

    label: str
    kind: str
    text: str
    used_by: List[str] = field(default_factory=list)
    predicted: bool = False
    """True when the document holds a predicted value (an ARN the cloud will assign)."""

    def pretty(self) -> str:
        """Indented JSON, in the canonical form when the document is valid RAM JSON."""
        try:
            if not any(p.is_error for p in validate(self.text, self.kind)):
                return PolicyDocument.from_tree(parse(self.text)).pretty()
            return json.dumps(parse(self.text), indent=2, ensure_ascii=False)
        except ValueError:
            return self.text


@dataclass
class Node:
    """One planned resource and its children."""

    registration: Registration
    children: List["Node"] = field(default_factory=list)
    documents: Dict[str, str] = field(default_factory=dict)
    """Input name -> document label."""

    @property
    def fields(self) -> Dict[str, Any]:
        """The inputs and predicted outputs a reviewer cares about, ready to show."""
        reg = self.registration
        values = {key: shown(reg.inputs[key]) for key in SHOWN_INPUTS.get(reg.type, ()) if key in reg.inputs}
        for key in SHOWN_OUTPUTS:
            if key in reg.outputs and key not in reg.inputs:
                values[key] = shown(reg.outputs[key])
        return values

    @property
    def predicted(self) -> List[str]:
        """Names of shown values that are predicted, not known."""
        return [key for key in self.registration.predicted if key in self.fields or key == "id"]

    @property
    def operation(self) -> str:
        """``import`` for an existing resource the program adopts by its ID, else ``create`` (a
        preview has no earlier state: everything else is new)."""
        return "import" if self.registration.import_id else "create"


@dataclass
class Plan:
    """Everything a preview shows about one stack."""

    project: str
    stack: str
    roots: List[Node]
    documents: List[Document]
    exports: Dict[str, Any]
    resources: List[PlannedResource]
    predicted_values: List[str]

    def nodes(self) -> List[Node]:
        """Every node, depth first."""
        found: List[Node] = []

        def walk(node: Node) -> None:
            found.append(node)
            for child in node.children:
                walk(child)

        for root in self.roots:
            walk(root)
        return found


def _predicted_values(run: RunResult) -> List[str]:
    values = []
    for reg in run.registrations:
        for key in reg.predicted:
            value = reg.outputs.get(key)
            if isinstance(value, str) and key != "id":
                values.append(value)
    return values


def _planned(reg: Registration, providers: Dict[str, PlannedResource]) -> PlannedResource:
    def wire(value: Any) -> Any:
        if rpc.is_rpc_secret(value):
            return Secret(wire(rpc.unwrap_rpc_secret(value)))
        if isinstance(value, dict):
            return {key: wire(item) for key, item in value.items()}
        if isinstance(value, list):
            return [wire(item) for item in value]
        return value

    provider_urn = reg.provider.rsplit("::", 1)[0] if reg.provider else ""
    return PlannedResource(
        type=reg.type,
        name=reg.name,
        urn=reg.urn,
        properties={**wire(reg.outputs), **wire(reg.inputs)} if reg.custom else wire(reg.inputs),
        parent=reg.parent or None,
        protect=bool(reg.protect),
        dependencies=list(reg.dependencies),
        property_dependencies=dict(reg.property_dependencies),
        provider=providers.get(provider_urn),
        delete_before_replace=reg.delete_before_replace,
    )


def _order(node: Node) -> Tuple[int, str]:
    # Registration order under mocks depends on scheduling; show a fixed, readable order.
    types = list(SHOWN_INPUTS)
    kind = node.registration.type
    return (types.index(kind) if kind in types else len(types), node.registration.name)


def build_plan(run: RunResult) -> Plan:
    """The plan of a finished run: a tree under the stack, documents de-duplicated."""
    nodes = {reg.urn: Node(reg) for reg in run.registrations}
    roots: List[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.registration.parent)
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=_order)
    roots.sort(key=_order)
    plan = Plan(run.project, run.stack, roots, [], {}, [], _predicted_values(run))
    predicted_values = plan.predicted_values
    documents: Dict[str, Document] = {}
    for node in plan.nodes():
        reg = node.registration
        keys, kind = types.DOCUMENT_PROPERTIES.get(reg.type, ((), ""))
        for key in keys:
            value = reg.inputs.get(key)
            if not isinstance(value, str) or value == UNKNOWN:
                if value is not None:
                    node.documents[key] = SECRET_PLACEHOLDER if rpc.is_rpc_secret(value) else "(known after apply)"
                continue
            document_kind = "trust" if kind == "trust" or infer_kind(value) == "trust" else "permission"
            if value not in documents:
                documents[value] = Document(
                    f"D{len(documents) + 1}",
                    document_kind,
                    value,
                    predicted=any(predicted in value for predicted in predicted_values),
                )
            documents[value].used_by.append(f"{reg.name}.{key}")
            node.documents[key] = documents[value].label
    providers = {reg.urn: _planned(reg, {}) for reg in run.registrations if reg.type.startswith("pulumi:providers:")}
    resources = [_planned(reg, providers) for reg in run.registrations]
    plan.documents = list(documents.values())
    plan.exports = {key: shown(value) for key, value in run.exports.items()}
    plan.resources = resources
    return plan


def short_type(resource_type: str) -> str:
    """``alicloud:ram/role:Role`` -> ``alicloud.ram.Role``, as the Python SDK spells it."""
    if resource_type.startswith("pulumi:providers:"):
        return f"{resource_type.rsplit(':', 1)[1]}.Provider"
    package, module_path, name = [*resource_type.split(":"), "", ""][:3]
    module = module_path.split("/")[0]
    return ".".join(part for part in (package, module if module != "index" else "", name) if part)


def as_json(plan: Plan, diagnostics: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    """The plan (and guardrail diagnostics) as one JSON-ready document."""
    return {
        "project": plan.project,
        "stack": plan.stack,
        "resources": [
            {
                "urn": node.registration.urn,
                "type": node.registration.type,
                "name": node.registration.name,
                "parent": node.registration.parent or None,
                "protect": bool(node.registration.protect),
                "inputs": shown(node.registration.inputs),
                "shown": node.fields,
                "documents": node.documents,
                "predicted": node.predicted,
                "operation": node.operation,
                "import_id": node.registration.import_id,
            }
            for node in plan.nodes()
        ],
        "documents": [
            {
                "label": d.label,
                "kind": d.kind,
                "used_by": d.used_by,
                "predicted": d.predicted,
                "text": d.text,
            }
            for d in plan.documents
        ],
        "exports": plan.exports,
        "diagnostics": diagnostics or [],
    }
