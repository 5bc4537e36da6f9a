"""The guardrails: a CrossGuard policy pack over every RAM role, policy, attachment and instance
binding in a stack, hand-written ones included, with the rules the component applies to its own
arguments.

A pack is three files (:func:`pack_files`; ``alicloud-instance-role pack <folder>`` writes them)::

    # __main__.py
    from alicloud_instance_role.guardrails import build_pack

    build_pack()

Importing this module imports ``pulumi_policy`` and the pure-Python core, never
``pulumi_alicloud``, so the pack starts fast.
"""

from typing import Any, Dict, List, Mapping, Optional, Union

from pulumi_policy import EnforcementLevel, Policy, PolicyPack

from .. import __version__
from .rules import POLICIES
from .secrets import watch
from .source import DISTRIBUTION

__all__ = ["PACK_DESCRIPTION", "PACK_NAME", "POLICIES", "build_pack", "pack_files"]

#: The pack's name, as ``pulumi preview --policy-pack`` reports it.
PACK_NAME = "alicloud-instance-role-guardrails"
PACK_DESCRIPTION = "Guardrails for Alibaba Cloud RAM roles, policies and their ECS instance bindings."


def build_pack(
    policies: Optional[List[Policy]] = None,
    initial_config: Optional[Mapping[str, Union[EnforcementLevel, Dict[str, Any]]]] = None,
    name: str = PACK_NAME,
) -> None:
    """Build the guardrail ``PolicyPack`` (every rule in :data:`POLICIES`, unless ``policies``
    picks some) with ``initial_config`` as its programmatic defaults.

    As with every ``pulumi_policy.PolicyPack``, building it starts the analyzer: it prints its
    port and serves until interrupted. Call it last, from a pack's ``__main__.py``."""
    watch()  # so that messages about secret properties can leave their values out
    PolicyPack(
        name=name,
        description=PACK_DESCRIPTION,
        enforcement_level=EnforcementLevel.ADVISORY,
        policies=list(POLICIES if policies is None else policies),
        initial_config=dict(initial_config) if initial_config is not None else None,
    )


def pack_files(requirement: Optional[str] = None) -> Dict[str, str]:
    """File name -> text of a policy pack folder that runs these guardrails: ``PulumiPolicy.yaml``,
    ``__main__.py`` and ``requirements.txt`` (which installs ``requirement``, by default this
    package at its installed version from an index). ``alicloud-instance-role pack <folder>``
    writes them with the requirement that installs the package from where this installation
    came from (:func:`~.source.installed_requirement`); then run
    ``pulumi preview --policy-pack <folder>``."""
    version = __version__
    return {
        "PulumiPolicy.yaml": (
            "# The Pulumi CLI runs this pack with its own virtualenv, venv/, created from requirements.txt.\n"
            "runtime:\n"
            "  name: python\n"
            "  options:\n"
            "    virtualenv: venv\n"
            f"version: {version}\n"
            f"description: {PACK_DESCRIPTION}\n"
        ),
        "__main__.py": (
            '"""The guardrails of alicloud-instance-role, as the Pulumi CLI starts a policy pack."""\n'
            "\n"
            "from alicloud_instance_role.guardrails import build_pack\n"
            "\n"
            "build_pack()\n"
        ),
        "requirements.txt": f"{requirement or f'{DISTRIBUTION}=={version}'}\n",
    }
