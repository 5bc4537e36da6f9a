"""The access engine as a team uses it in its own tests: may this role do that?"""

import doctest
import json
from typing import Any, Dict

import pytest
from policy_helpers import allow

from alicloud_instance_role.documents import Access, access, covers_service, load

ACCOUNT = "1234567890123456"
BUCKET_OBJECT = f"acs:oss:cn-hangzhou:{ACCOUNT}:app-data/reports/2024.csv"
MFA = {"Bool": {"acs:MFAPresent": "true"}}


def role(*statements: Dict[str, Any]) -> Access:
    return Access(load(json.dumps({"Version": "1", "Statement": list(statements)}), keep_duplicates=True))



def test_the_engine_examples_in_its_documentation_hold() -> None:
    result = doctest.testmod(access)
    assert result.attempted > 0 and result.failed == 0


def test_a_role_may_write_to_its_bucket_and_not_to_another() -> None:
    app = role(allow(["oss:GetObject", "oss:PutObject"], "acs:oss:*:*:app-data/*"))
    assert app.allows("oss:PutObject", BUCKET_OBJECT)
    assert not app.allows("oss:PutObject", f"acs:oss:cn-hangzhou:{ACCOUNT}:other/file")
    assert not app.allows("oss:DeleteObject", BUCKET_OBJECT)


def test_action_names_match_in_any_case_and_wildcards_cross_colons_and_slashes() -> None:
    assert role(allow("OSS:put*", "acs:oss:*:*:*")).allows("oss:PutObject", BUCKET_OBJECT)
    assert role(allow("oss:*", "acs:oss:*:*:app-*")).allows("oss:GetObject", BUCKET_OBJECT)
    assert role(allow("oss:*", "acs:*:*:*:*csv")).allows("oss:GetObject", BUCKET_OBJECT)


def test_an_explicit_deny_wins_unless_it_has_a_condition() -> None:
    write = allow("oss:*", "acs:oss:*:*:app-data/*")
    assert not role(write, allow("oss:PutObject", "*", effect="Deny")).allows("oss:PutObject", BUCKET_OBJECT)
    assert role(write, allow("oss:PutObject", "*", effect="Deny", Condition=MFA)).allows("oss:PutObject", BUCKET_OBJECT)


def test_a_grant_with_a_condition_still_counts_as_a_grant() -> None:
    assert role(allow("oss:PutObject", "*", Condition=MFA)).allows("oss:PutObject", BUCKET_OBJECT)


def test_notaction_allows_everything_it_does_not_name() -> None:
    app = role({"Effect": "Allow", "NotAction": ["ram:*"], "Resource": "*"})
    assert app.allows("kms:Decrypt", f"acs:kms:cn-hangzhou:{ACCOUNT}:key/k1")
    assert not app.allows("ram:PassRole", f"acs:ram::{ACCOUNT}:role/admin")


def test_a_resource_in_another_case_may_be_allowed_since_the_documentation_does_not_say() -> None:
    assert role(allow("oss:GetObject", "acs:oss:*:*:App-Data/*")).allows("oss:GetObject", BUCKET_OBJECT)


def test_only_actions_granted_on_every_resource_of_their_service_are_allowed_everywhere() -> None:
    app = role(allow("kms:*", "acs:kms:*:*:*"), allow("oss:GetObject", "acs:oss:*:*:app-data/*"))
    assert app.allowed_everywhere(["kms:Decrypt", "oss:GetObject", "ram:PassRole"]) == ["kms:Decrypt"]
    assert app.allows_everywhere("kms:Decrypt", account=ACCOUNT)


def test_a_deny_of_any_part_means_not_everywhere() -> None:
    app = role(allow("kms:*"), allow("kms:Decrypt", "acs:kms:*:*:key/prod-*", effect="Deny"))
    assert not app.allows_everywhere("kms:Decrypt")
    assert app.allows_everywhere("kms:Encrypt")


@pytest.mark.parametrize(
    ("patterns", "covered"),
    [
        (["*"], True),
        (["acs:kms:*:*:*"], True),
        (["acs:*:*:*:*"], True),
        (["acs:kms:*:*:key/*", "acs:kms:*:*:alias/*"], False),
        (["acs:kms:cn-hangzhou:*:*"], False),
        (["acs:KMS:*:*:*"], False),
    ],
)
def test_patterns_cover_every_arn_of_a_service_only_when_their_union_does(patterns: Any, covered: bool) -> None:
    assert covers_service(patterns, "kms") is covered


def test_a_pattern_covering_one_account_covers_the_service_in_that_account_only() -> None:
    assert covers_service([f"acs:kms:*:{ACCOUNT}:*"], "kms", account=ACCOUNT)
    assert not covers_service([f"acs:kms:*:{ACCOUNT}:*"], "kms")


def test_a_rectangle_of_patterns_is_allowed_whole_in_part_or_not_at_all() -> None:
    app = role(allow("oss:*", "acs:oss:*:*:app-data/*"))
    assert app.allows_pattern(["oss:Get*"], ["acs:oss:*:*:app-data/reports/*"])
    assert not app.allows_pattern(["oss:Get*"], ["acs:oss:*:*:*"])
    assert app.touches_pattern(["oss:Get*"], ["acs:oss:*:*:*"])
    assert not app.touches_pattern(["kms:*"], ["*"])
