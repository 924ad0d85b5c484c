"""A public event's page and the calendar's month view, in Debian's Chromium (issue 13).

On a 375 × 740 phone, an event page opened from a shared link shows where to register and
how to add it to a calendar without scrolling; the month view is a real table (caption,
column headers) on a desktop and a list of the busy days at 320 px, never wider than the
screen; axe-core finds nothing on either page at phone and desktop widths.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from plato_site.i18n import Catalog
from plato_site.render import urls
from tests.browser.conftest import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    NewPage,
    RecordedPage,
    RunAxe,
    SaveScreenshot,
    assert_accessible_and_local,
    pages_by_width,
    visit,
)

T = Catalog("fr")
SCREEN_HEIGHT = 740
NARROW_WIDTH = 320  # WCAG 1.4.10

EVENT = urls.event("boucle-des-hauts-de-seine", "information-2027-01")  # form registration
# The month views (territory and network calendars) and a group's folded dates are page
# types of test_site_quality, checked there on the same build with the same check.
PAGES = {
    "event": EVENT,
    "event-past": urls.event("boucle-des-hauts-de-seine", "information-2026-10"),
}


@pytest.fixture(scope="module")
def pages(browser: Browser) -> Iterator[dict[int, RecordedPage]]:
    with pages_by_width(
        browser, (DESKTOP_WIDTH, PHONE_WIDTH, NARROW_WIDTH), SCREEN_HEIGHT
    ) as opened:
        yield opened


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("kind", list(PAGES))
def test_event_and_calendar_pages_are_accessible(
    kind: str,
    width: int,
    site_url: str,
    pages: dict[int, RecordedPage],
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = pages[width]
    page = visit(recorded, site_url + PAGES[kind])
    assert_accessible_and_local(recorded, site_url, run_axe, width)
    save_screenshot(page, f"{kind}-{width}")


def _bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"] + box["height"])


def test_register_and_add_to_calendar_are_on_the_first_phone_screen(
    site_url: str, pages: dict[int, RecordedPage]
) -> None:
    page = visit(pages[PHONE_WIDTH], site_url + EVENT)
    register = page.get_by_role("link", name=T("pages.register"))
    expect(register).to_have_attribute(
        "href", "https://www.example.org/hauts-de-seine/plato/inscription"
    )
    assert _bottom(page, ".plato-apply") <= SCREEN_HEIGHT
    assert _bottom(page, ".plato-add") <= SCREEN_HEIGHT
    google = page.locator(".plato-add").get_by_role("link", name=T("feeds.add.google"))
    expect(google).to_be_visible()
    expect(page.locator("h1")).to_have_text("Réunion d'information sur les groupes Plato 2027")


def test_a_site_nobody_rebuilt_stops_offering_registration_once_the_day_is_gone(
    site_url: str, new_page: NewPage
) -> None:
    page = new_page(width=PHONE_WIDTH, height=SCREEN_HEIGHT).page
    page.clock.set_fixed_time(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))  # after 14 January
    page.goto(site_url + EVENT)
    expect(page.locator(".plato-apply")).to_be_hidden()
    expect(page.locator(".plato-add")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()


def test_month_view_is_a_table_on_a_desktop(site_url: str, pages: dict[int, RecordedPage]) -> None:
    page = visit(pages[DESKTOP_WIDTH], site_url + urls.calendar("roannais"))
    january = page.get_by_role("table", name="Janvier 2027")
    expect(january).to_be_visible()
    expect(january.get_by_role("columnheader")).to_have_count(7)
    expect(january.get_by_role("columnheader").first).to_have_text("lun.")
    event = january.get_by_role("cell").filter(has_text="Réunion d'information")
    expect(event).to_have_count(1)
    expect(event.get_by_role("link")).to_have_attribute("href", "information-2027-01/")
    # The day's name is said by its column here: only read out, not printed twice.
    weekday = event.locator(".plato-grid__weekday").bounding_box()
    assert weekday is not None and weekday["width"] <= 1


def test_month_view_becomes_a_list_of_busy_days_at_320_px(
    site_url: str, pages: dict[int, RecordedPage], save_screenshot: SaveScreenshot
) -> None:
    page = visit(pages[NARROW_WIDTH], site_url + urls.calendar("roannais"))
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_WIDTH
    january = page.locator("#mois-2027-01")
    event = january.locator("td").filter(has_text="Réunion d'information")
    expect(event.locator(".plato-grid__weekday")).to_be_visible()
    expect(event.locator(".plato-grid__weekday")).to_have_text("jeudi")
    # Only the days that have something are listed: no 31 empty boxes.
    visible = january.locator("td:visible")
    expect(visible).to_have_count(january.locator("td.plato-grid__day--busy").count())
    box = event.bounding_box()
    assert box is not None and box["x"] + box["width"] <= NARROW_WIDTH
    january.scroll_into_view_if_needed()
    save_screenshot(page, f"calendar-month-view-{NARROW_WIDTH}")
