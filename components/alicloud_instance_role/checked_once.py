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
from typing import Any, Callable, Hashable, Tuple, TypeVar

from .arguments import Checked

T = TypeVar("T")

#: How many distinct values each check remembers (the oldest is forgotten first).
REMEMBERED = 512


class _NotPlainData(Exception):
    """A value holding something else than plain data: it is not remembered."""


def frozen(value: Any) -> Hashable:
    """A hashable image of ``value`` that equals another's only when both are the same plain data
    (str, int, bool, float, None, and lists, tuples and dicts of them, in the same order).
    Raises ``_NotPlainData`` for anything else."""
    kind = type(value)
    if kind is str:
        return str(value)
    if value is None or kind is int or kind is bool:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))  # -0.0 == 0.0, but they render differently
    if kind is list or kind is tuple:
        return (kind, tuple(frozen(item) for item in value))
    if kind is dict:
        return (kind, tuple((frozen(key), frozen(item)) for key, item in value.items()))
    raise _NotPlainData(kind.__name__)


def once_per_value(check: Callable[..., Checked[T]]) -> Callable[..., Checked[T]]:
    """``check`` (a pure function of its arguments) run once per process for each distinct
    plain value and further arguments; each caller gets its own :class:`Checked`, so it may
    change it."""
    remembered: OrderedDict[Tuple[Hashable, ...], Checked[T]] = OrderedDict()

    @functools.wraps(check)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Checked[T]:
        try:
            key = (frozen(value), args, tuple(sorted(kwargs.items())))
            hash(key)
        except (_NotPlainData, TypeError):
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
