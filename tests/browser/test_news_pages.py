"""Actualités in a real browser: the list of posts, a post reporting press coverage and
a territory's latest posts, at phone and desktop width: 0 axe-core violations (WCAG 2.0/2.1
A and AA), nothing requested from another origin, no console error, no sideways scrolling.

The example is built once with one more post (press coverage, with an image), so that
every part of a post is on screen; the screenshots are saved for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from plato_site.i18n import Catalog
from plato_site.render import urls
from tests.browser.conftest import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    SCREENSHOT_DIR,
    RecordedPage,
    RunAxe,
    SaveScreenshot,
    ServeDirectory,
    assert_accessible_and_local,
    pages_by_width,
    visit,
)
from tests.test_news import PRESS

T = Catalog("fr")
NEWS_PAGES = {
    "news-list": urls.news(),
    "news-post-press": urls.post(PRESS),
    "news-territory": urls.territory("roannais"),
}


@pytest.fixture(scope="module")
def news_url(press_site: Path, serve_directory: ServeDirectory) -> str:
    return serve_directory(press_site)


@pytest.fixture(scope="module")
def pages(browser: Browser) -> Iterator[dict[int, RecordedPage]]:
    with pages_by_width(browser) as opened:
        yield opened


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("kind", list(NEWS_PAGES))
def test_news_pages_are_accessible_and_local(
    kind: str,
    width: int,
    news_url: str,
    pages: dict[int, RecordedPage],
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = pages[width]
    page = visit(recorded, news_url + NEWS_PAGES[kind])
    # Nothing wider than the screen: the post's image included.
    assert_accessible_and_local(recorded, news_url, run_axe, width)
    if kind == "news-post-press":
        image = page.locator(".plato-post-image img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.locator(".plato-post-source a").is_visible()
    if kind == "news-territory":  # the block itself, to look at without scrolling
        top = page.locator("h2", has_text=T("news.territory_title")).bounding_box()
        end = page.locator("ul.plato-news + p").bounding_box()
        assert top is not None and end is not None
        clip = {"x": 0, "y": top["y"] - 16, "width": width}
        clip["height"] = end["y"] + end["height"] - clip["y"] + 16
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / f"news-block-{width}.png", clip=clip, full_page=True)  # type: ignore[arg-type]
    save_screenshot(page, f"{kind}-{width}")
