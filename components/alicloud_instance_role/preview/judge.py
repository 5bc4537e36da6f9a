"""The guardrails' verdict on a set of planned resources, as ``pulumi preview --policy-pack`` gives it.

One home for running a pack over resources (the offline preview judges a program's plan with it,
``audit`` an account read as resources): the pack is started as the CLI starts it (this
package's own guardrails, or a pack folder with its own ``venv/``), configured from a
``--policy-pack-config`` file when one is given, asked about each resource (``Analyze``) and
about the whole stack (``AnalyzeStack``). The pack is named by ``name@version``, the version
being the one its ``PulumiPolicy.yaml`` declares, as the Pulumi CLI reports it.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

import grpc
import yaml

from .analyzer import (
    Diagnostic,
    PackStartError,
    PolicyConfig,
    analyze,
    analyze_stack,
    configure,
    get_info,
    start_pack,
    start_packaged_pack,
)
from .analyzer import PlannedResource as PlannedResource

__all__ = ["Judgement", "PackConfigError", "PackStartError", "judge", "read_pack_config"]


class PackConfigError(ValueError):
    """A ``--policy-pack-config`` file that cannot be read or that the pack refuses."""


@dataclass
class Judgement:
    """What a pack said about some resources."""

    pack: str
    """``<name>@<version>`` of the pack that judged."""
    diagnostics: List[Dict[str, Any]] = field(default_factory=list)
    """One entry per violation: policy, level, resource (logical name), urn, message, description, pack."""

    @property
    def mandatory(self) -> int:
        """How many violations stop ``pulumi up``."""
        return sum(1 for d in self.diagnostics if d["level"] == "mandatory")


def read_pack_config(path: Path) -> PolicyConfig:
    """A ``--policy-pack-config`` file (JSON, as the Pulumi CLI takes it; YAML also read):
    ``{"all": "<level>", "<rule>": "<level>" or {"enforcementLevel": ..., "<setting>": ...}}``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PackConfigError(f"--policy-pack-config {path}: cannot read it ({error.strerror})") from None
    try:
        config = json.loads(text)
    except ValueError:
        try:
            config = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise PackConfigError(f"--policy-pack-config {path}: neither JSON nor YAML ({error})") from None
    if not isinstance(config, dict):
        raise PackConfigError(f"--policy-pack-config {path}: expected an object of rule -> level or settings")
    return config


def _declared_version(pack_dir: Optional[Path]) -> Optional[str]:
    """The ``version`` a pack folder's ``PulumiPolicy.yaml`` declares: the one the CLI reports
    (``pulumi_policy`` itself always answers 0.0.1, leaving the version to that file)."""
    if pack_dir is None:
        from ..guardrails import pack_files

        return str(yaml.safe_load(pack_files()["PulumiPolicy.yaml"]).get("version"))
    try:
        declared = yaml.safe_load((Path(pack_dir) / "PulumiPolicy.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    version = declared.get("version") if isinstance(declared, dict) else None
    return str(version) if version is not None else None


def _diagnostic_json(diagnostic: Diagnostic, names: Mapping[str, str]) -> Dict[str, Any]:
    # The pack prefixes each message with the rule's description; keep them apart.
    detail = diagnostic.message
    if detail.startswith(diagnostic.description):
        detail = detail[len(diagnostic.description) :].strip() or detail
    return {
        "policy": diagnostic.policy,
        "level": diagnostic.level,
        "resource": names.get(diagnostic.urn, diagnostic.urn),
        "urn": diagnostic.urn,
        "message": detail,
        "description": diagnostic.description,
    }


def judge(
    resources: Sequence[PlannedResource],
    project: str,
    stack: str,
    pack_dir: Optional[Path] = None,
    pack_config: Optional[PolicyConfig] = None,
) -> Judgement:
    """Run the guardrails (``pack_dir``, else this package's own) over ``resources`` of
    ``project``/``stack`` during a preview, configured by ``pack_config`` when given. Raises
    :class:`PackStartError` when the pack does not start and :class:`PackConfigError` when it
    refuses the configuration."""
    names = {resource.urn: resource.name for resource in resources}
    found: List[Dict[str, Any]] = []
    env = {"PULUMI_PROJECT": project, "PULUMI_STACK": stack, "PULUMI_DRY_RUN": "true"}
    with start_pack(pack_dir, env=env) if pack_dir is not None else start_packaged_pack(env=env) as pack:
        if pack_config is not None:
            try:
                configure(pack.stub, pack_config)
            except ValueError as error:
                raise PackConfigError(f"--policy-pack-config: {error}") from None
            except grpc.RpcError as error:
                # The pack checks each rule's settings against its schema and refuses a wrong one.
                raise PackConfigError(f"--policy-pack-config: the pack refused it: {error.details()}") from None
        for resource in resources:
            for diagnostic in analyze(pack.stub, resource):
                # Analyze answers about the resource it was asked about.
                found.append(_diagnostic_json(diagnostic, names) | {"resource": resource.name, "urn": resource.urn})
        found += [_diagnostic_json(d, names) for d in analyze_stack(pack.stub, resources)]
        info = get_info(pack.stub)
    pack_name = f"{info.name}@{_declared_version(pack_dir) or info.version}"
    for item in found:
        item["pack"] = pack_name
    return Judgement(pack_name, found)
