"""How the package marks and words a value it cannot show: one not known until the update runs,
and one that is secret. One home for both, so the component, the guardrails, the plugin and the
preview say it the same way. Pure Python: no Pulumi import.

The markers of the outside world stay theirs: the wire format's
:data:`~alicloud_instance_role.wire.UNKNOWN` and the SDK's ``pulumi.output.Unknown``; each reader
turns them into :data:`NOT_KNOWN` (``stack_reading``) or recognises them (the preview's
``is_unknown``).
"""

from typing import Any

from . import wire


class NotKnown:
    """The type of :data:`NOT_KNOWN`: a value unknown during preview."""

    def __repr__(self) -> str:
        return "NOT_KNOWN"


#: A value only known once the update runs, whichever marker its source used.
NOT_KNOWN = NotKnown()

#: How a secret value is shown in place of the value.
SECRET_SHOWN = "[secret]"
#: How a value not known before the update is shown.
UNKNOWN_SHOWN = "(known after apply)"

_NOT_SHOWN = "is secret, so it is not shown"


def is_not_known(value: Any) -> bool:
    """True for :data:`NOT_KNOWN` and for the wire format's unknown sentinel."""
    return value is NOT_KNOWN or (isinstance(value, str) and value == wire.UNKNOWN)


def withheld(subject: str = "the value") -> str:
    """How a finding about a secret value is worded when it names what is secret:
    ``policyDocument is secret, so it is not shown``."""
    return f"{subject} {_NOT_SHOWN}"


def secret_finding(title: str) -> str:
    """How a finding about a secret value is worded from the rule it breaks (its title):
    ``malformed action; the value is secret, so it is not shown``."""
    return f"{title}; {withheld()}"
