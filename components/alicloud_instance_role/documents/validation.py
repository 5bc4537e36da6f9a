"""``validate(text, kind)``: every reason RAM would reject a document, and sloppy shapes.

Works on the document exactly as written, so each finding's path points into the caller's
text (``Statement[1].Action[0]``). Never raises: whatever the input, the answer is a list.
What a document allows (every action, anyone trusted) is not judged on its spelling here: the
risk rules of :mod:`.risks` judge it through the access engine (RAM210-RAM218; the spelling-based
RAM201 and RAM206 are retired).
"""

import json
import math
from typing import Any, Dict, Iterator, List, Literal, Optional, Tuple

from . import grammar
from .names import action_problems
from .problems import Problem, join_path

Kind = Literal["permission", "trust"]
KINDS: Tuple[Kind, ...] = ("permission", "trust")
Scalar = (str, int, float, bool)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object")


def _reject_duplicate_keys(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    obj: Dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse(text: str) -> Any:
    """Parse strict JSON (RFC 7159, as RAM does), refusing repeated keys and NaN/Infinity.
    Raises ValueError."""
    return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)


def validate(text: Any, kind: str = "permission") -> List[Problem]:
    """All findings about ``text`` read as a ``kind`` (``"permission"`` or ``"trust"``) document.

    Errors (``.severity == "error"``) are what RAM would refuse; warnings are legal but risky.
    """
    return examine(text, kind)[0]


def examine(text: Any, kind: str) -> Tuple[List[Problem], Any]:
    """:func:`validate`'s findings, and the parsed document (None when it is not JSON), so a
    caller that goes on to build the model parses the text only once."""
    if kind not in KINDS:
        return [Problem("RAM119", "", f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")], None
    if not isinstance(text, str):
        return [Problem("RAM100", "", f"a RAM document is JSON text, got {type(text).__name__}")], None
    try:
        tree = parse(text)
    except _DuplicateKey as exc:
        return [Problem("RAM104", "", f"{exc}; RAM needs every key once")], None
    except (ValueError, RecursionError) as exc:
        return [Problem("RAM100", "", f"not valid JSON ({exc}); RAM accepts strict RFC 7159 JSON only")], None
    problems = validate_tree(tree, kind)
    too_large = size_problem(text)
    return ([*problems, too_large] if too_large else problems), tree


def size_problem(text: str) -> Optional[Problem]:
    """RAM118 when ``text`` is over RAM's 6,144 bytes (UTF-8), else None."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= grammar.MAX_DOCUMENT_BYTES:
        return None
    return Problem("RAM118", "", f"the document is {size:,} bytes; RAM accepts at most {grammar.MAX_DOCUMENT_BYTES:,}")


def validate_tree(tree: Any, kind: Kind) -> List[Problem]:
    """Findings about an already parsed document (size not included), names that do not exist
    (``documents.names``) among them."""
    return [*_unsendable(tree, ""), *_document(tree, kind), *action_problems(_written_actions(tree))]


def _written_actions(tree: Any) -> Iterator[Tuple[str, str]]:
    """(path, action) for every well-formed entry of Action and NotAction, in document order."""
    if not isinstance(tree, dict) or tree.get("Statement") in (None, [], {}):
        return
    for path, statement in _items(tree["Statement"], "Statement"):
        if not isinstance(statement, dict):
            continue
        for key in ("Action", "NotAction"):
            for item_path, action in _items(statement.get(key, []), f"{path}.{key}"):
                if isinstance(action, str) and grammar.is_action(action):
                    yield item_path, action


def surrogate_problem(text: str, path: str, what: str = "") -> Optional[Problem]:
    """RAM128 when ``text`` holds a lone surrogate (such as ``"\\ud800"``, which JSON escapes and
    Python strings can hold): it is not Unicode text, so it cannot be sent at all; else None.
    ``what`` starts the message (``"the key 'k' "``) when ``text`` is not the value at ``path``."""
    bad = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    if bad is None:
        return None
    message = f"{what}holds \\u{ord(bad):04x}, a lone surrogate: not Unicode text, so it cannot be sent to RAM"
    return Problem("RAM128", path, message)


def _unsendable(value: Any, path: str) -> Iterator[Problem]:
    """What no JSON text can carry, wherever it is: lone surrogates in strings and keys, and
    NaN or Infinity (the component would render them as text RAM does not parse)."""
    if isinstance(value, str):
        found = surrogate_problem(value, path)
        if found is not None:
            yield found
    elif isinstance(value, float) and not math.isfinite(value):
        shown = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        yield Problem("RAM100", path, f"{shown} is not a JSON number; RAM accepts strict RFC 7159 JSON only")
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                found = surrogate_problem(key, path, f"the key {key!r} ")
                if found is not None:
                    yield found
            yield from _unsendable(item, join_path(path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unsendable(item, f"{path}[{index}]")


def _items(value: Any, path: str) -> Iterator[Tuple[str, Any]]:
    """(path, item) for an element that may be one value or a list of values."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{path}[{index}]", item
    else:
        yield path, value


def _document(tree: Any, kind: Kind) -> Iterator[Problem]:
    if not isinstance(tree, dict):
        yield Problem("RAM101", "", f"a RAM document is a JSON object, got {_json_type(tree)}")
        return
    for key in tree:
        if key not in grammar.DOCUMENT_KEYS:
            yield Problem("RAM104", key, f"unknown key {key!r}; a document has only Version and Statement")
    if "Version" not in tree:
        yield Problem("RAM102", "Version", 'Version is missing; RAM accepts only "Version": "1"')
    elif tree["Version"] != grammar.VERSION or not isinstance(tree["Version"], str):
        yield Problem("RAM102", "Version", f'Version is {json.dumps(tree["Version"])}; RAM accepts only the string "1"')
    statements = tree.get("Statement")
    if statements is None or statements == [] or statements == {}:
        yield Problem("RAM103", "Statement", "Statement is missing or empty; a document needs at least one statement")
        return
    for path, statement in _items(statements, "Statement"):
        yield from _statement(statement, path, kind)


def _statement(statement: Any, path: str, kind: Kind) -> Iterator[Problem]:
    if not isinstance(statement, dict):
        yield Problem("RAM119", path, f"a statement is a JSON object, got {_json_type(statement)}")
        return
    for key in statement:
        if key not in grammar.STATEMENT_KEYS:
            yield Problem(
                "RAM104",
                f"{path}.{key}",
                f"unknown key {key!r}; a statement has only {', '.join(sorted(grammar.STATEMENT_KEYS))}",
            )
    effect = statement.get("Effect")
    if not isinstance(effect, str) or effect not in grammar.EFFECTS:
        shown = "missing" if "Effect" not in statement else json.dumps(effect)
        yield Problem("RAM105", f"{path}.Effect", f'Effect is {shown}; RAM accepts "Allow" or "Deny"')
    yield from _actions(statement, path, kind, effect)
    if kind == "permission":
        yield from _resources(statement, path)
        if "Principal" in statement:
            yield Problem(
                "RAM110",
                f"{path}.Principal",
                "Principal belongs only in trust policies; a permission policy applies to whoever it is attached to",
            )
    else:
        yield from _principals(statement, path)
    if "Condition" in statement:
        yield from _condition(statement["Condition"], f"{path}.Condition")


def _actions(statement: Dict[str, Any], path: str, kind: Kind, effect: Any) -> Iterator[Problem]:
    present = [key for key in ("Action", "NotAction") if key in statement and statement[key] not in ([], "")]
    empty = [key for key in ("Action", "NotAction") if key in statement and statement[key] in ([], "")]
    if len(present) == 2:
        yield Problem("RAM106", path, "the statement has both Action and NotAction; RAM needs exactly one of them")
    elif not present and empty:
        yield Problem("RAM106", f"{path}.{empty[0]}", f"{empty[0]} is empty; RAM needs at least one action")
    elif not present:
        yield Problem("RAM106", path, "the statement has neither Action nor NotAction; RAM needs exactly one of them")
    for key in present:
        seen: Dict[str, str] = {}
        for item_path, action in _items(statement[key], f"{path}.{key}"):
            if not isinstance(action, str):
                yield Problem("RAM119", item_path, f"an action is a string, got {_json_type(action)}")
                continue
            if not grammar.is_action(action):
                yield Problem(
                    "RAM107",
                    item_path,
                    f"{action!r} is not an action; RAM accepts `<service>:<Action>` (with * and ? wildcards) or `*`",
                )
                continue
            if action in seen:
                yield Problem("RAM203", item_path, f"{action!r} is listed twice (first at {seen[action]})")
            seen.setdefault(action, item_path)
            if kind == "trust" and (key == "NotAction" or not action.lower().startswith("sts:")):
                yield Problem(
                    "RAM113",
                    item_path,
                    f"trust statements grant STS actions only (such as sts:AssumeRole), got {key} {action!r}",
                )
    if "NotAction" in present and effect == "Allow" and kind == "permission":
        yield Problem(
            "RAM202",
            f"{path}.NotAction",
            "Allow with NotAction grants every action not listed, including ones added later; prefer Action",
        )


def _resources(statement: Dict[str, Any], path: str) -> Iterator[Problem]:
    if "Resource" not in statement or statement["Resource"] in ([], ""):
        yield Problem("RAM108", f"{path}.Resource", "a permission statement needs Resource (`*` or `acs:` ARNs)")
        return
    seen: Dict[str, str] = {}
    for item_path, resource in _items(statement["Resource"], f"{path}.Resource"):
        if not isinstance(resource, str):
            yield Problem("RAM119", item_path, f"a resource is a string, got {_json_type(resource)}")
        elif not grammar.is_resource(resource):
            yield Problem(
                "RAM109",
                item_path,
                f"{resource!r} is not a resource; RAM accepts `*` or `acs:<service>:<region>:<account>:<id>`",
            )
        else:
            if resource in seen:
                yield Problem("RAM203", item_path, f"{resource!r} is listed twice (first at {seen[resource]})")
            seen.setdefault(resource, item_path)
            yield from _masked(resource, item_path)


def _principals(statement: Dict[str, Any], path: str) -> Iterator[Problem]:
    principal_path = f"{path}.Principal"
    principal = statement.get("Principal")
    if principal is None or principal in ({}, [], ""):
        yield Problem("RAM111", principal_path, "a trust statement needs Principal (Service, RAM or Federated)")
        return
    if principal == "*":
        return
    if not isinstance(principal, dict):
        yield Problem(
            "RAM119",
            principal_path,
            f"Principal is an object of Service, RAM or Federated, got {_json_type(principal)}",
        )
        return
    for kind, values in principal.items():
        type_path = f"{principal_path}.{kind}"
        if kind not in grammar.PRINCIPAL_TYPES:
            yield Problem(
                "RAM112", type_path, f"unknown principal type {kind!r}; RAM accepts Service, RAM or Federated"
            )
            continue
        if values in ([], ""):
            yield Problem("RAM111", type_path, f"{kind} names no principal")
        for item_path, value in _items(values, type_path):
            yield from _principal(kind, value, item_path)


def _principal(kind: str, value: Any, path: str) -> Iterator[Problem]:
    if not isinstance(value, str):
        yield Problem("RAM119", path, f"a principal is a string, got {_json_type(value)}")
        return
    if grammar.admits_anyone(value):
        return
    if kind == "Service":
        if grammar.SERVICE_PRINCIPAL.fullmatch(value) is None:
            yield Problem("RAM114", path, f"{value!r} is not a service principal; RAM accepts `<service>.aliyuncs.com`")
        return
    pattern = grammar.RAM_PRINCIPAL if kind == "RAM" else grammar.FEDERATED_PRINCIPAL
    if pattern.fullmatch(value) is None:
        shape = (
            "acs:ram::<account>:root, :user/<name> or :role/<name>"
            if kind == "RAM"
            else "acs:ram::<account>:saml-provider/<name> or :oidc-provider/<name>"
        )
        yield Problem("RAM115", path, f"{value!r} is not a {kind} principal; RAM accepts {shape}")
        return
    account = grammar.principal_account(value)
    if grammar.MASKED_ACCOUNT.fullmatch(account):
        yield from _masked(value, path)
    elif not account.isdigit():
        yield Problem(
            "RAM115", path, f"{value!r} names the account {account!r}; an account ID is 16 digits, with no wildcard"
        )
    elif grammar.ACCOUNT_ID.fullmatch(account) is None:
        yield Problem("RAM209", path, f"{value!r} names the account {account!r}; an account ID is 16 digits")


def _condition(condition: Any, path: str) -> Iterator[Problem]:
    if not isinstance(condition, dict):
        yield Problem(
            "RAM117", path, f"Condition is an object of operator -> key -> values, got {_json_type(condition)}"
        )
        return
    if not condition:
        yield Problem("RAM204", path, "Condition is empty; remove it or add a condition")
    for operator, keys in condition.items():
        operator_path = f"{path}.{operator}"
        if not isinstance(operator, str):
            yield Problem("RAM117", operator_path, f"a condition operator is a string, got {operator!r}")
            continue
        if not grammar.is_condition_operator(operator):
            yield Problem(
                "RAM116",
                operator_path,
                f"unknown condition operator {operator!r}; RAM accepts String*, Numeric*, Date*, Bool, "
                "IpAddress and NotIpAddress, optionally prefixed with ForAllValues: or ForAnyValue:",
            )
        if not isinstance(keys, dict) or not keys:
            yield Problem("RAM117", operator_path, f"{operator} takes an object of condition key -> values")
            continue
        for key, values in keys.items():
            key_path = f"{operator_path}.{key}"
            if not isinstance(key, str):
                yield Problem("RAM117", key_path, f"a condition key is a string, got {key!r}")
                continue
            if values == []:
                yield Problem("RAM117", key_path, f"the condition key {key!r} has no values")
            for item_path, value in _items(values, key_path):
                if isinstance(value, Scalar) and value is not None:
                    if isinstance(value, str):
                        yield from _masked(value, item_path)
                else:
                    yield Problem(
                        "RAM117",
                        item_path,
                        f"a condition value is a string, number or boolean, or a list of them, not {_json_type(value)}",
                    )


def _masked(value: str, path: str) -> Iterator[Problem]:
    if grammar.MASKED.search(value):
        yield Problem(
            "RAM205",
            path,
            f"{value!r} holds a masked placeholder (`***`), as copied from documentation; put the real value in",
        )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
