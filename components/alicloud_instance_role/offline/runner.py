"""Run a Pulumi Python program in-process under the SDK's mocks, as the engine would run it.

The engine hands a program its project and stack names, its config (every value a string,
objects as JSON) and the list of secret keys, then runs ``__main__.py`` inside a root Stack.
:func:`run_project` does the same from ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``;
:func:`run_program` runs a Python callable instead (what tests use for one component).

Every run gets a fresh ``contextvars`` context and event loop, so many programs can run in one
process, and records each resource registration with its resource options, the stack's exports
and the program's log messages (:class:`RunResult`). The mocks are :class:`~.mocks.InstanceRoleMocks`.
What a run changes in the process is put back afterwards, and runs cannot be nested
(:func:`~.isolation.process_state_of_a_run`).

The pieces live beside this module, by job: :mod:`.stack_config` (reading a stack's config),
:mod:`.recording` (the recording monitor and engine), :mod:`.results` (:class:`RunResult`) and
:mod:`.isolation`; their public names are importable from here too.
"""

import runpy
import traceback
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

import pulumi
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_in_stack

from .isolation import NestedRunError, process_state_of_a_run, run_in_fresh_loop
from .mocks import InstanceRoleMocks
from .recording import LogEntry, RecordingEngine, RecordingMonitor, Registration
from .results import RunResult
from .stack_config import ConfigFileError, StackConfig, load_stack_config

__all__ = [
    "ConfigFileError",
    "LogEntry",
    "NestedRunError",
    "RecordingEngine",
    "RecordingMonitor",
    "Registration",
    "RunResult",
    "StackConfig",
    "load_stack_config",
    "run_program",
    "run_project",
]


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
    report them. Raises :class:`NestedRunError` when called during another run."""
    stack_config = StackConfig(project, stack, dict(config or {}), tuple(secret_keys))
    with process_state_of_a_run():
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

    def configure_pulumi() -> None:
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

    async def run_in_root_stack() -> None:
        try:
            await run_in_stack(program)
        except pulumi.RunError as exc:
            result.error, result.error_text = exc, str(exc)
        except Exception as exc:  # reported the way the engine reports it
            result.error = exc
            result.error_text = "Program failed with an unhandled exception:\n" + "".join(
                traceback.format_exception(type(exc), exc, exc.__traceback__)
            )

    run_in_fresh_loop(configure_pulumi, run_in_root_stack)
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
    ``account_id`` and ``mocks``), in ``project_dir`` and with it first on ``sys.path``, as the
    Pulumi CLI runs it. Modules the program imports from ``project_dir`` (a ``components/``
    package of its own) are imported afresh for each run. Raises :class:`ConfigFileError` when
    the project or stack file cannot be read, :class:`NestedRunError` when called during
    another run."""
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "__main__.py").is_file():
        raise ConfigFileError(f"no Pulumi Python program in {project_dir}", "__main__.py")
    config = load_stack_config(project_dir, stack)

    def program() -> None:
        runpy.run_path(str(project_dir / "__main__.py"), run_name="__main__")

    with process_state_of_a_run(project_dir):
        return _run(program, config, preview, mocks, account_id, project_dir)
