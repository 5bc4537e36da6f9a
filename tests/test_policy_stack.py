"""Stack-wide guardrails: one role per ECS instance, and instance roles only in a VPC."""

from policy_helpers import instance, instance_binding, planned, run_stack_policy

from alicloud_instance_role.guardrails.rules import (
    DEPRECATED_ROLE_ATTACHMENT,
    INSTANCE_ROLE_NEEDS_VPC,
    ONE_ROLE_PER_INSTANCE,
)
from alicloud_instance_role.preview.analyzer import UNKNOWN

# ---------------------------------------------------------------- ecs-one-role-per-instance


def test_one_binding_per_instance_passes():
    stack = [instance_binding("web", "i-web"), instance_binding("db", "i-db"), instance("other")]
    assert run_stack_policy(ONE_ROLE_PER_INSTANCE, stack) == []


def test_two_attachments_on_one_instance_are_refused_naming_the_instance_and_both_resources():
    first, second = instance_binding("app", "i-web", "app-dev"), instance_binding("batch", "i-web", "batch-dev")
    [(message, urn)] = run_stack_policy(ONE_ROLE_PER_INSTANCE, [first, second])
    assert urn == second.urn
    assert "instance i-web" in message and first.urn in message and second.urn in message
    assert "'app-dev'" in message and "'batch-dev'" in message


def test_two_attachments_of_the_same_role_on_one_instance_are_refused_too():
    stack = [instance_binding("a", "i-web"), instance_binding("b", "i-web")]
    assert len(run_stack_policy(ONE_ROLE_PER_INSTANCE, stack)) == 1


def test_an_instance_with_a_role_name_and_an_attachment_of_another_role_is_refused():
    web = instance("web", id="i-web", roleName="legacy-role")
    binding = instance_binding("app", "i-web", "app-dev")
    [(message, urn)] = run_stack_policy(ONE_ROLE_PER_INSTANCE, [web, binding])
    assert urn == binding.urn and web.urn in message and "instance i-web" in message


def test_during_preview_an_attachment_is_matched_to_its_new_instance_through_its_dependencies():
    web = instance("web", roleName="legacy-role")  # no ID before it is created
    binding = instance_binding("app", UNKNOWN, "app-dev", property_dependencies={"instanceId": [web.urn]})
    [(message, urn)] = run_stack_policy(ONE_ROLE_PER_INSTANCE, [web, binding])
    assert urn == binding.urn and "instance web (ID known after creation)" in message


def test_an_attachment_is_matched_to_its_in_stack_instance_through_its_dependencies_even_with_a_known_id():
    # The instance's properties never hold its own ID: only the dependency tells which one it is.
    web = instance("web", roleName="legacy-role")
    binding = instance_binding("app", "i-web", "app-dev", property_dependencies={"instanceId": [web.urn]})
    [(message, urn)] = run_stack_policy(ONE_ROLE_PER_INSTANCE, [web, binding])
    assert urn == binding.urn and "instance i-web" in message and web.urn in message


def test_an_instance_reporting_the_role_its_attachment_gave_it_is_one_binding():
    # After a refresh the instance's outputs name the role the attachment beside it attached.
    stack = [instance("web", id="i-web", roleName="app-dev"), instance_binding("app", "i-web", "app-dev")]
    assert run_stack_policy(ONE_ROLE_PER_INSTANCE, stack) == []


def test_bindings_whose_instance_or_role_is_unknown_are_skipped_quietly():
    unknown_instance = [instance_binding("a", UNKNOWN), instance_binding("b", UNKNOWN)]
    assert run_stack_policy(ONE_ROLE_PER_INSTANCE, unknown_instance) == []
    unknown_role = [instance("web", id="i-web", roleName="legacy"), instance_binding("app", "i-web", UNKNOWN)]
    assert run_stack_policy(ONE_ROLE_PER_INSTANCE, unknown_role) == []


def test_the_deprecated_role_attachment_counts_as_a_binding_of_each_of_its_instances():
    legacy = planned(DEPRECATED_ROLE_ATTACHMENT, "legacy", {"roleName": "old", "instanceIds": ["i-a", "i-b"]})
    binding = instance_binding("app", "i-b")
    [(message, urn)] = run_stack_policy(ONE_ROLE_PER_INSTANCE, [legacy, binding])
    assert urn == binding.urn and "instance i-b" in message and legacy.urn in message


# ---------------------------------------------------------------- ecs-instance-role-needs-vpc


def test_a_vpc_instance_with_a_role_passes():
    web = instance("web", roleName="app-dev")
    assert run_stack_policy(INSTANCE_ROLE_NEEDS_VPC, [web]) == []


def test_an_instance_without_a_vswitch_given_a_role_by_role_name_is_flagged():
    classic = instance("classic", roleName="app-dev", vswitchId="")
    [(message, urn)] = run_stack_policy(INSTANCE_ROLE_NEEDS_VPC, [classic])
    assert urn == classic.urn and "only for VPC instances" in message


def test_an_instance_without_a_vswitch_given_a_role_by_an_attachment_is_flagged():
    classic = planned("alicloud:ecs/instance:Instance", "classic", {"httpTokens": "required"})
    binding = instance_binding("app", UNKNOWN, property_dependencies={"instanceId": [classic.urn]})
    assert [urn for _, urn in run_stack_policy(INSTANCE_ROLE_NEEDS_VPC, [classic, binding])] == [classic.urn]


def test_an_instance_without_a_vswitch_or_a_role_is_not_this_rules_business():
    classic = planned("alicloud:ecs/instance:Instance", "classic", {})
    assert run_stack_policy(INSTANCE_ROLE_NEEDS_VPC, [classic, instance_binding("app", "i-elsewhere")]) == []
