"""The catalogue of what exists in Alibaba Cloud: the shipped data is what the generator builds
from its recorded and curated inputs, the extraction reads snapshots as described, lookups
answer by RAM's rules, and importing the guardrails loads none of it."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alicloud_instance_role.catalogue import actions, system_policies

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "catalogue" / "build.py"
DATA = REPO_ROOT / "components" / "alicloud_instance_role" / "catalogue" / "data"
OPENAPI_META_ENV = "ALIYUN_OPENAPI_META"
RAM_DOCS_ENV = "ALIBABACLOUD_RAM_DOCS"


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue_build", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_script()


def test_the_shipped_data_is_what_the_build_step_makes_from_the_recorded_and_curated_inputs() -> None:
    built = build.built_files()
    assert sorted(built) == ["services.json", "system_policies.json"]
    for name, text in built.items():
        stale = f"{name} is stale: run scripts/catalogue/build.py build"
        assert (DATA / name).read_text(encoding="utf-8") == text, stale


def test_the_recordings_name_their_snapshots_commit_and_date() -> None:
    openapi = json.loads((REPO_ROOT / "scripts" / "catalogue" / "openapi_meta.json").read_text())
    docs = json.loads((REPO_ROOT / "scripts" / "catalogue" / "ram_docs_system_policies.json").read_text())
    for source in (openapi["source"], docs["source"]):
        assert len(source["commit"]) == 40 and source["date"][:2] == "20"
    assert openapi["source"]["repository"].endswith("aliyun/aliyun-openapi-meta")
    assert set(openapi["products"]) == set(build.curated_products())


def test_every_service_and_alias_names_its_source_and_every_alias_points_at_a_known_service() -> None:
    catalogue = actions.catalogue()
    for service in catalogue.services.values():
        assert service.sources and all(source for source in service.sources), service.code
        assert service.actions == tuple(sorted(set(service.actions))), service.code
    for alias in catalogue.aliases.values():
        assert alias.source.startswith("https://") and alias.ram_code in catalogue.services


def _write(root: Path, name: str, text: str = "{}") -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_extraction_reads_the_api_names_of_the_products_asked_for_from_a_checkout(tmp_path: Path) -> None:
    for name in ("metadatas/ecs/RunCommand.json", "metadatas/ecs/DescribeInstances.json", "metadatas/sls/PutLogs.json"):
        _write(tmp_path, name)
    _write(tmp_path, "metadatas/products.json")
    _write(tmp_path, "en-US/ecs/RunCommand.json")
    extracted = build.extract_openapi(build.Snapshot(tmp_path), ["ecs", "vpc"])
    assert extracted["products"] == {"ecs": ["DescribeInstances", "RunCommand"], "vpc": []}
    assert extracted["source"] == {"repository": build.OPENAPI_REPOSITORY, "commit": "", "date": ""}


def test_extraction_reads_system_policy_names_from_the_services_pages_only(tmp_path: Path) -> None:
    page = "intl.en-US/Product Introduction/Alibaba Cloud services that support RAM.md"
    _write(tmp_path, page, "|ECS|AliyunECSFullAccess|")
    _write(tmp_path, "cn.zh-CN/产品简介/支持 RAM 的云服务.md", "- AliyunOSSReadOnlyAccess\n- AdministratorAccess")
    _write(tmp_path, "intl.en-US/Tutorials/Some tutorial.md", "AliyunNotAListedAccess")
    extracted = build.extract_system_policies(build.Snapshot(tmp_path))
    assert extracted["names"] == ["AdministratorAccess", "AliyunECSFullAccess", "AliyunOSSReadOnlyAccess"]
    assert len(extracted["source"]["pages"]) == 2


def _snapshot(variable: str) -> Path:
    location = os.environ.get(variable)
    if not location:
        pytest.skip(f"${variable} does not point at a snapshot, so the extraction is not re-run against one")
    return Path(location)


def test_extracting_the_openapi_snapshot_again_reproduces_the_recording_byte_for_byte() -> None:
    snapshot = build.Snapshot(_snapshot(OPENAPI_META_ENV))
    recorded = (REPO_ROOT / "scripts" / "catalogue" / "openapi_meta.json").read_text(encoding="utf-8")
    assert build.record(build.extract_openapi(snapshot, build.curated_products())) == recorded


def test_extracting_the_ram_docs_snapshot_again_reproduces_the_recording_byte_for_byte() -> None:
    snapshot = build.Snapshot(_snapshot(RAM_DOCS_ENV))
    recorded = (REPO_ROOT / "scripts" / "catalogue" / "ram_docs_system_policies.json").read_text(encoding="utf-8")
    assert build.record(build.extract_system_policies(snapshot)) == recorded


def test_lookups_follow_rams_rules_for_case_and_wildcards() -> None:
    oss = actions.service("OSS")
    assert oss is not None and oss.spelled("getobject") == "GetObject"
    assert oss.exists("Get*") and oss.exists("getobj?ct") and not oss.exists("GetObjects")
    assert oss.closest("GetObjects") == "GetObject" and oss.closest("ListObject") == "ListObjects"
    ecs = actions.service("ecs")
    assert ecs is not None and ecs.closest("Desribe*") == "Describe*"
    mistaken = actions.alias("SLS")
    assert mistaken is not None and mistaken.ram_code == "log"
    assert actions.service("sls") is None and actions.alias("log") is None
    assert system_policies.spelled("aliyunecsfullaccess") == "AliyunECSFullAccess"


@given(st.data())
def test_every_catalogued_action_is_found_in_any_case(data: st.DataObject) -> None:
    catalogue = actions.catalogue()
    service = catalogue.services[data.draw(st.sampled_from(sorted(catalogue.services)))]
    action = data.draw(st.sampled_from(service.actions))
    flips = data.draw(st.lists(st.booleans(), min_size=len(action), max_size=len(action)))
    written = "".join(c.swapcase() if flip else c for c, flip in zip(action, flips, strict=True))
    assert service.spelled(written) == action and service.exists(written)


def test_importing_the_guardrails_loads_no_catalogue_data() -> None:
    program = (
        "import alicloud_instance_role.guardrails\n"
        "from alicloud_instance_role.catalogue import actions, system_policies\n"
        "print(actions.catalogue.cache_info().currsize, system_policies.names.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]
