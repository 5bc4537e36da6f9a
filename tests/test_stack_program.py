"""The stack program, run as the engine runs it: Pulumi.yaml, Pulumi.<env>.yaml, __main__.py."""

import json
from pathlib import Path
from typing import Dict, List

import pytest
from project_helpers import project_copy
from pulumi.runtime import rpc

from alicloud_instance_role.documents import load
from alicloud_instance_role.naming import POLICY_NAME, ROLE_NAME
from alicloud_instance_role.offline.runner import RunResult, run_project
from alicloud_instance_role.testing import UNDECRYPTED_SECRET

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = ("dev", "staging", "prod")
ROLE = "alicloud:ram/role:Role"
POLICY = "alicloud:ram/policy:Policy"
BINDING = "alicloud:ecs/ramRoleAttachment:RamRoleAttachment"
ATTACHMENT = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"


@pytest.fixture(scope="module")
def runs() -> Dict[str, RunResult]:
    return {env: run_project(ROOT, env) for env in ENVIRONMENTS}


def _policy_document(run: RunResult, name: str) -> Dict[str, object]:
    return load(run.named(name).inputs["policyDocument"]).to_tree()


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_environment_runs_without_error_and_uses_its_own_stack_name(runs: Dict[str, RunResult], env: str) -> None:
    run = runs[env]
    assert run.error is None, run.error_text
    assert run.project == "alicloud-instance-role" and run.stack == env
    assert all(role.inputs["roleName"].split("-")[1] == env for role in run.of_type(ROLE))


def test_dev_reproduces_the_documented_example(runs: Dict[str, RunResult]) -> None:
    run = runs["dev"]
    (role,) = run.of_type(ROLE)
    trust = json.loads(role.inputs["assumeRolePolicyDocument"])
    assert trust["Statement"][0]["Principal"] == {"Service": ["ecs.aliyuncs.com"]}
    assert _policy_document(run, "app-policy")["Statement"] == [
        {"Effect": "Allow", "Action": ["oss:Get*", "oss:List*"], "Resource": ["*"]}
    ]
    assert [b.inputs["instanceId"] for b in run.of_type(BINDING)] == ["i-bp1example0000000001"]
    assert run.named("app-operator-user-alice").inputs["userName"] == "alice"
    pass_role = _policy_document(run, "app-operator-policy")["Statement"][0]
    assert pass_role["Resource"] == [f"acs:ram::<account-id>:role/{role.inputs['roleName']}"]


def test_staging_scopes_oss_to_one_bucket_and_adds_a_system_policy_instances_group_and_tags(
    runs: Dict[str, RunResult],
) -> None:
    run = runs["staging"]
    statement = _policy_document(run, "app-policy")["Statement"][0]
    assert statement["Resource"] == ["acs:oss:*:*:app-assets-staging", "acs:oss:*:*:app-assets-staging/*"]
    system = [a.inputs["policyName"] for a in run.of_type(ATTACHMENT) if a.inputs["policyType"] == "System"]
    assert system == ["AliyunLogFullAccess"]
    assert len(run.of_type(BINDING)) == 2
    assert run.named("app-operator-group-platform-operators").inputs["groupName"] == "platform-operators"
    assert run.named("app-role").inputs["tags"] == {"team": "platform", "environment": "staging"}


def test_prod_has_a_second_role_and_longer_sessions(runs: Dict[str, RunResult]) -> None:
    run = runs["prod"]
    durations = {role.name: role.inputs["maxSessionDuration"] for role in run.of_type(ROLE)}
    assert durations == {"app-role": 14400, "batch-role": 14400}
    assert max(durations.values()) > runs["staging"].named("app-role").inputs["maxSessionDuration"]


def test_prod_roles_are_protected_but_their_bindings_can_still_move(runs: Dict[str, RunResult]) -> None:
    run = runs["prod"]
    assert [role.protect for role in run.of_type(ROLE)] == [True, True]
    assert not any(binding.protect for binding in run.of_type(BINDING))


def test_dev_and_staging_roles_are_not_protected(runs: Dict[str, RunResult]) -> None:
    assert not any(role.protect for env in ("dev", "staging") for role in runs[env].of_type(ROLE))


def test_environments_share_no_physical_role_or_policy_name(runs: Dict[str, RunResult]) -> None:
    names: Dict[str, List[str]] = {}
    for env, run in runs.items():
        roles = [r.inputs["roleName"] for r in run.of_type(ROLE)]
        policies = [p.inputs["policyName"] for p in run.of_type(POLICY)]
        assert all(ROLE_NAME.accepts(n) for n in roles) and all(POLICY_NAME.accepts(n) for n in policies)
        names[env] = roles + policies
    every = [name for env_names in names.values() for name in env_names]
    assert len(every) == len(set(every))


def test_each_role_exports_its_name_arn_and_credentials_url_and_nothing_secret(runs: Dict[str, RunResult]) -> None:
    exports = runs["prod"].exports
    assert sorted(exports) == sorted(
        f"{key}_{what}" for key in ("app", "batch") for what in ("role_name", "role_arn", "credentials_url")
    )
    assert exports["app_credentials_url"].endswith("/ram/security-credentials/" + exports["app_role_name"])
    assert not any(rpc.is_rpc_secret(value) for value in exports.values())


@pytest.mark.parametrize(
    ("stack_file", "path", "says"),
    [
        (
            "config:\n  alicloud-instance-role:roles:\n    app:\n      instance_idz: [i-1]\n",
            "alicloud-instance-role:roles.app.instance_idz",
            "unknown setting",
        ),
        (
            "config:\n  alicloud-instance-role:roles:\n    app:\n      max_session_duration: long\n",
            "alicloud-instance-role:roles.app.max_session_duration",
            "valid integer",
        ),
        (
            "config:\n  alicloud-instance-role:roles:\n    app:\n"
            "      policy_statements:\n        - actions: [oss:Get*]\n",
            "alicloud-instance-role:roles.app.policy_statements[0].resources",
            "required setting is missing",
        ),
        ("config:\n  alicloud:region: cn-hangzhou\n", "alicloud-instance-role:roles", "required setting is missing"),
        (
            "config:\n  alicloud-instance-role:rolez: {}\n  alicloud-instance-role:roles:\n    app: {}\n",
            "alicloud-instance-role:rolez",
            "unknown setting",
        ),
        (
            "config:\n  alicloud-instance-role:protect: maybe\n  alicloud-instance-role:roles:\n    app: {}\n",
            "alicloud-instance-role:protect",
            "valid boolean",
        ),
        (
            "config:\n  alicloud-instance-role:roles:\n    app:\n      max_session_duration: true\n",
            "alicloud-instance-role:roles.app.max_session_duration",
            "expected a whole number, got a boolean (true)",
        ),
        (
            "config:\n  alicloud-instance-role:roles:\n    app:\n      tags:\n        aliyun-team: data\n",
            "alicloud-instance-role:roles.app.tags.aliyun-team",
            "the provider drops such tags when it reads",
        ),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "missing-field",
        "missing-roles",
        "unknown-top-level-key",
        "wrong-protect",
        "boolean-duration",
        "reserved-tag-key",
    ],
)
def test_bad_config_fails_with_its_config_path_and_registers_nothing(
    tmp_path: Path, stack_file: str, path: str, says: str
) -> None:
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert f"{path}: " in run.error_text and says in run.error_text
    assert "Traceback" not in run.error_text
    assert run.registrations == []


def test_roles_that_are_not_an_object_are_reported_with_the_other_problems(tmp_path: Path) -> None:
    stack_file = "config:\n  alicloud-instance-role:roles: app\n  alicloud-instance-role:protect: maybe\n"
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "has 2 problems" in run.error_text
    assert "alicloud-instance-role:roles: expected an object of role settings, got 'app'" in run.error_text
    assert "alicloud-instance-role:protect: " in run.error_text
    assert run.registrations == []


def test_every_config_problem_is_reported_at_once(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n      instance_idz: [i-1]\n"
        "      max_session_duration: long\n    Bad_Key: {}\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "has 3 problems" in run.error_text
    assert "roles.Bad_Key (key)" in run.error_text
    # Stricter than RAM's role-name rule, and says so.
    assert "this stack's own rule, stricter than RAM's" in run.error_text


def test_a_role_argument_the_component_refuses_fails_with_its_config_path_before_anything_is_created(
    tmp_path: Path,
) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n      instance_ids: [i-1]\n"
        "    batch:\n      max_session_duration: 60\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.batch.max_session_duration: RAM accepts 3600-43200 seconds" in run.error_text
    # The valid role is not created either: every role is checked before any is declared.
    assert run.registrations == []


def test_a_raised_policy_quota_in_config_reaches_the_component(tmp_path: Path) -> None:
    policies = "".join(f"\n        - AliyunExample{i}Access" for i in range(22))
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n"
        f"      system_policies:{policies}\n      system_policy_quota: 21\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.app.system_policies: 22 System policies are more than the account's quota" in (
        run.error_text
    )
    assert run.registrations == []


def test_a_name_that_does_not_exist_in_config_is_a_warning_of_the_roles_component(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n"
        "      policy_statements:\n        - actions: [oss:GetObjects]\n          resources: ['*']\n"
        "      system_policies: [AliyunOssReadOnlyAccess]\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test", preview=True)
    assert run.error is None, run.error_text
    found = sorted((entry.message, entry.urn) for entry in run.warnings() if "[RAM22" in entry.message)
    assert [message.split(":")[0] for message, _ in found] == ["policy_statements[0].actions[0]", "system_policies[0]"]
    assert "did you mean 'oss:GetObject'?" in found[0][0] and "'AliyunOSSReadOnlyAccess'" in found[1][0]
    assert all(urn.endswith("InstanceRoleComponent::app") for _, urn in found)


SECRET_SESSION_POLICY = (
    "config:\n  alicloud-instance-role:roles:\n    app:\n"
    "      policy_statements:\n        - actions: [oss:GetObject]\n          resources: ['*']\n"
    "      instance_ids: [i-1]\n"
    "      session_policy:\n        secure: v1:c2VjcmV0IHNlc3Npb24gcG9saWN5\n"
)


def test_in_a_preview_a_secret_that_cannot_be_decrypted_is_left_to_the_deployment_with_a_warning(
    tmp_path: Path,
) -> None:
    run = run_project(project_copy(tmp_path, SECRET_SESSION_POLICY), "test", preview=True)
    assert run.error is None, run.error_text
    (warning,) = [entry.message for entry in run.warnings() if "RAM208" in entry.message]
    assert warning.startswith("session_policy: holds a secret config value that cannot be decrypted offline")
    policy = run.named("app-instance-i-1").inputs["policy"]
    assert rpc.is_rpc_secret(policy) and rpc.unwrap_rpc_secret(policy) == UNDECRYPTED_SECRET


def test_outside_a_preview_a_secret_that_cannot_be_decrypted_is_refused_by_name_without_printing_it(
    tmp_path: Path,
) -> None:
    # A test run as `pulumi up` runs (preview=False) checks every value, and the stand-in for an
    # undecrypted secret is no policy; the message names the argument, never a value.
    run = run_project(project_copy(tmp_path, SECRET_SESSION_POLICY), "test")
    assert "alicloud-instance-role:roles.app.session_policy" in run.error_text
    assert "c2VjcmV0" not in run.error_text


def test_every_problem_of_the_stack_file_is_reported_at_once_schema_and_component_alike(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud:region: cn-hangzhou\n  pulumi:tags: {team: platform}\n"
        "  alicloud-instance-rol:protect: true\n"
        "  alicloud-instance-role:roles:\n    app:\n      instance_idz: [i-1]\n      max_session_duration: 60\n"
        "      policy_statements:\n        - {actions: ['oss'], resources: ['*'], efect: Allow}\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    problems = [line for line in run.error_text.splitlines() if line.startswith("  - ")]
    assert sorted(problems) == [
        "  - alicloud-instance-rol:protect: unknown config namespace 'alicloud-instance-rol'; "
        "did you mean 'alicloud-instance-role:protect'?",
        "  - alicloud-instance-role:roles.app.instance_idz: unknown setting; did you mean 'instance_ids'?",
        "  - alicloud-instance-role:roles.app.max_session_duration: RAM accepts 3600-43200 seconds (1-12 hours), "
        "got 60 [RAM121]",
        "  - alicloud-instance-role:roles.app.policy_statements[0].actions[0]: 'oss' is not an action; "
        "RAM accepts `<service>:<Action>` (with * and ? wildcards) or `*` [RAM107]",
        "  - alicloud-instance-role:roles.app.policy_statements[0].efect: unknown setting; did you mean 'effect'?",
    ]
    assert run.registrations == []


def test_a_secret_name_offline_is_refused_as_a_secret_not_judged_as_its_placeholder(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n      operator_users:\n        - secure: v1:YWxpY2U=\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.app.operator_users[0]: a user name cannot be a secret" in run.error_text
    assert "has '['" not in run.error_text
    assert run.registrations == []


def test_secret_documents_are_registered_as_secrets(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n"
        "      policy_statements:\n        - actions: [oss:GetObject]\n          resources: ['*']\n"
        "      tags:\n        owner:\n          secure: v1:b3duZXI=\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test", preview=False)
    assert run.error is None, run.error_text
    policy = run.named("app-policy")
    assert rpc.is_rpc_secret(policy.inputs["policyDocument"])
    assert rpc.is_rpc_secret(run.named("app-role").inputs["tags"])
    assert not any(rpc.is_rpc_secret(value) for value in run.exports.values())


ADOPTING = (
    "config:\n  alicloud-instance-role:roles:\n    app:\n"
    "      adopt: true\n      role_name: app-ops\n      policy_name: app-ops-permissions\n"
    "      policy_statements:\n        - actions: [oss:GetObject]\n          resources: ['*']\n"
    "      system_policies: [AliyunLogFullAccess]\n      instance_ids: [i-bp1aaa, i-bp1bbb]\n"
    "      operator_groups: [platform-operators]\n"
)


def test_the_shipped_stacks_adopt_nothing(runs: Dict[str, RunResult]) -> None:
    assert [r.name for run in runs.values() for r in run.registrations if r.import_id] == []


def test_a_role_adopted_by_config_imports_its_children_under_their_existing_names(tmp_path: Path) -> None:
    run = run_project(project_copy(tmp_path, ADOPTING), "test")
    assert run.error is None, run.error_text
    # The settings reach the component; which child is imported by which ID is test_adopting's.
    imported = {r.name: r.import_id for r in run.registrations if r.import_id}
    assert len(imported) == 6
    assert imported["app-policy"] == "app-ops-permissions"
    assert imported["app-instance-i-bp1bbb"] == "i-bp1bbb:app-ops"
    assert run.named("app-operator-group-platform-operators").import_id is None
    assert run.exports["app_role_name"] == "app-ops"


def test_an_adopted_role_in_a_protected_stack_is_imported_and_protected(tmp_path: Path) -> None:
    stack_file = ADOPTING.replace("config:\n", "config:\n  alicloud-instance-role:protect: true\n", 1)
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert run.error is None, run.error_text
    role = run.named("app-role")
    assert role.protect is True and role.import_id == "app-ops"


@pytest.mark.parametrize("setting", ["role_name: app-ops", "policy_name: app-ops-permissions"])
def test_a_fixed_name_without_adopt_is_refused_with_its_config_path(tmp_path: Path, setting: str) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n"
        f"      {setting}\n"
        "      policy_statements:\n        - actions: [oss:GetObject]\n          resources: ['*']\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    key = setting.split(":")[0]
    assert f"alicloud-instance-role:roles.app.{key}: a fixed name is only for a role made by hand" in run.error_text
    assert "scoped by stack" in run.error_text
    assert run.registrations == []


def test_adopt_without_a_role_name_in_config_is_refused_with_its_config_path(tmp_path: Path) -> None:
    stack_file = ADOPTING.replace("      role_name: app-ops\n", "")
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.app.role_name: adopt imports an existing role by its name" in run.error_text
    assert run.registrations == []


def test_force_delete_adopted_policy_in_config_reaches_the_adopted_policy(tmp_path: Path) -> None:
    stack_file = ADOPTING.replace("      adopt: true\n", "      adopt: true\n      force_delete_adopted_policy: true\n")
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert run.error is None, run.error_text
    assert run.named("app-policy").inputs["force"] is True


def test_an_adopted_policy_stays_unforced_with_adopt_false_in_config(tmp_path: Path) -> None:
    run = run_project(project_copy(tmp_path, ADOPTING.replace("adopt: true", "adopt: false")), "test")
    assert run.error is None, run.error_text
    assert run.named("app-policy").inputs["force"] is False


def test_force_delete_adopted_policy_without_adopt_in_config_is_refused_with_its_config_path(tmp_path: Path) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n    app:\n      force_delete_adopted_policy: true\n"
        "      policy_statements:\n        - actions: [oss:GetObject]\n          resources: ['*']\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.app.force_delete_adopted_policy: force_delete_adopted_policy is only" in (
        run.error_text
    )
    assert run.registrations == []


def test_a_role_adopted_earlier_keeps_its_names_and_imports_nothing_with_adopt_false(tmp_path: Path) -> None:
    run = run_project(project_copy(tmp_path, ADOPTING.replace("adopt: true", "adopt: false")), "test")
    assert run.error is None, run.error_text
    assert run.named("app-role").inputs["roleName"] == "app-ops"
    assert run.named("app-policy").inputs["policyName"] == "app-ops-permissions"
    assert [r.name for r in run.registrations if r.import_id] == []


def test_an_instance_bound_by_two_roles_is_refused_naming_both_config_paths_before_anything_is_declared(
    tmp_path: Path,
) -> None:
    stack_file = (
        "config:\n  alicloud-instance-role:roles:\n"
        "    app:\n      instance_ids: [i-shared, i-app]\n"
        "    batch:\n      instance_ids: [i-batch, i-shared]\n"
        "    nightly:\n      instance_ids: [i-shared]\n"
    )
    run = run_project(project_copy(tmp_path, stack_file), "test")
    problems = [line for line in run.error_text.splitlines() if line.startswith("  - ")]
    fix = "an ECS instance holds one RAM role at a time (attaching a second fails): bind it to one role [RAM122]"
    assert problems == [
        f"  - alicloud-instance-role:roles.{later}: instance i-shared is bound by "
        f"alicloud-instance-role:roles.app.instance_ids[0] too; {fix}"
        for later in ("batch.instance_ids[1]", "nightly.instance_ids[0]")
    ]
    assert [(p.path, p.code) for p in run.error.problems] == [
        ("alicloud-instance-role:roles.batch.instance_ids[1]", "RAM122"),
        ("alicloud-instance-role:roles.nightly.instance_ids[0]", "RAM122"),
    ]
    assert run.registrations == []


def test_an_instance_listed_twice_by_one_role_is_the_components_duplicate_not_a_second_role(tmp_path: Path) -> None:
    stack_file = "config:\n  alicloud-instance-role:roles:\n    app:\n      instance_ids: [i-1, i-1]\n"
    run = run_project(project_copy(tmp_path, stack_file), "test")
    assert "alicloud-instance-role:roles.app.instance_ids[1]: " in run.error_text
    assert "bound by" not in run.error_text
    assert run.registrations == []
