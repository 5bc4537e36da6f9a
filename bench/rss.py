"""``python -m bench.rss component 1000``: one timed run of one program in this fresh process,
and the process's peak resident memory, printed as one JSON line:
``{"program", "count", "registrations", "seconds", "rss_mb"}``.

The benchmark takes every timing and memory sample this way, one process per sample, so each
starts from the same state a ``pulumi preview`` starts from and no run inherits another's heap
(the Pulumi SDK keeps the last run's settings, monitor included, alive until the next one).
A run of two roles first pays the one-off costs (lazy imports, type caches) outside the timing.
Only the program's own imports are made: the baseline never imports ``components``.
"""

import argparse
import gc
import json
import resource
import sys
import time
from typing import Optional, Sequence

from alicloud_instance_role.offline.runner import RunResult, run_program

from .programs import ACCOUNT_ID, PROGRAMS, PROJECT, STACK

WARM_UP_COUNT = 2


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB.

    On Linux, ``VmHWM`` of this process's own address space: ``ru_maxrss`` survives ``execve``,
    so a process forked from a larger parent would report the parent's peak instead."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(kind: str, count: int) -> RunResult:
    """One run of the ``kind`` program with ``count`` roles, as a preview; raises if it fails."""
    result = run_program(PROGRAMS[kind](count), project=PROJECT, stack=STACK, preview=True, account_id=ACCOUNT_ID)
    if result.error is not None:
        raise RuntimeError(f"the {kind} program failed at N={count}:\n{result.error_text}")
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rss", description=__doc__.split("\n\n")[0])
    parser.add_argument("program", choices=sorted(PROGRAMS))
    parser.add_argument("count", type=int)
    options = parser.parse_args(argv)
    run(options.program, WARM_UP_COUNT)
    gc.collect()
    started = time.perf_counter()
    result = run(options.program, options.count)
    seconds = time.perf_counter() - started
    report = {
        "program": options.program,
        "count": options.count,
        "registrations": len(result.registrations),
        "seconds": seconds,
        "rss_mb": peak_rss_mb(),
    }
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
