"""RAM policy documents: a small model, validation, the canonical form, builders, and the
access engine that says what a document allows.

Pure Python (no Pulumi): the component, the stack program and the guardrail pack all use it,
so each RAM rule has exactly one implementation.

>>> from alicloud_instance_role.documents import validate, canonicalize
>>> [p.code for p in validate('{"Version": "1", "Statement": []}', "permission")]
['RAM103']
>>> canonicalize('{"Statement": {"Resource": "*", "Action": "oss:Get*", "Effect": "Allow"}, "Version": "1"}')
'{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:Get*"],"Resource":["*"]}]}'
"""

from .access import Access, Reach, covers_service
from .builders import (
    DEFAULT_TRUSTED_SERVICES,
    Built,
    operator_policy,
    permission_policy,
    trust_policy,
)
from .canonical import DocumentError, canonicalize, infer_kind, load, read_document
from .globs import covers, matches, overlaps
from .grammar import MAX_DOCUMENT_BYTES
from .model import PolicyDocument, Statement
from .problems import CODES, Problem, Severity, errors, join_path
from .validation import KINDS, Kind, validate

__all__ = [
    "CODES",
    "Access",
    "Reach",
    "covers",
    "covers_service",
    "matches",
    "overlaps",
    "DEFAULT_TRUSTED_SERVICES",
    "KINDS",
    "MAX_DOCUMENT_BYTES",
    "Built",
    "DocumentError",
    "Kind",
    "PolicyDocument",
    "Problem",
    "Severity",
    "Statement",
    "canonicalize",
    "errors",
    "infer_kind",
    "join_path",
    "load",
    "operator_policy",
    "permission_policy",
    "read_document",
    "trust_policy",
    "validate",
]
