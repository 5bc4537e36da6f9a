"""The plugin as `pulumi package add` and `pulumi up` run it for a program in another language:
started from the consumer's folder with its own virtualenv, driven over the provider protocol
(GetPluginInfo, GetSchema, Configure, Construct) against a fake engine and resource monitor.
plugin/venv holds this checkout's package (make installs it editable), where `pulumi package
add` would install the pinned release from an index."""

import json
from dataclasses import replace
from typing import Any, Dict, List

import grpc
import pulumi
import pulumi_alicloud as alicloud
import pytest
from google.protobuf import empty_pb2, json_format
from plugin_helpers import (
    ACCOUNT_ID,
    PLUGIN_DIR,
    PROJECT,
    STACK,
    Engine,
    construct,
    output_value,
    property_errors,
    secret,
)
from project_helpers import package_version
from pulumi.output import Unknown
from pulumi.provider.experimental.util import camel_case
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.proto.provider_pb2_grpc import ResourceProviderStub as Stub

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent, __version__
from alicloud_instance_role.instance_role import TYPE_TOKEN
from alicloud_instance_role.naming import default_role_name, policy_name_for
from alicloud_instance_role.plugin import InstanceRoleProvider
from alicloud_instance_role.resource_types import ROLE_POLICY_ATTACHMENT
from alicloud_instance_role.testing import Registration, run_program

STATEMENT = {"effect": "Allow", "actions": ["oss:GetObject", "oss:ListObjects"], "resources": ["*"]}

#: Plain arguments making one child of every kind, in Python spelling.
ARGUMENTS: Dict[str, Any] = {
    "role_name": "app-role",
    "description": "Role of the app servers",
    "policy_statements": [STATEMENT],
    "system_policies": ["AliyunOSSReadOnlyAccess"],
    "custom_policies": ["shared-logging"],
    "instance_ids": ["i-bp1aaa"],
    "session_policy": json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "oss:*", "Resource": "*"}]}
    ),
    "operator_users": ["alice"],
    "operator_groups": ["ops"],
    "tags": {"team": "platform"},
}
#: The same, as a program in another language sends them.
INPUTS = {camel_case(key): value for key, value in ARGUMENTS.items()}
BASE = {"policyStatements": [STATEMENT], "instanceIds": ["i-bp1aaa"]}
OUT_OF_RANGE = "RAM accepts 3600-43200 seconds (1-12 hours), got 60 [RAM121]"
#: An instance of the consumer's stack, whose ID is an Output.
WEB = "urn:pulumi:dev::project::alicloud:ecs/instance:Instance::web"


@pytest.fixture(autouse=True)
def clear_engine(plugin_engine: Engine) -> None:
    plugin_engine.clear()


def refusal(plugin_stub: Stub, plugin_engine: Engine, inputs: Dict[str, Any], **options: Any) -> grpc.RpcError:
    """The error of a Construct that must be refused, after checking nothing was registered."""
    with pytest.raises(grpc.RpcError) as caught:
        construct(plugin_stub, plugin_engine, "app", inputs, **options)
    assert plugin_engine.monitor.registrations == []
    error: grpc.RpcError = caught.value
    return error


# --- GetPluginInfo, GetSchema, Configure ------------------------------------------------------


def test_the_plugin_reports_the_installed_package_version(plugin_stub: Stub) -> None:
    assert plugin_stub.GetPluginInfo(empty_pb2.Empty()).version == __version__ == package_version()


def test_the_plugin_installs_this_version_of_the_package() -> None:
    requirements = (PLUGIN_DIR / "requirements.txt").read_text(encoding="utf-8").split()

    assert requirements == [f"alicloud-instance-role=={package_version()}"]


def test_the_served_schema_is_the_in_process_one_with_every_input_and_output_described(
    plugin_stub: Stub,
) -> None:
    served = json.loads(plugin_stub.GetSchema(provider_pb2.GetSchemaRequest()).schema)

    assert served == json.loads(InstanceRoleProvider().schema or "")
    assert served["name"] == "alicloud-instance-role" and served["namespace"] == "platform"
    assert served["version"] == __version__
    resource = served["resources"][TYPE_TOKEN]
    properties = [*resource["inputProperties"].values(), *resource["properties"].values()]
    assert properties and all(p["description"].strip() for p in properties)


def test_configure_accepts_secrets_resources_and_outputs(plugin_stub: Stub) -> None:
    configured = plugin_stub.Configure(provider_pb2.ConfigureRequest(acceptSecrets=True, acceptResources=True))

    assert (configured.acceptSecrets, configured.acceptResources, configured.acceptOutputs) == (True, True, True)


# --- Construct: the same resources as the Python program ---------------------------------------


def python_program_registrations() -> List[Registration]:
    """The component with ARGUMENTS, a secret session duration, an instance of the same stack,
    an explicit provider, protect and a dependency, declared by a Python program."""

    def program() -> None:
        hangzhou = alicloud.Provider("hangzhou", region="cn-hangzhou")
        web = alicloud.ecs.Instance("web", image_id="aliyun_3_x64", instance_type="ecs.g7.large")
        duration = pulumi.Output.secret(7200)
        arguments = InstanceRoleArgs(**ARGUMENTS, max_session_duration=duration, instances={"web": web.id})  # type: ignore[typeddict-item]
        options = pulumi.ResourceOptions(provider=hangzhou, protect=True, depends_on=[web])
        InstanceRoleComponent("app", arguments, opts=options)

    result = run_program(program, project=PROJECT, stack=STACK, account_id=ACCOUNT_ID)
    assert result.error is None, result.error_text
    return result.registrations


@pytest.fixture(scope="module")
def both(plugin_engine: Engine, plugin_stub: Stub) -> Dict[str, Any]:
    """The Python program's registrations, and those of a Construct with the same arguments and
    options (as a TypeScript program would send them), with its response."""
    python = python_program_registrations()
    provider, web = (next(r for r in python if r.name == name) for name in ("hangzhou", "web"))
    plugin_engine.clear()
    plugin_engine.monitor.providers[provider.urn] = str(provider.id)
    response = construct(
        plugin_stub,
        plugin_engine,
        "app",
        {**INPUTS, "maxSessionDuration": secret(7200), "instances": {"web": output_value(web.id, [web.urn])}},
        input_dependencies={"instances": [web.urn]},
        providers={"alicloud": f"{provider.urn}::{provider.id}"},
        dependencies=[web.urn],
        protect=True,
    )
    component = next(r for r in python if r.type == TYPE_TOKEN)
    return {
        "python": {r.name: r for r in python if r is component or r.parent == component.urn},
        "plugin": {r.name: r for r in plugin_engine.monitor.registrations},
        "response": response,
        "provider": f"{provider.urn}::{provider.id}",
        "web": web,
    }


def test_construct_registers_the_children_and_options_the_python_program_does(both: Dict[str, Any]) -> None:
    python, plugin = both["python"], both["plugin"]

    assert len(plugin) == 11  # the component and its 10 children
    assert sorted(plugin) == sorted(python)
    for name in python:
        # `predicted` is the preview's note of which outputs were made up, not sent to the plugin_engine.
        assert plugin[name] == replace(python[name], predicted=()), name


def test_bindings_detach_before_replacement_and_wait_for_every_policy_attachment(both: Dict[str, Any]) -> None:
    plugin = both["plugin"]
    attachments = sorted(r.urn for r in plugin.values() if r.type == ROLE_POLICY_ATTACHMENT)

    for binding in ("app-instance-i-bp1aaa", "app-instance-web"):
        assert plugin[binding].delete_before_replace is True
        assert set(attachments) <= set(plugin[binding].dependencies)
    assert len(attachments) == 3


def test_an_explicit_provider_and_protect_reach_every_child(both: Dict[str, Any]) -> None:
    children = [r for r in both["plugin"].values() if r.custom]

    assert {r.name: r.provider for r in children} == {r.name: both["provider"] for r in children}
    assert {r.name: r.protect for r in both["plugin"].values()} == {name: True for name in both["plugin"]}
    assert both["plugin"]["app"].dependencies == [both["web"].urn]


def test_an_instance_id_output_keeps_its_dependency(both: Dict[str, Any]) -> None:
    binding = both["plugin"]["app-instance-web"]

    assert binding.inputs["instanceId"] == both["web"].id
    assert binding.property_dependencies["instanceId"] == [both["web"].urn]
    assert both["web"].urn in binding.dependencies


def test_a_secret_input_stays_secret(both: Dict[str, Any]) -> None:
    assert both["plugin"]["app-role"].inputs["maxSessionDuration"] == secret(7200)


def test_construct_answers_with_the_outputs_in_schema_spelling(both: Dict[str, Any]) -> None:
    response = both["response"]

    assert response.urn == both["plugin"]["app"].urn
    assert json_format.MessageToDict(response.state) == {
        "roleName": "app-role",
        "roleArn": f"acs:ram::{ACCOUNT_ID}:role/app-role",
        "policyName": "app-role-policy",
        "instanceIds": ["i-bp1aaa", both["web"].id],
        "credentialsUrl": "http://100.100.100.200/latest/meta-data/ram/security-credentials/app-role",
    }


def test_a_whole_number_sent_as_a_float_is_accepted(plugin_stub: Stub, plugin_engine: Engine) -> None:
    construct(plugin_stub, plugin_engine, "app", {**BASE, "maxSessionDuration": 7200.0})

    (role,) = [r for r in plugin_engine.monitor.registrations if r.name == "app-role"]
    assert role.inputs["maxSessionDuration"] == 7200


def test_an_instance_unknown_in_a_preview_leaves_its_binding_unknown(plugin_stub: Stub, plugin_engine: Engine) -> None:
    inputs = {**BASE, "instances": {"web": output_value(None, [WEB])}}
    construct(plugin_stub, plugin_engine, "app", inputs, input_dependencies={"instances": [WEB]}, preview=True)

    bindings = {r.name: r for r in plugin_engine.monitor.registrations if r.name.startswith("app-instance-")}
    assert isinstance(bindings["app-instance-web"].inputs["instanceId"], Unknown)
    assert bindings["app-instance-i-bp1aaa"].inputs["instanceId"] == "i-bp1aaa"


def test_force_delete_adopted_policy_reaches_the_adopted_policy(plugin_stub: Stub, plugin_engine: Engine) -> None:
    inputs = {**BASE, "adopt": True, "roleName": "app-ops", "policyName": "app-ops-permissions"}
    construct(plugin_stub, plugin_engine, "app", {**inputs, "forceDeleteAdoptedPolicy": True})

    (policy,) = [r for r in plugin_engine.monitor.registrations if r.name == "app-policy"]
    assert policy.inputs["force"] is True


def test_force_delete_adopted_policy_without_adopt_is_refused_at_its_schema_path(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    error = refusal(plugin_stub, plugin_engine, {**BASE, "forceDeleteAdoptedPolicy": True})

    assert [path for path, _ in property_errors(error)] == ["forceDeleteAdoptedPolicy"]


def test_a_warning_reaches_the_engine_as_a_warning_and_the_component_is_built(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    construct(plugin_stub, plugin_engine, "app", {**BASE, "policyStatements": [{"actions": ["*"], "resources": ["*"]}]})

    assert [severity for severity, message in plugin_engine.engine.logs if "[RAM210]" in message] == ["warning"]
    assert not any("[RAM211]" in message for _, message in plugin_engine.engine.logs)  # said once, as RAM210
    assert any(r.name == "app-policy" for r in plugin_engine.monitor.registrations)


# --- Construct: refusals ----------------------------------------------------------------------


def test_bad_arguments_are_refused_with_schema_paths_before_anything_is_registered(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    statement = {**STATEMENT, "actions": ["oss:GetObject", "oss"]}
    inputs = {**BASE, "policyStatements": [statement], "maxSessionDuration": 60, "roleName": "app_role"}
    error = refusal(plugin_stub, plugin_engine, inputs)

    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "InstanceRoleComponent 'app' has 3 problems in its arguments; nothing was created"
    assert [path for path, _ in property_errors(error)] == [
        "roleName",
        "maxSessionDuration",
        "policyStatements[0].actions[1]",
    ]
    assert ("maxSessionDuration", OUT_OF_RANGE) in property_errors(error)


def test_the_checks_name_the_default_role_after_the_requests_own_stack(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    # The operators' policy takes <default role name of this project and stack>-operator.
    taken = policy_name_for(default_role_name(PROJECT, "qa", "app"), "operator")
    inputs = {**BASE, "policyName": taken, "operatorUsers": ["alice"]}
    error = refusal(plugin_stub, plugin_engine, inputs, stack="qa")

    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [path for path, _ in property_errors(error)] == ["policyName"]


def test_a_misspelt_input_is_refused_with_the_name_it_resembles(plugin_stub: Stub, plugin_engine: Engine) -> None:
    error = refusal(plugin_stub, plugin_engine, {**BASE, "roleNmae": "app-role"})

    assert property_errors(error) == [("roleNmae", "unknown input 'roleNmae'; did you mean 'roleName'? [RAM124]")]


def test_a_string_where_a_statement_belongs_is_refused_and_so_is_a_misspelt_field(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    misspelt = {"effect": "Allow", "action": ["oss:GetObject"], "resources": ["*"]}
    error = refusal(plugin_stub, plugin_engine, {**BASE, "policyStatements": ["oss:GetObject", misspelt]})

    assert property_errors(error)[:2] == [
        ("policyStatements[0]", "expected an object (effect, actions, resources, conditions), got a string [RAM119]"),
        ("policyStatements[1].action", "unknown field 'action'; did you mean 'actions'? [RAM124]"),
    ]


def test_a_bad_secret_value_is_refused_before_anything_is_registered_without_showing_it(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    error = refusal(plugin_stub, plugin_engine, {**BASE, "maxSessionDuration": secret(60)})

    assert property_errors(error) == [
        ("maxSessionDuration", "value out of range; the value is secret, so it is not shown [RAM121]")
    ]


def test_an_output_instance_id_listed_twice_is_refused_before_anything_is_registered(
    plugin_stub: Stub, plugin_engine: Engine
) -> None:
    inputs = {**BASE, "instances": {"web": output_value("i-bp1aaa", [WEB])}}
    error = refusal(plugin_stub, plugin_engine, inputs, input_dependencies={"instances": [WEB]})

    [(path, reason)] = property_errors(error)
    assert path == "instances.web"
    assert "already bound at instanceIds[0]" in reason


def test_an_output_where_a_plain_name_belongs_is_refused(plugin_stub: Stub, plugin_engine: Engine) -> None:
    error = refusal(plugin_stub, plugin_engine, {**BASE, "instanceIds": [output_value("i-bp1web", [WEB])]})

    [(path, reason)] = property_errors(error)
    assert path == "instanceIds[0]"
    assert reason == "an Output cannot be used here: the value must be known when the program runs [RAM125]"


def test_refusals_speak_schema_names_and_carry_no_python_traceback(plugin_stub: Stub, plugin_engine: Engine) -> None:
    error = refusal(
        plugin_stub, plugin_engine, {**BASE, "policyDocument": json.dumps({"Version": "1", "Statement": []})}
    )

    reasons = " ".join(reason for _, reason in property_errors(error))
    assert "give policyStatements or policyDocument, not both [RAM124]" in reasons
    assert "policy_" not in reasons + error.details()
    assert "Traceback" not in error.details() and 'File "' not in error.details()
