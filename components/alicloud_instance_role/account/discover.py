"""``discover``'s output: each instance role read, as this repository's stack settings for
``alicloud-instance-role:roles`` (``adopt: true``), ready to paste into a stack file.

Each entry has a key derived from the role's name; ``adopt``, ``role_name``, ``description``,
``max_session_duration`` and ``tags``; ``policy_name`` and ``policy_document`` (canonical) for
the one Custom policy only this role uses, when there is exactly one; its other Custom policies
under ``custom_policies``; ``system_policies``; ``instance_ids``; and ``operator_users`` and
``operator_groups``, the users and groups whose Custom policies allow ``ram:PassRole`` on it
(judged by the access engine). What cannot be mapped becomes a note: a YAML comment at its
place, and a warning on stderr.
"""

import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set, Tuple

import yaml

from ..arguments import IGNORED_TAG_KEYS
from ..documents import Access, DocumentError, canonicalize, load, read_document
from ..documents.builders import DEFAULT_TRUSTED_SERVICES
from ..documents.model import EVERYONE
from .model import CUSTOM, SYSTEM, Account, Principal, Role

#: Where the settings go in a stack file.
ROLES_KEY = "alicloud-instance-role:roles"
#: The stack settings' rule for a role key (stack_settings.RoleKey).
ROLE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")
#: The key of a note about the role as a whole.
WHOLE_ROLE = ""


@dataclass
class Entry:
    """One role's settings, and the notes on what could not be mapped, by setting."""

    key: str
    role: str
    settings: Dict[str, Any] = field(default_factory=dict)
    notes: Dict[str, List[str]] = field(default_factory=dict)

    def note(self, setting: str, message: str) -> None:
        """Add a note at ``setting`` (:data:`WHOLE_ROLE` for the role as a whole)."""
        self.notes.setdefault(setting, []).append(message)


@dataclass
class Discovery:
    """Everything discover prints."""

    account_id: Optional[str]
    regions: List[str]
    entries: List[Entry]
    notes: List[str] = field(default_factory=list)
    """Notes about the whole account (regions not read, System policies of users and groups)."""

    def warnings(self) -> List[str]:
        """Every note, one line each, for stderr."""
        lines = list(self.notes)
        for entry in self.entries:
            for messages in entry.notes.values():
                lines += [f"{entry.role}: {message}" for message in messages]
        return lines


def role_key(role_name: str, taken: Set[str]) -> str:
    """A stack settings key for ``role_name``: lower case, other characters as ``-``, at most 31
    characters, not in ``taken`` (a ``-2``, ``-3`` ... suffix makes it unique)."""
    base = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", role_name.lower())).strip("-")[:31].rstrip("-") or "role"
    key, number = base, 1
    while key in taken:
        number += 1
        suffix = f"-{number}"
        key = base[: 31 - len(suffix)].rstrip("-") + suffix
    assert ROLE_KEY.match(key), key
    return key


def _trust_notes(role: Role, entry: Entry) -> List[str]:
    """The services the role trusts (for ``trusted_services``); notes for what else its trust says."""
    _, document = read_document(role.trust, "trust", keep_duplicates=True)
    if document is None:
        entry.note(WHOLE_ROLE, "its trust policy is not a valid RAM document; adopting rewrites it")
        return role.trusted_services()
    for statement in document.statements:
        others = {kind: values for kind, values in statement.principals.items() if kind != "Service"}
        for kind, values in others.items():
            who = "anyone" if kind == EVERYONE else f"{kind} {', '.join(values)}"
            entry.note(
                WHOLE_ROLE,
                f"its trust policy also names {who}: the component trusts services only (trusted_services), "
                "so adopting removes this principal",
            )
        if statement.conditions:
            entry.note(
                WHOLE_ROLE,
                f"its trust policy has a Condition ({', '.join(statement.conditions)}): the component's trust "
                "policy has none, so adopting removes it",
            )
        if not statement.allows:
            entry.note(WHOLE_ROLE, "its trust policy has a Deny statement: adopting removes it")
    return role.trusted_services()


def _principal_policies(account: Account) -> List[Tuple[Principal, Access]]:
    """What each Custom policy attached to a user or group allows (the readable ones), read
    once for every role's operators."""
    found = []
    for principal in account.principals:
        for attached in principal.policies:
            policy = account.policies.get(attached.name) if attached.type == CUSTOM else None
            if policy is None:
                continue
            try:
                found.append((principal, Access(load(policy.document, "permission", keep_duplicates=True))))
            except DocumentError:
                continue
    return found


def _operators(principal_policies: List[Tuple[Principal, Access]], role: Role) -> Dict[str, List[str]]:
    """Users and groups whose attached Custom policies allow ``ram:PassRole`` on ``role``."""
    found: Dict[str, List[str]] = {"user": [], "group": []}
    for principal, access in principal_policies:
        if access.allows("ram:PassRole", role.arn) and principal.name not in found[principal.kind]:
            found[principal.kind].append(principal.name)
    return found


def _entry(account: Account, role: Role, key: str, principal_policies: List[Tuple[Principal, Access]]) -> Entry:
    entry = Entry(key, role.name)
    settings = entry.settings
    settings["adopt"] = True
    settings["role_name"] = role.name
    if role.description:
        settings["description"] = role.description
    if role.max_session_duration is not None:
        settings["max_session_duration"] = role.max_session_duration
    tags = {}
    for tag, value in role.tags.items():
        if any(pattern.match(tag) for pattern in IGNORED_TAG_KEYS):
            entry.note("tags", f"tag {tag!r} left out: the provider drops such keys when it reads tags back")
        else:
            tags[tag] = value
    if tags:
        settings["tags"] = tags
    services = _trust_notes(role, entry)
    if services and services != list(DEFAULT_TRUSTED_SERVICES):
        settings["trusted_services"] = services
    custom = [a for a in role.policies if a.type == CUSTOM]
    own = [a for a in custom if account.attached_to(a) == [("role", role.name)] and a.name in account.policies]
    policy_name = own[0].name if len(own) == 1 else None
    if policy_name is not None:
        try:
            document = canonicalize(account.policies[policy_name].document, "permission")
        except DocumentError:
            entry.note("custom_policies", f"Custom policy {policy_name} is not a valid RAM document: kept by name")
            policy_name = None
        else:
            settings["policy_name"] = policy_name
            settings["policy_document"] = document
    others = [a.name for a in custom if a.name != policy_name]
    for attached in custom:
        shared = [
            f"{kind} {name}" for kind, name in account.attached_to(attached) if (kind, name) != ("role", role.name)
        ]
        if shared:
            entry.note(
                "custom_policies",
                f"Custom policy {attached.name} is also attached to {', '.join(shared)}: kept by name "
                "(custom_policies), not adopted as this role's own policy",
            )
    if len(own) > 1:
        entry.note(
            "custom_policies",
            f"{len(own)} Custom policies are this role's alone ({', '.join(a.name for a in own)}): the component "
            "adopts one as its own policy, so all are kept by name",
        )
    if others:
        settings["custom_policies"] = others
    system = [a.name for a in role.policies if a.type == SYSTEM]
    if system:
        settings["system_policies"] = system
    instances = account.instances_of(role.name)
    if instances:
        settings["instance_ids"] = instances
    operators = _operators(principal_policies, role)
    if operators["user"]:
        settings["operator_users"] = operators["user"]
    if operators["group"]:
        settings["operator_groups"] = operators["group"]
    operator_policy = f"{role.name}-operator"
    if operator_policy in account.policies:
        entry.note(
            WHOLE_ROLE,
            f"a Custom policy named {operator_policy} exists: the component creates the operators' policy under "
            "that name, so rename or delete it before adopting",
        )
    return entry


def discover(account: Account) -> Discovery:
    """The settings of every instance role in ``account``, with notes."""
    taken: Set[str] = set()
    entries = []
    principal_policies = _principal_policies(account)
    for role in sorted(account.roles, key=lambda r: (r.name.lower(), r.name)):
        if not role.is_instance_role:
            continue
        key = role_key(role.name, taken)
        taken.add(key)
        entries.append(_entry(account, role, key, principal_policies))
    discovery = Discovery(account.account_id, list(account.regions), entries)
    for region, why in sorted(account.skipped_regions.items()):
        discovery.notes.append(f"region {region} was not read, so instance_ids may miss instances there ({why})")
    unread = [
        f"{p.kind} {p.name} ({', '.join(a.name for a in p.policies if a.type == SYSTEM)})"
        for p in account.principals
        if any(a.type == SYSTEM for a in p.policies)
    ]
    if unread and entries:
        discovery.notes.append(
            "System policies of " + "; ".join(unread) + " are known by name only (their contents are not read): "
            "they may allow ram:PassRole too, and are not counted in operator_users and operator_groups"
        )
    return discovery


def _comment(message: str, indent: str) -> str:
    lines = textwrap.wrap(message, width=100 - len(indent), break_long_words=False, break_on_hyphens=False)
    return "".join(f"{indent}# {line}\n" for line in lines)


def _setting(name: str, value: Any, indent: str) -> str:
    text = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=False)
    return "".join(f"{indent}{line}\n" for line in text.splitlines())


def as_yaml(discovery: Discovery) -> str:
    """The settings as YAML for ``alicloud-instance-role:roles``, notes as comments at their place."""
    header = [f"Instance roles of account {discovery.account_id or '(no roles read)'}, read by alicloud-instance-role"]
    header.append(f"discover from region{'s' if len(discovery.regions) != 1 else ''} {', '.join(discovery.regions)}.")
    header.append("Paste it under `config:` of a stack file, indented two spaces, beside any roles already there;")
    header.append("docs/adopting.md says what adopting changes.")
    text = "".join(_comment(line, "") for line in header + discovery.notes)
    if not discovery.entries:
        return text + "# No role that ECS may assume (trusting ecs.aliyuncs.com) was found.\n"
    text += f"{ROLES_KEY}:\n"
    for entry in discovery.entries:
        text += f"  {entry.key}:\n"
        text += "".join(_comment(message, "    ") for message in entry.notes.get(WHOLE_ROLE, []))
        noted_later = [setting for setting in entry.notes if setting not in (WHOLE_ROLE, *entry.settings)]
        for name, value in entry.settings.items():
            text += "".join(_comment(message, "    ") for message in entry.notes.get(name, []))
            text += _setting(name, value, "    ")
        for setting in noted_later:
            text += "".join(_comment(message, "    ") for message in entry.notes[setting])
    return text


def as_json(discovery: Discovery) -> str:
    """The same content as one JSON document: ``roles`` (key -> settings), ``notes`` (key ->
    setting -> notes; ``""`` for the role as a whole) and the account's ``warnings``."""
    document = {
        "account_id": discovery.account_id,
        "regions": discovery.regions,
        "roles": {entry.key: entry.settings for entry in discovery.entries},
        "notes": {entry.key: entry.notes for entry in discovery.entries if entry.notes},
        "warnings": discovery.notes,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
