"""The access engine on pathological patterns: how long one document's questions take, cold.

Each case is a permission policy; its figures are ``engine_seconds_<case>`` (every rule of the
pack's defaults on it, :func:`~alicloud_instance_role.documents.risks.permission_risks`) and
``engine_question_seconds_<case>`` (its slowest single question between patterns), medians of
``repeats`` runs with every cache of the engine emptied first.
"""

import functools
import json
import statistics
import time
from typing import Any, Callable, Dict, List, Tuple

from alicloud_instance_role.documents import access, arns, globs, load
from alicloud_instance_role.documents.risks import permission_risks

_TWENTY_FOUR = "?" * 24
#: Case -> the statements of its document.
CASES: Dict[str, List[Dict[str, Any]]] = {
    # The 130-byte pattern: it once stalled the pack past its 30 s gRPC deadline.
    "issue_pattern": [{"Effect": "Allow", "Action": "ecs:RunCommand", "Resource": "acs:ecs:*:*:*i" + _TWENTY_FOUR}],
    # The same exponential pattern where the answer needs every state: past the budget.
    "over_budget": [
        {
            "Effect": "Allow",
            "Action": "ecs:RunCommand",
            "Resource": ["acs:ecs:*:*:instance/*", "acs:ecs:*:*:instance/*i" + _TWENTY_FOUR],
        }
    ],
    # ReadOnlyAccess's shape: many `*:<Verb>*` actions (took about a minute before issue 18).
    "read_only_wildcards": [
        {
            "Effect": "Allow",
            "Action": ["*:Describe*", "*:List*", "*:Get*", "*:BatchGet*", "*:Query*", "*:BatchQuery*"],
            "Resource": "*",
        },
        {"Effect": "Deny", "Action": ["bss:*", "efc:*"], "Resource": "*"},
    ],
    # Every KMS resource type, one pattern each.
    "kms_every_type": [
        {
            "Effect": "Allow",
            "Action": "kms:*",
            "Resource": [f"acs:kms:*:*:{name}*" for name in ("key", "secret", "alias", "certificate")],
        }
    ],
}


def _cold() -> None:
    for module in (globs, arns, access):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def _timed(explore: Callable[..., Any], slowest: List[float]) -> Callable[..., Any]:
    @functools.wraps(explore)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return explore(*args, **kwargs)
        finally:
            slowest[0] = max(slowest[0], time.perf_counter() - started)

    return timed


def run_case(statements: List[Dict[str, Any]]) -> Tuple[float, float]:
    """(seconds for every rule, seconds of the slowest question) for one cold run."""
    document = load(json.dumps({"Version": "1", "Statement": statements}), keep_duplicates=True)
    _cold()
    slowest = [0.0]
    explore = globs._explore
    globs._explore = _timed(explore, slowest)  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        permission_risks(document)
        return time.perf_counter() - started, slowest[0]
    finally:
        globs._explore = explore  # type: ignore[assignment]


def measure(repeats: int) -> Dict[str, float]:
    """Every case's figures (medians of ``repeats`` cold runs)."""
    figures: Dict[str, float] = {}
    for name, statements in CASES.items():
        runs = [run_case(statements) for _ in range(repeats)]
        figures[f"engine_seconds_{name}"] = statistics.median(total for total, _ in runs)
        figures[f"engine_question_seconds_{name}"] = statistics.median(slowest for _, slowest in runs)
    return figures
