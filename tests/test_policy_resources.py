"""Guardrails on single resources: names, policy versions, deprecations, sessions, instances."""

import pytest
from policy_helpers import ECS_TRUST, ROTATE, run_policy

from alicloud_instance_role.guardrails.rules import (
    DEPRECATED_ROLE_ATTACHMENT,
    INSTANCE,
    INSTANCE_BINDING,
    INSTANCE_HARDENED_METADATA,
    NAMES_VALID,
    NO_DEPRECATED_FIELDS,
    NO_DEPRECATED_ROLE_ATTACHMENT,
    POLICIES,
    POLICY,
    POLICY_ROTATE_STRATEGY,
    ROLE,
    SESSION_DURATION_LIMIT,
)
from alicloud_instance_role.preview.analyzer import UNKNOWN

# ---------------------------------------------------------------- the pack as a whole


def test_every_rule_has_a_stable_kebab_case_name_a_description_and_a_level():
    names = [policy.name for policy in POLICIES]
    assert len(set(names)) == len(names) == 19
    for policy in POLICIES:
        assert policy.name.replace("-", "").isalpha() and policy.name == policy.name.lower(), policy.name
        assert policy.description.endswith("."), policy.name
        assert policy.enforcement_level is not None, policy.name


# ---------------------------------------------------------------- ram-names-valid


def test_valid_role_and_policy_names_pass():
    assert run_policy(NAMES_VALID, ROLE, {"roleName": "app.dev-1"}) == []
    assert run_policy(NAMES_VALID, POLICY, {"policyName": "app-dev-1-policy"}) == []


def test_a_policy_name_with_a_dot_is_refused_though_a_role_name_may_have_one():
    assert run_policy(NAMES_VALID, ROLE, {"roleName": "app.dev"}) == []
    [message] = run_policy(NAMES_VALID, POLICY, {"policyName": "app.dev"})
    assert message.startswith("policyName: ") and "'.'" in message


def test_a_role_name_longer_than_64_characters_is_refused():
    [message] = run_policy(NAMES_VALID, ROLE, {"roleName": "r" * 65})
    assert message.startswith("roleName: ") and "64" in message


def test_the_deprecated_name_field_is_checked_when_the_new_one_is_absent():
    [message] = run_policy(NAMES_VALID, ROLE, {"name": "app_dev"})
    assert message.startswith("name: ") and "'_'" in message


def test_a_name_unknown_during_preview_is_skipped_quietly():
    assert run_policy(NAMES_VALID, ROLE, {"roleName": UNKNOWN, "name": "app_dev"}) == []


# ---------------------------------------------------------------- ram-policy-rotate-strategy


def test_a_policy_that_rotates_its_versions_passes():
    assert run_policy(POLICY_ROTATE_STRATEGY, POLICY, {"rotateStrategy": ROTATE}) == []


@pytest.mark.parametrize(("props", "shown"), [({}, "is not set"), ({"rotateStrategy": "None"}, "is 'None'")])
def test_a_policy_without_version_rotation_is_flagged(props, shown):
    messages = run_policy(POLICY_ROTATE_STRATEGY, POLICY, props)
    assert len(messages) == 1 and messages[0].startswith(f"rotateStrategy {shown}: ")


def test_rotation_is_not_asked_of_roles_or_unknown_strategies():
    assert run_policy(POLICY_ROTATE_STRATEGY, ROLE, {}) == []
    assert run_policy(POLICY_ROTATE_STRATEGY, POLICY, {"rotateStrategy": UNKNOWN}) == []


# ---------------------------------------------------------------- deprecations


def test_the_deprecated_role_attachment_is_flagged_and_the_instance_binding_is_not():
    assert len(run_policy(NO_DEPRECATED_ROLE_ATTACHMENT, DEPRECATED_ROLE_ATTACHMENT, {"roleName": "r"})) == 1
    assert run_policy(NO_DEPRECATED_ROLE_ATTACHMENT, INSTANCE_BINDING, {"ramRoleName": "r"}) == []


def test_roles_and_policies_with_current_fields_pass_the_deprecation_rule():
    assert run_policy(NO_DEPRECATED_FIELDS, ROLE, {"roleName": "r", "assumeRolePolicyDocument": ECS_TRUST}) == []
    assert run_policy(NO_DEPRECATED_FIELDS, POLICY, {"policyName": "p", "policyDocument": "{}"}) == []


def test_deprecated_name_and_document_fields_are_flagged_with_their_replacement():
    assert run_policy(NO_DEPRECATED_FIELDS, ROLE, {"name": "r", "document": ECS_TRUST}) == [
        "name is deprecated; use roleName instead",
        "document is deprecated; use assumeRolePolicyDocument instead",
    ]
    assert run_policy(NO_DEPRECATED_FIELDS, POLICY, {"name": "p", "document": UNKNOWN}) == [
        "name is deprecated; use policyName instead",
        "document is deprecated; use policyDocument instead",
    ]


def test_an_instance_given_its_role_by_role_name_is_pointed_to_the_instance_binding():
    assert run_policy(NO_DEPRECATED_FIELDS, INSTANCE, {"roleName": "app-dev"}) == [
        "roleName is deprecated; use an alicloud.ecs.RamRoleAttachment instead"
    ]
    assert run_policy(NO_DEPRECATED_FIELDS, INSTANCE, {"vswitchId": "vsw-1"}) == []


# ---------------------------------------------------------------- ram-session-duration-limit


def test_a_session_at_the_limit_passes_and_a_longer_one_is_flagged():
    assert run_policy(SESSION_DURATION_LIMIT, ROLE, {"maxSessionDuration": 14400}) == []
    assert run_policy(SESSION_DURATION_LIMIT, ROLE, {"maxSessionDuration": 21600}) == [
        "maxSessionDuration is 21600 seconds, above the limit of 14400; credentials that leak stay usable that long"
    ]


def test_the_session_limit_is_a_setting():
    two_hours = {"maxSessionDuration": 7200}
    assert run_policy(SESSION_DURATION_LIMIT, ROLE, {"maxSessionDuration": 7200}, two_hours) == []
    assert len(run_policy(SESSION_DURATION_LIMIT, ROLE, {"maxSessionDuration": 7201}, two_hours)) == 1


def test_a_role_without_a_session_duration_or_with_an_unknown_one_passes():
    assert run_policy(SESSION_DURATION_LIMIT, ROLE, {}) == []
    assert run_policy(SESSION_DURATION_LIMIT, ROLE, {"maxSessionDuration": UNKNOWN}) == []


# ---------------------------------------------------------------- ecs-instance-hardened-metadata


def test_an_instance_requiring_metadata_tokens_passes():
    assert run_policy(INSTANCE_HARDENED_METADATA, INSTANCE, {"httpTokens": "required"}) == []


@pytest.mark.parametrize(("props", "shown"), [({}, "is not set"), ({"httpTokens": "optional"}, "is 'optional'")])
def test_an_instance_serving_metadata_without_tokens_is_flagged(props, shown):
    messages = run_policy(INSTANCE_HARDENED_METADATA, INSTANCE, props)
    assert len(messages) == 1 and messages[0].startswith(f"httpTokens {shown}: ")


def test_metadata_tokens_are_not_asked_of_other_resources_or_when_unknown():
    assert run_policy(INSTANCE_HARDENED_METADATA, ROLE, {}) == []
    assert run_policy(INSTANCE_HARDENED_METADATA, INSTANCE, {"httpTokens": UNKNOWN}) == []
