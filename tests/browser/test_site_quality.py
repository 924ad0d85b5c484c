"""The example site in a real browser, as a visitor (and the law) sees it.

Every page type, at desktop and phone width: 0 axe-core violations (WCAG 2.0/2.1 A and
AA), no request leaving the site's origin, no cookie, no console error, French language,
a skip link and the legal footer. Then a visitor's journey, the search, the stale-site
guard with the browser's clock moved, print on A4, and keyboard access to a wide table.

The site is built once per session (at the example's fixed date) and each width reuses
one browser page, so the whole file runs in well under a minute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from plato_site.i18n import Catalog
from plato_site.render import urls
from tests.browser.conftest import (
    BUILD_TIME,
    DESKTOP_WIDTH,
    HAND_WRITTEN_PAGE,
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
TERRITORY, GROUP = "roannais", "roannais-5"  # a group with past and upcoming meetings

PAGE_TYPES: dict[str, str] = {
    "home": urls.home(),
    "network-groups": urls.network_groups(),
    "network-calendar": urls.network_calendar(),
    "territory": urls.territory(TERRITORY),
    "territory-partner-logos": urls.territory("seine-aval"),
    "join": urls.join(TERRITORY),
    "groups": urls.groups(TERRITORY),
    "group": urls.group(TERRITORY, GROUP),
    "calendar": urls.calendar(TERRITORY),
    "event": urls.event(TERRITORY, "information-2027-01"),
    "testimonials": urls.testimonials(TERRITORY),
    "contact": urls.contact(TERRITORY),
    "legal-notice": urls.legal_notice(),
    "accessibility": urls.accessibility_statement(),
    "news": urls.news(),
    "news-post": urls.post("2013-03-26-ouverture-plato-roannais-4"),
    "hand-written": HAND_WRITTEN_PAGE.removesuffix(".md") + "/",
}

FOOTER_ACCESSIBILITY = T("legal.footer.accessibility", status=T("legal.status.non_compliant"))


@pytest.fixture(scope="module")
def pages(browser: Browser) -> Iterator[dict[int, RecordedPage]]:
    """One page per width, reused by the page-type checks; the clock is the build's."""
    with pages_by_width(browser) as opened:
        yield opened


def absolute_href(page: Page, selector: str) -> str:
    href: str = page.locator(selector).first.evaluate("link => link.href")
    return href


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_is_accessible_private_and_lawful(
    kind: str,
    width: int,
    site_url: str,
    pages: dict[int, RecordedPage],
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = pages[width]
    page = visit(recorded, site_url + PAGE_TYPES[kind])

    assert_accessible_and_local(recorded, site_url, run_axe, width)
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert page.get_attribute("html", "lang") == "fr"
    # The skip link leads to the page's title.
    skip = page.locator("a.md-skip")
    expect(skip).to_have_count(1)
    target = skip.get_attribute("href") or ""
    expect(page.locator(f".md-content {target}")).to_have_count(1)  # the blog index: in a header
    # The legal footer, on every page.
    footer = page.locator("footer nav.plato-footer")
    statement = footer.get_by_role("link", name=FOOTER_ACCESSIBILITY, exact=True)
    assert statement.evaluate("link => link.href") == site_url + urls.accessibility_statement()
    notice = footer.get_by_role("link", name=T("legal.footer.legal_notice"), exact=True)
    assert notice.evaluate("link => link.href") == site_url + urls.legal_notice()
    # On the build's own day the stale-site guard hides nothing.
    expect(page.locator("[data-plato-stale]")).to_have_count(0)
    save_screenshot(page, f"site-{kind}-{width}")


def test_visitor_goes_from_home_to_a_group_on_a_phone(site_url: str, new_page: NewPage) -> None:
    recorded = new_page(width=PHONE_WIDTH)
    page = recorded.page
    page.clock.set_fixed_time(BUILD_TIME)
    page.goto(site_url)
    content = page.locator("article")

    # The list of territories (the map above it links them too).
    content.locator(".plato-card").get_by_role("link", name="Roannais", exact=True).click()
    expect(page).to_have_url(site_url + urls.territory(TERRITORY))
    expect(page.locator("h1")).to_have_text("Roannais")

    page.locator(".plato-subnav").get_by_role("link", name=T("pages.titles.join")).click()
    expect(page).to_have_url(site_url + urls.join(TERRITORY))
    expect(page.locator("h1")).to_have_text(T("pages.titles.join"))

    group_link = content.locator(".plato-group .plato-card__title a").first
    group_name = group_link.inner_text()
    group_link.click()
    expect(page).to_have_url(re.compile(re.escape(site_url + f"territoires/{TERRITORY}/groupes/")))
    expect(page.locator("h1")).to_have_text(group_name)

    page.locator("footer").get_by_role("link", name=FOOTER_ACCESSIBILITY).click()
    expect(page).to_have_url(site_url + urls.accessibility_statement())
    expect(page.locator("h1")).to_have_text(T("legal.accessibility.title"))
    expect(content.locator(".plato-a11y-status")).to_have_text(T("legal.status.non_compliant"))
    remedy = content.get_by_role("link", name=T("legal.accessibility.remedy_form"))
    expect(remedy).to_have_attribute("href", T("legal.accessibility.remedy_form_url"))

    page.locator("footer").get_by_role("link", name=T("legal.footer.legal_notice")).click()
    expect(page.locator("h1")).to_have_text(T("legal.legal_notice.title"))
    expect(content).to_contain_text("CCI Paris Île-de-France")
    assert recorded.foreign_requests(site_url) == []
    assert recorded.console_errors == []


def test_search_finds_a_territory_by_a_word_with_an_accent(
    site_url: str, new_page: NewPage
) -> None:
    recorded = new_page()
    page = recorded.page
    page.goto(site_url)

    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("Bièvre")

    first = page.locator(".md-search-result__item > a").first
    expect(first).to_have_attribute(
        "href", re.compile(re.escape(urls.territory("vallee-scientifique-de-la-bievre")))
    )
    first.click()
    expect(page.locator("h1")).to_contain_text("Bièvre")
    assert recorded.foreign_requests(site_url) == []
    assert recorded.console_errors == []


def _first_upcoming_day(page: Page) -> str:
    days: list[str] = page.locator(
        ".plato-agenda__item[data-plato-until]:not(.plato-past *)"
    ).evaluate_all("items => items.map(item => item.dataset.platoUntil)")
    assert days, "the calendar lists no upcoming item"
    return min(days)


def test_stale_guard_leaves_no_heading_over_nothing(site_url: str, new_page: NewPage) -> None:
    """The territory page announces one event: once it has passed, a link to the calendar
    takes its place under the heading, until the next build."""
    url = site_url + urls.territory(TERRITORY)
    on_build_day = new_page().page
    on_build_day.clock.set_fixed_time(BUILD_TIME)
    on_build_day.goto(url)
    card = on_build_day.locator(".plato-event[data-plato-until]")
    expect(card).to_have_count(1)
    expect(on_build_day.locator(".plato-when-stale")).to_be_hidden()
    day = card.get_attribute("data-plato-until")
    assert day is not None

    later = new_page().page
    later.clock.set_fixed_time(datetime.fromisoformat(day).replace(hour=9) + timedelta(days=1))
    later.goto(url)
    expect(later.locator(".plato-event")).to_be_hidden()
    message = later.locator(".plato-when-stale")
    expect(message).to_be_visible()
    expect(message.get_by_role("link")).to_have_text(T("pages.territory.later_events"))
    message.get_by_role("link").click()
    expect(later).to_have_url(re.compile(re.escape(urls.calendar(TERRITORY)) + "$"))


def test_stale_guard_hides_what_has_passed_in_the_visitors_browser(
    site_url: str, new_page: NewPage, save_screenshot: SaveScreenshot
) -> None:
    url = site_url + urls.calendar(TERRITORY)
    on_build_day = new_page().page
    on_build_day.clock.set_fixed_time(BUILD_TIME)
    on_build_day.goto(url)
    first_day = _first_upcoming_day(on_build_day)
    first_item = f'.plato-agenda__item[data-plato-until="{first_day}"]:not(.plato-past *)'
    later_items = on_build_day.locator(
        f".plato-agenda__item:not(.plato-past *):not([data-plato-until='{first_day}'])"
    )
    past_items = on_build_day.locator(".plato-past .plato-agenda__item").count()
    assert later_items.count() > 0 and past_items > 0

    # The day after the first upcoming item, in Paris, without any rebuild.
    next_morning = datetime.fromisoformat(first_day).replace(hour=9) + timedelta(days=1)
    later = new_page()
    later.page.clock.set_fixed_time(next_morning)
    later.page.goto(url)
    expect(later.page.locator(first_item)).to_be_hidden()
    expect(later.page.locator(first_item)).to_have_attribute("data-plato-stale", "")
    visible_later = later.page.locator(
        f".plato-agenda__item:not(.plato-past *):not([data-plato-until='{first_day}'])"
    )
    expect(visible_later.first).to_be_visible()
    # The past meetings section is the build's list of the past: left as it is.
    expect(later.page.locator(".plato-past [data-plato-stale]")).to_have_count(0)
    save_screenshot(later.page, "stale-guard-calendar-1280")

    # Without JavaScript the page is the build's view: everything still shown.
    no_script = new_page(javascript=False)
    no_script.page.goto(url)
    expect(no_script.page.locator(first_item)).to_be_visible()
    expect(no_script.page.locator("h1")).to_have_text(T("pages.titles.calendar"))


@pytest.mark.parametrize(
    ("kind", "folded"),
    [("group", ".plato-meetings"), ("calendar", ".plato-past .plato-agenda__item")],
)
def test_prints_on_a4_without_the_site_chrome(
    kind: str,
    folded: str,
    site_url: str,
    new_page: NewPage,
    save_screenshot: SaveScreenshot,
) -> None:
    a4_width = 794  # 210 mm at 96 px per inch
    page = new_page(width=a4_width, height=1123).page
    page.clock.set_fixed_time(BUILD_TIME)
    page.goto(site_url + PAGE_TYPES[kind])
    page.emulate_media(media="print")

    for chrome in [".md-header", ".md-sidebar--primary", ".md-footer", ".plato-subscribe"]:
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(folded).first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= a4_width
    save_screenshot(page, f"print-{kind}")


def test_a_wide_table_scrolls_with_the_keyboard_on_a_phone(
    site_url: str, new_page: NewPage
) -> None:
    page = new_page(width=PHONE_WIDTH).page
    page.goto(site_url + PAGE_TYPES["hand-written"])
    wrapper = page.locator(".md-typeset__scrollwrap").first

    expect(wrapper).to_have_attribute("tabindex", "0")
    expect(wrapper).to_have_attribute("role", "region")
    expect(wrapper).to_have_accessible_name("Programmes par territoire")
    wrapper.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("wrapper => wrapper.scrollLeft > 0", arg=wrapper.element_handle())
    # The long line of code wraps on a touch screen instead of scrolling out of reach.
    code = page.locator("pre > code").first
    assert code.evaluate("code => code.scrollWidth <= code.clientWidth")
