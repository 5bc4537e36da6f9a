"""What stopped the preview (exit 2), as objects a CI can read:
``{"path", "code", "message", "resource"}``, each None where it does not apply.

An error of the program is reported problem by problem when it follows this protocol: the
exception has ``problems``, a sequence whose items have ``path`` and ``message`` (text) and may
have ``code`` (a stable code such as ``RAM107``) and ``resource`` (the logical name of the
resource or component the problem is about); the exception's own ``resource`` stands in for
items without one. The component's ``InstanceRoleArgsError`` (path: the argument path;
resource: the component's name) and this repository's stack settings errors (path: the config
path) follow it, and so may a team's own errors: subclass ``pulumi.RunError`` so that
``pulumi up`` prints the message without a traceback, and give it ``problems``.

Anything else the program raises is one object whose message is what the Pulumi CLI would print
(the message of a ``pulumi.RunError``, else the traceback). A project or stack file that cannot
be read is one object whose path is the file; a policy pack that does not start, or refuses its
``--policy-pack-config``, one object whose path is the folder or file given.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ..documents.problems import printable

__all__ = ["PreviewError", "program_errors", "reported_problems"]


def _text(value: Any) -> Optional[str]:
    """``value`` as JSON-safe text (a lone surrogate escaped), or None when it is not text."""
    return printable(value) if isinstance(value, str) else None


@dataclass(frozen=True)
class PreviewError:
    """One error of the preview."""

    message: str
    """What is wrong (for a problem, without its path)."""
    path: Optional[str] = None
    """Where: an argument or config path (``alicloud-instance-role:roles.app.instance_ids[0]``),
    a file (``Pulumi.dev.yaml``) or a folder."""
    code: Optional[str] = None
    """The stable code of the rule broken (``RAM107``)."""
    resource: Optional[str] = None
    """The logical name of the resource or component it is about."""

    def as_json(self) -> Dict[str, Optional[str]]:
        """The JSON object: path, code, message, resource."""
        return {"path": self.path, "code": self.code, "message": self.message, "resource": self.resource}


def _problem(item: Any, resource: Optional[str]) -> Optional[PreviewError]:
    path, message = _text(getattr(item, "path", None)), _text(getattr(item, "message", None))
    if path is None or message is None:
        return None
    own = _text(getattr(item, "resource", None))
    # An empty path is about the whole of something (a document): no path to point at.
    return PreviewError(message, path or None, _text(getattr(item, "code", None)) or None, own or resource)


def reported_problems(error: BaseException) -> List[PreviewError]:
    """One error per problem ``error`` reports by the protocol above (every item with a path and
    a message); empty when it does not follow it."""
    problems = getattr(error, "problems", None)
    if isinstance(problems, Sequence) and not isinstance(problems, (str, bytes)) and problems:
        resource = _text(getattr(error, "resource", None))
        found = [_problem(item, resource) for item in problems]
        if all(item is not None for item in found):
            return [item for item in found if item is not None]
    return []


def program_errors(error: BaseException, text: str) -> List[PreviewError]:
    """The errors a program's ``error`` stands for: one per problem when it follows the
    protocol above, else one whose message is ``text`` (what the Pulumi CLI would print for it)."""
    return reported_problems(error) or [PreviewError(_text(text) or "")]
