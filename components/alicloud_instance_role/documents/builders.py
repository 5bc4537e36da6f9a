"""Documents built from plain arguments, checked with the caller's own argument paths.

``permission_policy`` turns ``{"effect", "actions", "resources", "conditions"}`` statements into
a document, ``trust_policy`` trusts services, ``operator_policy`` is the least-privilege grant
that lets a RAM user or group attach one role to instances. Each returns a :class:`Built`: the
document and every problem found, with paths in the caller's terms
(``[0].actions[1]`` rather than ``Statement[0].Action[1]``).
"""

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import grammar
from .model import PolicyDocument
from .problems import Problem
from .validation import Kind, size_problem, validate_tree

DEFAULT_TRUSTED_SERVICES: Tuple[str, ...] = ("ecs.aliyuncs.com",)

#: What an operator needs besides ``ram:PassRole`` to bind a role to instances and look it up.
OPERATOR_INSTANCE_ACTIONS: Tuple[str, ...] = (
    "ecs:AttachInstanceRamRole",
    "ecs:DescribeInstanceRamRole",
    "ecs:DetachInstanceRamRole",
)


# Where each document element came from in a statement given as plain arguments.
_SPEC_KEYS = {"effect": "Effect", "actions": "Action", "resources": "Resource", "conditions": "Condition"}
_ELEMENT_TO_SPEC = {element: key for key, element in _SPEC_KEYS.items()}


@dataclass(frozen=True)
class Built:
    """A document built from arguments, and the problems found in those arguments."""

    document: Optional[PolicyDocument]
    problems: Tuple[Problem, ...]
    rendered: str = ""
    """The canonical text, rendered once while checking its size."""
    written: Optional[PolicyDocument] = None
    """The document with every statement where the arguments put it (identical ones not merged),
    so findings can name ``[n]`` as given."""

    @property
    def text(self) -> str:
        """The canonical text (only for a document without errors)."""
        if self.document is None:
            raise ValueError("the document has errors: " + "; ".join(map(str, self.problems)))
        return self.rendered


def _build(tree: Dict[str, Any], kind: Kind, spec_path: Any, found: List[Problem]) -> Built:
    for problem in validate_tree(tree, kind):
        found.append(Problem(problem.code, spec_path(problem.path), problem.message))
    if any(p.is_error for p in found):
        return Built(None, tuple(found))
    written = PolicyDocument.from_tree(tree, keep_duplicates=True)
    document = written.distinct()
    text = document.render()
    too_large = size_problem(text)
    if too_large is not None:
        return Built(None, (*found, too_large))
    return Built(document, tuple(found), text, written)


_STATEMENT_PATH = re.compile(r"Statement\[(\d+)\](?:\.(\w+))?(.*)")


def _statement_spec_path(path: str) -> str:
    match = _STATEMENT_PATH.fullmatch(path)
    if match is None:
        return ""
    index, element, rest = match.groups()
    if element is None:
        return f"[{index}]"
    return f"[{index}].{_ELEMENT_TO_SPEC.get(element, element)}{rest}"


def permission_policy(statements: Any) -> Built:
    """A permission policy from ``{effect, actions, resources, conditions}`` mappings (``effect``
    defaults to ``"Allow"``). Problem paths are relative to
    the list: ``[0].actions[1]``."""
    found: List[Problem] = []
    if not isinstance(statements, (list, tuple)) or not statements:
        found.append(
            Problem("RAM103", "", "give at least one statement as a list of {effect, actions, resources, conditions}")
        )
        return Built(None, tuple(found))
    tree_statements: List[Any] = []
    for index, spec in enumerate(statements):
        if not isinstance(spec, Mapping):
            tree_statements.append(spec)  # validation names it, at this index, as not an object
            continue
        for key in spec:
            if key not in _SPEC_KEYS:
                found.append(
                    Problem(
                        "RAM104",
                        f"[{index}].{key}",
                        f"unknown key {key!r}; a statement has {', '.join(_SPEC_KEYS)}",
                    )
                )
        element: Dict[str, Any] = {"Effect": spec.get("effect", "Allow")}
        for key in ("actions", "resources", "conditions"):
            if spec.get(key) is not None:
                element[_SPEC_KEYS[key]] = spec[key]
        for key in ("actions", "resources"):
            if isinstance(spec.get(key), str):
                found.append(Problem("RAM119", f"[{index}].{key}", f"{key} is a list of strings, got a single string"))
        tree_statements.append(element)
    return _build({"Version": grammar.VERSION, "Statement": tree_statements}, "permission", _statement_spec_path, found)


def trust_policy(services: Sequence[str] = DEFAULT_TRUSTED_SERVICES) -> Built:
    """A trust policy letting ``services`` (``ecs.aliyuncs.com`` by default) assume the role.
    Problem paths are relative to the list of services: ``[1]``."""
    found: List[Problem] = []
    if isinstance(services, str) or not isinstance(services, (list, tuple)):
        found.append(
            Problem("RAM119", "", f"a list of services such as ['ecs.aliyuncs.com'], got {type(services).__name__}")
        )
        return Built(None, tuple(found))
    if not services:
        found.append(Problem("RAM111", "", "name at least one trusted service, such as ecs.aliyuncs.com"))
        return Built(None, tuple(found))
    tree = {
        "Version": grammar.VERSION,
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": list(services)}}],
    }

    def service_path(path: str) -> str:
        prefix = "Statement[0].Principal.Service"
        return path[len(prefix) :] if path.startswith(prefix) else ""

    return _build(tree, "trust", service_path, found)


def account_of(arn: str) -> Optional[str]:
    """The account ID inside an ``acs:`` ARN, or None when it has none."""
    account = grammar.arn_account(arn)
    return account if account not in (None, "", "*") else None


def operator_policy(role_arn: str) -> Built:
    """The least-privilege grant for attaching one role to ECS instances: ``ram:PassRole`` on
    exactly ``role_arn`` (never ``*``), and the ECS attach/detach/describe actions on the
    instances of the role's account."""
    found: List[Problem] = []
    if not isinstance(role_arn, str) or not grammar.names_one_role(role_arn):
        found.append(
            Problem("RAM109", "", f"{role_arn!r} is not one role's ARN (acs:ram::<account>:role/<name>, no wildcards)")
        )
        return Built(None, tuple(found))
    account = account_of(role_arn) or "*"
    tree = {
        "Version": grammar.VERSION,
        "Statement": [
            {"Effect": "Allow", "Action": ["ram:PassRole"], "Resource": [role_arn]},
            {
                "Effect": "Allow",
                "Action": list(OPERATOR_INSTANCE_ACTIONS),
                "Resource": [f"acs:ecs:*:{account}:instance/*"],
            },
        ],
    }
    return _build(tree, "permission", lambda path: path, found)


def provider_document(kind: str, fields: Mapping[str, Any]) -> str:
    """The document pulumi-alicloud sends RAM for a role or policy declared with the deprecated
    structured fields instead of JSON text: ``services`` and ``ramUsers`` of ``alicloud.ram.Role``
    (``kind="trust"``), ``statements`` of ``alicloud.ram.Policy`` (``kind="permission"``), as
    they arrive in a resource's properties. Values are placed as given; validation judges them."""
    if kind == "trust":
        # terraform-provider-alicloud alicloud/service_alicloud_ram_v2.go:1303 (AssembleRolePolicyDocument):
        # one Allow of sts:AssumeRole with Principal {"Service": services, "RAM": ram_users}. An empty
        # set goes as [] (common.go:300), which names no principal, so it is left out here.
        kinds = (("Service", "services"), ("RAM", "ramUsers"))
        principal = {kind: fields[name] for kind, name in kinds if fields.get(name)}
        statement: Dict[str, Any] = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}
        return json.dumps({"Statement": [statement], "Version": grammar.VERSION}, separators=(",", ":"))
    # alicloud/service_alicloud_ram_v2.go:599 (AssemblePolicyDocument): each statement block becomes
    # {Effect, Action: [...], Resource: [...]}; the deprecated `version` may only be "1"
    # (resource_alicloud_ram_policy.go:97).
    statements = fields.get("statements") or []
    tree = {
        "Statement": [
            {"Effect": item.get("effect"), "Action": item.get("actions"), "Resource": item.get("resources")}
            if isinstance(item, Mapping)
            else item
            for item in (statements if isinstance(statements, list) else [statements])
        ],
        "Version": grammar.VERSION,
    }
    return json.dumps(tree, separators=(",", ":"))
