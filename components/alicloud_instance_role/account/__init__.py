"""Reading an Alibaba Cloud account, read-only, for ``alicloud-instance-role discover`` and
``audit``.

Only these commands import this package's SDK-facing modules (``clients``, ``calls``): the
component, the guardrails and the preview never load Alibaba Cloud's SDKs. The modules:

- ``endpoints``: ``--ram-endpoint`` / ``--ecs-endpoint`` as a host and a protocol;
- ``calls``: one call to RAM or ECS through the official SDK clients, with throttling retried and
  every failure turned into one line (:class:`~.calls.AccountError`);
- ``reading``: the account as plain data (``model``): RAM roles, policies, users and groups, and the
  instance bindings of every region, read concurrently with a bound and paged everywhere;
- ``as_plan``: the account as if a program had declared it, for the preview's plan, guardrails
  and role summaries;
- ``discover`` and ``audit``: the two commands' output; ``command``: their options and exits.
"""
