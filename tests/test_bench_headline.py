"""``make bench`` leads with the component's cost against Pulumi's floor for any component (a bare
hand-written ComponentResource), at the medium and the large size (issue 20). Figures here are
made up: the test is about what is reported, never about timing."""

import io

from bench.__main__ import FULL, QUICK, figure_order, headline, report, targets


def _figures(medium_ratio: float, large_ratio: float) -> dict[str, float]:
    figures = {name: 1.0 for name in figure_order(FULL)}
    figures |= {"component_vs_grouped_ratio_200": medium_ratio, "component_vs_grouped_ratio_1000": large_ratio}
    return figures


def test_the_first_lines_printed_are_the_ratios_to_the_floor_at_both_sizes() -> None:
    out = io.StringIO()
    report(_figures(1.04, 1.07), figure_order(FULL), targets(FULL), out)
    first, second = out.getvalue().splitlines()[:2]
    assert (first, second) == ("component_vs_grouped_ratio_200=1.040", "component_vs_grouped_ratio_1000=1.070")


def test_the_headline_is_met_only_when_both_sizes_are_within_the_target() -> None:
    assert headline(_figures(1.04, 1.07), FULL)["met"] is True
    missed = headline(_figures(1.04, 1.12), FULL)
    assert missed["met"] is False and missed["component_vs_grouped_ratio_1000"] == 1.12


def test_each_size_has_its_own_floor_target() -> None:
    rules = {target.figure: target for target in targets(QUICK)}
    assert rules["component_vs_grouped_ratio_20"].met({"component_vs_grouped_ratio_20": 1.1})
    assert not rules["component_vs_grouped_ratio_100"].met({"component_vs_grouped_ratio_100": 1.11})
