"""``audit``: every role, Custom policy, policy attachment and instance binding of an account,
judged by the same guardrails as the pack and shown as the preview shows a plan, with "what
each role may do". Exit status 0, 1 (a mandatory guardrail is violated) or 2, as the preview's."""

from pathlib import Path
from typing import Optional, TextIO

from ..preview.analyzer import PolicyConfig
from ..preview.command import report
from ..preview.judge import judge
from .as_plan import account_plan
from .model import Account


def audit(
    account: Account,
    out: TextIO,
    as_json_document: bool = False,
    pack_dir: Optional[Path] = None,
    pack_config: Optional[PolicyConfig] = None,
) -> int:
    """Judge ``account`` with the guardrails (``pack_dir``, else this package's own) and write
    the verdicts to ``out``; return the exit status (0 or 1). Raises the preview's
    ``PackStartError`` and ``PackConfigError``."""
    plan = account_plan(account)
    judgement = judge(plan.resources, plan.project, plan.stack, pack_dir, pack_config)
    return report(plan, judgement, out, as_json_document)
