"""Secret config values that cannot be decrypted offline (pure Python, no Pulumi import).

A stack file keeps a secret as ``key: {secure: <ciphertext>}``; only the stack's secrets provider
(the Pulumi service, a passphrase, a KMS key) can decrypt it, and ``pulumi up`` does. Offline, in
``alicloud-instance-role preview`` or a test run by :mod:`alicloud_instance_role.testing`, each
such value reaches the program as :data:`UNDECRYPTED_SECRET` instead. During a preview (a dry run)
the component skips its check of any argument that may be secret and holds it, with a warning
naming the argument (a name cannot be a secret, so a name holding it is refused),
and the preview sends any property holding it to the guardrails as unknown: both are checked at
deploy, on the real value. A real deployment never sees this text.
"""

from typing import Any

from .values import holds

#: What a ``secure:`` config value reads offline, where it cannot be decrypted.
UNDECRYPTED_SECRET = "[secret: not decrypted offline, checked at deploy]"


def holds_undecrypted_secret(value: Any) -> bool:
    """True when ``value`` is :data:`UNDECRYPTED_SECRET`, or a list or mapping holding it anywhere
    (a JSON text holding it counts too: config objects reach a program as JSON)."""
    return holds(value, lambda item: isinstance(item, str) and UNDECRYPTED_SECRET in item)
