"""The two programs the benchmark compares, as plain Pulumi programs for ``run_program``.

``component_program(n)`` declares ``n`` :class:`InstanceRoleComponent` values; ``baseline_program(n)``
declares the same resources directly with ``pulumi_alicloud``, as someone would by hand: the
same inputs, options and (after ``json.loads``) the same documents, written with ``json.dumps``.
The baseline uses nothing from ``components``, so it measures what Pulumi itself costs.

Each role has a custom policy of three statements, one System policy, three instances and one
operator user; every name and document is distinct per index, as in a real stack.
"""

import json
from typing import Any, Callable, Dict, List, Optional

import pulumi
import pulumi_alicloud as alicloud

PROJECT = "bench"
STACK = "bench"
ACCOUNT_ID = "123456789012"

SYSTEM_POLICY = "AliyunOSSReadOnlyAccess"
INSTANCES_PER_ROLE = 3
ROTATE_OLDEST = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
CREDENTIALS_URL = "http://100.100.100.200/latest/meta-data/ram/security-credentials/"
OPERATOR_INSTANCE_ACTIONS = ["ecs:AttachInstanceRamRole", "ecs:DescribeInstanceRamRole", "ecs:DetachInstanceRamRole"]

Program = Callable[[], None]


def component_name(index: int) -> str:
    """The logical name of the ``index``-th role (the component's, or the baseline's prefix)."""
    return f"svc{index}"


def role_name(index: int) -> str:
    """The physical role name of the ``index``-th role."""
    return f"bench-svc{index}-role"


def instance_ids(index: int) -> List[str]:
    """The ECS instances the ``index``-th role is bound to."""
    return [f"i-bench{index:05d}{letter}" for letter in "abc"[:INSTANCES_PER_ROLE]]


def operator_user(index: int) -> str:
    """The RAM user allowed to attach the ``index``-th role."""
    return f"operator-{index}"


def statements(index: int) -> List[Dict[str, Any]]:
    """The three permission statements of the ``index``-th role, as the component takes them."""
    return [
        {
            "effect": "Allow",
            "actions": ["oss:GetObject", "oss:ListObjects"],
            "resources": [f"acs:oss:*:*:svc{index}-data", f"acs:oss:*:*:svc{index}-data/*"],
        },
        {
            "effect": "Allow",
            "actions": ["log:PostLogStoreLogs"],
            "resources": [f"acs:log:*:*:project/svc{index}-logs/*"],
        },
        {
            "effect": "Deny",
            "actions": ["oss:DeleteObject"],
            "resources": [f"acs:oss:*:*:svc{index}-data/*"],
            "conditions": {"Bool": {"acs:SecureTransport": ["false"]}},
        },
    ]


def component_program(count: int) -> Program:
    """A program declaring ``count`` components."""
    from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent

    def program() -> None:
        for index in range(count):
            InstanceRoleComponent(
                component_name(index),
                InstanceRoleArgs(
                    role_name=role_name(index),
                    policy_statements=statements(index),  # type: ignore[typeddict-item]
                    system_policies=[SYSTEM_POLICY],
                    instance_ids=instance_ids(index),
                    operator_users=[operator_user(index)],
                ),
            )

    return program


# ---------------------------------------------------------------- the hand-written baseline


def _statement(spec: Dict[str, Any]) -> Dict[str, Any]:
    statement: Dict[str, Any] = {"Effect": spec["effect"], "Action": spec["actions"], "Resource": spec["resources"]}
    if "conditions" in spec:
        statement["Condition"] = spec["conditions"]
    return statement


def _document(statement_list: List[Dict[str, Any]]) -> str:
    return json.dumps({"Version": "1", "Statement": statement_list})


TRUST_DOCUMENT = _document(
    [{"Effect": "Allow", "Principal": {"Service": ["ecs.aliyuncs.com"]}, "Action": ["sts:AssumeRole"]}]
)


def _operator_document(role_arn: str) -> str:
    account = role_arn.split(":")[3]
    return _document(
        [
            {"Effect": "Allow", "Action": ["ram:PassRole"], "Resource": [role_arn]},
            {
                "Effect": "Allow",
                "Action": OPERATOR_INSTANCE_ACTIONS,
                "Resource": [f"acs:ecs:*:{account}:instance/*"],
            },
        ]
    )


def declare_by_hand(index: int, parent: Optional[pulumi.Resource] = None) -> Dict[str, Any]:
    """The ``index``-th role's resources, declared directly with ``pulumi_alicloud`` (under
    ``parent``, when given); returns the role, its policy and its bindings."""
    name = component_name(index)
    child = pulumi.ResourceOptions(parent=parent)
    physical = role_name(index)
    role = alicloud.ram.Role(
        f"{name}-role",
        role_name=physical,
        assume_role_policy_document=TRUST_DOCUMENT,
        force=True,
        opts=child,
    )
    policy = alicloud.ram.Policy(
        f"{name}-policy",
        policy_name=f"{physical}-policy",
        policy_document=_document([_statement(spec) for spec in statements(index)]),
        description=f"Permissions of the instance role of {name}",
        rotate_strategy=ROTATE_OLDEST,
        force=True,
        opts=child,
    )
    attachments = [
        alicloud.ram.RolePolicyAttachment(
            f"{name}-policy-attachment",
            role_name=role.role_name,
            policy_name=policy.policy_name,
            policy_type="Custom",
            opts=child,
        ),
        alicloud.ram.RolePolicyAttachment(
            f"{name}-system-{SYSTEM_POLICY}",
            role_name=role.role_name,
            policy_name=SYSTEM_POLICY,
            policy_type="System",
            opts=child,
        ),
    ]
    binding_opts = pulumi.ResourceOptions(parent=parent, delete_before_replace=True, depends_on=attachments)
    bindings = [
        alicloud.ecs.RamRoleAttachment(
            f"{name}-instance-{instance_id}", instance_id=instance_id, ram_role_name=role.role_name, opts=binding_opts
        )
        for instance_id in instance_ids(index)
    ]
    operators = alicloud.ram.Policy(
        f"{name}-operator-policy",
        policy_name=f"{physical}-operator",
        policy_document=role.arn.apply(_operator_document),
        description=f"Lets operators attach the instance role of {name} to ECS instances",
        rotate_strategy=ROTATE_OLDEST,
        force=True,
        opts=child,
    )
    alicloud.ram.UserPolicyAttachment(
        f"{name}-operator-user-{operator_user(index)}",
        user_name=operator_user(index),
        policy_name=operators.policy_name,
        policy_type="Custom",
        opts=child,
    )
    return {"role": role, "policy": policy, "bindings": bindings}


def baseline_program(count: int) -> Program:
    """A program declaring the resources of ``count`` roles by hand."""

    def program() -> None:
        for index in range(count):
            declare_by_hand(index)

    return program


class HandWrittenGroup(pulumi.ComponentResource):
    """The baseline's resources of one role under a bare ComponentResource with the component's
    outputs: what Pulumi itself charges for any component of this shape."""

    def __init__(self, index: int) -> None:
        super().__init__("bench:index:HandWrittenGroup", component_name(index), None, None)
        declared = declare_by_hand(index, parent=self)
        role = declared["role"]
        self.register_outputs(
            {
                "role_name": role.role_name,
                "role_arn": role.arn,
                "policy_name": declared["policy"].policy_name,
                "instance_ids": pulumi.Output.all(*[binding.instance_id for binding in declared["bindings"]]),
                "credentials_url": role.role_name.apply(lambda name: CREDENTIALS_URL + name),
            }
        )


def grouped_program(count: int) -> Program:
    """A program declaring ``count`` hand-written groups (the reference for a component's own cost)."""

    def program() -> None:
        for index in range(count):
            HandWrittenGroup(index)

    return program


PROGRAMS: Dict[str, Callable[[int], Program]] = {
    "component": component_program,
    "baseline": baseline_program,
    "grouped": grouped_program,
}
