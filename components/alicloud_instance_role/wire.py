"""How Pulumi marks special values inside a property map on the wire (the SDK's
``pulumi/runtime/rpc.py``, the engine's ``sdk/go/common/resource/properties.go``): one home for the
markers the preview and the tests send and the guardrails read. Pure data, no Pulumi import."""

from typing import Any, Dict

#: A value not known until the update runs (a preview sends it in place of the value; the
#: engine uses this one for every type).
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
#: The key whose value says what kind of special value a map is.
SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270"
OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4"


def secret(value: Any) -> Dict[str, Any]:
    """``value`` marked secret, as the engine sends it."""
    return {SIGNATURE_KEY: SECRET_SIGNATURE, "value": value}


def is_secret(value: Any) -> bool:
    """True for a wire value marked secret (its own mark, not one inside it)."""
    return isinstance(value, dict) and value.get(SIGNATURE_KEY) == SECRET_SIGNATURE
