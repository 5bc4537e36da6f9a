"""What stops the preview (exit 2), as a CI reads it: with ``--json``, ``errors`` is a list of
``{"path", "code", "message", "resource"}`` objects, one per problem when the error carries
them; the text on stderr reads as before."""

import json
from pathlib import Path
from typing import Any, Dict, List

from test_preview import ROLES, preview_project

from alicloud_instance_role.preview.errors import PreviewError, program_errors

KEYS = {"path", "code", "message", "resource"}


def _errors(result: Any) -> List[Dict[str, Any]]:
    assert result.returncode == 2, result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "error"
    assert all(set(error) == KEYS for error in document["errors"]), document["errors"]
    return document["errors"]


def test_every_config_problem_is_one_object_with_its_config_path_and_ram_code(tmp_path: Path) -> None:
    stack_file = (
        f"{ROLES}    app:\n      instance_idz: [i-1]\n"
        "      policy_statements:\n        - {actions: ['oss:GetObject', 'oss'], resources: ['*']}\n"
    )
    errors = _errors(preview_project(tmp_path, stack_file, "--json"))
    assert sorted(errors, key=lambda error: error["path"]) == [
        {
            "path": "alicloud-instance-role:roles.app.instance_idz",
            "code": None,
            "message": "unknown setting; did you mean 'instance_ids'?",
            "resource": None,
        },
        {
            "path": "alicloud-instance-role:roles.app.policy_statements[0].actions[1]",
            "code": "RAM107",
            "message": "'oss' is not an action; RAM accepts `<service>:<Action>` (with * and ? wildcards) or `*`",
            "resource": None,
        },
    ]
    # The text output lists the same problems, as readable as ever.
    text = preview_project(tmp_path, stack_file)
    assert "the stack's config has 2 problems; nothing was created:\n" in text.stderr
    assert "  - alicloud-instance-role:roles.app.policy_statements[0].actions[1]: 'oss' is not an action" in text.stderr
    assert "Traceback" not in text.stderr


COMPONENT_REFUSED = """
from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent

InstanceRoleComponent("web", InstanceRoleArgs(
    max_session_duration=60,
    policy_statements=[{"actions": ["oss:GetObject"], "resources": ["*"]}],
))
"""


def test_a_refused_component_argument_names_its_path_code_and_component(tmp_path: Path) -> None:
    (error,) = _errors(preview_project(tmp_path, "config: {}\n", "--json", program=COMPONENT_REFUSED))
    assert error == {
        "path": "max_session_duration",
        "code": "RAM121",
        "message": "RAM accepts 3600-43200 seconds (1-12 hours), got 60",
        "resource": "web",
    }


TEAM_ERROR = """
from dataclasses import dataclass
import pulumi


@dataclass
class Finding:
    path: str
    message: str
    code: str
    resource: str


class NetworkError(pulumi.RunError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("the network has problems")


raise NetworkError([
    Finding("cidr_block", "overlaps 10.0.0.0/8 of the hub", "NET001", "net"),
    Finding("zone_id", "no such zone", "NET002", "net-vswitch"),
])
"""


def test_a_teams_own_error_with_problems_is_reported_problem_by_problem(tmp_path: Path) -> None:
    errors = _errors(preview_project(tmp_path, "config: {}\n", "--json", program=TEAM_ERROR))
    assert errors == [
        {"path": "cidr_block", "code": "NET001", "message": "overlaps 10.0.0.0/8 of the hub", "resource": "net"},
        {"path": "zone_id", "code": "NET002", "message": "no such zone", "resource": "net-vswitch"},
    ]


def test_a_crashing_program_is_one_error_holding_its_traceback(tmp_path: Path) -> None:
    (error,) = _errors(preview_project(tmp_path, "config: {}\n", "--json", program="{}['zone']\n"))
    assert error["path"] is error["code"] is error["resource"] is None
    assert "Traceback (most recent call last)" in error["message"]
    assert error["message"].rstrip().endswith("KeyError: 'zone'")


def test_an_unreadable_stack_file_is_one_error_naming_the_file(tmp_path: Path) -> None:
    (error,) = _errors(preview_project(tmp_path, "config: [\n", "--json"))
    assert error["path"] == "Pulumi.test.yaml" and error["code"] is None
    assert error["message"].startswith("Pulumi.test.yaml: not valid YAML")


class _Problem:
    def __init__(self, path: Any, message: Any) -> None:
        self.path, self.message = path, message


class _WithProblems(Exception):
    def __init__(self, problems: Any, resource: Any = None) -> None:
        super().__init__("refused")
        self.problems, self.resource = problems, resource


def test_problems_without_their_own_resource_take_the_errors_and_missing_codes_are_none() -> None:
    error = _WithProblems([_Problem("a[0]", "wrong")], resource="app")
    assert program_errors(error, "refused") == [PreviewError("wrong", "a[0]", None, "app")]


def test_a_problem_about_a_whole_document_has_no_path() -> None:
    (error,) = program_errors(_WithProblems([_Problem("", "not JSON")]), "refused")
    assert error.as_json() == {"path": None, "code": None, "message": "not JSON", "resource": None}


def test_an_error_whose_problems_do_not_follow_the_protocol_is_one_error_with_its_text() -> None:
    for problems in (["a string problem"], [_Problem("a", None)], "not a list", []):
        assert program_errors(_WithProblems(problems), "the text") == [PreviewError("the text")]


def test_text_that_is_not_unicode_is_escaped_so_the_json_can_be_written() -> None:
    (error,) = program_errors(_WithProblems([_Problem("tags.\udcff", "bad key")]), "")
    json.dumps(error.as_json(), ensure_ascii=False).encode("utf-8")
    assert error.path == "tags.\\udcff"
