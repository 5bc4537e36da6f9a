"""``InstanceRoleComponent``: an ECS instance RAM role, its policies, bindings and operators.

One component replaces the five manual steps: the role with a trust policy for
``ecs.aliyuncs.com``, a custom permission policy, the policy attachments, one binding per ECS
instance, and a least-privilege ``ram:PassRole`` grant for named operators. Every argument is
checked before anything is registered; a mistake stops the program with one message that
names each argument path and the rule broken.
"""

# This module is read by pulumi.provider.experimental to generate a multi-language schema:
# no `from __future__ import annotations`, no Union types, no bare dict.
from typing import Any, Dict, List, Optional, Sequence, TypedDict

import pulumi
import pulumi_alicloud as alicloud

from . import arguments, import_ids, naming
from .argument_plan import ArgumentPlan, Context, Deferred, plan_arguments
from .documents import Problem, errors, operator_policy

TYPE_TOKEN = "alicloud-instance-role:index:InstanceRoleComponent"

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


def _is_unknown(item: Any) -> bool:
    """True for a value the program does not hold yet: an Output or an awaitable."""
    return isinstance(item, pulumi.Output) or hasattr(item, "__await__")


def _argument_plan(name: Any, args: Any) -> ArgumentPlan:
    """The one pass of the pure core over every argument, in this program."""
    context = Context(pulumi.get_project(), pulumi.get_stack(), pulumi.runtime.is_dry_run(), _is_unknown)
    return plan_arguments(name, args, _KNOWN_ARGUMENTS, context)


def _rechecked(component: pulumi.Resource, name: str, deferred: Deferred) -> "pulumi.Output[Any]":
    """The checked value of ``deferred``'s argument once it resolves: the deployment stops on an
    error; warnings not given at construction are logged on ``component``."""
    output = pulumi.Output.from_input(deferred.value)

    def resolved(value_and_secret: List[Any]) -> Any:
        value, secret = value_and_secret
        checked = deferred.resolved(value, secret=bool(secret))
        found = errors(checked.problems)
        if found:
            raise InstanceRoleArgsError(name, found, "the deployment stops before using them")
        for warning in checked.problems:
            pulumi.log.warn(str(warning), resource=component)
        return checked.value

    # Whether the value is secret decides what its messages may say; the result stays secret.
    return pulumi.Output.all(output, output.is_secret()).apply(resolved)


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
        checked = _argument_plan(name, args)
        found = checked.errors
        if found or checked.inputs is None:
            raise InstanceRoleArgsError(checked.name, found, "nothing was created")
        super().__init__(TYPE_TOKEN, name, None, opts)
        for warning in checked.warnings:
            pulumi.log.warn(str(warning), resource=self)
        outputs = {deferred: _rechecked(self, checked.name, deferred) for deferred in checked.deferred}
        plan = checked.inputs.with_values(outputs.__getitem__)
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


def check(name: str, args: InstanceRoleArgs) -> List[Problem]:
    """Every error ``InstanceRoleComponent(name, args)`` would raise at construction, without
    registering anything: in plain values, and in the known parts of values that hold Outputs
    (the Outputs themselves are checked when they resolve)."""
    return _argument_plan(name, args).errors
