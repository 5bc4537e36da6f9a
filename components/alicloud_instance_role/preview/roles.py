"""What each role of a plan may do, at a glance, from the access engine: who may assume it, what
its policies allow and deny, what the session policy of its bindings takes away, which
instances carry it and who may pass it to instances.

A reviewer reads this instead of raw JSON. Secret documents read ``[secret]`` (and so do secrets
not decrypted offline); values known only after apply read ``(known after apply)``; System
policies are named, their contents are not known offline.
"""

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from pulumi.runtime import rpc

from .. import resource_types as types
from ..documents import Access, Kind, PolicyDocument, read_document
from ..documents.access import Grant
from ..documents.globs import TooComplex, fold
from ..documents.model import EVERYONE
from ..documents.risks import TOO_COMPLEX
from ..markers import NOT_KNOWN, SECRET_SHOWN, UNKNOWN_SHOWN
from ..offline.runner import Registration
from ..offline_secrets import holds_undecrypted_secret
from ..stack_reading import Attachment, Binding, StackResource, attachments, bindings
from ..values import holds
from .analyzer import Secret
from .plan import Plan, document_inputs, is_unknown, shown


@dataclass
class RoleSummary:
    """One role, summarised for a reviewer."""

    role: str
    """The role's name (or a placeholder when it is secret or not known)."""
    resource: str
    """The role's logical resource name."""
    assumed_by: List[str] = field(default_factory=list)
    may: List[str] = field(default_factory=list)
    """What its Custom policies in the stack allow, statement by statement: ``oss: GetObject on ...``."""
    denied: List[str] = field(default_factory=list)
    system_policies: List[str] = field(default_factory=list)
    other_policies: List[str] = field(default_factory=list)
    """Custom policies attached by name that the stack does not define."""
    session_policy: Optional[Dict[str, List[str]]] = None
    """When its bindings carry a session policy: which lines of ``may`` it ``keeps``, ``narrows``
    or ``removes`` (``unknown`` when it is secret or known only after apply)."""
    instances: List[str] = field(default_factory=list)
    passed_by: List[str] = field(default_factory=list)
    """Users, groups and roles whose policies in the stack allow ram:PassRole on this role."""

    def as_json(self) -> Dict[str, Any]:
        """The summary as JSON-ready data."""
        return asdict(self)


def _text(value: Any) -> Optional[str]:
    """A plain string value, or None for a secret, unknown or missing one."""
    known = isinstance(value, str) and not is_unknown(value) and not holds_undecrypted_secret(value)
    return value if known else None


def _shown(value: Any) -> str:
    return _text(value) or (UNKNOWN_SHOWN if value is None else str(shown(value)))


def _document(reg: Registration) -> Tuple[Optional[PolicyDocument], str]:
    """The valid document of a registration, or None and why it is not shown."""
    where = types.DOCUMENT_PROPERTIES.get(reg.type)
    for _, value in document_inputs(reg, where) if where else []:
        if value is not None and shown(value) == SECRET_SHOWN:
            return None, SECRET_SHOWN
        text = _text(value)
        if text is None:
            continue
        kind: Kind = "trust" if where is not None and where.kind == "trust" else "permission"
        _, document = read_document(text, kind, keep_duplicates=True)
        return document, "" if document is not None else "(not a valid document)"
    return None, UNKNOWN_SHOWN


@dataclass(frozen=True)
class Registered:
    """A registration of the plan read as a :class:`~alicloud_instance_role.stack_reading.StackResource`:
    its inputs over its outputs, ``pulumi.output.Unknown`` (and the wire's marker) read as
    :data:`~alicloud_instance_role.stack_reading.NOT_KNOWN`, secrets unwrapped and marked, and a
    secret not decrypted offline not known and secret."""

    registration: Registration
    by_urn: Mapping[str, Registration]

    @property
    def type(self) -> str:
        """The Pulumi type token."""
        return self.registration.type

    @property
    def urn(self) -> str:
        """The resource's URN."""
        return self.registration.urn

    @property
    def name(self) -> str:
        """The resource's logical name."""
        return self.registration.name

    def _raw(self, name: str) -> Any:
        reg = self.registration
        if name in reg.inputs:
            return reg.inputs[name]
        if name == "id" and "id" not in reg.outputs:
            return reg.id
        return reg.outputs.get(name)

    def read(self, *names: str) -> Any:
        """The plain value of the first of ``names`` that is set."""
        for name in names:
            value = _plain(self._raw(name))
            if value is not None:
                return value
        return None

    def is_secret(self, field: str) -> bool:
        """True when the property ``field`` holds a secret (decrypted offline or not)."""
        value = self._raw(field)
        return holds(value, _is_secret) or holds_undecrypted_secret(value)

    def depends_on(self, field: str) -> Sequence[StackResource]:
        """The registrations the property ``field`` was computed from."""
        urns = self.registration.property_dependencies.get(field, [])
        return [Registered(self.by_urn[urn], self.by_urn) for urn in urns if urn in self.by_urn]


def _is_secret(value: Any) -> bool:
    return rpc.is_rpc_secret(value) or isinstance(value, Secret)


def _plain(value: Any) -> Any:
    if is_unknown(value) or holds_undecrypted_secret(value):
        return NOT_KNOWN
    if rpc.is_rpc_secret(value):
        return _plain(rpc.unwrap_rpc_secret(value))
    if isinstance(value, Secret):
        return _plain(value.value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _known(value: Any, secret: bool) -> Optional[str]:
    """A value read from the stack as a known, not secret name, or None."""
    return value if isinstance(value, str) and value and not secret else None


def _shown_read(value: Any, secret: bool) -> str:
    """A value read from the stack as the summary shows it."""
    if secret:
        return SECRET_SHOWN
    return UNKNOWN_SHOWN if value is None or value is NOT_KNOWN else str(value)


@dataclass
class _Stack:
    registrations: List[Registration]

    def __post_init__(self) -> None:
        by_urn = {reg.urn: reg for reg in self.registrations}
        self.resources = [Registered(reg, by_urn) for reg in self.registrations]
        self._by_urn = by_urn
        # Every role's summary asks for policies by name and for their documents: index and
        # read each once, so a summary of many roles stays linear in the stack's size.
        self._policies: Dict[str, List[Registration]] = {}
        for reg in self.of(*types.PERMISSION_POLICIES):
            name = _text(reg.inputs.get("policyName", reg.inputs.get("name")))
            if name is not None:
                self._policies.setdefault(name, []).append(reg)
        self._documents: Dict[str, Tuple[Optional[PolicyDocument], str]] = {}

    def of(self, *resource_types: str) -> Iterator[Registration]:
        return (reg for reg in self.registrations if reg.type in resource_types)

    def registration(self, urn: str) -> Registration:
        """The registration of ``urn``."""
        return self._by_urn[urn]

    def policies(self, name: Optional[str]) -> List[Registration]:
        """The Custom policies (and policy versions, any of which may become the default) named ``name``."""
        return list(self._policies.get(name, [])) if name is not None else []

    def document(self, reg: Registration) -> Tuple[Optional[PolicyDocument], str]:
        """:func:`_document` of ``reg``, read once."""
        if reg.urn not in self._documents:
            self._documents[reg.urn] = _document(reg)
        return self._documents[reg.urn]


def _principals(document: PolicyDocument) -> List[str]:
    found = set()
    for statement in document.statements:
        if statement.allows:
            for kind, values in statement.principals.items():
                found |= {"anyone"} if kind == EVERYONE else set(values)
    return sorted(found)


def _session(grants: List[Grant], session: PolicyDocument) -> Dict[str, List[str]]:
    """Which of the role's grants the session policy keeps whole, narrows, or removes."""
    narrowing = Access(session)
    effect: Dict[str, List[str]] = {"keeps": [], "narrows": [], "removes": []}
    for grant in grants:
        rectangle = (grant.actions, grant.resources, grant.not_actions)
        try:
            if narrowing.allows_pattern(*rectangle):
                effect["keeps"].append(grant.describe())
            elif narrowing.touches_pattern(*rectangle):
                effect["narrows"].append(grant.describe())
            else:
                effect["removes"].append(grant.describe())
        except TooComplex:
            # The cautious reading: the grant may survive the session policy whole.
            effect["keeps"].append(f"{grant.describe()} ({TOO_COMPLEX} what the session policy leaves of it)")
    return effect


def summarize(plan: Plan) -> List[RoleSummary]:
    """A summary of every RAM role the plan creates (by either API), in plan order."""
    stack = _Stack([node.registration for node in plan.nodes()])
    attached = attachments(stack.resources)
    bound = list(bindings(stack.resources))
    passers = _passers(stack, attached)
    summaries = []
    for reg in stack.of(*types.ROLES):
        value = reg.inputs.get("roleName", reg.inputs.get("name"))
        summary = RoleSummary(_shown(value), reg.name)
        # Attachments and bindings name their role: a name not known (or secret) matches none.
        name = _text(value)
        trust, why = _document(reg)
        summary.assumed_by = _principals(trust) if trust is not None else [why]
        grants: List[Grant] = []
        for attachment in attached:
            principal = _known(attachment.principal, attachment.principal_secret)
            if name is None or attachment.kind != "role" or principal != name:
                continue
            policy = _shown_read(attachment.policy, attachment.policy_secret)
            if _is_system(attachment):
                summary.system_policies.append(policy)
                continue
            defined = stack.policies(_known(attachment.policy, attachment.policy_secret))
            if not defined:
                summary.other_policies.append(policy)
            for policy_reg in defined:
                document, why = stack.document(policy_reg)
                if document is None:
                    summary.may.append(f"{why} ({policy_reg.name})")
                    continue
                for grant in Access(document).grants:
                    line = f"{grant.describe()} [{policy_reg.name}]"
                    (summary.may if grant.allows else summary.denied).append(line)
                    if grant.allows:
                        grants.append(grant)
        instances = set()
        for binding in bound:
            if name is None or _known(binding.role, binding.role_secret) != name:
                continue
            if binding.instance not in instances:
                instances.add(binding.instance)
                summary.instances.append(_shown_instance(binding))
            if binding.resource.type != types.INSTANCE_BINDING:
                continue
            attachment_reg = stack.registration(binding.resource.urn)
            if attachment_reg.inputs.get("policy") is None or summary.session_policy is not None:
                continue  # the component gives every binding the same one: show the first
            session, why = stack.document(attachment_reg)
            summary.session_policy = _session(grants, session) if session is not None else {"unknown": [why]}
        arn = _text(reg.outputs.get("arn"))
        summary.passed_by = [label for label, access in passers if access.allows("ram:PassRole", arn)] if arn else []
        summaries.append(summary)
    return summaries


def _is_system(attachment: Attachment) -> bool:
    return isinstance(attachment.policy_type, str) and fold(attachment.policy_type) == "system"


def _shown_instance(binding: Binding) -> str:
    """The bound instance as the summary shows it: its ID, ``[secret]`` or ``(known after apply)``
    (after the name of its Instance resource when the binding was made from one)."""
    shown = _shown_read(binding.instance_id or None, binding.id_secret)
    return f"{binding.instance_name} {shown}" if shown == UNKNOWN_SHOWN and binding.instance_name else shown


def _passers(stack: _Stack, attached: List[Attachment]) -> List[Tuple[str, Access]]:
    """(``<kind> <principal> (<policy>)``, what the policy allows) for every Custom policy of the
    stack attached to a principal: whom each role's ``passed_by`` is chosen from."""
    found = []
    for attachment in attached:
        if _is_system(attachment):
            continue
        principal = _shown_read(attachment.principal, attachment.principal_secret)
        for policy_reg in stack.policies(_known(attachment.policy, attachment.policy_secret)):
            document, _ = stack.document(policy_reg)
            if document is not None:
                found.append((f"{attachment.kind} {principal} ({policy_reg.name})", Access(document)))
    return found


def render(summaries: List[RoleSummary]) -> str:
    """The summaries as text, one block per role."""
    lines = ["What each role may do"]
    for s in summaries:
        lines.append(f"  {s.role} ({s.resource})")
        lines.append(f"    assumed by: {', '.join(s.assumed_by) or 'nobody'}")
        lines += [f"    may: {line}" for line in s.may] or ["    may: nothing from policies in this stack"]
        lines += [f"    denied: {line}" for line in s.denied]
        if s.system_policies:
            lines.append(f"    System policies: {', '.join(s.system_policies)} (contents not known offline)")
        if s.other_policies:
            lines.append(f"    Custom policies defined elsewhere: {', '.join(s.other_policies)}")
        for effect, effect_lines in (s.session_policy or {}).items():
            lines += [f"    session policy {effect}: {line}" for line in effect_lines]
        if s.instances:
            lines.append(f"    bound to: {', '.join(s.instances)}")
        lines.append(f"    passed to instances by: {', '.join(s.passed_by) or 'no one in this stack'}")
    return "\n".join(lines) + "\n"
