"""The multi-language schema the plugin serves, built offline from the component by
``pulumi.provider.experimental``: what other Pulumi languages see of InstanceRoleComponent."""

import json
import re
from typing import Any, Dict, Iterator, Tuple

import pytest

from alicloud_instance_role import __version__
from alicloud_instance_role.plugin import InstanceRoleProvider

PACKAGE = "alicloud-instance-role"
RESOURCE = f"{PACKAGE}:index:InstanceRoleComponent"
STATEMENT_TYPE = f"{PACKAGE}:index:PolicyStatement"

INPUTS = {
    "roleName",
    "adopt",
    "description",
    "trustedServices",
    "maxSessionDuration",
    "policyStatements",
    "policyDocument",
    "policyName",
    "forceDeleteAdoptedPolicy",
    "systemPolicies",
    "customPolicies",
    "systemPolicyQuota",
    "customPolicyQuota",
    "instanceIds",
    "instances",
    "sessionPolicy",
    "operatorUsers",
    "operatorGroups",
    "tags",
}
OUTPUTS = {"roleName", "roleArn", "policyName", "instanceIds", "credentialsUrl"}


@pytest.fixture(scope="module")
def schema() -> Dict[str, Any]:
    provider = InstanceRoleProvider()
    assert provider.schema is not None
    parsed: Dict[str, Any] = json.loads(provider.schema)
    return parsed


@pytest.fixture(scope="module")
def resource(schema: Dict[str, Any]) -> Dict[str, Any]:
    return schema["resources"][RESOURCE]  # type: ignore[no-any-return]


def test_schema_names_the_package_and_one_component_resource(schema: Dict[str, Any]) -> None:
    assert schema["name"] == PACKAGE
    assert schema["version"] == __version__
    assert list(schema["resources"]) == [RESOURCE]
    assert schema["resources"][RESOURCE]["isComponent"] is True


def test_schema_lists_exactly_the_public_inputs_none_required(resource: Dict[str, Any]) -> None:
    assert set(resource["inputProperties"]) == INPUTS
    assert resource["requiredInputs"] == []


def test_every_input_and_output_has_a_description(resource: Dict[str, Any]) -> None:
    properties = {**resource["inputProperties"], **{f"out:{k}": v for k, v in resource["properties"].items()}}
    undocumented = [name for name, spec in properties.items() if not spec.get("description", "").strip()]
    assert undocumented == []


def test_schema_lists_exactly_the_public_outputs_with_policy_name_optional(resource: Dict[str, Any]) -> None:
    assert set(resource["properties"]) == OUTPUTS
    assert set(resource["required"]) == OUTPUTS - {"policyName"}


def test_input_types_match_the_arguments(resource: Dict[str, Any]) -> None:
    inputs = resource["inputProperties"]

    for name in ("maxSessionDuration", "systemPolicyQuota", "customPolicyQuota"):
        assert inputs[name]["type"] == "integer", name
    for name in ("adopt", "forceDeleteAdoptedPolicy"):
        assert inputs[name]["type"] == "boolean", name
    for name in ("roleName", "description", "policyDocument", "policyName", "sessionPolicy"):
        assert inputs[name]["type"] == "string", name
    for name in (
        "trustedServices",
        "systemPolicies",
        "customPolicies",
        "instanceIds",
        "operatorUsers",
        "operatorGroups",
    ):
        assert inputs[name]["type"] == "array", name
        assert inputs[name]["items"]["type"] == "string", name
    for name in ("instances", "tags"):
        assert inputs[name]["type"] == "object", name
        assert inputs[name]["additionalProperties"]["type"] == "string", name


def test_arguments_that_name_child_resources_are_plain(resource: Dict[str, Any]) -> None:
    inputs = resource["inputProperties"]

    # Their entries become logical names, so they must be known when the program runs.
    for name in ("systemPolicies", "customPolicies", "instanceIds", "operatorUsers", "operatorGroups", "instances"):
        assert inputs[name].get("plain") is True, name
    # Which children are imported, and by which IDs, is decided before any Output resolves.
    for name in ("adopt", "policyName", "forceDeleteAdoptedPolicy"):
        assert inputs[name].get("plain") is True, name
    # Instance IDs inside `instances` may be Outputs: that is what the mapping is for.
    assert not inputs["instances"]["additionalProperties"].get("plain")


def test_policy_statements_are_a_list_of_policy_statement_args(
    schema: Dict[str, Any], resource: Dict[str, Any]
) -> None:
    statements = resource["inputProperties"]["policyStatements"]

    assert statements["type"] == "array"
    assert statements["items"]["$ref"] == f"#/types/{STATEMENT_TYPE}"
    statement = schema["types"][STATEMENT_TYPE]
    assert statement["type"] == "object"
    assert set(statement["properties"]) == {"effect", "actions", "resources", "conditions"}
    assert statement["properties"]["effect"]["type"] == "string"
    assert statement["properties"]["actions"]["items"]["type"] == "string"
    assert statement["properties"]["resources"]["items"]["type"] == "string"
    assert statement["properties"]["conditions"]["type"] == "object"
    assert all(spec["description"].strip() for spec in statement["properties"].values())


def test_outputs_have_the_types_callers_rely_on(resource: Dict[str, Any]) -> None:
    outputs = resource["properties"]

    for name in ("roleName", "roleArn", "policyName", "credentialsUrl"):
        assert outputs[name]["type"] == "string", name
    assert outputs["instanceIds"]["type"] == "array"
    assert outputs["instanceIds"]["items"]["type"] == "string"


def descriptions(node: Any, path: str = "") -> Iterator[Tuple[str, str]]:
    """(where, text) of every description in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield path, value
            else:
                yield from descriptions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from descriptions(item, f"{path}[{index}]")


def test_descriptions_are_plain_markdown_without_docstring_indentation(schema: Dict[str, Any]) -> None:
    texts = dict(descriptions(schema))

    assert len(texts) > 20
    assert {where: text for where, text in texts.items() if "``" in text or re.search(r":\w+:`", text)} == {}
    assert {where: text for where, text in texts.items() if re.search(r"^[ \t]", text, re.MULTILINE)} == {}


def test_descriptions_use_schema_names_not_python_ones(schema: Dict[str, Any]) -> None:
    texts = dict(descriptions(schema))
    python_names = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\bNone\b|\bself\b")

    assert {where: text for where, text in texts.items() if python_names.search(text)} == {}
    assert "instead of `policyStatements`" in texts[f".resources.{RESOURCE}.inputProperties.policyDocument"]


def test_object_types_are_named_for_the_sdks_which_add_args_to_input_types(schema: Dict[str, Any]) -> None:
    # PolicyStatementArgs in Python; PolicyStatementArgs, not PolicyStatementArgsArgs, in Go, C#, Java and TypeScript.
    assert list(schema["types"]) == [STATEMENT_TYPE]
