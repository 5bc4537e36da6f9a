"""The one home of what a finding is: every kind, declared once, with its stable code, severity,
title, the guardrail that refuses it, that guardrail's description, default enforcement level and
remediation (as parliament keeps every finding in one table).

Two kinds of entry live here:

- a **code** (``RAM105``): what the validator, the component and the pack report, with a
  severity (``"error"``: RAM or the component refuses it; ``"warning"``: legal but risky). A code
  a guardrail refuses names it in ``rule``.
- a **guardrail** (``level`` set): one policy of the pack, by its ``rule`` name, with its
  ``description``, default ``level`` and ``remediation``. Each of RAM210-RAM218 is one guardrail
  (code and rule in one entry); guardrails that report several codes (``ram-names-exist``:
  RAM221-RAM225; ``ram-document-valid``: the RAM1xx errors), or none (the stack-wide ones), are
  entries of their own.

Codes are stable, so a user can look one up or silence it: ``RAM1xx`` are errors RAM itself would
reject (``RAM100``-``RAM119`` and ``RAM128`` in documents; the other ``RAM12x``-``RAM130`` are the
component's arguments, declared beside them in :mod:`alicloud_instance_role.arguments` with
``RAM207`` and ``RAM220``), ``RAM2xx`` warnings. A code that is no longer reported is
*retired*: it stays declared, saying which code reports the risk now, and is never given a new
meaning.

Pure Python: the pack (:mod:`alicloud_instance_role.guardrails`) builds each Policy from its
entry, the component, the preview, the plugin and ``docs/documents.md`` read the same entries.
"""

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Dict, Literal, Mapping, Optional, Tuple

Severity = Literal["error", "warning"]
#: A guardrail's default enforcement level, as ``pulumi_policy.EnforcementLevel`` spells it.
Level = Literal["mandatory", "advisory"]

_CODE = re.compile(r"RAM[12]\d\d")


@dataclass(frozen=True)
class Finding:
    """One kind of finding (a code, a guardrail of the pack, or both)."""

    code: Optional[str]
    """``RAM105``; None for a guardrail that reports no code of its own."""
    title: str
    """A few words on what is wrong; a finding about a secret value says only this."""
    severity: Optional[Severity] = None
    """``"error"`` or ``"warning"`` for a code; None for a guardrail without one."""
    rule: Optional[str] = None
    """The guardrail of the pack that refuses it (``ram-no-admin-grant``), if one does."""
    description: Optional[str] = None
    """What the guardrail checks, as ``pulumi preview --policy-pack`` shows it (guardrails only)."""
    level: Optional[Level] = None
    """The guardrail's default enforcement level; set exactly on the entries that are a guardrail."""
    remediation: Optional[str] = None
    """What to do about it, when there is one thing to do."""
    retired: Optional[str] = None
    """For a code no longer reported: the code that reports the same risk now."""

    @property
    def is_guardrail(self) -> bool:
        """True when the entry declares a policy of the pack."""
        return self.level is not None

    @property
    def heading(self) -> str:
        """The title, naming the guardrail that refuses it (``... (guardrail ram-no-admin-grant)``)."""
        return f"{self.title} (guardrail {self.rule})" if self.rule is not None else self.title


_BY_CODE: Dict[str, Finding] = {}
_BY_RULE: Dict[str, Finding] = {}

#: Code -> its finding, for every code declared so far (a live, read-only view).
CODES: Mapping[str, Finding] = MappingProxyType(_BY_CODE)
#: Rule name -> the entry declaring that guardrail (a live, read-only view).
GUARDRAILS: Mapping[str, Finding] = MappingProxyType(_BY_RULE)


def _register(entry: Finding) -> Finding:
    if entry.code is not None:
        if _CODE.fullmatch(entry.code) is None:
            raise ValueError(f"{entry.code!r} is not a finding code (RAM1xx or RAM2xx)")
        if entry.severity is None:
            raise ValueError(f"{entry.code} needs a severity")
    if entry.level is not None and (entry.rule is None or not entry.description):
        raise ValueError(f"the guardrail of {entry.code or entry.title!r} needs a rule name and a description")
    if entry.retired is not None and (entry.rule is not None or entry.level is not None):
        raise ValueError(f"{entry.code} is retired: no guardrail reports it")
    # Declaring the same entry again is harmless (a module imported afresh); a different one
    # under a taken code or rule name would change what a stable code means.
    by_code = _BY_CODE.get(entry.code) if entry.code is not None else None
    by_rule = _BY_RULE.get(entry.rule) if entry.rule is not None and entry.is_guardrail else None
    for found in (by_code, by_rule):
        if found is not None and found != entry:
            raise ValueError(f"{entry.code or entry.rule} is declared already, as {found.heading!r}")
    if entry.code is not None:
        _BY_CODE[entry.code] = entry
    if entry.rule is not None and entry.is_guardrail:
        _BY_RULE[entry.rule] = entry
    return entry


def declare(
    code: str,
    severity: Severity,
    title: str,
    *,
    rule: Optional[str] = None,
    description: Optional[str] = None,
    level: Optional[Level] = None,
    remediation: Optional[str] = None,
    retired: Optional[str] = None,
) -> Finding:
    """Declare a code (with the guardrail it is, when ``level`` is given); returns the entry.
    Raises ValueError when the code is taken by another entry or the entry is incomplete."""
    return _register(Finding(code, title, severity, rule, description, level, remediation, retired))


def declare_guardrail(
    rule: str, level: Level, title: str, description: str, remediation: Optional[str] = None
) -> Finding:
    """Declare a guardrail that has no code of its own; returns the entry."""
    return _register(Finding(None, title, None, rule, description, level, remediation))


def finding(code: str) -> Finding:
    """The entry of ``code``. Raises KeyError naming the code when it is not declared."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"{code} is not a declared finding code") from None


def guardrail(rule: str) -> Finding:
    """The entry declaring the guardrail ``rule``. Raises KeyError when there is none."""
    try:
        return _BY_RULE[rule]
    except KeyError:
        raise KeyError(f"{rule} is not a declared guardrail") from None


def severity(code: str) -> Severity:
    """The severity of ``code``."""
    found = finding(code)
    assert found.severity is not None  # every code is declared with one (_register)
    return found.severity


def codes_of(rule: str) -> Tuple[str, ...]:
    """The codes the guardrail ``rule`` reports, in order."""
    return tuple(code for code, entry in sorted(_BY_CODE.items()) if entry.rule == rule)


# ---------------------------------------------------------------- rule names of the risk guardrails

ADMIN_GRANT = "ram-no-admin-grant"
SENSITIVE_SERVICE_GRANT = "ram-no-sensitive-service-grant"
PRIVILEGE_ESCALATION = "ram-no-privilege-escalation"
PASS_ROLE_SCOPED = "ram-pass-role-scoped"
DENIED_SYSTEM_POLICY = "ram-no-denied-system-policy"
TRUST_NAMES_PRINCIPALS = "ram-trust-names-principals"
TRUST_ALLOWED_SERVICES = "ram-trust-allowed-services"
TRUST_ALLOWED_ACCOUNTS = "ram-trust-allowed-accounts"
TRUST_FEDERATED_CONDITION = "ram-trust-federated-condition"
DOCUMENT_VALID = "ram-document-valid"
NAMES_EXIST = "ram-names-exist"

# ---------------------------------------------------------------- documents: what RAM rejects

declare("RAM100", "error", "not JSON")
declare("RAM101", "error", "not a JSON object")
declare("RAM102", "error", 'Version is not "1"')
declare("RAM103", "error", "Statement missing or empty")
declare("RAM104", "error", "unknown or repeated key")
declare("RAM105", "error", "Effect is not Allow or Deny")
declare("RAM106", "error", "not exactly one of Action and NotAction")
declare("RAM107", "error", "malformed action")
declare("RAM108", "error", "permission statement without Resource")
declare("RAM109", "error", "resource is neither * nor an acs: ARN")
declare("RAM110", "error", "Principal in a permission policy")
declare("RAM111", "error", "trust statement without Principal")
declare("RAM112", "error", "unknown principal type")
declare("RAM113", "error", "trust statement with a non-sts action")
declare("RAM114", "error", "service principal is not <service>.aliyuncs.com")
declare("RAM115", "error", "RAM or Federated principal is not an acs:ram:: ARN")
declare("RAM116", "error", "unknown condition operator")
declare("RAM117", "error", "malformed condition")
declare("RAM118", "error", "document larger than 6,144 bytes")
declare("RAM119", "error", "element of the wrong type")
declare("RAM128", "error", "text that is not Unicode (a lone surrogate)")
declare_guardrail(
    DOCUMENT_VALID,
    "mandatory",
    "a document RAM rejects (RAM1xx)",
    "RAM documents are ones RAM accepts: the permission policy of a RAM or Resource Manager policy "
    "(or policy version), a role's trust policy, and the session policy of an alicloud.ecs.RamRoleAttachment.",
    "Fix the document at the path shown; each message says what RAM accepts there.",
)

# ---------------------------------------------------------------- documents: legal but sloppy

declare(
    "RAM201",
    "warning",
    "allows every action",
    retired="RAM210",
    remediation="Reported by what the document allows, as RAM210 (ram-no-admin-grant), however it is spelled.",
)
declare("RAM202", "warning", "Allow with NotAction")
declare("RAM203", "warning", "duplicate entry")
declare("RAM204", "warning", "empty Condition")
declare("RAM205", "warning", "masked placeholder value")
declare(
    "RAM206",
    "warning",
    "trust policy lets anyone assume the role",
    retired="RAM215",
    remediation="Reported by what the document allows, as RAM215 (ram-trust-names-principals).",
)
declare("RAM208", "warning", "secret not decrypted offline, checked at deploy")
declare("RAM209", "warning", "account ID is not 16 digits")

# ---------------------------------------------------------------- risks: what the pack refuses

declare(
    "RAM210",
    "warning",
    "allows every action of every service",
    rule=ADMIN_GRANT,
    level="mandatory",
    description="Permission policies do not allow every action of every service on every resource, however spelled.",
    remediation="Name the actions the role needs (oss:GetObject), on the resources it needs them on.",
)
declare(
    "RAM211",
    "warning",
    "allows a whole sensitive service",
    rule=SENSITIVE_SERVICE_GRANT,
    level="mandatory",
    description="Permission policies do not allow a whole sensitive service (every action on every resource of "
    "ram, sts, kms, actiontrail, resourcemanager or ecs, unless configured), however spelled.",
    remediation="Grant the actions of the service the role needs, not service:*; or scope them to named resources.",
)
declare(
    "RAM212",
    "warning",
    "allows privilege escalation",
    rule=PRIVILEGE_ESCALATION,
    level="mandatory",
    description="Permission policies do not allow privilege escalation: RAM, STS and ECS actions that give more than "
    "they grant (attaching policies, new policy versions, trust changes, other users' keys, "
    "Cloud Assistant on every instance).",
    remediation="Remove the escalation actions named, scope them to named resources, or list one the stack "
    "really needs in the rule's exemptActions setting.",
)
declare(
    "RAM213",
    "warning",
    "allows ram:PassRole beyond named roles",
    rule=PASS_ROLE_SCOPED,
    level="mandatory",
    description="ram:PassRole is granted only on named role ARNs (acs:ram::<account>:role/<name>), however spelled.",
    remediation="Grant ram:PassRole on the role ARNs it is for (acs:ram::<account>:role/<name>).",
)
declare(
    "RAM214",
    "warning",
    "attaches a denied System policy",
    rule=DENIED_SYSTEM_POLICY,
    level="mandatory",
    description="Roles, users and groups are not given a denied System policy (AdministratorAccess, "
    "AliyunRAMFullAccess, AliyunSTSAssumeRoleAccess or full access to a sensitive service, unless configured).",
    remediation="Attach a narrower System policy (a ReadOnlyAccess one) or a custom policy naming the actions needed.",
)
declare(
    "RAM215",
    "warning",
    "trust policy lets anyone assume the role",
    rule=TRUST_NAMES_PRINCIPALS,
    level="mandatory",
    description="Trust policies name who may assume the role: no * principal, no wildcard in an account.",
    remediation="Name the services, accounts, users or roles that may assume the role.",
)
declare(
    "RAM216",
    "warning",
    "trusts a service not allowed",
    rule=TRUST_ALLOWED_SERVICES,
    level="mandatory",
    description="Roles trust only allowed cloud services (by default ecs.aliyuncs.com: these are instance roles).",
    remediation="Trust ecs.aliyuncs.com only, or add the service to the rule's allowedServices setting.",
)
declare(
    "RAM217",
    "warning",
    "trusts an account not allowed",
    rule=TRUST_ALLOWED_ACCOUNTS,
    level="mandatory",
    description="Roles trust RAM and federated principals only of allowed accounts (none, unless configured).",
    remediation="Trust principals of your own account and list its ID in the rule's allowedAccounts setting.",
)
declare(
    "RAM218",
    "warning",
    "trusts a federated provider without a Condition",
    rule=TRUST_FEDERATED_CONDITION,
    level="mandatory",
    description="Trust in a SAML or OIDC provider comes with a Condition saying whom it is for.",
    remediation="Add a StringEquals Condition on oidc:aud and oidc:sub (OIDC) or saml:recipient (SAML).",
)

# ---------------------------------------------------------------- names that do not exist

declare_guardrail(
    NAMES_EXIST,
    # Advisory by default: the catalogue may lag behind the cloud. A pack's config can make it
    # mandatory ({"ram-names-exist": "mandatory"}), as for any policy of a pack.
    "advisory",
    "a name that does not exist (RAM221-RAM225)",
    "RAM documents (permission, trust and session policies) name actions that exist (no oss:GetObjects, "
    "no sls: for log:), and "
    "System policies are attached by the name RAM spells, case included; checked against the catalogue of "
    "what exists in Alibaba Cloud, which may lag behind it (advisory unless configured).",
    "Use the name the message suggests; a name newer than the catalogue can be left as it is.",
)
declare("RAM221", "warning", "an action that matches no action of its service", rule=NAMES_EXIST)
declare("RAM222", "warning", "a service code RAM does not use", rule=NAMES_EXIST)
declare("RAM223", "warning", "a service the catalogue does not know", rule=NAMES_EXIST)
declare("RAM224", "warning", "a System policy name in another case than RAM's", rule=NAMES_EXIST)
declare("RAM225", "warning", "a System policy the catalogue does not know", rule=NAMES_EXIST)

# ---------------------------------------------------------------- guardrails on other fields and the stack

declare_guardrail(
    "ram-names-valid",
    "mandatory",
    "an invalid role or policy name, or instance ID",
    "Role names have 1-64 letters, digits, '.' and '-'; policy names 1-128 letters, digits and '-' (RAM's rules); "
    "bound instance IDs are i- then lowercase letters and digits.",
    "Rename the resource as the message says; the component's names (role_name) follow these rules for you.",
)
declare_guardrail(
    "ecs-one-role-per-instance",
    "mandatory",
    "an instance bound to two roles",
    "An ECS instance is bound to at most one RAM role in the stack (by attachments or the instance's roleName).",
    "Bind each instance to one role: give the second role's statements to the first, or bind another instance.",
)
declare_guardrail(
    "ram-policy-rotate-strategy",
    "advisory",
    "a custom policy that stops at five versions",
    "Custom policies set rotate_strategy to DeleteOldestNonDefaultVersionWhenLimitExceeded, "
    "so edits never hit RAM's 5-version limit.",
    "Set rotate_strategy='DeleteOldestNonDefaultVersionWhenLimitExceeded' on the alicloud.ram.Policy.",
)
declare_guardrail(
    "ram-no-deprecated-role-attachment",
    "advisory",
    "the deprecated alicloud.ram.RoleAttachment",
    "Instances get their role from alicloud.ecs.RamRoleAttachment, not the deprecated alicloud.ram.RoleAttachment.",
    "Replace it with one alicloud.ecs.RamRoleAttachment per instance (the component does this).",
)
declare_guardrail(
    "ram-no-deprecated-fields",
    "advisory",
    "a deprecated field",
    "Roles, policies and instances avoid deprecated fields (name, document, ...; roleName on an instance).",
    "Use the field the message names instead.",
)
declare_guardrail(
    "ram-session-duration-limit",
    "advisory",
    "a session longer than the limit",
    "Roles keep max_session_duration at or below a limit (4 hours, 14400 seconds, unless configured).",
    "Lower max_session_duration, or raise the rule's maxSessionDuration setting.",
)
declare_guardrail(
    "ecs-instance-hardened-metadata",
    "advisory",
    "an instance that serves role credentials without a metadata token",
    "ECS instances require metadata tokens (http_tokens='required'): their role's credentials are served there.",
    "Set http_tokens='required' on the instance.",
)
declare_guardrail(
    "ecs-instance-role-needs-vpc",
    "advisory",
    "a classic (non-VPC) instance given a role",
    "ECS instances given a RAM role are VPC instances (have a vswitch_id): classic instances cannot use one.",
    "Give the instance a vswitch_id (a VPC instance); classic instances cannot use an instance RAM role.",
)
