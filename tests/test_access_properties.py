"""The access engine over generated input: matching agrees with a brute-force regular expression,
and the exact answers about two patterns (cover, overlap) agree with matching, in both
directions: a "no" comes with a string that proves it, and a "yes" has no counterexample among
every short string."""

import itertools
import json
import re
from typing import Any, Dict, List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alicloud_instance_role.documents import arns, load
from alicloud_instance_role.documents.access import Access
from alicloud_instance_role.documents.globs import Language, common, covers, matches, outside, overlaps

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A small alphabet makes collisions between patterns and strings likely; 'Z' tests case.
LETTERS = "ab:/Z"
patterns = st.text(alphabet=LETTERS + "*?", max_size=6)
texts = st.text(alphabet=LETTERS + "zx", max_size=8)
# Every string up to this length over the letters the patterns use, plus one they never name.
SHORT_STRINGS = ["".join(chars) for n in range(6) for chars in itertools.product("ab:Zx", repeat=n)]


def brute_force(pattern: str, ignore_case: bool = False) -> "re.Pattern[str]":
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@PROPERTY_SETTINGS
@given(patterns, texts, st.booleans())
def test_matches_agrees_with_a_brute_force_regex(pattern: str, text: str, ignore_case: bool) -> None:
    expected = brute_force(pattern, ignore_case).fullmatch(text) is not None
    assert matches(pattern, text, ignore_case) == expected


@PROPERTY_SETTINGS
@given(patterns, patterns, st.booleans())
def test_cover_is_decided_exactly(outer: str, inner: str, ignore_case: bool) -> None:
    if covers(outer, inner, ignore_case):
        assert not any(
            matches(inner, text, ignore_case) and not matches(outer, text, ignore_case) for text in SHORT_STRINGS
        )
    else:
        witness = outside(Language.of([inner], ignore_case), Language.of([outer], ignore_case))
        assert witness is not None
        assert brute_force(inner, ignore_case).fullmatch(witness)
        assert not brute_force(outer, ignore_case).fullmatch(witness)


@PROPERTY_SETTINGS
@given(patterns, patterns, st.booleans())
def test_overlap_is_decided_exactly(first: str, second: str, ignore_case: bool) -> None:
    if overlaps(first, second, ignore_case):
        witness = common(Language.of([first], ignore_case), Language.of([second], ignore_case))
        assert witness is not None
        assert brute_force(first, ignore_case).fullmatch(witness)
        assert brute_force(second, ignore_case).fullmatch(witness)
    else:
        assert not any(matches(first, t, ignore_case) and matches(second, t, ignore_case) for t in SHORT_STRINGS)


@PROPERTY_SETTINGS
@given(patterns, patterns, patterns)
def test_cover_is_a_preorder_consistent_with_overlap(first: str, second: str, third: str) -> None:
    assert covers(first, first) and covers("*", first)
    if covers(first, second) and covers(second, third):
        assert covers(first, third)
    if covers(first, second) and overlaps(second, third):
        assert overlaps(first, third)


# ---- whole documents


actions = st.one_of(
    st.sampled_from(["*", "*:*", "ram:*", "ram:PassRole", "RAM:pass*", "ram:?*", "oss:Get*", "kms:*", "?am:*"]),
)
resources = st.sampled_from(
    ["*", "acs:ram::1:role/*", "acs:ram::1:role/app", "acs:oss:*:*:b/*", "acs:*:*:*:*", "acs:RAM::1:role/*"]
)
conditions = st.sampled_from([None, {"Bool": {"acs:MFAPresent": "true"}}])


@st.composite
def statements(draw: Any) -> Dict[str, Any]:
    statement: Dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    statement[draw(st.sampled_from(["Action", "NotAction"]))] = draw(st.lists(actions, min_size=1, max_size=3))
    statement["Resource"] = draw(st.lists(resources, min_size=1, max_size=2))
    condition = draw(conditions)
    if condition:
        statement["Condition"] = condition
    return statement


requests = st.tuples(
    st.sampled_from(["ram:PassRole", "ram:passrole", "oss:GetObject", "kms:Decrypt", "ecs:RunCommand"]),
    st.sampled_from(["acs:ram::1:role/app", "acs:ram::1:ROLE/app", "acs:oss:cn-hangzhou:1:b/key", "acs:kms:x:1:k"]),
)


def expected_allowed(document: List[Dict[str, Any]], action: str, resource: str) -> bool:
    """RAM's evaluation by brute force, under both readings of resource case: some Allow matches
    and no Deny without a Condition does."""

    def applies(statement: Dict[str, Any], ignore_case: bool) -> bool:
        if "NotAction" in statement:
            acts = not any(brute_force(p, True).fullmatch(action) for p in statement["NotAction"])
        else:
            acts = any(brute_force(p, True).fullmatch(action) for p in statement["Action"])
        return acts and any(brute_force(r, ignore_case).fullmatch(resource) for r in statement["Resource"])

    for ignore_case in (True, False):
        hits = [s for s in document if applies(s, ignore_case)]
        allowed = any(s["Effect"] == "Allow" for s in hits)
        removed = any(s["Effect"] == "Deny" and "Condition" not in s for s in hits)
        if allowed and not removed:
            return True
    return False


@PROPERTY_SETTINGS
@given(st.lists(statements(), min_size=1, max_size=4), requests)
def test_allows_agrees_with_brute_force_evaluation(document: List[Dict[str, Any]], request: Any) -> None:
    access = Access(load(json.dumps({"Version": "1", "Statement": document}), keep_duplicates=True))
    action, resource = request
    assert access.allows(action, resource) == expected_allowed(document, action, resource)


@PROPERTY_SETTINGS
@given(st.lists(statements(), min_size=1, max_size=4), st.sampled_from(["ram:PassRole", "kms:Decrypt"]))
def test_a_grant_on_every_resource_allows_each_of_them(document: List[Dict[str, Any]], action: str) -> None:
    access = Access(load(json.dumps({"Version": "1", "Statement": document}), keep_duplicates=True))
    if access.allows_everywhere(action):
        service = action.split(":")[0]
        for account in access.accounts():
            samples = [f"acs:{service}::{account}:role/app", f"acs:{service}:cn-hangzhou:{account}:x"]
            if all(access.allows(action, arn) for arn in samples):
                return
        raise AssertionError(f"{action} allowed everywhere, yet not on the samples of any account")


# ---- every ARN that can exist (the catalogue's spaces)

ACCOUNT = "1234567890123456"
#: (service, resource type) -> every real ARN of it in ACCOUNT, as a brute-force regex.
REAL_ARNS = {
    ("ecs", "instance"): rf"acs:ecs:[a-z0-9-]+:{ACCOUNT}:instance/i-[a-z0-9]+",
    ("ram", "role"): rf"acs:ram::{ACCOUNT}:role/[A-Za-z0-9.-]+",
}
arn_patterns = st.lists(
    st.sampled_from(["acs:", "ecs:", "ram:", ":", "*", "?", "?*", "i-", "instance/", "role/", "cn-", ACCOUNT, "a"]),
    min_size=1,
    max_size=7,
).map("".join)


@PROPERTY_SETTINGS
@given(arn_patterns, st.sampled_from(sorted(REAL_ARNS)), st.data())
def test_cover_of_every_real_arn_of_a_type_is_decided_exactly(pattern: str, kind: Any, data: Any) -> None:
    space = arns.every_arn(kind[0], ACCOUNT, kind[1])
    real = re.compile(REAL_ARNS[kind])
    witness = outside(space, Language.of([pattern]))
    if witness is None:
        for _ in range(5):
            arn = data.draw(st.from_regex(real, fullmatch=True))
            assert brute_force(pattern).fullmatch(arn), (pattern, arn)
    else:
        assert real.fullmatch(witness) and not brute_force(pattern).fullmatch(witness)
