"""The stack settings of a role (``stack_settings.RoleSettings``) mirror the component's arguments
(``InstanceRoleArgs``) field by field, so a new argument cannot be forgotten in the config schema,
nor a setting outlive its argument (issue 20, item 5)."""

import typing
from typing import Any, Dict

import pytest

import stack_settings
from alicloud_instance_role import InstanceRoleArgs

#: Arguments a stack file cannot give, and why.
ONLY_IN_CODE: Dict[str, str] = {
    "instances": "keys to instance IDs that are Outputs of the same program; config holds plain IDs (instance_ids)",
}


def test_every_argument_is_a_setting_and_every_setting_an_argument() -> None:
    arguments = set(InstanceRoleArgs.__annotations__) - set(ONLY_IN_CODE)
    settings = set(stack_settings.RoleSettings.model_fields)
    assert sorted(arguments - settings) == [], "arguments the stack settings lack"
    assert sorted(settings - arguments) == [], "settings that are no argument"


def _plain(annotation: Any) -> Any:
    """A setting's or an argument's type without Optional, Input and Annotated wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if origin is typing.Union:
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        # pulumi.Input[T] is Union[T, Awaitable[T], Output[T]]: its first member is the plain type.
        return _plain(inner[0])
    return origin or annotation


@pytest.mark.parametrize("name", sorted(set(InstanceRoleArgs.__annotations__) - set(ONLY_IN_CODE)))
def test_a_setting_has_the_kind_of_value_its_argument_takes(name: str) -> None:
    argument = _plain(InstanceRoleArgs.__annotations__[name])
    setting = _plain(stack_settings.RoleSettings.model_fields[name].annotation)
    # Statements are a schema of their own in the settings (StatementSettings), a TypedDict in code.
    assert setting == argument or (argument is list and setting is list), (name, argument, setting)


def test_the_fields_only_code_can_give_are_still_arguments() -> None:
    assert set(ONLY_IN_CODE) <= set(InstanceRoleArgs.__annotations__)
