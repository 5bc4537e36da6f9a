"""The names of RAM's System policies, spelled as RAM spells them.

Read from ``data/system_policies.json`` once, on the first question. The names come from RAM's
"Alibaba Cloud services that support RAM" pages (their "System policy" column) and from the
System policies' own reference pages; both are recorded with the data. Alibaba Cloud keeps more
System policies than these pages list, so a name missing here may still exist.

>>> spelled("aliyunecsfullaccess")
'AliyunECSFullAccess'
>>> closest("AliyunECSFulAccess")
'AliyunECSFullAccess'
"""

import functools
import json
from importlib import resources
from typing import Dict, Optional, Tuple

from ..documents.globs import fold
from .spelling import by_folded, most_alike

# How alike a name must be to a real one to be offered as "did you mean" (difflib's ratio).
_CLOSE_ENOUGH = 0.85


@functools.lru_cache(maxsize=1)
def names() -> Tuple[str, ...]:
    """Every System policy name the catalogue knows, sorted (read on the first call)."""
    text = resources.files(__package__).joinpath("data", "system_policies.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["names"])


@functools.lru_cache(maxsize=1)
def _by_folded() -> Dict[str, str]:
    return by_folded(names())


def spelled(name: str) -> Optional[str]:
    """The System policy ``name`` (in any case) as RAM spells it, or None when it is not known."""
    return _by_folded().get(fold(name))


def closest(name: str) -> Optional[str]:
    """The known System policy name most like ``name``, or None when none is close."""
    return most_alike(name, _by_folded(), _CLOSE_ENOUGH)
