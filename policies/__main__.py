"""The guardrail pack, as the Pulumi CLI starts it: ``python -u -m pulumi.policy <engine> .`` from
inside ``policies/``. Building the ``PolicyPack`` starts the analyzer, prints its port and
serves until interrupted, so nothing imports this module; the policies live in ``guardrails``.
"""

from guardrails import POLICIES
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(
    name="alicloud-instance-role-guardrails",
    description="Guardrails for Alibaba Cloud RAM roles, policies and their ECS instance bindings.",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=POLICIES,
)
