"""One timed MkDocs build, run in its own process by the benchmark (``run.py``).

Prints a single JSON line: the build time, the exclusive time of each pipeline step
(instrumented in-process around the pipeline functions), the number of pages and feeds
written and the peak RSS of this process. A fresh process per build keeps the peak
memory of one build from hiding another's.

    python -m tests.benchmarks.build_once path/to/mkdocs.yml path/to/site
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Step label -> seconds spent in it, excluding the time of other instrumented steps
# running inside it (feeds inside render_site count as feeds, not pages).
_totals: defaultdict[str, float] = defaultdict(float)
_stack: list[float] = []


def _timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _stack.append(0.0)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            inner = _stack.pop()
            _totals[label] += elapsed - inner
            if _stack:
                _stack[-1] += elapsed

    return wrapper


def _instrument(owner: Any, name: str, label: str, prefixes: Sequence[str]) -> bool:
    """Wrap ``owner.name`` everywhere it is referenced (``from x import f`` copies it)."""
    original = getattr(owner, name, None)
    if original is None:
        return False
    wrapped = _timed(original, label)
    setattr(owner, name, wrapped)
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(tuple(prefixes)):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, wrapped)
    return True


def instrument(pipeline: bool) -> list[str]:
    """Time MkDocs' phases and, with ``pipeline``, our steps; returns the labels in place.

    The baseline build passes ``pipeline=False`` so that it never imports plato_site (its
    peak memory must not include our modules).
    """
    import material.plugins.search.plugin as search
    import mkdocs.commands.build as mkdocs_build

    steps: list[tuple[Any, str, str, list[str]]] = []
    if pipeline:
        import plato_site.adapter  # noqa: F401  (imports the whole pipeline)
        from plato_site import derive, feed_job, validate
        from plato_site import plan as plan_module
        from plato_site.render.pages import PageRenderer

        ours = ["plato_site"]
        steps += [
            (validate, "load_content", "load_validate", ours),
            (derive, "derive_site", "derive", ours),
            # What the build waits for: starting the job (the whole writing when in process)
            # and collecting its result (what the feed process has not finished by then).
            (feed_job.FeedJob, "__init__", "feeds", []),
            (feed_job.FeedJob, "result", "feeds", []),
            (plan_module, "plan_site", "pages", ours),
            # The pages render when MkDocs asks for them (on_page_content).
            (PageRenderer, "render", "pages", ours),
        ]
    steps += [
        (mkdocs_build, "_populate_page", "mkdocs_markdown", ["mkdocs"]),
        (mkdocs_build, "_build_page", "mkdocs_templates", ["mkdocs"]),
        (search.SearchPlugin, "on_page_context", "search_index", []),
    ]
    return [label for owner, name, label, where in steps if _instrument(owner, name, label, where)]


class MemorySampler:
    """Peak memory of the build and of its feed process together, sampled every 10 ms.

    A forked process shares its parent's pages until one of them writes to a page: the
    memory the two use together is the build's RSS plus the child's private pages (those
    no longer shared), not the sum of both RSS. VmHWM gives the build's own peak exactly;
    while a child runs, the sum is sampled.
    """

    def __init__(self) -> None:
        self.peak_kb = 0
        self.child_peak_kb = 0  # the feed process's private pages, at their peak
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            children = _children_private_kb()
            if children:
                self.child_peak_kb = max(self.child_peak_kb, children)
                self.peak_kb = max(self.peak_kb, _status_kb("VmRSS") + children)


def _children_private_kb() -> int:
    total = 0
    for tasks in Path("/proc/self/task").glob("*/children"):
        for pid in tasks.read_text().split():
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue  # it ended meanwhile
            for line in rollup.splitlines():
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    return total


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _start_profiler() -> Any:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.005)
    profiler.start()
    return profiler


def peak_rss_kb() -> int:
    """Peak resident memory of this build, in KiB.

    Linux carries ru_maxrss over exec: a child started by a big parent (the benchmark holds a
    whole network in memory) would report the parent's size. VmHWM belongs to the memory
    of this program only.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def count_outputs(site_dir: Path) -> tuple[int, int]:
    pages = sum(1 for path in site_dir.rglob("*.html") if path.name != "404.html")
    feeds = sum(1 for _ in site_dir.rglob("*.ics"))
    return pages, feeds


def largest_feeds(site_dir: Path) -> dict[str, Any]:
    """The largest feed in octets and in events: Google Calendar reads about 1 MB / 1,000."""
    sizes = {p: p.stat().st_size for p in site_dir.rglob("*.ics")}
    if not sizes:
        return {}
    biggest = max(sizes, key=lambda p: (sizes[p], str(p)))
    counts = {p: p.read_bytes().count(b"BEGIN:VEVENT") for p in sizes}
    most = max(counts, key=lambda p: (counts[p], str(p)))
    return {
        "largest_feed": biggest.relative_to(site_dir).as_posix(),
        "largest_feed_bytes": sizes[biggest],
        "most_events_feed": most.relative_to(site_dir).as_posix(),
        "most_events": counts[most],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config", type=Path)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument report here")
    parser.add_argument(
        "--host-only", action="store_true", help="time MkDocs only (baseline: no plato_site)"
    )
    parser.add_argument(
        "--feeds-in-process", action="store_true", help="no second process for the feeds"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    labels = instrument(pipeline=not args.host_only)
    imported = time.perf_counter()
    profiler = _start_profiler() if args.profile else None
    config = load_config(str(args.config), site_dir=str(args.site_dir))
    if args.feeds_in_process:
        config.plugins["plato"].config.feeds_in_parallel = False
    with MemorySampler() as memory:
        build(config)
    built = time.perf_counter()
    if profiler is not None:
        profiler.stop()
        args.profile.write_text(profiler.output_text(color=False), encoding="utf-8")
    pages, feeds = count_outputs(args.site_dir)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "import_s": imported - start,
        "build_s": built - imported,
        "steps": {label: _totals.get(label, 0.0) for label in labels},
        "pages": pages,
        "feeds": feeds,
        "maxrss_kb": peak_rss_kb(),
        # With the feed process: the build and it together, and its own private pages.
        "peak_with_feed_process_kb": max(peak_rss_kb(), memory.peak_kb),
        "feed_process_private_kb": memory.child_peak_kb,
        "feed_process_cpu_s": children.ru_utime + children.ru_stime,
        **largest_feeds(args.site_dir),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
