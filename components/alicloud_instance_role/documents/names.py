"""Names that do not exist: actions no service has, service codes RAM does not use, System
policies spelled otherwise than RAM spells them. Judged against the catalogue
(:mod:`alicloud_instance_role.catalogue`), which is read on the first question.

RAM accepts a policy naming an action that does not exist and grants nothing with it, so a typo
(``oss:GetObjects``) or a product code where a RAM code belongs (``sls:`` for ``log:``) leaves a
role without the permission its author meant, silently. These are warnings, never errors: the
catalogue may lag behind the cloud, so a service it does not know gets one advisory saying so.

>>> [p.code for p in action_problems([("Statement[0].Action[0]", "oss:GetObjects")])]
['RAM221']
>>> action_problems([("Statement[0].Action[0]", "sls:PostLogStoreLogs")])[0].message.endswith(
...     "did you mean 'log:PostLogStoreLogs'?")
True
"""

from typing import Iterable, List, Optional, Set, Tuple

from ..catalogue import actions, system_policies
from .findings import NAMES_EXIST, codes_of
from .globs import fold, has_wildcard
from .problems import Problem

#: The warning codes of names that do not exist (those the guardrail ram-names-exist reports).
NAME_CODES = codes_of(NAMES_EXIST)

# The provider reads an attachment back by comparing the policy name as given with the one RAM
# returns, case included (terraform-provider-alicloud @81c43b6727a0,
# alicloud/service_alicloud_ram_v2.go:388-391, DescribeRamRolePolicyAttachment), so a name in
# another case than RAM's may attach and then not be found.
_CASE_NOTE = (
    "the provider compares names case-sensitively when it reads an attachment back "
    "(terraform-provider-alicloud service_alicloud_ram_v2.go:388-391), so it may attach and then not be found"
)


def _hint(suggestion: Optional[str]) -> str:
    return f"; did you mean {suggestion!r}?" if suggestion else ""


def action_problem(action: str, path: str) -> Optional[Problem]:
    """A warning when ``action`` (``<code>:<name>``, wildcards allowed) names nothing real: a known
    service's action it matches none of (RAM221), or a code RAM does not use (RAM222). None
    otherwise, and for a service the catalogue does not know (see :func:`action_problems`)."""
    code, colon, name = action.partition(":")
    if not colon or has_wildcard(code):
        return None
    service = actions.service(code)
    if service is not None:
        if service.exists(name):
            return None
        suggestion = service.closest(name)
        shown = f"{service.code}:{suggestion}" if suggestion else None
        return Problem("RAM221", path, f"{action!r} matches no {service.name} action{_hint(shown)}")
    mistaken = actions.alias(code)
    if mistaken is None:
        return None
    meant = actions.service(mistaken.ram_code)
    fixed: Optional[str] = f"{mistaken.ram_code}:{name}"
    if meant is not None and not meant.exists(name):
        closest = meant.closest(name)
        fixed = f"{mistaken.ram_code}:{closest}" if closest else None
    message = f"{action!r}: RAM has no service code {fold(code)!r} ({mistaken.why}){_hint(fixed)}"
    return Problem("RAM222", path, message)


def action_problems(entries: Iterable[Tuple[str, str]]) -> List[Problem]:
    """Warnings about the actions of one document, given as ``(path, action)`` in document
    order: :func:`action_problem` for each, and one RAM223 advisory per service code the
    catalogue does not know, at its first use."""
    found: List[Problem] = []
    unknown: Set[str] = set()
    for path, action in entries:
        problem = action_problem(action, path)
        if problem is not None:
            found.append(problem)
            continue
        code, colon, _ = action.partition(":")
        folded = fold(code)
        if colon and not has_wildcard(code) and folded not in unknown and _unknown_service(code):
            unknown.add(folded)
            message = (
                f"the catalogue does not know the service {folded!r}, so the names of its actions are not "
                "checked (the catalogue may lag behind the cloud)"
            )
            found.append(Problem("RAM223", path, message))
    return found


def _unknown_service(code: str) -> bool:
    return actions.service(code) is None and actions.alias(code) is None


def system_policy_problem(name: str, path: str) -> Optional[Problem]:
    """A warning when ``name`` is not a System policy as RAM spells it: in another case (RAM224),
    or not one the catalogue knows (RAM225, an advisory, with the closest known name)."""
    right = system_policies.spelled(name)
    if right == name:
        return None
    if right is not None:
        return Problem("RAM224", path, f"RAM spells the System policy {name!r} as {right!r}; {_CASE_NOTE}")
    message = (
        f"{name!r} is not a System policy the catalogue knows (it lists {len(system_policies.names())} from "
        f"RAM's documentation and may lag behind it){_hint(system_policies.closest(name))}"
    )
    return Problem("RAM225", path, message)
