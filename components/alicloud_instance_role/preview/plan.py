"""The plan a preview shows: resources as a tree, the inputs a reviewer cares about, each RAM
document once, and which values are predicted rather than known.

Built from a :class:`~alicloud_instance_role.offline.runner.RunResult` of a preview run;
rendered as text for people and as one JSON document for CI. Secret values never leave this
module in clear: they read ``[secret]``. A value only the cloud knows is judged with a made-up
stand-in where the run made one up (:mod:`~alicloud_instance_role.offline.made_up`), shown
marked (``<assets.bucket>``); one still unknown reads ``(known after apply)`` and reaches the
guardrails as Pulumi's unknown marker, as in a real preview, and so does a property holding a
secret that could not be decrypted offline: what they hold is listed as checked at deploy.
"""

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from pulumi.output import Unknown
from pulumi.runtime import rpc

from .. import resource_types as types
from ..documents import PolicyDocument, errors, infer_kind
from ..documents.builders import provider_document
from ..documents.validation import examine
from ..markers import SECRET_SHOWN, UNKNOWN_SHOWN, is_not_known
from ..offline.made_up import MadeUp, MadeUpValues
from ..offline.runner import LogEntry, Registration, RunResult
from ..offline_secrets import UNDECRYPTED_SECRET, holds_undecrypted_secret
from ..values import holds
from .analyzer import UNKNOWN, PlannedResource, Secret

#: The config key of the default provider's region, and the variable it falls back to.
REGION_KEY = "alicloud:region"
REGION_ENV = "ALICLOUD_REGION"

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


def is_unknown(value: Any) -> bool:
    """True for a value not known before the update (as the runner or the wire format marks it,
    or the package's :data:`~alicloud_instance_role.markers.NOT_KNOWN`)."""
    return is_not_known(value) or isinstance(value, Unknown)


def shown(value: Any) -> Any:
    """``value`` as it may be shown: secrets as ``[secret]``, unknowns as ``(known after apply)``."""
    if rpc.is_rpc_secret(value) or isinstance(value, Secret):
        return SECRET_SHOWN
    if isinstance(value, str) and UNDECRYPTED_SECRET in value:
        return SECRET_SHOWN
    if is_unknown(value):
        return UNKNOWN_SHOWN
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
    made_up: List[str] = field(default_factory=list)
    """Labels (``<assets.bucket>``) of the made-up values it was judged with."""

    def pretty(self) -> str:
        """Indented JSON, in the canonical form when the document is valid RAM JSON."""
        problems, tree = examine(self.text, self.kind)
        if tree is None:
            return self.text
        if not errors(problems):
            return PolicyDocument.from_tree(tree).pretty()
        return json.dumps(tree, indent=2, ensure_ascii=False)


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


#: Why a document is left to the deployment when nothing better is known.
NOT_MADE_UP = "built from a value only the cloud knows, which the preview could not make up"
SECRET_NOT_DECRYPTED = "a secret config value that cannot be decrypted offline"


@dataclass(frozen=True)
class Unjudged:
    """Something the preview could not judge, left to the checks at deploy."""

    what: str
    """A config path, or ``<resource>.<input>`` for a document."""
    why: str
    kind: str = "document"
    """``document`` or ``config value``."""

    def as_json(self) -> Dict[str, str]:
        """The entry as JSON-ready data."""
        return {"what": self.what, "kind": self.kind, "why": self.why}


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
    regions: List[Tuple[str, str]] = field(default_factory=list)
    """(region, where it was read) for the default provider (``alicloud:region`` config, else
    ``$ALICLOUD_REGION``) and for each provider resource with a ``region``."""
    warnings: List[str] = field(default_factory=list)
    """What the program logged as warnings or errors, each naming its resource when it has one."""
    checked_at_deploy: List[Unjudged] = field(default_factory=list)
    """What could not be judged offline: secrets not decrypted, documents still unknown (for an
    account's audit: regions that could not be read)."""
    left_to: str = "checked at deploy"
    """What becomes of :attr:`checked_at_deploy`, in the verdict's words."""
    made_up: MadeUpValues = field(default_factory=MadeUpValues)
    """The values made up in place of ones only the cloud knows; shown by their labels."""

    def used_made_up(self) -> List[MadeUp]:
        """The made-up values the plan's inputs or exports hold (not every ID the run made up)."""
        texts = [json.dumps(reg.inputs, default=str) for reg in (n.registration for n in self.nodes())]
        return self.made_up.found_in([*texts, json.dumps(self.exports, default=str)])

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


def _wire(value: Any) -> Any:
    """A registered value as the engine sends it to the pack: unknowns as Pulumi's marker,
    secrets marked."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if rpc.is_rpc_secret(value):
        return Secret(_wire(rpc.unwrap_rpc_secret(value)))
    if isinstance(value, dict):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_wire(item) for item in value]
    return value


def _wire_properties(properties: Dict[str, Any]) -> Dict[str, Any]:
    # A property holding a secret not decrypted offline is not known until deploy: the pack
    # checks it then, on the real value. (Secret markers are mappings, so this looks inside them.)
    return {key: UNKNOWN if holds_undecrypted_secret(value) else _wire(value) for key, value in properties.items()}


def _planned(
    reg: Registration, providers: Dict[str, PlannedResource], made_up: Optional[MadeUpValues] = None
) -> PlannedResource:
    provider_urn = reg.provider.rsplit("::", 1)[0] if reg.provider else ""
    properties = reg.inputs
    if reg.custom:
        # An output made up only so that the program's applies can run is no property the program
        # set: the guardrails judge it where the program passed it on, not on the resource itself.
        made = made_up.by_value if made_up is not None else {}
        outputs = {key: value for key, value in reg.outputs.items() if not (isinstance(value, str) and value in made)}
        properties = {**outputs, **reg.inputs}
    return PlannedResource(
        type=reg.type,
        name=reg.name,
        urn=reg.urn,
        properties=_wire_properties(properties),
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


def document_inputs(reg: Registration, where: types.DocumentProperties) -> List[Tuple[str, Any]]:
    """(input, value) for each document input of ``reg``: its JSON text inputs or, when none is
    given, the document the provider builds from the deprecated structured inputs, rendered as it
    would send it (a secret, unknown or undecrypted value in them stands for the whole document)."""
    texts = [(key, reg.inputs.get(key)) for key in where.texts]
    given = [key for key in where.fields if reg.inputs.get(key) not in (None, [], "")]
    if any(value is not None for _, value in texts) or not given:
        return texts
    values = {key: reg.inputs.get(key) for key in where.fields}
    if holds(values, rpc.is_rpc_secret) or holds_undecrypted_secret(values):
        return [(given[0], rpc.wrap_rpc_secret(""))]
    if holds(values, is_unknown):
        return [(given[0], UNKNOWN)]
    return [(given[0], provider_document(where.kind, values))]


def build_plan(run: RunResult, made_up: Optional[MadeUpValues] = None, unknown_because: str = NOT_MADE_UP) -> Plan:
    """The plan of a finished run: a tree under the stack, documents de-duplicated. ``made_up``
    holds the values the run's mocks made up; a document still unknown is listed as checked at
    deploy, ``unknown_because``."""
    nodes = {reg.urn: Node(reg) for reg in run.registrations}
    roots: List[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.registration.parent)
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=_order)
    roots.sort(key=_order)
    plan = Plan(run.project, run.stack, roots, [], {}, [], _predicted_values(run), made_up=made_up or MadeUpValues())
    predicted_values = plan.predicted_values
    plan.checked_at_deploy = [Unjudged(path, SECRET_NOT_DECRYPTED, "config value") for path in run.config.undecrypted]
    documents: Dict[str, Document] = {}
    for node in plan.nodes():
        reg = node.registration
        where = types.DOCUMENT_PROPERTIES.get(reg.type)
        if where is None:
            continue
        for key, value in document_inputs(reg, where):
            if value is None:
                continue
            if not isinstance(value, str) or is_unknown(value) or holds_undecrypted_secret(value):
                label = shown(value)
                node.documents[key] = label if isinstance(label, str) else json.dumps(label)
                if holds(value, is_unknown):
                    plan.checked_at_deploy.append(Unjudged(f"{reg.name}.{key}", unknown_because))
                continue
            document_kind = "trust" if where.kind == "trust" or infer_kind(value) == "trust" else "permission"
            if value not in documents:
                documents[value] = Document(
                    f"D{len(documents) + 1}",
                    document_kind,
                    value,
                    predicted=any(predicted in value for predicted in predicted_values),
                    made_up=[found.label for found in plan.made_up.found_in([value])],
                )
            documents[value].used_by.append(f"{reg.name}.{key}")
            node.documents[key] = documents[value].label
    providers = {reg.urn: _planned(reg, {}) for reg in run.registrations if reg.type.startswith("pulumi:providers:")}
    resources = [_planned(reg, providers, plan.made_up) for reg in run.registrations]
    plan.documents = list(documents.values())
    plan.exports = {key: shown(value) for key, value in run.exports.items()}
    plan.resources = resources
    plan.regions = _regions(run)
    plan.warnings = [_warning(entry, nodes) for entry in run.warnings()]
    return plan


def _regions(run: RunResult) -> List[Tuple[str, str]]:
    found = []
    if run.config.values.get(REGION_KEY):
        found.append((run.config.values[REGION_KEY], REGION_KEY))
    elif os.environ.get(REGION_ENV):
        # pulumi-alicloud's provider falls back to this variable (pulumi_alicloud/config/vars.py).
        found.append((os.environ[REGION_ENV], f"${REGION_ENV}"))
    for reg in run.registrations:
        if reg.type == types.PROVIDER and isinstance(reg.inputs.get("region"), str):
            found.append((reg.inputs["region"], f"provider {reg.name}"))
    return found


def _warning(entry: LogEntry, nodes: Mapping[str, Node]) -> str:
    node = nodes.get(entry.urn)
    if node is None:
        return entry.message
    return f"{short_type(node.registration.type)} {node.registration.name}: {entry.message}"


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
        "regions": [{"region": region, "from": source} for region, source in plan.regions],
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
                "made_up": d.made_up,
                "text": d.text,
            }
            for d in plan.documents
        ],
        "exports": plan.exports,
        "warnings": plan.warnings,
        "checked_at_deploy": [entry.as_json() for entry in plan.checked_at_deploy],
        "made_up": [
            {"label": m.label, "value": m.value, "resource": m.name, "type": m.resource_type, "output": m.output}
            for m in plan.used_made_up()
        ],
        "diagnostics": diagnostics or [],
    }
