"""Checks for ``InstanceRoleComponent``'s arguments, on plain values (no Pulumi here).

Each check takes the value of one argument and its path (``policy_statements``), and returns a
:class:`Checked`: the value the component should use (canonical documents, for one) and every
problem found, with paths such as ``policy_statements[0].actions[1]``. The component runs them
at construction for plain values and again, with the same messages, when an Output resolves.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import (
    Any,
    Callable,
    Collection,
    Dict,
    Generic,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Pattern,
    Sequence,
    Tuple,
    TypeVar,
)

from .documents import DEFAULT_TRUSTED_SERVICES, Problem, join_path, permission_policy, read_document, trust_policy
from .documents.builders import Built
from .documents.findings import declare
from .documents.names import system_policy_problem
from .documents.risks import (
    DENIED_SYSTEM_POLICY,
    Risk,
    denied_system_policy,
    permission_risks,
    statement_warnings,
    trust_risks,
)
from .documents.validation import surrogate_problem
from .naming import POLICY_NAME, ROLE_NAME, NameRule, instance_id_problem

# ---------------------------------------------------------------- the arguments' finding codes
# Declared here, beside the checks that report them; documents' codes are in documents/findings.py.
declare("RAM120", "error", "invalid name")
declare("RAM121", "error", "value out of range")
declare("RAM122", "error", "duplicate value")
declare("RAM123", "error", "more policies on one role than the account's quota")
declare("RAM124", "error", "unknown or conflicting argument")
declare("RAM125", "error", "an Output where a plain value is needed")
declare("RAM126", "error", "session policy longer than 1,024 characters")
declare("RAM127", "error", "tag key the provider drops when it reads tags")
declare("RAM129", "error", "adopt without what adopting needs")
declare("RAM130", "error", "not an ECS instance ID")
declare("RAM207", "warning", "an adopted role keeps its hand-made custom policy attached")
declare("RAM220", "warning", "more policies on one role than RAM's default quota")

T = TypeVar("T")

_BINDING_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

#: A custom policy keeps at most 5 versions; this strategy drops the oldest so the 6th edit works.
POLICY_ROTATE_STRATEGY = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
SESSION_DURATION_RANGE = (3600, 43200)
# RAM's default quotas per role: 20 System and 10 Custom policies attached, both adjustable
# ("Apply for a quota"; RAM product overview, Limitations). Going over them is a warning unless
# the account's own quota is given (system_policy_quota / custom_policy_quota).
DEFAULT_SYSTEM_POLICY_QUOTA = 20
DEFAULT_CUSTOM_POLICY_QUOTA = 10
MAX_SESSION_POLICY_CHARS = 1024
MAX_DESCRIPTION_CHARS = 1024

# Tags (the component puts the same tags on the role and its policies). RAM API reference,
# TagResources (ram 2015-05-01, ResourceType role or policy): "You can specify up to 20 tags",
# keys of at most 128 characters, values of at most 256. The provider sends every tag in one
# CreateRole/CreatePolicy or TagResources call (resource_alicloud_ram_role.go:150-157,
# service_alicloud_ram_v2.go:706-741 at v2.0.0-beta3, unchanged to release/v2 HEAD ace5bcf87; see
# docs/provider-behaviour.md), so 20 is the most.
MAX_TAGS = 20
MAX_TAG_KEY_CHARS = 128
MAX_TAG_VALUE_CHARS = 256
#: Tag keys the provider drops when it reads a role's or policy's tags back, so a tag with one
#: shows as added again on every preview: its tagIgnored patterns, case-sensitive, `.` matching
#: any character (tags.go:165-176, called by tagsToMap from resource_alicloud_ram_role.go:259 and
#: resource_alicloud_ram_policy.go:263). The first four are prefixes Alibaba Cloud reserves.
IGNORED_TAG_KEYS: Tuple[Pattern[str], ...] = tuple(
    re.compile(pattern) for pattern in ("aliyun", "acs:", "http://", "https://", "sae.do.not.delete")
)


@dataclass
class Checked(Generic[T]):
    """The value to use for one argument, and what is wrong with it."""

    value: Optional[T]
    problems: List[Problem] = field(default_factory=list)


#: The made-up account of a stand-in resource ARN: 16 digits, as an account ID is.
STAND_IN_ACCOUNT = "0000000000000000"


def stand_in(path: str, index: int) -> Any:
    """A made-up, concrete value for the unknown part of an argument at ``path`` (the
    ``index``-th one), fitting its place, so the rest of the argument can be checked now.

    Never a wildcard, so it cannot hide or invent a grant: a resource is one named role's ARN
    (which no whole-service question counts, and which names one role for ``ram:PassRole``), an
    action one no service has, a statement an Allow of that action on that resource, anything
    else a plain word. Findings about a stand-in itself are not the caller's and are dropped
    (:func:`known_part_problems`)."""
    place = path.rsplit(".", 1)[-1].split("[", 1)[0]
    resource = f"acs:ram::{STAND_IN_ACCOUNT}:role/value-known-at-deploy-{index}"
    if place == "resources":
        return resource
    if place == "actions":
        return f"valueknownatdeploy:Action{index}"
    if place == "effect":
        return "Allow"
    if place == "policy_statements" and path.endswith("]"):
        return {"effect": "Allow", "actions": [f"valueknownatdeploy:Action{index}"], "resources": [resource]}
    if place == "trusted_services":
        return DEFAULT_TRUSTED_SERVICES[0]
    return f"value-known-at-deploy-{index}"


def with_stand_ins(value: Any, unknown: Callable[[Any], bool], path: str) -> Tuple[Any, List[str]]:
    """``value`` (an argument at ``path``) with every part for which ``unknown`` holds (an
    Output inside a list or mapping) replaced by :func:`stand_in`, and the paths of those parts."""
    found: List[str] = []

    def walk(item: Any, where: str) -> Any:
        if unknown(item):
            found.append(where)
            return stand_in(where, len(found))
        if isinstance(item, Mapping):
            return {key: walk(entry, join_path(where, str(key))) for key, entry in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(entry, f"{where}[{position}]") for position, entry in enumerate(item)]
        return item

    return walk(value, path), found


def known_part_problems(problems: Iterable[Problem], stand_ins: Sequence[str]) -> List[Problem]:
    """The findings about the known parts of an argument checked with stand-ins at
    ``stand_ins``: not the warnings about a stand-in (at its path, or inside it), nor the
    document's size, which the unknown parts change. A stand-in is valid where it stands, so an
    error at its path is about what is known there (a tag's key, when only its value is unknown)."""
    if not stand_ins:
        return list(problems)

    def about_stand_in(problem: Problem) -> bool:
        path = problem.path
        inside = any(path == where or path.startswith((f"{where}.", f"{where}[")) for where in stand_ins)
        return inside and not problem.is_error

    return [p for p in problems if p.code != "RAM118" and not about_stand_in(p)]


def did_you_mean(name: str, known: Sequence[str], what: str) -> str:
    """The hint for an unknown ``what`` (argument, input, setting) called ``name``: the known one
    it resembles, or every known one."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean {close[0]!r}?" if close else f"known {what}s: {', '.join(known)}"


def _from_built(built: Built, path: str) -> Checked[str]:
    problems = [p.under(path) for p in built.problems]
    return Checked(built.text if built.document is not None else None, problems)


def name(value: Any, path: str, rule: NameRule) -> Checked[str]:
    """A RAM name (role, policy, user or group) checked against ``rule``."""
    return Checked(value, [Problem("RAM120", path, message) for message in rule.problems(value)])


def role_name(value: Any, path: str = "role_name") -> Checked[str]:
    """A role name: 1-64 letters, digits, ``.`` and ``-``."""
    return name(value, path, ROLE_NAME)


def description(value: Any, path: str = "description") -> Checked[str]:
    """A free-text description, at most 1,024 characters."""
    if not isinstance(value, str):
        return Checked(None, [Problem("RAM119", path, f"a description is a string, got {type(value).__name__}")])
    if not 1 <= len(value) <= MAX_DESCRIPTION_CHARS:
        message = f"a description has 1-{MAX_DESCRIPTION_CHARS:,} characters, got {len(value):,}"
        return Checked(None, [Problem("RAM121", path, message)])
    not_unicode = surrogate_problem(value, path)
    return Checked(None, [not_unicode]) if not_unicode is not None else Checked(value)


def max_session_duration(value: Any, path: str = "max_session_duration") -> Checked[int]:
    """The longest STS session of the role, 3600-43200 seconds."""
    low, high = SESSION_DURATION_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        shown = f"a boolean ({value})" if isinstance(value, bool) else repr(value)
        return Checked(None, [Problem("RAM119", path, f"seconds as a whole number {low}-{high}, got {shown}")])
    if not low <= value <= high:
        return Checked(None, [Problem("RAM121", path, f"RAM accepts {low}-{high} seconds (1-12 hours), got {value}")])
    return Checked(value)


def trust_document(services: Any, path: str = "trusted_services") -> Checked[str]:
    """The canonical trust policy for the services allowed to assume the role, with warnings
    for what the guardrails would refuse (a service other than ECS)."""
    built = trust_policy(services)
    checked = _from_built(built, path)
    if built.written is not None:
        checked.problems += [risk.as_problem(path) for risk in trust_risks(built.written)]
    return checked


def statements_document(statements: Any, path: str = "policy_statements") -> Checked[str]:
    """The canonical permission policy built from ``{effect, actions, resources, conditions}``,
    with warnings for what the guardrails would refuse (escalation, whole services...)."""
    built = permission_policy(statements)
    checked = _from_built(built, path)
    if built.written is not None:
        checked.problems += statement_warnings(permission_risks(built.written), path, as_list=True)
    return checked


def permission_document(text: Any, path: str = "policy_document", judge: bool = True) -> Checked[str]:
    """A permission policy given as JSON text, in canonical form, with warnings for what the
    guardrails would refuse (unless not ``judge``)."""
    problems, written = read_document(text, "permission", keep_duplicates=True)
    found = [p.under(path) for p in problems]
    if written is None:
        return Checked(None, found)
    if judge:
        found += statement_warnings(permission_risks(written), path, as_list=False)
    return Checked(written.distinct().render(), found)


def session_policy(text: Any, path: str = "session_policy") -> Checked[str]:
    """The extra policy that narrows the role on each instance binding: a valid permission
    policy of at most 1,024 characters once canonical (it can only narrow the role, so its
    grants are not judged)."""
    checked = permission_document(text, path, judge=False)
    if checked.value is not None and len(checked.value) > MAX_SESSION_POLICY_CHARS:
        message = (
            f"the session policy is {len(checked.value):,} characters even in compact form; "
            f"ECS accepts at most {MAX_SESSION_POLICY_CHARS:,}"
        )
        return Checked(None, [*checked.problems, Problem("RAM126", path, message)])
    return checked


def _duplicates(values: Iterable[Any], path: str, what: str) -> List[Problem]:
    first: Dict[Any, int] = {}
    problems = []
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue  # not a name at all: the entry's own check reports it
        if value in first:
            problems.append(
                Problem(
                    "RAM122", f"{path}[{index}]", f"{what} {value!r} is listed twice (first at {path}[{first[value]}])"
                )
            )
        first.setdefault(value, index)
    return problems


def names(values: Any, path: str, rule: NameRule) -> Checked[List[str]]:
    """A list of distinct RAM names (policies, users, groups), each valid under ``rule``."""
    if values is None:
        return Checked([])
    if isinstance(values, str) or not isinstance(values, Sequence):
        return Checked(None, [Problem("RAM119", path, f"a list of {rule.kind} names, got {type(values).__name__}")])
    problems = [p for index, value in enumerate(values) for p in name(value, f"{path}[{index}]", rule).problems]
    problems += _duplicates(values, path, f"the {rule.kind}")
    return Checked(list(values), problems)


def denied_system_policies(names: Sequence[Any], path: str = "system_policies") -> List[Problem]:
    """Warnings for System policies the guardrails refuse to attach (AdministratorAccess...)."""
    found = []
    for index, policy in enumerate(names):
        why = denied_system_policy(policy, "System") if isinstance(policy, str) else None
        if why is not None:
            found.append(Risk("", why, DENIED_SYSTEM_POLICY).as_problem(f"{path}[{index}]"))
    return found


def system_policy_names(names: Sequence[Any], path: str = "system_policies") -> List[Problem]:
    """Warnings for System policies not named as RAM names them (another case, or not known to
    the catalogue; see ``documents.names``)."""
    found = (
        system_policy_problem(policy, f"{path}[{index}]")
        for index, policy in enumerate(names)
        if isinstance(policy, str)  # an entry that is no name at all is names()'s error
    )
    return [problem for problem in found if problem is not None]


def policy_quota(value: Any, path: str) -> Checked[int]:
    """The account's quota of one kind of policy per role, when it was raised: a whole number
    of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = f"a boolean ({value})" if isinstance(value, bool) else repr(value)
        return Checked(None, [Problem("RAM119", path, f"a quota is a whole number of at least 1, got {shown}")])
    return Checked(value)


def _policy_count(count: int, kind: str, quota: Optional[int], default: int, extra: str = "") -> Optional[Problem]:
    path, quota_argument = f"{kind.lower()}_policies", f"{kind.lower()}_policy_quota"
    if quota is not None:
        if count <= quota:
            return None
        message = f"{count} {kind} policies{extra} are more than the account's quota ({quota_argument}={quota})"
        return Problem("RAM123", path, message)
    if count <= default:
        return None
    message = (
        f"{count} {kind} policies{extra} are more than RAM's default quota of {default} per role; the "
        f"attachment fails unless the account's quota was raised. If it was, set {quota_argument} to it"
    )
    return Problem("RAM220", path, message)


def policy_counts(
    system: Sequence[str],
    custom: Sequence[str],
    own_policy: bool,
    system_quota: Optional[int] = None,
    custom_quota: Optional[int] = None,
) -> List[Problem]:
    """Policies attached to one role against the account's quotas (the component's own policy
    counts as one Custom policy). Without a quota, more than RAM's default (20 System, 10
    Custom) is a warning, since an account can raise it; with one, more is an error."""
    extra = " (counting the policy built from policy_statements/policy_document)" if own_policy else ""
    found = [
        _policy_count(len(system), "System", system_quota, DEFAULT_SYSTEM_POLICY_QUOTA),
        _policy_count(len(custom) + int(own_policy), "Custom", custom_quota, DEFAULT_CUSTOM_POLICY_QUOTA, extra),
    ]
    return [problem for problem in found if problem is not None]


def instance_id(value: Any, path: str) -> Checked[str]:
    """One ECS instance ID: ``i-`` then lowercase letters and digits."""
    problem = instance_id_problem(value)
    if problem is None:
        return Checked(value)
    return Checked(None, [Problem("RAM130", path, problem)])


def instance_ids(values: Any, path: str = "instance_ids") -> Checked[List[str]]:
    """Distinct ECS instance IDs."""
    if values is None:
        return Checked([])
    if isinstance(values, str) or not isinstance(values, Sequence):
        return Checked(None, [Problem("RAM119", path, f"a list of instance IDs, got {type(values).__name__}")])
    problems = [p for index, value in enumerate(values) for p in instance_id(value, f"{path}[{index}]").problems]
    problems += _duplicates(values, path, "the instance")
    return Checked(list(values), problems)


def instance_map(values: Any, path: str = "instances") -> Checked[Dict[str, Any]]:
    """A mapping of stable key -> instance ID; keys name the bindings."""
    if values is None:
        return Checked({})
    if not isinstance(values, Mapping):
        return Checked(None, [Problem("RAM119", path, f"a mapping of key -> instance ID, got {type(values).__name__}")])
    problems = [
        Problem(
            "RAM119",
            f"{path}.{key}",
            "a key names its binding (this package's rule, not RAM's): 1-64 letters, digits, '.', '_' "
            "and '-', starting with a letter or digit, such as 'web'",
        )
        for key in values
        if not isinstance(key, str) or _BINDING_KEY.fullmatch(key) is None
    ]
    return Checked(dict(values), problems)


def distinct_bindings(ids: Sequence[Any], instances: Mapping[str, Any]) -> List[Problem]:
    """An instance holds one role at a time, so it may be bound once: an ID may appear in
    ``instance_ids`` or ``instances`` but not twice, and a key may not equal a listed ID."""
    problems = []
    listed = {value: index for index, value in enumerate(ids) if isinstance(value, str)}
    for key, value in instances.items():
        if isinstance(value, str) and value in listed:
            problems.append(
                Problem(
                    "RAM122",
                    f"instances.{key}",
                    f"the instance {value!r} is already bound at instance_ids[{listed[value]}]; "
                    "an instance holds one role binding",
                )
            )
        if key in listed:
            problems.append(
                Problem(
                    "RAM122",
                    f"instances.{key}",
                    f"the key {key!r} is also an ID in instance_ids; bindings need distinct names",
                )
            )
    seen: Dict[str, str] = {}
    for key, value in instances.items():
        if isinstance(value, str):
            if value in seen:
                problems.append(
                    Problem(
                        "RAM122",
                        f"instances.{key}",
                        f"the instance {value!r} is already bound as instances.{seen[value]}",
                    )
                )
            seen.setdefault(value, key)
    return problems


def _tag_problems(key: str, value: str, path: str) -> Iterator[Problem]:
    for found in (surrogate_problem(key, path, "the tag key "), surrogate_problem(value, path, "the tag value ")):
        if found is not None:
            yield found
    if not 1 <= len(key) <= MAX_TAG_KEY_CHARS:
        yield Problem("RAM121", path, f"a tag key has 1-{MAX_TAG_KEY_CHARS} characters, got {len(key)}")
    if len(value) > MAX_TAG_VALUE_CHARS:
        yield Problem("RAM121", path, f"a tag value has at most {MAX_TAG_VALUE_CHARS} characters, got {len(value)}")
    ignored = next((pattern.pattern for pattern in IGNORED_TAG_KEYS if pattern.match(key)), None)
    if ignored is not None:
        yield Problem(
            "RAM127",
            path,
            f"the tag key starts with {ignored!r}: the provider drops such tags when it reads a role's or "
            "policy's tags back (Alibaba Cloud reserves 'aliyun', 'acs:', 'http://' and 'https://'), so "
            "every preview would show the tag being added again",
        )


def tags(values: Any, path: str = "tags") -> Checked[Dict[str, str]]:
    """Resource tags: at most 20 string keys (1-128 characters, none the provider drops on
    read) mapped to string values (at most 256 characters)."""
    if values is None:
        return Checked({})
    if not isinstance(values, Mapping):
        return Checked(None, [Problem("RAM119", path, f"a mapping of tag key -> value, got {type(values).__name__}")])
    problems = []
    for key, value in values.items():
        if not isinstance(key, str) or not isinstance(value, str):
            problems.append(Problem("RAM119", f"{path}.{key}", f"tag keys and values are strings, got {value!r}"))
        else:
            problems += _tag_problems(key, value, f"{path}.{key}")
    if len(values) > MAX_TAGS:
        message = f"RAM keeps at most {MAX_TAGS} tags on a role or policy, got {len(values)}"
        problems.append(Problem("RAM121", path, message))
    return Checked(dict(values), problems)


def adopt(value: Any, given: Collection[str], own_policy: bool, path: str = "adopt") -> Checked[bool]:
    """Whether the role and its children exist already and are adopted (imported), and what
    adopting needs from the other arguments, ``given`` being the names of those set."""
    if not isinstance(value, bool):
        return Checked(None, [Problem("RAM119", path, f"adopt is true or false, got {value!r}")])
    if not value:
        return Checked(value)
    problems = []
    if "role_name" not in given:
        message = (
            "adopt imports an existing role by its name, so give role_name (the default name is made up for a new role)"
        )
        problems.append(Problem("RAM129", "role_name", message))
    if "session_policy" in given:
        # The provider never reads a binding's policy back and cannot change it in place
        # (resource_alicloud_ecs_ram_role_attachment.go:105-106, :111-114 at v2.0.0-beta3, unchanged
        # to release/v2 HEAD ace5bcf87; see docs/provider-behaviour.md): an adopted binding would
        # claim a session policy it may not have.
        message = (
            "the provider can neither read back nor change an existing binding's session policy; "
            "adopt without session_policy, then add it once adopt is removed"
        )
        problems.append(Problem("RAM129", "session_policy", message))
    if own_policy and "policy_name" not in given:
        message = (
            "without policy_name the role's own policy is created new; a custom policy made by hand "
            "stays attached to the role until you detach it (name it in policy_name to adopt it)"
        )
        problems.append(Problem("RAM207", "policy_name", message))
    return Checked(value, problems)


def force_delete_adopted_policy(
    value: Any, made_by_hand: bool, path: str = "force_delete_adopted_policy"
) -> Checked[bool]:
    """Whether deleting a policy made by hand may detach it from every principal in the account
    first (the provider's ``force``); given only for a role made by hand, ``made_by_hand`` telling
    whether ``adopt`` is given (true to import it, false once it is adopted)."""
    # The provider's force (resource_alicloud_ram_policy.go:377-573 at v2.0.0-beta3, unchanged to
    # release/v2 HEAD ace5bcf87; see docs/provider-behaviour.md) detaches the policy from every
    # user, group and role in the account, those outside the stack too.
    if not isinstance(value, bool):
        return Checked(None, [Problem("RAM119", path, f"{path} is true or false, got {value!r}")])
    if not made_by_hand:
        message = (
            f"{path} is only for a policy made by hand, named by policy_name beside adopt (true to import it, "
            "false once it is adopted); a policy the component creates is always deleted with force, since no "
            "principal outside the stack should hold it"
        )
        return Checked(None, [Problem("RAM124", path, message)])
    return Checked(value)


def own_policy_name(
    value: Any, own_policy: bool, custom_policies: Sequence[str], taken: Mapping[str, str], path: str = "policy_name"
) -> Checked[str]:
    """The name of the role's own custom policy: a valid policy name, for a policy that
    ``policy_statements`` or ``policy_document`` make, and not a name already used
    (``custom_policies``, or ``taken``: name -> what else carries it)."""
    problems = name(value, path, POLICY_NAME).problems
    if not isinstance(value, str):
        return Checked(None, problems)
    if not own_policy:
        message = (
            "policy_name names the role's own custom policy, which policy_statements or policy_document "
            "make; give one of them (to adopt a policy, its current document)"
        )
        problems.append(Problem("RAM124", path, message))
    if value in custom_policies:
        index = list(custom_policies).index(value)
        message = f"{value!r} is also listed at custom_policies[{index}]; the role's own policy is attached once"
        problems.append(Problem("RAM122", path, message))
    if value in taken:
        problems.append(Problem("RAM122", path, f"{value!r} is already the name of {taken[value]}"))
    return Checked(value, problems)
