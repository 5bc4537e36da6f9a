"""The cases of issue 18's table, in one place for the core, the component and the pack's tests:
patterns that cover every ARN that can really exist (whole-service or whole-type grants) and
narrow grants that must stay clean. Each case is (id, actions, resources, the pack's rule) or
(id, actions, resources, extra statement elements)."""

from typing import Any, Dict, List, Tuple

ACCOUNT = "1234567890123456"
ONE_INSTANCE = "acs:ecs:cn-hangzhou:*:instance/i-bp1example"
ESCALATION = "ram-no-privilege-escalation"

#: (id, actions, resources, rule): each grants every real ARN of a type or a service.
WHOLE_GRANTS: List[Tuple[str, List[str], List[str], str]] = [
    ("assume-empty-region", ["sts:AssumeRole"], ["acs:ram::*:role/*"], ESCALATION),
    ("assume-own-role-star", ["sts:AssumeRole"], [f"acs:ram::{ACCOUNT}:role/*"], ESCALATION),
    ("assume-own-star", ["sts:AssumeRole"], [f"acs:ram::{ACCOUNT}:*"], ESCALATION),
    ("assume-non-empty-name", ["sts:AssumeRole"], ["acs:ram:*:*:role/?*"], ESCALATION),
    ("run-command-i-star", ["ecs:RunCommand"], ["acs:ecs:*:*:instance/i-*"], ESCALATION),
    ("invoke-command-question-star", ["ecs:InvokeCommand"], ["acs:ecs:*:*:instance/?*"], ESCALATION),
    ("send-file-non-empty-region", ["ecs:SendFile"], ["acs:ecs:?*:*:instance/*"], ESCALATION),
    ("kms-non-empty-region", ["kms:*"], ["acs:kms:?*:*:*"], "ram-no-sensitive-service-grant"),
    ("terminal-session", ["ecs:StartTerminalSession"], ["acs:ecs:*:*:instance/i-*"], ESCALATION),
    ("update-saml-provider", ["ram:UpdateSAMLProvider"], [f"acs:ram::{ACCOUNT}:saml-provider/corp"], ESCALATION),
]

#: (id, actions, resources, extra elements): narrow grants the guardrails leave alone.
NARROW_GRANTS: List[Tuple[str, List[str], List[str], Dict[str, Any]]] = [
    ("assume-one-role", ["sts:AssumeRole"], [f"acs:ram::{ACCOUNT}:role/reader"], {}),
    ("run-on-one-instance", ["ecs:RunCommand"], [ONE_INSTANCE], {}),
    (
        "decrypt-one-key",
        ["kms:Decrypt"],
        ["acs:kms:cn-hangzhou:*:key/key-app"],
        {"Condition": {"Bool": {"acs:SecureTransport": "true"}}},
    ),
    ("oss-one-bucket", ["oss:GetObject", "oss:ListObjects"], ["acs:oss:*:*:app-data", "acs:oss:*:*:app-data/*"], {}),
    ("one-logstore", ["log:PostLogStoreLogs"], ["acs:log:cn-hangzhou:*:project/app/logstore/events"], {}),
    ("create-invoke", ["ecs:CreateCommand", "ecs:InvokeCommand"], [ONE_INSTANCE], {}),
]
