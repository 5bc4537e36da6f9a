"""What the engine hands a stack's program: its names, its config as strings and its secret keys,
read from ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` as the Pulumi CLI reads them."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from ..offline_secrets import UNDECRYPTED_SECRET


class ConfigFileError(ValueError):
    """A project or stack file that cannot be read; the message names the file, and ``path``
    holds its name (``Pulumi.dev.yaml``; None for an error about no single file)."""

    def __init__(self, message: str, path: Optional[str] = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class StackConfig:
    """What the engine hands a program: names, config as strings, and the secret keys."""

    project: str
    stack: str
    values: Dict[str, str]
    secret_keys: Tuple[str, ...] = ()
    undecrypted: Tuple[str, ...] = ()
    """Config paths (``alicloud-instance-role:roles.app.session_policy``) of the ``secure:``
    values that could not be decrypted, each replaced by :data:`UNDECRYPTED_SECRET`."""


def _engine_string(value: Any) -> str:
    # The engine passes every config value as a string; objects and lists as compact JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _without_secrets(value: Any, path: str, found: List[str]) -> Any:
    """``value`` with each ``secure:`` leaf replaced by the offline sentinel; their paths go to ``found``."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        found.append(path)
        return UNDECRYPTED_SECRET
    if isinstance(value, dict):
        return {key: _without_secrets(item, f"{path}.{key}", found) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_secrets(item, f"{path}[{index}]", found) for index, item in enumerate(value)]
    return value


def stack_names(project_dir: Path) -> List[str]:
    """The stacks of the project in ``project_dir``, sorted: one per ``Pulumi.<stack>.yaml``."""
    return sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in project_dir.glob("Pulumi.*.yaml"))


def _read_yaml(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        stacks = stack_names(path.parent)
        known = f"; stacks here: {', '.join(stacks)}" if stacks else ""
        raise ConfigFileError(f"no such file in {path.parent}{known}", path.name) from None
    except yaml.YAMLError as exc:
        raise ConfigFileError(f"not valid YAML: {exc}", path.name) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError("expected a mapping at the top level", path.name)
    if not isinstance(data.get("config") or {}, dict):
        raise ConfigFileError("config: expected a mapping of key -> value", path.name)
    return data


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """The config the engine would give ``stack``: defaults declared in ``Pulumi.yaml``, then
    ``Pulumi.<stack>.yaml``. ``secure:`` values, which only the stack's secrets provider can
    decrypt, become :data:`~alicloud_instance_role.offline_secrets.UNDECRYPTED_SECRET` and their
    keys are marked secret."""
    project_file = _read_yaml(project_dir / "Pulumi.yaml")
    project = str(project_file.get("name", project_dir.name))
    values: Dict[str, str] = {}
    secret_keys: List[str] = []
    undecrypted: List[str] = []

    def full_key(key: str) -> str:
        return key if ":" in key else f"{project}:{key}"

    for key, declaration in (project_file.get("config") or {}).items():
        default = declaration.get("default", declaration.get("value")) if isinstance(declaration, dict) else declaration
        if default is not None:
            values[full_key(key)] = _engine_string(default)
    stack_file = _read_yaml(project_dir / f"Pulumi.{stack}.yaml")
    for key, value in (stack_file.get("config") or {}).items():
        secrets_before = len(undecrypted)
        values[full_key(key)] = _engine_string(_without_secrets(value, full_key(key), undecrypted))
        if len(undecrypted) > secrets_before:
            secret_keys.append(full_key(key))
    return StackConfig(project, stack, values, tuple(sorted(secret_keys)), tuple(undecrypted))
