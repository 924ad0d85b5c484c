"""Testimonials as a prospective member reads them: on the territory page, up to three, the
words in the body-text colour (not Material's grey blockquote), the photo loaded from the site
itself; the territory and "Témoignages" pages free of axe-core violations at both widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    NewPage,
    RunAxe,
    SaveScreenshot,
    ServeDirectory,
    assert_accessible_and_local,
)
from tests.test_testimonials import BOUCLE, PHOTO_ALT

# The luminance contrast WCAG 1.4.3 asks of body text.
MIN_CONTRAST = 4.5

READ_QUOTES = """() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const body = getComputedStyle(document.querySelector("article > p, article p")).color;
  const background = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll(".plato-quotes .plato-quote")].map((q) => {
    const box = q.getBoundingClientRect();
    const words = q.querySelector("blockquote p");
    const caption = q.querySelector("figcaption");
    return {
      width: box.width,
      right: box.right,
      quoteColor: getComputedStyle(words).color,
      captionColor: getComputedStyle(caption).color,
      bodyColor: body,
      contrast: contrast(getComputedStyle(words).color, background),
      italic: getComputedStyle(caption).fontStyle === "italic",
    };
  });
}"""


@pytest.fixture(scope="module")
def site_url(testimonials_site: Path, serve_directory: ServeDirectory) -> str:
    return serve_directory(testimonials_site)


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_territory_page_shows_three_readable_testimonials(
    width: int,
    site_url: str,
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = new_page(width=width)
    page = recorded.page
    page.goto(f"{site_url}{BOUCLE}/")
    quotes = page.evaluate(READ_QUOTES)
    assert len(quotes) == 3  # four in the file: the first three
    for quote in quotes:
        assert quote["width"] > 200
        assert quote["right"] <= width  # nothing cut off at the side
        assert quote["quoteColor"] == quote["bodyColor"]
        assert quote["captionColor"] == quote["bodyColor"]
        assert quote["contrast"] >= MIN_CONTRAST
        assert not quote["italic"]
    photo = page.get_by_role("img", name=PHOTO_ALT)
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "(alt) => { const i = document.querySelector(`img[alt='${alt}']`);"
        " return i && i.complete && i.naturalWidth > 0; }",
        arg=PHOTO_ALT,
    )
    box = photo.bounding_box()
    assert box is not None and round(box["width"]) == round(box["height"])  # the square box
    assert_accessible_and_local(recorded, site_url, run_axe, width)
    photo.scroll_into_view_if_needed()
    save_screenshot(page, f"testimonials-territory-{width}")


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_testimonials_page_has_no_axe_violation(
    width: int,
    site_url: str,
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = new_page(width=width)
    page = recorded.page
    page.goto(f"{site_url}{BOUCLE}/temoignages/")
    assert page.locator(".plato-quote").count() == 4
    assert_accessible_and_local(recorded, site_url, run_axe, width)
    save_screenshot(page, f"testimonials-page-{width}")
