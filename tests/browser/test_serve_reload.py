"""`make serve` in a real browser: a content error replaces the page the staff are looking
at, and the fixed page comes back by itself (livereload), at the same address."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tests.test_serve_errors import (  # noqa: F401 (served is a fixture)
    GROUP_PAGE,
    ROANNAIS,
    _wait_for,
    served,
)

if TYPE_CHECKING:
    from conftest import AxeViolations, RecordedPage

    NewPage = Callable[..., RecordedPage]
    RunAxe = Callable[..., AxeViolations]
    SaveScreenshot = Callable[..., Path]

RELOAD_TIMEOUT_MS = 60_000


def test_browser_shows_errors_then_reloads_the_fixed_page(
    served: tuple[Path, str],  # noqa: F811
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    project, base = served
    url = base + GROUP_PAGE
    _wait_for(url, lambda html: "Plato Roannais 5" in html)  # the first build is done
    recorded = new_page()
    page = recorded.page
    page.goto(url)
    page.wait_for_selector("h1:has-text('Plato Roannais 5')", timeout=RELOAD_TIMEOUT_MS)

    source = project / ROANNAIS
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("weekday: thursday", "weekday: jedi", 1), encoding="utf-8")
    # No navigation from the test: the page reloads itself.
    errors = page.wait_for_selector(".plato-content-errors", timeout=RELOAD_TIMEOUT_MS)
    listed = errors.inner_text()
    assert f"{ROANNAIS}:" in listed
    assert "trouvé « jedi »" in listed
    assert page.url == url
    violations = run_axe(page)
    assert violations == [], str(violations)
    save_screenshot(page, "serve-content-errors")

    source.write_text(text, encoding="utf-8")
    page.wait_for_selector("h1:has-text('Plato Roannais 5')", timeout=RELOAD_TIMEOUT_MS)
    assert page.query_selector(".plato-content-errors") is None
    assert page.url == url
