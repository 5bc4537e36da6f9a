"""``InstanceRoleComponent``: an ECS instance RAM role, its policies, bindings and operators.

One component replaces the five manual steps: the role with a trust policy for
``ecs.aliyuncs.com``, a custom permission policy, the policy attachments, one binding per ECS
instance, and a least-privilege ``ram:PassRole`` grant for named operators. Every argument is
checked before anything is registered; a mistake stops the program with one message that
names each argument path and the rule broken.
"""

# This module is read by pulumi.provider.experimental to generate a multi-language schema:
# no `from __future__ import annotations`, no Union types, no bare dict.
import difflib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, TypedDict, TypeVar

import pulumi
import pulumi_alicloud as alicloud

from . import arguments, naming
from .arguments import Checked
from .documents import DEFAULT_TRUSTED_SERVICES, Problem, errors, operator_policy
from .naming import NameRule

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
    system_policies: List[str]
    """Names of Alibaba Cloud System policies to attach (at most 20), e.g. `AliyunOSSReadOnlyAccess`."""
    custom_policies: List[str]
    """Names of existing Custom policies to attach (at most 10, counting the role's own policy)."""
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
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"InstanceRoleComponent {name!r} has {count} in its arguments; {consequence}:\n{lines}")


_KNOWN_ARGUMENTS = tuple(InstanceRoleArgs.__annotations__)


def _is_plain(value: Any) -> bool:
    """True when ``value`` holds no Output or awaitable anywhere, so it can be checked now."""
    if isinstance(value, pulumi.Output) or hasattr(value, "__await__"):
        return False
    if isinstance(value, Mapping):
        return all(_is_plain(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    return True


@dataclass
class _Checks:
    """Runs argument checks: now for plain values, on resolution for Outputs."""

    name: str
    problems: List[Problem] = field(default_factory=list)
    resource: Optional[pulumi.Resource] = None
    """The component, once registered, so warnings about resolved Outputs point at it."""

    def run(self, value: Any, check: Callable[[Any], Checked[Any]]) -> Any:
        if _is_plain(value):
            checked = check(value)
            self.problems += checked.problems
            return checked.value
        return pulumi.Output.from_input(value).apply(lambda resolved: self.resolved(check(resolved)))

    def resolved(self, checked: Checked[Any]) -> Any:
        """The checked value of a resolved Output; raises for errors, logs warnings."""
        found = errors(checked.problems)
        if found:
            raise InstanceRoleArgsError(self.name, found, "the deployment stops before using them")
        for warning in checked.problems:
            pulumi.log.warn(str(warning), resource=self.resource)
        return checked.value

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
    `<name>-instance-<id or key>` bindings (detached before a replacement attaches, and only
    after every policy attachment exists); `<name>-operator-policy` with
    `<name>-operator-user-<user>` / `<name>-operator-group-<group>` attachments.
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

        role = alicloud.ram.Role(
            f"{name}-role",
            role_name=plan.role_name,
            assume_role_policy_document=plan.trust_document,
            description=plan.description,
            max_session_duration=plan.max_session_duration,
            tags=plan.tags,
            force=True,
            opts=child,
        )

        attachments: List[pulumi.Resource] = []
        policy: Optional[alicloud.ram.Policy] = None
        if plan.permission_document is not None:
            policy = alicloud.ram.Policy(
                f"{name}-policy",
                policy_name=_derived(plan.role_name, "policy"),
                policy_document=plan.permission_document,
                description=f"Permissions of the instance role of {name}",
                rotate_strategy=arguments.POLICY_ROTATE_STRATEGY,
                tags=plan.tags,
                force=True,
                opts=child,
            )
            attachments.append(_attach(f"{name}-policy-attachment", role, policy.policy_name, "Custom", child))
        for system_policy in plan.system_policies:
            attachments.append(_attach(f"{name}-system-{system_policy}", role, system_policy, "System", child))
        for custom_policy in plan.custom_policies:
            attachments.append(_attach(f"{name}-custom-{custom_policy}", role, custom_policy, "Custom", child))

        # An instance holds one role at a time: detach before attaching on replacement, and
        # bind only once the role's permissions exist.
        binding_opts = pulumi.ResourceOptions(parent=self, delete_before_replace=True, depends_on=attachments or [role])
        bindings = [
            alicloud.ecs.RamRoleAttachment(
                f"{name}-instance-{key}",
                instance_id=instance_id,
                ram_role_name=role.role_name,
                policy=plan.session_policy,
                opts=binding_opts,
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


def _attach(
    logical_name: str,
    role: alicloud.ram.Role,
    policy_name: "pulumi.Input[str]",
    policy_type: str,
    opts: pulumi.ResourceOptions,
) -> alicloud.ram.RolePolicyAttachment:
    return alicloud.ram.RolePolicyAttachment(
        logical_name, role_name=role.role_name, policy_name=policy_name, policy_type=policy_type, opts=opts
    )


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
    system_policies: List[str]
    custom_policies: List[str]
    bindings: Dict[str, "pulumi.Input[str]"]
    session_policy: "Optional[pulumi.Input[str]]"
    operator_users: List[str]
    operator_groups: List[str]
    tags: "Optional[pulumi.Input[Dict[str, str]]]"
    checks: _Checks
    """The checks run so far (only warnings: errors stop the plan)."""


def check(name: str, args: InstanceRoleArgs) -> List[Problem]:
    """Every error ``InstanceRoleComponent(name, args)`` would raise for its plain values,
    without registering anything (values that are Outputs are checked when they resolve)."""
    try:
        _plan(name, args)
    except InstanceRoleArgsError as error:
        return error.problems
    return []


def _plan(name: str, args: Any) -> _Plan:
    """Check every argument; raise one InstanceRoleArgsError listing all errors, or return
    the inputs of the children."""
    checks = _Checks(name)
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        raise InstanceRoleArgsError(
            name,
            [
                Problem(
                    "RAM119", "args", f"InstanceRoleArgs is a mapping of argument -> value, got {type(args).__name__}"
                )
            ],
            "nothing was created",
        )
    for key in args:
        if key not in _KNOWN_ARGUMENTS:
            close = difflib.get_close_matches(str(key), _KNOWN_ARGUMENTS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known arguments: {', '.join(_KNOWN_ARGUMENTS)}"
            checks.problems.append(Problem("RAM124", str(key), f"unknown argument {key!r}{hint}"))

    def optional(key: str, check: Callable[[Any], Checked[T]]) -> "Optional[pulumi.Input[T]]":
        return None if args.get(key) is None else checks.run(args[key], check)

    role_name = args.get("role_name")
    if role_name is None:
        role_name = naming.default_role_name(pulumi.get_project(), pulumi.get_stack(), name)
    role_name = checks.run(role_name, arguments.role_name)
    trust = checks.run(
        list(DEFAULT_TRUSTED_SERVICES) if args.get("trusted_services") is None else args["trusted_services"],
        arguments.trust_document,
    )

    if args.get("policy_statements") is not None and args.get("policy_document") is not None:
        checks.problems.append(
            Problem("RAM124", "policy_document", "give policy_statements or policy_document, not both")
        )
    permission = optional("policy_statements", arguments.statements_document)
    if permission is None:
        permission = optional("policy_document", arguments.permission_document)

    def names(key: str, rule: NameRule) -> List[str]:
        why = "each entry names a child resource, so it must be a plain string, not an Output"
        checked = arguments.names(checks.plain_names(args.get(key), key, why), key, rule)
        checks.problems.extend(checked.problems)
        return checked.value or []

    system_policies = names("system_policies", naming.POLICY_NAME)
    custom_policies = names("custom_policies", naming.POLICY_NAME)
    checks.problems += arguments.policy_counts(system_policies, custom_policies, own_policy=permission is not None)

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
    bindings: Dict[str, Any] = {instance_id: instance_id for instance_id in ids}
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
        system_policies=system_policies,
        custom_policies=custom_policies,
        bindings=bindings,
        session_policy=optional("session_policy", arguments.session_policy),
        operator_users=operator_users,
        operator_groups=operator_groups,
        tags=optional("tags", arguments.tags),
        checks=checks,
    )
    found = errors(checks.problems)
    if found:
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
