"""The stack program's settings: one schema for ``Pulumi.<stack>.yaml``, checked before any
resource is declared.

Settings live under the project's namespace (``alicloud-instance-role:``): ``roles`` maps a
role key to that role's settings, ``protect`` guards every role from ``pulumi destroy``. A
missing field, a wrong type or an unknown key (a typo, with the setting it was probably meant
to be) is reported with its full config path, every problem at once; so is a key under a
misspelt namespace (``alicloud-instance-rol:roles``); so is an instance bound by two roles (an
ECS instance holds one RAM role at a time). :func:`read` also returns each role's valid
settings, so the component's own checks can report their problems in the same round.

Each problem is a :class:`SettingProblem` (config path, message, RAM code when it has one), and
:class:`SettingsError` carries them as ``problems``: the offline preview reports them one object
each in its ``--json`` errors.
"""

import copy
import difflib
import json
from dataclasses import dataclass
from typing import Annotated, Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union, get_args, get_origin

import pulumi
from pydantic import (
    AfterValidator,
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

from alicloud_instance_role.arguments import did_you_mean
from alicloud_instance_role.documents.problems import printable
from alicloud_instance_role.naming import instance_id_problem

PROJECT = "alicloud-instance-role"

RoleKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,30}$")]
"""A role's key names its component and starts its physical names: lowercase, digits, '-'."""


def _instance_id(value: str) -> str:
    problem = instance_id_problem(value)
    if problem is not None:
        raise PydanticCustomError("ecs_instance_id", problem)
    return value


InstanceId = Annotated[str, AfterValidator(_instance_id)]
"""An ECS instance ID, checked by the package's one rule: ``i-`` then lowercase letters and digits."""


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
    force_delete_adopted_policy: Optional[StrictBool] = None
    """With ``adopt: true`` and ``policy_name``: deleting the adopted policy detaches it from
    every principal in the account first; default false."""
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
    instance_ids: List[InstanceId] = []
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


@dataclass(frozen=True)
class SettingProblem:
    """One problem of the stack's config: its config path
    (``alicloud-instance-role:roles.app.instance_ids[0]``), what is wrong, and the RAM code of
    the rule it breaks when it has one (``RAM107``; None for a schema problem)."""

    path: str
    message: str
    code: Optional[str] = None

    def __str__(self) -> str:
        # A path may hold a key that is not Unicode text (RAM128); printing it must not fail.
        return printable(f"{self.path}: {self.message}" + (f" [{self.code}]" if self.code else ""))


class SettingsError(pulumi.RunError):
    """Settings that do not fit the schema; the message lists every problem by config path, and
    ``problems`` holds them as :class:`SettingProblem`. A ``pulumi.RunError``, so ``pulumi up``
    prints the message without a Python traceback."""

    def __init__(self, problems: Sequence[SettingProblem]) -> None:
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


def _model(annotation: Any) -> Any:
    """``annotation`` without ``Optional``."""
    inner = [arg for arg in get_args(annotation) if arg is not type(None)]
    return _model(inner[0]) if get_origin(annotation) is Union and len(inner) == 1 else annotation


def _settings_at(location: Tuple[Any, ...]) -> Sequence[str]:
    """The setting names allowed beside the last part of ``location`` (a pydantic error location)."""
    current: Any = StackSettings
    for part in location[:-1]:
        current = _model(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return ()
            current = field.annotation
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]  # the item of a list, the value of a mapping
        else:
            return ()
    current = _model(current)
    return tuple(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else ()


def _message(error: Mapping[str, Any], secret: bool) -> str:
    if error["type"] == "extra_forbidden":
        location = tuple(error["loc"])
        return f"unknown setting; {did_you_mean(str(location[-1]), _settings_at(location), 'setting')}"
    if error["type"] == "missing":
        return "required setting is missing"
    if error["type"] == "int_type" and isinstance(error.get("input"), bool):
        return "expected a whole number, got a boolean" + ("" if secret else f" ({json.dumps(error['input'])})")
    if error["type"] == "ecs_instance_id" and secret:
        return "not an ECS instance ID (the value is secret)"
    if error["type"] == "string_pattern_mismatch":
        return (
            "a role key has 1-31 lowercase letters, digits and '-', starting with a letter or digit "
            "(this stack's own rule, stricter than RAM's for role names: the key names the component "
            "and starts its physical names, which must fit every RAM name rule)"
        )
    return str(error["msg"])


@dataclass(frozen=True)
class Reading:
    """What :func:`read` made of a stack's config."""

    settings: Optional[StackSettings]
    """The settings; None when there is any problem."""
    roles: Dict[str, RoleSettings]
    """Each role's settings without the ones that have a problem, for the component to check."""
    problems: List[SettingProblem]
    """Every problem, by config path."""


#: Config namespaces of this stack's providers and of Pulumi itself.
OTHER_NAMESPACES = ("alicloud", "pulumi")


def read(config: Mapping[str, str], secret: bool = False) -> Reading:
    """Check the config (``{"alicloud-instance-role:roles": "<json>"}`` as the engine passes
    it: every value a string, objects as JSON), naming every problem by its config path (and,
    when the roles are ``secret``, by the rule it breaks, never the value)."""
    raw: Dict[str, Any] = {}
    problems: List[SettingProblem] = []
    roles_unreadable = False
    for key, value in config.items():
        namespace, _, name = key.partition(":")
        if namespace != PROJECT:
            if namespace not in OTHER_NAMESPACES and difflib.get_close_matches(namespace, [PROJECT], cutoff=0.8):
                problems.append(
                    SettingProblem(key, f"unknown config namespace {namespace!r}; did you mean '{PROJECT}:{name}'?")
                )
            continue
        if name == "roles":
            try:
                raw[name] = json.loads(value)
            except ValueError:
                shown = "a secret value" if secret else repr(value)
                problems.append(SettingProblem(key, f"expected an object of role settings, got {shown}"))
                raw[name], roles_unreadable = {}, True  # a stand-in, so the other settings are still checked
        else:
            raw[name] = value
    settings: Optional[StackSettings] = None
    schema_errors: List[Any] = []
    try:
        settings = StackSettings.model_validate(raw)
    except ValidationError as exc:
        schema_errors = [e for e in exc.errors() if not (roles_unreadable and e["loc"][:1] == ("roles",))]
    problems += [SettingProblem(_config_path(tuple(e["loc"])), _message(e, secret)) for e in schema_errors]
    problems += shared_instances(raw.get("roles"), secret)
    roles = {} if roles_unreadable else _valid_parts(raw.get("roles"), schema_errors)
    return Reading(None if problems else settings, roles, problems)


def shared_instances(roles: Any, secret: bool = False) -> List[SettingProblem]:
    """An instance listed in ``instance_ids`` of two roles, one problem at each later listing
    naming the first. An ECS instance holds one RAM role at a time: AttachInstanceRamRole fails
    for an instance that holds one already, so the second binding would fail mid-deployment.
    (A role listing an instance twice is the component's to report.)"""
    if not isinstance(roles, dict):
        return []
    first: Dict[str, Tuple[str, str]] = {}  # instance ID -> (role key, config path)
    problems = []
    for key, role in roles.items():
        ids = role.get("instance_ids") if isinstance(role, dict) else None
        for index, instance in enumerate(ids if isinstance(ids, list) else []):
            if not isinstance(instance, str):
                continue
            path = f"{PROJECT}:roles.{key}.instance_ids[{index}]"
            bound = first.setdefault(instance, (str(key), path))
            if bound[0] != key:
                shown = "this instance" if secret else f"instance {instance}"
                problems.append(
                    SettingProblem(
                        path,
                        f"{shown} is bound by {bound[1]} too; an ECS instance holds one RAM role at a time "
                        "(attaching a second fails): bind it to one role",
                        "RAM122",
                    )
                )
    return problems


def _valid_parts(roles: Any, schema_errors: Sequence[Any]) -> Dict[str, RoleSettings]:
    """Each role's settings less what the schema refused: unknown keys are left out where they
    stand (a misspelt key in a statement leaves the rest of the statement to check), and a
    setting with any other problem is left out whole."""
    if not isinstance(roles, dict):
        return {}
    valid = {}
    for key, role in roles.items():
        if not isinstance(role, dict):
            continue
        errors = [(tuple(e["loc"][2:]), e["type"]) for e in schema_errors if tuple(e["loc"][:2]) == ("roles", key)]
        kept = copy.deepcopy(role)
        for location, kind in errors:
            if kind == "extra_forbidden":
                _parent(kept, location).pop(location[-1], None)
        refused = {location[0] for location, kind in errors if location and kind != "extra_forbidden"}
        try:
            valid[key] = RoleSettings.model_validate({name: v for name, v in kept.items() if name not in refused})
        except ValidationError:
            continue  # a problem the schema reported at the role itself
    return valid


def _parent(tree: Any, location: Sequence[Any]) -> Any:
    """The mapping or list that holds the item at ``location`` inside ``tree``."""
    for part in location[:-1]:
        tree = tree[part]
    return tree
