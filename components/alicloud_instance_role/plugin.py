"""InstanceRoleComponent for every Pulumi language: the provider that ``plugin/`` hosts.

``pulumi package add <this repository>/plugin`` starts ``plugin/__main__.py``, which calls
:func:`serve`. The CLI generates an SDK in the user's language from the schema (``GetSchema``),
and every ``InstanceRoleComponent`` that SDK declares becomes a ``Construct`` call here.

This is ``pulumi.provider.experimental.ComponentProvider`` with these repairs, read in pulumi 3.237
(the floor in pyproject.toml) and 3.272, whose ``pulumi/provider/experimental/`` differ in one line
(``component.py:88``, how a type token is split) that changes none of them:

- Bad arguments are refused before anything is registered: gRPC ``INVALID_ARGUMENT`` with one
  ``InputPropertiesError`` entry per problem, its path in schema spelling
  (``policyStatements[0].actions[1]``). That covers inputs the schema lacks and a string where
  an object belongs (the SDK would drop the first and turn the second into ``{}`` silently), an
  Output where the schema wants a plain value, and every error of the component's own
  :func:`~alicloud_instance_role.instance_role.check`, on Outputs too: their values are known
  when ``Construct`` is called (only a preview leaves some unknown). Left to the SDK, an error
  raised in the component's ``__init__`` reaches the user as ``UNKNOWN`` with a Python traceback.
- Numbers arrive as floats (protobuf has no integers); integral floats on integer inputs become
  ``int``, inside Outputs too.
- Descriptions are plain Markdown in schema spelling (``policyStatements``, not
  ``policy_statements``), whatever the docstrings they come from; object types lose the
  Python ``Args`` suffix the SDKs would double (``PolicyStatement``, whose input type is
  ``PolicyStatementArgs`` in every SDK).
"""

import asyncio
import contextlib
import inspect
import json
import re
from typing import Any, Dict, List, Mapping, Sequence, cast

import grpc.aio
import pulumi
from pulumi.errors import InputPropertyErrorDetails
from pulumi.output import Inputs
from pulumi.provider.experimental.analyzer import PropertyDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from . import __version__
from .arguments import did_you_mean
from .documents.findings import finding
from .documents.problems import Problem, join_path
from .instance_role import TYPE_TOKEN, InstanceRoleArgs, InstanceRoleComponent, check, problems_summary

#: The package name, the first part of the type token.
PACKAGE = TYPE_TOKEN.split(":")[0]
#: Prefixes the generated SDKs' names, so that none looks like Pulumi's own or Alibaba's:
#: ``@platform/alicloud-instance-role`` on npm (``@pulumi/...`` without a namespace), the C#
#: namespace ``Platform.AlicloudInstanceRole``, the Go module ``github.com/platform/...``.
NAMESPACE = "platform"


class InstanceRoleProvider(ComponentProvider):
    """``ComponentProvider`` serving InstanceRoleComponent, with the repairs of this module."""

    def __init__(self) -> None:
        super().__init__([InstanceRoleComponent], PACKAGE, namespace=NAMESPACE, version=__version__)
        self._definition = self._component_defs[InstanceRoleComponent.__name__]
        renames = {**self._definition.inputs_mapping, **self._definition.outputs_mapping}
        for type_definition in self._type_defs.values():
            renames.update(type_definition.properties_mapping)
        self._schema_names = {python: schema for schema, python in renames.items() if python != schema}
        longest_first = sorted(self._schema_names, key=len, reverse=True)
        self._python_names = re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b")
        served = self._readable(json.loads(self.schema or "{}"))
        served["types"] = {_sdk_type_name(token): spec for token, spec in served.get("types", {}).items()}
        self.schema = json.dumps(served)

    def in_schema_spelling(self, text: str) -> str:
        """``text`` with every Python argument or output name (``policy_statements``) in its
        schema spelling (``policyStatements``)."""
        return self._python_names.sub(lambda match: self._schema_names[match.group(0)], text)

    async def problems(self, name: str, inputs: Inputs) -> List[Problem]:
        """Every problem with the arguments of InstanceRoleComponent ``name``, paths in schema
        spelling. ``inputs`` are as the SDK's ``Construct`` hands them to :meth:`construct`.
        A problem with a secret value says which rule it breaks, without the value."""
        secrets: List[str] = []
        values = {key: await _known(value, key, secrets) for key, value in inputs.items()}
        refused = list(dict.fromkeys(self._shape_problems(inputs, self._definition.inputs, "")))
        refused += [p for p in self._shape_problems(values, self._definition.inputs, "") if p not in refused]
        arguments = cast(InstanceRoleArgs, self.map_inputs(values, self._definition))
        checked = [self._schema_problem(p) for p in check(name, arguments)]
        # A value refused here reaches check as the SDK maps it ({} for a string): say it once.
        found = refused + [p for p in checked if not any(_within(p.path, r.path) for r in refused)]
        return [_without_value(p) if any(_overlap(p.path, s) for s in secrets) else p for p in found]

    def map_input_properties(
        self,
        inputs: Inputs,
        properties: Dict[str, PropertyDefinition],
        mapping: Dict[str, str],
        component_name: str,
        property_path: str,
    ) -> Inputs:
        # The SDK's own mapping of integers keeps the float it converted, and calls int() on an
        # Output (pulumi/provider/experimental/component.py:276-287, the same in 3.237 and 3.272): map them here.
        given = inputs if isinstance(inputs, dict) else {}
        integers = [k for k, p in properties.items() if p.type == PropertyType.INTEGER and given.get(k) is not None]
        others = {k: p for k, p in properties.items() if k not in integers}
        mapped = dict(super().map_input_properties(inputs, others, mapping, component_name, property_path))
        for key in integers:
            value = given[key]
            mapped[mapping[key]] = value.apply(_whole) if isinstance(value, pulumi.Output) else _whole(value)
        return mapped

    def _shape_problems(
        self, values: Mapping[str, Any], properties: Dict[str, PropertyDefinition], path: str
    ) -> List[Problem]:
        """What the SDK's mapping would lose silently: unknown inputs, a non-object where an
        object type belongs; and Outputs where the schema wants plain values."""
        problems = []
        for key in values:
            # Keys starting with "__" are the engine's own, not inputs.
            if key not in properties and not key.startswith("__"):
                what = "field" if path else "input"
                hint = did_you_mean(key, list(properties), what)
                problems.append(Problem("RAM124", join_path(path, key), f"unknown {what} {key!r}; {hint}"))
        for key, prop in properties.items():
            if values.get(key) is not None:
                problems += self._value_problems(values[key], prop, join_path(path, key))
        return problems

    def _value_problems(self, value: Any, prop: PropertyDefinition, path: str) -> List[Problem]:
        if isinstance(value, pulumi.Output):
            why = "an Output cannot be used here: the value must be known when the program runs"
            return [Problem("RAM125", path, why)] if prop.plain else []
        if prop.ref:
            type_definition = self.get_type_definition(prop)
            if type_definition is None or type_definition.enum:
                return []
            if not isinstance(value, Mapping):
                fields = ", ".join(type_definition.properties)
                message = f"expected an object ({fields}), got {_kind(value)}"
                return [Problem("RAM119", path, message)]
            return self._shape_problems(value, type_definition.properties, path)
        if prop.items is not None and isinstance(value, list):
            return [p for i, item in enumerate(value) for p in self._value_problems(item, prop.items, f"{path}[{i}]")]
        if prop.additional_properties is not None and isinstance(value, Mapping):
            inner = prop.additional_properties
            return [p for k, item in value.items() for p in self._value_problems(item, inner, join_path(path, k))]
        return []

    def _schema_problem(self, problem: Problem) -> Problem:
        # Only the argument name is translated: deeper parts are statement fields (one word in
        # either spelling) or keys the user chose (instances.web, tags.team).
        argument = re.match(r"\w+", problem.path)
        path = problem.path
        if argument and argument.group(0) in self._schema_names:
            path = self._schema_names[argument.group(0)] + path[argument.end() :]
        return Problem(problem.code, path, self.in_schema_spelling(problem.message))

    def _readable(self, node: Any) -> Any:
        """The schema with every description in plain Markdown and schema spelling, and
        references to object types without the Python class's `Args` suffix: the SDKs add their
        own (`PolicyStatementArgs` would be `PolicyStatementArgsArgs` in Go, C#, Java and
        TypeScript). Type names never cross the wire, so Construct is unaffected."""
        if isinstance(node, dict):
            return {key: self._tidy(key, value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._readable(item) for item in node]
        return node

    def _tidy(self, key: str, value: Any) -> Any:
        if key == "description" and isinstance(value, str):
            return self._markdown(value)
        if key == "$ref" and isinstance(value, str):
            return _sdk_type_name(value)
        return self._readable(value)

    def _markdown(self, docstring: str) -> str:
        text = inspect.cleandoc(docstring)  # docstring indentation would make code blocks
        text = re.sub(r":\w+:`([^`]+)`", r"`\1`", text)  # reST roles
        text = re.sub(r"``(.+?)``", r"`\1`", text, flags=re.DOTALL)  # reST literals
        return self.in_schema_spelling(text)


def _sdk_type_name(token: str) -> str:
    """A type token of this package (`<package>:index:<Name>`, bare or in a `#/types/` reference)
    without a final `Args`."""
    ours = token.startswith((f"{PACKAGE}:", f"#/types/{PACKAGE}:"))
    return token.removesuffix("Args") if ours else token


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _kind(value: Any) -> str:
    kinds = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _within(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def _overlap(path: str, other: str) -> bool:
    return _within(path, other) or _within(other, path)


def _without_value(problem: Problem) -> Problem:
    title = finding(problem.code).heading
    return Problem(problem.code, problem.path, f"{title}; the value is secret, so it is not shown")


async def _known(value: Any, path: str, secrets: List[str]) -> Any:
    """``value`` (at ``path``) with every Output whose value is known replaced by that value,
    and secrets unwrapped; the paths of secret values are added to ``secrets``."""
    if isinstance(value, pulumi.Output):
        if await value.is_secret():
            secrets.append(path)
        return await _known(await value.future(), path, secrets) if await value.is_known() else value
    if rpc.is_rpc_secret(value):
        secrets.append(path)
        return await _known(rpc.unwrap_rpc_secret(value), path, secrets)
    if isinstance(value, list):
        return [await _known(item, f"{path}[{index}]", secrets) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: await _known(item, join_path(path, key), secrets) for key, item in value.items()}
    return value


class _Servicer(ProviderServicer):
    """The SDK's provider server, refusing bad arguments before it constructs anything."""

    provider: InstanceRoleProvider

    async def Construct(self, request: provider_pb2.ConstructRequest, context: Any) -> provider_pb2.ConstructResponse:
        if request.type == TYPE_TOKEN:
            # The checks name a default role after this request's project and stack, and leave
            # offline secrets alone only in a preview: set them as the SDK's Construct does next.
            pulumi.runtime.settings.reset_options(
                organization=request.organization or "organization",
                project=request.project or None,
                stack=request.stack or None,
                preview=request.dryRun,
            )
            # The inputs exactly as the SDK will hand them to construct (secrets and values with
            # dependencies wrapped in Outputs), so the checks see what the component would.
            inputs = await self._construct_inputs(request.inputs, request.inputDependencies)
            problems = await self.provider.problems(request.name, inputs)
            if problems:
                summary = problems_summary(request.name, len(problems), "nothing was created")
                details: List[InputPropertyErrorDetails] = [
                    {"property_path": p.path, "reason": f"{p.message} [{p.code}]"} for p in problems
                ]
                await context.abort_with_status(self.create_grpc_invalid_properties_status(summary, details))
        return await super().Construct(request, context)


def serve(argv: Sequence[str]) -> None:
    """Serve the plugin as the Pulumi language host starts it: ``python plugin [flags] <engine
    address>``. Prints the port as the first line of stdout (the engine reads it there), then
    serves until stopped. What ``pulumi.provider.main`` does, with this module's server."""
    if not argv:
        raise SystemExit("usage: python plugin [flags] <engine address>")
    # The engine address comes last: flags such as `--tracing <endpoint>` come first.
    engine_address = argv[-1]

    async def run() -> None:
        server = grpc.aio.server()
        servicer = _Servicer(InstanceRoleProvider(), list(argv), engine_address=engine_address)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        print(port, flush=True)
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
