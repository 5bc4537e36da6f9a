"""Arguments that hold Outputs beside known values: the known parts are checked at construction,
before anything is registered, with the paths and codes of plain arguments; only the unknown
parts wait until they resolve (issue 17)."""

from typing import Any, Callable, Dict, List

import pulumi
import pulumi_alicloud as alicloud
import pytest

from alicloud_instance_role import InstanceRoleComponent, check
from alicloud_instance_role.arguments import known_part_problems, stand_in, with_stand_ins
from alicloud_instance_role.documents import Access, Problem, load, permission_policy
from alicloud_instance_role.instance_role import InstanceRoleArgsError
from alicloud_instance_role.testing import RunResult, run_program

Statements = Callable[["pulumi.Output[str]"], List[Dict[str, Any]]]


def with_bucket(statements: Statements, preview: bool) -> RunResult:
    """A program whose role's statements name an auto-named bucket of the same stack."""

    def program() -> None:
        assets = alicloud.oss.Bucket("assets")
        objects = assets.bucket.apply(lambda name: f"acs:oss:*:*:{name}/*")
        InstanceRoleComponent("web", {"policy_statements": statements(objects)})  # type: ignore[typeddict-item]

    return run_program(program, project="team", stack="dev", preview=preview, account_id="1234567890123456")


def registered(run: RunResult, kind: str) -> List[str]:
    return [reg.name for reg in run.registrations if reg.type == kind]


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "deployment"])
def test_a_wrong_action_beside_an_output_resource_stops_the_program_before_the_role_is_registered(
    preview: bool,
) -> None:
    run = with_bucket(lambda objects: [{"actions": ["oss.GetObject"], "resources": [objects]}], preview)
    assert isinstance(run.error, InstanceRoleArgsError), run.error_text
    assert "nothing was created" in run.error_text
    assert [(p.code, p.path) for p in run.error.problems] == [("RAM107", "policy_statements[0].actions[0]")]
    # Only what the program declared before the component exists; nothing of the component does.
    assert [reg.name for reg in run.registrations] == ["assets"]


def test_a_plain_admin_statement_beside_a_statement_with_an_output_is_warned_about_at_construction() -> None:
    run = with_bucket(
        lambda objects: [
            {"actions": ["oss:GetObject"], "resources": [objects]},
            {"actions": ["ram:*"], "resources": ["*"]},
        ],
        preview=True,
    )
    assert run.error is None, run.error_text
    warnings = [entry.message for entry in run.warnings()]
    assert any(w.startswith("policy_statements[1]: allows the whole ram service") for w in warnings), warnings


def test_an_admin_grant_on_star_and_an_output_is_warned_about_once_at_construction() -> None:
    run = with_bucket(lambda objects: [{"actions": ["ram:*"], "resources": ["*", objects]}], preview=False)
    assert run.error is None, run.error_text
    whole_ram = [e.message for e in run.warnings() if "allows the whole ram service" in e.message]
    # Given at construction, and not again when the bucket's name resolves.
    assert len(whole_ram) == 1, whole_ram
    assert whole_ram[0].startswith("policy_statements[0]: ")


def test_a_statement_that_is_itself_an_output_leaves_the_other_statements_checked_now() -> None:
    def program() -> None:
        later = pulumi.Output.from_input({"actions": ["oss:GetObject"], "resources": ["*"]})
        InstanceRoleComponent(
            "web",
            {"policy_statements": [later, {"actions": ["oss:Get Object"], "resources": ["*"]}]},  # type: ignore[list-item]
        )

    run = run_program(program, preview=True)
    assert isinstance(run.error, InstanceRoleArgsError), run.error_text
    assert [p.path for p in run.error.problems] == ["policy_statements[1].actions[0]"]


def test_check_reports_errors_in_the_known_parts_of_a_value_holding_outputs() -> None:
    found: List[Problem] = []

    def program() -> None:
        resource = pulumi.Output.from_input("acs:oss:*:*:bucket/*")
        found.extend(check("web", {"policy_statements": [{"actions": ["oss"], "resources": [resource]}]}))  # type: ignore[list-item]

    run = run_program(program, preview=True)
    assert run.error is None, run.error_text
    assert [(p.code, p.path) for p in found] == [("RAM107", "policy_statements[0].actions[0]")]


def test_an_unknown_part_that_turns_out_wrong_still_stops_the_deployment_when_it_resolves() -> None:
    def program() -> None:
        InstanceRoleComponent(
            "web",
            {"policy_statements": [{"actions": ["oss:GetObject"], "resources": [pulumi.Output.from_input("bucket")]}]},
        )

    run = run_program(program, preview=False)
    assert isinstance(run.error, InstanceRoleArgsError), run.error_text
    assert "the deployment stops before using them" in run.error_text
    assert [p.path for p in run.error.problems] == ["policy_statements[0].resources[0]"]


# ---------------------------------------------------------------- the pure core's stand-ins


def test_stand_ins_fit_their_place_and_hold_no_wildcard() -> None:
    resource, action, word = (
        stand_in("policy_statements[0].resources[1]", 1),
        stand_in("policy_statements[0].actions[0]", 2),
        stand_in("tags.team", 3),
    )
    assert resource.startswith("acs:ram::") and action.count(":") == 1 and word
    assert not any(c in text for text in (resource, action, word) for c in "*?")


def test_a_stand_in_resource_grants_no_whole_service_and_names_one_role_for_pass_role() -> None:
    value, stand_ins = with_stand_ins(
        [{"actions": ["kms:*", "ram:PassRole"], "resources": ["unknown"]}], lambda item: item == "unknown", ""
    )
    assert stand_ins == ["[0].resources[0]"]
    built = permission_policy(value)
    assert built.document is not None, built.problems
    access = Access(load(built.text))
    assert access.grants_all("kms") is None
    assert not access.allows("ram:PassRole", "acs:ram::1234567890123456:role/admin")


def test_warnings_about_a_stand_in_or_the_size_it_changes_are_dropped_and_the_rest_kept() -> None:
    problems = [
        Problem("RAM205", "policy_statements[0].resources[0]", "a warning about the stand-in"),
        Problem("RAM107", "policy_statements[0].actions[0]", "about a known action"),
        Problem("RAM118", "policy_statements", "about the size"),
        Problem("RAM212", "policy_statements[1]", "a warning about a stand-in statement"),
        Problem("RAM127", "tags.acs:team", "an error at a stand-in's path: about the known key"),
    ]
    kept = known_part_problems(problems, ["policy_statements[0].resources[0]", "policy_statements[1]", "tags.acs:team"])
    assert [p.code for p in kept] == ["RAM107", "RAM127"]


@pytest.mark.parametrize(
    ("args", "path", "code"),
    [
        ({"tags": {"acs:team": pulumi.Output.from_input("x")}}, "tags.acs:team", "RAM127"),
        ({"trusted_services": [pulumi.Output.from_input("ecs.aliyuncs.com"), "ecs"]}, "trusted_services[1]", "RAM114"),
        (
            {
                "policy_statements": [
                    {
                        "actions": ["oss:GetObject"],
                        "resources": ["*"],
                        "conditions": {"StringEqualz": {"acs:SourceIp": pulumi.Output.from_input("10.0.0.1")}},
                    }
                ]
            },
            "policy_statements[0].conditions.StringEqualz",
            "RAM116",
        ),
    ],
    ids=["tag-key-beside-an-output-value", "service-beside-an-output", "operator-beside-an-output-value"],
)
def test_a_known_mistake_inside_any_argument_holding_outputs_is_refused_before_registration(
    args: Dict[str, Any], path: str, code: str
) -> None:
    run = run_program(lambda: InstanceRoleComponent("web", args), preview=True)  # type: ignore[arg-type]
    assert isinstance(run.error, InstanceRoleArgsError), run.error_text
    assert "nothing was created" in run.error_text and run.registrations == []
    assert [(p.code, p.path) for p in run.error.problems] == [(code, path)]
