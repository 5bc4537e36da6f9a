"""The plugin started as the Pulumi CLI starts it, and the engine's side of ``Construct`` faked,
to drive InstanceRoleComponent over the real provider protocol without the Pulumi CLI.

A Construct needs from the engine: ``Engine.Log`` (the SDK sends its logs there, and waits),
``ResourceMonitor.GetDeploymentInfo`` (the features the monitor supports, ``aliasSpecs`` among
them), ``RegisterResource`` and ``RegisterResourceOutputs``, and the ``pulumi:pulumi:getResource``
invoke that turns a provider reference back into a provider resource. The fake monitor answers
like ``alicloud_instance_role.testing.run_program``'s mocks do (same URNs, same predicted outputs),
so a Construct and a Python program declaring the same component can be compared registration by
registration.
"""

import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from project_helpers import require_virtualenv
from pulumi.runtime import rpc
from pulumi.runtime.proto import (
    engine_pb2,
    engine_pb2_grpc,
    errors_pb2,
    provider_pb2,
    provider_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
    status_pb2,
)

from alicloud_instance_role import wire
from alicloud_instance_role.instance_role import TYPE_TOKEN
from alicloud_instance_role.offline.made_up import made_up_id
from alicloud_instance_role.plugin_process import running_plugin
from alicloud_instance_role.testing import Registration, predict

PLUGIN_DIR = Path(__file__).resolve().parents[1] / "plugin"
PROJECT, STACK = "project", "dev"
STACK_URN = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}"
ACCOUNT_ID = "123456789012"

secret = wire.secret


def output_value(value: Any, dependencies: Sequence[str]) -> Dict[str, Any]:
    """An Output of another resource (``value`` depending on ``dependencies``; ``None`` when
    unknown, in a preview), as the engine sends it to a provider that accepts outputs."""
    known = {} if value is None else {"value": value}
    return {wire.SIGNATURE_KEY: wire.OUTPUT_VALUE_SIGNATURE, **known, "dependencies": list(dependencies)}


def plugin_python() -> Path:
    """The Python of the plugin's own virtualenv (``plugin/venv``), which the CLI would use."""
    return PLUGIN_DIR / "venv" / "bin" / "python"


def require_plugin_venv() -> None:
    """Skip the calling test when ``plugin/venv`` is missing, saying why; under CI fail instead."""
    require_virtualenv(PLUGIN_DIR)


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """``pulumirpc.Engine``: keeps every log message above DEBUG as (severity, message)."""

    def __init__(self) -> None:
        self.logs: List[Tuple[str, str]] = []

    def Log(self, request: engine_pb2.LogRequest, context: Any) -> empty_pb2.Empty:
        if request.severity != engine_pb2.DEBUG:
            self.logs.append((engine_pb2.LogSeverity.Name(request.severity).lower(), request.message))
        return empty_pb2.Empty()


class FakeMonitor(resource_pb2_grpc.ResourceMonitorServicer):
    """``pulumirpc.ResourceMonitor``, keeping every registration. ``providers`` maps each
    provider URN a Construct may refer to onto its ID."""

    FEATURES = (
        resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS,
        resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
        resource_pb2.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES,
        resource_pb2.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
        resource_pb2.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
    )

    def __init__(self) -> None:
        self.providers: Dict[str, str] = {}
        self.registrations: List[Registration] = []

    def GetDeploymentInfo(self, request: empty_pb2.Empty, context: Any) -> resource_pb2.DeploymentInfo:
        return resource_pb2.DeploymentInfo(project=PROJECT, stack=STACK, supportedFeatures=self.FEATURES)

    def RegisterResource(
        self, request: resource_pb2.RegisterResourceRequest, context: Any
    ) -> resource_pb2.RegisterResourceResponse:
        # URNs as the SDK's MockMonitor makes them, so run_program names every resource the same.
        qualified = f"{request.parent.split('::')[2].split('$')[-1]}${request.type}" if request.parent else request.type
        urn = f"urn:pulumi:{STACK}::{PROJECT}::{qualified}::{request.name}"
        state = struct_pb2.Struct()
        state.CopyFrom(request.object)  # the cloud's answer: the inputs, and what it computes
        resource_id = ""
        if request.custom:
            prediction = predict(request.type, rpc.deserialize_properties(request.object), ACCOUNT_ID)
            state.update(prediction.outputs)
            resource_id = prediction.id if prediction.id is not None else made_up_id(request.name, request.type)
        response = resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id, object=state)
        self.registrations.append(Registration.of(request, response))
        return response

    def RegisterResourceOutputs(
        self, request: resource_pb2.RegisterResourceOutputsRequest, context: Any
    ) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def Invoke(self, request: resource_pb2.ResourceInvokeRequest, context: Any) -> resource_pb2.ResourceInvokeResponse:
        if request.tok != "pulumi:pulumi:getResource":
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"no invoke {request.tok} here")
        urn = json_format.MessageToDict(request.args)["urn"]
        found = struct_pb2.Struct()
        found.update({"urn": urn, "id": self.providers[urn], "state": {}})
        return resource_pb2.ResourceInvokeResponse(**{"return": found})


@dataclass
class Engine:
    """A fake engine and resource monitor served on ``address``."""

    address: str
    engine: FakeEngine
    monitor: FakeMonitor

    def clear(self) -> None:
        """Forget what earlier Constructs registered and logged."""
        self.engine.logs.clear()
        self.monitor.registrations.clear()


@contextmanager
def fake_engine() -> Iterator[Engine]:
    """Serve a :class:`FakeEngine` and a :class:`FakeMonitor` on one local port."""
    server = grpc.server(ThreadPoolExecutor(max_workers=8))
    engine, monitor = FakeEngine(), FakeMonitor()
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(monitor, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield Engine(f"127.0.0.1:{port}", engine, monitor)
    finally:
        server.stop(grace=None)


@contextmanager
def start_plugin(engine_address: str) -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """Start ``plugin/`` as the Pulumi language host does: its own virtualenv's Python runs the
    folder, from the consuming program's folder (a temporary one here), with the CLI's flags
    before the engine address; the port is the first line it prints."""
    flags = ["--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:1"]
    with tempfile.TemporaryDirectory(prefix="consumer-") as consumer:
        command = [str(plugin_python()), str(PLUGIN_DIR), *flags, engine_address]
        with running_plugin(command, consumer, "the plugin") as plugin:
            yield provider_pb2_grpc.ResourceProviderStub(plugin.channel)


def construct(
    stub: provider_pb2_grpc.ResourceProviderStub,
    engine: Engine,
    name: str,
    inputs: Mapping[str, Any],
    *,
    input_dependencies: Optional[Mapping[str, Sequence[str]]] = None,
    providers: Optional[Mapping[str, str]] = None,
    dependencies: Sequence[str] = (),
    protect: bool = False,
    preview: bool = False,
    stack: str = STACK,
) -> provider_pb2.ConstructResponse:
    """Construct InstanceRoleComponent ``name`` in the stack, as ``pulumi up`` would for a
    program in another language declaring it with these inputs and resource options."""
    struct = struct_pb2.Struct()
    struct.update(inputs)
    request = provider_pb2.ConstructRequest(
        project=PROJECT,
        stack=stack,
        organization="organization",
        config={"alicloud:region": "cn-hangzhou"},
        dryRun=preview,
        parallel=4,
        monitorEndpoint=engine.address,
        type=TYPE_TOKEN,
        name=name,
        parent=STACK_URN,
        inputs=struct,
        inputDependencies={
            key: provider_pb2.ConstructRequest.PropertyDependencies(urns=list(urns))
            for key, urns in (input_dependencies or {}).items()
        },
        providers=dict(providers or {}),
        dependencies=list(dependencies),
        protect=protect,
        accepts_output_values=True,
    )
    response: provider_pb2.ConstructResponse = stub.Construct(request, timeout=60)
    return response


def property_errors(error: grpc.RpcError) -> List[Tuple[str, str]]:
    """(property path, reason) of each entry of the ``InputPropertiesError`` a refused
    Construct carries."""
    found: List[Tuple[str, str]] = []
    for key, value in error.trailing_metadata() or ():  # type: ignore[attr-defined]
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                refusal = errors_pb2.InputPropertiesError()
                if detail.Unpack(refusal):
                    found += [(e.property_path, e.reason) for e in refusal.errors]
    return found
