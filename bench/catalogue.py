"""``python -m bench.catalogue``: what the catalogue of what exists adds to a preview, measured in
this fresh process (so nothing is loaded yet), printed as one JSON line:
``{"load_seconds", "lookup_seconds", "lookups"}``.

``load_seconds`` is the first question's cost: reading and parsing ``services.json`` and
``system_policies.json``. ``lookup_seconds`` is then checking every action of a document of
:data:`ACTIONS` names (real ones, mistaken ones with their closest real name, unknown services)
and a few System policy names, as a preview of a stack with that many would.
"""

import json
import time
from typing import List, Tuple

from alicloud_instance_role.catalogue import actions, system_policies
from alicloud_instance_role.documents.names import action_problems, system_policy_problem

#: How many action names one measured document holds (a large stack's worth of policies).
ACTIONS = 200


def _entries() -> List[Tuple[str, str]]:
    catalogue = actions.catalogue()
    names = [f"{code}:{action}" for code, service in sorted(catalogue.services.items()) for action in service.actions]
    step = max(1, len(names) // ACTIONS)
    chosen = names[::step][: ACTIONS - 20]
    mistaken = [f"{name}s" for name in chosen[:10]] + ["sls:PostLogStoreLogs", "ecs:Desribe*", "bss:DescribeOrder"] * 3
    return [(f"Statement[0].Action[{index}]", name) for index, name in enumerate([*chosen, *mistaken, "oss:*"])]


def main() -> None:
    """Measure and print the JSON line."""
    started = time.perf_counter()
    actions.catalogue()
    system_policies.names()
    loaded = time.perf_counter()
    entries = _entries()
    listed = time.perf_counter()
    action_problems(entries)
    for name in ("AliyunECSReadOnlyAccess", "AliyunEcsReadOnlyAccess", "AliyunNoSuchAccess"):
        system_policy_problem(name, "system_policies[0]")
    checked = time.perf_counter()
    print(
        json.dumps({"load_seconds": loaded - started, "lookup_seconds": checked - listed, "lookups": len(entries) + 3})
    )


if __name__ == "__main__":
    main()
