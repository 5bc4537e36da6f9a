"""Which properties of the resource under analysis are secret, so messages can leave them out.

The engine sends an analyzer secret values marked as such (pulumi ``sdk/go/common/resource/
plugin/analyzer_plugin.go``: ``MarshalOptions{KeepSecrets: true}``), but ``pulumi_policy``
(1.x, ``policy.py`` ``Analyze``/``AnalyzeStack``) unwraps them before any policy sees the
properties. :func:`watch` wraps those two analyzer calls to note, per resource URN, which
top-level properties held a secret; the policies ask :func:`secret_properties`. Should the
analyzer's shape ever change so the calls cannot be wrapped, every property counts as secret:
messages then say less, never too much.
"""

import functools
import threading
from contextlib import contextmanager
from typing import Any, Callable, Dict, FrozenSet, Iterator, Mapping

from google.protobuf import json_format, struct_pb2

from .. import wire
from ..values import holds

_EVERY_PROPERTY = frozenset({"*"})


class _Marks(threading.local):
    by_urn: Dict[str, FrozenSet[str]]

    def __init__(self) -> None:
        self.by_urn = {}


_marks = _Marks()
_blind = False  # True when the analyzer could not be wrapped: treat everything as secret


def secret_keys(properties: struct_pb2.Struct) -> FrozenSet[str]:
    """The top-level properties of a wire-format property map that hold a secret anywhere."""
    values = json_format.MessageToDict(properties)
    return frozenset(key for key, value in values.items() if holds(value, wire.is_secret))


@contextmanager
def _marked(by_urn: Mapping[str, FrozenSet[str]]) -> Iterator[None]:
    """Within the block, :func:`secret_properties` answers from ``by_urn`` (URN -> secret
    property names)."""
    previous = _marks.by_urn
    _marks.by_urn = dict(by_urn)
    try:
        yield
    finally:
        _marks.by_urn = previous


def secret_properties(urn: str) -> FrozenSet[str]:
    """The properties of resource ``urn`` that were secret in the request being analyzed
    (``{"*"}``: all of them, when that cannot be known)."""
    return _EVERY_PROPERTY if _blind else _marks.by_urn.get(urn, frozenset())


def is_secret(urn: str, field: str) -> bool:
    """True when the property ``field`` of resource ``urn`` is (or may be) secret."""
    found = secret_properties(urn)
    return field in found or "*" in found


def _wrapped(call: Callable[..., Any], urns: Callable[[Any], Dict[str, FrozenSet[str]]]) -> Callable[..., Any]:
    @functools.wraps(call)
    def analyze(servicer: Any, request: Any, context: Any) -> Any:
        with _marked(urns(request)):
            return call(servicer, request, context)

    analyze.__wrapped_for_secrets__ = True  # type: ignore[attr-defined]
    return analyze


def watch() -> None:
    """Wrap ``pulumi_policy``'s analyzer so policies can tell secret properties apart (idempotent)."""
    global _blind
    try:
        from pulumi_policy import policy

        servicer = policy._PolicyAnalyzerServicer
        analyze, analyze_stack = servicer.Analyze, servicer.AnalyzeStack
    except (ImportError, AttributeError):
        _blind = True
        return
    if getattr(analyze, "__wrapped_for_secrets__", False):
        return
    # Wrapping the servicer's own methods is the one way in: PolicyPack builds and serves it itself.
    servicer.Analyze = _wrapped(  # type: ignore[method-assign]
        analyze, lambda request: {request.urn: secret_keys(request.properties)}
    )
    servicer.AnalyzeStack = _wrapped(  # type: ignore[method-assign]
        analyze_stack, lambda request: {r.urn: secret_keys(r.properties) for r in request.resources}
    )
