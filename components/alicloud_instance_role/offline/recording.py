"""The engine's side of a run under mocks, recording what the program did: each resource
registration with its resource options (:class:`RecordingMonitor`) and each log message with the
resource it is about (:class:`RecordingEngine`)."""

from dataclasses import dataclass, field
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import engine_pb2

from .mocks import InstanceRoleMocks
from .predict import Prediction


@dataclass
class Registration:
    """One resource the program registered, with the options the engine would see.

    ``inputs`` and ``outputs`` use schema names (``roleName``); in a preview run, a value not
    known yet is a ``pulumi.output.Unknown``."""

    type: str
    name: str
    urn: str
    custom: bool
    inputs: Dict[str, Any]
    outputs: Dict[str, Any] = field(default_factory=dict)
    predicted: Tuple[str, ...] = ()
    """Keys of ``outputs`` (and ``"id"``) predicted from the provider's source, not known."""
    id: Optional[str] = None
    parent: str = ""
    provider: str = ""
    dependencies: List[str] = field(default_factory=list)
    property_dependencies: Dict[str, List[str]] = field(default_factory=dict)
    protect: Optional[bool] = None
    delete_before_replace: Optional[bool] = None
    replace_on_changes: List[str] = field(default_factory=list)
    import_id: Optional[str] = None
    """The ID of the existing resource the program adopts (the ``import`` option), if any."""

    def __str__(self) -> str:
        return f"{self.type} {self.name!r}"

    @classmethod
    def of(cls, request: Any, response: Any, predicted: Tuple[str, ...] = ()) -> "Registration":
        """What a ``RegisterResourceRequest`` and the monitor's response to it say."""
        return cls(
            type=request.type,
            name=request.name,
            urn=response.urn,
            custom=request.custom,
            inputs=rpc.deserialize_properties(request.object, keep_unknowns=True),
            outputs=rpc.deserialize_properties(response.object, keep_unknowns=True),
            predicted=predicted,
            id=response.id or None,
            parent=request.parent,
            provider=request.provider,
            dependencies=sorted(request.dependencies),
            property_dependencies={key: sorted(deps.urns) for key, deps in request.propertyDependencies.items()},
            protect=request.protect if request.HasField("protect") else None,
            delete_before_replace=request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None,
            replace_on_changes=sorted(request.replaceOnChanges),
            import_id=request.importId or None,
        )


class LogEntry(NamedTuple):
    """One message the program logged (``pulumi.log.warn(...)``)."""

    level: str
    """``"debug"``, ``"info"``, ``"warning"`` or ``"error"``."""
    message: str
    urn: str
    """The resource the message is about (``resource=`` of the log call); empty for none."""


_LEVELS = {engine_pb2.DEBUG: "debug", engine_pb2.INFO: "info", engine_pb2.WARNING: "warning", engine_pb2.ERROR: "error"}


class RecordingEngine:
    """The engine side of a run under mocks: keeps every log message with its resource."""

    def __init__(self) -> None:
        self.logs: List[LogEntry] = []

    def Log(self, request: Any) -> None:
        """Record one message (the SDK calls this for each ``pulumi.log`` call)."""
        self.logs.append(LogEntry(_LEVELS.get(request.severity, "info"), request.message, request.urn))


class RecordingMonitor(MockMonitor):
    """A MockMonitor that keeps every registration with its resource options."""

    mocks: InstanceRoleMocks

    def __init__(self, mocks: InstanceRoleMocks) -> None:
        super().__init__(mocks)
        self.registrations: List[Registration] = []
        self.outputs: Dict[str, Dict[str, Any]] = {}
        self.stack_urn = ""

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            self.stack_urn = response.urn
            return response
        prediction = self.mocks.predictions.get((request.type, request.name), Prediction())
        # An adopted resource's ID is the one it is imported by, not a prediction.
        predicted_id = ("id",) if prediction.id is not None and not request.importId else ()
        self.registrations.append(Registration.of(request, response, tuple(sorted(prediction.outputs)) + predicted_id))
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        self.outputs[request.urn] = rpc.deserialize_properties(request.outputs, keep_unknowns=True)
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]
