"""Walking plain values: what a list, tuple or mapping holds, however deep (pure Python, no
Pulumi import). Arguments, config and resource properties all nest this way."""

from typing import Any, Callable, Mapping


def holds(value: Any, found: Callable[[Any], bool]) -> bool:
    """True when ``found`` holds for ``value`` or anything inside it (lists, tuples and
    mappings): an Output in an argument, a secret or an unknown in a property, an offline
    placeholder in config."""
    if found(value):
        return True
    if isinstance(value, Mapping):
        return any(holds(item, found) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds(item, found) for item in value)
    return False
