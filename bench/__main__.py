"""``python -m bench`` (``make bench``): the component's cost, how it grows, the guardrails' cost.

Prints one ``name=value`` line per figure, then one ``target <rule> met|missed`` line per target,
on stdout (progress goes to stderr), and writes the same as JSON (``bench/results.json`` unless
``--output``). Every figure is the median of its repeats; targets are reported, never asserted.

The headline, printed first and kept under ``headline`` in the JSON, is the component's cost
against Pulumi's floor for any component: ``component_vs_grouped_ratio_<n>`` at the medium and
large sizes (target at most 1.10 each, issue 20).

Figures, for sizes small/medium/large (100/200/1000; 10/20/100 with ``--quick``):

- ``component_seconds_<n>``, ``baseline_seconds_<n>``: one program run under the SDK's mocks
  (``alicloud_instance_role.testing.run_program``, as a preview) declaring ``n`` components, or the same
  resources by hand, each sample in a fresh process (``python -m bench.rss``);
  ``component_overhead_ratio_<n>`` is their ratio (medium and large);
- ``grouped_seconds_<n>`` (medium and large): the baseline's resources under a bare hand-written
  ComponentResource with the same outputs, i.e. what Pulumi charges for any component (the
  floor); ``grouped_overhead_ratio_<n>`` = grouped / baseline and
  ``component_vs_grouped_ratio_<n>`` = component / grouped (what this package adds). The three
  programs of one size are sampled interleaved, so drift in the machine's speed falls on all alike;
- ``growth_ratio_component``, ``growth_ratio_baseline``: time at large / time at small;
- ``policy_pack_seconds_<n>``: ``Analyze`` for every resource of ``n`` components and one
  ``AnalyzeStack``, over the pack's gRPC protocol, a fresh pack each repeat (medium);
  ``pack_startup_seconds`` is starting that pack; ``policy_pack_ratio`` = analysis / build;
- ``component_rss_mb_<n>``, ``baseline_rss_mb_<n>``: peak RSS of those fresh processes (large);
  ``rss_ratio_<n>`` their ratio;
- ``account_read_seconds_<roles>``, ``account_read_calls_<roles>``, ``account_read_regions``:
  reading 1,000 roles across 20 regions (50 across 4 with ``--quick``) from the local RAM and
  ECS stand-in, as ``discover`` and ``audit`` do (``bench/account.py``);
- ``engine_seconds_<case>``, ``engine_question_seconds_<case>``: the access engine on
  pathological patterns (``bench/engine.py``), every rule and the slowest single question, cold;
  ``--engine-only`` measures these alone, in seconds.

``--floor-only`` measures the headline alone (the component and the grouped program, interleaved,
at the medium and large sizes): a quicker A/B of a change, printed and written the same way.
"""

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, TextIO, Tuple

from alicloud_instance_role.preview.analyzer import PlannedResource, analyze, analyze_stack, start_packaged_pack
from alicloud_instance_role.preview.plan import build_plan

from . import account, engine
from .programs import PROJECT, STACK
from .rss import run

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "bench" / "results.json"


@dataclass(frozen=True)
class Sizes:
    """The stack sizes measured: growth is large/small, overheads at medium and large."""

    small: int
    medium: int
    large: int


FULL = Sizes(100, 200, 1000)
QUICK = Sizes(10, 20, 100)


@dataclass(frozen=True)
class Target:
    """A figure's target: ``figure <= limit`` or ``figure <= factor * other figure``."""

    figure: str
    limit: float = 0.0
    factor: float = 0.0
    other: str = ""

    @property
    def rule(self) -> str:
        bound = f"{self.factor:g}*{self.other}" if self.other else f"{self.limit:g}"
        return f"{self.figure}<={bound}"

    def met(self, figures: Dict[str, float]) -> bool:
        bound = self.factor * figures[self.other] if self.other else self.limit
        return figures[self.figure] <= bound


#: The component's cost against Pulumi's floor for any component, at most this (issue 20).
FLOOR_RATIO_TARGET = 1.10


def headline_figures(sizes: Sizes) -> List[str]:
    """The headline: the component's cost against Pulumi's floor, at the medium and large sizes."""
    return [f"component_vs_grouped_ratio_{sizes.medium}", f"component_vs_grouped_ratio_{sizes.large}"]


def headline(figures: Dict[str, float], sizes: Sizes) -> Dict[str, Any]:
    """The headline as the JSON keeps it: each ratio to the floor, its target and whether all meet it."""
    ratios = {name: figures[name] for name in headline_figures(sizes)}
    return {**ratios, "target": FLOOR_RATIO_TARGET, "met": all(v <= FLOOR_RATIO_TARGET for v in ratios.values())}


def targets(sizes: Sizes) -> List[Target]:
    """The issue's targets, for the sizes measured."""
    return [
        *(Target(name, limit=FLOOR_RATIO_TARGET) for name in headline_figures(sizes)),
        Target(f"component_overhead_ratio_{sizes.medium}", limit=1.25),
        Target(f"component_overhead_ratio_{sizes.large}", limit=1.25),
        Target("growth_ratio_component", factor=1.1, other="growth_ratio_baseline"),
        Target("policy_pack_ratio", limit=0.5),
        Target(f"rss_ratio_{sizes.large}", limit=1.3),
        Target("catalogue_seconds", limit=0.05),
    ]


def _progress(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def sample(kind: str, count: int) -> Dict[str, float]:
    """One run of ``kind`` with ``count`` roles in a fresh process (``python -m bench.rss``):
    its ``seconds`` and the process's peak ``rss_mb``."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.rss", kind, str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"python -m bench.rss {kind} {count} failed:\n{completed.stderr}")
    found: Dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return found


def program_samples(count: int, repeats: int, kinds: Sequence[str]) -> Dict[str, List[Dict[str, float]]]:
    """``repeats`` samples of each program in ``kinds``, interleaved (alternating the order) so
    drift in the machine's speed falls on all alike."""
    samples: Dict[str, List[Dict[str, float]]] = {kind: [] for kind in kinds}
    for repeat in range(repeats):
        order = list(kinds) if repeat % 2 == 0 else list(reversed(kinds))
        for kind in order:
            found = sample(kind, count)
            samples[kind].append(found)
            _progress(
                f"{kind} N={count} run {repeat + 1}/{repeats}: {found['seconds']:.2f} s, peak {found['rss_mb']:.0f} MB"
            )
    return samples


def pack_times(resources: Sequence[PlannedResource], repeats: int) -> Tuple[List[float], List[float], int]:
    """(startup seconds, analysis seconds, diagnostics) for ``repeats`` fresh packs, each sent
    ``Analyze`` for every resource and ``AnalyzeStack`` once, as ``pulumi preview`` would."""
    env = {"PULUMI_PROJECT": PROJECT, "PULUMI_STACK": STACK, "PULUMI_DRY_RUN": "true"}
    startups: List[float] = []
    analyses: List[float] = []
    diagnostics = 0
    for repeat in range(repeats):
        with ExitStack() as stack:
            started = time.perf_counter()
            pack = stack.enter_context(start_packaged_pack(env=env))
            startups.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = [d for resource in resources for d in analyze(pack.stub, resource)]
            found += analyze_stack(pack.stub, resources)
            analyses.append(time.perf_counter() - started)
        diagnostics = len(found)
        _progress(f"policy pack run {repeat + 1}/{repeats}: start {startups[-1]:.2f} s, analyze {analyses[-1]:.2f} s")
    return startups, analyses, diagnostics


def catalogue_samples(repeats: int) -> List[Dict[str, float]]:
    """``repeats`` runs of ``python -m bench.catalogue``, each in a fresh process."""
    found = []
    for repeat in range(repeats):
        completed = subprocess.run(
            [sys.executable, "-m", "bench.catalogue"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise RuntimeError(f"python -m bench.catalogue failed:\n{completed.stderr}")
        found.append(json.loads(completed.stdout.strip().splitlines()[-1]))
        _progress(f"catalogue run {repeat + 1}/{repeats}: load {found[-1]['load_seconds']:.3f} s")
    return found


def measure(sizes: Sizes, repeats: int, large_repeats: int) -> Tuple[Dict[str, float], Dict[str, Any]]:
    """Every figure (medians) and the raw samples behind them."""
    figures: Dict[str, float] = {}
    samples: Dict[str, Any] = {}

    def median(name: str, values: List[float]) -> float:
        samples[name] = values
        figures[name] = statistics.median(values)
        return figures[name]

    for count, count_repeats in ((sizes.small, repeats), (sizes.medium, repeats), (sizes.large, large_repeats)):
        # At the medium and large sizes, also a bare hand-written component: Pulumi's own cost of one.
        kinds = ("component", "baseline") if count == sizes.small else ("component", "baseline", "grouped")
        found = program_samples(count, count_repeats, kinds)
        samples[f"runs_{count}"] = found
        component = median(f"component_seconds_{count}", [one["seconds"] for one in found["component"]])
        baseline = median(f"baseline_seconds_{count}", [one["seconds"] for one in found["baseline"]])
        if count != sizes.small:
            figures[f"component_overhead_ratio_{count}"] = component / baseline
        if "grouped" in found:
            grouped = median(f"grouped_seconds_{count}", [one["seconds"] for one in found["grouped"]])
            figures[f"grouped_overhead_ratio_{count}"] = grouped / baseline
            figures[f"component_vs_grouped_ratio_{count}"] = component / grouped
    figures["growth_ratio_component"] = (
        figures[f"component_seconds_{sizes.large}"] / figures[f"component_seconds_{sizes.small}"]
    )
    figures["growth_ratio_baseline"] = (
        figures[f"baseline_seconds_{sizes.large}"] / figures[f"baseline_seconds_{sizes.small}"]
    )
    large_runs = samples[f"runs_{sizes.large}"]
    component_rss = median(f"component_rss_mb_{sizes.large}", [one["rss_mb"] for one in large_runs["component"]])
    baseline_rss = median(f"baseline_rss_mb_{sizes.large}", [one["rss_mb"] for one in large_runs["baseline"]])
    figures[f"rss_ratio_{sizes.large}"] = component_rss / baseline_rss

    # The pack is sent what a preview of the medium stack would plan.
    resources = build_plan(run("component", sizes.medium)).resources
    gc.collect()
    startups, analyses, diagnostics = pack_times(resources, repeats)
    samples["policy_pack_resources"] = len(resources)
    samples["policy_pack_diagnostics"] = diagnostics
    analysis = median(f"policy_pack_seconds_{sizes.medium}", analyses)
    median("pack_startup_seconds", startups)
    figures["policy_pack_ratio"] = analysis / figures[f"component_seconds_{sizes.medium}"]

    catalogue = catalogue_samples(max(repeats, 3))
    load = median("catalogue_load_seconds", [one["load_seconds"] for one in catalogue])
    lookup = median("catalogue_lookup_seconds", [one["lookup_seconds"] for one in catalogue])
    figures["catalogue_seconds"] = load + lookup
    figures.update(engine.measure(repeats))
    return figures, samples


def measure_floor(sizes: Sizes, repeats: int, large_repeats: int) -> Tuple[Dict[str, float], Dict[str, Any]]:
    """The headline alone: the component and the grouped program, interleaved, at the medium and
    large sizes (medians), and the raw samples behind them."""
    figures: Dict[str, float] = {}
    samples: Dict[str, Any] = {}
    for count, count_repeats in ((sizes.medium, repeats), (sizes.large, large_repeats)):
        found = program_samples(count, count_repeats, ("component", "grouped"))
        samples[f"runs_{count}"] = found
        for kind in found:
            figures[f"{kind}_seconds_{count}"] = statistics.median(one["seconds"] for one in found[kind])
        figures[f"component_vs_grouped_ratio_{count}"] = (
            figures[f"component_seconds_{count}"] / figures[f"grouped_seconds_{count}"]
        )
    return figures, samples


def figure_order(sizes: Sizes) -> List[str]:
    """Every figure's name, in printed order: the headline, the issue's other ratios, then
    seconds and MB."""
    return [
        *headline_figures(sizes),
        f"component_overhead_ratio_{sizes.medium}",
        f"component_overhead_ratio_{sizes.large}",
        "growth_ratio_component",
        "growth_ratio_baseline",
        "policy_pack_ratio",
        f"rss_ratio_{sizes.large}",
        f"grouped_overhead_ratio_{sizes.medium}",
        f"grouped_overhead_ratio_{sizes.large}",
        *(
            f"{kind}_seconds_{n}"
            for n in (sizes.small, sizes.medium, sizes.large)
            for kind in ("component", "baseline")
        ),
        f"grouped_seconds_{sizes.medium}",
        f"grouped_seconds_{sizes.large}",
        f"policy_pack_seconds_{sizes.medium}",
        "pack_startup_seconds",
        f"component_rss_mb_{sizes.large}",
        f"baseline_rss_mb_{sizes.large}",
        "catalogue_seconds",
        "catalogue_load_seconds",
        "catalogue_lookup_seconds",
        *ENGINE_FIGURES,
    ]


#: The engine's figures, in printed order.
ENGINE_FIGURES = [f"engine_{kind}_{case}" for case in engine.CASES for kind in ("seconds", "question_seconds")]


def _shown(name: str, value: float) -> str:
    return f"{value:.1f}" if "_mb_" in name else f"{value:.3f}"


def report(
    figures: Dict[str, float], names: Sequence[str], rules: Sequence[Target], out: TextIO
) -> List[Dict[str, Any]]:
    """Print the figures ``names`` and the targets ``rules``; return the targets as JSON-ready entries."""
    for name in names:
        out.write(f"{name}={_shown(name, figures[name])}\n")
    verdicts = []
    for target in rules:
        met = target.met(figures)
        verdicts.append({"rule": target.rule, "figure": target.figure, "met": met})
        out.write(f"target {target.rule} {'met' if met else 'missed'}\n")
    return verdicts


def _arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark InstanceRoleComponent against the same resources declared by hand.",
    )
    parser.add_argument("--repeats", type=int, default=7, help="samples per figure at N<=200 (default 7)")
    parser.add_argument(
        "--large-repeats",
        type=int,
        default=5,
        help="samples per figure at N=1000 (component, baseline and grouped), time and peak RSS (default 5)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: one repeat at N=10/20/100 (figures are named after those sizes)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"JSON results (default: {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--engine-only", action="store_true", help="only the access engine on pathological patterns (seconds)"
    )
    parser.add_argument(
        "--floor-only",
        action="store_true",
        help="only the headline: the component against a bare hand-written component (medium and large sizes)",
    )
    options = parser.parse_args(argv)
    if options.quick:
        options.repeats = options.large_repeats = 1
    if options.repeats < 1 or options.large_repeats < 1:
        parser.error("repeats must be at least 1")
    return options


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout) -> int:
    options = _arguments(argv)
    if options.engine_only:
        for name, value in engine.measure(options.repeats).items():
            out.write(f"{name}={_shown(name, value)}\n")
        return 0
    sizes = QUICK if options.quick else FULL
    started = time.perf_counter()
    if options.floor_only:
        figures, samples = measure_floor(sizes, options.repeats, options.large_repeats)
        names = [*headline_figures(sizes), *(name for name in sorted(figures) if name not in headline_figures(sizes))]
        floor = [target for target in targets(sizes) if target.figure in headline_figures(sizes)]
        verdicts = report(figures, names, floor, out)
        account_figures: Dict[str, float] = {}
    else:
        figures, samples = measure(sizes, options.repeats, options.large_repeats)
        names = figure_order(sizes)
        verdicts = report(figures, names, targets(sizes), out)
        _progress("reading an account from the RAM and ECS stand-in")
        account_figures = account.measure(account.QUICK if options.quick else account.FULL, min(options.repeats, 3))
        account.report(account_figures, out)
    document = {
        "headline": headline(figures, sizes),
        "figures": {name: figures[name] for name in names} | account_figures,
        "targets": verdicts,
        "samples": samples,
        "settings": {
            "quick": options.quick,
            "floor_only": options.floor_only,
            "sizes": {"small": sizes.small, "medium": sizes.medium, "large": sizes.large},
            "repeats": options.repeats,
            "large_repeats": options.large_repeats,
            "statistic": "median",
            "seconds_total": time.perf_counter() - started,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    _progress(f"wrote {options.output} after {document['settings']['seconds_total']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
