"""The benchmark compares like with like: at N=2 (untimed), the hand-written baseline registers
the same resources as the components (the same number of each type) with the same RAM
documents once parsed, so ``make bench`` measures only what the component adds."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import pytest

from alicloud_instance_role.offline.runner import RunResult, run_program
from bench.programs import ACCOUNT_ID, PROGRAMS, PROJECT, STACK

ROOT = Path(__file__).resolve().parents[1]
COMPONENT = "alicloud-instance-role:index:InstanceRoleComponent"
DOCUMENT_INPUTS = ("assumeRolePolicyDocument", "policyDocument", "policy")


def _run(kind: str, count: int = 2) -> RunResult:
    result = run_program(PROGRAMS[kind](count), project=PROJECT, stack=STACK, preview=True, account_id=ACCOUNT_ID)
    assert result.error is None, result.error_text
    return result


@pytest.fixture(scope="module")
def runs() -> Dict[str, RunResult]:
    return {kind: _run(kind) for kind in PROGRAMS}


def _cloud_resources(run: RunResult) -> Dict[str, int]:
    return Counter(reg.type for reg in run.registrations if reg.type.startswith("alicloud:"))


def _documents(run: RunResult) -> List[str]:
    found = []
    for reg in run.registrations:
        for key in DOCUMENT_INPUTS:
            value: Any = reg.inputs.get(key)
            if value is not None:
                assert isinstance(value, str), f"{reg.name}.{key} is not known during the run: {value!r}"
                found.append(f"{reg.type} {key} {json.dumps(json.loads(value), sort_keys=True)}")
    return sorted(found)


def test_baseline_registers_the_same_number_of_each_resource_type_as_the_components(
    runs: Dict[str, RunResult],
) -> None:
    component = _cloud_resources(runs["component"])
    assert component == _cloud_resources(runs["baseline"]) == _cloud_resources(runs["grouped"])
    assert sum(component.values()) == 2 * 9
    assert Counter(reg.type for reg in runs["component"].registrations)[COMPONENT] == 2


def test_baseline_documents_equal_the_components_documents_once_parsed(runs: Dict[str, RunResult]) -> None:
    component = _documents(runs["component"])
    assert len(component) == 2 * 3  # per role: trust policy, permission policy, operator policy
    assert component == _documents(runs["baseline"]) == _documents(runs["grouped"])


def test_baseline_runs_without_importing_the_component_or_its_checks() -> None:
    # The runner predicts ARNs with the package's naming and resource_types; the baseline uses nothing more.
    check = (
        "import sys\n"
        "from bench.programs import baseline_program\n"
        "from alicloud_instance_role.offline.runner import run_program\n"
        "assert run_program(baseline_program(2)).error is None\n"
        "checks = ('alicloud_instance_role.instance_role', 'alicloud_instance_role.arguments',"
        " 'alicloud_instance_role.documents')\n"
        "print(sorted(m for m in sys.modules if m.startswith(checks)))\n"
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
