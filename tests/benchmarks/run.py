"""``make bench``: the plugin against plain MkDocs on synthetic national networks.

For each size (10, 100 and 300 territories) the benchmark writes a synthetic network
(``tests/synthetic.py``) and its baseline (``baseline.py``: the same pages as Markdown
files, no plugin), then builds both in alternating A/B order, each build in a fresh
process (``build_once.py``). It reports medians and spreads of the build time, the time
of each pipeline step, the peak RSS, the scaling from 100 to 300 territories, and the
one-territory preview (a build, and a rebuild under ``mkdocs serve`` after a YAML edit).

The full run writes the generated part of ``tests/benchmarks/RESULTS.md`` (between the
``bench:begin``/``bench:end`` markers; the profile notes around it are kept). ``--quick``
builds two small networks twice each and only prints, as a smoke check.

    .venv/bin/python -m tests.benchmarks.run            # full: ~20 minutes on 2 cores
    .venv/bin/python -m tests.benchmarks.run --quick    # a minute
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tests.benchmarks.baseline import write_baseline
from tests.benchmarks.serve import ServeTiming, measure_serve_rebuild
from tests.synthetic import REPO_ROOT, SyntheticNetwork, generate_network

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SEED = 0
PREVIEW_SIZE = 100  # the network on which the preview is measured (targets are set there)
STEPS = {
    "load_validate": "load + validate",
    "derive": "derive",
    "feeds": "feeds (.ics)",
    "pages": "pages (our templates)",
    "mkdocs_markdown": "MkDocs: Markdown",
    "mkdocs_templates": "MkDocs: theme templates, writing",
    "search_index": "MkDocs: search index",
}
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "pydantic", "PyYAML", "icalendar")


@dataclass
class Runs:
    """The results of repeated builds of one project."""

    results: list[dict[str, Any]] = field(default_factory=list)

    def values(self, key: str) -> list[float]:
        return [float(result[key]) for result in self.results]

    def step(self, label: str) -> list[float]:
        return [float(result["steps"].get(label, 0.0)) for result in self.results]

    @property
    def pages(self) -> int:
        return int(self.results[0]["pages"])

    @property
    def feeds(self) -> int:
        return int(self.results[0]["feeds"])

    def memory_mib(self) -> list[float]:
        """Peak memory of the build and its feed process together (see build_once)."""
        return [
            float(r.get("peak_with_feed_process_kb", r["maxrss_kb"])) / 1024 for r in self.results
        ]


@dataclass
class SizeResult:
    territories: int
    network: SyntheticNetwork
    plugin: Runs
    baseline: Runs
    preview: Runs | None = None
    preview_slug: str | None = None
    serve: ServeTiming | None = None
    in_process: Runs | None = None  # the plugin with feeds_in_parallel off


def build(
    config: Path,
    site_dir: Path,
    epoch: str,
    instrument: bool,
    preview: str = "",
    profile: Path | None = None,
    feeds_in_process: bool = False,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "NO_MKDOCS_2_WARNING": "1",
        "PLATO_PREVIEW": preview,
    }
    command = [sys.executable, "-m", "tests.benchmarks.build_once", str(config), str(site_dir)]
    if not instrument:
        command.append("--host-only")
    if profile is not None:
        command += ["--profile", str(profile)]
    if feeds_in_process:
        command.append("--feeds-in-process")
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"build of {config} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def bench_size(
    territories: int, runs: int, workdir: Path, preview: bool, serve: bool, log: Any
) -> SizeResult:
    folder = workdir / f"n{territories}"
    shutil.rmtree(folder, ignore_errors=True)
    network = generate_network(folder / "plugin", territories, SEED)
    baseline_config = write_baseline(network, folder / "baseline")
    epoch = network.source_date_epoch
    site_a, site_b = folder / "site-plugin", folder / "site-baseline"

    def plugin_build(preview_slug: str = "", in_process: bool = False) -> dict[str, Any]:
        return build(
            network.config_file, site_a, epoch, True, preview_slug, feeds_in_process=in_process
        )

    def baseline_build() -> dict[str, Any]:
        return build(baseline_config, site_b, epoch, False)

    log(f"{territories} territories: {network.meetings} meetings; warm-up builds")
    plugin_build()
    baseline_build()
    result = SizeResult(territories, network, Runs(), Runs())
    # On the preview's network, also the plugin with its feeds written in process.
    if preview:
        result.in_process = Runs()
    for run in range(runs):
        # A/B then B/A: neither side always runs on a machine warmed by the other.
        order = ["plugin", "baseline"] if run % 2 == 0 else ["baseline", "plugin"]
        if result.in_process is not None:
            order.insert(1, "in_process")
        for side in order:
            if side == "plugin":
                result.plugin.results.append(plugin_build())
            elif side == "in_process" and result.in_process is not None:
                result.in_process.results.append(plugin_build(in_process=True))
            else:
                result.baseline.results.append(baseline_build())
        extra = ""
        if result.in_process is not None:
            extra = f", feeds in process {result.in_process.results[-1]['build_s']:.2f} s"
        log(
            f"  run {run + 1}/{runs}: plugin {result.plugin.results[-1]['build_s']:.2f} s, "
            f"baseline {result.baseline.results[-1]['build_s']:.2f} s{extra}"
        )
    if preview:
        slug = network.territories[len(network.territories) // 2]
        result.preview_slug = slug
        result.preview = Runs()
        for _ in range(runs):
            result.preview.results.append(plugin_build(slug))
        log(f"  preview of {slug}: {median(result.preview.values('build_s')):.2f} s")
        if serve:
            result.serve = measure_serve_rebuild(network, slug)
            log(f"  mkdocs serve, edit to reload: {result.serve.edit_to_reload_s}")
    shutil.rmtree(site_a, ignore_errors=True)
    shutil.rmtree(site_b, ignore_errors=True)
    return result


def profile(territories: int, workdir: Path) -> None:
    """One profiled plugin build: the pyinstrument report is printed and kept in workdir."""
    network = generate_network(workdir / f"n{territories}" / "plugin", territories, SEED)
    report_file = workdir / f"profile-{territories}.txt"
    result = build(
        network.config_file,
        workdir / "site",
        network.source_date_epoch,
        True,
        profile=report_file,
    )
    print(report_file.read_text(encoding="utf-8"))
    print(f"build {result['build_s']:.2f} s (profiled); report kept in {report_file}")


# --- report -------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], unit: str = "s", digits: int = 2) -> str:
    """Median with the range: "12.34 s (12.01–13.10)"."""
    return f"{median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def machine() -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical CPUs (nproc {len(os.sched_getaffinity(0))})",
        f"- RAM: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- Commit {commit} (with the working tree of that moment)",
    ]


def report(
    results: Sequence[SizeResult], runs: int, started: datetime, loads: tuple[str, str]
) -> str:
    lines = [
        f"Run of {started:%Y-%m-%d %H:%M} UTC, {runs} alternating A/B builds per size, each in "
        "a fresh process, after one warm-up build of each. Times are the in-process "
        "`load_config` + `build` (interpreter start-up and imports excluded); the range "
        "in brackets is min–max.",
        "",
        "The machine is shared with other engineers' test runs: load average "
        f"{loads[0]} at the start, {loads[1]} at the end. Treat differences under ~10 % "
        "as noise.",
        "",
        *machine(),
        "",
        "### Plugin against plain MkDocs",
        "",
        "| territories | pages | feeds | meetings | plugin build | baseline build | ratio "
        "| plugin peak memory | baseline peak RSS | memory ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        plugin_time = median(result.plugin.values("build_s"))
        base_time = median(result.baseline.values("build_s"))
        plugin_rss = result.plugin.memory_mib()
        base_rss = [v / 1024 for v in result.baseline.values("maxrss_kb")]
        lines.append(
            f"| {result.territories} | {result.plugin.pages} | {result.plugin.feeds} "
            f"| {result.network.meetings} | {spread(result.plugin.values('build_s'))} "
            f"| {spread(result.baseline.values('build_s'))} | {plugin_time / base_time:.2f}× "
            f"| {spread(plugin_rss, 'MiB', 0)} | {spread(base_rss, 'MiB', 0)} "
            f"| {median(plugin_rss) / median(base_rss):.2f}× |"
        )
    lines += [
        "",
        "Plugin peak memory: the peak of the build's RSS plus the private pages of its feed "
        "process (those no longer shared with the build), sampled every 10 ms while it runs; "
        f"the feed process's private pages peaked at {_feed_process_memory(results)}.",
        "",
        "### Where the time goes",
        "",
        "Exclusive time of each step, median over the runs, plugin / baseline (the pipeline "
        "functions and MkDocs' page functions are wrapped with timers in the build process; "
        "the baseline has no pipeline steps).",
        "",
        "| step | " + " | ".join(f"{r.territories} territories" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for label, title in STEPS.items():
        cells = [_step_cell(r.plugin, label) + " / " + _step_cell(r.baseline, label)
                 for r in results]  # fmt: skip
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    other = [_other_cell(r.plugin) + " / " + _other_cell(r.baseline) for r in results]
    lines.append("| MkDocs: everything else (config, nav, files, search output) | "
                 + " | ".join(other) + " |")  # fmt: skip
    lines.append(
        "| *feeds: CPU of the feed process, beside the build (not in the total)* | "
        + " | ".join(f"*{median(r.plugin.values('feed_process_cpu_s')):.2f} s*" for r in results)
        + " |"
    )
    lines.append(
        "| **whole build** | "
        + " | ".join(
            f"**{median(r.plugin.values('build_s')):.2f} s** / "
            f"{median(r.baseline.values('build_s')):.2f} s"
            for r in results
        )
        + " |"
    )
    lines += _in_process(results)
    lines += _feed_sizes(results)
    lines += _scaling(results)
    lines += _preview(results)
    lines += _targets(results)
    return "\n".join(lines) + "\n"


def _feed_process_memory(results: Sequence[SizeResult]) -> str:
    return ", ".join(
        f"{median(r.plugin.values('feed_process_private_kb')) / 1024:.0f} MiB "
        f"({r.territories} territories)"
        for r in results
    )


def _step_cell(runs: Runs, label: str) -> str:
    if not any(label in result["steps"] for result in runs.results):
        return "—"
    value = median(runs.step(label))
    return f"{value:.2f} s ({100 * value / median(runs.values('build_s')):.0f} %)"


def _other_cell(runs: Runs) -> str:
    total = median(runs.values("build_s"))
    known = sum(median(runs.step(label)) for label in STEPS)
    return f"{total - known:.2f} s ({100 * (total - known) / total:.0f} %)"


def _in_process(results: Sequence[SizeResult]) -> list[str]:
    lines: list[str] = []
    for result in results:
        runs = result.in_process
        if runs is None:
            continue
        build = median(runs.values("build_s"))
        ours = sum(median(runs.step(s)) for s in ("load_validate", "feeds"))
        memory = median(runs.memory_mib()) / median(result.baseline.memory_mib())
        lines += [
            "",
            f"### Feeds written in the build's process ({result.territories} territories, "
            "`feeds_in_parallel: false`)",
            "",
            f"- build: {spread(runs.values('build_s'))}, "
            f"{build / median(result.baseline.values('build_s')):.2f}× the baseline",
            f"- load + validate {median(runs.step('load_validate')):.2f} s, feeds "
            f"{median(runs.step('feeds')):.2f} s: {100 * ours / build:.1f} % of the build",
            f"- peak memory: {spread(runs.memory_mib(), 'MiB', 0)}, {memory:.2f}× the baseline",
        ]
    return lines


def _feed_sizes(results: Sequence[SizeResult]) -> list[str]:
    """The largest feed of each network: Google Calendar reads about 1 MB / 1,000 events."""
    lines = ["", "### Largest feeds (Google Calendar reads about 1 MB and 1,000 events)", ""]
    for result in results:
        last = result.plugin.results[-1]
        if "largest_feed" not in last:
            continue
        size, events = last["largest_feed_bytes"], last["most_events"]
        fits = size <= 1_000_000 and events <= 1000
        lines.append(
            f"- {result.territories} territories: largest `{last['largest_feed']}` "
            f"{size / 1e6:.2f} MB; most events `{last['most_events_feed']}` {events} events"
            f" — {'fits' if fits else 'DOES NOT FIT'}"
        )
    return lines


def _by_size(results: Sequence[SizeResult], territories: int) -> SizeResult | None:
    return next((r for r in results if r.territories == territories), None)


def _scaling(results: Sequence[SizeResult]) -> list[str]:
    small, large = _by_size(results, 100), _by_size(results, 300)
    if small is None or large is None:
        return []
    plugin = median(large.plugin.values("build_s")) / median(small.plugin.values("build_s"))
    base = median(large.baseline.values("build_s")) / median(small.baseline.values("build_s"))
    pages = large.plugin.pages / small.plugin.pages
    return [
        "",
        "### Scaling from 100 to 300 territories",
        "",
        f"- pages ×{pages:.2f}, meetings ×{large.network.meetings / small.network.meetings:.2f}",
        f"- plugin build time ×{plugin:.2f}; baseline ×{base:.2f}",
    ]


def _preview(results: Sequence[SizeResult]) -> list[str]:
    lines: list[str] = []
    for result in results:
        if result.preview is None:
            continue
        full = median(result.plugin.values("build_s"))
        lines += [
            "",
            f"### One-territory preview ({result.territories} territories, "
            f"`PLATO_PREVIEW={result.preview_slug}`)",
            "",
            f"- full build: {spread(result.plugin.values('build_s'))}, {result.plugin.pages} pages",
            f"- preview build: {spread(result.preview.values('build_s'))}, "
            f"{result.preview.pages} pages, {result.preview.feeds} feeds; "
            f"{median(result.preview.values('build_s')) / full:.2f}× the full build",
        ]
        steps = ", ".join(
            f"{title} {median(result.preview.step(label)):.2f} s" for label, title in STEPS.items()
        )
        lines.append(f"- preview steps: {steps}")
        if result.serve is not None:
            lines.append(
                "- `mkdocs serve` after a YAML edit: rebuild "
                f"{spread(result.serve.rebuild_s)}, edit to browser reload "
                f"{spread(result.serve.edit_to_reload_s)} (includes the file watcher's delay)"
            )
    return lines


def _targets(results: Sequence[SizeResult]) -> list[str]:
    hundred, three_hundred = _by_size(results, 100), _by_size(results, 300)
    if hundred is None:
        return []
    build = median(hundred.plugin.values("build_s"))
    ratio = build / median(hundred.baseline.values("build_s"))
    ours = sum(median(hundred.plugin.step(s)) for s in ("load_validate", "feeds"))
    memory = median(hundred.plugin.memory_mib()) / median(hundred.baseline.memory_mib())
    rows = [
        ("build time ≤ 1.0× baseline (aim 0.8×)", f"{ratio:.2f}×", ratio <= 1.0),
        ("load + validate + feeds ≤ 5 % of the build (what the build waits for)",
         f"{100 * ours / build:.1f} %", ours / build <= 0.05),
        ("peak memory ≤ 1.2× baseline", f"{memory:.2f}×", memory <= 1.2),
    ]  # fmt: skip
    if three_hundred is not None:
        scale = median(three_hundred.plugin.values("build_s")) / build
        rows.append(("300 territories ≤ 3.3× the time of 100", f"{scale:.2f}×", scale <= 3.3))
        last = three_hundred.plugin.results[-1]
        if "largest_feed" in last:
            size, events = last["largest_feed_bytes"], last["most_events"]
            rows.append(
                (
                    "every feed of 300 territories ≤ 1 MB and ≤ 1,000 events",
                    f"{size / 1e6:.2f} MB, {events} events",
                    size <= 1_000_000 and events <= 1000,
                )
            )
    if hundred.serve is not None:
        rebuild = median(hundred.serve.rebuild_s)
        rows.append(("preview rebuild ≤ 2 s after a YAML edit", f"{rebuild:.2f} s", rebuild <= 2))
    lines = ["", "### Targets (100 territories)", "", "| target | measured | met |"]
    lines.append("|---|---:|---|")
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in rows]
    return lines


def write_results(text: str, path: Path) -> None:
    """Replace the generated part of RESULTS.md, keeping the hand-written notes around it."""
    block = f"{BEGIN}\n{text}{END}"
    if path.exists():
        current = path.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(f"{head}{block}{tail}", encoding="utf-8")
            return
    path.write_text(f"# Benchmark results\n\n{block}\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 runs, print only")
    parser.add_argument("--sizes", help="comma-separated territory counts (default 10,100,300)")
    parser.add_argument("--runs", type=int, help="A/B runs per size (default 5)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve timing")
    parser.add_argument("--output", type=Path, help="results file (default: RESULTS.md)")
    parser.add_argument("--workdir", type=Path, help="where networks are written (default: tmp)")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="TERRITORIES",
        help="only profile one plugin build (pyinstrument) of a network of this size",
    )
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.workdir or Path(tempfile.mkdtemp(prefix="plato-bench-")))
        return

    sizes = [5, 20] if args.quick else [10, 100, PREVIEW_SIZE * 3]
    if args.sizes:
        sizes = [int(part) for part in args.sizes.split(",")]
    runs = args.runs or (2 if args.quick else 5)
    preview_size = PREVIEW_SIZE if PREVIEW_SIZE in sizes else max(sizes)
    output = args.output or (None if args.quick else RESULTS)
    started = datetime.now(tz=UTC)
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="plato-bench-"))
    results = []
    try:
        for territories in sizes:
            is_preview = territories == preview_size
            results.append(
                bench_size(
                    territories, runs, workdir, is_preview, is_preview and not args.no_serve, log
                )
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(results, runs, started, (load_start, load_end))
    print(text)
    if output is not None:
        write_results(text, output)
        log(f"results written to {output}")


if __name__ == "__main__":
    main()
