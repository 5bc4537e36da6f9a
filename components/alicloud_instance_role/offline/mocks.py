"""Pulumi mocks that answer as pulumi-alicloud would, for a stack's own tests and the preview.

>>> pulumi.runtime.set_mocks(InstanceRoleMocks(account_id="1234567890123456"), preview=False)  # doctest: +SKIP

Every input comes back as the resource's state, plus what :func:`~.predict.predict` knows from
the provider's source (a role's ``arn``, the IDs of roles, policies and attachments). What it
cannot know is never made up silently:

- in a preview run (``preview=True``, a dry run) an unpredicted ID or output stays unknown, as
  in ``pulumi preview``, unless ``make_up`` asks for stand-ins (:mod:`.made_up`): then every
  unpredicted ID and string output gets a concrete made-up value, recorded in ``made_up``, so
  that what is built from them can be judged (the offline preview does this);
- in a deployment run (``preview=False``) an unpredicted ID reads ``made-up-id-of-<name>`` (an
  instance's ``i-madeup<hash>``, in ECS's ID shape), and
  an output that is not an input (an auto-named bucket's ``bucket``) is None, unless the test
  gives it with ``outputs``.
"""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from pulumi.runtime import settings
from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks

from .kinds import ResourceKind, type_token
from .made_up import MadeUpValues
from .predict import ACCOUNT_PLACEHOLDER, Prediction, predict

__all__ = ["ACCOUNT_PLACEHOLDER", "InstanceRoleMocks"]


class InstanceRoleMocks(Mocks):
    """Mocks for ``pulumi.runtime.set_mocks`` (or :func:`~.runner.run_program`'s ``mocks``).

    ``account_id`` goes into predicted ARNs (default: :data:`ACCOUNT_PLACEHOLDER`,
    ``<account-id>``, which RAM never issues). ``outputs`` maps a resource type (its token,
    ``"alicloud:oss/bucket:Bucket"``, or its class, ``alicloud.oss.Bucket``) to state the test
    makes up for every resource of that type, by schema name (``{"bucket": "team-assets"}``).
    ``make_up`` gives every unpredicted ID and string output a made-up value in a preview run
    too, instead of leaving it unknown; :attr:`made_up` records each one.
    """

    def __init__(
        self,
        account_id: Optional[str] = None,
        outputs: Optional[Mapping[ResourceKind, Mapping[str, Any]]] = None,
        make_up: bool = False,
    ) -> None:
        self.account_id = account_id
        self.make_up = make_up
        self.made_up = MadeUpValues()
        """Every value made up in place of one only the cloud knows (IDs and outputs)."""
        self.outputs: Dict[str, Dict[str, Any]] = {type_token(kind): dict(v) for kind, v in (outputs or {}).items()}
        self.predictions: Dict[Tuple[str, str], Prediction] = {}
        """(type, name) -> what was predicted for that resource, for the preview to mark."""

    def new_resource(self, args: MockResourceArgs) -> Tuple[Optional[str], Dict[Any, Any]]:
        """The resource's ID and state: its inputs, the predicted outputs and any ``outputs``
        given for its type."""
        prediction = predict(args.typ, dict(args.inputs), self.account_id)
        self.predictions[(args.typ, args.name)] = prediction
        state = {**args.inputs, **prediction.outputs, **self.outputs.get(args.typ, {})}
        if not args.custom:
            return None, state
        if self.make_up:
            state.update(self.made_up.outputs(args.typ, args.name, state))
        if args.resource_id:
            # An adopted resource keeps the ID it is imported by: the provider reads it by that
            # ID and its importers pass the ID through (see import_ids).
            return args.resource_id, state
        if prediction.id is not None:
            return prediction.id, state
        # An empty ID is how a provider says "unknown until created" during a preview.
        if settings.is_dry_run() and not self.make_up:
            return "", state
        return self.made_up.id(args.typ, args.name), state

    def call(self, args: MockCallArgs) -> Tuple[Dict[Any, Any], Optional[List[Tuple[str, str]]]]:
        """Invokes (data sources) answer nothing: their results live in the cloud."""
        return {}, None
