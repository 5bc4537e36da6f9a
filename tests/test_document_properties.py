"""Properties of the document core over generated input.

A *meaning* is a valid document written plainly (lists everywhere, no duplicates); a *layout* is
one of the many texts RAM reads as that same meaning: single values for one-element lists,
shuffled lists, repeated entries, repeated statements, any key order, any JSON whitespace.
"""

import json
from typing import Any, Callable, Dict, List, Tuple

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from alicloud_instance_role.documents import (
    CODES,
    MAX_DOCUMENT_BYTES,
    DocumentError,
    canonicalize,
    errors,
    permission_policy,
    trust_policy,
    validate,
)
from alicloud_instance_role.documents.grammar import CONDITION_OPERATORS, CONDITION_SET_PREFIXES, STATEMENT_KEYS

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Draw = Callable[[st.SearchStrategy[Any]], Any]

# ---- valid meanings ----

effects = st.sampled_from(["Allow", "Deny"])
service_names = st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True)
action_names = st.from_regex(r"[A-Za-z*?][A-Za-z0-9*?]{0,10}", fullmatch=True)
actions = st.one_of(
    st.just("*"),
    st.builds("{}:{}".format, st.one_of(service_names, st.just("*")), action_names),
)
accounts = st.one_of(st.sampled_from(["*", "123456789012", ""]), st.from_regex(r"[1-9][0-9]{3,15}", fullmatch=True))
resources = st.one_of(
    st.just("*"),
    st.builds(
        "acs:{}:{}:{}:{}".format,
        service_names,
        st.sampled_from(["", "*", "cn-hangzhou", "cn-qingdao"]),
        accounts,
        st.one_of(st.just("*"), st.from_regex(r"[a-z]{1,8}/[A-Za-z0-9*._/-]{1,12}", fullmatch=True)),
    ),
)
condition_operators = st.builds(
    "{}{}".format, st.sampled_from(["", *CONDITION_SET_PREFIXES]), st.sampled_from(sorted(CONDITION_OPERATORS))
)
condition_keys = st.from_regex(r"[a-z]{2,5}:[A-Za-z][A-Za-z/]{0,10}", fullmatch=True)
condition_values = st.one_of(
    st.text(max_size=8),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
conditions = st.dictionaries(
    condition_operators,
    st.dictionaries(
        condition_keys,
        st.lists(condition_values, min_size=1, max_size=3, unique_by=json.dumps),
        min_size=1,
        max_size=2,
    ),
    max_size=2,
)
trust_actions = st.sampled_from(["sts:AssumeRole", "sts:SetSourceIdentity", "sts:*", "sts:Assume*"])
service_principals = st.from_regex(r"[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9-]{0,5}[a-z0-9])?\.aliyuncs\.com", fullmatch=True)
ram_principals = st.builds(
    "acs:ram::{}:{}".format,
    st.from_regex(r"[1-9][0-9]{3,15}", fullmatch=True),
    st.one_of(st.just("root"), st.from_regex(r"(user|role)/[A-Za-z0-9.-]{1,12}", fullmatch=True)),
)
federated_principals = st.builds(
    "acs:ram::{}:{}/{}".format,
    st.from_regex(r"[1-9][0-9]{3,15}", fullmatch=True),
    st.sampled_from(["saml-provider", "oidc-provider"]),
    st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True),
)
principal_objects = st.fixed_dictionaries(
    {},
    optional={
        "Service": st.lists(service_principals, min_size=1, max_size=3, unique=True),
        "RAM": st.lists(ram_principals, min_size=1, max_size=2, unique=True),
        "Federated": st.lists(federated_principals, min_size=1, max_size=2, unique=True),
    },
).filter(bool)


@st.composite
def permission_statements(draw: Draw) -> Dict[str, Any]:
    statement: Dict[str, Any] = {"Effect": draw(effects)}
    statement[draw(st.sampled_from(["Action", "NotAction"]))] = draw(
        st.lists(actions, min_size=1, max_size=4, unique=True)
    )
    statement["Resource"] = draw(st.lists(resources, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        statement["Condition"] = draw(conditions)
    return statement


@st.composite
def trust_statements(draw: Draw) -> Dict[str, Any]:
    statement: Dict[str, Any] = {
        "Effect": draw(effects),
        "Action": draw(st.lists(trust_actions, min_size=1, max_size=2, unique=True)),
        "Principal": draw(st.one_of(principal_objects, st.just("*"))),
    }
    if draw(st.booleans()):
        statement["Condition"] = draw(conditions)
    return statement


def _documents(statements: st.SearchStrategy[Dict[str, Any]]) -> st.SearchStrategy[Dict[str, Any]]:
    return st.builds(lambda s: {"Version": "1", "Statement": s}, st.lists(statements, min_size=1, max_size=3))


meanings: st.SearchStrategy[Tuple[str, Dict[str, Any]]] = st.one_of(
    st.tuples(st.just("permission"), _documents(permission_statements())),
    st.tuples(st.just("trust"), _documents(trust_statements())),
)

# ---- layouts of a meaning ----


def _lay_out_values(draw: Draw, values: List[Any]) -> Any:
    repeated = draw(st.lists(st.sampled_from(values), max_size=2))
    shuffled = draw(st.permutations(values + repeated))
    if len(shuffled) == 1 and draw(st.booleans()):
        return shuffled[0]
    return shuffled


def _shuffled_keys(draw: Draw, tree: Dict[str, Any]) -> Dict[str, Any]:
    return {key: tree[key] for key in draw(st.permutations(list(tree)))}


def _lay_out_statement(draw: Draw, statement: Dict[str, Any]) -> Dict[str, Any]:
    laid: Dict[str, Any] = {}
    for key, value in statement.items():
        if key in ("Action", "NotAction", "Resource"):
            laid[key] = _lay_out_values(draw, value)
        elif key == "Principal" and isinstance(value, dict):
            laid[key] = _shuffled_keys(draw, {kind: _lay_out_values(draw, v) for kind, v in value.items()})
        elif key == "Condition":
            laid[key] = _shuffled_keys(
                draw,
                {
                    operator: _shuffled_keys(draw, {k: _lay_out_values(draw, v) for k, v in keys.items()})
                    for operator, keys in value.items()
                },
            )
        else:
            laid[key] = value
    if "Condition" not in laid and draw(st.booleans()):
        laid["Condition"] = {}
    return _shuffled_keys(draw, laid)


@st.composite
def layouts(draw: Draw, meaning: Dict[str, Any]) -> str:
    """One text of ``meaning``."""
    statements = [_lay_out_statement(draw, s) for s in meaning["Statement"]]
    # A repeated statement is inserted after its first occurrence, so the authored order stays.
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        original = draw(st.integers(min_value=0, max_value=len(meaning["Statement"]) - 1))
        position = draw(st.integers(min_value=original + 1, max_value=len(statements)))
        statements.insert(position, _lay_out_statement(draw, meaning["Statement"][original]))
    laid_statements: Any = statements[0] if len(statements) == 1 and draw(st.booleans()) else statements
    tree = _shuffled_keys(draw, {"Version": "1", "Statement": laid_statements})
    text = json.dumps(
        tree,
        indent=draw(st.sampled_from([None, 0, 1, 2, 4, "\t", " \t"])),
        separators=draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : "), (",\r\n", ":\t")])),
        ensure_ascii=draw(st.booleans()),
    )
    whitespace = st.text(alphabet=" \t\r\n", max_size=3)
    return draw(whitespace) + text + draw(whitespace)


def _fits(text: str) -> bool:
    return len(text.encode("utf-8")) <= MAX_DOCUMENT_BYTES


# ---- properties of valid documents ----


@PROPERTY_SETTINGS
@given(data=st.data(), meaning=meanings)
def test_every_layout_of_a_valid_document_validates_without_errors(
    data: st.DataObject, meaning: Tuple[str, Dict[str, Any]]
) -> None:
    kind, tree = meaning
    text = data.draw(layouts(tree))
    assume(_fits(text))
    assert errors(validate(text, kind)) == []


@PROPERTY_SETTINGS
@given(data=st.data(), meaning=meanings)
def test_the_canonical_text_of_a_valid_document_is_a_valid_fixed_point(
    data: st.DataObject, meaning: Tuple[str, Dict[str, Any]]
) -> None:
    kind, tree = meaning
    text = data.draw(layouts(tree))
    assume(_fits(text))
    canonical = canonicalize(text, kind)  # type: ignore[arg-type]
    assert errors(validate(canonical, kind)) == []
    assert canonicalize(canonical, kind) == canonical  # type: ignore[arg-type]
    assert canonicalize(canonical) == canonical


@PROPERTY_SETTINGS
@given(data=st.data(), meaning=meanings)
def test_two_layouts_of_one_meaning_share_one_canonical_text(
    data: st.DataObject, meaning: Tuple[str, Dict[str, Any]]
) -> None:
    kind, tree = meaning
    first, second = data.draw(layouts(tree)), data.draw(layouts(tree))
    assume(_fits(first) and _fits(second))
    assert canonicalize(first, kind) == canonicalize(second, kind)  # type: ignore[arg-type]


# ---- validate and canonicalize never raise ----

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["1", "Allow", "Deny", "*", "sts:AssumeRole", "oss:GetObject", "acs:ram::1:root"]),
)
# Keys from RAM's own vocabulary, so generated objects reach deep into the validator.
ram_keys = st.one_of(
    st.sampled_from(
        sorted({"Version", "Statement", *STATEMENT_KEYS, "Service", "RAM", "Federated", *CONDITION_OPERATORS})
    ),
    st.text(max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(ram_keys, children, max_size=5)),
    max_leaves=25,
)
documentish = st.one_of(
    json_values,
    st.builds(
        lambda version, statements: {"Version": version, "Statement": statements},
        st.one_of(st.just("1"), json_scalars),
        st.one_of(json_values, st.lists(st.dictionaries(ram_keys, json_values, max_size=6), max_size=3)),
    ),
)


@PROPERTY_SETTINGS
@given(text=st.text(), kind=st.sampled_from(["permission", "trust"]))
def test_validate_answers_arbitrary_text_with_a_list_of_known_findings(text: str, kind: str) -> None:
    found = validate(text, kind)
    assert isinstance(found, list)
    assert all(problem.code in CODES for problem in found)


@PROPERTY_SETTINGS
@given(tree=documentish, kind=st.sampled_from(["permission", "trust"]))
def test_validate_answers_arbitrary_json_with_a_list_of_known_findings(tree: Any, kind: str) -> None:
    found = validate(json.dumps(tree), kind)
    assert isinstance(found, list)
    assert all(problem.code in CODES for problem in found)


@PROPERTY_SETTINGS
@given(tree=documentish)
def test_canonicalize_either_raises_document_error_or_returns_a_valid_document(tree: Any) -> None:
    text = json.dumps(tree)
    try:
        canonical = canonicalize(text)
    except DocumentError as exc:
        assert exc.problems
        assert all(problem.is_error for problem in exc.problems)
    else:
        assert errors(validate(canonical)) == []


# ---- builders never raise for arbitrary arguments ----

statement_specs = st.dictionaries(
    st.one_of(st.sampled_from(["effect", "actions", "resources", "conditions"]), st.text(max_size=6)),
    json_values,
    max_size=5,
)


@PROPERTY_SETTINGS
@given(statements=st.one_of(json_values, st.lists(statement_specs, max_size=3)))
def test_permission_policy_reports_problems_for_arbitrary_arguments_instead_of_raising(statements: Any) -> None:
    built = permission_policy(statements)
    if built.document is None:
        assert any(problem.is_error for problem in built.problems)
    else:
        assert errors(validate(built.text, "permission")) == []


@PROPERTY_SETTINGS
@given(services=st.one_of(json_values, st.lists(json_values, max_size=3)))
def test_trust_policy_reports_problems_for_arbitrary_arguments_instead_of_raising(services: Any) -> None:
    built = trust_policy(services)
    if built.document is None:
        assert any(problem.is_error for problem in built.problems)
    else:
        assert errors(validate(built.text, "trust")) == []
