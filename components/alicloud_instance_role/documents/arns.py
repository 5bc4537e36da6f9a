"""Every ARN that can really exist, from the catalogue's resource types
(:mod:`alicloud_instance_role.catalogue.resources`), as languages the engine reasons on.

"Every resource of a service" is every ARN that can exist: a regional service's region is a
region ID (lowercase letters, digits and ``-``, never empty), a global service's is empty, and
IDs have their documented shapes (``i-`` then lowercase letters and digits). So a pattern that
covers every real ARN (``acs:ram::*:role/*``, ``instance/i-*``, ``acs:kms:?*:*:*``) is seen as
the whole-service (or whole-type) grant it is. A service the catalogue does not know gets
:func:`every_syntactic_arn`: any region (the empty one included) and any relative ID.

>>> from alicloud_instance_role.documents.globs import includes, Language
>>> includes(Language.of(["acs:ram::*:role/*"]), real_arns("sts", "1234567890123456"))
True
>>> includes(Language.of(["acs:ecs:*:*:instance/i-*"]), real_arns("ecs", None, "instance"))
True
"""

import functools
from typing import List, Optional

from ..catalogue import resources as catalogue
from .globs import ANY, CharSet, Language, Pattern, Token, fold, joined, literal

# Region IDs: cn-hangzhou, ap-southeast-1, ... (lowercase letters, digits and '-').
_REGION = CharSet(frozenset("abcdefghijklmnopqrstuvwxyz0123456789-"))
# One ARN segment (region or account): anything but the ':' that ends it.
_SEGMENT = CharSet(frozenset({":"}), negated=True)


def _region(scope: str) -> Pattern:
    if scope == "regional":
        return (Token(_REGION), Token(_REGION, repeats=True))
    if scope == "global":
        return ()
    return (Token(_SEGMENT, repeats=True),)


def _account(account: Optional[str]) -> Pattern:
    return (Token(_SEGMENT, repeats=True),) if account is None else literal(account)


def _shape(shape: str) -> Pattern:
    return tuple(
        Token(ANY if atom.negated and not atom.chars else CharSet(atom.chars, atom.negated), atom.repeats)
        for atom in catalogue.parse_shape(shape)
    )


def _template(resource_type: catalogue.ResourceType, scope: str, account: Optional[str]) -> Pattern:
    tokens: List[Token] = []
    for part in resource_type.parts():
        if isinstance(part, str):
            tokens += literal(part)
        elif part[0] == catalogue.REGION:
            tokens += _region(scope)
        elif part[0] == catalogue.ACCOUNT:
            tokens += _account(account)
        else:
            tokens += _shape(resource_type.shape(part[0]))
    return tuple(tokens)


def every_syntactic_arn(service: str, account: Optional[str] = None, relative_prefix: str = "") -> Language:
    """Every ARN the grammar allows: ``acs:<service>:<any region>:<account>:<relative_prefix>...``,
    a non-empty relative ID and, when ``account`` is None, any account."""
    relative = (relative_prefix,) if relative_prefix else (Token(ANY),)
    return Language(
        (
            joined(
                f"acs:{fold(service)}:",
                Token(_SEGMENT, repeats=True),
                ":",
                *_account(account),
                ":",
                *relative,
                Token(ANY, True),
            ),
        )
    )


def real_arns(service: str, account: Optional[str] = None, resource_type: Optional[str] = None) -> Optional[Language]:
    """Every ARN of ``service`` (of its ``resource_type`` when given) that can exist in
    ``account`` (any account when None), or None when the catalogue does not know the service
    (or the type)."""
    entry = catalogue.service(fold(service))
    if entry is None:
        return None
    if resource_type is not None:
        found = entry.type(resource_type)
        return None if found is None else Language((_template(found, entry.scope, account),))
    patterns = [_template(t, entry.scope, account) for t in entry.types]
    if not entry.complete:
        code = fold(service)
        patterns.append(
            joined(f"acs:{code}:", *_region(entry.scope), ":", *_account(account), ":", Token(ANY), Token(ANY, True))
        )
    return Language(tuple(patterns))


@functools.lru_cache(maxsize=4096)
def every_arn(service: str, account: Optional[str] = None, resource_type: Optional[str] = None) -> Language:
    """Every ARN of ``service`` (of its ``resource_type``) in ``account`` (any when None):
    :func:`real_arns` when the catalogue knows them, else :func:`every_syntactic_arn` (for a
    type, the relative IDs starting ``<type>/``)."""
    found = real_arns(service, account, resource_type)
    if found is not None:
        return found
    return every_syntactic_arn(service, account, f"{resource_type}/" if resource_type else "")
