"""Names that do not exist (``documents.names``): actions no service has, service codes RAM does
not use, System policies spelled otherwise than RAM spells them. Warnings with the closest real
name, at the path of the name; never errors."""

import doctest
import json
from pathlib import Path
from typing import Dict, List, Set, Tuple

from hypothesis import given
from hypothesis import strategies as st

from alicloud_instance_role import arguments
from alicloud_instance_role.catalogue import actions, system_policies
from alicloud_instance_role.documents import names, validate
from alicloud_instance_role.documents.names import action_problems, system_policy_problem


def test_the_examples_in_the_documentation_hold() -> None:
    for module in (names, actions, system_policies):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def _document(*action_lists: List[str]) -> str:
    statements = [{"Effect": "Allow", "Action": listed, "Resource": "*"} for listed in action_lists]
    return json.dumps({"Version": "1", "Statement": statements})


def _found(*action_lists: List[str]) -> List[Tuple[str, str, str]]:
    return [(p.code, p.path, p.message) for p in validate(_document(*action_lists))]


def test_an_unknown_action_gets_the_closest_real_one() -> None:
    [(code, path, message)] = _found(["oss:GetObject", "oss:GetObjects"])
    assert (code, path) == ("RAM221", "Statement[0].Action[1]")
    assert message == "'oss:GetObjects' matches no Object Storage Service action; did you mean 'oss:GetObject'?"
    [(_, _, listing)] = _found(["oss:ListObject"])
    assert "did you mean 'oss:ListObjects'?" in listing


def test_a_pattern_that_matches_no_action_is_reported_with_the_closest_real_start() -> None:
    [(code, path, message)] = _found(["ecs:Desribe*"])
    assert (code, path) == ("RAM221", "Statement[0].Action[0]")
    assert "did you mean 'ecs:Describe*'?" in message
    assert _found(["ecs:Describe*", "ecs:*SecurityGroup*", "oss:Get?bject", "ecs:*"]) == []


def test_a_product_code_where_the_ram_code_belongs_names_the_ram_code() -> None:
    [(code, _, message)] = _found(["sls:PostLogStoreLogs"])
    assert code == "RAM222"
    assert "RAM has no service code 'sls'" in message and "its RAM code is log" in message
    assert message.endswith("did you mean 'log:PostLogStoreLogs'?")
    [(_, _, open_code)] = _found(["fc-open:*"])
    assert open_code.endswith("did you mean 'fc:*'?")
    assert _found(["log:PostLogStoreLogs", "fc:InvokeFunction"]) == []


def test_an_unknown_service_gets_one_advisory_at_its_first_use() -> None:
    found = _found(["bss:DescribeOrder", "oss:GetObject"], ["BSS:Other", "yundun-*:*", "*:Describe*"])
    assert [(code, path) for code, path, _ in found] == [("RAM223", "Statement[0].Action[0]")]
    assert "may lag behind the cloud" in found[0][2]


def test_names_that_do_not_exist_are_warnings_never_errors() -> None:
    problems = validate(_document(["oss:GetObjects", "sls:*", "nosuch:Thing"]))
    assert sorted(p.code for p in problems) == ["RAM221", "RAM222", "RAM223"]
    assert {p.severity for p in problems} == {"warning"}


def test_not_action_and_deny_statements_are_checked_too() -> None:
    text = json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Deny", "NotAction": "ecs:RunCommnd", "Resource": "*"}]}
    )
    [problem] = validate(text)
    assert (problem.code, problem.path) == ("RAM221", "Statement[0].NotAction")
    assert "did you mean 'ecs:RunCommand'?" in problem.message


@given(st.data())
def test_a_real_action_with_a_letter_added_is_reported_with_a_real_suggestion(data: st.DataObject) -> None:
    catalogue = actions.catalogue()
    service = catalogue.services[data.draw(st.sampled_from(sorted(catalogue.services)))]
    action = data.draw(st.sampled_from(service.actions))
    written = f"{action}Qz"
    if service.exists(written):
        return
    [problem] = action_problems([("Statement[0].Action[0]", f"{service.code}:{written}")])
    assert problem.code == "RAM221"
    suggestion = problem.message.rpartition("did you mean '")[2].rstrip("'?")
    code, _, name = suggestion.partition(":")
    assert code == service.code and service.spelled(name) == name


def test_a_system_policy_in_another_case_gets_rams_spelling() -> None:
    problem = system_policy_problem("AliyunEcsReadOnlyAccess", "system_policies[0]")
    assert problem is not None and problem.code == "RAM224"
    assert "'AliyunECSReadOnlyAccess'" in problem.message and "service_alicloud_ram_v2.go:388-391" in problem.message
    assert system_policy_problem("AliyunECSReadOnlyAccess", "system_policies[0]") is None


def test_an_unknown_system_policy_gets_an_advisory_with_the_closest_known_name() -> None:
    problem = system_policy_problem("AliyunECSReadOnlyAcess", "policyName")
    assert problem is not None and (problem.code, problem.path) == ("RAM225", "policyName")
    assert "did you mean 'AliyunECSReadOnlyAccess'?" in problem.message
    assert [p.path for p in arguments.system_policy_names(["AliyunOSSFullAccess", 3, "aliyunossfullaccess"])] == [
        "system_policies[2]"
    ]


# Corpus actions of services the catalogue knows that it does not hold, and why they stay out.
CORPUS_ACTIONS_NOT_CATALOGUED: Dict[str, str] = {
    "ecs:ConfigureSecurityGroupPermissions": (
        "named only by the EcsFullAccessDenySecurityChange module of alibabacloud-automation/terraform-alicloud-ram-"
        "policy, in a Deny; no ECS API or RAM reference page found names it"
    ),
    "cloudsso:Check*": (
        "Alibaba's SecurityAdministrator module grants it; no CloudSSO API in the snapshot starts with Check"
    ),
}


def _corpus_actions(folder: Path) -> Set[str]:
    found: Set[str] = set()
    for path in sorted(folder.glob("*/*.json")):
        tree = json.loads(path.read_text(encoding="utf-8"))
        statements = tree["Statement"] if isinstance(tree["Statement"], list) else [tree["Statement"]]
        for statement in statements:
            for key in ("Action", "NotAction"):
                listed = statement.get(key, [])
                found.update([listed] if isinstance(listed, str) else listed)
    return found


def test_nearly_every_corpus_action_of_a_known_service_is_in_the_catalogue(ram_policy_corpus: Path) -> None:
    named = _corpus_actions(ram_policy_corpus / "valid")
    missing = sorted(
        action
        for action in named
        if action_problems([("", action)]) and action_problems([("", action)])[0].code in ("RAM221", "RAM222")
    )
    assert missing == sorted(CORPUS_ACTIONS_NOT_CATALOGUED)
