"""The access engine: what a RAM permission policy allows, judged on meaning, not spelling.

>>> from alicloud_instance_role.documents import Access, load
>>> role = Access(load('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:Put*",'
...                    ' "Resource": "acs:oss:*:*:app-data/*"}]}'))
>>> role.allows("oss:PutObject", "acs:oss:cn-hangzhou:1234567890123456:app-data/report.csv")
True
>>> role.allows("oss:PutObject", "acs:oss:cn-hangzhou:1234567890123456:other-bucket/x")
False

How it reads a document (see ``docs/guardrails.md``):

- Actions and resources match with RAM's wildcards (``*`` any run, ``?`` one character, across
  ``:`` and ``/``), decided exactly by :mod:`.globs`.
- An explicit Deny wins over any Allow.
- Conditions are possibly true: an Allow with a Condition still grants, a Deny with a Condition
  removes nothing for sure.
- Action names are compared without regard to ASCII case, as Alibaba documents. It does not say
  whether resources are: every question is answered for both readings (ARNs compared exactly,
  and without case) and a grant found in either counts, so that uncertainty never hides one.
- ``NotAction`` is the complement of its patterns. RAM's element reference has no
  ``NotResource`` for these policies, and the validator refuses one, so the engine never sees it.
- "Every resource" of a service (or of one of its resource types) means every ARN that can
  really exist in one account, from the catalogue (:mod:`.arns`): regional services have a
  region ID, global ones (RAM, STS, Resource Manager) an empty region, IDs their real shapes.
  A service the catalogue does not know keeps the grammar's model: any region, any ID. The
  engine tries the accounts the document names and one it does not.
- Every question is bounded (:data:`.globs.BUDGET`); past it, :class:`.globs.TooComplex` is
  raised and the rules report the document as too complex to decide exactly.

Not modelled: what a Condition's keys will be at request time, resource policies (an OSS bucket
policy), Resource Directory control policies, which actions exist (the names checks are the
catalogue's, not the engine's), and how services chain calls under a role.
"""

import functools
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from . import grammar
from .arns import every_arn
from .globs import (
    CharSet,
    Language,
    Token,
    cells,
    fold,
    has_wildcard,
    includes,
    joined,
    matches,
    meet,
)
from .model import PolicyDocument, Statement

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# RAM action names: a letter or digit, then letters, digits, '_' and '-' (the grammar's ACTION).
_ACTION_FIRST = CharSet(_ALNUM)
_ACTION_REST = CharSet(_ALNUM | {"_", "-"})
#: The account the engine tries besides those a document names (any string it does not name would do).
OTHER_ACCOUNT = "1000000000000000"


def service_of(action: str) -> str:
    """The service code of an action or action pattern (``ram`` for ``ram:PassRole``), lower case."""
    return fold(action.partition(":")[0])


@functools.lru_cache(maxsize=1024)
def every_action(service: str) -> Language:
    """Every action of ``service``: ``<service>:`` and an action name."""
    return Language((joined(f"{fold(service)}:", Token(_ACTION_FIRST), Token(_ACTION_REST, repeats=True)),))


def _service_part(pattern: str) -> str:
    return pattern.partition(":")[0] if ":" in pattern else pattern


def _could_name(pattern: str, service: str) -> bool:
    """False when an action pattern can match no action of ``service`` (a quick test before
    the exact one)."""
    part = _service_part(pattern)
    return has_wildcard(part) or fold(part) == fold(service)


#: The two readings of resource matching the documentation leaves open: without case, and exact.
_READINGS = (True, False)


@dataclass(frozen=True)
class Grant:
    """One statement as the engine reads it."""

    path: str
    """Where it is: ``Statement[n]``."""
    allows: bool
    actions: Tuple[str, ...]
    not_actions: Tuple[str, ...]
    resources: Tuple[str, ...]
    conditional: bool

    @classmethod
    def of(cls, path: str, statement: Statement) -> "Grant":
        """The engine's reading of ``statement``."""
        return cls(
            path,
            statement.allows,
            statement.actions,
            statement.not_actions,
            statement.resources,
            bool(statement.conditions),
        )

    @property
    def removes(self) -> bool:
        """True for a Deny that takes effect whatever the request's context (no Condition)."""
        return not self.allows and not self.conditional

    def covers_action(self, action: str) -> bool:
        """True when the statement's Action (or the complement of its NotAction) matches ``action``."""
        if self.not_actions:
            return not any(matches(p, action, ignore_case=True) for p in self.not_actions)
        return any(matches(p, action, ignore_case=True) for p in self.actions)

    def covers_resource(self, resource: str, ignore_case: bool) -> bool:
        """True when one of the statement's resources matches the ARN ``resource``."""
        return any(matches(p, resource, ignore_case) for p in self.resources)

    @property
    def action_language(self) -> Language:
        """The actions the statement applies to, as a language."""
        if self.not_actions:
            return Language.of(self.not_actions, ignore_case=True, negated=True)
        return Language.of(self.actions, ignore_case=True)

    def resource_language(self, ignore_case: bool) -> Language:
        """The resources the statement applies to, as a language."""
        return Language.of(self.resources, ignore_case)

    def describe(self) -> str:
        """The statement in words, for people: ``oss: GetObject, PutObject on acs:oss:*:*:b/*``."""
        if self.not_actions:
            what = f"every action except {', '.join(self.not_actions)}"
        elif any(p in ("*", "*:*") for p in self.actions):
            what = "every action of every service"
        else:
            by_service: Dict[str, List[str]] = {}
            for pattern in self.actions:
                service, _, name = pattern.partition(":")
                by_service.setdefault(fold(service), []).append("every action" if name == "*" else name)
            what = "; ".join(f"{service}: {', '.join(names)}" for service, names in by_service.items())
        where = "every resource" if "*" in self.resources else ", ".join(self.resources)
        return f"{what} on {where}{' (when its Condition holds)' if self.conditional else ''}"

    def may_reach(self, service: str) -> bool:
        """False when the statement surely applies to no action of ``service`` (a quick test
        before the exact one)."""
        if self.not_actions:
            return not any(fold(p) in ("*", f"{fold(service)}:*") for p in self.not_actions)
        return any(_could_name(p, service) for p in self.actions)


@dataclass(frozen=True)
class Reach:
    """A grant the engine found: the statements that make it, and Deny statements that take
    back part of it (never all: then there would be no grant)."""

    statements: Tuple[str, ...]
    partly_denied_by: Tuple[str, ...] = ()


def _union(grants: Sequence[Grant], ignore_case: bool) -> Language:
    return Language(tuple(p for grant in grants for p in grant.resource_language(ignore_case).patterns))


def _resources_cover(space: Language, grants: Sequence[Grant], ignore_case: bool) -> bool:
    if any("*" in grant.resources for grant in grants):
        return True
    if all(not has_wildcard(p) for grant in grants for p in grant.resources):
        return False  # a few named resources never cover an unbounded space
    return includes(_union(grants, ignore_case), space)


def _cover(actions: Language, resources: Language, grants: Sequence[Grant], ignore_case: bool) -> bool:
    """True when every (action, resource) of the two spaces is in some grant: the grants' action
    sets divide the action space into cells, and each cell's resources must cover the resource
    space."""
    if not grants:
        return False
    for bits in cells(actions, tuple(grant.action_language for grant in grants)):
        chosen = [grant for grant, bit in zip(grants, bits, strict=True) if bit]
        if not chosen or not _resources_cover(resources, chosen, ignore_case):
            return False
    return True


def _meets(actions: Language, resources: Language, grant: Grant, ignore_case: bool) -> bool:
    return meet(actions, grant.action_language) and meet(resources, grant.resource_language(ignore_case))


@dataclass
class Access:
    """What one permission policy allows. Build it from a :class:`PolicyDocument` (loaded with
    ``keep_duplicates=True`` for paths that count statements as written)."""

    document: PolicyDocument
    grants: Tuple[Grant, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.grants = tuple(Grant.of(f"Statement[{index}]", s) for index, s in enumerate(self.document.statements))

    # ---- concrete requests

    def allows(self, action: str, resource: str) -> bool:
        """True when a request for ``action`` on the ARN ``resource`` may be allowed: some Allow
        applies, and no Deny without a Condition does."""
        for ignore_case in _READINGS:
            applies = [g for g in self.grants if g.covers_action(action) and g.covers_resource(resource, ignore_case)]
            if any(g.allows for g in applies) and not any(g.removes for g in applies):
                return True
        return False

    # ---- every resource of a service

    def accounts(self) -> Tuple[str, ...]:
        """The accounts "every resource" is tried in: each one an Allow names (a wildcard in it
        read as the simplest string it matches) and :data:`OTHER_ACCOUNT`."""
        found: Dict[str, None] = {}
        for grant in self.grants:
            if grant.allows:
                for resource in grant.resources:
                    account = grammar.arn_account(resource)
                    if account is not None:
                        found[account.replace("*", "").replace("?", "0")] = None
        found[OTHER_ACCOUNT] = None
        return tuple(found)

    def resource_spaces(self, service: str, resource_type: Optional[str] = None) -> Tuple[Language, ...]:
        """ "Every resource of ``service``" (of its ``resource_type`` when given, a name of the
        catalogue's: ``instance``), once per account in :meth:`accounts`."""
        return tuple(every_arn(service, account, resource_type) for account in self.accounts())

    def allows_everywhere(self, action: str, account: Optional[str] = None) -> bool:
        """True when ``action`` may be allowed on every resource of its service in ``account``
        (by default: in some account), no Deny without a Condition taking any of it back.

        >>> from alicloud_instance_role.documents import load
        >>> Access(load('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:*",'
        ...             ' "Resource": "acs:kms:*:*:*"}]}')).allows_everywhere("kms:Decrypt")
        True
        """
        allows = [g for g in self.grants if g.allows and g.covers_action(action)]
        if not allows:
            return False
        removes = [g for g in self.grants if g.removes and g.covers_action(action)]
        service = service_of(action)
        spaces = (every_arn(service, account),) if account is not None else self.resource_spaces(service)
        return any(
            _resources_cover(space, allows, ignore_case)
            and not any(meet(space, g.resource_language(ignore_case)) for g in removes)
            for ignore_case in _READINGS
            for space in spaces
        )

    def allowed_everywhere(self, actions: Iterable[str]) -> List[str]:
        """Those of ``actions`` that :meth:`allows_everywhere`."""
        return [action for action in actions if self.allows_everywhere(action)]

    # ---- the questions the guardrails ask
    #
    # Deny statements are weighed conservatively here: only Denies without a Condition that
    # cover the whole grant remove it; a narrower Deny leaves the rest granted, so the grant is
    # still reported (with that Deny named).

    def grants_all(self, service: str) -> Optional[Reach]:
        """Whether Allow statements grant every action of ``service`` on every resource of the
        service in one account, and Deny statements do not take all of it back."""
        allows = [g for g in self.grants if g.allows and g.may_reach(service)]
        if not allows:
            return None
        actions = every_action(service)
        removes = [g for g in self.grants if g.removes and g.may_reach(service)]
        for ignore_case in _READINGS:
            for space in self.resource_spaces(service):
                if not _cover(actions, space, allows, ignore_case) or _cover(actions, space, removes, ignore_case):
                    continue
                return Reach(
                    tuple(g.path for g in allows if _meets(actions, space, g, ignore_case)),
                    tuple(g.path for g in removes if _meets(actions, space, g, ignore_case)),
                )
        return None

    def grants_everywhere(self, action: str, service: str, resource_type: Optional[str] = None) -> Optional[Reach]:
        """Whether ``action`` is allowed on every resource of ``service`` (of its
        ``resource_type``: ``ecs:RunCommand`` on every ``instance``), in one account, and Deny
        statements do not take all of it back."""
        allows = [g for g in self.grants if g.allows and g.covers_action(action)]
        if not allows:
            return None
        removes = [g for g in self.grants if g.removes and g.covers_action(action)]
        for ignore_case in _READINGS:
            for space in self.resource_spaces(service, resource_type):
                if _resources_cover(space, allows, ignore_case) and not (
                    removes and _resources_cover(space, removes, ignore_case)
                ):
                    return Reach(
                        tuple(g.path for g in allows if meet(space, g.resource_language(ignore_case))),
                        tuple(g.path for g in removes if meet(space, g.resource_language(ignore_case))),
                    )
        return None

    def grants_some(self, action: str) -> Optional[Reach]:
        """Whether ``action`` is allowed on some resource: an Allow applies to it, and Deny
        statements without a Condition do not take back every resource those Allows name."""
        allows = [g for g in self.grants if g.allows and g.covers_action(action)]
        if not allows or self.denies_all(action, [r for g in allows for r in g.resources]):
            return None
        return Reach(
            tuple(g.path for g in allows), tuple(g.path for g in self.grants if g.removes and g.covers_action(action))
        )

    def denies_all(self, action: str, resources: Sequence[str]) -> bool:
        """True when Deny statements without a Condition take back ``action`` on every
        resource matching the patterns ``resources``, however resources are compared."""
        removes = [g for g in self.grants if g.removes and g.covers_action(action)]
        if any("*" in g.resources for g in removes):
            return True
        return bool(removes) and all(
            includes(_union(removes, ignore_case), Language.of(resources, ignore_case)) for ignore_case in _READINGS
        )

    def allows_pattern(self, actions: Sequence[str], resources: Sequence[str], not_actions: Sequence[str] = ()) -> bool:
        """True when every action matching ``actions`` (or, given ``not_actions``, every action
        but those) may be allowed on every resource matching ``resources``, no Deny without a
        Condition taking any of it back."""
        wanted = Grant("", True, tuple(actions), tuple(not_actions), tuple(resources), False)
        allows = [g for g in self.grants if g.allows]
        removes = [g for g in self.grants if g.removes]
        for ignore_case in _READINGS:
            action_space, resource_space = wanted.action_language, wanted.resource_language(ignore_case)
            if _cover(action_space, resource_space, allows, ignore_case) and not any(
                _meets(action_space, resource_space, g, ignore_case) for g in removes
            ):
                return True
        return False

    def touches_pattern(
        self, actions: Sequence[str], resources: Sequence[str], not_actions: Sequence[str] = ()
    ) -> bool:
        """True when some action matching ``actions`` (or, given ``not_actions``, some other
        action) may be allowed on some resource matching ``resources`` (a Deny counted only when
        it covers all of that rectangle)."""
        wanted = Grant("", True, tuple(actions), tuple(not_actions), tuple(resources), False)
        removes = [g for g in self.grants if g.removes]
        for ignore_case in _READINGS:
            action_space, resource_space = wanted.action_language, wanted.resource_language(ignore_case)
            if any(_meets(action_space, resource_space, g, ignore_case) for g in self.grants if g.allows) and not (
                _cover(action_space, resource_space, removes, ignore_case)
            ):
                return True
        return False


def covers_service(
    patterns: Sequence[str], service: str, account: Optional[str] = None, ignore_case: bool = False
) -> bool:
    """True when the resource patterns (together) match every ARN of ``service`` that can exist
    in ``account`` (by default: in every account).

    >>> covers_service(["acs:kms:*:*:*"], "kms"), covers_service(["acs:kms:*:*:key/*"], "kms")
    (True, False)
    """
    return includes(Language.of(patterns, ignore_case), every_arn(service, account))


def unnamed_service(document: PolicyDocument) -> str:
    """A service code that no action pattern of ``document`` names or spells out: a stand-in
    for "every other service" (a grant on it reaches services the author never listed)."""
    patterns = [p for statement in document.statements for p in (*statement.actions, *statement.not_actions)]
    used = {fold(c) for p in patterns for c in p}
    letter = next((c for c in "qzxjkvwyubcdfghlmnoprstaei0123456789" if c not in used), "q")
    longest = max((len(p) for p in patterns), default=0)
    return letter * (longest + 2)
