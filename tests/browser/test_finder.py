"""The home page's territory finder and map in Debian's Chromium (issue 13): a visitor
types a commune or a postal code and reaches the territory that serves it, by mouse or
keyboard, hears how many were found, is told whom to call when none serves it; the map's
points lead to every territory by keyboard; the first screen of a phone holds the pitch,
the finder and the open groups. Served from the example site built once for the session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from plato_site.i18n import Catalog
from tests.browser.conftest import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    NewPage,
    RecordedPage,
    RunAxe,
    SaveScreenshot,
    assert_accessible_and_local,
    pages_by_width,
)

T = Catalog("fr")
SCREEN_HEIGHT = 740
INPUT = "#plato-finder-input"
STATUS = ".plato-finder__status"
RESULTS = ".plato-finder__results a"

# (territory, its page, a commune as a visitor may type it, one of its postal codes)
SEEDS = [
    ("Roannais", "territoires/roannais/", "riorges", "42153"),
    (
        "Boucle des Hauts-de-Seine",
        "territoires/boucle-des-hauts-de-seine/",
        "Rueil Malmaison",
        "92500",
    ),
    ("Seine Aval", "territoires/seine-aval/", "conflans ste honorine", "78700"),
    (
        "Vallée scientifique de la Bièvre",
        "territoires/vallee-scientifique-de-la-bievre/",
        "L’HAY-LES-ROSES",
        "94240",
    ),
]


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[RecordedPage]:
    with pages_by_width(browser, [PHONE_WIDTH], SCREEN_HEIGHT) as pages:
        yield pages[PHONE_WIDTH]


def _search(page: Page, site_url: str, typed: str) -> str:
    """Type ``typed`` into the finder of a fresh home page; the status line once it speaks."""
    page.goto(site_url)
    page.fill(INPUT, typed)
    status = page.locator(STATUS)
    status.filter(has_text="«").wait_for()
    return status.inner_text()


@pytest.mark.parametrize(("name", "url", "commune", "postal_code"), SEEDS)
def test_a_commune_and_a_postal_code_find_their_territory(
    name: str, url: str, commune: str, postal_code: str, site_url: str, phone: RecordedPage
) -> None:
    page = phone.page
    for typed in (commune, postal_code):
        status = _search(page, site_url, typed)
        assert status == T("finder.found_one").format(query=typed), status
        link = page.locator(RESULTS)
        assert link.count() == 1
        assert link.inner_text() == name
        assert link.get_attribute("href") == url
    assert not phone.foreign_requests(site_url)
    assert not phone.console_errors


def test_a_postal_code_prefix_lists_the_territories_of_a_department(
    site_url: str, phone: RecordedPage
) -> None:
    status = _search(phone.page, site_url, "92")
    names = phone.page.locator(RESULTS).all_inner_texts()
    assert names == ["Boucle des Hauts-de-Seine", "Vallée scientifique de la Bièvre"]
    assert status == T("finder.found_other").format(count=2, query="92")


def test_a_commune_not_served_says_so_and_whom_to_call(site_url: str, phone: RecordedPage) -> None:
    status = _search(phone.page, site_url, "Lyon")
    assert status == T("finder.none").format(query="Lyon")
    assert phone.page.locator(RESULTS).count() == 0
    contact = phone.page.locator(".plato-finder__contact")
    assert contact.is_visible()
    assert contact.locator("a[href^='tel:']").count() == 1
    assert contact.locator("a[href='#plato-territories']").is_visible()


def test_the_keyboard_goes_from_the_typed_commune_to_its_territory(
    site_url: str, phone: RecordedPage
) -> None:
    page = phone.page
    page.goto(site_url)
    page.locator(INPUT).focus()
    page.keyboard.type("Poissy")
    page.keyboard.press("Enter")  # the first result takes the focus
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "territoires/seine-aval/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/seine-aval/")


def test_the_map_reaches_every_territory_by_keyboard(site_url: str, new_page: NewPage) -> None:
    page = new_page(DESKTOP_WIDTH).page
    page.goto(site_url)
    page.locator("h2#plato-map-title").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    reached: list[str] = []
    for _ in range(4):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        box = page.evaluate("document.activeElement.closest('svg') !== null")
        assert box, reached
    assert sorted(reached) == sorted(name for name, *_ in SEEDS)
    # The name of the focused point is shown, and Enter opens its page.
    assert page.locator("svg a:focus text").is_visible()
    target = dict((name, url) for name, url, *_ in SEEDS)[reached[-1]]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target}")


def test_without_javascript_the_list_of_territories_gives_the_communes(
    site_url: str, new_page: NewPage
) -> None:
    page = new_page(PHONE_WIDTH, SCREEN_HEIGHT, javascript=False).page
    page.goto(site_url)
    assert not page.locator(INPUT).is_visible()
    fallback = page.locator(".plato-finder__list a")
    assert fallback.is_visible()
    fallback.click()
    details = page.locator(".plato-communes").first
    details.locator("summary").click()
    assert "Riorges (42153)" in details.inner_text()


def test_first_screen_of_the_home_page_on_a_phone(
    site_url: str, phone: RecordedPage, save_screenshot: SaveScreenshot
) -> None:
    page = phone.page
    page.goto(site_url)
    bottoms = {}
    for name, selector in {
        "pitch": ".md-content p",
        "finder": INPUT,
        "open group": ".plato-open-group .plato-recruit__name",
    }.items():
        box = page.locator(selector).first.bounding_box()
        assert box is not None, name
        bottoms[name] = round(box["y"] + box["height"])
    print("home first screen", bottoms)  # for the closing note
    for name, bottom in bottoms.items():
        assert bottom <= SCREEN_HEIGHT, f"{name} ends at {bottom} px"
    save_screenshot(page, f"home-finder-{PHONE_WIDTH}")


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_home_with_results_and_map_has_no_axe_violation(
    width: int, site_url: str, new_page: NewPage, run_axe: RunAxe, save_screenshot: SaveScreenshot
) -> None:
    recorded = new_page(width, SCREEN_HEIGHT)
    page = recorded.page
    _search(page, site_url, "colombes")
    violations = run_axe(page)
    assert not violations, str(violations)
    page.fill(INPUT, "Lyon")
    page.locator(".plato-finder__contact").wait_for()
    assert_accessible_and_local(recorded, site_url, run_axe, width)
    save_screenshot(page, f"home-finder-results-{width}")
