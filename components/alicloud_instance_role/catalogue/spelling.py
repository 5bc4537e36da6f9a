"""How the catalogue matches a name as someone wrote it to a real one: ASCII case aside, and,
for "did you mean", the most alike by difflib's ratio."""

import difflib
from typing import Dict, Iterable, Mapping, Optional

from ..documents.globs import fold


def by_folded(names: Iterable[str]) -> Dict[str, str]:
    """Each of ``names`` keyed by its :func:`~alicloud_instance_role.documents.globs.fold`."""
    return {fold(name): name for name in names}


def most_alike(name: str, candidates: Mapping[str, str], cutoff: float) -> Optional[str]:
    """The candidate (folded -> spelling, as :func:`by_folded` gives) most like ``name`` (ASCII
    case aside), or None when none reaches ``cutoff`` (difflib's ratio). Only candidates of a
    near length can reach it (the ratio is at most 2 * shorter / (both lengths)), so the others
    are never compared."""
    size = len(name)
    near = [key for key in candidates if 2 * min(len(key), size) >= cutoff * (len(key) + size)]
    found = difflib.get_close_matches(fold(name), near, n=1, cutoff=cutoff)
    return candidates[found[0]] if found else None
