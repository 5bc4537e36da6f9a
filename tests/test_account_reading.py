"""Reading an account with the official SDK clients against the local stand-in: paging,
throttling, bounded concurrency, read-only calls, and one clear line for every failure."""

import io
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from account_helpers import run, sample_account, use_standin_key
from hypothesis import given
from hypothesis import strategies as st

from alicloud_instance_role.account.calls import MAX_RETRY_AFTER_MS, Backoff, Calls
from alicloud_instance_role.account.endpoints import HTTP, HTTPS, Endpoint, EndpointError, parse_endpoint
from alicloud_instance_role.account.reading import Reader, Scope
from alicloud_instance_role.testing.account_standin import StandIn, StandInAccount, StandInRole

REPO_ROOT = Path(__file__).resolve().parents[1]
FAST = Backoff(attempts=8, first=0.001, longest=0.01)


@pytest.fixture(autouse=True)
def _standin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    use_standin_key(monkeypatch)


def _reader(server: StandIn, backoff: Backoff = FAST) -> Reader:
    endpoint = parse_endpoint(server.endpoint, "--ram-endpoint")
    return Reader(Calls(endpoint, endpoint, backoff), concurrency=4)


def _large_account() -> StandInAccount:
    """More of everything than one page holds: 130 roles, 110 users, 120 instances in a region."""
    account = StandInAccount()
    for number in range(130):
        account.roles[f"role-{number:03d}"] = StandInRole(policies=[("AliyunOSSReadOnlyAccess", "System")])
    account.users = {f"user-{number:03d}": [] for number in range(110)}
    account.regions = {
        "cn-hangzhou": {f"i-bp{number:04d}": f"role-{number % 130:03d}" for number in range(120)},
        "cn-beijing": {"i-2zeaaa": "role-001"},
    }
    return account


def test_every_page_of_every_list_is_read() -> None:
    account = _large_account()
    with StandIn(account) as server:
        read = _reader(server).read(Scope(instance_roles_only=False))
        received = list(server.received)
    assert len(read.roles) == 130
    assert len([p for p in read.principals if p.kind == "user"]) == 110
    assert len(read.bindings) == 121
    assert {(b.instance_id, b.role_name) for b in read.bindings if b.region == "cn-hangzhou"} == {
        (i, r) for i, r in account.regions["cn-hangzhou"].items()
    }
    assert received.count("ListRoles") == 2 and received.count("ListUsers") == 2
    # cn-hangzhou: 2 pages of instances and 3 batches of 50 bindings; cn-beijing: 1 and 1.
    assert received.count("DescribeInstances") == 3 and received.count("DescribeInstanceRamRole") == 4


def test_throttled_calls_are_retried_until_they_succeed() -> None:
    with StandIn(sample_account()) as plain:
        expected = _reader(plain).read(Scope(instance_roles_only=False))
    throttled_account = sample_account()
    throttled_account.throttle_every = 3
    with StandIn(throttled_account) as server:
        reader = _reader(server)
        read = reader.read(Scope(instance_roles_only=False))
    assert reader.calls.retries > 0
    assert read == expected


def test_a_call_still_throttled_after_every_attempt_fails_in_one_line() -> None:
    account = sample_account()
    account.throttle_every = 1
    with StandIn(account) as server:
        with pytest.raises(Exception) as raised:
            _reader(server, Backoff(attempts=3, first=0.001, longest=0.001)).read(Scope())
        assert server.received == ["ListRoles"] * 3
    assert str(raised.value) == "ram:ListRoles: still throttled after 3 attempts (Throttling.User)"


def test_a_wrong_key_exits_2_with_one_line_naming_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from alicloud_instance_role.testing import account_standin

    account = account_standin.StandInAccount(access_key_id="LTAI5tSomeoneElse")
    with StandIn(account) as server:
        outcome = run(server, "discover")
    assert outcome.status == 2 and outcome.out == ""
    assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err
    assert "RAM refused the credentials (InvalidAccessKeyId.NotFound" in outcome.err


def test_a_missing_permission_exits_2_naming_the_action() -> None:
    account = sample_account()
    account.denied_actions.add("ListPoliciesForUser")
    with StandIn(account) as server:
        outcome = run(server, "discover")
    assert outcome.status == 2
    assert outcome.err.startswith("error: missing permission ram:ListPoliciesForUser (NoPermission)")
    assert outcome.err.count("\n") == 1


def test_an_unreachable_endpoint_exits_2_naming_it() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    with StandIn(sample_account()) as server:
        outcome = run(server, "audit", "--ram-endpoint", f"http://127.0.0.1:{port}")
    assert outcome.status == 2 and "Traceback" not in outcome.err
    assert outcome.err.startswith(f"error: cannot reach http://127.0.0.1:{port}: ")
    assert outcome.err.count("\n") == 1


def test_a_region_that_refuses_is_skipped_and_named_while_the_others_are_read() -> None:
    account = sample_account()
    account.refused_regions.add("cn-shanghai")
    with StandIn(account) as server:
        read = _reader(server).read(Scope())
    assert list(read.skipped_regions) == ["cn-shanghai"]
    assert "Forbidden.RegionId" in read.skipped_regions["cn-shanghai"]
    assert {b.region for b in read.bindings} == {"cn-hangzhou"}


def test_given_regions_are_read_without_asking_for_the_list() -> None:
    with StandIn(sample_account()) as server:
        read = _reader(server).read(Scope(regions=["cn-shanghai"]))
        assert "DescribeRegions" not in server.received
    assert read.regions == ["cn-shanghai"] and [b.instance_id for b in read.bindings] == ["i-uf6ddd"]


def test_the_account_id_comes_from_the_roles_arns() -> None:
    account = sample_account()
    account.account_id = "5555555555555555"
    with StandIn(account) as server:
        read = _reader(server).read(Scope())
    assert read.account_id == "5555555555555555"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ram.aliyuncs.com", Endpoint("ram.aliyuncs.com", HTTPS)),
        ("https://ram.vpc-proxy.aliyuncs.com/", Endpoint("ram.vpc-proxy.aliyuncs.com", HTTPS)),
        ("http://127.0.0.1:8080", Endpoint("127.0.0.1:8080", HTTP)),
    ],
)
def test_an_endpoint_is_a_host_or_a_url_and_http_means_plain_http(given: str, expected: Endpoint) -> None:
    assert parse_endpoint(given, "--ram-endpoint") == expected


@pytest.mark.parametrize("given", ["ftp://ram.aliyuncs.com", "https://ram.aliyuncs.com/path", "http://host:port"])
def test_an_endpoint_that_is_not_a_host_is_refused_naming_the_option(given: str) -> None:
    with pytest.raises(EndpointError, match="--ecs-endpoint"):
        parse_endpoint(given, "--ecs-endpoint")


def test_importing_the_component_guardrails_and_preview_loads_no_alibaba_cloud_sdk() -> None:
    program = (
        "import json, sys\n"
        "import alicloud_instance_role, alicloud_instance_role.guardrails, alicloud_instance_role.preview.command\n"
        "import alicloud_instance_role.cli, alicloud_instance_role.account.model\n"
        "import alicloud_instance_role.account.as_plan, alicloud_instance_role.account.discover\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert "alicloud_instance_role.guardrails" in loaded
    assert [m for m in loaded if m.startswith(("alibabacloud", "darabonba", "Tea", "tqdm"))] == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_nothing_elsewhere() -> None:
    with StandIn(sample_account()) as server:
        endpoint = parse_endpoint(server.endpoint, "--ram-endpoint")
        terminal, pipe = _Terminal(), io.StringIO()
        Reader(Calls(endpoint, endpoint, FAST), progress=terminal).read(Scope())
        Reader(Calls(endpoint, endpoint, FAST), progress=pipe).read(Scope())
    assert "roles" in terminal.getvalue() and "regions" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_a_role_asked_for_that_is_not_an_instance_role_exits_2_naming_it() -> None:
    with StandIn(sample_account()) as server:
        outcome = run(server, "discover", "--role", "fc-invoker")
    assert outcome.status == 2
    assert outcome.err == "error: --role fc-invoker: no such instance role in the account\n"


@given(st.integers(min_value=1, max_value=20), st.one_of(st.none(), st.integers(min_value=1, max_value=10**7)))
def test_a_retry_waits_longer_each_time_within_bounds_and_at_least_what_the_service_asks(
    attempt: int, retry_after_ms: Optional[int]
) -> None:
    backoff = Backoff(attempts=8, first=0.2, longest=10.0)
    wait = backoff.wait(attempt, retry_after_ms)
    own = min(backoff.longest, backoff.first * 2 ** (attempt - 1))
    asked = min(retry_after_ms or 0, MAX_RETRY_AFTER_MS) / 1000
    assert max(own / 2, asked) <= wait <= max(own, asked)
