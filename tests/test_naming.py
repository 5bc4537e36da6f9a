"""RAM name rules, and physical names safe to share one account between stacks."""

import re
import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from alicloud_instance_role.naming import (
    GROUP_NAME,
    POLICY_NAME,
    ROLE_NAME,
    USER_NAME,
    NameRule,
    default_role_name,
    policy_name_for,
)
from alicloud_instance_role.offline_secrets import UNDECRYPTED_SECRET

NAME_SETTINGS = settings(max_examples=150, deadline=None)

# Any text Pulumi can carry (valid UTF-8) except NUL: the hash joins the three parts with NUL,
# relying on it never appearing in a project, stack or resource name (see components/naming.py).
names = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80)
ROLE_ALPHABET = string.ascii_letters + string.digits + ".-"
role_names = st.text(alphabet=ROLE_ALPHABET, min_size=1, max_size=64)


# ---- the rules ----


@pytest.mark.parametrize(
    ("rule", "longest"),
    [(ROLE_NAME, 64), (POLICY_NAME, 128), (USER_NAME, 64), (GROUP_NAME, 64)],
    ids=["role", "policy", "user", "group"],
)
def test_names_of_one_to_the_maximum_length_are_accepted(rule: NameRule, longest: int) -> None:
    assert rule.accepts("a")
    assert rule.accepts("a" * longest)
    assert rule.problems("a" * longest) == []


@pytest.mark.parametrize(
    ("rule", "longest"),
    [(ROLE_NAME, 64), (POLICY_NAME, 128), (USER_NAME, 64), (GROUP_NAME, 64)],
    ids=["role", "policy", "user", "group"],
)
def test_empty_and_too_long_names_are_rejected_naming_the_length_rule(rule: NameRule, longest: int) -> None:
    for name in ("", "a" * (longest + 1)):
        (problem,) = rule.problems(name)
        assert f"1-{longest} characters" in problem
        assert f"got {len(name)}" in problem
        assert not rule.accepts(name)


@pytest.mark.parametrize(
    ("rule", "accepted", "rejected"),
    [
        (ROLE_NAME, "App.role-1", ["app_role", "app role", "app/role", "app@x", "appé"]),
        (POLICY_NAME, "App-policy-1", ["app.policy", "app_policy", "app policy"]),
        (USER_NAME, "alice.smith_1-x", ["alice smith", "alice/x", "alice#1", "bob@example"]),
        (GROUP_NAME, "Ops.team_1-x", ["ops team", "ops/team", "ops@team"]),
    ],
    ids=["role", "policy", "user", "group"],
)
def test_each_kind_of_name_accepts_only_its_alphabet(rule: NameRule, accepted: str, rejected: list) -> None:
    assert rule.problems(accepted) == []
    for name in rejected:
        (problem,) = rule.problems(name)
        assert f"a {rule.kind} name may contain only {rule.alphabet}" in problem
        bad = next(c for c in name if not re.fullmatch(r"[A-Za-z0-9]", c) and c not in accepted)
        assert repr(bad) in problem


def test_a_name_breaking_two_rules_gets_one_problem_per_rule() -> None:
    problems = ROLE_NAME.problems("a_" * 40)
    assert len(problems) == 2
    assert "1-64 characters" in problems[0]
    assert "'_'" in problems[1]


@pytest.mark.parametrize("name", [None, 5, b"app", ["app"]])
def test_a_name_that_is_not_a_string_is_rejected_saying_so(name: object) -> None:
    (problem,) = ROLE_NAME.problems(name)
    assert "role name is a string" in problem
    assert type(name).__name__ in problem


def test_the_offline_placeholder_of_a_secret_is_refused_as_a_secret_not_as_a_name() -> None:
    (problem,) = USER_NAME.problems(UNDECRYPTED_SECRET)
    assert problem.startswith("a user name cannot be a secret")
    assert "'['" not in problem


# ---- default_role_name ----


def test_the_default_role_name_is_readable_name_then_stack_then_a_hash() -> None:
    assert re.fullmatch(r"app-dev-[0-9a-f]{8}", default_role_name("shop", "dev", "app"))


def test_the_default_role_name_never_changes_between_releases() -> None:
    # A changed name would replace every deployed role: pin the exact names.
    assert default_role_name("alicloud-instance-role", "dev", "app") == "app-dev-8186f5c4"
    assert policy_name_for("app.dev", "policy") == "app-dev-policy-366eb00b"


def test_the_default_role_name_is_deterministic() -> None:
    assert default_role_name("shop", "prod", "app") == default_role_name("shop", "prod", "app")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("shop", "dev", "app"), ("shop", "prod", "app")),
        (("shop", "dev", "app"), ("blog", "dev", "app")),
        (("shop", "dev", "app"), ("shop", "dev", "api")),
        (("shop", "dev", "a.b"), ("shop", "dev", "a-b")),
        (("shop", "dev", "a b"), ("shop", "dev", "a_b")),
        (("shop", "org/dev", "app"), ("shop", "org-dev", "app")),
        (("shop", "dev", "x" * 100 + "1"), ("shop", "dev", "x" * 100 + "2")),
    ],
)
def test_the_default_role_name_differs_when_the_names_differ_only_in_what_is_cleaned_away(
    first: tuple, second: tuple
) -> None:
    assert default_role_name(*first) != default_role_name(*second)


def test_a_long_default_role_name_is_cut_to_64_characters_and_keeps_its_hash() -> None:
    name = default_role_name("shop", "production-eu-central", "a-very-long-component-name-" * 4)
    assert len(name) == 64
    assert ROLE_NAME.accepts(name)
    assert re.search(r"-[0-9a-f]{8}$", name)


def test_a_name_with_nothing_readable_still_gets_a_valid_role_name() -> None:
    name = default_role_name("шоп", "開発", "应用")
    assert ROLE_NAME.accepts(name)
    assert re.fullmatch(r"role-[0-9a-f]{8}", name)


@NAME_SETTINGS
@given(project=names, stack=names, name=names)
def test_the_default_role_name_is_always_a_valid_role_name(project: str, stack: str, name: str) -> None:
    assert ROLE_NAME.problems(default_role_name(project, stack, name)) == []


@NAME_SETTINGS
@given(first=st.tuples(names, names, names), second=st.tuples(names, names, names))
def test_distinct_project_stack_and_name_give_distinct_role_names(first: tuple, second: tuple) -> None:
    assume(first != second)
    assert default_role_name(*first) != default_role_name(*second)


@NAME_SETTINGS
@given(
    project=names,
    stack=st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True),
    name=st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
)
def test_the_default_role_name_shows_a_clean_name_and_stack(project: str, stack: str, name: str) -> None:
    role_name = default_role_name(project, stack, name)
    assert role_name.startswith(f"{name}-{stack}-")


# ---- policy_name_for ----


def test_a_policy_name_starts_with_a_clean_role_name_and_ends_with_its_purpose() -> None:
    name = policy_name_for("app-dev-1a2b3c4d", "policy")
    assert name.startswith("app-dev-1a2b3c4d-")
    assert name.endswith("-policy")


def test_a_role_name_with_dots_gives_a_valid_policy_name() -> None:
    name = policy_name_for("app.dev", "policy")
    assert POLICY_NAME.accepts(name)
    assert name.startswith("app-dev-policy-")
    assert re.fullmatch(r"app-dev-policy-[0-9a-f]{8}", name)


@NAME_SETTINGS
@given(role_name=role_names)
def test_the_policy_name_for_any_valid_role_name_is_a_valid_policy_name(role_name: str) -> None:
    assert ROLE_NAME.accepts(role_name)
    assert POLICY_NAME.problems(policy_name_for(role_name, "policy")) == []
    assert POLICY_NAME.problems(policy_name_for(role_name, "operator")) == []


@NAME_SETTINGS
@given(first=role_names, second=role_names)
def test_distinct_role_names_give_distinct_policy_names(first: str, second: str) -> None:
    assume(first != second)
    assert policy_name_for(first, "policy") != policy_name_for(second, "policy")


def test_a_dotted_role_name_and_the_clean_role_name_spelling_its_hashed_form_get_distinct_policy_names() -> None:
    dotted = "app.dev"
    derived = policy_name_for(dotted, "policy")
    clean_twin = derived[: -len("-policy")]
    assert ROLE_NAME.accepts(clean_twin)
    assert clean_twin != dotted
    assert policy_name_for(clean_twin, "policy") != derived


def test_different_purposes_give_different_policy_names() -> None:
    assert policy_name_for("app.dev", "policy") != policy_name_for("app.dev", "operator")
