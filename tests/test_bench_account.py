"""``make bench``'s account read runs: its quick mode reads every role and region of the stand-in
and reports its time and calls as ``name=value`` lines."""

import subprocess
import sys
from pathlib import Path

from bench.account import QUICK

ROOT = Path(__file__).resolve().parents[1]


def test_the_quick_account_read_reports_seconds_calls_and_regions() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.account", "--quick"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert set(figures) == {
        f"account_read_seconds_{QUICK.roles}",
        f"account_read_calls_{QUICK.roles}",
        "account_read_regions",
    }
    assert float(figures[f"account_read_seconds_{QUICK.roles}"]) > 0
    # At least GetRole and ListPoliciesForRole for each role, and a listing of each region.
    assert int(figures[f"account_read_calls_{QUICK.roles}"]) >= 2 * QUICK.roles + QUICK.regions
    assert int(figures["account_read_regions"]) == QUICK.regions
