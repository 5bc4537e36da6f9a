"""examples/yaml, a YAML program using InstanceRoleComponent through the plugin, checked against
the schema the plugin serves: every input, field and output it names exists, with a plausible
value, and the plugin constructs the component from those values."""

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from plugin_helpers import PLUGIN_DIR, Engine, construct
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.proto.provider_pb2_grpc import ResourceProviderStub as Stub

from alicloud_instance_role.instance_role import TYPE_TOKEN

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "yaml"
# ${name} or ${name.property}: a YAML program's reference to config or another resource.
REFERENCE = re.compile(r"^\$\{(\w+)(?:\.(\w+))?\}$")


@pytest.fixture(scope="module")
def program() -> Dict[str, Any]:
    loaded: Dict[str, Any] = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def schema(plugin_stub: Stub) -> Dict[str, Any]:
    served: Dict[str, Any] = json.loads(plugin_stub.GetSchema(provider_pb2.GetSchemaRequest()).schema)
    return served


def components(program: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    return {name: r for name, r in program["resources"].items() if r["type"] == TYPE_TOKEN}


def misfits(value: Any, spec: Dict[str, Any], schema: Dict[str, Any], path: str) -> List[str]:
    """Where ``value`` does not fit the schema property ``spec``: unknown names, wrong kinds.
    A reference (``${...}``) fits anything: its value is only known when the program runs."""
    if isinstance(value, str) and REFERENCE.match(value):
        return []
    if "$ref" in spec:
        fields = schema["types"][spec["$ref"].removeprefix("#/types/")]["properties"]
        if not isinstance(value, dict):
            return [f"{path}: an object, not {value!r}"]
        return [f"{path}.{key}: no such field" for key in value if key not in fields] + [
            problem
            for key in value
            if key in fields
            for problem in misfits(value[key], fields[key], schema, f"{path}.{key}")
        ]
    kinds = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict}
    kind = spec.get("type")
    if kind in kinds and (not isinstance(value, kinds[kind]) or (kind == "integer" and isinstance(value, bool))):
        return [f"{path}: {kind}, not {value!r}"]
    if kind == "array":
        return [p for i, item in enumerate(value) for p in misfits(item, spec["items"], schema, f"{path}[{i}]")]
    if kind == "object" and "additionalProperties" in spec:
        inner = spec["additionalProperties"]
        return [p for key, item in value.items() for p in misfits(item, inner, schema, f"{path}.{key}")]
    return []


def test_the_example_adds_the_plugin_folder_under_the_served_package_name(
    program: Dict[str, Any], schema: Dict[str, Any]
) -> None:
    source = program["packages"][schema["name"]]

    assert (EXAMPLE / source).resolve() == PLUGIN_DIR
    assert (PLUGIN_DIR / "PulumiPlugin.yaml").is_file()


def test_every_input_the_example_names_is_in_the_served_schema_with_a_plausible_value(
    program: Dict[str, Any], schema: Dict[str, Any]
) -> None:
    inputs = schema["resources"][TYPE_TOKEN]["inputProperties"]
    found = components(program)

    assert found
    for name, resource in found.items():
        properties = resource["properties"]
        assert [key for key in properties if key not in inputs] == [], name
        assert [p for key in properties for p in misfits(properties[key], inputs[key], schema, key)] == [], name


def test_every_output_the_example_reads_is_in_the_served_schema(
    program: Dict[str, Any], schema: Dict[str, Any]
) -> None:
    outputs = schema["resources"][TYPE_TOKEN]["properties"]
    names = components(program)
    read = [match.groups() for value in program["outputs"].values() if (match := REFERENCE.match(value))]

    assert read and all(resource in names for resource, _ in read)
    assert [output for _, output in read if output not in outputs] == []


def test_the_plugin_constructs_the_example_component(
    program: Dict[str, Any], plugin_stub: Stub, plugin_engine: Engine
) -> None:
    config = {key: spec["default"] for key, spec in program.get("config", {}).items()}

    def resolved(value: Any) -> Any:
        match = REFERENCE.match(value) if isinstance(value, str) else None
        if match and match.group(1) in config:
            return config[match.group(1)]
        if isinstance(value, list):
            return [resolved(item) for item in value]
        if isinstance(value, dict):
            return {key: resolved(item) for key, item in value.items()}
        return value

    found = components(program)
    assert found
    for name, resource in found.items():
        plugin_engine.clear()
        construct(plugin_stub, plugin_engine, name, resolved(resource["properties"]))

        bindings = [r for r in plugin_engine.monitor.registrations if r.name.startswith(f"{name}-instance-")]
        assert [b.inputs["instanceId"] for b in bindings] == [config["instanceId"]]
