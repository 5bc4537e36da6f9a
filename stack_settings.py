"""The stack program's settings: one schema for ``Pulumi.<stack>.yaml``, checked before any
resource is declared.

Settings live under the project's namespace (``alicloud-instance-role:``): ``roles`` maps a
role key to that role's settings, ``protect`` guards every role from ``pulumi destroy``. A
missing field, a wrong type or an unknown key (a typo) is reported with its full config path,
every problem at once.
"""

import json
from typing import Annotated, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

PROJECT = "alicloud-instance-role"

RoleKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,30}$")]
"""A role's key names its component and starts its physical names: lowercase, digits, '-'."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatementSettings(_Strict):
    """One statement of a role's custom policy."""

    effect: Literal["Allow", "Deny"] = "Allow"
    actions: List[str] = Field(min_length=1)
    resources: List[str] = Field(min_length=1)
    conditions: Optional[Dict[str, Dict[str, Any]]] = None


class RoleSettings(_Strict):
    """One ECS instance role: what it may do, which instances carry it, who may attach it."""

    adopt: Optional[StrictBool] = None
    """For a role made by hand: true imports it and its policy, attachments and bindings on the
    next ``pulumi up``; false once it is adopted (its names stay fixed)."""
    role_name: Optional[str] = None
    """The name of a role made by hand; only with ``adopt``."""
    policy_name: Optional[str] = None
    """The name of its custom policy; only with ``adopt``."""
    description: Optional[str] = None
    trusted_services: Optional[List[str]] = None
    # Strict: a JSON true is not the number 1 (pydantic would otherwise turn it into 1).
    max_session_duration: Optional[StrictInt] = None
    policy_statements: Optional[List[StatementSettings]] = None
    policy_document: Optional[str] = None
    system_policies: List[str] = []
    custom_policies: List[str] = []
    system_policy_quota: Optional[StrictInt] = None
    custom_policy_quota: Optional[StrictInt] = None
    instance_ids: List[str] = []
    session_policy: Optional[str] = None
    operator_users: List[str] = []
    operator_groups: List[str] = []
    tags: Dict[str, str] = {}

    @field_validator("role_name", "policy_name")
    @classmethod
    def _only_when_adopting(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        # A stack's own names are scoped by stack, so stacks sharing an account never collide;
        # a fixed name is for a role that existed before the stack. Once adopted it keeps that
        # name (adopt: false): a scoped name would replace the role and rebind every instance.
        if value is not None and "adopt" in info.data and info.data["adopt"] is None:
            raise PydanticCustomError(
                "adopt_only",
                "a fixed name is only for a role made by hand: set adopt (true to import it on the next "
                "`pulumi up`, false once it is adopted); otherwise names are scoped by stack so stacks "
                "sharing an account never collide",
            )
        return value

    def component_args(self) -> Dict[str, Any]:
        """The role as ``InstanceRoleArgs``: only the settings that were given."""
        args = self.model_dump(exclude_none=True, exclude_defaults=True)
        if self.policy_statements is not None:
            args["policy_statements"] = [s.model_dump(exclude_none=True) for s in self.policy_statements]
        return args


class StackSettings(_Strict):
    """Everything the stack program reads from config."""

    roles: Dict[RoleKey, RoleSettings] = Field(min_length=1)
    protect: bool = False


class SettingsError(ValueError):
    """Settings that do not fit the schema; the message lists every problem by config path."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(f"the stack's config has {count}; nothing was created:\n{lines}")


def _config_path(location: Tuple[Any, ...]) -> str:
    path = f"{PROJECT}:{location[0]}" if location else PROJECT
    for part in location[1:]:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += " (key)"
        else:
            path += f".{part}"
    return path


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown setting; check its spelling"
    if error["type"] == "missing":
        return "required setting is missing"
    if error["type"] == "int_type" and isinstance(error.get("input"), bool):
        return f"expected a whole number, got a boolean ({json.dumps(error['input'])})"
    if error["type"] == "string_pattern_mismatch":
        return (
            "a role key has 1-31 lowercase letters, digits and '-', starting with a letter or digit "
            "(this stack's own rule, stricter than RAM's for role names: the key names the component "
            "and starts its physical names, which must fit every RAM name rule)"
        )
    return str(error["msg"])


def parse(config: Mapping[str, str]) -> StackSettings:
    """Check the config of the project namespace (``{"alicloud-instance-role:roles": "<json>"}``
    as the engine passes it: every value a string, objects as JSON). Raises
    :class:`SettingsError` naming every problem by its config path."""
    raw: Dict[str, Any] = {}
    problems: List[str] = []
    for key, value in config.items():
        namespace, _, name = key.partition(":")
        if namespace != PROJECT:
            continue
        if name == "roles":
            try:
                raw[name] = json.loads(value)
            except ValueError:
                problems.append(f"{key}: expected an object of role settings, got {value!r}")
                raw[name] = {"": {}}  # a stand-in, so the other settings are still checked
        else:
            raw[name] = value
    try:
        settings = StackSettings.model_validate(raw)
    except ValidationError as exc:
        problems += [
            f"{_config_path(tuple(e['loc']))}: {_message(e)}"
            for e in exc.errors()
            if not (problems and e["loc"][:1] == ("roles",))
        ]
    if problems:
        raise SettingsError(problems)
    return settings
