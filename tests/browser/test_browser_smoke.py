"""The browser harness itself: a clean French page passes every check, and a page
with the faults we hunt for (low contrast, a third-party request, a console error)
is caught by each of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import assert_accessible_and_local

if TYPE_CHECKING:
    from conftest import AxeViolations, RecordedPage

    NewPage = Callable[..., RecordedPage]
    RunAxe = Callable[..., AxeViolations]
    ServeDirectory = Callable[[Path], str]
    SaveScreenshot = Callable[..., Path]

CLEAN_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Plato Roannais – test du banc navigateur</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <main>
    <h1>Plato Roannais</h1>
    <p>Dix à douze dirigeants de PME se réunissent chaque mois pendant deux ans.</p>
  </main>
</body>
</html>
"""

CLEAN_STYLE = """body { font-family: sans-serif; color: #1a1a1a; background: #ffffff;
  margin: 2rem; } h1 { color: #00305e; }"""

# Light grey on white (about 1.5:1), a script that logs an error, and an image
# taken from another origin (another local port: nothing leaves the machine).
FAULTY_PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Page fautive</title><link rel="icon" href="data:,"></head>
<body>
  <main>
    <h1>Page fautive</h1>
    <p style="color: #dddddd; background: #ffffff">Texte presque invisible.</p>
    <img src="{foreign}pixel.svg" alt="Pixel">
    <script>console.error("plato-harness-check");</script>
  </main>
</body>
</html>
"""

PIXEL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


@pytest.mark.parametrize("width", [1280, 375])
def test_clean_french_page_passes_every_check(
    tmp_path: Path,
    width: int,
    serve_directory: ServeDirectory,
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    (tmp_path / "index.html").write_text(CLEAN_PAGE, encoding="utf-8")
    (tmp_path / "style.css").write_text(CLEAN_STYLE, encoding="utf-8")
    base_url = serve_directory(tmp_path)
    recorded = new_page(width=width)

    recorded.page.goto(base_url, wait_until="load")

    assert recorded.page.locator("h1").inner_text() == "Plato Roannais"
    assert f"{base_url}style.css" in recorded.requests
    assert_accessible_and_local(recorded, base_url, run_axe, width)
    screenshot = save_screenshot(recorded.page, f"harness-smoke-{width}")
    assert screenshot.stat().st_size > 0


def serve_with_a_foreign_pixel(
    root: Path, serve_directory: ServeDirectory, page: str
) -> tuple[str, str]:
    """Serve ``page`` (its ``{foreign}`` replaced by the URL of another origin serving
    pixel.svg) with the clean style; returns the two base URLs, the page's first."""
    site, elsewhere = root / "site", root / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (elsewhere / "pixel.svg").write_text(PIXEL_SVG, encoding="utf-8")
    foreign_url = serve_directory(elsewhere)
    (site / "index.html").write_text(page.replace("{foreign}", foreign_url), encoding="utf-8")
    (site / "style.css").write_text(CLEAN_STYLE, encoding="utf-8")
    return serve_directory(site), foreign_url


def test_faults_are_caught(
    tmp_path: Path,
    serve_directory: ServeDirectory,
    new_page: NewPage,
    run_axe: RunAxe,
) -> None:
    base_url, foreign_url = serve_with_a_foreign_pixel(tmp_path, serve_directory, FAULTY_PAGE)
    recorded = new_page()

    recorded.page.goto(base_url, wait_until="load")

    assert [violation["id"] for violation in run_axe(recorded.page)] == ["color-contrast"]
    assert recorded.foreign_requests(base_url) == [f"{foreign_url}pixel.svg"]
    assert len(recorded.console_errors) == 1
    assert "plato-harness-check" in recorded.console_errors[0]


# One fault each, added to the clean page's <main>, and what the failure then names: each
# check of `assert_accessible_and_local` catches its own fault.
ONE_FAULT = {
    "axe": ('<p style="color: #dddddd">Texte presque invisible.</p>', "color-contrast"),
    "foreign-request": ('<img src="{foreign}pixel.svg" alt="Pixel">', "pixel.svg"),
    "failed-response": ('<img src="missing.svg" alt="Absente">', "404"),
    "console-error": ('<script>console.error("plato-harness-check");</script>', "harness-check"),
    "sideways-scroll": ('<p style="width: 2000px">Trop large.</p>', "px wide on a 375 px screen"),
}


@pytest.mark.parametrize("fault", list(ONE_FAULT))
def test_accessible_and_local_check_fails_on_each_fault(
    fault: str,
    tmp_path: Path,
    serve_directory: ServeDirectory,
    new_page: NewPage,
    run_axe: RunAxe,
) -> None:
    faulty, named = ONE_FAULT[fault]
    page = CLEAN_PAGE.replace("</main>", f"  {faulty}\n  </main>")
    base_url, _ = serve_with_a_foreign_pixel(tmp_path, serve_directory, page)
    recorded = new_page(width=375)

    recorded.page.goto(base_url, wait_until="load")
    recorded.wait_until_quiet()

    with pytest.raises(AssertionError) as failure:
        assert_accessible_and_local(recorded, base_url, run_axe, 375)
    assert named in str(failure.value)
