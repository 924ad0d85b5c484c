"""``make bench`` (second part): what a visitor downloads and how fast the pages feel.

- The search index of the 100-territory synthetic network (``tests/synthetic.py``): its raw
  and gzip size, the share of meeting-list sections left in it, and whether every territory
  is still found by its name and its town, and every group by a topic.
- The example site and the synthetic network served by Debian's Apache set up as the guide
  page "Publier le site" says (the .htaccess of the build compresses): the compressed bytes
  of HTML + CSS + JS of the home, a territory, a group and an event page, and Lighthouse's
  mobile performance score for each (the ``lighthouse`` npm package pinned in
  ``tests/benchmarks/lighthouse/``, run on Debian's Chromium).

The results replace the part of ``RESULTS.md`` between the ``weight:begin`` and
``weight:end`` markers.

    .venv/bin/python -m tests.benchmarks.weight              # ~5 minutes on 2 cores
    .venv/bin/python -m tests.benchmarks.weight --runs 1 --no-write
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup

from plato_site.render import urls
from tests.helpers import (
    EXAMPLE_EPOCH,
    REPO_ROOT,
    ApacheError,
    apache_server,
    build_project,
    readable_copy,
)
from tests.synthetic import generate_network

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN, END = "<!-- weight:begin -->", "<!-- weight:end -->"
LIGHTHOUSE = Path(__file__).with_name("lighthouse") / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
NETWORK_SIZE = 100

# Targets of issue 13.
INDEX_LIMIT = 1_500_000  # bytes, raw
TERRITORY_PAGE_LIMIT = 150 * 1024  # bytes, compressed HTML + CSS + JS
PERFORMANCE_TARGET = 95

LIGHTHOUSE_CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
AUDITS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
OPPORTUNITIES = ("render-blocking-resources", "unused-css-rules", "unused-javascript")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the search index ------------------------------------------------------------------------


@dataclass
class IndexFigures:
    raw: int
    gzipped: int
    docs: int
    meeting_share: float  # bytes of month and meeting-table sections / all sections
    territories: int
    by_name: int
    by_town: int
    groups: int
    by_topic: int


def index_figures(site: Path, content: Path) -> IndexFigures:
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]
    sizes = [(doc["location"], len(json.dumps(doc))) for doc in docs]
    meetings = sum(size for loc, size in sizes if "#m-" in loc or loc.endswith("#rencontres"))
    found = [f"{doc['title']} {doc['text']}".casefold() for doc in docs]
    titles = {doc["title"] for doc in docs}
    by_name = by_town = groups = by_topic = territories = 0
    for path in sorted((content / "territoires").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        territories += 1
        by_name += data["name"] in titles
        town = data["chamber"]["address"]["city"].casefold()
        by_town += any(town in text for text in found)
        for group in data.get("groups", []):
            topics = [topic.casefold() for topic in group.get("topics", [])]
            if not topics:
                continue
            groups += 1
            name = group["name"].casefold()
            by_topic += any(name in text and any(t in text for t in topics) for text in found)
    return IndexFigures(
        raw=len(raw),
        gzipped=len(gzip.compress(raw, 6)),
        docs=len(docs),
        meeting_share=meetings / max(sum(size for _, size in sizes), 1),
        territories=territories,
        by_name=by_name,
        by_town=by_town,
        groups=groups,
        by_topic=by_topic,
    )


# --- serving with compression ----------------------------------------------------------------


@contextlib.contextmanager
def apache(site: Path) -> Iterator[str]:
    """Serve ``site`` with Debian's Apache and the site's .htaccess; yields its base URL."""
    try:
        with apache_server(site) as base:
            yield base
    except ApacheError as error:
        raise SystemExit(str(error)) from error


def _get(url: str) -> tuple[bytes, str]:
    """The body as sent (compressed when the server compresses) and its Content-Encoding."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


@dataclass
class Weight:
    html: int
    css: int
    js: int
    encodings: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def page_weight(url: str) -> Weight:
    """Compressed bytes of the page's HTML and of the stylesheets and scripts it loads."""
    body, encoding = _get(url)
    html = gzip.decompress(body) if encoding == "gzip" else body
    soup = BeautifulSoup(html, "html.parser")
    weight = Weight(html=len(body), css=0, js=0, encodings={encoding or "identity"})
    for link in soup.select('link[rel~="stylesheet"][href]'):
        data, enc = _get(urljoin(url, str(link["href"])))
        weight.css += len(data)
        weight.encodings.add(enc or "identity")
    for script in soup.select("script[src]"):
        data, enc = _get(urljoin(url, str(script["src"])))
        weight.js += len(data)
        weight.encodings.add(enc or "identity")
    return weight


# --- Lighthouse ------------------------------------------------------------------------------


@dataclass
class Lighthouse:
    scores: list[float]
    metrics: dict[str, str]  # of the median run
    opportunities: dict[str, str]

    @property
    def score(self) -> float:
        return statistics.median(self.scores)


def lighthouse(url: str, runs: int, workdir: Path) -> Lighthouse:
    """Lighthouse's default: a mobile phone on a throttled network, performance only."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is missing at {LIGHTHOUSE}: run `make bench-deps`.")
    reports = []
    for run in range(runs):
        output = workdir / f"lighthouse-{run}.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={output}",
                "--quiet",
                f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            timeout=300,
        )
        reports.append(json.loads(output.read_text("utf-8")))
    scores = [float(r["categories"]["performance"]["score"]) * 100 for r in reports]
    median = reports[sorted(range(runs), key=lambda i: scores[i])[runs // 2]]
    audits = median["audits"]
    metrics = {label: str(audits[key]["displayValue"]) for key, label in AUDITS.items()}
    opportunities = {
        key: str(audits[key].get("displayValue") or "—")
        for key in OPPORTUNITIES
        if key in audits and audits[key].get("score") is not None and audits[key]["score"] < 0.9
    }
    return Lighthouse(scores, metrics, opportunities)


# --- the run ---------------------------------------------------------------------------------


@dataclass
class PageResult:
    site: str
    kind: str
    path: str
    weight: Weight
    lighthouse: Lighthouse | None


def example_pages(site: Path) -> list[tuple[str, str]]:
    pages = [
        ("home", ""),
        ("territory", "territoires/roannais/"),
        ("group", "territoires/roannais/groupes/roannais-6/"),
    ]
    # A public event's page: the first of Roannais, by its id (render/urls.event).
    calendar = urls.calendar("roannais")
    events = sorted((site / calendar).glob("*/index.html"))
    if events:
        pages.append(("event", urls.event("roannais", events[0].parent.name)))
    return pages


def measure_pages(
    label: str, site: Path, pages: Sequence[tuple[str, str]], runs: int, workdir: Path
) -> list[PageResult]:
    results = []
    served = readable_copy(site, Path(tempfile.mkdtemp(prefix="plato-weight-site-")))
    try:
        with apache(served) as base:
            for kind, path in pages:
                weight = page_weight(base + path)
                log(f"{label} {kind}: {weight.total / 1024:.1f} KiB compressed")
                report = lighthouse(base + path, runs, workdir) if runs else None
                if report:
                    log(f"{label} {kind}: Lighthouse {report.scores}")
                results.append(PageResult(label, kind, path, weight, report))
    finally:
        shutil.rmtree(served.parent, ignore_errors=True)
    return results


def build_network(workdir: Path) -> tuple[Path, Path, str]:
    network = generate_network(workdir / "network", NETWORK_SIZE)
    site = network.root / "site"
    log(f"building the {NETWORK_SIZE}-territory network")
    build_project(network.root, site, epoch=network.source_date_epoch, strict=False)
    slug = network.territories[0]
    return site, network.content_dir, slug


def report(index: IndexFigures, pages: list[PageResult], runs: int, started: datetime) -> str:
    def kib(value: int) -> str:
        return f"{value / 1024:.1f} KiB"

    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    lines = [
        f"Run of {started:%Y-%m-%d %H:%M} UTC, commit {_commit()}; Python "
        f"{platform.python_version()}, Chromium {_chromium_version()}, Lighthouse "
        f"{_lighthouse_version()} (mobile: simulated slow 4G and 4× CPU slowdown, its default), "
        f"median of {runs} run(s) per page; load average at the end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        f"### Search index ({NETWORK_SIZE}-territory synthetic network)",
        "",
        f"- `search/search_index.json`: **{index.raw / 1e6:.2f} MB** raw "
        f"({index.gzipped / 1e6:.2f} MB gzip), {index.docs} sections; "
        f"meeting-list sections: {index.meeting_share:.0%} of it (before issue 13's change: "
        "8.24 MB at commit 6b73c54, mostly meeting lists; the issue measured 8.08 MB, 89 %)",
        f"- found by name: {index.by_name}/{index.territories} territories; by the town of "
        f"their CCI: {index.by_town}/{index.territories}; groups by a topic of their YAML (with "
        f"their name in the same section): {index.by_topic}/{index.groups}",
        "",
        "### Page weight and Lighthouse (mobile), behind Apache with compression",
        "",
        "Weight: compressed bytes of the HTML and of the stylesheets and scripts it loads "
        "(images, fonts and the search index, loaded later, excluded).",
        "",
        "| site | page | HTML | CSS | JS | total | performance | FCP | LCP | TBT | CLS | flagged |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages:
        w, lh = page.weight, page.lighthouse
        score = (
            f"{lh.score:.0f} ({'–'.join(f'{s:.0f}' for s in (min(lh.scores), max(lh.scores)))})"
            if lh
            else "—"
        )
        metrics = [lh.metrics[m] if lh else "—" for m in ("FCP", "LCP", "TBT", "CLS")]
        flagged = ", ".join(f"{k} {v}" for k, v in lh.opportunities.items()) if lh else ""
        lines.append(
            f"| {page.site} | {page.kind} (`/{page.path}`) | {kib(w.html)} | {kib(w.css)} | "
            f"{kib(w.js)} | {kib(w.total)} | {score} | {' | '.join(metrics)} | "
            f"{flagged or '—'} |"
        )
    encodings = set().union(*(p.weight.encodings for p in pages))
    lines += [
        "",
        f"Content-Encoding of these responses: {', '.join(sorted(encodings))} (Apache with "
        "`AllowOverride FileInfo` and mod_deflate, mod_filter, mod_headers: the compression "
        "comes from the `.htaccess` the build writes, none from the server's configuration).",
    ]
    territory = [p for p in pages if p.kind == "territory"]
    scored = [p for p in pages if p.lighthouse]
    lines += [
        "",
        "### Targets",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        f"| search index ≤ 1.5 MB raw ({NETWORK_SIZE} territories) | "
        f"{index.raw / 1e6:.2f} MB | {met(index.raw <= INDEX_LIMIT)} |",
        f"| territory page ≤ 150 KB compressed | "
        f"{', '.join(kib(p.weight.total) for p in territory)} | "
        f"{met(all(p.weight.total <= TERRITORY_PAGE_LIMIT for p in territory))} |",
        f"| Lighthouse mobile performance ≥ {PERFORMANCE_TARGET} | "
        f"{', '.join(f'{p.kind} {p.lighthouse.score:.0f}' for p in scored if p.lighthouse)} | "
        f"{met(all(p.lighthouse.score >= PERFORMANCE_TARGET for p in scored if p.lighthouse))} |",
    ]
    return "\n".join(lines) + "\n"


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT
    )
    return result.stdout.strip() or "unknown"


def _chromium_version() -> str:
    result = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True)
    return result.stdout.strip().removeprefix("Chromium ").split(" ")[0] or "?"


def _lighthouse_version() -> str:
    package = LIGHTHOUSE.parents[1] / "lighthouse" / "package.json"
    return str(json.loads(package.read_text("utf-8"))["version"]) if package.exists() else "?"


def write_results(text: str, output: Path = RESULTS) -> None:
    current = output.read_text("utf-8")
    if BEGIN in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
    else:
        before, after = current.rstrip("\n") + "\n\n## Weight and speed a visitor feels\n\n", "\n"
    output.write_text(f"{before}{BEGIN}\n{text}{END}{after}", "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (0: none)")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    args = parser.parse_args(argv)
    started = datetime.now(tz=UTC)
    workdir = Path(tempfile.mkdtemp(prefix="plato-weight-"))
    try:
        example = build_project(REPO_ROOT, workdir / "example" / "site", epoch=EXAMPLE_EPOCH)
        pages = measure_pages("example", example, example_pages(example), args.runs, workdir)
        network_site, content, slug = build_network(workdir)
        index = index_figures(network_site, content)
        log(f"search index: {index.raw} bytes")
        network_pages = [("home", ""), ("territory", f"territoires/{slug}/")]
        pages += measure_pages(
            f"{NETWORK_SIZE} territories", network_site, network_pages, args.runs, workdir
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(index, pages, args.runs, started)
    print(text)
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
