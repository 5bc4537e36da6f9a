"""One pass over ``InstanceRoleComponent``'s arguments (pure Python, no Pulumi import).

:func:`plan_arguments` takes the whole argument tree once and gives back an
:class:`ArgumentPlan`: the checked inputs of every child resource, every problem found now
(errors and warnings), and, for each argument that still holds unknown values (Outputs, in the
component), a :class:`Deferred` check to run when it resolves. The caller says what is unknown
(a predicate) and what it knows of the program (:class:`Context`: project, stack, dry run), so
this module never sees Pulumi. The component then only raises the errors, logs the warnings,
wires each deferred check onto its value and registers the children.

The known parts of a value holding unknowns are checked now, around made-up stand-ins for the
unknown parts (:func:`~.arguments.with_stand_ins`), so a mistake there stops the program before
anything is registered; the whole value is checked again when it resolves, without repeating
the warnings already given.
"""

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple, TypeVar

from . import arguments, naming
from .arguments import Checked
from .checked_once import once_per_value
from .documents import DEFAULT_TRUSTED_SERVICES, Problem, errors
from .naming import NameRule
from .offline_secrets import UNDECRYPTED_SECRET, holds_undecrypted_secret
from .values import holds

T = TypeVar("T")

Check = Callable[[Any], Checked[Any]]

# The document checks build, validate and judge a policy: the component's own cost. Components
# of one program often share a document (the default trust policy above all), so each distinct
# one is checked once per process.
_trust_document = once_per_value(arguments.trust_document)
_statements_document = once_per_value(arguments.statements_document)
_permission_document = once_per_value(arguments.permission_document)
_session_policy = once_per_value(arguments.session_policy)


@dataclass(frozen=True)
class Context:
    """What the planner knows of the program the component is declared in."""

    project: str
    """The Pulumi project, which scopes the default role name."""
    stack: str
    """The stack, which scopes the default role name."""
    dry_run: bool
    """True during a preview, where a secret that could not be decrypted offline is not judged."""
    unknown: Callable[[Any], bool]
    """True for a value the program does not hold yet (an Output or an awaitable)."""


@dataclass(frozen=True, eq=False)
class Deferred:
    """An argument (or part of one) that holds unknown values: ``check`` runs again on the
    whole ``value`` once it resolves. Compared by identity: it stands for one place in a plan."""

    path: str
    value: Any
    """The argument as given, unknown parts included."""
    check: Check
    told: FrozenSet[Tuple[str, str]] = frozenset()
    """(code, path) of the warnings already given about its known parts, not repeated."""

    def resolved(self, value: Any, secret: bool) -> Checked[Any]:
        """The check of the resolved ``value``: every error, and the warnings not told yet.
        Findings about a ``secret`` value name the path and the rule, never the value (offline,
        a secret reads as a placeholder, which findings may quote: it hides nothing)."""
        checked = self.check(value)
        problems = checked.problems
        if secret and not holds_undecrypted_secret(value):
            problems = [problem.redacted() for problem in problems]
        return Checked(checked.value, [p for p in problems if p.is_error or (p.code, p.path) not in self.told])


@dataclass(frozen=True)
class ChildInputs:
    """The checked inputs of every child resource. Where an argument still holds unknowns, its
    field holds the :class:`Deferred` standing for it (:meth:`with_values` puts the caller's
    value of each in its place)."""

    role_name: Any
    description: Any
    trust_document: Any
    max_session_duration: Any
    permission_document: Any
    policy_name: Optional[str]
    """The own policy's name when given; else it is derived from the role name."""
    system_policies: List[str]
    custom_policies: List[str]
    bindings: Dict[str, Any]
    """Binding key (the instance ID, or the key of ``instances``) -> instance ID."""
    session_policy: Any
    operator_users: List[str]
    operator_groups: List[str]
    tags: Any
    adopted_role_name: Optional[str]
    """With ``adopt``: the existing role's name (plain, as adopting requires); else None."""
    policy_force: bool
    """Whether the role's own policy is deleted with the provider's ``force``: always for one the
    component created; for one made by hand (``adopt`` given, true or false, with
    ``policy_name``), only with ``force_delete_adopted_policy``."""

    def with_values(self, value_of: Callable[[Deferred], Any]) -> "ChildInputs":
        """These inputs with ``value_of(deferred)`` in place of each :class:`Deferred`."""

        def now(value: Any) -> Any:
            return value_of(value) if isinstance(value, Deferred) else value

        changes: Dict[str, Any] = {name: now(getattr(self, name)) for name in _DEFERRABLE}
        changes["bindings"] = {key: now(instance_id) for key, instance_id in self.bindings.items()}
        return dataclasses.replace(self, **changes)


#: The fields of :class:`ChildInputs` that may hold a :class:`Deferred` (besides the bindings' IDs).
_DEFERRABLE = (
    "role_name",
    "description",
    "trust_document",
    "max_session_duration",
    "permission_document",
    "session_policy",
    "tags",
)


@dataclass(frozen=True)
class ArgumentPlan:
    """The outcome of checking one component's arguments."""

    name: str
    """The component's logical name."""
    problems: Tuple[Problem, ...]
    """Every problem found now, errors and warnings, in the order found."""
    deferred: Tuple[Deferred, ...]
    """The checks to run again when values resolve, in the order their arguments were checked."""
    inputs: Optional[ChildInputs]
    """The children's inputs; None when the arguments are not even a mapping."""
    known_arguments: Tuple[str, ...] = ()
    """The component's argument names, in declaration order (errors are sorted by it)."""

    @property
    def errors(self) -> List[Problem]:
        """The errors, ordered by the argument they are about (as declared), then as found."""
        return sorted(errors(list(self.problems)), key=self._argument_order)

    @property
    def warnings(self) -> List[Problem]:
        """The warnings, in the order found."""
        return [problem for problem in self.problems if not problem.is_error]

    def _argument_order(self, problem: Problem) -> int:
        argument = problem.path.split(".")[0].split("[")[0]
        return self.known_arguments.index(argument) if argument in self.known_arguments else -1


def unless_undecrypted(check: Callable[[Any], Checked[T]], path: str, dry_run: bool) -> Check:
    """``check`` of the argument at ``path``, except during a preview (``dry_run``) for a value
    holding a secret config value that could not be decrypted offline (``offline_secrets``):
    that one is left to the deployment, with a warning, and stands in for the value if the check
    refuses it. (Names are always checked: a name cannot be a secret, so naming.NameRule refuses
    one.)"""

    def checked(value: Any) -> Checked[Any]:
        if not (dry_run and holds_undecrypted_secret(value)):
            return check(value)
        result = check(value)
        message = "holds a secret config value that cannot be decrypted offline; it is checked at deploy"
        return Checked(
            UNDECRYPTED_SECRET if errors(result.problems) else result.value, [Problem("RAM208", path, message)]
        )

    return checked


@dataclass
class _Planner:
    """The problems and deferred checks of one pass, as it goes."""

    context: Context
    problems: List[Problem] = field(default_factory=list)
    deferred: List[Deferred] = field(default_factory=list)
    all_plain: bool = False
    """True when the whole argument tree holds nothing unknown (most programs): no part of it
    needs looking into again."""

    def is_plain(self, value: Any) -> bool:
        """True when ``value`` holds nothing unknown anywhere, so it can be checked now."""
        return self.all_plain or not holds(value, self.context.unknown)

    def argument(self, value: Any, check: Check, path: str) -> Any:
        """The checked value of the argument at ``path``; for one holding unknowns, the
        :class:`Deferred` standing for it, its known parts checked now."""
        if self.is_plain(value):
            checked = check(value)
            self.problems += checked.problems
            return checked.value
        told: Set[Tuple[str, str]] = set()
        if not self.context.unknown(value):
            # The known parts of a list or mapping holding unknowns are checked now, so a mistake
            # there stops the program before anything is registered.
            stand_ins, where = arguments.with_stand_ins(value, self.context.unknown, path)
            known = arguments.known_part_problems(check(stand_ins).problems, where)
            self.problems += known
            told = {(problem.code, problem.path) for problem in known}
        deferred = Deferred(path, value, check, frozenset(told))
        self.deferred.append(deferred)
        return deferred

    def optional(self, args: Mapping[str, Any], key: str, check: Callable[[Any], Checked[T]]) -> Any:
        """The checked argument ``key``, or None when it is not given."""
        if args.get(key) is None:
            return None
        return self.argument(args[key], unless_undecrypted(check, key, self.context.dry_run), key)

    def plain(self, value: Any, path: str, why: str) -> Any:
        """``value`` when it holds nothing unknown, else None and a problem: ``why`` it must be plain."""
        if self.is_plain(value):
            return value
        self.problems.append(Problem("RAM125", path, f"{path} must be a plain value, not an Output: {why}"))
        return None

    def plain_names(self, values: Any, path: str, why: str) -> Any:
        """Entries that name child resources must be known when the program runs: an Output
        has no value yet to build a stable logical name from."""
        if values is None:
            return []
        if not isinstance(values, (list, tuple)):
            if self.is_plain(values):
                return values  # not a list: the argument check reports it
            self.problems.append(Problem("RAM125", path, f"{path} must be a plain list: {why}"))
            return []
        plain = []
        for index, value in enumerate(values):
            if self.is_plain(value):
                plain.append(value)
            else:
                self.problems.append(Problem("RAM125", f"{path}[{index}]", why))
        return plain

    def names(self, args: Mapping[str, Any], key: str, rule: NameRule) -> List[str]:
        """The distinct RAM names listed in the argument ``key``, each valid under ``rule``."""
        why = "each entry names a child resource, so it must be a plain string, not an Output"
        checked = arguments.names(self.plain_names(args.get(key), key, why), key, rule)
        self.problems += checked.problems
        return checked.value or []

    def quota(self, args: Mapping[str, Any], key: str) -> Optional[int]:
        """The account's raised quota given in ``key``, or None."""
        if args.get(key) is None:
            return None
        if not self.is_plain(args[key]):
            self.problems.append(Problem("RAM125", key, f"{key} must be a plain number, not an Output"))
            return None
        checked = arguments.policy_quota(args[key], key)
        self.problems += checked.problems
        return checked.value

    def instance_map(self, instances: Dict[str, Any], ids: Sequence[Any]) -> Dict[str, Any]:
        """Instance IDs keyed by their stable key, each checked on its own (one that is unknown
        is checked when it resolves, so one instance still unknown in a preview leaves the other
        bindings' IDs known). Unknown ones are also checked all together for duplicates."""
        if not self.is_plain(instances):
            distinct = Deferred(
                "instances", instances, lambda values: Checked(values, arguments.distinct_bindings(ids, values))
            )
            self.deferred.append(distinct)
        return {
            key: self.argument(value, _instance_id_at(f"instances.{key}"), f"instances.{key}")
            for key, value in instances.items()
        }


def _instance_id_at(path: str) -> Check:
    return lambda value: arguments.instance_id(value, path)


def plan_arguments(name: Any, args: Any, known_arguments: Sequence[str], context: Context) -> ArgumentPlan:
    """Check every argument of the component ``name`` once (``known_arguments`` are the names it
    takes, in declaration order): the children's inputs, every problem, and the checks left
    for values that are not known yet."""
    planner = _Planner(context)
    known = tuple(known_arguments)
    if not isinstance(name, str) or not name:
        # Pulumi would raise a bare TypeError; the name also starts every child's name.
        message = f"a non-empty string such as 'app', which starts the names of its children; got {name!r}"
        planner.problems.append(Problem("RAM120", "name", f"the component needs a name: {message}"))
        name = str(name or "")
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        message = f"InstanceRoleArgs is a mapping of argument -> value, got {type(args).__name__}"
        planner.problems.append(Problem("RAM119", "args", message))
        return ArgumentPlan(name, tuple(planner.problems), (), None, known)
    for key in args:
        if key not in known:
            hint = arguments.did_you_mean(str(key), known, "argument")
            planner.problems.append(Problem("RAM124", str(key), f"unknown argument {key!r}; {hint}"))

    planner.all_plain = not holds(args, context.unknown)
    inputs = _child_inputs(planner, name, args)
    return ArgumentPlan(name, tuple(planner.problems), tuple(planner.deferred), inputs, known)


def _child_inputs(planner: _Planner, name: str, args: Mapping[str, Any]) -> ChildInputs:
    dry_run = planner.context.dry_run
    given = {key for key, value in args.items() if value is not None}
    adopt = planner.plain(args.get("adopt"), "adopt", "it decides which resources are imported, before Outputs resolve")
    role_name = args.get("role_name")
    if adopt is True:
        role_name = planner.plain(
            role_name, "role_name", "adopt imports the role by its name, which every adopted ID holds"
        )
    if role_name is None:
        role_name = naming.default_role_name(planner.context.project, planner.context.stack, name)
    role_name = planner.argument(role_name, arguments.role_name, "role_name")
    trusted = args.get("trusted_services")
    trust = planner.argument(
        list(DEFAULT_TRUSTED_SERVICES) if trusted is None else trusted,
        unless_undecrypted(_trust_document, "trusted_services", dry_run),
        "trusted_services",
    )

    if args.get("policy_statements") is not None and args.get("policy_document") is not None:
        planner.problems.append(
            Problem("RAM124", "policy_document", "give policy_statements or policy_document, not both")
        )
    permission = planner.optional(args, "policy_statements", _statements_document)
    if permission is None:
        permission = planner.optional(args, "policy_document", _permission_document)
    own_policy = "policy_statements" in given or "policy_document" in given
    adopted = arguments.adopt(False if adopt is None else adopt, given, own_policy)
    planner.problems += adopted.problems
    force_adopted = planner.plain(
        args.get("force_delete_adopted_policy"),
        "force_delete_adopted_policy",
        "it decides how the adopted policy is deleted",
    )
    if force_adopted is not None:
        forced = arguments.force_delete_adopted_policy(force_adopted, adopt is not None)
        planner.problems += forced.problems
        force_adopted = forced.value

    system_policies = planner.names(args, "system_policies", naming.POLICY_NAME)
    planner.problems += arguments.denied_system_policies(system_policies)
    planner.problems += arguments.system_policy_names(system_policies)
    custom_policies = planner.names(args, "custom_policies", naming.POLICY_NAME)
    planner.problems += arguments.policy_counts(
        system_policies,
        custom_policies,
        own_policy=permission is not None,
        system_quota=planner.quota(args, "system_policy_quota"),
        custom_quota=planner.quota(args, "custom_policy_quota"),
    )
    policy_name = planner.plain(
        args.get("policy_name"), "policy_name", "it names the policy (with adopt, the one imported)"
    )
    if policy_name is not None:
        taken = {}
        if isinstance(role_name, str) and (args.get("operator_users") or args.get("operator_groups")):
            taken[naming.policy_name_for(role_name, "operator")] = "the operators' policy"
        planner.problems += arguments.own_policy_name(policy_name, own_policy, custom_policies, taken).problems

    output_id = (
        "this ID is an Output, which has no value yet to name its binding after; "
        "pass it as instances={'<stable key>': instance.id} instead"
    )
    listed = arguments.instance_ids(planner.plain_names(args.get("instance_ids"), "instance_ids", output_id))
    planner.problems += listed.problems
    ids = listed.value or []
    instances = arguments.instance_map(args.get("instances"))
    planner.problems += instances.problems
    instance_map: Dict[str, Any] = instances.value or {}
    planner.problems += arguments.distinct_bindings(ids, instance_map)
    # Entries that are not strings are already refused above; they name no binding.
    bindings: Dict[str, Any] = {instance_id: instance_id for instance_id in ids if isinstance(instance_id, str)}
    if adopted.value:
        why = (
            "adopt imports each binding by '<instance ID>:<role name>'; an instance created in this stack "
            "has no binding to adopt: bind it once adopt is removed"
        )
        for key in [key for key, value in instance_map.items() if not planner.is_plain(value)]:
            planner.plain(instance_map.pop(key), f"instances.{key}", why)
    if not errors(instances.problems):
        bindings.update(planner.instance_map(instance_map, ids))
    operator_users = planner.names(args, "operator_users", naming.USER_NAME)
    operator_groups = planner.names(args, "operator_groups", naming.GROUP_NAME)

    return ChildInputs(
        role_name=role_name,
        description=planner.optional(args, "description", arguments.description),
        trust_document=trust,
        max_session_duration=planner.optional(args, "max_session_duration", arguments.max_session_duration),
        permission_document=permission,
        policy_name=policy_name,
        system_policies=system_policies,
        custom_policies=custom_policies,
        bindings=bindings,
        session_policy=planner.optional(args, "session_policy", _session_policy),
        operator_users=operator_users,
        operator_groups=operator_groups,
        tags=planner.optional(args, "tags", arguments.tags),
        adopted_role_name=str(role_name) if adopted.value else None,
        # While adopt is given, even false once adopted, the policy named by policy_name was made by hand.
        policy_force=force_adopted is True if adopt is not None and policy_name is not None else True,
    )
