"""``InstanceRoleComponent``: an ECS instance RAM role, its policies, bindings and operators.

One component replaces the five manual steps: the role with a trust policy for
``ecs.aliyuncs.com``, a custom permission policy, the policy attachments, one binding per ECS
instance, and a least-privilege ``ram:PassRole`` grant for named operators. Every argument is
checked before anything is registered; a mistake stops the program with one message that
names each argument path and the rule broken.
"""

# This module is read by pulumi.provider.experimental to generate a multi-language schema:
# no `from __future__ import annotations`, no Union types, no bare dict.
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple, TypedDict, TypeVar

import pulumi
import pulumi_alicloud as alicloud

from . import arguments, import_ids, naming
from .arguments import Checked
from .documents import DEFAULT_TRUSTED_SERVICES, Problem, errors, operator_policy
from .naming import NameRule
from .offline_secrets import UNDECRYPTED_SECRET, holds_undecrypted_secret
from .values import holds

TYPE_TOKEN = "alicloud-instance-role:index:InstanceRoleComponent"

T = TypeVar("T")

# The docstrings of the arguments, the outputs and the component are its schema's descriptions in
# every Pulumi language (the plugin serves them): Markdown, with `code` in single backticks.


class PolicyStatementArgs(TypedDict, total=False):
    """One statement of the role's custom permission policy."""

    effect: pulumi.Input[str]
    """`"Allow"` (the default) or `"Deny"`."""
    actions: pulumi.Input[List[pulumi.Input[str]]]
    """Actions such as `oss:GetObject`; `*` and `?` wildcards allowed."""
    resources: pulumi.Input[List[pulumi.Input[str]]]
    """`*` or `acs:` ARNs such as `acs:oss:*:*:my-bucket/*`."""
    conditions: pulumi.Input[Dict[str, Dict[str, Any]]]
    """Condition operator -> condition key -> value or list of values."""


class InstanceRoleArgs(TypedDict, total=False):
    """The arguments of :class:`InstanceRoleComponent`. Every field is optional."""

    role_name: pulumi.Input[str]
    """Physical role name (1-64 letters, digits, `.`, `-`). Role names are unique per
    account, so the default is scoped by project and stack: `<name>-<stack>-<hash>`."""
    adopt: bool
    """Import the existing role `role_name`, its `policy_name`, attachments and bindings, not create them."""
    description: pulumi.Input[str]
    """Description of the role (at most 1,024 characters)."""
    trusted_services: pulumi.Input[List[pulumi.Input[str]]]
    """Services that may assume the role; default `["ecs.aliyuncs.com"]`."""
    max_session_duration: pulumi.Input[int]
    """Longest STS session in seconds, 3600-43200 (RAM's default is 3600)."""
    policy_statements: pulumi.Input[List[pulumi.Input[PolicyStatementArgs]]]
    """Statements of a custom policy created for this role and attached to it."""
    policy_document: pulumi.Input[str]
    """A custom policy as raw RAM JSON, instead of `policy_statements`."""
    policy_name: str
    """Name of the role's own custom policy (default `<role_name>-policy`); with `adopt`, the existing one."""
    force_delete_adopted_policy: bool
    """With `adopt` (true or false) and `policy_name`: deleting the policy made by hand first
    detaches it from every user, group and role in the account, those outside this stack too.
    Default false: the delete fails while anything else holds the policy. A policy the component
    creates is always forced."""
    system_policies: List[str]
    """Names of Alibaba Cloud System policies to attach, e.g. `AliyunOSSReadOnlyAccess`. More
    than RAM's default quota of 20 per role is a warning, unless `system_policy_quota` is set."""
    custom_policies: List[str]
    """Names of existing Custom policies to attach. With the role's own policy, more than RAM's
    default quota of 10 per role is a warning, unless `custom_policy_quota` is set."""
    system_policy_quota: int
    """The account's quota of System policies per role, if it was raised above RAM's default of
    20: more System policies than this are refused."""
    custom_policy_quota: int
    """The account's quota of Custom policies per role, if it was raised above RAM's default of
    10: more Custom policies (counting the role's own) than this are refused."""
    instance_ids: List[str]
    """IDs of existing ECS instances (VPC only) to bind the role to; each ID names its binding."""
    instances: Dict[str, pulumi.Input[str]]
    """Stable key -> instance ID, for IDs that are Outputs (an instance created in the same stack)."""
    session_policy: pulumi.Input[str]
    """A policy (RAM JSON, at most 1,024 characters) that narrows the role on every binding."""
    operator_users: List[str]
    """RAM users allowed to attach this role to instances (`ram:PassRole` on this role only)."""
    operator_groups: List[str]
    """RAM groups allowed to attach this role to instances (`ram:PassRole` on this role only)."""
    tags: pulumi.Input[Dict[str, pulumi.Input[str]]]
    """Tags for the role and its policies."""


class InstanceRoleArgsError(pulumi.RunError):
    """Arguments RAM or ECS would refuse. ``problems`` lists each with its argument path.

    A ``pulumi.RunError``, so ``pulumi up`` prints the message without a Python traceback."""

    def __init__(self, name: str, problems: Sequence[Problem], consequence: str) -> None:
        self.problems = list(problems)
        self.resource = name  # the component's logical name, as the preview's JSON errors name it
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{problems_summary(name, len(self.problems), consequence)}:\n{lines}")


def problems_summary(name: str, count: int, consequence: str) -> str:
    """The first line of every refusal of a component's arguments, in Python and in the plugin:
    ``InstanceRoleComponent 'app' has 2 problems in its arguments; nothing was created``."""
    problems = f"{count} problem{'s' if count != 1 else ''}"
    return f"InstanceRoleComponent {name!r} has {problems} in its arguments; {consequence}"


_KNOWN_ARGUMENTS = tuple(InstanceRoleArgs.__annotations__)


def _unless_undecrypted(check: Callable[[Any], Checked[T]], path: str) -> Callable[[Any], Checked[Any]]:
    """``check`` of the argument at ``path``, except during a preview for a value holding a
    secret config value that could not be decrypted offline (``offline_secrets``): that one is
    left to the deployment, with a warning, and stands in for the value if the check refuses it.
    (Names are always checked: a name cannot be a secret, so naming.NameRule refuses one.)"""

    def checked(value: Any) -> Checked[Any]:
        if not (pulumi.runtime.is_dry_run() and holds_undecrypted_secret(value)):
            return check(value)
        result = check(value)
        message = "holds a secret config value that cannot be decrypted offline; it is checked at deploy"
        return Checked(
            UNDECRYPTED_SECRET if errors(result.problems) else result.value, [Problem("RAM208", path, message)]
        )

    return checked


def _is_unknown(item: Any) -> bool:
    """True for a value the program does not hold yet: an Output or an awaitable."""
    return isinstance(item, pulumi.Output) or hasattr(item, "__await__")


def _is_plain(value: Any) -> bool:
    """True when ``value`` holds no Output or awaitable anywhere, so it can be checked now."""
    return not holds(value, _is_unknown)


@dataclass
class _Checks:
    """Runs argument checks: now for everything known (the known parts of a value holding
    Outputs too, around made-up stand-ins for the unknown parts), and again on resolution for
    values holding Outputs, whose unknown parts only then are known."""

    name: str
    problems: List[Problem] = field(default_factory=list)
    resource: Optional[pulumi.Resource] = None
    """The component, once registered, so warnings about resolved Outputs point at it."""
    told: Set[Tuple[str, str]] = field(default_factory=set)
    """(code, path) of the warnings already given at construction, not repeated on resolution."""
    refused: bool = False
    """True once construction refused the arguments: the Outputs' own checks then stay quiet,
    so the refusal ("nothing was created") is the error the program reports."""

    def run(self, value: Any, check: Callable[[Any], Checked[Any]], path: str = "") -> Any:
        if _is_plain(value):
            checked = check(value)
            self.problems += checked.problems
            return checked.value
        if not _is_unknown(value):
            # The known parts of a list or mapping holding Outputs are checked now, so a mistake
            # there stops the program before anything is registered.
            stand_ins = arguments.with_stand_ins(value, _is_unknown, path)
            known = arguments.known_part_problems(check(stand_ins[0]).problems, stand_ins[1])
            self.problems += known
            self.told |= {(problem.code, problem.path) for problem in known}
        output = pulumi.Output.from_input(value)
        # Whether the value is secret decides what its messages may say; the result stays secret.
        # (Offline a secret reads as a placeholder, which messages may quote: it hides nothing.)
        return pulumi.Output.all(output, output.is_secret()).apply(
            lambda resolved: self.resolved(
                check(resolved[0]), secret=bool(resolved[1]) and not holds_undecrypted_secret(resolved[0])
            )
        )

    def resolved(self, checked: Checked[Any], secret: bool = False) -> Any:
        """The checked value of a resolved Output; raises for errors, logs warnings. Messages
        about a ``secret`` value name the path and the rule, never the value."""
        if self.refused:
            return None
        problems = [problem.redacted() for problem in checked.problems] if secret else checked.problems
        found = errors(problems)
        if found:
            raise InstanceRoleArgsError(self.name, found, "the deployment stops before using them")
        for warning in problems:
            if (warning.code, warning.path) not in self.told:
                pulumi.log.warn(str(warning), resource=self.resource)
        return checked.value

    def plain(self, value: Any, path: str, why: str) -> Any:
        """``value`` when it holds no Output, else None and a problem: ``why`` it must be plain."""
        if _is_plain(value):
            return value
        self.problems.append(Problem("RAM125", path, f"{path} must be a plain value, not an Output: {why}"))
        return None

    def plain_names(self, values: Any, path: str, why: str) -> List[Any]:
        """Entries that name child resources must be known when the program runs: an Output
        has no value yet to build a stable logical name from."""
        if values is None:
            return []
        if not isinstance(values, (list, tuple)):
            if _is_plain(values):
                return values  # type: ignore[no-any-return]  # not a list: the argument check reports it
            self.problems.append(Problem("RAM125", path, f"{path} must be a plain list: {why}"))
            return []
        for index, value in enumerate(values):
            if not _is_plain(value):
                self.problems.append(Problem("RAM125", f"{path}[{index}]", why))
        return [value for value in values if _is_plain(value)]


class InstanceRoleComponent(pulumi.ComponentResource):
    """A RAM role for ECS instances, with its trust policy, permissions, instance bindings and
    operator grant, checked before anything reaches the cloud.

    Children (all parented to the component, so providers, aliases and `protect` flow down):
    `<name>-role`; `<name>-policy` and `<name>-policy-attachment` when statements or a
    document are given; `<name>-system-<policy>` and `<name>-custom-<policy>` attachments;
    `<name>-instance-<id or key>` bindings (replaced when the session policy changes,
    detached before a replacement attaches, and only after every policy attachment exists);
    `<name>-operator-policy` with `<name>-operator-user-<user>` /
    `<name>-operator-group-<group>` attachments. With `adopt`, every child but the
    operators' is imported by its provider ID (the role's own policy and its attachment only
    when `policy_name` names the existing one).
    """

    role_name: pulumi.Output[str]
    """The physical role name."""
    role_arn: pulumi.Output[str]
    """The role's ARN, `acs:ram::<account>:role/<name>`."""
    policy_name: pulumi.Output[Optional[str]]
    """The custom policy's name; unset when the role has no custom policy of its own."""
    instance_ids: pulumi.Output[List[str]]
    """IDs of the instances the role is bound to."""
    credentials_url: pulumi.Output[str]
    """Metadata URL that serves the role's STS credentials on its instances."""

    def __init__(self, name: str, args: InstanceRoleArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        plan = _plan(name, args)
        super().__init__(TYPE_TOKEN, name, None, opts)
        plan.checks.resource = self
        for warning in plan.checks.problems:
            pulumi.log.warn(str(warning), resource=self)
        child = pulumi.ResourceOptions(parent=self)
        # With adopt, each child but the operators' is imported by its provider ID (import_ids);
        # the role's own policy and its attachment only when policy_name names the existing one.
        existing = plan.adopted_role_name
        existing_policy = plan.policy_name if existing else None

        role = alicloud.ram.Role(
            f"{name}-role",
            role_name=plan.role_name,
            assume_role_policy_document=plan.trust_document,
            description=plan.description,
            max_session_duration=plan.max_session_duration,
            tags=plan.tags,
            force=True,
            opts=_imported(child, existing and import_ids.role(existing)),
        )

        def attach(
            suffix: str, policy_name: "pulumi.Input[str]", policy_type: str, existing_policy: Optional[str]
        ) -> alicloud.ram.RolePolicyAttachment:
            import_id = None
            if existing and existing_policy:
                import_id = import_ids.role_policy_attachment(existing, existing_policy, policy_type)
            return alicloud.ram.RolePolicyAttachment(
                f"{name}-{suffix}",
                role_name=role.role_name,
                policy_name=policy_name,
                policy_type=policy_type,
                opts=_imported(child, import_id),
            )

        attachments: List[pulumi.Resource] = []
        policy: Optional[alicloud.ram.Policy] = None
        if plan.permission_document is not None:
            policy = alicloud.ram.Policy(
                f"{name}-policy",
                policy_name=plan.policy_name or _derived(plan.role_name, "policy"),
                policy_document=plan.permission_document,
                description=f"Permissions of the instance role of {name}",
                rotate_strategy=arguments.POLICY_ROTATE_STRATEGY,
                tags=plan.tags,
                # The provider's force detaches the policy from every principal in the account
                # (resource_alicloud_ram_policy.go:377-573 at v2.0.0-beta3, unchanged to release/v2
                # HEAD ace5bcf87; see docs/provider-behaviour.md): never by default for an adopted one.
                force=plan.policy_force,
                opts=_imported(child, existing_policy and import_ids.policy(existing_policy)),
            )
            attachments.append(attach("policy-attachment", policy.policy_name, "Custom", existing_policy))
        for system_policy in plan.system_policies:
            attachments.append(attach(f"system-{system_policy}", system_policy, "System", system_policy))
        for custom_policy in plan.custom_policies:
            attachments.append(attach(f"custom-{custom_policy}", custom_policy, "Custom", custom_policy))

        # An instance holds one role at a time: detach before attaching on replacement, and
        # bind only once the role's permissions exist. The provider cannot change a binding's
        # session policy: `policy` is not ForceNew, Update only logs "Cannot update" and Read
        # never reads it back (resource_alicloud_ecs_ram_role_attachment.go:36-39, 105-106, 111-114
        # at v2.0.0-beta3, unchanged to release/v2 HEAD ace5bcf87; see docs/provider-behaviour.md), so an
        # in-place update would leave ECS on the old policy; a replacement applies the new one.
        binding_opts = pulumi.ResourceOptions(
            parent=self,
            delete_before_replace=True,
            replace_on_changes=["policy"],
            depends_on=attachments or [role],
        )
        bindings = [
            alicloud.ecs.RamRoleAttachment(
                f"{name}-instance-{key}",
                instance_id=instance_id,
                ram_role_name=role.role_name,
                policy=plan.session_policy,
                opts=_imported(binding_opts, existing and import_ids.instance_binding(str(instance_id), existing)),
            )
            for key, instance_id in plan.bindings.items()
        ]

        if plan.operator_users or plan.operator_groups:
            operators = alicloud.ram.Policy(
                f"{name}-operator-policy",
                policy_name=_derived(plan.role_name, "operator"),
                policy_document=role.arn.apply(_operator_document),
                description=f"Lets operators attach the instance role of {name} to ECS instances",
                rotate_strategy=arguments.POLICY_ROTATE_STRATEGY,
                tags=plan.tags,
                force=True,
                opts=child,
            )
            for user in plan.operator_users:
                alicloud.ram.UserPolicyAttachment(
                    f"{name}-operator-user-{user}",
                    user_name=user,
                    policy_name=operators.policy_name,
                    policy_type="Custom",
                    opts=child,
                )
            for group in plan.operator_groups:
                alicloud.ram.GroupPolicyAttachment(
                    f"{name}-operator-group-{group}",
                    group_name=group,
                    policy_name=operators.policy_name,
                    policy_type="Custom",
                    opts=child,
                )

        self.role_name = role.role_name
        self.role_arn = role.arn
        self.policy_name = policy.policy_name if policy is not None else pulumi.Output.from_input(None)
        self.instance_ids = pulumi.Output.all(*[binding.instance_id for binding in bindings])
        self.credentials_url = role.role_name.apply(naming.credentials_url)
        self.register_outputs(
            {
                "role_name": self.role_name,
                "role_arn": self.role_arn,
                "policy_name": self.policy_name,
                "instance_ids": self.instance_ids,
                "credentials_url": self.credentials_url,
            }
        )


def _imported(opts: pulumi.ResourceOptions, import_id: Optional[str]) -> pulumi.ResourceOptions:
    """``opts`` adopting the existing resource whose provider ID is ``import_id``, when given."""
    if import_id is None:
        return opts
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(import_=import_id))


def _derived(role_name: Any, purpose: str) -> Any:
    if isinstance(role_name, str):
        return naming.policy_name_for(role_name, purpose)
    return pulumi.Output.from_input(role_name).apply(lambda resolved: naming.policy_name_for(resolved, purpose))


def _operator_document(role_arn: str) -> str:
    built = operator_policy(role_arn)
    if built.document is None:
        raise pulumi.RunError(f"cannot scope ram:PassRole to the role: {'; '.join(map(str, built.problems))}")
    return built.text


@dataclass
class _Plan:
    """Checked inputs for every child resource."""

    role_name: "pulumi.Input[str]"
    description: "Optional[pulumi.Input[str]]"
    trust_document: "pulumi.Input[str]"
    max_session_duration: "Optional[pulumi.Input[int]]"
    permission_document: "Optional[pulumi.Input[str]]"
    policy_name: Optional[str]
    """The own policy's name when given; else it is derived from the role name."""
    system_policies: List[str]
    custom_policies: List[str]
    bindings: Dict[str, "pulumi.Input[str]"]
    session_policy: "Optional[pulumi.Input[str]]"
    operator_users: List[str]
    operator_groups: List[str]
    tags: "Optional[pulumi.Input[Dict[str, str]]]"
    adopted_role_name: Optional[str]
    """With ``adopt``: the existing role's name (plain, as adopting requires); else None."""
    policy_force: bool
    """Whether the role's own policy is deleted with the provider's ``force``: always for one the
    component created; for one made by hand (``adopt`` given, true or false, with
    ``policy_name``), only with ``force_delete_adopted_policy``."""
    checks: _Checks
    """The checks run so far (only warnings: errors stop the plan)."""


def check(name: str, args: InstanceRoleArgs) -> List[Problem]:
    """Every error ``InstanceRoleComponent(name, args)`` would raise at construction, without
    registering anything: in plain values, and in the known parts of values that hold Outputs
    (the Outputs themselves are checked when they resolve)."""
    try:
        _plan(name, args)
    except InstanceRoleArgsError as error:
        return error.problems
    return []


def _plan(name: str, args: Any) -> _Plan:
    """Check every argument; raise one InstanceRoleArgsError listing all errors, or return
    the inputs of the children."""
    checks = _Checks(name)
    if not isinstance(name, str) or not name:
        # Pulumi would raise a bare TypeError; the name also starts every child's name.
        message = f"a non-empty string such as 'app', which starts the names of its children; got {name!r}"
        checks.problems.append(Problem("RAM120", "name", f"the component needs a name: {message}"))
        name = str(name or "")
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        message = f"InstanceRoleArgs is a mapping of argument -> value, got {type(args).__name__}"
        raise InstanceRoleArgsError(name, [*checks.problems, Problem("RAM119", "args", message)], "nothing was created")
    for key in args:
        if key not in _KNOWN_ARGUMENTS:
            hint = arguments.did_you_mean(str(key), _KNOWN_ARGUMENTS, "argument")
            checks.problems.append(Problem("RAM124", str(key), f"unknown argument {key!r}; {hint}"))

    def optional(key: str, check: Callable[[Any], Checked[T]]) -> "Optional[pulumi.Input[T]]":
        return None if args.get(key) is None else checks.run(args[key], _unless_undecrypted(check, key), key)

    given = {key for key, value in args.items() if value is not None}
    adopt = checks.plain(args.get("adopt"), "adopt", "it decides which resources are imported, before Outputs resolve")
    role_name = args.get("role_name")
    if adopt is True:
        role_name = checks.plain(
            role_name, "role_name", "adopt imports the role by its name, which every adopted ID holds"
        )
    if role_name is None:
        role_name = naming.default_role_name(pulumi.get_project(), pulumi.get_stack(), name)
    role_name = checks.run(role_name, arguments.role_name, "role_name")
    trust = checks.run(
        list(DEFAULT_TRUSTED_SERVICES) if args.get("trusted_services") is None else args["trusted_services"],
        _unless_undecrypted(arguments.trust_document, "trusted_services"),
        "trusted_services",
    )

    if args.get("policy_statements") is not None and args.get("policy_document") is not None:
        checks.problems.append(
            Problem("RAM124", "policy_document", "give policy_statements or policy_document, not both")
        )
    permission = optional("policy_statements", arguments.statements_document)
    if permission is None:
        permission = optional("policy_document", arguments.permission_document)
    own_policy = "policy_statements" in given or "policy_document" in given
    adopted = arguments.adopt(False if adopt is None else adopt, given, own_policy)
    checks.problems += adopted.problems
    force_adopted = checks.plain(
        args.get("force_delete_adopted_policy"),
        "force_delete_adopted_policy",
        "it decides how the adopted policy is deleted",
    )
    if force_adopted is not None:
        forced = arguments.force_delete_adopted_policy(force_adopted, adopt is not None)
        checks.problems += forced.problems
        force_adopted = forced.value

    def quota(key: str) -> Optional[int]:
        if args.get(key) is None:
            return None
        if not _is_plain(args[key]):
            checks.problems.append(Problem("RAM125", key, f"{key} must be a plain number, not an Output"))
            return None
        checked = arguments.policy_quota(args[key], key)
        checks.problems.extend(checked.problems)
        return checked.value

    def names(key: str, rule: NameRule) -> List[str]:
        why = "each entry names a child resource, so it must be a plain string, not an Output"
        checked = arguments.names(checks.plain_names(args.get(key), key, why), key, rule)
        checks.problems.extend(checked.problems)
        return checked.value or []

    system_policies = names("system_policies", naming.POLICY_NAME)
    checks.problems += arguments.denied_system_policies(system_policies)
    checks.problems += arguments.system_policy_names(system_policies)
    custom_policies = names("custom_policies", naming.POLICY_NAME)
    checks.problems += arguments.policy_counts(
        system_policies,
        custom_policies,
        own_policy=permission is not None,
        system_quota=quota("system_policy_quota"),
        custom_quota=quota("custom_policy_quota"),
    )
    policy_name = checks.plain(
        args.get("policy_name"), "policy_name", "it names the policy (with adopt, the one imported)"
    )
    if policy_name is not None:
        taken = {}
        if isinstance(role_name, str) and (args.get("operator_users") or args.get("operator_groups")):
            taken[naming.policy_name_for(role_name, "operator")] = "the operators' policy"
        checks.problems += arguments.own_policy_name(policy_name, own_policy, custom_policies, taken).problems

    output_id = (
        "this ID is an Output, which has no value yet to name its binding after; "
        "pass it as instances={'<stable key>': instance.id} instead"
    )
    listed = arguments.instance_ids(checks.plain_names(args.get("instance_ids"), "instance_ids", output_id))
    checks.problems += listed.problems
    ids = listed.value or []
    instances = arguments.instance_map(args.get("instances"))
    checks.problems += instances.problems
    instance_map: Dict[str, Any] = instances.value or {}
    checks.problems += arguments.distinct_bindings(ids, instance_map)
    # Entries that are not strings are already refused above; they name no binding.
    bindings: Dict[str, Any] = {instance_id: instance_id for instance_id in ids if isinstance(instance_id, str)}
    if adopted.value:
        why = (
            "adopt imports each binding by '<instance ID>:<role name>'; an instance created in this stack "
            "has no binding to adopt: bind it once adopt is removed"
        )
        for key in [key for key, value in instance_map.items() if not _is_plain(value)]:
            checks.plain(instance_map.pop(key), f"instances.{key}", why)
    if not errors(instances.problems):
        bindings.update(_checked_instance_map(checks, instance_map, ids))
    operator_users = names("operator_users", naming.USER_NAME)
    operator_groups = names("operator_groups", naming.GROUP_NAME)

    plan = _Plan(
        role_name=role_name,
        description=optional("description", arguments.description),
        trust_document=trust,
        max_session_duration=optional("max_session_duration", arguments.max_session_duration),
        permission_document=permission,
        policy_name=policy_name,
        system_policies=system_policies,
        custom_policies=custom_policies,
        bindings=bindings,
        session_policy=optional("session_policy", arguments.session_policy),
        operator_users=operator_users,
        operator_groups=operator_groups,
        tags=optional("tags", arguments.tags),
        adopted_role_name=str(role_name) if adopted.value else None,
        # While adopt is given, even false once adopted, the policy named by policy_name was made by hand.
        policy_force=force_adopted is True if adopt is not None and policy_name is not None else True,
        checks=checks,
    )
    found = errors(checks.problems)
    if found:
        checks.refused = True
        raise InstanceRoleArgsError(name, sorted(found, key=_argument_order), "nothing was created")
    return plan


def _argument_order(problem: Problem) -> int:
    argument = problem.path.split(".")[0].split("[")[0]
    return _KNOWN_ARGUMENTS.index(argument) if argument in _KNOWN_ARGUMENTS else -1


def _checked_instance_map(checks: _Checks, instances: Dict[str, Any], ids: Sequence[Any]) -> Dict[str, Any]:
    """Instance IDs keyed by their stable key, each checked on its own (for an Output, when it
    resolves, so one instance still unknown in a preview leaves the other bindings' IDs known).
    Outputs are also checked all together for duplicates, which fails the run."""
    if not _is_plain(instances):
        pulumi.Output.all(**instances).apply(lambda values: checks.resolved(_distinct_ids(values, ids)))
    return {key: checks.run(value, _instance_id_at(f"instances.{key}")) for key, value in instances.items()}


def _instance_id_at(path: str) -> Callable[[Any], Checked[str]]:
    return lambda value: arguments.instance_id(value, path)


def _distinct_ids(values: Dict[str, Any], ids: Sequence[Any]) -> Checked[Dict[str, Any]]:
    return Checked(values, arguments.distinct_bindings(ids, values))
