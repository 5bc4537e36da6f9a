"""An account served by the RAM and ECS stand-in, and the commands run against it with the
default credential chain finding the stand-in's key in the environment."""

import io
import json
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence

import pytest

from alicloud_instance_role.account.command import main
from alicloud_instance_role.testing.account_standin import ECS_TRUST, StandIn, StandInAccount, StandInRole

ACCOUNT_ID = "1234567890123456"


def document(*statements: Dict[str, Any]) -> str:
    """A permission policy of ``statements``, laid out as a person might write it."""
    return json.dumps({"Version": "1", "Statement": list(statements)})


ADMIN = document({"Effect": "Allow", "Action": "*", "Resource": "*"})
READ_BUCKET = document({"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:app-bucket/*"})
SHIP_LOGS = document({"Effect": "Allow", "Action": "log:PostLogStoreLogs", "Resource": "*"})
PASS_APP = document(
    {"Effect": "Allow", "Action": "ram:PassRole", "Resource": f"acs:ram::{ACCOUNT_ID}:role/app-ops"},
)


def sample_account() -> StandInAccount:
    """Three instance roles (app-ops with its own policy, a System one and a log policy shared
    with worker; worker; admin-box with an administrator policy), a role of Function Compute,
    an operator user and group, and two regions."""
    return StandInAccount(
        account_id=ACCOUNT_ID,
        roles={
            "app-ops": StandInRole(
                description="the app's instances",
                max_session_duration=7200,
                tags={"team": "web"},
                policies=[
                    ("app-ops-permissions", "Custom"),
                    ("ship-logs", "Custom"),
                    ("AliyunLogReadOnlyAccess", "System"),
                ],
            ),
            "worker": StandInRole(policies=[("ship-logs", "Custom")]),
            "admin-box": StandInRole(policies=[("admin-box-all", "Custom")]),
            "fc-invoker": StandInRole(trust=ECS_TRUST.replace("ecs.aliyuncs.com", "fc.aliyuncs.com")),
        },
        policies={
            "app-ops-permissions": READ_BUCKET,
            "ship-logs": SHIP_LOGS,
            "admin-box-all": ADMIN,
            "pass-app": PASS_APP,
        },
        users={"alice": [("pass-app", "Custom")], "bob": []},
        groups={"platform-operators": [("pass-app", "Custom")]},
        regions={
            "cn-hangzhou": {"i-bp1aaa": "app-ops", "i-bp1bbb": "app-ops", "i-bp1ccc": None},
            "cn-shanghai": {"i-uf6ddd": "worker"},
        },
    )


@dataclass
class Outcome:
    """What one command did: exit status, stdout, stderr."""

    status: int
    out: str
    err: str


def run(server: StandIn, command: str, *args: str) -> Outcome:
    """Run ``command`` (discover or audit) against ``server``."""
    out, err = io.StringIO(), io.StringIO()
    status = main(command, ["--ram-endpoint", server.endpoint, "--ecs-endpoint", server.endpoint, *args], out, err)
    return Outcome(status, out.getvalue(), err.getvalue())


def use_standin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the stand-in's key in the environment, first in the default credential chain; the ECS
    metadata service is never asked.

    alibabacloud-credentials reads these variables once, when it is imported
    (``alibabacloud_credentials/utils/auth_util.py``), as a command's process would at its start;
    a test process imported it long before, so its copies are set too."""
    from alibabacloud_credentials.utils import auth_util

    values = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": ("environment_access_key_id", StandInAccount().access_key_id),
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ("environment_access_key_secret", "stand-in-secret"),
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": ("environment_ecs_metadata_disabled", "true"),
    }
    for variable, (attribute, value) in values.items():
        monkeypatch.setenv(variable, value)
        monkeypatch.setattr(auth_util, attribute, value)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    monkeypatch.setattr(auth_util, "environment_security_token", None)


def read_only(actions: Sequence[str]) -> List[str]:
    """The actions in ``actions`` that are not List, Get or Describe calls."""
    return [a for a in actions if not a.startswith(("List", "Get", "Describe"))]
