"""Browser test harness: Debian's Chromium driven by Playwright, a local static
server, axe-core, and a record of what each page requested and logged.

Chromium must come from Debian (`make browser-deps`); Playwright never downloads a
browser here. A missing browser or axe-core fails the test instead of skipping it,
so CI can never pass without having looked at a page.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)

from tests.helpers import EXAMPLE_EPOCH, build_project, copy_project

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path("/usr/bin/chromium")
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "tests" / "screenshots"
SCREENSHOT_MAX_HEIGHT = 5000  # CSS pixels

# Without the background-networking flags Chromium keeps trying to reach Google's
# services, which this machine's closed network refuses; the sandbox cannot run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# RGAA 4 follows WCAG 2.1 levels A and AA; WCAG 2.2 AA adds target size and focus rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

DESKTOP_WIDTH = 1280
PHONE_WIDTH = 375
# The example's build date: pages opened at this time show what the build wrote.
BUILD_TIME = datetime.fromtimestamp(int(EXAMPLE_EPOCH), tz=UTC)

# Schemes that never leave the machine, whatever the page's origin.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

AxeViolation = dict[str, Any]


class AxeViolations(list[AxeViolation]):
    """axe-core's violations. `str()` gives one readable line per rule and per
    element: use `assert not violations, str(violations)` (pytest cuts a non-string
    message short)."""

    def __str__(self) -> str:
        lines = [f"{len(self)} axe violation(s)"]
        for violation in self:
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"    {target}: {summary}")
        return "\n".join(lines)


ServeDirectory = Callable[[Path], str]
NewPage = Callable[..., "RecordedPage"]
RunAxe = Callable[[Page], AxeViolations]
SaveScreenshot = Callable[[Page, str], Path]

_screenshots_key = pytest.StashKey[list[Path]]()


@dataclass
class RecordedPage:
    """A page and everything it did since it was opened."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what was recorded: a reused page, before its next navigation."""
        self.requests.clear()
        self.console_errors.clear()
        self.failed_responses.clear()

    def wait_until_quiet(self, quiet_ms: int = 200, timeout_ms: int = 5000) -> None:
        """Wait until the page has requested nothing new for ``quiet_ms`` (what a page
        fetches after its load event: search index, workers). Faster than Playwright's
        "networkidle", which always waits 500 ms."""
        waited = 0
        while waited < timeout_ms:
            seen = len(self.requests)
            self.page.wait_for_timeout(quiet_ms)
            waited += quiet_ms
            if len(self.requests) == seen:
                return

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests that left the origin of `base_url` (a third party would see them)."""
        origin = _origin(base_url)
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and _origin(url) != origin
        ]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _record(recorded: RecordedPage) -> None:
    page = recorded.page

    def on_request(request: Request) -> None:
        recorded.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.console_errors.append(f"{message.text} ({message.location})")

    def on_page_error(error: Exception) -> None:
        recorded.console_errors.append(f"uncaught: {error}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            recorded.failed_responses.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        recorded.failed_responses.append(f"{request.failure} {request.url}")

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)


# --- Browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Headless Chromium from Debian; fails (never skips) when it is not installed."""
    if not CHROMIUM_PATH.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM_PATH}: browser tests need Debian's "
            "chromium package. Run `make browser-deps` (apt-get install chromium).",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM_PATH),
        headless=True,
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


def open_recorded_page(
    browser: Browser,
    width: int = DESKTOP_WIDTH,
    height: int = 900,
    *,
    touch: bool | None = None,
    javascript: bool = True,
    scheme: Literal["light", "dark"] = "light",
) -> RecordedPage:
    """A recorded page in a new context (French locale, Paris time zone); close it with
    ``recorded.page.context.close()``. Up to phone width the context is a touch screen
    without hover, as on a real phone (Material behaves differently there). ``scheme``: the
    colour scheme the device prefers (the site follows it until the visitor switches)."""
    phone = width <= PHONE_WIDTH if touch is None else touch
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="fr-FR",
        timezone_id="Europe/Paris",
        service_workers="block",
        is_mobile=phone,
        has_touch=phone,
        java_script_enabled=javascript,
        color_scheme=scheme,
    )
    recorded = RecordedPage(page=context.new_page())
    _record(recorded)
    return recorded


@contextlib.contextmanager
def pages_by_width(
    browser: Browser,
    widths: Iterable[int] = (DESKTOP_WIDTH, PHONE_WIDTH),
    height: int = 900,
    *,
    scheme: Literal["light", "dark"] = "light",
) -> Iterator[dict[int, RecordedPage]]:
    """One recorded page per width, its clock at the example's build time, for a module
    fixture that visits many pages with them (see `visit`); closed on exit."""
    pages = {width: open_recorded_page(browser, width, height, scheme=scheme) for width in widths}
    for recorded in pages.values():
        recorded.page.clock.set_fixed_time(BUILD_TIME)
    try:
        yield pages
    finally:
        for recorded in pages.values():
            recorded.page.context.close()


def visit(recorded: RecordedPage, url: str) -> Page:
    """Load ``url`` in a reused page, forgetting what it recorded before, and wait until
    it is quiet (search index and workers included)."""
    recorded.clear()
    recorded.page.goto(url, wait_until="load")
    recorded.wait_until_quiet()
    return recorded.page


def assert_accessible_and_local(
    recorded: RecordedPage, site_url: str, run_axe: RunAxe, width: int
) -> None:
    """What every visitor page owes a visitor, checked on the page ``recorded`` shows:
    0 axe-core violations (WCAG 2.x A and AA), no request leaving ``site_url``'s origin,
    no failed response, no console error, and nothing wider than ``width`` (WCAG 1.4.10)."""
    page = recorded.page
    violations = run_axe(page)
    assert not violations, str(violations)
    assert recorded.foreign_requests(site_url) == []
    assert recorded.failed_responses == []
    assert recorded.console_errors == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    """Open recorded pages: `new_page(width=375)` (a phone), `javascript=False`…"""
    contexts = []

    def open_page(width: int = DESKTOP_WIDTH, height: int = 900, **options: Any) -> RecordedPage:
        recorded = open_recorded_page(browser, width, height, **options)
        contexts.append(recorded.page.context)
        return recorded

    yield open_page
    for context in contexts:
        context.close()


# --- Static server ------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output for failures, not for access logs."""


@pytest.fixture(scope="session")
def serve_directory() -> Iterator[ServeDirectory]:
    """Serve a directory over HTTP on 127.0.0.1 (free port); returns its base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(directory: Path) -> str:
        if not directory.is_dir():
            pytest.fail(f"Nothing to serve: {directory} is not a directory", pytrace=False)
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        return f"http://{host!s}:{port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


# --- The example site -------------------------------------------------------

# What staff may write in a hand-written Markdown page: a table wider than a phone and
# a long line of code. Added to the example for this session's build only.
HAND_WRITTEN_PAGE = "tableau-des-programmes.md"
_TABLE = [
    ["Territoire", "Chambre de commerce", "Adresse de la chambre", "Rythme des rencontres"],
    ["---"] * 4,
    [
        "Roannais",
        "CCI du Roannais",
        "8 rue Aristide Briand, 42300 Roanne",
        "le 2e jeudi du mois, de 8 h 30 à 12 h, pendant deux ans",
    ],
    [
        "Seine-Aval",
        "CCI Paris Île-de-France",
        "2 avenue Paul Raoult, 78130 Les Mureaux",
        "une matinée par mois, vingt-quatre rencontres en deux ans",
    ],
]
_LONG_CODE = (
    'description: "Plato réunit, sur un même territoire, dix à dix-huit dirigeants'
    ' de TPE-PME et trois cadres de grandes entreprises."'
)
HAND_WRITTEN = "\n".join(
    [
        "# Les programmes en un tableau",
        "",
        "Ce tableau résume les programmes de chaque territoire.",
        "",
        "## Programmes par territoire",
        "",
        *("| " + " | ".join(row) + " |" for row in _TABLE),
        "",
        "## Exemple de fichier",
        "",
        "```yaml",
        _LONG_CODE,
        "```",
        "",
    ]
)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory, serve_directory: ServeDirectory) -> str:
    project = copy_project(tmp_path_factory.mktemp("quality") / "project")
    (project / "content" / HAND_WRITTEN_PAGE).write_text(HAND_WRITTEN, encoding="utf-8")
    return serve_directory(build_project(project, project / "site"))


# --- axe-core -----------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE_PATH}: run `make browser-deps` (npm ci).",
            pytrace=False,
        )
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def run_axe(axe_source: str) -> RunAxe:
    """Run axe-core on a loaded page with the WCAG 2.0, 2.1 and 2.2 A and AA rules."""

    def run(page: Page) -> AxeViolations:
        # Evaluated through the DevTools protocol: no request, and no page CSP in the way.
        page.evaluate(axe_source)
        violations: list[AxeViolation] = page.evaluate(
            """async (tags) => {
                const results = await axe.run(document, {
                    runOnly: { type: "tag", values: tags },
                    resultTypes: ["violations"],
                });
                return results.violations;
            }""",
            AXE_TAGS,
        )
        return AxeViolations(violations)

    return run


# --- Screenshots --------------------------------------------------------------


@pytest.fixture
def save_screenshot(request: pytest.FixtureRequest) -> SaveScreenshot:
    """Save a full-page PNG to tests/screenshots/; the paths are listed after the run."""
    saved = request.config.stash.setdefault(_screenshots_key, [])

    def save(page: Page, name: str, max_height: int = SCREENSHOT_MAX_HEIGHT) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        # The top of a very long page (the network calendar) is enough to look at, and
        # capturing all of it costs seconds.
        width, height = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
        page.screenshot(path=str(path), full_page=True, clip=clip)
        saved.append(path)
        return path

    return save


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    saved = config.stash.get(_screenshots_key, [])
    if saved:
        terminalreporter.write_sep("-", f"{len(saved)} screenshot(s) in {SCREENSHOT_DIR}")
        for path in saved:
            terminalreporter.write_line(str(path.relative_to(REPO_ROOT)))
