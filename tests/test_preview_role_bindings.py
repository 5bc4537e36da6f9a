"""The preview's role summary reads bindings through the same layer as the guardrails: every
kind of binding shows its instance, whatever the stack's program wrote."""

import json
from typing import Dict, List

import pulumi
import pulumi_alicloud as alicloud

from alicloud_instance_role.offline.runner import run_program
from alicloud_instance_role.preview.plan import build_plan
from alicloud_instance_role.preview.roles import RoleSummary, summarize

TRUST = json.dumps(
    {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
    }
)


def _summaries(preview: bool = True, **instance_options: str) -> Dict[str, RoleSummary]:
    def program() -> None:
        role = alicloud.ram.Role("app-role", role_name="app", assume_role_policy_document=TRUST)
        alicloud.ram.Role("other-role", role_name="other", assume_role_policy_document=TRUST)
        alicloud.ram.RoleAttachment(
            "legacy-binding", role_name=role.role_name, instance_ids=["i-bp1legacy1", "i-bp1legacy2"]
        )
        web = alicloud.ecs.Instance(
            "web", instance_type="ecs.g7.large", image_id="ubuntu", vswitch_id="vsw-1", **instance_options
        )
        pulumi.export("web", web.id)

    run = run_program(program, preview=preview)
    assert run.error is None, run.error_text
    return {summary.role: summary for summary in summarize(build_plan(run))}


def _instances(summaries: Dict[str, RoleSummary], role: str) -> List[str]:
    return summaries[role].instances


def test_a_role_bound_by_the_deprecated_ram_role_attachment_shows_its_instances() -> None:
    assert _instances(_summaries(), "app") == ["i-bp1legacy1", "i-bp1legacy2"]


def test_a_role_named_by_an_instances_own_role_name_shows_that_instance() -> None:
    summaries = _summaries(role_name="other")
    assert len(_instances(summaries, "other")) == 1
    assert _instances(summaries, "app") == ["i-bp1legacy1", "i-bp1legacy2"]


def test_an_instance_whose_id_is_known_after_apply_is_named_by_its_resource() -> None:
    assert _instances(_summaries(role_name="other"), "other") == ["web (known after apply)"]


def test_an_instance_bound_by_its_role_name_and_an_attachment_to_one_role_is_listed_once() -> None:
    def program() -> None:
        role = alicloud.ram.Role("app-role", role_name="app", assume_role_policy_document=TRUST)
        web = alicloud.ecs.Instance(
            "web", instance_type="ecs.g7.large", image_id="ubuntu", vswitch_id="vsw-1", role_name="app"
        )
        alicloud.ecs.RamRoleAttachment("web-binding", instance_id=web.id, ram_role_name=role.role_name)

    for preview in (True, False):
        run = run_program(program, preview=preview)
        assert run.error is None, run.error_text
        (summary,) = summarize(build_plan(run))
        assert len(summary.instances) == 1, (preview, summary.instances)
