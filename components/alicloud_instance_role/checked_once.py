"""Argument checks answered once per process for each value (pure Python, no Pulumi import).

Checking a document argument (building, validating and judging a policy) is the component's
own cost at construction. Many components of one program share documents (the default trust
policy, a session policy, the same statements on several roles): :func:`once_per_value` lets a
pure check answer each distinct value once. Values are compared as plain data: the same types
(a tuple is not a list, ``1`` is not ``True`` or ``1.0``), the same order, the same text; a
value holding anything else (an object, a mapping of another type) is checked every time.
"""

import functools
from collections import OrderedDict
from typing import Any, Callable, TypeVar

from .arguments import Checked

T = TypeVar("T")

#: How many distinct values each check remembers (the oldest is forgotten first).
REMEMBERED = 512


_ATOMS = (str, int, bool, float, type(None))


def is_plain_data(value: Any) -> bool:
    """True when ``value`` is str, int, bool, float or None, or a list, tuple or dict (exactly
    those types) of plain data: then its ``repr`` shows every type, key and item in order, so two
    values with the same ``repr`` are the same data for any check."""
    kind = type(value)
    if kind in _ATOMS:
        return True
    if kind is list or kind is tuple:
        return all(is_plain_data(item) for item in value)
    if kind is dict:
        return all(is_plain_data(key) and is_plain_data(item) for key, item in value.items())
    return False


def once_per_value(check: Callable[..., Checked[T]]) -> Callable[..., Checked[T]]:
    """``check`` (a pure function of its arguments) run once per process for each distinct
    plain value and further arguments; each caller gets its own :class:`Checked`, so it may
    change it."""
    remembered: OrderedDict[str, Checked[T]] = OrderedDict()

    @functools.wraps(check)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Checked[T]:
        further = (*args, *sorted(kwargs.items()))
        try:
            # One string per value, so what is remembered adds few objects for the garbage collector.
            key = repr((value, further)) if is_plain_data(value) and is_plain_data(further) else None
        except RecursionError:  # nested too deep to remember (or holding itself)
            key = None
        if key is None:
            return check(value, *args, **kwargs)
        answer = remembered.get(key)
        if answer is None:
            answer = check(value, *args, **kwargs)
            remembered[key] = answer
            if len(remembered) > REMEMBERED:
                remembered.popitem(last=False)
        else:
            remembered.move_to_end(key)
        return Checked(answer.value, list(answer.problems))

    return checked
