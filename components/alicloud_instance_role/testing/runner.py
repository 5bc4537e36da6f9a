"""Run a Pulumi Python program in-process under the SDK's mocks, as the engine would run it.

The engine hands a program its project and stack names, its config (every value a string,
objects as JSON) and the list of secret keys, then runs ``__main__.py`` inside a root Stack.
:func:`run_project` does the same from ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``;
:func:`run_program` runs a Python callable instead (what tests use for one component).

Every run gets a fresh ``contextvars`` context and event loop, so many programs can run in one
process, and records each resource registration with its resource options.
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
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import pulumi
import yaml
from pulumi.runtime import rpc
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockCallArgs, MockEngine, MockMonitor, MockResourceArgs, Mocks
from pulumi.runtime.stack import run_in_stack

from ..naming import SECRET_PLACEHOLDER as SECRET_PLACEHOLDER  # offline secrets read as this; names refuse it
from .predict import Prediction, predict


class ConfigFileError(ValueError):
    """A project or stack file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class StackConfig:
    """What the engine hands a program: names, config as strings, and the secret keys."""

    project: str
    stack: str
    values: Dict[str, str]
    secret_keys: Tuple[str, ...]


def _engine_string(value: Any) -> str:
    # The engine passes every config value as a string; objects and lists as compact JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _without_secrets(value: Any) -> Tuple[Any, bool]:
    if _is_secure(value):
        return SECRET_PLACEHOLDER, True
    if isinstance(value, dict):
        pairs = {key: _without_secrets(item) for key, item in value.items()}
        return {key: item for key, (item, _) in pairs.items()}, any(secret for _, secret in pairs.values())
    if isinstance(value, list):
        items = [_without_secrets(item) for item in value]
        return [item for item, _ in items], any(secret for _, secret in items)
    return value, False


def _read_yaml(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        stacks = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in path.parent.glob("Pulumi.*.yaml"))
        known = f"; stacks here: {', '.join(stacks)}" if stacks else ""
        raise ConfigFileError(f"{path.name}: no such file in {path.parent}{known}") from None
    except yaml.YAMLError as exc:
        raise ConfigFileError(f"{path.name}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path.name}: expected a mapping at the top level")
    if not isinstance(data.get("config") or {}, dict):
        raise ConfigFileError(f"{path.name}: config: expected a mapping of key -> value")
    return data


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """The config the engine would give ``stack``: defaults declared in ``Pulumi.yaml``, then
    ``Pulumi.<stack>.yaml``. ``secure:`` values become :data:`SECRET_PLACEHOLDER` and their keys
    are marked secret."""
    project_file = _read_yaml(project_dir / "Pulumi.yaml")
    project = str(project_file.get("name", project_dir.name))
    values: Dict[str, str] = {}
    secret_keys: List[str] = []

    def full_key(key: str) -> str:
        return key if ":" in key else f"{project}:{key}"

    for key, declaration in (project_file.get("config") or {}).items():
        default = declaration.get("default", declaration.get("value")) if isinstance(declaration, dict) else declaration
        if default is not None:
            values[full_key(key)] = _engine_string(default)
    stack_file = _read_yaml(project_dir / f"Pulumi.{stack}.yaml")
    for key, value in (stack_file.get("config") or {}).items():
        plain, secret = _without_secrets(value)
        values[full_key(key)] = _engine_string(plain)
        if secret:
            secret_keys.append(full_key(key))
    return StackConfig(project, stack, values, tuple(sorted(secret_keys)))


@dataclass
class Registration:
    """One resource the program registered, with the options the engine would see."""

    type: str
    name: str
    urn: str
    custom: bool
    inputs: Dict[str, Any]
    outputs: Dict[str, Any] = field(default_factory=dict)
    predicted: Tuple[str, ...] = ()
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


class RecordingMocks(Mocks):
    """Mocks answering like the cloud would, as far as it can be predicted: every input comes
    back as state, and documented shapes (a role's ARN) are predicted and listed as such."""

    def __init__(self, account_id: Optional[str] = None) -> None:
        self.account_id = account_id
        self.predictions: Dict[Tuple[str, str], Prediction] = {}

    def new_resource(self, args: MockResourceArgs) -> Tuple[Optional[str], Dict[Any, Any]]:
        prediction = predict(args.typ, args.name, dict(args.inputs), self.account_id)
        self.predictions[(args.typ, args.name)] = prediction
        state = {**args.inputs, **prediction.outputs}
        # An adopted resource keeps the ID it is imported by: the provider reads it by that ID
        # and its importers pass the ID through (see import_ids).
        resource_id = args.resource_id or prediction.id
        return (resource_id if args.custom else None), state

    def call(self, args: MockCallArgs) -> Tuple[Dict[Any, Any], Optional[List[Tuple[str, str]]]]:
        return {}, None


class RecordingMonitor(MockMonitor):
    """A MockMonitor that keeps every registration with its resource options."""

    mocks: RecordingMocks

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.registrations: List[Registration] = []
        self.outputs: Dict[str, Dict[str, Any]] = {}
        self.stack_urn = ""

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            self.stack_urn = response.urn
            return response
        prediction = self.mocks.predictions.get((request.type, request.name), Prediction(""))
        predicted_id = ("id",) if request.custom and not request.importId else ()
        self.registrations.append(Registration.of(request, response, tuple(sorted(prediction.outputs)) + predicted_id))
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        self.outputs[request.urn] = rpc.deserialize_properties(request.outputs, keep_unknowns=True)
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]


@dataclass
class RunResult:
    """What one run registered and exported, and how it ended."""

    project: str
    stack: str
    registrations: List[Registration]
    exports: Dict[str, Any]
    component_outputs: Dict[str, Dict[str, Any]]
    logs: List[Tuple[str, str]]
    error: Optional[BaseException] = None
    error_text: str = ""
    """What the Pulumi CLI would print for ``error``: the message alone for a RunError, a
    traceback for anything else (a bug, not a user mistake)."""

    def named(self, name: str) -> Registration:
        """The registration with logical name ``name``."""
        matches = [r for r in self.registrations if r.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} registrations named {name!r}: {[r.name for r in self.registrations]}")
        return matches[0]

    def of_type(self, resource_type: str) -> List[Registration]:
        """Every registration of ``resource_type`` (``alicloud:ram/role:Role``), by logical name
        (registration order under mocks depends on thread scheduling)."""
        return sorted((r for r in self.registrations if r.type == resource_type), key=lambda r: r.name)


class _LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: List[Tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname.lower(), record.getMessage()))


def run_program(
    program: Callable[[], None],
    *,
    project: str = "project",
    stack: str = "stack",
    config: Optional[Mapping[str, str]] = None,
    secret_keys: Sequence[str] = (),
    preview: bool = False,
    account_id: Optional[str] = None,
    root_directory: Optional[Path] = None,
) -> RunResult:
    """Run ``program`` as a stack's program under mocks and return what it did. Errors are
    captured in the result, as the engine would report them."""
    mocks = RecordingMocks(account_id)
    monitor = RecordingMonitor(mocks)
    recorder = _LogRecorder()
    logger = logging.getLogger(f"alicloud-instance-role.preview.{id(recorder)}")
    logger.propagate = False
    logger.addHandler(recorder)
    logger.setLevel(logging.INFO)
    result = RunResult(project, stack, [], {}, {}, [])

    def in_fresh_context() -> None:
        pulumi_settings.ROOT.set(None)
        pulumi_settings.configure(
            pulumi_settings.Settings(
                project=project,
                stack=stack,
                monitor=monitor,
                engine=MockEngine(logger),
                dry_run=preview,
                organization="organization",
                root_directory=str(root_directory or Path.cwd()),
            )
        )
        set_all_config(dict(config or {}), list(secret_keys))
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
        logger.removeHandler(recorder)
    result.registrations = monitor.registrations
    result.exports = monitor.outputs.get(monitor.stack_urn, {})
    result.component_outputs = {urn: out for urn, out in monitor.outputs.items() if urn != monitor.stack_urn}
    result.logs = recorder.records
    return result


def run_project(project_dir: Path, stack: str, *, preview: bool = True, account_id: Optional[str] = None) -> RunResult:
    """Run ``project_dir/__main__.py`` for ``stack`` with its ``Pulumi.<stack>.yaml`` config.
    Raises :class:`ConfigFileError` when the project or stack file cannot be read."""
    project_dir = project_dir.resolve()
    if not (project_dir / "__main__.py").is_file():
        raise ConfigFileError(f"__main__.py: no Pulumi Python program in {project_dir}")
    config = load_stack_config(project_dir, stack)
    before = set(sys.modules)

    def program() -> None:
        runpy.run_path(str(project_dir / "__main__.py"), run_name="__main__")

    old_cwd, old_path = Path.cwd(), list(sys.path)
    os.chdir(project_dir)
    sys.path.insert(0, str(project_dir))
    try:
        return run_program(
            program,
            project=config.project,
            stack=stack,
            config=config.values,
            secret_keys=config.secret_keys,
            preview=preview,
            account_id=account_id,
            root_directory=project_dir,
        )
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
