"""The guardrails: every CrossGuard policy of the pack, with its settings.

Every RAM rule (documents, names, grants, trust, attached System policies, instance IDs) is
the pure-Python core's (``documents``, ``naming``, ``arguments``): a policy here only wires a
resource's properties to it, so the pack and the component share one implementation of each.
The rules about resource settings only the pack sees (a policy's rotate strategy, the session
duration limit, an instance's metadata mode and vSwitch, deprecated fields and resources, one
role per instance across the stack) live here alone. Importable without starting the analyzer (only
:func:`~alicloud_instance_role.guardrails.build_pack` does that), so tests call each policy directly.

Properties are read by their Pulumi schema names (``roleName``, ``policyDocument``); values
unknown during preview are skipped quietly: the pack sees them again, known, on ``pulumi up``.
"""

import functools
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
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

from .. import arguments
from ..documents import (
    DEFAULT_TRUSTED_SERVICES,
    PolicyDocument,
    Problem,
    errors,
    grammar,
    read_document,
    risks,
    validate,
)
from ..documents.builders import provider_document
from ..documents.names import NAME_CODES, system_policy_problem
from ..documents.risks import (
    DEFAULT_DENIED_SYSTEM_POLICIES,
    DEFAULT_SENSITIVE_SERVICES,
    ESCALATION_ACTIONS,
    Risk,
    admin_grants,
    denied_system_policy,
    escalation_grants,
    open_trust,
    pass_role_grants,
    sensitive_service_grants,
    unconditioned_federation,
    untrusted_accounts,
    untrusted_services,
)
from ..naming import POLICY_NAME, ROLE_NAME, NameRule, instance_id_problem
from ..resource_types import (
    DEPRECATED_ROLE_ATTACHMENT,
    DOCUMENT_PROPERTIES,
    INSTANCE,
    INSTANCE_BINDING,
    PERMISSION_POLICIES,
    POLICY,
    POLICY_ATTACHMENTS,
    RM_POLICY,
    RM_POLICY_VERSION,
    RM_ROLE,
    ROLE,
    ROLES,
)
from ..values import holds
from .secrets import is_secret

#: The longest ``maxSessionDuration`` accepted without a warning, unless configured.
DEFAULT_SESSION_LIMIT = 14400


# ---------------------------------------------------------------- reading properties


class NotKnown:
    """The type of :data:`NOT_KNOWN`: a value unknown during preview."""

    def __repr__(self) -> str:
        return "NOT_KNOWN"


#: What :func:`read` returns for a value only known once the update runs.
NOT_KNOWN = NotKnown()

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


def _setting(config: Mapping[str, Any], name: str, default: Any) -> Any:
    # The engine fills in schema defaults; unit tests and other callers may not, so fall back here.
    value = config.get(name)
    return default if value is None else value


def _list_setting(
    name: str, default: Sequence[str], description: str, items: Optional[Dict[str, Any]] = None
) -> PolicyConfigSchema:
    """A rule's one setting: a list of strings (each of the shape ``items``), with its default."""
    schema = {"type": "array", "items": items or {"type": "string"}, "default": list(default)}
    return PolicyConfigSchema(properties={name: {**schema, "description": description}})


def _with_setting(
    name: str, default: Sequence[str], find: Callable[[PolicyDocument, Tuple[str, ...]], Sequence[Risk]]
) -> Callable[[PolicyDocument, Mapping[str, Any]], Sequence[Risk]]:
    """A risk of the core given the list setting ``name`` of the rule's config (or ``default``)."""
    return lambda document, config: find(document, tuple(str(value) for value in _setting(config, name, default)))


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class _Document:
    """One RAM document read from a resource: the property it came from and its findings."""

    field: str
    problems: Tuple[Problem, ...]
    document: Optional[PolicyDocument]
    secret: bool
    """True when the document (or a value it was built from) is secret: messages leave it out."""

    def report(
        self, path: str, message: str, report_violation: ReportViolation, withheld: Optional[str] = None
    ) -> None:
        """Report a finding at ``path`` inside the document; when the document is secret, say
        ``withheld`` (by default, that details are withheld) instead of ``message``."""
        where = f"{self.field}.{path}" if path else self.field
        if self.secret:
            message = withheld or f"details withheld because {self.field} is secret"
        report_violation(f"{where}: {message}", None)


@functools.lru_cache(maxsize=4096)
def _checked(text: Any, kind: str) -> Tuple[Tuple[Problem, ...], Optional[PolicyDocument]]:
    # Several policies look at the same document in one Analyze call; parse and check it once.
    if kind == "session":
        # A session policy only narrows its role: no risk rule reads it, only its problems.
        return tuple(arguments.session_policy(text, "").problems), None
    problems, document = read_document(text, "trust" if kind == "trust" else "permission", keep_duplicates=True)
    return tuple(problems), document


def _document(args: ResourceValidationArgs) -> Optional[_Document]:
    """The RAM document of a resource (from its JSON text, or from the deprecated structured
    fields the provider would render into one), or None when it has none or it is unknown."""
    where = DOCUMENT_PROPERTIES.get(args.resource_type)
    if where is None:
        return None
    for field in where.texts:
        text = read(args.props, field)
        if text is NOT_KNOWN:
            return None
        if text is not None:
            secret = is_secret(args.urn, field)
            if not isinstance(text, str):
                return _Document(field, tuple(validate(text, "permission")), None, secret)
            problems, document = _checked(text, where.kind)
            return _Document(field, problems, document, secret)
    fields = {field: read(args.props, field) for field in where.fields}
    given = [field for field, value in fields.items() if value not in (None, [], "")]
    if not given or holds(fields, lambda value: value is NOT_KNOWN):
        return None
    problems, document = _checked(provider_document(where.kind, fields), where.kind)
    return _Document(given[0], problems, document, any(is_secret(args.urn, field) for field in given))


def _risks_in(
    resource_types: Sequence[str], find: Callable[[PolicyDocument, Mapping[str, Any]], Sequence[Risk]]
) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    """A validation applying ``find`` (a risk of the core, given the document and the rule's
    settings) to the valid documents of ``resource_types``; invalid ones are ram-document-valid's."""

    def validate_document(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type not in resource_types:
            return
        found = _document(args)
        if found is not None and found.document is not None:
            for risk in find(found.document, args.get_config()):
                found.report(risk.path, risk.message, report_violation)

    return validate_document


def _valid_documents(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    found = _document(args)
    if found is None:
        return
    for problem in errors(list(found.problems)):
        withheld = problem.redacted()
        found.report(
            problem.path,
            f"{problem.message} [{problem.code}]",
            report_violation,
            f"{withheld.message} [{problem.code}]",
        )


DOCUMENT_VALID = ResourceValidationPolicy(
    name="ram-document-valid",
    description=(
        "RAM documents are ones RAM accepts: the permission policy of a RAM or Resource Manager policy "
        "(or policy version), a role's trust policy, and the session policy of an alicloud.ecs.RamRoleAttachment."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_valid_documents,
)

# Grants are checked on permission policies only: a binding's session policy can only narrow
# the role, never grant more than it, so a broad one there is harmless.
NO_ADMIN_GRANT = ResourceValidationPolicy(
    name=risks.ADMIN_GRANT,
    description="Permission policies do not allow every action of every service on every resource, however spelled.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_risks_in(PERMISSION_POLICIES, lambda document, config: admin_grants(document)),
)

NO_SENSITIVE_SERVICE_GRANT = ResourceValidationPolicy(
    name=risks.SENSITIVE_SERVICE_GRANT,
    description=(
        "Permission policies do not allow a whole sensitive service (every action on every resource of ram, "
        "sts, kms, actiontrail, resourcemanager or ecs, unless configured), however spelled."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=_list_setting(
        "sensitiveServices",
        DEFAULT_SENSITIVE_SERVICES,
        "Services (the part before ':' in an action) of which a whole grant is refused.",
    ),
    validate=_risks_in(
        PERMISSION_POLICIES,
        _with_setting("sensitiveServices", DEFAULT_SENSITIVE_SERVICES, sensitive_service_grants),
    ),
)

NO_PRIVILEGE_ESCALATION = ResourceValidationPolicy(
    name=risks.PRIVILEGE_ESCALATION,
    description=(
        "Permission policies do not allow privilege escalation: RAM, STS and ECS actions that give more than "
        "they grant (attaching policies, new policy versions, trust changes, other users' keys, "
        "Cloud Assistant on every instance)."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=_list_setting(
        "exemptActions",
        (),
        "Escalation actions this stack may grant after all (each one of the documented list).",
        items={"type": "string", "enum": list(ESCALATION_ACTIONS)},
    ),
    validate=_risks_in(PERMISSION_POLICIES, _with_setting("exemptActions", (), escalation_grants)),
)

PASS_ROLE_SCOPED = ResourceValidationPolicy(
    name=risks.PASS_ROLE_SCOPED,
    description="ram:PassRole is granted only on named role ARNs (acs:ram::<account>:role/<name>), however spelled.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_risks_in(PERMISSION_POLICIES, lambda document, config: pass_role_grants(document)),
)


def _denied_attachment(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in POLICY_ATTACHMENTS:
        return
    name, policy_type = read(args.props, "policyName"), read(args.props, "policyType")
    if not isinstance(name, str) or not isinstance(policy_type, str):
        return
    denied = [str(policy) for policy in _setting(args.get_config(), "deniedPolicies", DEFAULT_DENIED_SYSTEM_POLICIES)]
    why = denied_system_policy(name, policy_type, denied)
    if why is not None:
        shown = "policyName: details withheld because it is secret" if is_secret(args.urn, "policyName") else why
        report_violation(shown, None)


NO_DENIED_SYSTEM_POLICY = ResourceValidationPolicy(
    name=risks.DENIED_SYSTEM_POLICY,
    description=(
        "Roles, users and groups are not given a denied System policy (AdministratorAccess, AliyunRAMFullAccess, "
        "AliyunSTSAssumeRoleAccess or full access to a sensitive service, unless configured)."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=_list_setting(
        "deniedPolicies", DEFAULT_DENIED_SYSTEM_POLICIES, "System policies that may not be attached (any case)."
    ),
    validate=_denied_attachment,
)


def _names_exist(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in POLICY_ATTACHMENTS:
        name, policy_type = read(args.props, "policyName"), read(args.props, "policyType")
        if isinstance(name, str) and isinstance(policy_type, str) and policy_type.lower() == "system":
            problem = system_policy_problem(name, "policyName")
            if problem is not None:
                secret = is_secret(args.urn, "policyName")
                shown = problem.redacted() if secret else problem
                report_violation(f"policyName: {shown.message} [{problem.code}]", None)
        return
    found = _document(args)
    if found is None:
        return
    for problem in found.problems:
        if problem.code in NAME_CODES:
            withheld = problem.redacted()
            found.report(
                problem.path,
                f"{problem.message} [{problem.code}]",
                report_violation,
                f"{withheld.message} [{problem.code}]",
            )


# Advisory by default: the catalogue may lag behind the cloud. A pack's config can make it
# mandatory ({"ram-names-exist": "mandatory"}), as for any policy of a pack.
NAMES_EXIST = ResourceValidationPolicy(
    name="ram-names-exist",
    description=(
        "RAM documents (permission, trust and session policies) name actions that exist (no oss:GetObjects, "
        "no sls: for log:), and "
        "System policies are attached by the name RAM spells, case included; checked against the catalogue of "
        "what exists in Alibaba Cloud, which may lag behind it (advisory unless configured)."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_names_exist,
)

TRUST_NAMES_PRINCIPALS = ResourceValidationPolicy(
    name=risks.TRUST_NAMES_PRINCIPALS,
    description="Trust policies name who may assume the role: no * principal, no wildcard in an account.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_risks_in(ROLES, lambda document, config: open_trust(document)),
)

TRUST_ALLOWED_SERVICES = ResourceValidationPolicy(
    name=risks.TRUST_ALLOWED_SERVICES,
    description="Roles trust only allowed cloud services (by default ecs.aliyuncs.com: these are instance roles).",
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=_list_setting(
        "allowedServices", DEFAULT_TRUSTED_SERVICES, "Service principals (<service>.aliyuncs.com) a role may trust."
    ),
    validate=_risks_in(ROLES, _with_setting("allowedServices", DEFAULT_TRUSTED_SERVICES, untrusted_services)),
)

TRUST_ALLOWED_ACCOUNTS = ResourceValidationPolicy(
    name=risks.TRUST_ALLOWED_ACCOUNTS,
    description="Roles trust RAM and federated principals only of allowed accounts (none, unless configured).",
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=_list_setting(
        "allowedAccounts",
        (),
        "Account IDs (16 digits) whose users, roles or identity providers a role may trust; list your own to "
        "let its principals assume roles.",
        items={"type": "string", "pattern": f"^{grammar.ACCOUNT_ID.pattern}$"},
    ),
    validate=_risks_in(ROLES, _with_setting("allowedAccounts", (), untrusted_accounts)),
)

TRUST_FEDERATED_CONDITION = ResourceValidationPolicy(
    name=risks.TRUST_FEDERATED_CONDITION,
    description="Trust in a SAML or OIDC provider comes with a Condition saying whom it is for.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_risks_in(ROLES, lambda document, config: unconditioned_federation(document)),
)


# ---------------------------------------------------------------- names and fields

# Resource type -> (name properties, the deprecated one last; the rule for the name).
NAME_FIELDS: Dict[str, Tuple[Tuple[str, ...], NameRule]] = {
    ROLE: (("roleName", "name"), ROLE_NAME),
    POLICY: (("policyName", "name"), POLICY_NAME),
    RM_ROLE: (("roleName",), ROLE_NAME),
    RM_POLICY: (("policyName",), POLICY_NAME),
    RM_POLICY_VERSION: (("policyName",), POLICY_NAME),
}
# Resource type -> the property holding the ECS instance IDs it binds a role to.
INSTANCE_ID_FIELDS: Dict[str, str] = {INSTANCE_BINDING: "instanceId", DEPRECATED_ROLE_ATTACHMENT: "instanceIds"}


def _valid_names(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    def report(field: str, problem: str) -> None:
        secret = is_secret(args.urn, field)
        report_violation(f"{field}: {'details withheld because it is secret' if secret else problem}", None)

    if args.resource_type in INSTANCE_ID_FIELDS:
        field = INSTANCE_ID_FIELDS[args.resource_type]
        ids = read(args.props, field)
        for instance_id in ids if isinstance(ids, list) else [ids]:
            problem = None if instance_id in (None, NOT_KNOWN) else instance_id_problem(instance_id)
            if problem is not None:
                report(field, problem)
    if args.resource_type not in NAME_FIELDS:
        return
    fields, rule = NAME_FIELDS[args.resource_type]
    for field in fields:
        name = read(args.props, field)
        if name is NOT_KNOWN:
            return
        if name is not None:
            for problem in rule.problems(name):
                report(field, problem)
            return


NAMES_VALID = ResourceValidationPolicy(
    name="ram-names-valid",
    description=(
        "Role names have 1-64 letters, digits, '.' and '-'; policy names 1-128 letters, digits and '-' (RAM's rules); "
        "bound instance IDs are i- then lowercase letters and digits."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_valid_names,
)


def _rotate_strategy(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != POLICY:
        return
    strategy = read(args.props, "rotateStrategy")
    if strategy is NOT_KNOWN or strategy == arguments.POLICY_ROTATE_STRATEGY:
        return
    shown = "is not set" if strategy is None else f"is {strategy!r}"
    report_violation(
        f"rotateStrategy {shown}: RAM keeps at most 5 versions of a policy, so the sixth edit fails; "
        f"set rotate_strategy={arguments.POLICY_ROTATE_STRATEGY!r}",
        None,
    )


POLICY_ROTATE_STRATEGY = ResourceValidationPolicy(
    name="ram-policy-rotate-strategy",
    description=(
        f"Custom policies set rotate_strategy to {arguments.POLICY_ROTATE_STRATEGY}, "
        "so edits never hit RAM's 5-version limit."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_rotate_strategy,
)


def _deprecated_role_attachment(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == DEPRECATED_ROLE_ATTACHMENT:
        report_violation(
            "alicloud.ram.RoleAttachment is deprecated upstream; bind the role with one "
            "alicloud.ecs.RamRoleAttachment per instance",
            None,
        )


NO_DEPRECATED_ROLE_ATTACHMENT = ResourceValidationPolicy(
    name="ram-no-deprecated-role-attachment",
    description=(
        "Instances get their role from alicloud.ecs.RamRoleAttachment, not the deprecated alicloud.ram.RoleAttachment."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_deprecated_role_attachment,
)

#: Resource type -> deprecated property -> what to use instead (from pulumi-alicloud's deprecations).
#: Not the deprecated ``version``: the provider may fill in its default ("1") on every role and policy.
DEPRECATED_FIELDS: Dict[str, Dict[str, str]] = {
    ROLE: {
        "name": "roleName",
        "document": "assumeRolePolicyDocument",
        "ramUsers": "assumeRolePolicyDocument",
        "services": "assumeRolePolicyDocument",
    },
    POLICY: {
        "name": "policyName",
        "document": "policyDocument",
        "statements": "policyDocument",
    },
    INSTANCE: {"roleName": "an alicloud.ecs.RamRoleAttachment"},
}


def _deprecated_fields(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for field, replacement in DEPRECATED_FIELDS.get(args.resource_type, {}).items():
        # An unknown value was still set by the program, so it is reported too.
        if read(args.props, field) not in (None, "", []):
            report_violation(f"{field} is deprecated; use {replacement} instead", None)


NO_DEPRECATED_FIELDS = ResourceValidationPolicy(
    name="ram-no-deprecated-fields",
    description=(
        "Roles, policies and instances avoid deprecated fields (name, document, ...; roleName on an instance)."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_deprecated_fields,
)


def _session_duration(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != ROLE:
        return
    seconds = read(args.props, "maxSessionDuration")
    limit = _setting(args.get_config(), "maxSessionDuration", DEFAULT_SESSION_LIMIT)
    # Numbers arrive over gRPC as floats.
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > limit:
        report_violation(
            f"maxSessionDuration is {int(seconds)} seconds, above the limit of {int(limit)}; "
            "credentials that leak stay usable that long",
            None,
        )


SESSION_DURATION_LIMIT = ResourceValidationPolicy(
    name="ram-session-duration-limit",
    description="Roles keep max_session_duration at or below a limit (4 hours, 14400 seconds, unless configured).",
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=PolicyConfigSchema(
        properties={
            "maxSessionDuration": {
                "type": "integer",
                "minimum": arguments.SESSION_DURATION_RANGE[0],
                "maximum": arguments.SESSION_DURATION_RANGE[1],
                "default": DEFAULT_SESSION_LIMIT,
                "description": "The longest max_session_duration, in seconds, accepted without a warning.",
            },
        },
    ),
    validate=_session_duration,
)


def _hardened_metadata(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != INSTANCE:
        return
    tokens = read(args.props, "httpTokens")
    if tokens is NOT_KNOWN or tokens == "required":
        return
    if tokens is None:
        shown = "is not set"
    else:
        shown = "is secret and not 'required'" if is_secret(args.urn, "httpTokens") else f"is {tokens!r}"
    report_violation(
        f"httpTokens {shown}: the instance's role credentials are served by the metadata service; "
        "set http_tokens='required' so only token-holding (hardened mode) requests get them",
        None,
    )


INSTANCE_HARDENED_METADATA = ResourceValidationPolicy(
    name="ecs-instance-hardened-metadata",
    description=(
        "ECS instances require metadata tokens (http_tokens='required'): their role's credentials are served there."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_hardened_metadata,
)


# ---------------------------------------------------------------- the stack: instance bindings


@dataclass(frozen=True)
class Binding:
    """One resource binding a role to one ECS instance."""

    instance: str
    """Identifies the instance: its ID, or the URN of its Instance resource when that is in the stack."""
    shown: str
    """The instance as messages name it (its ID, or its resource when the ID is not known yet)."""
    role: Any
    """The role name, or :data:`NOT_KNOWN`."""
    resource: PolicyResource
    """The resource that makes the binding."""
    role_secret: bool = False
    """True when the role name is secret: messages leave it out."""

    @property
    def is_attachment(self) -> bool:
        """True for an attachment resource, False for an instance's own ``roleName``."""
        return self.resource.resource_type != INSTANCE


def _instance_keys(resources: Sequence[PolicyResource]) -> Dict[str, Tuple[str, str]]:
    """Instance ID -> (key, shown) for every Instance resource whose ID is known."""
    keys = {}
    for resource in resources:
        if resource.resource_type == INSTANCE:
            instance_id = read(resource.props, "id")
            if isinstance(instance_id, str) and instance_id:
                keys[instance_id] = (resource.urn, instance_id)
    return keys


#: How messages name a value that is secret.
SECRET_SHOWN = "(secret)"


def _shown_instance(instance: PolicyResource, value: Any, secret: bool = False) -> str:
    if isinstance(value, str) and value:
        return f"{instance.name} (ID {SECRET_SHOWN})" if secret else value
    return f"{instance.name} (ID known after creation)"


def _shown_id(value: str, secret: bool) -> str:
    return SECRET_SHOWN if secret else value


def _instance_of(
    resource: PolicyResource, field: str, value: Any, by_id: Mapping[str, Tuple[str, str]]
) -> Optional[Tuple[str, str]]:
    """(key, shown) for the instance ``value`` of ``resource.field``, or None when it cannot be told.

    An instance created in the same stack is the one the property depends on, whether its ID is
    already known (a predicted or refreshed one) or not (a preview, before it is created): the
    ID alone cannot match it, since an Instance resource's properties do not hold its own ID."""
    secret = is_secret(resource.urn, field)
    sources = [d for d in resource.property_dependencies.get(field, []) if d.resource_type == INSTANCE]
    if len(sources) == 1:
        return sources[0].urn, _shown_instance(sources[0], value, secret or is_secret(sources[0].urn, "id"))
    if isinstance(value, str) and value:
        key, shown = by_id.get(value, (value, value))
        return key, _shown_id(shown, secret or (key != value and is_secret(key, "id")))
    return None


def bindings(resources: Sequence[PolicyResource]) -> Iterator[Binding]:
    """Every role-to-instance binding in the stack, in resource order: instances' own
    ``roleName``, ``alicloud.ecs.RamRoleAttachment`` and the deprecated ``alicloud.ram.RoleAttachment``."""
    by_id = _instance_keys(resources)
    for resource in resources:
        props = resource.props
        if resource.resource_type == INSTANCE:
            role = read(props, "roleName")
            if role not in (None, ""):
                shown = _shown_instance(resource, read(props, "id"), is_secret(resource.urn, "id"))
                yield Binding(resource.urn, shown, role, resource, is_secret(resource.urn, "roleName"))
        elif resource.resource_type == INSTANCE_BINDING:
            instance = _instance_of(resource, "instanceId", read(props, "instanceId"), by_id)
            if instance is not None:
                role_secret = is_secret(resource.urn, "ramRoleName")
                yield Binding(instance[0], instance[1], read(props, "ramRoleName"), resource, role_secret)
        elif resource.resource_type == DEPRECATED_ROLE_ATTACHMENT:
            ids = read(props, "instanceIds")
            role = read(props, "roleName")
            ids_secret = is_secret(resource.urn, "instanceIds")
            for instance_id in ids if isinstance(ids, list) else []:
                # The list's dependencies cannot tell its items apart: match each by its ID.
                if isinstance(instance_id, str) and instance_id:
                    key, shown = by_id.get(instance_id, (instance_id, instance_id))
                    secret = ids_secret or (key != instance_id and is_secret(key, "id"))
                    yield Binding(key, _shown_id(shown, secret), role, resource, is_secret(resource.urn, "roleName"))


def _conflict(first: Binding, second: Binding) -> bool:
    if first.is_attachment and second.is_attachment:
        return True
    # An instance's roleName may be the cloud's answer (its outputs, after a refresh) to the very
    # attachment beside it: only two different, known role names are two roles.
    return NOT_KNOWN not in (first.role, second.role) and first.role != second.role


def _shown_role(binding: Binding) -> str:
    if binding.role is NOT_KNOWN:
        return "a role whose name is not known yet"
    return "a role whose name is secret" if binding.role_secret else f"role {binding.role!r}"


def _one_role_per_instance(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    seen: Dict[str, List[Binding]] = {}
    for binding in bindings(args.resources):
        earlier = seen.setdefault(binding.instance, [])
        for first in earlier:
            if _conflict(first, binding):
                report_violation(
                    f"instance {binding.shown} is bound to {_shown_role(first)} by {first.resource.urn} "
                    f"and to {_shown_role(binding)} by {binding.resource.urn}; "
                    "an ECS instance holds one RAM role at a time, so the second attach fails",
                    binding.resource.urn,
                )
                break
        earlier.append(binding)


ONE_ROLE_PER_INSTANCE = StackValidationPolicy(
    name="ecs-one-role-per-instance",
    description=(
        "An ECS instance is bound to at most one RAM role in the stack (by attachments or the instance's roleName)."
    ),
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_role_per_instance,
)


def _role_needs_vpc(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    with_role = {binding.instance for binding in bindings(args.resources)}
    for resource in args.resources:
        if resource.resource_type != INSTANCE or resource.urn not in with_role:
            continue
        if read(resource.props, "vswitchId") in (None, ""):
            report_violation(
                "the instance is given a RAM role but has no vswitchId; instance RAM roles work only for VPC instances",
                resource.urn,
            )


INSTANCE_ROLE_NEEDS_VPC = StackValidationPolicy(
    name="ecs-instance-role-needs-vpc",
    description=(
        "ECS instances given a RAM role are VPC instances (have a vswitch_id): classic instances cannot use one."
    ),
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_role_needs_vpc,
)


#: Every policy of the pack, mandatory ones first.
POLICIES = [
    DOCUMENT_VALID,
    NO_ADMIN_GRANT,
    NO_SENSITIVE_SERVICE_GRANT,
    NO_PRIVILEGE_ESCALATION,
    PASS_ROLE_SCOPED,
    NO_DENIED_SYSTEM_POLICY,
    TRUST_NAMES_PRINCIPALS,
    TRUST_ALLOWED_SERVICES,
    TRUST_ALLOWED_ACCOUNTS,
    TRUST_FEDERATED_CONDITION,
    NAMES_VALID,
    ONE_ROLE_PER_INSTANCE,
    NAMES_EXIST,
    POLICY_ROTATE_STRATEGY,
    NO_DEPRECATED_ROLE_ATTACHMENT,
    NO_DEPRECATED_FIELDS,
    SESSION_DURATION_LIMIT,
    INSTANCE_HARDENED_METADATA,
    INSTANCE_ROLE_NEEDS_VPC,
]
