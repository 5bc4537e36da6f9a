"""Run a Pulumi Python program in-process under the SDK's mocks, as the engine would run it.

The engine hands a program its project and stack names, its config (every value a string,
objects as JSON) and the list of secret keys, then runs ``__main__.py`` inside a root Stack.
:func:`run_project` does the same from ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``;
:func:`run_program` runs a Python callable instead (what tests use for one component).

Every run gets a fresh ``contextvars`` context and event loop, so many programs can run in one
process, and records each resource registration with its resource options, the stack's exports
and the program's log messages (:class:`RunResult`). The mocks are :class:`~.mocks.InstanceRoleMocks`.
"""

import asyncio
import contextvars
import json
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

import pulumi
import yaml
from pulumi.runtime import rpc
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import engine_pb2
from pulumi.runtime.stack import run_in_stack

from ..offline_secrets import UNDECRYPTED_SECRET
from .kinds import ResourceKind, type_token
from .mocks import InstanceRoleMocks
from .predict import Prediction


class ConfigFileError(ValueError):
    """A project or stack file that cannot be read; the message names the file, and ``path``
    holds its name (``Pulumi.dev.yaml``; None for an error about no single file)."""

    def __init__(self, message: str, path: Optional[str] = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class StackConfig:
    """What the engine hands a program: names, config as strings, and the secret keys."""

    project: str
    stack: str
    values: Dict[str, str]
    secret_keys: Tuple[str, ...] = ()
    undecrypted: Tuple[str, ...] = ()
    """Config paths (``alicloud-instance-role:roles.app.session_policy``) of the ``secure:``
    values that could not be decrypted, each replaced by :data:`UNDECRYPTED_SECRET`."""


def _engine_string(value: Any) -> str:
    # The engine passes every config value as a string; objects and lists as compact JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _without_secrets(value: Any, path: str, found: List[str]) -> Any:
    """``value`` with each ``secure:`` leaf replaced by the offline sentinel; their paths go to ``found``."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        found.append(path)
        return UNDECRYPTED_SECRET
    if isinstance(value, dict):
        return {key: _without_secrets(item, f"{path}.{key}", found) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_secrets(item, f"{path}[{index}]", found) for index, item in enumerate(value)]
    return value


def _read_yaml(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        stacks = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in path.parent.glob("Pulumi.*.yaml"))
        known = f"; stacks here: {', '.join(stacks)}" if stacks else ""
        raise ConfigFileError(f"no such file in {path.parent}{known}", path.name) from None
    except yaml.YAMLError as exc:
        raise ConfigFileError(f"not valid YAML: {exc}", path.name) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError("expected a mapping at the top level", path.name)
    if not isinstance(data.get("config") or {}, dict):
        raise ConfigFileError("config: expected a mapping of key -> value", path.name)
    return data


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """The config the engine would give ``stack``: defaults declared in ``Pulumi.yaml``, then
    ``Pulumi.<stack>.yaml``. ``secure:`` values, which only the stack's secrets provider can
    decrypt, become :data:`~alicloud_instance_role.offline_secrets.UNDECRYPTED_SECRET` and their
    keys are marked secret."""
    project_file = _read_yaml(project_dir / "Pulumi.yaml")
    project = str(project_file.get("name", project_dir.name))
    values: Dict[str, str] = {}
    secret_keys: List[str] = []
    undecrypted: List[str] = []

    def full_key(key: str) -> str:
        return key if ":" in key else f"{project}:{key}"

    for key, declaration in (project_file.get("config") or {}).items():
        default = declaration.get("default", declaration.get("value")) if isinstance(declaration, dict) else declaration
        if default is not None:
            values[full_key(key)] = _engine_string(default)
    stack_file = _read_yaml(project_dir / f"Pulumi.{stack}.yaml")
    for key, value in (stack_file.get("config") or {}).items():
        secrets_before = len(undecrypted)
        values[full_key(key)] = _engine_string(_without_secrets(value, full_key(key), undecrypted))
        if len(undecrypted) > secrets_before:
            secret_keys.append(full_key(key))
    return StackConfig(project, stack, values, tuple(sorted(secret_keys)), tuple(undecrypted))


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


@dataclass
class RunResult:
    """What one run registered, exported and logged, and how it ended.

    Find a resource by its type and name: ``run.get(alicloud.ram.Policy, "web-policy")``."""

    project: str
    stack: str
    registrations: List[Registration]
    exports: Dict[str, Any]
    component_outputs: Dict[str, Dict[str, Any]]
    """Component URN -> the outputs it registered (``register_outputs``)."""
    logs: List[LogEntry]
    config: StackConfig
    """The config the program ran with."""
    error: Optional[BaseException] = None
    error_text: str = ""
    """What the Pulumi CLI would print for ``error``: the message alone for a RunError, a
    traceback for anything else (a bug, not a user mistake)."""

    def of_type(self, kind: ResourceKind) -> List[Registration]:
        """Every registration of ``kind`` (a type token such as ``"alicloud:ram/role:Role"``, or a
        class such as ``alicloud.ram.Role``), by logical name (registration order under mocks
        depends on thread scheduling)."""
        token = type_token(kind)
        return sorted((r for r in self.registrations if r.type == token), key=lambda r: r.name)

    def get(self, kind: ResourceKind, name: str) -> Registration:
        """The one registration of ``kind`` named ``name``; KeyError naming what there is otherwise."""
        matches = [r for r in self.of_type(kind) if r.name == name]
        if len(matches) != 1:
            there = ", ".join(str(r) for r in self.registrations) or "nothing"
            raise KeyError(f"{len(matches)} registrations of {type_token(kind)} named {name!r}; registered: {there}")
        return matches[0]

    def named(self, name: str, kind: Optional[ResourceKind] = None) -> Registration:
        """The registration with logical name ``name`` (of ``kind``, when given: a component and
        one of its resources may share a name, such as ``web``)."""
        if kind is not None:
            return self.get(kind, name)
        matches = [r for r in self.registrations if r.name == name]
        if len(matches) != 1:
            found = ", ".join(str(r) for r in matches) or f"none; registered: {[r.name for r in self.registrations]}"
            raise KeyError(f"{len(matches)} registrations named {name!r} ({found}); give the type too")
        return matches[0]

    def children(self, parent: Registration, kind: Optional[ResourceKind] = None) -> List[Registration]:
        """The registrations whose parent is ``parent`` (only those of ``kind``, when given), by name."""
        found = [r for r in self.registrations if r.parent == parent.urn]
        if kind is not None:
            found = [r for r in found if r.type == type_token(kind)]
        return sorted(found, key=lambda r: r.name)

    def warnings(self) -> List[LogEntry]:
        """The warnings (and errors) the program logged."""
        return [entry for entry in self.logs if entry.level in ("warning", "error")]


def run_program(
    program: Callable[[], None],
    *,
    project: str = "project",
    stack: str = "stack",
    config: Optional[Mapping[str, str]] = None,
    secret_keys: Sequence[str] = (),
    preview: bool = False,
    account_id: Optional[str] = None,
    mocks: Optional[InstanceRoleMocks] = None,
    root_directory: Optional[Path] = None,
) -> RunResult:
    """Run ``program`` as the program of ``project``/``stack`` under mocks and return what it
    did. ``config`` holds full keys (``"alicloud:region"``) and string values, as the engine
    passes them. ``preview=True`` runs it as ``pulumi preview`` does (values not known before
    the update stay unknown); False, the default, as ``pulumi up``. ``mocks`` defaults to
    ``InstanceRoleMocks(account_id)``. Errors are captured in the result, as the engine would
    report them."""
    stack_config = StackConfig(project, stack, dict(config or {}), tuple(secret_keys))
    return _run(program, stack_config, preview, mocks, account_id, root_directory)


def _run(
    program: Callable[[], None],
    config: StackConfig,
    preview: bool,
    mocks: Optional[InstanceRoleMocks],
    account_id: Optional[str],
    root_directory: Optional[Path],
) -> RunResult:
    if mocks is not None and account_id is not None:
        raise ValueError("give account_id to the mocks, InstanceRoleMocks(account_id=...), not to both")
    monitor = RecordingMonitor(mocks or InstanceRoleMocks(account_id))
    engine = RecordingEngine()
    result = RunResult(config.project, config.stack, [], {}, {}, [], config)

    def in_fresh_context() -> None:
        pulumi_settings.ROOT.set(None)
        pulumi_settings.configure(
            pulumi_settings.Settings(
                project=config.project,
                stack=config.stack,
                monitor=monitor,
                engine=engine,
                dry_run=preview,
                organization="organization",
                root_directory=str(root_directory or Path.cwd()),
            )
        )
        set_all_config(dict(config.values), list(config.secret_keys))
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        # The mock monitor runs in executor threads that each open an event loop; own them so
        # they are closed after the run instead of leaking one per thread.
        thread_loops: List[asyncio.AbstractEventLoop] = []

        def open_thread_loop() -> None:
            thread_loop = asyncio.new_event_loop()
            asyncio.set_event_loop(thread_loop)
            thread_loops.append(thread_loop)

        loop.set_default_executor(ThreadPoolExecutor(max_workers=4, initializer=open_thread_loop))
        try:
            loop.run_until_complete(run_in_stack(program))
        except pulumi.RunError as exc:
            result.error, result.error_text = exc, str(exc)
        except Exception as exc:  # reported the way the engine reports it
            result.error = exc
            result.error_text = "Program failed with an unhandled exception:\n" + "".join(
                traceback.format_exception(type(exc), exc, exc.__traceback__)
            )
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()
            for thread_loop in thread_loops:
                thread_loop.close()
            asyncio.set_event_loop(None)

    # Keys missing from set_all_config fall back to $PULUMI_CONFIG*: hide the caller's.
    saved = {key: os.environ.pop(key) for key in list(os.environ) if key.startswith("PULUMI_CONFIG")}
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    try:
        contextvars.copy_context().run(in_fresh_context)
    finally:
        os.environ.update(saved)
    result.registrations = monitor.registrations
    result.exports = monitor.outputs.get(monitor.stack_urn, {})
    result.component_outputs = {urn: out for urn, out in monitor.outputs.items() if urn != monitor.stack_urn}
    result.logs = engine.logs
    return result


def run_project(
    project_dir: Path,
    stack: str,
    *,
    preview: bool = False,
    account_id: Optional[str] = None,
    mocks: Optional[InstanceRoleMocks] = None,
) -> RunResult:
    """Run ``project_dir/__main__.py`` for ``stack`` with the config of its ``Pulumi.yaml`` and
    ``Pulumi.<stack>.yaml``, as :func:`run_program` runs a callable (same ``preview``,
    ``account_id`` and ``mocks``). Modules the program imports from ``project_dir`` (a
    ``components/`` package of its own) are imported afresh for each run. Raises
    :class:`ConfigFileError` when the project or stack file cannot be read."""
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "__main__.py").is_file():
        raise ConfigFileError(f"no Pulumi Python program in {project_dir}", "__main__.py")
    config = load_stack_config(project_dir, stack)
    before = set(sys.modules)

    def program() -> None:
        runpy.run_path(str(project_dir / "__main__.py"), run_name="__main__")

    old_cwd, old_path = Path.cwd(), list(sys.path)
    os.chdir(project_dir)
    sys.path.insert(0, str(project_dir))
    try:
        return _run(program, config, preview, mocks, account_id, project_dir)
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        # Modules the program imported from its own directory hold Outputs of this run.
        for name in set(sys.modules) - before:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            own = module_file.startswith(str(project_dir) + os.sep) and "site-packages" not in module_file
            # This package stays loaded even when installed from inside the project (editable).
            if own and name.split(".")[0] != __name__.split(".")[0]:
                del sys.modules[name]
