"""``canonicalize(text)``: one canonical JSON text for each meaning of a valid document."""

from typing import List, Optional, Tuple

from .model import PolicyDocument
from .problems import Problem, errors
from .validation import Kind, examine, parse


class DocumentError(ValueError):
    """A document RAM would reject; ``problems`` lists every error with its path."""

    def __init__(self, problems: List[Problem]) -> None:
        self.problems = problems
        super().__init__("invalid RAM document:\n" + "\n".join(f"  - {p}" for p in problems))


def infer_kind(text: str) -> Kind:
    """``"trust"`` when any statement names a Principal, else ``"permission"``."""
    try:
        tree = parse(text)
    except ValueError:
        return "permission"
    statements = tree.get("Statement") if isinstance(tree, dict) else None
    statements = statements if isinstance(statements, list) else [statements]
    return "trust" if any(isinstance(s, dict) and "Principal" in s for s in statements) else "permission"


def read_document(
    text: str, kind: Optional[Kind] = None, keep_duplicates: bool = False
) -> Tuple[List[Problem], Optional[PolicyDocument]]:
    """Every finding about ``text`` and, when RAM would accept it, its model; checked once.
    ``keep_duplicates`` keeps statements at their authored positions (see ``PolicyDocument``)."""
    problems, tree = examine(text, kind or infer_kind(text))
    if errors(problems):
        return problems, None
    return problems, PolicyDocument.from_tree(tree, keep_duplicates)


def load(text: str, kind: Optional[Kind] = None, keep_duplicates: bool = False) -> PolicyDocument:
    """Parse and check ``text``; raise :class:`DocumentError` when RAM would reject it."""
    problems, document = read_document(text, kind, keep_duplicates)
    if document is None:
        raise DocumentError(errors(problems))
    return document


def canonicalize(text: str, kind: Optional[Kind] = None) -> str:
    """The canonical text of a valid document: the same for every layout of the same meaning,
    and a fixed point (``canonicalize(canonicalize(t)) == canonicalize(t)``).

    ``kind`` defaults to ``"trust"`` when a statement names a Principal. Raises
    :class:`DocumentError` for a document RAM would reject."""
    return load(text, kind).render()
