"""The package's one way to mark a value not known yet and to word a secret one."""

from alicloud_instance_role import markers, wire
from alicloud_instance_role.documents.problems import Problem


def test_the_wire_sentinel_and_the_package_marker_are_both_not_known() -> None:
    assert markers.is_not_known(wire.UNKNOWN)
    assert markers.is_not_known(markers.NOT_KNOWN)
    assert not markers.is_not_known("i-abc")
    assert not markers.is_not_known(None)


def test_a_redacted_finding_keeps_its_path_and_rule_and_drops_the_value() -> None:
    problem = Problem("RAM107", "Statement[0].Action[0]", "'ecs:Sekrit Value' is not service:Action")

    redacted = problem.redacted()

    assert redacted.path == problem.path and redacted.code == problem.code
    assert "Sekrit" not in str(redacted)
    assert redacted.message.endswith(markers.withheld())
