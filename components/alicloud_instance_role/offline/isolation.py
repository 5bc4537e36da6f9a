"""Keeping one run of a program from leaking into the process, or into the next run.

Two parts: :func:`run_in_fresh_loop` gives a run its own ``contextvars`` context and event loop
(and closes every loop it opened), and :func:`process_state_of_a_run` holds what a run changes in
the process as a whole (working directory, ``sys.path``, environment, the asyncio logger's level,
the modules a project imported) and puts it all back afterwards. The second is not re-entrant:
the process has one working directory and one ``sys.path``, so a run inside a run (or beside one,
in another thread) is refused with :class:`NestedRunError`.
"""

import asyncio
import contextvars
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Coroutine, Dict, FrozenSet, Iterator, List, Optional

#: Environment variables the Pulumi SDK reads config from when a key is not set in-process.
HIDDEN_ENVIRONMENT_PREFIX = "PULUMI_CONFIG"

# One lock for the process: what process_state_of_a_run guards is process-wide.
_ONE_RUN_AT_A_TIME = threading.Lock()


class NestedRunError(RuntimeError):
    """A run was started while another run held the process (a program that runs a program, or
    two runs in two threads at once)."""


def run_in_fresh_loop(prepare: Callable[[], None], main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """In a fresh copy of the current ``contextvars`` context, call ``prepare()`` and then run
    ``main()`` to completion on a new event loop, so that what one run sets in context variables
    (the Pulumi SDK's settings and root resource) never reaches the caller or the next run.

    The loops report no exception of their own (a future whose exception nobody read): the
    caller reports how ``main`` ended. Afterwards every task still pending is cancelled, the
    loop, its executor and the loops its executor threads opened are closed, and the thread has
    no current event loop. An exception from ``prepare`` or ``main`` propagates after that
    clean-up."""
    contextvars.copy_context().run(_in_fresh_loop, prepare, main)


def _report_nothing(loop: asyncio.AbstractEventLoop, context: Dict[str, Any]) -> None:
    # A failed program leaves the SDK's futures holding exceptions nobody read. asyncio reports
    # each one through its loop's handler when it is collected, which may be long after the run
    # (a log record then, in the middle of whatever runs: CPython 3.11 even fails an ast.parse
    # it interrupts). The run reports the failure once, in its result.
    pass


def _open_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_report_nothing)
    asyncio.set_event_loop(loop)
    return loop


def _in_fresh_loop(prepare: Callable[[], None], main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    prepare()
    loop = _open_loop()
    # The mock monitor runs in executor threads that each open an event loop; own them so
    # they are closed after the run instead of leaking one per thread.
    thread_loops: List[asyncio.AbstractEventLoop] = []

    def open_thread_loop() -> None:
        thread_loops.append(_open_loop())

    loop.set_default_executor(ThreadPoolExecutor(max_workers=4, initializer=open_thread_loop))
    try:
        loop.run_until_complete(main())
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


@dataclass(frozen=True)
class _ProcessState:
    """What a run may change in the process, as it was before the run."""

    working_directory: str
    path: List[str]
    hidden_environment: Dict[str, str]
    asyncio_level: int
    modules: FrozenSet[str]

    @classmethod
    def now(cls) -> "_ProcessState":
        return cls(
            working_directory=os.getcwd(),
            path=list(sys.path),
            hidden_environment={k: v for k, v in os.environ.items() if k.startswith(HIDDEN_ENVIRONMENT_PREFIX)},
            asyncio_level=logging.getLogger("asyncio").level,
            modules=frozenset(sys.modules),
        )

    def restore(self, program_dir: Optional[Path]) -> None:
        os.chdir(self.working_directory)
        sys.path[:] = self.path
        for key in [k for k in os.environ if k.startswith(HIDDEN_ENVIRONMENT_PREFIX)]:
            del os.environ[key]
        os.environ.update(self.hidden_environment)
        logging.getLogger("asyncio").setLevel(self.asyncio_level)
        if program_dir is not None:
            self._forget_modules_of(program_dir)

    def _forget_modules_of(self, program_dir: Path) -> None:
        # Modules the program imported from its own directory hold Outputs of this run.
        this_package = __name__.split(".")[0]
        for name in set(sys.modules) - self.modules:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            own = module_file.startswith(str(program_dir) + os.sep) and "site-packages" not in module_file
            # This package stays loaded even when installed from inside the project (editable).
            if own and name.split(".")[0] != this_package:
                del sys.modules[name]


@contextmanager
def process_state_of_a_run(program_dir: Optional[Path] = None) -> Iterator[None]:
    """Hold the process for one run of a program, and give it back as it was.

    On entry it hides the ``PULUMI_CONFIG*`` environment variables (the SDK would read config
    missing from the run's own from them), quiets the ``asyncio`` logger to CRITICAL (what
    asyncio says about the run's loops is not the program's to report; the run reports how the
    program ended, in its result) and, given ``program_dir``,
    makes it the working directory and the first entry of ``sys.path``, as the Pulumi CLI does
    for a program. On exit, also when the block raises, it restores the working directory,
    ``sys.path`` (the same list, its old entries), the ``PULUMI_CONFIG*`` variables exactly as
    they were, the logger's level, and forgets the modules imported from ``program_dir`` during
    the run (except this package's own, when installed from inside it), so the next run imports
    them afresh.

    Not re-entrant: while one block is open, entering another (a program that runs a program,
    or a run in another thread) raises :class:`NestedRunError` and changes nothing."""
    if not _ONE_RUN_AT_A_TIME.acquire(blocking=False):
        raise NestedRunError(
            "a run of a Pulumi program is already under way in this process; runs change the working "
            "directory, sys.path and the environment, so they cannot be nested or run in parallel threads"
        )
    try:
        before = _ProcessState.now()
        try:
            for key in before.hidden_environment:
                del os.environ[key]
            logging.getLogger("asyncio").setLevel(logging.CRITICAL)
            if program_dir is not None:
                os.chdir(program_dir)
                sys.path.insert(0, str(program_dir))
            yield
        finally:
            before.restore(program_dir)
    finally:
        _ONE_RUN_AT_A_TIME.release()
