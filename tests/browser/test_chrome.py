"""The frame of the visitor pages in a real browser: the short top menu, the dark scheme,
keyboard focus on a phone, reflow at 320 px and the "page not found" page.

Shares the example build of test_site_quality (``site_url``, session) and one page per
width and scheme; light-scheme axe runs of the page types are in test_site_quality.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from plato_site.i18n import Catalog
from plato_site.render import urls
from tests.browser.conftest import (
    BUILD_TIME,
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    NewPage,
    RecordedPage,
    RunAxe,
    SaveScreenshot,
    assert_accessible_and_local,
    open_recorded_page,
    pages_by_width,
)
from tests.browser.test_site_quality import GROUP, PAGE_TYPES, TERRITORY

T = Catalog("fr")
NOT_FOUND = "404.html"  # what the web server sends for an unknown address
PAGE_KINDS = {**PAGE_TYPES, "not-found": NOT_FOUND}
# The page types whose screenshots people look at, in both schemes.
SCREENSHOT_KINDS = ("home", "territory", "group", "calendar", "not-found")
NARROWEST = 320  # WCAG 1.4.10: no sideways scroll at 320 CSS px
# Home, the hand-written page the session's build adds, the network's pages, territories.
MENU = [
    T("chrome.menu.home"),
    T("news.title"),  # content/actualites/index.md, the blog plugin's list of posts
    "Les programmes en un tableau",
    T("nav.groups"),
    T("nav.calendar"),
    T("nav.territories"),
]
TERRITORY_SECTIONS = ("join", "groups", "calendar", "testimonials", "contact")
MAX_TABS = 40  # enough to pass the header, the menus and into the content


@pytest.fixture(scope="module")
def dark_pages(browser: Browser) -> Iterator[dict[int, RecordedPage]]:
    """One page per width on a device that prefers the dark scheme."""
    with pages_by_width(browser, scheme="dark") as pages:
        yield pages


@pytest.fixture(scope="module")
def narrow_page(browser: Browser) -> Iterator[Page]:
    recorded = open_recorded_page(browser, NARROWEST, 640)
    recorded.page.clock.set_fixed_time(BUILD_TIME)
    yield recorded.page
    recorded.page.context.close()


def scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def palette_switch(page: Page) -> Any:
    """The header's scheme switch: the one label of Material's palette form shown."""
    return page.locator("form[data-md-component=palette] label:not([hidden])")


# --- dark scheme ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_is_accessible_in_the_dark_scheme(
    kind: str,
    width: int,
    site_url: str,
    dark_pages: dict[int, RecordedPage],
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = dark_pages[width]
    recorded.clear()
    page = recorded.page
    page.goto(site_url + PAGE_KINDS[kind], wait_until="load")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")

    assert_accessible_and_local(recorded, site_url, run_axe, width)
    if kind in SCREENSHOT_KINDS:
        save_screenshot(page, f"dark-{kind}-{width}")


def test_the_scheme_follows_the_device_until_the_visitor_switches(
    site_url: str, new_page: NewPage
) -> None:
    light = new_page().page
    light.goto(site_url)
    expect(light.locator("body")).to_have_attribute("data-md-color-scheme", "default")

    page = new_page(scheme="dark").page
    page.goto(site_url + urls.territory(TERRITORY))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # Three states, each button naming what it does next: device → light → dark → device.
    steps = [
        (T("chrome.palette.to_light"), "default"),
        (T("chrome.palette.to_dark"), "slate"),
        (T("chrome.palette.to_system"), "slate"),
    ]
    for label, after in steps:
        switch = palette_switch(page)
        expect(switch).to_have_attribute("title", label)
        switch.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", after)
    # The choice holds on the next page: light chosen on a dark device.
    palette_switch(page).click()
    page.goto(site_url + urls.calendar(TERRITORY))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    expect(palette_switch(page)).to_have_attribute("title", T("chrome.palette.to_dark"))


# --- the top menu -----------------------------------------------------------------------------


def focused_menu_link(page: Page) -> str | None:
    text: str | None = page.evaluate(
        """() => {
            const el = document.activeElement;
            const menu = el && el.closest('nav.plato-menu:not(.plato-menu--local)');
            return menu ? el.textContent.trim() : null;
        }"""
    )
    return text


def test_top_menu_replaces_the_tree_and_is_keyboard_reachable(
    site_url: str, new_page: NewPage, save_screenshot: SaveScreenshot
) -> None:
    page = new_page(width=DESKTOP_WIDTH).page
    page.clock.set_fixed_time(BUILD_TIME)
    page.goto(site_url + urls.territory(TERRITORY))
    menu = page.get_by_role("navigation", name=T("chrome.menu.label"))
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link")).to_have_text(MENU)
    # A territory's page is under "Territoires", which leads to the list of territories.
    territories = menu.get_by_role("link", name=T("nav.territories"))
    expect(territories).to_have_attribute("aria-current", "true")
    assert territories.evaluate("a => a.href") == site_url + "#plato-territories"
    # No tree of every territory, no empty table-of-contents column.
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator(".md-sidebar--secondary")).to_be_hidden()
    # The territory's own pages stay one click away, on every page of the territory.
    sections = [T(f"pages.titles.{title}") for title in TERRITORY_SECTIONS]
    local = page.get_by_role("navigation", name=T("pages.territory.sections", name="Roannais"))
    expect(local.get_by_role("link")).to_have_text(["Roannais", *sections])
    expect(local.get_by_role("link", name="Roannais")).to_have_attribute("aria-current", "page")
    page.goto(site_url + urls.group(TERRITORY, GROUP))
    groups = local.get_by_role("link", name=T("pages.titles.groups"))
    expect(groups).to_have_attribute("aria-current", "true")
    groups.click()
    expect(page).to_have_url(site_url + urls.groups(TERRITORY))
    expect(groups).to_have_attribute("aria-current", "page")
    page.goto(site_url + urls.territory(TERRITORY))
    save_screenshot(page, "chrome-territory-1280")

    # From the top of the page, Tab reaches every menu link, in order.
    reached: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        label = focused_menu_link(page)
        if label is None and reached:
            break
        if label is not None:
            reached.append(label)
    assert reached == MENU
    page.keyboard.press("Shift+Tab")  # back to "Calendrier"
    page.keyboard.press("Shift+Tab")
    assert focused_menu_link(page) == T("nav.calendar")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + urls.network_calendar())
    current = page.locator("nav.plato-menu [aria-current=page]")
    expect(current).to_have_text(T("nav.calendar"))
    # "Territoires" leads to the home page's list of territories.
    page.locator("nav.plato-menu").get_by_role("link", name=T("nav.territories")).click()
    expect(page).to_have_url(site_url + "#plato-territories")
    expect(page.locator("#plato-territories")).to_be_in_viewport()


def tab_to(page: Page, target: Locator, what: str) -> None:
    """Press Tab until ``target`` has the focus; fails after MAX_TABS presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reaches {what}")


def test_phones_keep_the_drawer_and_the_keyboard_opens_it(site_url: str, new_page: NewPage) -> None:
    page = new_page(width=PHONE_WIDTH).page
    page.goto(site_url + urls.group(TERRITORY, GROUP))
    menus = page.locator("nav.plato-menu")
    expect(menus).to_have_count(2)  # the top menu and the territory's
    for menu in menus.all():
        expect(menu).to_be_hidden()
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer).to_be_hidden()  # closed: out of sight and out of the tab order
    button = page.locator(".md-header").get_by_role("button", name="Navigation")
    expect(button).to_have_attribute("aria-expanded", "false")
    tab_to(page, button, "the menu button")
    page.keyboard.press("Space")
    expect(drawer).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")  # Material's own key for it
    expect(drawer).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(drawer).to_be_visible()
    # It opens on the page's own section: the territory's other groups, next in Tab order.
    link = drawer.get_by_role("link", name="Plato Roannais 6")
    expect(link).to_be_visible()
    tab_to(page, link, "the open drawer's links")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + urls.group(TERRITORY, "roannais-6"))


# --- keyboard focus and reflow on small screens ---------------------------------------------

# Material's scheme switch is a radio button drawn by the label after it (its focus ring
# too): that label is what must be in sight.
_FOCUS_SHOWN = """() => {
    const active = document.activeElement;
    if (!active || active === document.body) return true;
    const el = active.matches('.md-option') ? active.nextElementSibling : active;
    const box = el.getBoundingClientRect();
    const shown = el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    return shown && box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
        && box.left < innerWidth && box.top < innerHeight;
}"""

_FOCUSED = """() => {
    const el = document.activeElement;
    return el ? el.outerHTML.slice(0, 160) : "";
}"""


@pytest.mark.parametrize("kind", ["home", "territory", "group", "calendar", "not-found"])
def test_every_tab_stop_is_visible_on_a_phone(kind: str, site_url: str, new_page: NewPage) -> None:
    page = new_page(width=PHONE_WIDTH, height=740).page
    page.clock.set_fixed_time(BUILD_TIME)
    page.goto(site_url + PAGE_KINDS[kind])
    in_content = False
    for press in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        try:
            page.wait_for_function(_FOCUS_SHOWN, timeout=2000)  # transitions end first
        except Exception:
            pytest.fail(f"Tab {press}: focus is out of sight on {page.evaluate(_FOCUSED)}")
        in_content = in_content or page.evaluate(
            "() => !!document.activeElement.closest('article')"
        )
    assert in_content, f"{MAX_TABS} presses of Tab never reached the page's content"


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_nothing_scrolls_sideways_at_320_px(kind: str, site_url: str, narrow_page: Page) -> None:
    narrow_page.goto(site_url + PAGE_KINDS[kind], wait_until="load")
    width = narrow_page.evaluate("document.documentElement.scrollWidth")
    wide = narrow_page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > limit + 1)
            .filter(el => !el.closest('.md-sidebar--primary, .md-typeset__scrollwrap, .md-search'))
            .slice(0, 5).map(el => el.outerHTML.slice(0, 120))""",
        NARROWEST,
    )
    assert width <= NARROWEST, wide


# --- page not found ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_page_not_found_is_french_and_shows_the_way_back(
    width: int,
    site_url: str,
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = new_page(width=width)
    page = recorded.page
    page.goto(site_url + NOT_FOUND)
    assert page.get_attribute("html", "lang") == "fr"
    expect(page).to_have_title(f"{T('chrome.not_found.title')} - Réseau Plato")
    content = page.locator("article")
    expect(content.locator("h1")).to_have_text(T("chrome.not_found.title"))
    for label, target in [
        ("home", urls.home()),
        ("groups", urls.network_groups()),
        ("calendar", urls.network_calendar()),
    ]:
        link = content.get_by_role("link", name=T(f"chrome.not_found.{label}"), exact=True)
        assert link.evaluate("a => a.href") == site_url + target
    expect(content.locator("a[href^='tel:']")).to_have_count(1)
    violations = run_axe(page)
    assert not violations, str(violations)
    save_screenshot(page, f"site-not-found-{width}")

    content.get_by_role("link", name=T("chrome.not_found.groups"), exact=True).click()
    expect(page).to_have_url(site_url + urls.network_groups())
    assert recorded.failed_responses == []
