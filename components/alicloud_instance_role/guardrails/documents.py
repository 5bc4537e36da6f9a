"""The rules on RAM documents: that RAM accepts them, that the actions they name exist, and the
nine risk rules, declared from one table (:data:`RISK_RULES`) of the core's risks.

Every RAM rule is the pure-Python core's (``documents``, ``documents/risks.py``): a rule here only
reads a resource's document and hands it over, so the pack and the component share one
implementation of each.
"""

import functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence, Tuple

from pulumi_policy import (
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .. import arguments
from ..documents import (
    DEFAULT_TRUSTED_SERVICES,
    PolicyDocument,
    Problem,
    errors,
    findings,
    grammar,
    read_document,
    risks,
    validate,
)
from ..documents.builders import provider_document
from ..documents.names import NAME_CODES, system_policy_problem
from ..documents.risks import (
    DEFAULT_SENSITIVE_SERVICES,
    ESCALATION_ACTIONS,
    Risk,
    admin_grants,
    escalation_grants,
    open_trust,
    pass_role_grants,
    sensitive_service_grants,
    unconditioned_federation,
    untrusted_accounts,
    untrusted_services,
)
from ..markers import NOT_KNOWN, withheld
from ..resource_types import DOCUMENT_PROPERTIES, PERMISSION_POLICIES, ROLES
from ..stack_reading import attachment
from ..values import holds
from .properties import Analyzed, list_setting, read, with_setting
from .registration import resource_rule
from .secrets import is_secret

#: A risk of the core, given a valid document and the rule's settings.
RiskCheck = Callable[[PolicyDocument, Mapping[str, Any]], Sequence[Risk]]


@dataclass(frozen=True)
class Document:
    """One RAM document read from a resource: the property it came from and its findings."""

    field: str
    problems: Tuple[Problem, ...]
    document: Optional[PolicyDocument]
    secret: bool
    """True when the document (or a value it was built from) is secret: messages leave it out."""

    def report(
        self, path: str, message: str, report_violation: ReportViolation, withheld_message: Optional[str] = None
    ) -> None:
        """Report a finding at ``path`` inside the document; when the document is secret, say
        ``withheld_message`` (by default, that details are withheld) instead of ``message``."""
        where = f"{self.field}.{path}" if path else self.field
        if self.secret:
            message = withheld_message or withheld(self.field)
        report_violation(f"{where}: {message}", None)

    def report_problem(self, problem: Problem, report_violation: ReportViolation) -> None:
        """Report one problem of the document, told without its value when the document is secret."""
        self.report(
            problem.path,
            f"{problem.message} [{problem.code}]",
            report_violation,
            f"{problem.redacted().message} [{problem.code}]",
        )


@functools.lru_cache(maxsize=4096)
def _checked(text: Any, kind: str) -> Tuple[Tuple[Problem, ...], Optional[PolicyDocument]]:
    # Several policies look at the same document in one Analyze call; parse and check it once.
    if kind == "session":
        # A session policy only narrows its role: no risk rule reads it, only its problems.
        return tuple(arguments.session_policy(text, "").problems), None
    problems, document = read_document(text, "trust" if kind == "trust" else "permission", keep_duplicates=True)
    return tuple(problems), document


def document_of(args: ResourceValidationArgs) -> Optional[Document]:
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
                return Document(field, tuple(validate(text, "permission")), None, secret)
            problems, document = _checked(text, where.kind)
            return Document(field, problems, document, secret)
    fields = {field: read(args.props, field) for field in where.fields}
    given = [field for field, value in fields.items() if value not in (None, [], "")]
    if not given or holds(fields, lambda value: value is NOT_KNOWN):
        return None
    problems, document = _checked(provider_document(where.kind, fields), where.kind)
    return Document(given[0], problems, document, any(is_secret(args.urn, field) for field in given))


def _risks_in(
    resource_types: Sequence[str], find: RiskCheck
) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    """A validation applying ``find`` to the valid documents of ``resource_types``; invalid ones
    are ram-document-valid's."""

    def validate_document(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type not in resource_types:
            return
        found = document_of(args)
        if found is not None and found.document is not None:
            for risk in find(found.document, args.get_config()):
                found.report(risk.path, risk.message, report_violation)

    return validate_document


def _valid_documents(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    found = document_of(args)
    if found is None:
        return
    for problem in errors(list(found.problems)):
        found.report_problem(problem, report_violation)


DOCUMENT_VALID = resource_rule(findings.DOCUMENT_VALID, _valid_documents)


def _names_exist(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    attached = attachment(Analyzed.of(args))
    if attached is not None:
        name, policy_type = attached.policy, attached.policy_type
        if isinstance(name, str) and isinstance(policy_type, str) and policy_type.lower() == "system":
            problem = system_policy_problem(name, "policyName")
            if problem is not None:
                shown = problem.redacted() if attached.policy_secret else problem
                report_violation(f"policyName: {shown.message} [{problem.code}]", None)
        return
    found = document_of(args)
    if found is None:
        return
    for problem in found.problems:
        if problem.code in NAME_CODES:
            found.report_problem(problem, report_violation)


NAMES_EXIST = resource_rule(findings.NAMES_EXIST, _names_exist)


# ---------------------------------------------------------------- the risk rules


@dataclass(frozen=True)
class RiskRule:
    """One risk rule of the pack: a risk of the core applied to the valid documents of some
    resource types, with the rule's settings; its description and level are its entry in the
    findings registry."""

    name: str
    resource_types: Sequence[str]
    find: RiskCheck
    settings: Optional[PolicyConfigSchema] = None

    def policy(self) -> ResourceValidationPolicy:
        """The rule as a policy of the pack."""
        return resource_rule(self.name, _risks_in(self.resource_types, self.find), self.settings)


# Grants are checked on permission policies only: a binding's session policy can only narrow
# the role, never grant more than it, so a broad one there is harmless.
RISK_RULES: Tuple[RiskRule, ...] = (
    RiskRule(risks.ADMIN_GRANT, PERMISSION_POLICIES, lambda document, config: admin_grants(document)),
    RiskRule(
        risks.SENSITIVE_SERVICE_GRANT,
        PERMISSION_POLICIES,
        with_setting("sensitiveServices", DEFAULT_SENSITIVE_SERVICES, sensitive_service_grants),
        list_setting(
            "sensitiveServices",
            DEFAULT_SENSITIVE_SERVICES,
            "Services (the part before ':' in an action) of which a whole grant is refused.",
        ),
    ),
    RiskRule(
        risks.PRIVILEGE_ESCALATION,
        PERMISSION_POLICIES,
        with_setting("exemptActions", (), escalation_grants),
        list_setting(
            "exemptActions",
            (),
            "Escalation actions this stack may grant after all (each one of the documented list).",
            items={"type": "string", "enum": list(ESCALATION_ACTIONS)},
        ),
    ),
    RiskRule(risks.PASS_ROLE_SCOPED, PERMISSION_POLICIES, lambda document, config: pass_role_grants(document)),
    RiskRule(risks.TRUST_NAMES_PRINCIPALS, ROLES, lambda document, config: open_trust(document)),
    RiskRule(
        risks.TRUST_ALLOWED_SERVICES,
        ROLES,
        with_setting("allowedServices", DEFAULT_TRUSTED_SERVICES, untrusted_services),
        list_setting(
            "allowedServices", DEFAULT_TRUSTED_SERVICES, "Service principals (<service>.aliyuncs.com) a role may trust."
        ),
    ),
    RiskRule(
        risks.TRUST_ALLOWED_ACCOUNTS,
        ROLES,
        with_setting("allowedAccounts", (), untrusted_accounts),
        list_setting(
            "allowedAccounts",
            (),
            "Account IDs (16 digits) whose users, roles or identity providers a role may trust; list your own to "
            "let its principals assume roles.",
            items={"type": "string", "pattern": f"^{grammar.ACCOUNT_ID.pattern}$"},
        ),
    ),
    RiskRule(risks.TRUST_FEDERATED_CONDITION, ROLES, lambda document, config: unconditioned_federation(document)),
)

_RISK_POLICIES = {rule.name: rule.policy() for rule in RISK_RULES}
NO_ADMIN_GRANT = _RISK_POLICIES[risks.ADMIN_GRANT]
NO_SENSITIVE_SERVICE_GRANT = _RISK_POLICIES[risks.SENSITIVE_SERVICE_GRANT]
NO_PRIVILEGE_ESCALATION = _RISK_POLICIES[risks.PRIVILEGE_ESCALATION]
PASS_ROLE_SCOPED = _RISK_POLICIES[risks.PASS_ROLE_SCOPED]
TRUST_NAMES_PRINCIPALS = _RISK_POLICIES[risks.TRUST_NAMES_PRINCIPALS]
TRUST_ALLOWED_SERVICES = _RISK_POLICIES[risks.TRUST_ALLOWED_SERVICES]
TRUST_ALLOWED_ACCOUNTS = _RISK_POLICIES[risks.TRUST_ALLOWED_ACCOUNTS]
TRUST_FEDERATED_CONDITION = _RISK_POLICIES[risks.TRUST_FEDERATED_CONDITION]
