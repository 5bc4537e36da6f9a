"""The stack program: one InstanceRoleComponent per role in this stack's config.

``pulumi up -s dev`` reads ``Pulumi.dev.yaml``; every setting is checked against
``stack_settings`` before anything is declared. Physical names are scoped by stack, so dev,
staging and prod can share one Alibaba Cloud account.
"""

import pulumi
from pulumi.runtime.config import CONFIG, is_config_secret

import stack_settings
from alicloud_instance_role import InstanceRoleArgs, InstanceRoleComponent, check, resource_types
from alicloud_instance_role.documents import Problem
from alicloud_instance_role.offline_secrets import holds_undecrypted_secret

# Fields that are Inputs of the component and may carry a secret; names and IDs never can,
# since they form resource names.
SECRET_CAPABLE = ("description", "policy_statements", "policy_document", "session_policy", "tags")


# A transformation (run by this SDK), not an engine-side transform, so it works with any CLI
# version and under the SDK's mocks alike.
def protect_role(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult:
    """Protect the role itself, not its bindings: `pulumi destroy` refuses to start while a
    protected role is in the stack, yet moving a binding to another instance still works."""
    if args.type_ == resource_types.ROLE:
        return pulumi.ResourceTransformationResult(
            args.props, pulumi.ResourceOptions.merge(args.opts, pulumi.ResourceOptions(protect=True))
        )
    return pulumi.ResourceTransformationResult(args.props, args.opts)


def _at_config_path(key: str, problem: Problem) -> stack_settings.SettingProblem:
    """A problem the component finds in role ``key``'s arguments, at its config path."""
    path = f"{stack_settings.PROJECT}:roles.{key}.{problem.path}"
    return stack_settings.SettingProblem(path, problem.message, problem.code)


def main() -> None:
    # The whole config map, not single keys, so a misspelt top-level setting is caught too.
    config = CONFIG.get()
    roles_are_secret = is_config_secret(f"{stack_settings.PROJECT}:roles")
    # Problems in secret config name their path and rule, not the value. (Offline, no secret is
    # decrypted: each reads as a placeholder, and messages may say what they say about it.)
    redact = roles_are_secret and not holds_undecrypted_secret(config.get(f"{stack_settings.PROJECT}:roles", ""))
    reading = stack_settings.read(config, secret=redact)
    # Check every role before declaring any, so one bad role leaves the others uncreated too;
    # the component's checks run on what the schema accepted, so every problem shows at once.
    problems = reading.problems + [
        _at_config_path(key, problem.redacted() if redact else problem)
        for key, role in reading.roles.items()
        for problem in check(key, InstanceRoleArgs(**role.component_args()))
    ]
    if problems or reading.settings is None:
        raise stack_settings.SettingsError(problems)
    settings = reading.settings
    roles = {key: role.component_args() for key, role in settings.roles.items()}
    for key, args in roles.items():
        if roles_are_secret:
            args.update({field: pulumi.Output.secret(args[field]) for field in SECRET_CAPABLE if field in args})
        opts = pulumi.ResourceOptions(transformations=[protect_role] if settings.protect else None)
        component = InstanceRoleComponent(key, InstanceRoleArgs(**args), opts=opts)
        pulumi.export(f"{key}_role_name", component.role_name)
        pulumi.export(f"{key}_role_arn", component.role_arn)
        pulumi.export(f"{key}_credentials_url", component.credentials_url)


main()
