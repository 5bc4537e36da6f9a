"""A team's own repository adopts the package, end to end: examples/team-project copied to a
temporary folder, with a venv of its own into which this checkout is pip-installed as a team
would install it (from a path: a wheel built from the checkout, not editable), then the team's
imports, the preview of its stack, its own pytest and the README's set-up of the guardrails
(``alicloud-instance-role pack``, the pack's venv made from its requirements.txt), each run
from that venv.

The wheel is built from the checkout for every session. The wheels of its dependencies (pulumi,
pulumi-alicloud, ...) are kept in pytest's cache, so later sessions install offline; the venv
is created without pip (the checkout's pip installs into it) and without compiling bytecode:
Python compiles each module on first import instead. Everything else is an ordinary install.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from project_helpers import package_version

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = REPO_ROOT / "examples" / "team-project"
#: What a wheel of the package is built from.
SOURCES = ("pyproject.toml", "README.md", "components")


def _pip(*args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _build_wheel(into: Path, scratch: Path) -> None:
    # From a copy of the sources, so the build leaves nothing in the checkout.
    source = scratch / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(REPO_ROOT / name, source / name)
    built = _pip("wheel", "--no-deps", "--wheel-dir", str(into), str(source))
    assert built.returncode == 0, built.stderr


@dataclass(frozen=True)
class TeamInstall:
    """The team's project and where its package came from."""

    project: Path
    """examples/team-project, copied, with ``venv/`` holding this package and pytest."""
    wheel: Path
    """The wheel of this checkout the team installed, by its path."""
    links: Tuple[Path, ...]
    """Folders holding the wheels of the package and its dependencies, for pip offline."""


@pytest.fixture(scope="module")
def team_install(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> TeamInstall:
    """The team's project, with ``venv/`` holding this package (a wheel of the checkout,
    installed from its path as the README says) and pytest."""
    scratch = tmp_path_factory.mktemp("team")
    project = scratch / "team-project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("venv", "__pycache__", ".pytest_cache"))
    package = scratch / "package"
    _build_wheel(package, scratch)
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    dependencies = Path(cache.mkdir("team-project-wheels")) if cache is not None else scratch / "dependencies"
    venv = project / "venv"
    created = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    install = ("--python", str(venv / "bin" / "python"), "install", "--no-compile", "--no-index")
    links = ("--find-links", str(package), "--find-links", str(dependencies))
    # The wheel named by its path (so no release from the index can stand in for it, and pip
    # records where it came from), then the team's requirements.
    (wheel,) = package.glob("*.whl")
    requirements = (str(wheel), "-r", str(project / "requirements.txt"))
    installed = _pip(*install, *links, *requirements)
    if installed.returncode != 0:  # the first session: fetch the dependencies' wheels once
        fetched = _pip("wheel", "--wheel-dir", str(dependencies), *requirements)
        assert fetched.returncode == 0, fetched.stderr
        for stale in dependencies.glob("alicloud_instance_role-*.whl"):
            stale.unlink()  # always this session's build of the package, never an older one
        installed = _pip(*install, *links, *requirements)
    assert installed.returncode == 0, installed.stderr
    return TeamInstall(project, wheel, (package, dependencies))


@pytest.fixture(scope="module")
def team(team_install: TeamInstall) -> Path:
    """The team's project folder, its ``venv/`` holding this package."""
    return team_install.project


def _in_team_venv(project: Path, *command: str) -> "subprocess.CompletedProcess[str]":
    """``command`` run from the team's folder with its venv first on PATH, and nothing of ours."""
    hidden = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "STACK")
    env: Dict[str, str] = {key: value for key, value in os.environ.items() if key not in hidden}
    env["PATH"] = f"{project / 'venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(list(command), cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_the_team_imports_the_installed_package_and_its_own_components(team: Path) -> None:
    program = (
        "import json, alicloud_instance_role, components\n"
        "from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent\n"
        "from components import Network\n"
        "print(json.dumps([alicloud_instance_role.__file__, components.__file__]))\n"
    )
    result = _in_team_venv(team, "python", "-c", program)
    assert result.returncode == 0, result.stderr
    package, components = (Path(path) for path in json.loads(result.stdout))
    assert package.is_relative_to(team / "venv") and "site-packages" in package.parts
    assert components == team / "components" / "__init__.py"


def test_the_preview_of_the_team_stack_passes_and_shows_the_teams_own_resources(team: Path) -> None:
    result = _in_team_venv(team, "alicloud-instance-role", "preview", "--project-dir", ".", "--stack", "dev")
    assert result.returncode == 0, result.stdout + result.stderr
    shown: List[str] = [
        "Stack team-app-dev",
        "team.Network net",
        "alicloud.vpc.Network net-vpc",
        "alicloud.vpc.Switch net-vswitch",
        "alicloud.ecs.Instance web",
        "alicloud.oss.Bucket assets",
        "alicloud-instance-role.InstanceRoleComponent web",
        "(judged with made-up <assets.bucket>)",
        "may: oss: GetObject on acs:oss:*:*:<assets.bucket>/* [web-policy]",
    ]
    assert [line for line in shown if line not in result.stdout] == []
    assert result.stdout.rstrip().endswith(": ok")


def test_the_teams_own_tests_pass_with_the_installed_testing_helpers(team: Path) -> None:
    result = _in_team_venv(team, "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b5 passed\b", result.stdout), result.stdout


def test_the_readmes_guardrails_set_up_runs_as_written_outside_the_clone(team_install: TeamInstall) -> None:
    team = team_install.project
    # README, "Guardrails": write the pack folder with the installed package's command.
    written = _in_team_venv(team, "alicloud-instance-role", "pack", "guardrails")
    assert written.returncode == 0, written.stderr
    pack = team / "guardrails"
    assert sorted(path.name for path in pack.iterdir()) == ["PulumiPolicy.yaml", "__main__.py", "requirements.txt"]
    # The pack installs the package from where the team installed it: this wheel, by its path.
    assert (pack / "requirements.txt").read_text() == f"alicloud-instance-role @ {team_install.wheel.as_uri()}\n"
    # Its venv, as `pulumi preview --policy-pack guardrails` makes it: venv/, then requirements.txt
    # installed into it (as for the team's venv: by the checkout's pip, offline, from the wheels
    # already on this machine).
    made = _in_team_venv(team, "python", "-m", "venv", "--without-pip", "guardrails/venv")
    assert made.returncode == 0, made.stderr
    links = [argument for link in team_install.links for argument in ("--find-links", str(link))]
    install = ("--python", str(pack / "venv" / "bin" / "python"), "install", "--no-compile", "--no-index", *links)
    installed = _pip(*install, "-r", str(pack / "requirements.txt"))
    assert installed.returncode == 0, installed.stderr
    # README, "Guardrails": the offline preview with the team's pack folder and its rule settings.
    (team / "policy-config.json").write_text('{"ram-session-duration-limit": {"maxSessionDuration": 3600}}')
    readme = ("--policy-pack", "guardrails", "--policy-pack-config", "policy-config.json")
    result = _in_team_venv(team, "alicloud-instance-role", "preview", "--stack", "dev", *readme)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Guardrails (alicloud-instance-role-guardrails@{package_version()})" in result.stdout
    assert result.stdout.rstrip().endswith(": ok")
