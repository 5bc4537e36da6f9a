"""Validate scripts/catalogue/resource_types.yaml and write the catalogue's shipped
components/alicloud_instance_role/catalogue/data/resource_types.json from it.

    venv/bin/python scripts/catalogue/compile_resource_types.py [--check]

With --check, write nothing: exit 1 when the shipped file differs from what the source compiles to.
"""

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

import yaml

from alicloud_instance_role.catalogue.resources import check, compile_data

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "scripts" / "catalogue" / "resource_types.yaml"
SHIPPED = ROOT / "components" / "alicloud_instance_role" / "catalogue" / "data" / "resource_types.json"


def _plain(value: Any) -> Any:
    # YAML reads 2026-12-03 as a date; the shipped data keeps it as text.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def compiled(source: Path = SOURCE) -> str:
    """The JSON text ``source`` compiles to; raises SystemExit naming every problem."""
    data = _plain(yaml.safe_load(source.read_text(encoding="utf-8")))
    problems = check(data)
    if problems:
        raise SystemExit(f"{source}:\n" + "\n".join(f"  {problem}" for problem in problems))
    return compile_data(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    text = compiled()
    if parser.parse_args().check:
        same = SHIPPED.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{SHIPPED} is stale: run this script")
        return 0 if same else 1
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
