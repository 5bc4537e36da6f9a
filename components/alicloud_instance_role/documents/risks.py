"""Legal but dangerous grants, judged on what a document allows (through :mod:`.access`).

The guardrail pack enforces these and the component warns about them, under the same stable
rule names and codes (declared in :mod:`.findings`; :data:`RULES` maps one to the other); they
live here so there is one implementation of each rule. Each
function returns :class:`Risk` values naming the statement (``Statement[0]``, counted as in a
document loaded with ``keep_duplicates=True``) and what it grants, in words.
"""

import functools
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar

from ..catalogue import resources as catalogue
from . import findings, grammar
from .access import Access, Reach, unnamed_service
from .builders import DEFAULT_TRUSTED_SERVICES
from .findings import GUARDRAILS
from .globs import TooComplex, covers, fold
from .model import EVERYONE, PolicyDocument, Statement
from .problems import Problem, join_path

# ---------------------------------------------------------------- rule names (declared in .findings)

ADMIN_GRANT = findings.ADMIN_GRANT
SENSITIVE_SERVICE_GRANT = findings.SENSITIVE_SERVICE_GRANT
PRIVILEGE_ESCALATION = findings.PRIVILEGE_ESCALATION
PASS_ROLE_SCOPED = findings.PASS_ROLE_SCOPED
DENIED_SYSTEM_POLICY = findings.DENIED_SYSTEM_POLICY
TRUST_NAMES_PRINCIPALS = findings.TRUST_NAMES_PRINCIPALS
TRUST_ALLOWED_SERVICES = findings.TRUST_ALLOWED_SERVICES
TRUST_ALLOWED_ACCOUNTS = findings.TRUST_ALLOWED_ACCOUNTS
TRUST_FEDERATED_CONDITION = findings.TRUST_FEDERATED_CONDITION


#: Rule name -> the warning code the component reports it under, for the guardrails that have
#: one (declared in :mod:`.findings`).
RULES: Dict[str, str] = {rule: entry.code for rule, entry in GUARDRAILS.items() if entry.code is not None}


@dataclass(frozen=True)
class Risk:
    """One risky grant: where (``Statement[n]``), what, in words, and the rule it breaks."""

    path: str
    message: str
    rule: str
    also: Tuple[str, ...] = ()
    """Other rules the same statement breaks, folded into this finding (see :func:`folded`)."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_problem(self, path: str) -> Problem:
        """The finding as a warning about the argument at ``path``, under the rule's code."""
        refused = f"the guardrail {self.rule} refuses this"
        if self.also:
            refused += f"; so do {_and(self.also)}, each a policy of its own"
        return Problem(RULES[self.rule], path, f"{self.message} ({refused})")


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# ---------------------------------------------------------------- bounded work

#: How a finding says the engine gave up on a question (see :func:`bounded`).
TOO_COMPLEX = "too complex to decide exactly"

_Find = TypeVar("_Find", bound=Callable[..., List[Risk]])


def bounded(rule: str, question: str) -> Callable[[_Find], _Find]:
    """A rule's check that never hangs: when the engine gives up on a question
    (:class:`~.globs.TooComplex`), the cautious answer, one finding about the whole document
    (path ``""``) saying it is too complex to decide whether ``question``."""

    def wrap(find: _Find) -> _Find:
        @functools.wraps(find)
        def checked(*args: object, **kwargs: object) -> List[Risk]:
            try:
                return find(*args, **kwargs)
            except TooComplex:
                message = (
                    f"{TOO_COMPLEX} whether {question}, so it is treated as if it does; "
                    "write its wildcard patterns more simply"
                )
                return [Risk("", message, rule)]

        return checked  # type: ignore[return-value]

    return wrap


# ---------------------------------------------------------------- every action, whole services

#: Services whose full control amounts to controlling the account, its identities or secrets.
DEFAULT_SENSITIVE_SERVICES = ("ram", "sts", "kms", "actiontrail", "resourcemanager", "ecs")


def _where(reach: Reach) -> str:
    """``Statement[0]`` and the other statements that make the grant, as a path and a note."""
    others = reach.statements[1:]
    note = f" (with {', '.join(others)})" if others else ""
    if reach.partly_denied_by:
        note += f"; {', '.join(reach.partly_denied_by)} denies only part of it"
    return note


@bounded(ADMIN_GRANT, "it allows every action of every service on every resource")
def admin_grants(document: PolicyDocument) -> List[Risk]:
    """Allow statements granting every action of every service on every resource, however
    spelled (``*``, ``*:*``, ``?*:*``, NotAction, ``acs:*:*:*:*``...): judged on a service the
    document never names, so a grant that reaches it reaches every service."""
    reach = Access(document).grants_all(unnamed_service(document))
    if reach is None:
        return []
    message = f"allows every action of every service on every resource{_where(reach)}"
    return [Risk(reach.statements[0], message, ADMIN_GRANT)]


@bounded(SENSITIVE_SERVICE_GRANT, "it allows a whole sensitive service")
def sensitive_service_grants(
    document: PolicyDocument, services: Sequence[str] = DEFAULT_SENSITIVE_SERVICES
) -> List[Risk]:
    """Allow statements granting every action of a sensitive service on every resource of
    that service, however spelled (``kms:*``, ``kms:?*``, ``*``, on ``*`` or ``acs:kms:*:*:*``)."""
    access = Access(document)
    found: Dict[Reach, List[str]] = {}
    for service in services:
        reach = access.grants_all(fold(service))
        if reach is not None:
            found.setdefault(reach, []).append(fold(service))
    return [
        Risk(
            reach.statements[0],
            f"allows the whole {', '.join(names)} service{'s' if len(names) > 1 else ''} "
            f"(every action on every resource){_where(reach)}",
            SENSITIVE_SERVICE_GRANT,
        )
        for reach, names in found.items()
    ]


# ---------------------------------------------------------------- privilege escalation

#: Cloudsplaining's five classes of privilege escalation, as RAM spells them.
OTHER_USERS = "permissions on other users"
POLICIES = "permissions on policies"
TRUST = "changing a trust policy"
PASS_ROLE = "PassRole"
OTHER_SERVICES = "escalation through other services"
ESCALATION_CLASSES = (OTHER_USERS, POLICIES, TRUST, PASS_ROLE, OTHER_SERVICES)


@dataclass(frozen=True)
class Escalation:
    """An action that lets whoever holds it gain more than it grants."""

    action: str
    kind: str
    """Its class, one of :data:`ESCALATION_CLASSES`."""
    why: str
    every: Optional[Tuple[str, str]] = None
    """(service, resource type of the catalogue) when only a grant on every such resource
    escalates (RunCommand on every ``instance``); None when a grant on any resource does."""
    needs: Tuple[str, ...] = ()
    """Actions of which one must escalate too for this one to count (CreateCommand makes a
    command; only InvokeCommand or RunCommand on every instance runs it everywhere)."""

    @property
    def scope(self) -> str:
        """Where a grant of it counts, in words."""
        if self.every is None:
            return "on any resource" if not self.needs else f"with {' or '.join(self.needs)} on every instance"
        service, type_name = self.every
        entry = catalogue.service(service)
        found = entry.type(type_name) if entry is not None else None
        template = found.arn if found is not None else f"acs:{service}:*:<account>:{type_name}/*"
        return f"on every {type_name} ({template})"


#: The privilege-escalation actions the guardrails refuse, with their class. ``ram:PassRole``
#: (the PassRole class) has a rule of its own, :data:`PASS_ROLE_SCOPED`.
ESCALATIONS: Tuple[Escalation, ...] = (
    Escalation("ram:CreateAccessKey", OTHER_USERS, "mints AccessKeys for any RAM user"),
    Escalation("ram:CreateLoginProfile", OTHER_USERS, "gives a RAM user a console password"),
    Escalation("ram:UpdateLoginProfile", OTHER_USERS, "resets a RAM user's console password"),
    Escalation("ram:AddUserToGroup", OTHER_USERS, "joins a user to a more powerful group"),
    Escalation("ram:AttachPolicyToRole", POLICIES, "attaches any policy, AdministratorAccess included, to a role"),
    Escalation("ram:AttachPolicyToUser", POLICIES, "attaches any policy to a user"),
    Escalation("ram:AttachPolicyToGroup", POLICIES, "attaches any policy to a group"),
    Escalation("ram:CreatePolicyVersion", POLICIES, "rewrites an attached policy as a new default version"),
    Escalation("ram:SetDefaultPolicyVersion", POLICIES, "switches an attached policy to a broader version"),
    Escalation("resourcemanager:AttachPolicy", POLICIES, "attaches any policy through Resource Manager"),
    Escalation("resourcemanager:CreatePolicyVersion", POLICIES, "rewrites a policy through Resource Manager"),
    Escalation("resourcemanager:SetDefaultPolicyVersion", POLICIES, "switches a policy's default version"),
    Escalation("ram:UpdateRole", TRUST, "rewrites a role's trust policy to let itself assume it"),
    Escalation("resourcemanager:UpdateRole", TRUST, "rewrites a role's trust policy through Resource Manager"),
    # UpdateSAMLProvider replaces a SAML provider's metadata (NewEncodedSAMLMetadataDocument, which
    # holds its signing certificate), so assertions signed with a key of the caller's choosing are
    # trusted by every role that trusts the provider (aliyun/aliyun-openapi-meta,
    # en-US/ims/UpdateSAMLProvider.json).
    Escalation(
        "ram:UpdateSAMLProvider",
        TRUST,
        "replaces an identity provider's metadata, so every role trusting it can be assumed",
    ),
    Escalation("sts:AssumeRole", TRUST, "assumes every role that trusts the account", ("ram", "role")),
    Escalation("ecs:RunCommand", OTHER_SERVICES, "runs commands on every instance", ("ecs", "instance")),
    Escalation("ecs:InvokeCommand", OTHER_SERVICES, "runs commands on every instance", ("ecs", "instance")),
    Escalation("ecs:SendFile", OTHER_SERVICES, "writes files on every instance", ("ecs", "instance")),
    # Session Manager's StartTerminalSession opens a shell on the instance, where its role's
    # credentials are one metadata request away:
    # https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-startterminalsession
    Escalation("ecs:StartTerminalSession", OTHER_SERVICES, "opens a shell on every instance", ("ecs", "instance")),
    # A new command runs only through InvokeCommand (or RunCommand, which creates one itself):
    # alone, or with them on one instance, CreateCommand gives nothing more.
    Escalation(
        "ecs:CreateCommand",
        OTHER_SERVICES,
        "creates Cloud Assistant commands to run on every instance",
        needs=("ecs:InvokeCommand", "ecs:RunCommand"),
    ),
)
ESCALATION_ACTIONS = tuple(escalation.action for escalation in ESCALATIONS)


def _escalates(access: Access, escalation: Escalation) -> Optional[Reach]:
    if escalation.every is None:
        return access.grants_some(escalation.action)
    return access.grants_everywhere(escalation.action, *escalation.every)


@bounded(PRIVILEGE_ESCALATION, "it allows privilege escalation")
def escalation_grants(document: PolicyDocument, exempt: Iterable[str] = ()) -> List[Risk]:
    """Allow statements granting a privilege-escalation action of :data:`ESCALATIONS` (except
    the ``exempt`` ones): one finding per way the document grants them (the statements that
    make the grant, and any Deny that takes back part of it), naming each action and its class.
    An escalation that ``needs`` others counts only when one of them is granted as one too
    (exempt or not)."""
    access = Access(document)
    skipped = {fold(action) for action in exempt}
    reaches = {fold(e.action): _escalates(access, e) for e in ESCALATIONS if not e.needs}
    found: Dict[Reach, List[Escalation]] = {}
    for escalation in ESCALATIONS:
        if fold(escalation.action) in skipped:
            continue
        if escalation.needs and not any(reaches.get(fold(action)) for action in escalation.needs):
            continue
        reach = reaches[fold(escalation.action)] if not escalation.needs else _escalates(access, escalation)
        if reach is not None:
            found.setdefault(reach, []).append(escalation)
    return [
        Risk(
            reach.statements[0],
            "allows privilege escalation: "
            + "; ".join(f"{e.action} {e.scope} ({e.kind}: {e.why})" for e in escalations)
            + _where(reach),
            PRIVILEGE_ESCALATION,
        )
        for reach, escalations in found.items()
    ]


@bounded(PASS_ROLE_SCOPED, "it allows ram:PassRole beyond named roles")
def pass_role_grants(document: PolicyDocument) -> List[Risk]:
    """Allow statements that grant ``ram:PassRole`` (however spelled: ``ram:Pass*``, NotAction...)
    on anything but named role ARNs, unless Deny statements take all of it back."""
    access = Access(document)
    risks = []
    for grant in access.grants:
        if not grant.allows or not grant.covers_action("ram:PassRole"):
            continue
        broad = tuple(r for r in grant.resources if not grammar.names_one_role(r))
        if broad and not access.denies_all("ram:PassRole", broad):
            risks.append(
                Risk(grant.path, f"allows ram:PassRole on {', '.join(broad)}; scope it to role ARNs", PASS_ROLE_SCOPED)
            )
    return risks


# ---------------------------------------------------------------- System policies

#: System policies that give an identity the account, its identities or a sensitive service.
DEFAULT_DENIED_SYSTEM_POLICIES = (
    "AdministratorAccess",
    "AliyunRAMFullAccess",
    "AliyunSTSAssumeRoleAccess",
    "AliyunKMSFullAccess",
    "AliyunActionTrailFullAccess",
    "AliyunResourceManagerFullAccess",
    "AliyunECSFullAccess",
    # "Grants a RAM user permissions to manage the Cloud Assistant service for ECS": running
    # commands and sending files on every instance, the escalation of ecs:RunCommand and
    # ecs:InvokeCommand (https://www.alibabacloud.com/help/en/ecs/user-guide/use-ram-to-implement-permission-control,
    # read 2026-12-03; the page describes the policy, it does not print its document).
    "AliyunECSAssistantFullAccess",
)


def denied_system_policy(
    policy_name: str, policy_type: str, denied: Sequence[str] = DEFAULT_DENIED_SYSTEM_POLICIES
) -> Optional[str]:
    """Why attaching the policy is refused, or None: it is a System policy on the ``denied``
    list (names compared without case)."""
    if fold(policy_type) != "system" or fold(policy_name) not in {fold(name) for name in denied}:
        return None
    return f"attaches the System policy {policy_name}, which is on the denied list"


# ---------------------------------------------------------------- trust policies


def _trusting(document: PolicyDocument) -> Iterable[Tuple[str, Statement]]:
    for index, statement in enumerate(document.statements):
        if statement.allows:
            yield f"Statement[{index}]", statement


def open_trust(document: PolicyDocument) -> List[Risk]:
    """Trust statements that let anyone assume the role: ``Principal: "*"``, a principal of any
    type that is ``*`` (``{"RAM": "*"}``), or a RAM or Federated principal whose account is a
    wildcard (``acs:ram::*:root``, ``acs:ram::1*:root``)."""
    risks = []
    for path, statement in _trusting(document):
        open_ones = [
            value
            for values in statement.principals.values()
            for value in values
            if grammar.admits_anyone(value) or grammar.wildcard_account(value)
        ]
        if EVERYONE in statement.principals or open_ones:
            shown = ", ".join(open_ones) or "Principal *"
            risks.append(Risk(path, f"lets anyone assume the role ({shown})", TRUST_NAMES_PRINCIPALS))
    return risks


def untrusted_services(document: PolicyDocument, allowed: Sequence[str]) -> List[Risk]:
    """Service principals of Allow statements that are not in ``allowed``."""
    return [
        Risk(path, f"trusts the service {service}; allowed: {', '.join(allowed)}", TRUST_ALLOWED_SERVICES)
        for path, statement in _trusting(document)
        for service in statement.principals.get("Service", ())
        if service not in allowed
    ]


def untrusted_accounts(document: PolicyDocument, allowed: Sequence[str]) -> List[Risk]:
    """RAM and Federated principals of Allow statements whose account is not in ``allowed``.
    Anyone (``*``, ``acs:ram::*:...``) is :func:`open_trust`'s finding alone; an account with a
    wildcard inside (``acs:ram::1***:root``) is both rules' finding: it is open and not allowed."""
    risks = []
    for path, statement in _trusting(document):
        for kind in ("RAM", "Federated"):
            for principal in statement.principals.get(kind, ()):
                account = grammar.principal_account(principal)
                if not grammar.admits_anyone(principal) and account not in allowed:
                    shown = ", ".join(allowed) if allowed else "none"
                    message = f"trusts {principal}, of account {account}; allowed accounts: {shown}"
                    risks.append(Risk(path, message, TRUST_ALLOWED_ACCOUNTS))
    return risks


#: Provider kind -> the Condition keys that say whom a federated role is for. OIDC: the token's
#: audience or subject (the issuer is the provider's own, so it tells no one apart); SAML: RAM
#: supports only saml:recipient (https://www.alibabacloud.com/help/en/ram/user-guide/create-a-ram-role-for-a-trusted-idp,
#: read 2026-12-03, which also lists oidc:iss, oidc:aud and oidc:sub).
FEDERATED_CONDITION_KEYS: Dict[str, Tuple[str, ...]] = {
    "oidc-provider": ("oidc:aud", "oidc:sub"),
    "saml-provider": ("saml:recipient",),
}
# Operators whose condition holds only for the values listed (the negated ones hold for every other).
_NARROWING_OPERATORS = ("stringequals", "stringequalsignorecase", "stringlike")


def _pins(operator: str, value: object) -> bool:
    """True when the condition ``operator`` with ``value`` can be false for a value the key has:
    every exact value can; a StringLike pattern can unless it matches every non-empty string."""
    return fold(operator) != "stringlike" or not covers(str(value), "?*")


def narrowing_keys(statement: Statement, keys: Sequence[str]) -> List[str]:
    """Those of ``keys`` that a positive string condition of ``statement`` pins to values it
    can fail (``{"StringEquals": {"oidc:aud": "sts.aliyuncs.com"}}``; not ``StringLike "*"``)."""
    wanted = {fold(key) for key in keys}
    found = []
    for operator, by_key in statement.conditions.items():
        if fold(operator) not in _NARROWING_OPERATORS:
            continue
        for key, values in by_key.items():
            if fold(key) in wanted and values and all(_pins(operator, value) for value in values):
                found.append(key)
    return found


def _provider_kind(principal: str) -> Optional[str]:
    match = grammar.FEDERATED_PRINCIPAL.fullmatch(principal)
    return match.group(1) if match else None


@bounded(TRUST_FEDERATED_CONDITION, "its Condition narrows its federated trust")
def unconditioned_federation(document: PolicyDocument) -> List[Risk]:
    """Allow statements trusting a Federated (SAML or OIDC) principal without a Condition that
    can be false for the provider's tokens: one pinning ``oidc:aud`` or ``oidc:sub`` (OIDC) or
    ``saml:recipient`` (SAML, the only key RAM supports) to values that are not a match-all
    wildcard. Otherwise any identity the provider vouches for could assume the role."""
    risks = []
    for path, statement in _trusting(document):
        federated = statement.principals.get("Federated", ())
        if not federated:
            continue
        kinds = {_provider_kind(p) for p in federated}
        unpinned = [
            kind or "provider"
            for kind in sorted(kinds, key=str)
            if not narrowing_keys(statement, FEDERATED_CONDITION_KEYS.get(kind or "", ()))
        ]
        if not unpinned:
            continue
        wanted = " or ".join(key for kind in unpinned for key in FEDERATED_CONDITION_KEYS.get(kind, ()))
        how = "without a Condition" if not statement.conditions else "with a Condition that always holds"
        risks.append(
            Risk(
                path,
                f"trusts {', '.join(federated)} {how}; name the audience and subject the role is for "
                f"({wanted or 'oidc:aud, oidc:sub or saml:recipient'}, with a value that is not a wildcard)",
                TRUST_FEDERATED_CONDITION,
            )
        )
    return risks


# ---------------------------------------------------------------- all of them, with the pack's defaults


#: The rules a grant of everything on a statement breaks as well: told as one finding there.
NARROWER_THAN_ADMIN = (SENSITIVE_SERVICE_GRANT, PRIVILEGE_ESCALATION, PASS_ROLE_SCOPED)


def folded(risks: Sequence[Risk]) -> List[Risk]:
    """``risks`` with the narrower findings of a statement that allows everything
    (:data:`NARROWER_THAN_ADMIN`, at the same path as an :data:`ADMIN_GRANT` one) folded into
    that finding, which names them in ``also``: one risk, said once. The pack does not fold:
    each of its policies reports on its own, since each can be disabled or configured alone."""
    # Not a whole-document finding (path ""): the engine gave up on that question, not on the others.
    admin_paths = {risk.path for risk in risks if risk.rule == ADMIN_GRANT and risk.path}
    inside = [r for r in risks if r.path in admin_paths and r.rule in NARROWER_THAN_ADMIN]
    kept = []
    for risk in risks:
        if risk in inside:
            continue
        if risk.rule == ADMIN_GRANT:
            also = tuple(dict.fromkeys(r.rule for r in inside if r.path == risk.path))
            risk = Risk(risk.path, risk.message, risk.rule, also)
        kept.append(risk)
    return kept


def permission_risks(document: PolicyDocument) -> List[Risk]:
    """Every risk the pack finds in a permission policy with its default settings, those of a
    statement that allows everything :func:`folded` into one."""
    return folded(
        [
            *admin_grants(document),
            *sensitive_service_grants(document),
            *escalation_grants(document),
            *pass_role_grants(document),
        ]
    )


def trust_risks(document: PolicyDocument) -> List[Risk]:
    """Every risk the pack finds in a trust policy with its default settings."""
    return [
        *open_trust(document),
        *untrusted_services(document, DEFAULT_TRUSTED_SERVICES),
        *untrusted_accounts(document, ()),
        *unconditioned_federation(document),
    ]


def statement_warnings(risks: Iterable[Risk], path: str, as_list: bool) -> List[Problem]:
    """``risks`` as warnings about the argument ``path``: a list of statements (``as_list``:
    ``Statement[2]`` is ``path[2]``) or a document (``path.Statement[2]``)."""
    return [risk.as_problem(join_path(path, risk.path[len("Statement") :] if as_list else risk.path)) for risk in risks]
