"""One way to run a guardrail in a test, and the resources the tests feed it.

:func:`run_policy` and :func:`run_stack_policy` hand a policy its arguments exactly as the
analyzer builds them: the properties go through the protobuf ``Struct`` the engine sends (so
numbers become floats), are deserialized by ``pulumi_policy`` and wrapped in its unknown-checking
proxy. They return what the policy reported, without the description the analyzer prepends.
"""

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml
from google.protobuf import json_format
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import unknown_checking_proxy

from alicloud_instance_role import arguments, naming
from alicloud_instance_role.guardrails.rules import INSTANCE, INSTANCE_BINDING, POLICY, ROLE
from alicloud_instance_role.offline.runner import run_program
from alicloud_instance_role.preview.analyzer import PlannedResource, make_urn, to_struct
from alicloud_instance_role.preview.plan import build_plan

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The pack as the Pulumi CLI runs it: the template folder, with its own virtualenv.
PACK_DIR = REPO_ROOT / "policies"
PROJECT, STACK = "alicloud-instance-role", "dev"
ACCOUNT = "1234567890123456"
ROTATE = arguments.POLICY_ROTATE_STRATEGY


def _as_analyzer_sees(props: Mapping[str, Any]) -> Mapping[str, Any]:
    wire = json_format.MessageToDict(to_struct(props))
    return unknown_checking_proxy(deserialize_properties(wire))


def _options(parent: Optional[str] = None, protect: bool = False) -> PolicyResourceOptions:
    return PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], parent)


def run_policy(
    policy: ResourceValidationPolicy,
    resource_type: str,
    props: Mapping[str, Any],
    config: Optional[Mapping[str, Any]] = None,
) -> List[str]:
    """The messages ``policy`` reports for one resource of ``resource_type`` with ``props``."""
    name = "subject"
    args = ResourceValidationArgs(
        resource_type,
        _as_analyzer_sees(props),
        make_urn(PROJECT, STACK, resource_type, name),
        name,
        _options(),
        None,
        config,
    )
    messages: List[str] = []
    policy.validate(args, lambda message, urn=None: messages.append(message))
    return messages


def run_stack_policy(
    policy: StackValidationPolicy,
    resources: Sequence[PlannedResource],
    config: Optional[Mapping[str, Any]] = None,
) -> List[Tuple[str, Optional[str]]]:
    """``(message, urn)`` for every violation ``policy`` reports for a stack of ``resources``."""
    by_urn: Dict[str, PolicyResource] = {}
    for r in resources:
        props = _as_analyzer_sees(r.properties)
        by_urn[r.urn] = PolicyResource(r.type, props, r.urn, r.name, _options(r.parent, r.protect), None, None, [], {})
    for r in resources:
        resource = by_urn[r.urn]
        resource.parent = by_urn.get(r.parent or "")
        resource.dependencies = [by_urn[urn] for urn in r.dependencies if urn in by_urn]
        resource.property_dependencies = {
            key: [by_urn[urn] for urn in urns if urn in by_urn] for key, urns in r.property_dependencies.items()
        }
    reported: List[Tuple[str, Optional[str]]] = []
    policy.validate(StackValidationArgs(list(by_urn.values()), config), lambda m, urn=None: reported.append((m, urn)))
    return reported


def planned(resource_type: str, name: str, properties: Mapping[str, Any], **options: Any) -> PlannedResource:
    """A resource of the dev stack, its URN made from its type and name."""
    urn = make_urn(PROJECT, STACK, resource_type, name)
    return PlannedResource(resource_type, name, urn, dict(properties), **options)


def document(*statements: Mapping[str, Any]) -> str:
    """A RAM document (JSON text) of ``statements``."""
    return json.dumps({"Version": "1", "Statement": list(statements)})


def allow(actions: Any, resources: Any = "*", effect: str = "Allow", **extra: Any) -> Dict[str, Any]:
    """An Allow statement of a permission policy (``extra``: more elements, such as Condition)."""
    return {"Effect": effect, "Action": actions, "Resource": resources, **extra}


def deny(actions: Any, resources: Any = "*", **extra: Any) -> Dict[str, Any]:
    """A Deny statement of a permission policy."""
    return allow(actions, resources, effect="Deny", **extra)


def trust(principal: Any) -> str:
    """A trust policy letting ``principal`` (``{"Service": [...]}``, ``"*"``...) assume the role."""
    return document({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal})


ECS_TRUST = trust({"Service": ["ecs.aliyuncs.com"]})


def role_arn(role_name: str) -> str:
    """The ARN RAM gives ``role_name`` in the test account."""
    return naming.role_arn(ACCOUNT, role_name)


def instance_binding(name: str, instance_id: Any, role_name: Any = "app-dev", **options: Any) -> PlannedResource:
    """An ``alicloud.ecs.RamRoleAttachment`` of ``role_name`` to ``instance_id``."""
    return planned(INSTANCE_BINDING, name, {"instanceId": instance_id, "ramRoleName": role_name}, **options)


def instance(name: str, **properties: Any) -> PlannedResource:
    """An ``alicloud.ecs.Instance`` in a VPC with hardened metadata, plus ``properties``."""
    return planned(INSTANCE, name, {"vswitchId": "vsw-bp1example", "httpTokens": "required", **properties})


def hand_built_role(role_name: str = "app-dev") -> List[PlannedResource]:
    """A role and custom policy as a careful engineer writes them by hand."""
    return [
        planned(ROLE, f"{role_name}-role", {"roleName": role_name, "assumeRolePolicyDocument": ECS_TRUST}),
        planned(
            POLICY,
            f"{role_name}-policy",
            {
                "policyName": f"{role_name}-policy",
                "policyDocument": document(allow(["oss:Get*", "oss:List*"])),
                "rotateStrategy": ROTATE,
            },
        ),
    ]


# ---------------------------------------------------------------- the component, under mocks


def component_resources(roles: Mapping[str, Mapping[str, Any]]) -> List[PlannedResource]:
    """Every resource ``InstanceRoleComponent(name, args)`` registers for each of ``roles`` in the
    dev stack, as the preview hands them to the pack (the role's ARN predicted for ``ACCOUNT``)."""
    from alicloud_instance_role import InstanceRoleComponent

    def program() -> None:
        for name, args in roles.items():
            InstanceRoleComponent(name, dict(args))  # type: ignore[arg-type]

    run = run_program(program, project=PROJECT, stack=STACK, account_id=ACCOUNT)
    assert run.error is None, run.error_text
    return build_plan(run).resources


def dev_stack_roles() -> Dict[str, Dict[str, Any]]:
    """The roles ``Pulumi.dev.yaml`` configures: role name -> component arguments."""
    config = yaml.safe_load((REPO_ROOT / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    roles: Dict[str, Dict[str, Any]] = config[f"{PROJECT}:roles"]
    return roles
