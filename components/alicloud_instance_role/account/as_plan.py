"""The account as if a program had declared it, so the preview's own code judges and shows it.

One ``alicloud.ram.Role`` per role (its trust policy, and its ARN as an output), one
``alicloud.ram.Policy`` per Custom policy (its default version's document), a
Role/User/GroupPolicyAttachment per attachment and an ``alicloud.ecs.RamRoleAttachment`` per
instance binding, each named by the ID terraform-provider-alicloud gives it (``import_ids``, as
:func:`~..offline.predict.predict` predicts it from the inputs).
:func:`account_plan` builds the preview's :class:`~..preview.plan.Plan` from them.
"""

from typing import Any, Dict, List

from .. import resource_types as types
from ..offline.predict import predict
from ..offline.runner import Registration, RunResult, StackConfig
from ..preview.plan import Plan, Unjudged, build_plan
from .model import Account

#: The project an account's plan is shown under; its stack is the account's ID.
PROJECT = "account"


def _registration(project: str, stack: str, kind: str, inputs: Dict[str, Any], **outputs: Any) -> Registration:
    # Named by the ID the provider gives it, as the offline mocks predict it from its inputs.
    name = predict(kind, inputs, None).id
    assert name is not None, (kind, inputs)  # every name and type read from an account is a non-empty string
    urn = f"urn:pulumi:{stack}::{project}::{kind}::{name}"
    return Registration(type=kind, name=name, urn=urn, custom=True, inputs=inputs, outputs=dict(outputs), id=name)


#: The principal kind of a user or group -> its attachment type and the input naming it.
_PRINCIPAL_ATTACHMENTS = {
    "user": (types.USER_POLICY_ATTACHMENT, "userName"),
    "group": (types.GROUP_POLICY_ATTACHMENT, "groupName"),
}


def registrations(account: Account, project: str, stack: str) -> List[Registration]:
    """What a program declaring everything read would register."""
    found: List[Registration] = []
    for role in account.roles:
        inputs: Dict[str, Any] = {"roleName": role.name, "assumeRolePolicyDocument": role.trust}
        if role.description:
            inputs["description"] = role.description
        if role.max_session_duration is not None:
            inputs["maxSessionDuration"] = role.max_session_duration
        if role.tags:
            inputs["tags"] = dict(role.tags)
        found.append(_registration(project, stack, types.ROLE, inputs, arn=role.arn))
    for policy in account.policies.values():
        inputs = {"policyName": policy.name, "policyDocument": policy.document}
        if policy.description:
            inputs["description"] = policy.description
        found.append(_registration(project, stack, types.POLICY, inputs))
    for role in account.roles:
        for attached in role.policies:
            inputs = {"roleName": role.name, "policyName": attached.name, "policyType": attached.type}
            found.append(_registration(project, stack, types.ROLE_POLICY_ATTACHMENT, inputs))
    for principal in account.principals:
        kind, key = _PRINCIPAL_ATTACHMENTS[principal.kind]
        for attached in principal.policies:
            inputs = {key: principal.name, "policyName": attached.name, "policyType": attached.type}
            found.append(_registration(project, stack, kind, inputs))
    for binding in account.bindings:
        inputs = {"instanceId": binding.instance_id, "ramRoleName": binding.role_name}
        found.append(_registration(project, stack, types.INSTANCE_BINDING, inputs))
    return found


def account_plan(account: Account) -> Plan:
    """The preview's plan of everything read, under project ``account`` and the account's ID as
    stack; the regions read are its regions, and each region skipped is a warning and left
    unjudged (its bindings were not read), so the verdict is never a plain "ok"."""
    stack = account.account_id or "unknown-account"
    run = RunResult(PROJECT, stack, registrations(account, PROJECT, stack), {}, {}, [], StackConfig(PROJECT, stack, {}))
    plan = build_plan(run)
    plan.regions = [(region, "read") for region in account.regions if region not in account.skipped_regions]
    plan.warnings += [f"region {region} not read: {why}" for region, why in sorted(account.skipped_regions.items())]
    plan.checked_at_deploy += [
        Unjudged(region, f"its instance bindings could not be read: {why}", "region")
        for region, why in sorted(account.skipped_regions.items())
    ]
    plan.left_to = "not read"
    return plan
