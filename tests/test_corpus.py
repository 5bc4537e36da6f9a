"""The validator and the canonical form against the corpus of real RAM documents.

Every valid document must pass, every invalid one must fail with the right code; the corpus and
its SOURCES.md are read at test time.
"""

from pathlib import Path
from typing import Dict, FrozenSet, List, Tuple

import pytest

from alicloud_instance_role.documents import DocumentError, canonicalize, errors, infer_kind, validate

# Why each invalid corpus document must be refused: (code, path) of the error it must produce.
INVALID_CORPUS_EXPECTATIONS: Dict[str, Tuple[str, str]] = {
    "aldocs-passrole-with-js-comment.json": ("RAM100", ""),
    "aldocs-vpc-nbsp-indentation.json": ("RAM100", ""),
    "pr9949-effect-typo-alow.json": ("RAM105", "Statement[0].Effect"),
    "pr9949-missing-action-and-notaction.json": ("RAM106", "Statement[0]"),
}


def read_corpus_document(path: Path) -> str:
    """The document exactly as stored (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def corpus_files(root: Path, folder: str) -> List[Path]:
    return sorted((root / folder).glob("*.json"))


def _error_codes_and_paths(text: str, kind: str) -> List[Tuple[str, str]]:
    return [(p.code, p.path) for p in errors(validate(text, kind))]


def _assert_valid_or_only_redacted_principals(path: Path, kind: str, redacted: FrozenSet[str]) -> None:
    found = _error_codes_and_paths(read_corpus_document(path), kind)
    if path.name in redacted:
        assert found, f"{path.name} is listed as redacted, so its placeholder principal must be refused"
        assert all(code == "RAM115" and ".Principal." in where for code, where in found), found
    else:
        assert found == []


def test_every_corpus_document_has_a_row_in_sources_md(ram_policy_corpus: Path, corpus_rows: Dict[str, str]) -> None:
    folders = ("valid/permission", "valid/trust", "invalid")
    stored = {path.name for folder in folders for path in corpus_files(ram_policy_corpus, folder)}
    assert stored
    assert stored - set(corpus_rows) == set()


def test_every_invalid_corpus_document_has_a_stated_expectation(ram_policy_corpus: Path) -> None:
    assert {path.name for path in corpus_files(ram_policy_corpus, "invalid")} == set(INVALID_CORPUS_EXPECTATIONS)


def test_valid_permission_document_has_no_errors(valid_permission_file: Path, corpus_redacted: FrozenSet[str]) -> None:
    _assert_valid_or_only_redacted_principals(valid_permission_file, "permission", corpus_redacted)


def test_valid_trust_document_has_no_errors(valid_trust_file: Path, corpus_redacted: FrozenSet[str]) -> None:
    _assert_valid_or_only_redacted_principals(valid_trust_file, "trust", corpus_redacted)


def test_the_redacted_oidc_trust_document_is_refused_for_its_placeholder_federated_principal(
    ram_policy_corpus: Path, corpus_redacted: FrozenSet[str]
) -> None:
    name = "pulumi-issue1176-getrole-returned-oidc.json"
    path = ram_policy_corpus / "valid" / "trust" / name
    if not path.exists():
        pytest.skip(f"{name} has been moved out of valid/trust")
    assert name in corpus_redacted
    found = _error_codes_and_paths(read_corpus_document(path), "trust")
    assert found == [("RAM115", "Statement[0].Principal.Federated[0]")]


def test_invalid_corpus_document_is_refused_with_its_expected_error(invalid_corpus_file: Path) -> None:
    code, where = INVALID_CORPUS_EXPECTATIONS[invalid_corpus_file.name]
    problems = validate(read_corpus_document(invalid_corpus_file), "permission")
    assert errors(problems), "RAM rejects this document, so the validator must report an error"
    assert (code, where, "error") in [(p.code, p.path, p.severity) for p in problems]


def test_valid_corpus_document_canonicalizes_to_a_valid_fixed_point(
    valid_corpus_file: Path, corpus_redacted: FrozenSet[str]
) -> None:
    kind = valid_corpus_file.parent.name
    text = read_corpus_document(valid_corpus_file)
    if valid_corpus_file.name in corpus_redacted:
        with pytest.raises(DocumentError):
            canonicalize(text, kind)
        return
    canonical = canonicalize(text, kind)
    assert canonicalize(canonical, kind) == canonical
    assert errors(validate(canonical, kind)) == []


def test_valid_corpus_document_is_recognised_as_its_own_kind(valid_corpus_file: Path) -> None:
    assert infer_kind(read_corpus_document(valid_corpus_file)) == valid_corpus_file.parent.name


def test_corpus_documents_identical_once_parsed_share_one_canonical_text(
    identical_corpus_group: Tuple[Path, ...],
) -> None:
    assert len(identical_corpus_group) >= 2
    canonical_texts = {canonicalize(read_corpus_document(path)) for path in identical_corpus_group}
    assert len(canonical_texts) == 1, canonical_texts
