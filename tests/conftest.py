"""Shared fixtures.

Plugin: ``plugin_engine`` (a fake Pulumi engine and resource monitor) and ``plugin_stub`` (a
client of ``plugin/``, started as the Pulumi CLI starts it), one of each per test module; see
``plugin_helpers``.

RAM policy corpus: real RAM documents and their ``SOURCES.md``, kept outside the repository (in
``../shared/ram-policy-corpus``, or wherever ``RAM_POLICY_CORPUS`` points) and read at test time,
never copied. A test that names one of the fixtures in ``CORPUS_FILE_FIXTURES`` runs once per
corpus file, with the file name as its id.

A clone without the corpus beside it skips the corpus tests, saying why; under CI (``$CI`` set),
where the corpus is always laid beside the clone, a missing corpus fails the run instead.
"""

import os
import re
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterator, List, Tuple

import pytest
from plugin_helpers import Engine, fake_engine, require_plugin_venv, start_plugin
from policy_helpers import PACK_DIR
from project_helpers import require_virtualenv
from pulumi.runtime.proto.provider_pb2_grpc import ResourceProviderStub

from alicloud_instance_role.preview.analyzer import RunningPack, configure, start_pack

REPO_ROOT = Path(__file__).resolve().parents[1]
RAM_POLICY_CORPUS_ENV = "RAM_POLICY_CORPUS"

#: Fixture name -> the corpus folders whose ``*.json`` files it runs over.
CORPUS_FILE_FIXTURES: Dict[str, Tuple[str, ...]] = {
    "valid_permission_file": ("valid/permission",),
    "valid_trust_file": ("valid/trust",),
    "valid_corpus_file": ("valid/permission", "valid/trust"),
    "invalid_corpus_file": ("invalid",),
}


def ram_policy_corpus_dir() -> Path:
    """The corpus root: ``$RAM_POLICY_CORPUS`` if set, else ``../shared/ram-policy-corpus``."""
    override = os.environ.get(RAM_POLICY_CORPUS_ENV)
    return Path(override) if override else REPO_ROOT.parent / "shared" / "ram-policy-corpus"


def corpus_missing() -> str:
    """Why the corpus cannot be read, or "" when it can. Under CI a missing corpus is an error."""
    root = ram_policy_corpus_dir()
    if (root / "SOURCES.md").is_file():
        return ""
    reason = f"RAM policy corpus not found at {root}; put shared/ beside the clone or set {RAM_POLICY_CORPUS_ENV}"
    if os.environ.get("CI"):
        raise pytest.UsageError(reason)
    return reason


def corpus_files(folder: str) -> List[Path]:
    """The ``*.json`` documents in one corpus folder (``valid/permission``, ``valid/trust``, ``invalid``)."""
    files = sorted((ram_policy_corpus_dir() / folder).glob("*.json"))
    if not files:
        raise pytest.UsageError(
            f"no RAM policy corpus documents in {ram_policy_corpus_dir() / folder}; set {RAM_POLICY_CORPUS_ENV}"
        )
    return files


def corpus_sources() -> str:
    """The text of the corpus's ``SOURCES.md``."""
    return (ram_policy_corpus_dir() / "SOURCES.md").read_text(encoding="utf-8")


def corpus_listed_rows() -> Dict[str, str]:
    """File name -> first table cell, for every document row of ``SOURCES.md``."""
    rows = {}
    for line in corpus_sources().splitlines():
        match = re.match(r"\|\s*`([^`]+\.json)`([^|]*)\|", line)
        if match:
            rows[Path(match.group(1)).name] = match.group(0)
    return rows


def corpus_redacted_names() -> FrozenSet[str]:
    """Files whose ``SOURCES.md`` row says they were "moved to redacted/" (their principals were
    replaced by the reporter, so they hold no principal RAM accepts)."""
    return frozenset(name for name, cell in corpus_listed_rows().items() if "moved to redacted/" in cell)


def corpus_identical_groups() -> List[Tuple[Path, ...]]:
    """The groups listed under "Documents whose JSON is identical once parsed" in ``SOURCES.md``."""
    section = corpus_sources().split("## Documents whose JSON is identical once parsed", 1)[1].split("\n## ", 1)[0]
    root = ram_policy_corpus_dir()
    return [
        tuple(root / name for name in re.findall(r"`([^`]+)`", line))
        for line in section.splitlines()
        if line.startswith("- ")
    ]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    wanted = [name for name in (*CORPUS_FILE_FIXTURES, "identical_corpus_group") if name in metafunc.fixturenames]
    missing = corpus_missing() if wanted else ""
    if missing:
        for fixture in wanted:
            metafunc.parametrize(
                fixture, [pytest.param(None, marks=pytest.mark.skip(reason=missing))], ids=["no-corpus"]
            )
        return
    for fixture, folders in CORPUS_FILE_FIXTURES.items():
        if fixture in metafunc.fixturenames:
            files = [path for folder in folders for path in corpus_files(folder)]
            ids = [path.name if len(folders) == 1 else f"{path.parent.name}/{path.name}" for path in files]
            metafunc.parametrize(fixture, files, ids=ids)
    if "identical_corpus_group" in metafunc.fixturenames:
        groups = corpus_identical_groups()
        ids = ["=".join(path.stem for path in group) for group in groups]
        metafunc.parametrize("identical_corpus_group", groups, ids=ids)


@pytest.fixture(scope="session")
def ram_policy_corpus() -> Path:
    """The corpus root directory."""
    missing = corpus_missing()
    if missing:
        pytest.skip(missing)
    return ram_policy_corpus_dir()


@pytest.fixture(scope="session")
def corpus_redacted() -> FrozenSet[str]:
    """Names of corpus files that ``SOURCES.md`` says were moved to ``redacted/``."""
    missing = corpus_missing()
    if missing:
        pytest.skip(missing)
    return corpus_redacted_names()


@pytest.fixture(scope="session")
def corpus_rows() -> Dict[str, str]:
    """File name -> its ``SOURCES.md`` row."""
    missing = corpus_missing()
    if missing:
        pytest.skip(missing)
    return corpus_listed_rows()


@pytest.fixture(scope="session")
def pack() -> Iterator[RunningPack]:
    """The pack started from ``policies/`` with its own virtualenv, once for the whole run."""
    require_virtualenv(PACK_DIR)
    with start_pack(PACK_DIR) as running:
        yield running


@pytest.fixture
def stub(pack: RunningPack) -> Any:
    """The running pack's analyzer, every rule at its default level and settings."""
    configure(pack.stub, {})
    return pack.stub


@pytest.fixture(scope="module")
def plugin_engine() -> Iterator[Engine]:
    """A fake engine and resource monitor for the plugin to call back."""
    with fake_engine() as running:
        yield running


@pytest.fixture(scope="module")
def plugin_stub(plugin_engine: Engine) -> Iterator[ResourceProviderStub]:
    """A client of the running plugin."""
    require_plugin_venv()
    with start_plugin(plugin_engine.address) as running:
        yield running
