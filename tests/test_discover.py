"""``discover``: an account's instance roles as stack settings that adopt them, read with the
real SDK clients from the local stand-in, and previewed as imports once pasted into a stack file."""

import io
import json
import string
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml
from account_helpers import ACCOUNT_ID, Outcome, read_only, run, sample_account, use_standin_key
from hypothesis import given
from hypothesis import strategies as st
from project_helpers import project_copy

import stack_settings
from alicloud_instance_role.account.discover import ROLE_KEY, ROLES_KEY, role_key
from alicloud_instance_role.documents import canonicalize
from alicloud_instance_role.preview.command import main as preview
from alicloud_instance_role.testing.account_standin import StandIn, StandInAccount


@pytest.fixture(autouse=True)
def _standin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    use_standin_key(monkeypatch)


@pytest.fixture
def server() -> Iterator[StandIn]:
    with StandIn(sample_account()) as standin:
        yield standin


@pytest.fixture(scope="module")
def sample_read() -> Iterator[Tuple[Outcome, List[str]]]:
    """discover over the sample account, once for the module: what it printed, what the stand-in received."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_standin_key(monkeypatch)
        with StandIn(sample_account()) as standin:
            outcome = run(standin, "discover")
            yield outcome, list(standin.received)


@pytest.fixture
def discovered(sample_read: Tuple[Outcome, List[str]]) -> Outcome:
    outcome = sample_read[0]
    assert outcome.status == 0, outcome.err
    return outcome


def _roles(outcome: Outcome) -> Dict[str, Dict[str, Any]]:
    roles: Dict[str, Dict[str, Any]] = yaml.safe_load(outcome.out)[ROLES_KEY]
    return roles


def test_each_instance_role_becomes_settings_that_adopt_it(discovered: Outcome) -> None:
    app = _roles(discovered)["app-ops"]
    assert app == {
        "adopt": True,
        "role_name": "app-ops",
        "description": "the app's instances",
        "max_session_duration": 7200,
        "tags": {"team": "web"},
        "policy_name": "app-ops-permissions",
        "policy_document": canonicalize(sample_account().policies["app-ops-permissions"], "permission"),
        "custom_policies": ["ship-logs"],
        "system_policies": ["AliyunLogReadOnlyAccess"],
        "instance_ids": ["i-bp1aaa", "i-bp1bbb"],
        "operator_users": ["alice"],
        "operator_groups": ["platform-operators"],
    }


def test_the_settings_pass_the_stack_settings_schema(discovered: Outcome) -> None:
    reading = stack_settings.read({f"{ROLES_KEY}": json.dumps(_roles(discovered))})
    assert reading.problems == []


def test_a_role_that_trusts_another_service_is_skipped(discovered: Outcome) -> None:
    assert sorted(_roles(discovered)) == ["admin-box", "app-ops", "worker"]
    assert "fc-invoker" not in discovered.out


def test_a_policy_shared_by_two_roles_is_kept_by_name_with_a_comment_and_a_warning(discovered: Outcome) -> None:
    roles = _roles(discovered)
    assert roles["worker"]["custom_policies"] == ["ship-logs"] and "policy_name" not in roles["worker"]
    comment = "# Custom policy ship-logs is also attached to role worker"
    assert comment in discovered.out
    assert "warning: app-ops: Custom policy ship-logs is also attached to role worker" in discovered.err


def test_operators_are_only_those_whose_policies_allow_passing_the_role(discovered: Outcome) -> None:
    roles = _roles(discovered)
    assert "operator_users" not in roles["worker"]  # alice may pass app-ops only
    assert roles["app-ops"]["operator_users"] == ["alice"]


def test_json_carries_the_same_settings_and_the_notes(server: StandIn, discovered: Outcome) -> None:
    as_json = run(server, "discover", "--json")
    document = json.loads(as_json.out)
    assert document["account_id"] == ACCOUNT_ID
    assert document["roles"] == _roles(discovered)
    assert any("ship-logs" in note for note in document["notes"]["worker"]["custom_policies"])


def test_role_names_only_that_role(server: StandIn) -> None:
    outcome = run(server, "discover", "--role", "worker")
    assert sorted(_roles(outcome)) == ["worker"]
    assert "GetRole" in server.received and server.received.count("GetRole") == 1
    # The roles not read still count as holders of a shared policy.
    assert "# Custom policy ship-logs is also attached to role app-ops" in outcome.out


def test_a_policy_shared_with_a_role_that_is_not_an_instance_role_is_not_adopted() -> None:
    account = sample_account()
    account.roles["fc-invoker"].policies.append(("app-ops-permissions", "Custom"))
    with StandIn(account) as server:
        outcome = run(server, "discover", "--role", "app-ops")
    app = _roles(outcome)["app-ops"]
    assert "policy_name" not in app and app["custom_policies"] == ["app-ops-permissions", "ship-logs"]
    assert "Custom policy app-ops-permissions is also attached to role fc-invoker" in outcome.err


def test_a_trust_with_another_principal_and_a_condition_is_noted_at_the_role() -> None:
    account = sample_account()
    account.roles["worker"].trust = json.dumps(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"Service": "ecs.aliyuncs.com", "RAM": f"acs:ram::{ACCOUNT_ID}:root"},
                    "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}},
                }
            ],
        }
    )
    with StandIn(account) as server:
        outcome = run(server, "discover", "--role", "worker")
    block = outcome.out.split("  worker:\n", 1)[1]
    assert "# its trust policy also names RAM" in block
    assert "# its trust policy has a Condition (StringEquals)" in block
    assert "worker: its trust policy also names RAM" in outcome.err


def test_a_region_that_refuses_is_skipped_with_a_warning_and_a_comment() -> None:
    account = sample_account()
    account.refused_regions.add("cn-shanghai")
    with StandIn(account) as server:
        outcome = run(server, "discover")
    assert outcome.status == 0
    assert "warning: region cn-shanghai was not read" in outcome.err
    assert "# region cn-shanghai was not read" in outcome.out
    assert "instance_ids" not in _roles(outcome)["worker"]


@given(st.lists(st.text(alphabet=string.ascii_letters + string.digits + ".-_", min_size=1, max_size=64), max_size=8))
def test_role_keys_fit_the_stack_settings_rule_and_are_unique(names: list) -> None:  # type: ignore[type-arg]
    taken: set = set()  # type: ignore[type-arg]
    for name in names:
        key = role_key(name, taken)
        assert ROLE_KEY.match(key) and key not in taken
        taken.add(key)


def test_what_discover_prints_previews_as_imports_once_pasted(discovered: Outcome, tmp_path: Path) -> None:
    pasted = "".join(f"  {line}\n" for line in discovered.out.splitlines())
    project = project_copy(tmp_path, f"config:\n  alicloud:region: cn-hangzhou\n{pasted}")
    out = io.StringIO()
    preview(
        ["--project-dir", str(project), "--stack", "test", "--json", "--account-id", ACCOUNT_ID], out, io.StringIO()
    )
    document = json.loads(out.getvalue())
    assert document["errors"] == []
    imports = {r["import_id"] for r in document["resources"] if r["operation"] == "import"}
    expected = {
        "app-ops",
        "app-ops-permissions",
        "role:app-ops-permissions:Custom:app-ops",
        "role:ship-logs:Custom:app-ops",
        "role:AliyunLogReadOnlyAccess:System:app-ops",
        "i-bp1aaa:app-ops",
        "i-bp1bbb:app-ops",
        "worker",
        "role:ship-logs:Custom:worker",
        "i-uf6ddd:worker",
        "admin-box",
        "admin-box-all",
        "role:admin-box-all:Custom:admin-box",
    }
    assert imports == expected
    # The preview's guardrails refuse the administrator role, as audit does.
    assert any(d["policy"] == "ram-no-admin-grant" for d in document["diagnostics"])


def test_discover_calls_nothing_but_list_get_and_describe(sample_read: Tuple[Outcome, List[str]]) -> None:
    received = sample_read[1]
    assert received and read_only(received) == []


def test_an_account_without_instance_roles_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with StandIn(StandInAccount(regions={"cn-hangzhou": {}})) as server:
        outcome = run(server, "discover")
    assert outcome.status == 0
    assert "No role that ECS may assume" in outcome.out
