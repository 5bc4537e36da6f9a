"""Running a Pulumi program without a cloud or the Pulumi CLI: the machinery the offline preview
and the test helpers share, so neither depends on the other.

- :mod:`.mocks`: the SDK's mocks answering as pulumi-alicloud would, with IDs and outputs from
  :mod:`.predict` (what the provider's source fixes) and, in a preview, made-up values labelled as
  such (:mod:`.made_up`);
- :mod:`.runner`: runs a project or a callable under those mocks (:mod:`.stack_config` reads its
  config, :mod:`.recording` records what it registers, :mod:`.results` holds the outcome,
  :mod:`.isolation` keeps each run's process state its own);
- :mod:`.kinds`: a resource class's Pulumi type token.

Users reach these through :mod:`alicloud_instance_role.testing` (for a stack's tests) and
``alicloud-instance-role preview``.
"""
