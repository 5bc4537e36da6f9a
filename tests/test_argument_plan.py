"""The pure core checks a component's whole argument tree in one pass (issue 20, item 7): the
children's inputs, every problem, and for each argument still holding unknowns what to check
when it resolves. Unknowns here are a marker of the test's own, so no Pulumi is involved."""

import json
from typing import Any, Dict, List

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alicloud_instance_role.argument_plan import ArgumentPlan, Context, Deferred, plan_arguments
from alicloud_instance_role.arguments import Checked
from alicloud_instance_role.checked_once import once_per_value
from alicloud_instance_role.instance_role import InstanceRoleArgs
from alicloud_instance_role.offline_secrets import UNDECRYPTED_SECRET


class Later:
    """A value the program does not hold yet."""


def _plan(args: Dict[str, Any], dry_run: bool = False) -> ArgumentPlan:
    context = Context("team", "dev", dry_run, lambda value: isinstance(value, Later))
    return plan_arguments("web", args, tuple(InstanceRoleArgs.__annotations__), context)


def _by_path(plan: ArgumentPlan) -> Dict[str, Deferred]:
    return {deferred.path: deferred for deferred in plan.deferred}


def test_plain_arguments_give_the_childrens_inputs_and_nothing_deferred() -> None:
    plan = _plan({"policy_statements": [{"actions": ["oss:GetObject"], "resources": ["*"]}], "instance_ids": ["i-a"]})
    assert plan.problems == () and plan.deferred == ()
    assert plan.inputs is not None
    assert json.loads(plan.inputs.permission_document)["Statement"][0]["Action"] == ["oss:GetObject"]
    assert plan.inputs.role_name.startswith("web-dev-")
    assert plan.inputs.bindings == {"i-a": "i-a"}


def test_an_argument_holding_an_unknown_is_deferred_and_its_known_mistakes_are_found_now() -> None:
    plan = _plan({"policy_statements": [{"actions": ["oss"], "resources": [Later()]}]})
    assert [(p.code, p.path) for p in plan.errors] == [("RAM107", "policy_statements[0].actions[0]")]
    assert list(_by_path(plan)) == ["policy_statements"]
    assert plan.inputs is not None and plan.inputs.permission_document is plan.deferred[0]


def test_a_deferred_check_of_the_resolved_value_finds_what_the_unknown_part_hid() -> None:
    plan = _plan({"policy_statements": [{"actions": ["oss:GetObject"], "resources": [Later()]}]})
    assert plan.problems == ()
    deferred = _by_path(plan)["policy_statements"]
    resolved = [{"actions": ["oss:GetObject"], "resources": ["bucket"]}]
    checked = deferred.resolved(resolved, secret=False)
    assert checked.value is None
    assert [(p.code, p.path) for p in checked.problems] == [("RAM109", "policy_statements[0].resources[0]")]


def test_a_warning_given_at_construction_is_not_given_again_when_the_value_resolves() -> None:
    plan = _plan({"policy_statements": [{"actions": ["ram:*"], "resources": ["*", Later()]}]})
    told = [p for p in plan.warnings if p.path == "policy_statements[0]"]
    assert told, plan.problems
    deferred = _by_path(plan)["policy_statements"]
    again = deferred.resolved([{"actions": ["ram:*"], "resources": ["*", "acs:oss:*:*:b"]}], secret=False)
    assert not {(p.code, p.path) for p in again.problems} & {(p.code, p.path) for p in told}


def test_findings_about_a_secret_value_name_the_rule_but_not_the_value() -> None:
    deferred = _by_path(_plan({"description": Later()}))["description"]
    checked = deferred.resolved("x" * 2000, secret=True)
    assert [p.code for p in checked.problems] == ["RAM121"]
    assert "2,000" not in checked.problems[0].message and "secret" in checked.problems[0].message


def test_the_offline_placeholder_of_a_secret_is_left_to_the_deployment_during_a_preview() -> None:
    plan = _plan({"session_policy": UNDECRYPTED_SECRET}, dry_run=True)
    assert [(p.code, p.path) for p in plan.problems] == [("RAM208", "session_policy")]
    assert plan.inputs is not None and plan.inputs.session_policy == UNDECRYPTED_SECRET
    refused = _plan({"session_policy": UNDECRYPTED_SECRET}, dry_run=False)
    assert [p.code for p in refused.errors] == ["RAM100"]


def test_each_unknown_instance_is_deferred_alone_and_all_of_them_together_for_duplicates() -> None:
    plan = _plan({"instances": {"web": Later(), "db": "i-db"}, "instance_ids": ["i-a"]})
    assert list(_by_path(plan)) == ["instances", "instances.web"]
    together = _by_path(plan)["instances"].resolved({"web": "i-a", "db": "i-db"}, secret=False)
    assert [(p.code, p.path) for p in together.problems] == [("RAM122", "instances.web")]
    assert plan.inputs is not None and plan.inputs.bindings["db"] == "i-db"


def test_with_values_puts_the_callers_value_in_place_of_every_deferred_argument() -> None:
    plan = _plan({"role_name": Later(), "tags": {"team": Later()}, "instances": {"web": Later()}})
    assert plan.inputs is not None
    wired = plan.inputs.with_values(lambda deferred: f"resolved {deferred.path}")
    assert (wired.role_name, wired.tags, wired.bindings) == (
        "resolved role_name",
        "resolved tags",
        {"web": "resolved instances.web"},
    )


def test_errors_come_in_the_order_the_arguments_are_declared() -> None:
    plan = _plan({"tags": "x", "unknown_thing": 1, "max_session_duration": 1, "role_name": "bad name!"})
    arguments = [p.path.split(".")[0] for p in plan.errors]
    assert arguments == ["unknown_thing", "role_name", "max_session_duration", "tags"]


def test_arguments_that_are_not_a_mapping_give_no_inputs_and_one_error() -> None:
    plan = plan_arguments("", ["role_name"], ("role_name",), Context("p", "s", False, lambda value: False))
    assert plan.inputs is None
    assert [(p.code, p.path) for p in plan.errors] == [("RAM120", "name"), ("RAM119", "args")]


# ---------------------------------------------------------------- once per value


def _counting() -> Any:
    calls: List[Any] = []

    def check(value: Any, path: str = "") -> Checked[Any]:
        calls.append(value)
        return Checked(f"answer {len(calls)}", [])

    return once_per_value(check), calls


def test_a_value_checked_twice_is_checked_once_and_each_caller_gets_its_own_findings() -> None:
    check, calls = _counting()
    first = check(["ecs.aliyuncs.com"], "trusted_services")
    first.problems.append("changed by its caller")
    second = check(["ecs.aliyuncs.com"], "trusted_services")
    assert len(calls) == 1 and second.problems == [] and second.value == first.value


@pytest.mark.parametrize(
    ("one", "other"),
    [(1, True), (1, 1.0), (0.0, -0.0), (["a"], ("a",)), ({"1": 1}, {1: 1}), ({"a": 1, "b": 2}, {"b": 2, "a": 1})],
    ids=["int-bool", "int-float", "zero-signs", "list-tuple", "key-types", "key-order"],
)
def test_values_python_calls_equal_but_checks_can_tell_apart_are_checked_apart(one: Any, other: Any) -> None:
    check, calls = _counting()
    check(one)
    check(other)
    assert len(calls) == 2


def test_a_value_that_is_not_plain_data_is_checked_every_time() -> None:
    check, calls = _counting()
    later = Later()
    check([later])
    check([later])
    assert len(calls) == 2


def test_further_arguments_are_part_of_what_is_remembered() -> None:
    check, calls = _counting()
    check("x", "description")
    check("x", "session_policy")
    assert len(calls) == 2


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, width=16) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3)
    | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(st.text(max_size=2) | st.integers(0, 2), inner, max_size=3),
    max_leaves=8,
)


def _same_data(one: Any, other: Any) -> bool:
    """The same plain data: the same types all the way down, the same items in the same order."""
    if type(one) is not type(other):
        return False
    if isinstance(one, float):
        return str(one) == str(other)  # -0.0 == 0.0, but RAM is sent different text
    if isinstance(one, dict):
        pairs = zip(one.items(), other.items(), strict=False)
        return len(one) == len(other) and all(_same_data(a, b) and _same_data(x, y) for (a, x), (b, y) in pairs)
    if isinstance(one, (list, tuple)):
        return len(one) == len(other) and all(_same_data(a, b) for a, b in zip(one, other, strict=False))
    return bool(one == other)


@given(PLAIN, PLAIN)
def test_two_plain_values_are_checked_once_only_when_they_are_the_same_data(one: Any, other: Any) -> None:
    check, calls = _counting()
    check(one)
    check(other)
    assert (len(calls) == 1) == _same_data(one, other)


def test_a_value_nested_too_deep_to_remember_is_still_checked() -> None:
    check, calls = _counting()
    deep: List[Any] = []
    for _ in range(5000):
        deep = [deep]
    check(deep)
    assert len(calls) == 1
