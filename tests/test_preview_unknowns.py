"""The offline preview of a team stack whose RAM documents name resources of the same stack
(an auto-named bucket, an instance): what only the cloud knows is made up to be judged, marked
where it shows, and nothing unjudged passes as "ok" (issue 17)."""

import io
import json
import shutil
from pathlib import Path
from typing import Any, Dict, Tuple

import pulumi_alicloud as alicloud
import pytest

from alicloud_instance_role import InstanceRoleComponent
from alicloud_instance_role.instance_role import InstanceRoleArgsError
from alicloud_instance_role.offline.made_up import MadeUpValues, made_up_output, string_outputs
from alicloud_instance_role.preview.command import main
from alicloud_instance_role.testing import run_project

TEAM_PROJECT = Path(__file__).resolve().parents[1] / "examples" / "team-project"
STATEMENT = '{"actions": ["oss:GetObject"], "resources": [assets.bucket.apply(lambda name: f"acs:oss:*:*:{name}/*")]}'
ADMIN_IN_AN_APPLY = """
alicloud.ram.Policy(
    "hand-written",
    policy_name="hand-written",
    policy_document=assets.bucket.apply(
        lambda name: json.dumps(
            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["*", f"acs:oss:*::{name}"]}]}
        )
    ),
)
"""


def team(tmp_path: Path, statements: str = STATEMENT, extra: str = "") -> Path:
    """A copy of examples/team-project with the role's statements replaced, and ``extra`` code."""
    project = tmp_path / "team-project"
    shutil.copytree(TEAM_PROJECT, project, ignore=shutil.ignore_patterns("venv", "__pycache__", "tests"))
    program = (project / "__main__.py").read_text()
    assert STATEMENT in program
    program = program.replace(STATEMENT, statements).replace("import pulumi\n", "import json\n\nimport pulumi\n")
    (project / "__main__.py").write_text(program + extra)
    return project


def previewed(project: Path, *options: str) -> Tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["--project-dir", str(project), "--stack", "dev", *options], out=out, err=err)
    return status, out.getvalue() + err.getvalue()


def previewed_json(project: Path) -> Tuple[int, Dict[str, Any]]:
    out = io.StringIO()
    status = main(["--project-dir", str(project), "--stack", "dev", "--json"], out=out, err=io.StringIO())
    return status, json.loads(out.getvalue())


def test_the_clean_team_stack_passes_and_says_what_the_role_may_do_on_the_made_up_bucket(tmp_path: Path) -> None:
    project = team(tmp_path)
    status, text = previewed(project)
    assert status == 0, text
    assert "may: oss: GetObject on acs:oss:*:*:<assets.bucket>/* [web-policy]" in text
    assert '"acs:oss:*:*:<assets.bucket>/*"' in text
    assert "(judged with made-up <assets.bucket>)" in text
    assert "  <assets.bucket>: bucket of alicloud.oss.Bucket assets\n" in text
    assert "instanceId: <web.id>" in text
    assert text.rstrip().endswith("(3 RAM documents checked): ok")
    status, document = previewed_json(project)
    assert status == 0 and document["status"] == "ok" and document["checked_at_deploy"] == []
    (policy,) = [d for d in document["documents"] if d["used_by"] == ["web-policy.policyDocument"]]
    assert policy["made_up"] == ["<assets.bucket>"]
    assert json.loads(policy["text"])["Statement"][0]["Resource"] == ["acs:oss:*:*:<assets.bucket>/*"]
    bucket = next(m for m in document["made_up"] if m["label"] == "<assets.bucket>")
    assert bucket["resource"] == "assets" and bucket["value"].startswith("madeup-") and "*" not in bucket["value"]


def test_a_wrong_action_beside_the_bucket_fails_the_preview_at_its_path(tmp_path: Path) -> None:
    project = team(tmp_path, STATEMENT.replace("oss:GetObject", "oss.GetObject"))
    status, text = previewed(project)
    assert status == 2, text
    assert "policy_statements[0].actions[0]: 'oss.GetObject' is not an action" in text
    assert "nothing was created" in text and "Traceback" not in text
    status, document = previewed_json(project)
    assert status == 2 and document["status"] == "error"
    assert [(e["path"], e["code"], e["resource"]) for e in document["errors"]] == [
        ("policy_statements[0].actions[0]", "RAM107", "web")
    ]


def test_a_plain_admin_statement_beside_the_bucket_statement_fails_the_preview(tmp_path: Path) -> None:
    project = team(tmp_path, STATEMENT + ', {"actions": ["ram:*"], "resources": ["*"]}')
    status, text = previewed(project)
    assert status == 1, text
    assert "[mandatory] ram-no-sensitive-service-grant on web-policy" in text
    assert "FAIL: pulumi up would stop" in text


def test_an_admin_grant_on_star_and_the_bucket_fails_the_preview_in_text_and_json(tmp_path: Path) -> None:
    statement = '{"actions": ["ram:*"], "resources": ["*", assets.bucket.apply(lambda name: f"acs:oss:*:*:{name}")]}'
    project = team(tmp_path, statement)
    status, text = previewed(project)
    assert status == 1, text
    assert "[mandatory] ram-no-sensitive-service-grant on web-policy" in text
    status, document = previewed_json(project)
    assert status == 1 and document["status"] == "violations"
    assert {d["policy"] for d in document["diagnostics"] if d["level"] == "mandatory"} >= {
        "ram-no-sensitive-service-grant",
        "ram-no-privilege-escalation",
    }


def test_a_hand_written_admin_policy_built_in_an_apply_fails_the_preview(tmp_path: Path) -> None:
    project = team(tmp_path, extra=ADMIN_IN_AN_APPLY)
    status, text = previewed(project)
    assert status == 1, text
    assert "[mandatory] ram-no-admin-grant on hand-written" in text
    assert "used by hand-written.policyDocument (judged with made-up <assets.bucket>)" in text


def test_a_document_whose_apply_fails_on_made_up_values_is_checked_at_deploy_never_ok(tmp_path: Path) -> None:
    failing = """
def only_real(name):
    if name.startswith("madeup-"):
        raise ValueError("not a bucket this program knows")
    return json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


alicloud.ram.Policy("picky", policy_name="picky", policy_document=assets.bucket.apply(only_real))
"""
    project = team(tmp_path, extra=failing)
    status, text = previewed(project)
    assert status == 0, text
    assert "picky.policyDocument: the program fails when values only the cloud knows are made up" in text
    assert text.rstrip().endswith("ok for what is known; 2 documents checked at deploy")
    status, document = previewed_json(project)
    assert status == 0 and document["status"] == "ok-for-what-is-known"
    assert {entry["what"] for entry in document["checked_at_deploy"]} == {
        "picky.policyDocument",
        "web-policy.policyDocument",
    }
    assert all("not a bucket this program knows" in entry["why"] for entry in document["checked_at_deploy"])


def test_a_wrong_action_beside_the_bucket_stops_a_deployment_before_the_component_registers_anything(
    tmp_path: Path,
) -> None:
    project = team(tmp_path, STATEMENT.replace("oss:GetObject", "oss.GetObject"))
    run = run_project(project, "dev", preview=False)
    assert isinstance(run.error, InstanceRoleArgsError), run.error_text
    assert "nothing was created" in run.error_text
    # What the program declared before the component is Pulumi's to register; the component,
    # and so every RAM resource, never is.
    assert not [reg for reg in run.registrations if reg.type.startswith(("alicloud:ram", "alicloud-instance-role"))]
    assert not run.of_type(alicloud.ecs.RamRoleAttachment) and not run.of_type(InstanceRoleComponent)


# ---------------------------------------------------------------- the made-up values themselves


def test_only_string_outputs_a_resource_always_has_are_made_up() -> None:
    outputs = string_outputs("alicloud:oss/bucket:Bucket")
    assert "bucket" in outputs and "extranetEndpoint" in outputs
    assert "policy" not in outputs and "tags" not in outputs  # optional, or not a string
    assert string_outputs("team:index:Network") == ()


@pytest.mark.parametrize("name", ["assets", "Web_Server.1", "a" * 80])
def test_a_made_up_output_is_a_concrete_lowercase_name_that_fits_a_bucket(name: str) -> None:
    value = made_up_output("alicloud:oss/bucket:Bucket", name, "bucket")
    assert len(value) <= 63 and value == value.lower()
    assert all(c.isalnum() or c == "-" for c in value) and value[0].isalpha() and value[-1] != "-"


def test_marking_replaces_each_made_up_value_by_its_label_and_leaves_the_rest() -> None:
    values = MadeUpValues()
    bucket = values.add("madeup-assets-bucket-1a2b3c", "alicloud:oss/bucket:Bucket", "assets", "bucket")
    assert values.mark(f"acs:oss:*:*:{bucket}/*") == "acs:oss:*:*:<assets.bucket>/*"
    assert values.mark_all({"r": [f"{bucket}", "plain"]}) == {"r": ["<assets.bucket>", "plain"]}


def test_a_resource_built_in_an_apply_that_ram_rejects_stops_the_preview_as_judged_with_made_up_values(
    tmp_path: Path,
) -> None:
    statement = '{"actions": ["oss:GetObject"], "resources": [assets.bucket.apply(lambda name: f"oss://{name}/*")]}'
    project = team(tmp_path, statement)
    status, text = previewed(project)
    assert status == 2, text
    assert "judged with values made up for what only the cloud knows" in text
    assert "policy_statements[0].resources[0]: 'oss://<assets.bucket>/*'" in text
    assert "checked at deploy" not in text
    status, document = previewed_json(project)
    assert status == 2 and document["status"] == "error"
    [error] = document["errors"]
    assert (error["path"], error["code"], error["resource"]) == ("policy_statements[0].resources[0]", "RAM109", "web")
    assert "<assets.bucket>" in error["message"]
    assert error["message"].endswith("(judged with values made up for what only the cloud knows)")
