"""Regenerate the catalogue of what exists in Alibaba Cloud (``alicloud_instance_role/catalogue/data``).

Two steps, so that the shipped data can be rebuilt without any snapshot:

``extract``
    reads public snapshots and records what they hold, with their commit and date, next to this
    script: the API names of every OpenAPI product the curated services map (from
    ``aliyun/aliyun-openapi-meta``, ``metadatas/<product>/<API>.json``) in ``openapi_meta.json``,
    and the System policy names of RAM's "services that support RAM" pages (from
    ``AlibabaCloudDocs/ram``) in ``ram_docs_system_policies.json``. A snapshot is a checkout or
    a bare git directory (as ``fetch`` leaves them).

``build``
    joins those recordings with ``curated.json`` (RAM codes with the page confirming each, codes
    people write by mistake, actions no OpenAPI product lists, more System policy names, each
    with its source) into ``services.json`` and ``system_policies.json``: compact, sorted JSON,
    the same bytes for the same inputs.

Usage::

    python scripts/catalogue/build.py extract --openapi-meta DIR --ram-docs DIR
    python scripts/catalogue/build.py build
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DATA_DIR = REPO_ROOT / "components" / "alicloud_instance_role" / "catalogue" / "data"
CURATED = HERE / "curated.json"
OPENAPI_RECORD = HERE / "openapi_meta.json"
SYSTEM_POLICY_RECORD = HERE / "ram_docs_system_policies.json"

OPENAPI_REPOSITORY = "https://github.com/aliyun/aliyun-openapi-meta"
RAM_DOCS_REPOSITORY = "https://github.com/AlibabaCloudDocs/ram"
# The "Alibaba Cloud services that support RAM" pages, in every language the repository keeps;
# their "System policy" column names each service's System policies as RAM spells them.
SERVICES_PAGE = re.compile(r"(support ?RAM|supporting RAM|支持 ?RAM ?的云服务)[^/]*\.md$")
SYSTEM_POLICY_NAME = re.compile(r"\b(?:Aliyun[A-Za-z0-9]+Access|AdministratorAccess)\b")


# ---------------------------------------------------------------- reading a snapshot


class Snapshot:
    """A public repository as ``fetch`` leaves it (a bare git directory) or as a checkout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_git = not (path / ".git").exists() and (path / "HEAD").is_file() and (path / "objects").is_dir()

    def _git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.path), *args], capture_output=True, text=True, check=True
        ).stdout

    def files(self, folder: str = "") -> List[str]:
        """Every file path under ``folder`` (``""``: the whole tree), relative to the root."""
        if self.is_git:
            listing = self._git("ls-tree", "-r", "--name-only", "-z", "HEAD", *([folder] if folder else []))
            return sorted(name for name in listing.split("\0") if name)
        root = self.path / folder
        if not root.is_dir():
            return []
        return sorted(str(p.relative_to(self.path)) for p in root.rglob("*") if p.is_file())

    def read(self, name: str) -> str:
        """The text of one file."""
        if self.is_git:
            return self._git("show", f"HEAD:{name}")
        return (self.path / name).read_text(encoding="utf-8")

    def revision(self) -> Dict[str, str]:
        """The snapshot's commit and its date (empty for a plain folder)."""
        if not self.is_git:
            return {"commit": "", "date": ""}
        commit, date = self._git("log", "-1", "--format=%H %cI", "HEAD").split()
        return {"commit": commit, "date": date}


# ---------------------------------------------------------------- extract


def extract_openapi(snapshot: Snapshot, products: Sequence[str]) -> Dict[str, Any]:
    """The API names of ``products`` (folders of ``metadatas/``), sorted, with the snapshot's revision."""
    found: Dict[str, List[str]] = {}
    for product in sorted(set(products)):
        prefix = f"metadatas/{product}/"
        names = [name[len(prefix) : -len(".json")] for name in snapshot.files(prefix.rstrip("/"))]
        found[product] = sorted(name for name in names if "/" not in name)
    return {"source": {"repository": OPENAPI_REPOSITORY, **snapshot.revision()}, "products": found}


def extract_system_policies(snapshot: Snapshot) -> Dict[str, Any]:
    """System policy names on the "services that support RAM" pages, with the pages and revision."""
    pages = [name for name in snapshot.files() if SERVICES_PAGE.search(name)]
    names = sorted({match for page in pages for match in SYSTEM_POLICY_NAME.findall(snapshot.read(page))})
    return {"source": {"repository": RAM_DOCS_REPOSITORY, **snapshot.revision(), "pages": pages}, "names": names}


# ---------------------------------------------------------------- build


def build_services(curated: Dict[str, Any], openapi: Dict[str, Any]) -> Dict[str, Any]:
    """``services.json``: every curated service with its actions (its products' API names, the
    curated extra actions, minus the curated API names that are no actions), and the aliases."""
    services: Dict[str, Any] = {}
    for code, spec in sorted(curated["services"].items()):
        actions = {name for product in spec["products"] for name in openapi["products"][product]}
        extra = curated["actions"].get(code)
        if extra is not None:
            actions |= set(extra["names"])
        actions -= set(curated["not_actions"].get(code, {}).get("names", []))
        sources = [*spec["sources"], *([extra["source"]] if extra is not None else [])]
        services[code] = {
            "name": spec["name"],
            "products": spec["products"],
            "sources": sources,
            "actions": sorted(actions),
        }
    return {
        "sources": {
            "openapi": openapi["source"],
            "curated": {
                "file": "scripts/catalogue/curated.json (each service, alias and extra action names its page)",
                "read": curated["read"],
            },
        },
        "services": services,
        "aliases": dict(sorted(curated["aliases"].items())),
    }


def build_system_policies(curated: Dict[str, Any], recorded: Dict[str, Any]) -> Dict[str, Any]:
    """``system_policies.json``: the recorded names and the curated ones, with their sources."""
    extra = curated["system_policies"]
    names = set(recorded["names"]) | {name for group in extra for name in group["names"]}
    return {
        "sources": [recorded["source"], *({"page": group["source"], "read": curated["read"]} for group in extra)],
        "names": sorted(names),
    }


def render(data: Any) -> str:
    """The one text of a data file: compact, keys sorted, one final newline."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def record(data: Any) -> str:
    """The text of a recording next to this script (indented, so reviews read its diff)."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def built_files(here: Path = HERE) -> Dict[str, str]:
    """File name (in ``catalogue/data``) -> text, built from the recordings and curated inputs in ``here``."""
    curated = json.loads((here / CURATED.name).read_text(encoding="utf-8"))
    openapi = json.loads((here / OPENAPI_RECORD.name).read_text(encoding="utf-8"))
    recorded = json.loads((here / SYSTEM_POLICY_RECORD.name).read_text(encoding="utf-8"))
    return {
        "services.json": render(build_services(curated, openapi)),
        "system_policies.json": render(build_system_policies(curated, recorded)),
    }


def curated_products(here: Path = HERE) -> List[str]:
    """The OpenAPI products the curated services map."""
    curated = json.loads((here / CURATED.name).read_text(encoding="utf-8"))
    return sorted({product for spec in curated["services"].values() for product in spec["products"]})


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="record what the snapshots hold")
    extract.add_argument("--openapi-meta", type=Path, help="a snapshot of aliyun/aliyun-openapi-meta")
    extract.add_argument("--ram-docs", type=Path, help="a snapshot of AlibabaCloudDocs/ram")
    commands.add_parser("build", help="write catalogue/data from the recordings and curated inputs")
    args = parser.parse_args(argv)
    if args.command == "extract":
        if args.openapi_meta:
            OPENAPI_RECORD.write_text(record(extract_openapi(Snapshot(args.openapi_meta), curated_products())))
        if args.ram_docs:
            SYSTEM_POLICY_RECORD.write_text(record(extract_system_policies(Snapshot(args.ram_docs))))
        return 0
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in built_files().items():
        (DATA_DIR / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
