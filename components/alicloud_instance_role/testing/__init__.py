"""Test a Pulumi program that uses this package, without a cloud or the Pulumi CLI.

Run a whole project (its ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``) or a callable under the
Pulumi SDK's mocks, then assert on what it registered::

    from alicloud_instance_role.testing import run_project

    def test_the_web_role_reads_only_its_bucket():
        run = run_project(Path(__file__).parents[1], "dev", account_id="1234567890123456")
        assert run.error is None, run.error_text
        policy = run.get(alicloud.ram.Policy, "web-policy")
        assert json.loads(policy.inputs["policyDocument"])["Statement"][0]["Resource"] == [...]

Or use the mocks alone with Pulumi's own recipe,
``pulumi.runtime.set_mocks(InstanceRoleMocks(account_id=...), preview=False)``: they answer as
pulumi-alicloud would (a role's ARN, the IDs of roles, policies and attachments) and label
anything they make up. ``replacements(before, after)`` says which resources a change would
replace. docs/testing.md has a worked example. The machinery is shared with the offline preview
and lives in :mod:`alicloud_instance_role.offline`.
"""

from ..offline.isolation import NestedRunError
from ..offline.kinds import ResourceKind, type_token
from ..offline.made_up import MADE_UP_ID_PREFIX, MadeUp, MadeUpValues, made_up_id
from ..offline.mocks import InstanceRoleMocks
from ..offline.predict import ACCOUNT_PLACEHOLDER, Prediction, predict
from ..offline.runner import (
    ConfigFileError,
    LogEntry,
    RecordingMonitor,
    Registration,
    RunResult,
    StackConfig,
    load_stack_config,
    run_program,
    run_project,
)
from ..offline_secrets import UNDECRYPTED_SECRET
from .replacements import replacements

__all__ = [
    "ACCOUNT_PLACEHOLDER",
    "MADE_UP_ID_PREFIX",
    "UNDECRYPTED_SECRET",
    "ConfigFileError",
    "InstanceRoleMocks",
    "LogEntry",
    "MadeUp",
    "MadeUpValues",
    "NestedRunError",
    "Prediction",
    "RecordingMonitor",
    "Registration",
    "ResourceKind",
    "RunResult",
    "StackConfig",
    "load_stack_config",
    "made_up_id",
    "predict",
    "replacements",
    "run_program",
    "run_project",
    "type_token",
]
