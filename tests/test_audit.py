"""``audit``: every role, Custom policy, attachment and binding of an account, judged by the
guardrails and shown as the preview shows a plan; and the read-only policy the commands need."""

import json
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from account_helpers import READ_BUCKET, Outcome, read_only, run, sample_account, use_standin_key
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_instance_role.account.calls import READ_ACTIONS
from alicloud_instance_role.documents import Access, errors, load, validate
from alicloud_instance_role.testing.account_standin import StandIn, StandInAccount, StandInRole

REPO_ROOT = Path(__file__).resolve().parents[1]
READ_POLICY = REPO_ROOT / "docs" / "account-read-policy.json"


@pytest.fixture(autouse=True)
def _standin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    use_standin_key(monkeypatch)


@pytest.fixture(scope="module")
def sample_audit() -> Iterator[Tuple[Outcome, List[str]]]:
    """audit --json over the sample account, once for the module: its outcome and the actions
    the stand-in received for it and for a discover."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_standin_key(monkeypatch)
        with StandIn(sample_account()) as server:
            audited = run(server, "audit", "--json")
            assert run(server, "discover").status == 0
            yield audited, list(server.received)


def test_an_administrator_instance_role_fails_the_audit_with_exit_1(sample_audit: Tuple[Outcome, List[str]]) -> None:
    outcome = sample_audit[0]
    assert outcome.status == 1, outcome.err
    document = json.loads(outcome.out)
    assert document["status"] == "violations"
    refused = {(d["policy"], d["resource"]) for d in document["diagnostics"] if d["level"] == "mandatory"}
    assert ("ram-no-admin-grant", "admin-box-all") in refused
    # Every role is judged, not only instance roles: Function Compute's role is there too.
    assert ("ram-trust-allowed-services", "fc-invoker") in refused
    roles = {role["role"]: role for role in document["roles"]}
    assert roles["app-ops"]["instances"] == ["i-bp1aaa", "i-bp1bbb"]
    assert roles["app-ops"]["system_policies"] == ["AliyunLogReadOnlyAccess"]
    # The administrator role may pass every role too.
    assert roles["app-ops"]["passed_by"] == [
        "role admin-box (admin-box-all)",
        "user alice (pass-app)",
        "group platform-operators (pass-app)",
    ]
    assert roles["worker"]["passed_by"] == ["role admin-box (admin-box-all)"]


def test_discover_and_audit_call_every_read_action_and_nothing_else(sample_audit: Tuple[Outcome, List[str]]) -> None:
    received = set(sample_audit[1])
    assert read_only(sorted(received)) == []
    assert received == {action for actions in READ_ACTIONS.values() for action in actions}


def test_a_clean_account_passes_the_audit_and_shows_what_each_role_may_do() -> None:
    account = StandInAccount(
        roles={"app-ops": StandInRole(policies=[("app-ops-permissions", "Custom")])},
        policies={"app-ops-permissions": READ_BUCKET},
        regions={"cn-hangzhou": {"i-bp1aaa": "app-ops"}},
    )
    with StandIn(account) as server:
        outcome = run(server, "audit")
    assert outcome.status == 0, outcome.out + outcome.err
    assert "What each role may do\n  app-ops (app-ops)\n" in outcome.out
    assert "    may: oss: GetObject on acs:oss:*:*:app-bucket/* [app-ops-permissions]" in outcome.out
    assert "    bound to: i-bp1aaa" in outcome.out
    assert "└─ alicloud.ecs.RamRoleAttachment i-bp1aaa:app-ops" in outcome.out


def test_a_region_that_could_not_be_read_leaves_the_audit_ok_only_for_what_is_known() -> None:
    account = StandInAccount(
        roles={"app-ops": StandInRole(policies=[("app-ops-permissions", "Custom")])},
        policies={"app-ops-permissions": READ_BUCKET},
        regions={"cn-hangzhou": {"i-bp1aaa": "app-ops"}, "cn-shanghai": {"i-bp1bbb": "app-ops"}},
    )
    account.refused_regions.add("cn-shanghai")
    with StandIn(account) as server:
        text, as_json = run(server, "audit"), run(server, "audit", "--json")
    assert text.status == 0, text.out + text.err
    assert "  cn-shanghai: its instance bindings could not be read" in text.out
    assert text.out.rstrip().endswith("ok for what is known; 1 region not read")
    document = json.loads(as_json.out)
    assert document["status"] == "ok-for-what-is-known"
    assert [(e["what"], e["kind"]) for e in document["checked_at_deploy"]] == [("cn-shanghai", "region")]


def test_a_policy_pack_config_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    with StandIn(sample_account()) as server:
        outcome = run(server, "audit", "--policy-pack-config", str(tmp_path / "missing.json"))
    assert outcome.status == 2 and outcome.err.startswith("error: --policy-pack-config")
    assert server.received == []  # checked before the account is read


def test_the_read_only_policy_is_a_valid_ram_document() -> None:
    assert errors(validate(READ_POLICY.read_text(encoding="utf-8"), "permission")) == []


def _every_action(client: type) -> set:  # type: ignore[type-arg]
    """Every action an SDK client can call, from its ``<action>_with_options`` methods."""
    suffix = "_with_options"
    names = [n[: -len(suffix)] for n in dir(client) if n.endswith(suffix) and not n.startswith("_")]
    return {"".join(part.capitalize() for part in name.split("_")) for name in names}


def test_the_read_only_policy_allows_exactly_the_actions_the_commands_call() -> None:
    access = Access(load(READ_POLICY.read_text(encoding="utf-8"), "permission"))
    for service, client in (("ram", RamClient), ("ecs", EcsClient)):
        called = set(READ_ACTIONS[service])
        allowed = {action for action in _every_action(client) if access.grants_some(f"{service}:{action}")}
        # Method names lose the case of acronyms (ListPoliciesForRole survives; MFA would not): compare folded.
        assert {a.lower() for a in allowed} == {a.lower() for a in called}
        assert all(action.startswith(("List", "Get", "Describe")) for action in called)
