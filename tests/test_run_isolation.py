"""A run gives the process back as it found it: the working directory, ``sys.path``, the
``PULUMI_CONFIG*`` variables, the asyncio logger's level and the modules a project imported from
its own folder, whether the program ends well or raises; and a run inside a run is refused."""

import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pulumi
import pytest

from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent
from alicloud_instance_role.offline.isolation import process_state_of_a_run
from alicloud_instance_role.testing import InstanceRoleMocks, NestedRunError, RunResult, run_program, run_project

PROJECT_MODULE = "team_components_of_the_isolation_test"

#: How the project's program ends: well, with a user mistake, or with a bug.
ENDINGS: Dict[str, str] = {
    "ends-well": "",
    "raises-a-run-error": "raise pulumi.RunError('the role has no policy')\n",
    "raises-a-bug": "raise KeyError('oops')\n",
}


def write_project(folder: Path, ending: str) -> None:
    """A project whose program imports a module of its own folder, notes what it sees of the
    process in ``seen.json``, changes that state itself, then ends as ``ending`` says."""
    (folder / "Pulumi.yaml").write_text("name: team\nruntime: python\n")
    (folder / "Pulumi.dev.yaml").write_text("config:\n  team:owner: ops\n  team:region: cn-shanghai\n")
    (folder / f"{PROJECT_MODULE}.py").write_text("OWNER_KEY = 'owner'\n")
    (folder / "elsewhere").mkdir()
    (folder / "__main__.py").write_text(
        "import json, logging, os, sys\n"
        "import pulumi\n"
        f"import {PROJECT_MODULE}\n"
        "seen = {\n"
        "    'cwd': os.getcwd(),\n"
        "    'path0': sys.path[0],\n"
        "    'environment': sorted(k for k in os.environ if k.startswith('PULUMI_CONFIG')),\n"
        "    'asyncio_level': logging.getLogger('asyncio').level,\n"
        "}\n"
        "open('seen.json', 'w').write(json.dumps(seen))\n"
        f"pulumi.export('owner', pulumi.Config().get({PROJECT_MODULE}.OWNER_KEY))\n"
        "os.chdir('elsewhere')\n"
        "sys.path.insert(0, '/nowhere')\n"
        "os.environ['PULUMI_CONFIG_SET_BY_THE_PROGRAM'] = '1'\n"
        "logging.getLogger('asyncio').setLevel(logging.DEBUG)\n" + ending
    )


@pytest.fixture
def callers_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The caller's own working directory, ``PULUMI_CONFIG`` and asyncio level, set for the test
    and put back after it; yields that working directory."""
    workdir = tmp_path / "caller"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"team:owner": "from-the-callers-environment"}))
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "the-callers-passphrase")
    asyncio_logger = logging.getLogger("asyncio")
    level = asyncio_logger.level
    asyncio_logger.setLevel(logging.WARNING)
    yield workdir
    asyncio_logger.setLevel(level)


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_project_run_gives_back_the_process_as_it_found_it(callers_state: Path, tmp_path: Path, ending: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    write_project(project, ENDINGS[ending])
    path_list, path_before = sys.path, list(sys.path)
    environment_before = {k: v for k, v in os.environ.items() if k.startswith("PULUMI_CONFIG")}

    run = run_project(project, "dev")

    assert (run.error is None) == (ending == "ends-well"), run.error_text
    assert Path.cwd() == callers_state
    assert sys.path is path_list and sys.path == path_before
    assert {k: v for k, v in os.environ.items() if k.startswith("PULUMI_CONFIG")} == environment_before
    assert logging.getLogger("asyncio").level == logging.WARNING
    assert PROJECT_MODULE not in sys.modules


def test_during_a_project_run_the_program_sees_its_own_folder_and_none_of_the_callers_config(
    callers_state: Path, tmp_path: Path
) -> None:
    write_project(tmp_path, "")
    run = run_project(tmp_path, "dev")
    assert run.error is None, run.error_text
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert seen == {
        "cwd": str(tmp_path.resolve()),
        "path0": str(tmp_path.resolve()),
        "environment": [],
        "asyncio_level": logging.CRITICAL,
    }
    assert run.exports == {"owner": "ops"}


def test_a_module_of_the_project_is_imported_afresh_by_the_next_run(callers_state: Path, tmp_path: Path) -> None:
    write_project(tmp_path, "")
    first = run_project(tmp_path, "dev")
    (tmp_path / f"{PROJECT_MODULE}.py").write_text("OWNER_KEY = 'region'\n")
    second = run_project(tmp_path, "dev")
    assert (first.exports, second.exports) == ({"owner": "ops"}, {"owner": "cn-shanghai"})


def test_a_program_run_hides_the_callers_pulumi_config_and_gives_it_back(callers_state: Path) -> None:
    seen: List[object] = []

    def program() -> None:
        seen.append(pulumi.Config("team").get("owner"))
        os.environ["PULUMI_CONFIG"] = "{}"
        raise ValueError("a bug in the program")

    run = run_program(program, project="team")
    assert isinstance(run.error, ValueError)
    assert seen == [None]
    assert json.loads(os.environ["PULUMI_CONFIG"]) == {"team:owner": "from-the-callers-environment"}
    assert os.environ["PULUMI_CONFIG_PASSPHRASE"] == "the-callers-passphrase"
    assert logging.getLogger("asyncio").level == logging.WARNING


def test_a_program_that_exits_still_gives_the_process_back(callers_state: Path, tmp_path: Path) -> None:
    write_project(tmp_path, "raise SystemExit(3)\n")
    path_before = list(sys.path)
    with pytest.raises(SystemExit):
        run_project(tmp_path, "dev")
    assert (Path.cwd(), sys.path, logging.getLogger("asyncio").level) == (callers_state, path_before, logging.WARNING)
    assert os.environ["PULUMI_CONFIG_PASSPHRASE"] == "the-callers-passphrase"
    assert "PULUMI_CONFIG_SET_BY_THE_PROGRAM" not in os.environ
    assert PROJECT_MODULE not in sys.modules
    assert run_program(lambda: None).error is None


def test_a_run_inside_a_run_is_refused_and_the_outer_run_reports_it(callers_state: Path) -> None:
    inner: List[RunResult] = []

    def program_that_runs_a_program() -> None:
        inner.append(run_program(lambda: None))

    outer = run_program(program_that_runs_a_program)
    assert inner == []
    assert isinstance(outer.error, NestedRunError)
    assert "already under way" in str(outer.error)
    assert run_program(lambda: None).error is None


def test_a_run_while_the_process_state_is_held_is_refused_and_changes_nothing(
    callers_state: Path, tmp_path: Path
) -> None:
    write_project(tmp_path, "")
    with process_state_of_a_run():
        with pytest.raises(NestedRunError):
            run_project(tmp_path, "dev")
        assert Path.cwd() == callers_state
        assert not (tmp_path / "seen.json").exists()
        assert "PULUMI_CONFIG" not in os.environ
    assert "PULUMI_CONFIG" in os.environ


def test_a_run_refused_for_its_arguments_releases_the_process() -> None:
    with pytest.raises(ValueError, match="not to both"):
        run_program(lambda: None, account_id="1234567890123456", mocks=InstanceRoleMocks())
    assert run_program(lambda: None).error is None


def test_a_failed_run_leaves_nothing_for_asyncio_to_log_once_its_logger_is_back(
    callers_state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def program() -> None:
        InstanceRoleComponent("app", InstanceRoleArgs(max_session_duration=pulumi.Output.from_input(43201)))

    assert isinstance(run_program(program).error, pulumi.RunError)
    with caplog.at_level(logging.DEBUG, logger="asyncio"):
        gc.collect()
    assert [record.getMessage() for record in caplog.records if record.name == "asyncio"] == []
