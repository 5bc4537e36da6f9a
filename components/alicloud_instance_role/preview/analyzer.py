"""Talk to a CrossGuard policy pack the way the Pulumi CLI does, without the CLI.

:func:`start_pack` starts a pack as ``pulumi preview --policy-pack <dir>`` would: its own
virtualenv's Python runs ``-u -m pulumi.policy <engine> .`` from inside the pack directory, and
the first line it prints is the port of its analyzer. :func:`analyze`, :func:`analyze_stack`,
:func:`configure` and :func:`get_info` are the analyzer calls the engine makes; resources are
described as :class:`PlannedResource` values, with :data:`UNKNOWN` for values a preview cannot
know and :class:`Secret` for secret ones.

>>> with start_pack("policies") as pack:                                  # doctest: +SKIP
...     for diagnostic in analyze_stack(pack.stub, resources):
...         print(diagnostic.level, diagnostic.policy, diagnostic.message)
"""

import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from .. import wire
from ..plugin_process import PluginStartError, running_plugin

#: Pulumi's marker for a value not known until the update runs: put it in ``properties`` to mark one.
UNKNOWN = wire.UNKNOWN

# The pack parses an engine address but never calls it back for analysis; any host:port does.
_NO_ENGINE = "127.0.0.1:0"

#: Enforcement levels by their names in policy configuration files.
LEVELS: Dict[str, "analyzer_pb2.EnforcementLevel.ValueType"] = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}
_LEVEL_NAMES = {number: name for name, number in LEVELS.items()}


@dataclass(frozen=True)
class Secret:
    """A property value Pulumi keeps secret; sent to the pack marked as such."""

    value: Any


def make_urn(project: str, stack: str, type_: str, name: str, parent_types: Sequence[str] = ()) -> str:
    """The URN Pulumi gives a resource: ``urn:pulumi:<stack>::<project>::<parent types$...type>::<name>``."""
    qualified = "$".join([*parent_types, type_])
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


@dataclass
class PlannedResource:
    """One resource as the engine describes it to an analyzer.

    ``properties`` use the Pulumi schema names (``roleName``, not ``role_name``); values may be
    :data:`UNKNOWN` or :class:`Secret`. ``parent``, ``dependencies`` and the values of
    ``property_dependencies`` are URNs. ``provider`` is the provider resource, if any."""

    type: str
    name: str
    urn: str
    properties: Dict[str, Any] = field(default_factory=dict)
    parent: Optional[str] = None
    protect: bool = False
    dependencies: List[str] = field(default_factory=list)
    property_dependencies: Dict[str, List[str]] = field(default_factory=dict)
    provider: Optional["PlannedResource"] = None
    delete_before_replace: Optional[bool] = None

    def _options(self) -> analyzer_pb2.AnalyzerResourceOptions:
        return analyzer_pb2.AnalyzerResourceOptions(
            protect=self.protect,
            parent=self.parent or "",
            deleteBeforeReplace=bool(self.delete_before_replace),
            deleteBeforeReplaceDefined=self.delete_before_replace is not None,
        )

    def _provider(self) -> Optional[analyzer_pb2.AnalyzerProviderResource]:
        if self.provider is None:
            return None
        return analyzer_pb2.AnalyzerProviderResource(
            type=self.provider.type,
            urn=self.provider.urn,
            name=self.provider.name,
            properties=to_struct(self.provider.properties),
        )

    def to_analyze_request(self) -> analyzer_pb2.AnalyzeRequest:
        """The request that has this one resource checked (``Analyze``)."""
        return analyzer_pb2.AnalyzeRequest(
            type=self.type,
            name=self.name,
            urn=self.urn,
            properties=to_struct(self.properties),
            options=self._options(),
            provider=self._provider(),
        )

    def to_analyzer_resource(self) -> analyzer_pb2.AnalyzerResource:
        """This resource as one entry of an ``AnalyzeStack`` request."""
        return analyzer_pb2.AnalyzerResource(
            type=self.type,
            name=self.name,
            urn=self.urn,
            properties=to_struct(self.properties),
            options=self._options(),
            provider=self._provider(),
            parent=self.parent or "",
            dependencies=self.dependencies,
            propertyDependencies={
                key: analyzer_pb2.AnalyzerPropertyDependencies(urns=urns)
                for key, urns in self.property_dependencies.items()
            },
        )


def _wire(value: Any) -> Any:
    if isinstance(value, Secret):
        return wire.secret(_wire(value.value))
    if isinstance(value, Mapping):
        return {str(key): _wire(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    return value


def to_struct(properties: Mapping[str, Any]) -> struct_pb2.Struct:
    """``properties`` as the protobuf ``Struct`` the engine sends (numbers become doubles,
    :class:`Secret` values become Pulumi's secret marker, :data:`UNKNOWN` passes as it is)."""
    struct = struct_pb2.Struct()
    struct.update(_wire(properties))
    return struct


@dataclass(frozen=True)
class Diagnostic:
    """One violation reported by the pack."""

    policy: str
    """The rule's name, such as ``ram-pass-role-scoped``."""
    level: str
    """``"advisory"``, ``"mandatory"`` (``"disabled"`` and ``"remediate"`` do not reach here)."""
    message: str
    """The rule's description, then what is wrong with this resource."""
    urn: str
    """The resource at fault; empty for ``Analyze`` (the resource asked about)."""
    description: str
    """The rule's description alone."""

    @property
    def mandatory(self) -> bool:
        """True when this violation stops ``pulumi up``."""
        return self.level == "mandatory"


def _diagnostics(response: analyzer_pb2.AnalyzeResponse) -> List[Diagnostic]:
    return [
        Diagnostic(d.policyName, _LEVEL_NAMES[d.enforcementLevel], d.message, d.urn, d.description)
        for d in response.diagnostics
    ]


@dataclass(frozen=True)
class PolicyInfo:
    """One rule of a pack: its name, description, default level and settings schema."""

    name: str
    description: str
    level: str
    config_schema: Dict[str, Any]
    """Setting name -> JSON schema (with ``default``), empty for a rule without settings."""


@dataclass(frozen=True)
class PackInfo:
    """What a pack says about itself (``GetAnalyzerInfo``)."""

    name: str
    version: str
    policies: List[PolicyInfo]

    def policy(self, name: str) -> PolicyInfo:
        """The rule called ``name``; KeyError when the pack has none."""
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise KeyError(name)


def get_info(stub: analyzer_pb2_grpc.AnalyzerStub) -> PackInfo:
    """The pack's name, version and rules."""
    info = stub.GetAnalyzerInfo(empty_pb2.Empty())
    return PackInfo(
        name=info.name,
        version=info.version,
        policies=[
            PolicyInfo(
                name=p.name,
                description=p.description,
                level=_LEVEL_NAMES[p.enforcementLevel],
                config_schema=json_format.MessageToDict(p.configSchema.properties),
            )
            for p in info.policies
        ],
    )


def analyze(stub: analyzer_pb2_grpc.AnalyzerStub, resource: PlannedResource) -> List[Diagnostic]:
    """The violations of the pack's resource rules by one resource (the engine calls this for
    each resource before it is created or updated)."""
    return _diagnostics(stub.Analyze(resource.to_analyze_request()))


def analyze_stack(stub: analyzer_pb2_grpc.AnalyzerStub, resources: Sequence[PlannedResource]) -> List[Diagnostic]:
    """The violations of the pack's stack rules by the whole stack (the engine calls this once,
    after every resource)."""
    request = analyzer_pb2.AnalyzeStackRequest(resources=[r.to_analyzer_resource() for r in resources])
    return _diagnostics(stub.AnalyzeStack(request))


PolicyConfig = Mapping[str, Union[str, Mapping[str, Any]]]
"""A ``--policy-pack-config`` document: ``{"all": "<level>", "<rule>": "<level>" or
{"enforcementLevel": "<level>", "<setting>": value, ...}}``."""


def configure(stub: analyzer_pb2_grpc.AnalyzerStub, config: PolicyConfig) -> None:
    """Configure the pack as ``--policy-pack-config`` does: every rule gets its level (its own
    entry, else ``all``, else its default) and its settings (schema defaults, overridden by its
    entry). Raises ValueError for a rule or level the pack does not know."""
    info = get_info(stub)
    known = {p.name for p in info.policies}
    unknown_rules = sorted(set(config) - known - {"all"})
    if unknown_rules:
        raise ValueError(
            f"the pack {info.name} has no rule {', '.join(unknown_rules)}; it has {', '.join(sorted(known))}"
        )
    default_level = config.get("all")
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for policy in info.policies:
        entry = config.get(policy.name, {})
        settings = dict(entry) if isinstance(entry, Mapping) else {"enforcementLevel": entry}
        level = settings.pop("enforcementLevel", None) or default_level or policy.level
        if not isinstance(level, str) or level not in LEVELS:
            raise ValueError(f"{policy.name}: unknown enforcement level {level!r}; use one of {', '.join(LEVELS)}")
        properties = {name: schema["default"] for name, schema in policy.config_schema.items() if "default" in schema}
        properties.update(settings)
        request.policyConfig[policy.name].CopyFrom(
            analyzer_pb2.PolicyConfig(enforcementLevel=LEVELS[level], properties=to_struct(properties))
        )
    stub.Configure(request)


@dataclass
class RunningPack:
    """A policy pack process and a client for its analyzer."""

    process: "subprocess.Popen[bytes]"
    port: int
    channel: grpc.Channel
    stub: analyzer_pb2_grpc.AnalyzerStub


class PackStartError(PluginStartError):
    """The pack did not start; the message holds what it printed."""


def pack_python(pack_dir: Union[str, Path]) -> Path:
    """The Python of the pack's own virtualenv (``<pack>/venv``), which the CLI would use."""
    return Path(pack_dir) / "venv" / "bin" / "python"


@contextmanager
def start_pack(
    pack_dir: Union[str, Path],
    python: Union[str, Path, None] = None,
    env: Optional[Mapping[str, str]] = None,
    timeout: float = 30.0,
) -> Iterator[RunningPack]:
    """Start the pack in ``pack_dir`` as the Pulumi CLI does and stop it on exit.

    ``python`` defaults to the pack's own virtualenv (:func:`pack_python`); ``env`` adds to the
    environment (the CLI sets ``PULUMI_PROJECT``, ``PULUMI_STACK``, ...). Raises
    :class:`PackStartError` with the pack's output when it does not print its port in time."""
    pack_dir = Path(pack_dir).resolve()
    # absolute(), not resolve(): a virtualenv's python is a symlink that must stay the venv's.
    interpreter = Path(python).absolute() if python is not None else pack_python(pack_dir)
    if not interpreter.exists():
        raise PackStartError(f"no Python at {interpreter}; create the pack's venv/ from its requirements.txt")
    command = [str(interpreter), "-u", "-m", "pulumi.policy", _NO_ENGINE, "."]
    with running_plugin(command, pack_dir, "the policy pack", env, timeout, PackStartError) as plugin:
        yield RunningPack(plugin.process, plugin.port, plugin.channel, analyzer_pb2_grpc.AnalyzerStub(plugin.channel))


@contextmanager
def start_packaged_pack(env: Optional[Mapping[str, str]] = None, timeout: float = 30.0) -> Iterator[RunningPack]:
    """Start this package's own guardrails (:mod:`alicloud_instance_role.guardrails`) with the
    running Python, from a temporary pack folder, and stop them on exit."""
    from ..guardrails import pack_files

    with tempfile.TemporaryDirectory(prefix="alicloud-instance-role-pack-") as folder:
        for name, text in pack_files().items():
            Path(folder, name).write_text(text, encoding="utf-8")
        with start_pack(folder, python=sys.executable, env=env, timeout=timeout) as pack:
            yield pack
