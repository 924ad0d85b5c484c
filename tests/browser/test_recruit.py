"""A company head on a phone: what the first screen of a territory and of the home page
gives them (issue 13), and that applying needs nothing but their mail client or the
CCI's own form.

At 375 × 740 px, every territory page shows its next open group (name, start date, places
left), "Candidater", the next information meeting with its registration link and a
number to tap, all above the fold; a territory without an open group offers
"Prévenez-moi du prochain groupe" instead. The example is built once, with a form URL set
on one group and a territory without any group added.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from plato_site.render import urls
from plato_site.schedule import build_date
from tests.browser.conftest import (
    BUILD_TIME,
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    RecordedPage,
    RunAxe,
    SaveScreenshot,
    ServeDirectory,
    assert_accessible_and_local,
    open_recorded_page,
    pages_by_width,
)
from tests.browser.test_site_quality import PAGE_TYPES
from tests.helpers import REPO_ROOT, build_project, copy_project, source_date
from tests.synthetic import generate_network

T = Catalog("fr")
SCREEN_HEIGHT = 740
NARROW_WIDTH = 320  # WCAG 1.4.10: 320 CSS px without sideways scrolling

FORM_GROUP, FORM_URL = "roannais-6", "https://forms.example.org/plato-roannais-6"
WAITING = "sans-groupe"  # added: a territory whose next group is not announced yet
WAITING_EMAIL = "plato-attente@example.org"
WAITING_YAML = f"""\
name: Pays d'Attente
region: Auvergne-Rhône-Alpes
since: 2020
next_group_expected: à l'automne 2027
chamber:
  name: CCI du Pays d'Attente
  address: {{street: 1 place de la Mairie, postal_code: "42000", city: Saint-Étienne}}
description: Le prochain groupe Plato du Pays d'Attente se prépare.
contacts:
  - name: Camille Martin
    email: {WAITING_EMAIL}
phones:
  - number: 04 77 00 00 00
"""


def _example_territories() -> list[str]:
    with source_date():
        site = load_site(REPO_ROOT / "content", build_date())
    return [tv.slug for tv in site.territories]


EXAMPLE_TERRITORIES = _example_territories()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, serve_directory: ServeDirectory) -> str:
    project = copy_project(tmp_path_factory.mktemp("recruit") / "project")
    roannais = project / "content" / "territoires" / "roannais.yml"
    text = roannais.read_text(encoding="utf-8")
    anchor = f"  - id: {FORM_GROUP}\n"
    assert anchor in text
    roannais.write_text(text.replace(anchor, f"{anchor}    apply_url: {FORM_URL}\n"), "utf-8")
    waiting = project / "content" / "territoires" / f"{WAITING}.yml"
    waiting.write_text(WAITING_YAML, encoding="utf-8")
    return serve_directory(build_project(project, project / "site"))


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[RecordedPage]:
    with pages_by_width(browser, [PHONE_WIDTH], SCREEN_HEIGHT) as pages:
        yield pages[PHONE_WIDTH]


def _bottom(page: Page, selector: str) -> float:
    """Where the first element matching ``selector`` ends, from the top of the page."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box["y"] + box["height"]


def _mailto(href: str) -> tuple[str, str, str]:
    """Recipient, subject and body of a mailto: link, as a mail client reads them."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


@pytest.mark.parametrize("slug", [*EXAMPLE_TERRITORIES, WAITING])
def test_first_screen_of_a_territory_on_a_phone(
    slug: str, site_url: str, phone: RecordedPage, save_screenshot: SaveScreenshot
) -> None:
    page = phone.page
    page.goto(site_url + urls.territory(slug))
    recruit = ".plato-recruit"
    positions = {
        "apply": _bottom(page, f"{recruit} a.plato-apply"),
        "tel": _bottom(page, f"{recruit} a[href^='tel:']"),
    }
    if slug == WAITING:
        expected = T("pages.territory.next_expected", when="à l'automne 2027")
        assert expected in page.locator(f"{recruit} .plato-recruit__group").inner_text()
    else:
        positions["group"] = _bottom(page, f"{recruit} .plato-recruit__name")
        positions["meeting"] = _bottom(page, f"{recruit} .plato-recruit__meeting a")
        facts = page.locator(f"{recruit} .plato-recruit__facts").inner_text()
        assert "début le" in facts and "place" in facts
    print(slug, {name: round(y) for name, y in positions.items()})  # for the closing note
    for name, y in positions.items():
        assert y <= SCREEN_HEIGHT, f"{slug}: {name} ends at {y:.0f} px"
    save_screenshot(page, f"recruit-{slug}-{PHONE_WIDTH}")


def test_apply_opens_a_prefilled_email_naming_the_group(site_url: str, phone: RecordedPage) -> None:
    page = phone.page
    page.goto(site_url + urls.territory("seine-aval"))
    apply = page.locator(".plato-recruit a.plato-apply")
    assert apply.inner_text().startswith(T("pages.apply.label"))
    group = page.locator(".plato-recruit__name").inner_text()
    recipient, subject, body = _mailto(apply.get_attribute("href") or "")
    assert "@" in recipient
    assert subject == T("pages.apply.subject", group=group, territory="Seine Aval")
    for prompt in ("Entreprise", "Nombre de salariés", "Téléphone"):
        assert prompt in body
    assert body == T("pages.apply.body")


def test_apply_goes_to_the_form_staff_set(site_url: str, phone: RecordedPage) -> None:
    page = phone.page
    page.goto(site_url + urls.territory("roannais"))
    assert page.locator(".plato-recruit__name").inner_text() == "Plato Roannais 6"
    apply = page.locator(".plato-recruit a.plato-apply")
    assert apply.get_attribute("href") == FORM_URL
    # Its page and the home page send to the same form; nothing is posted to the site.
    page.goto(site_url)
    home_apply = page.locator(".plato-open-group", has_text="Plato Roannais 6").locator(
        "a.plato-apply"
    )
    assert home_apply.get_attribute("href") == FORM_URL
    assert page.locator("form[method='post' i]").count() == 0


def test_every_recruiting_group_has_its_apply_button(site_url: str, phone: RecordedPage) -> None:
    page = phone.page
    page.goto(site_url + urls.group("roannais", FORM_GROUP))
    assert page.locator("article a.plato-apply").get_attribute("href") == FORM_URL
    page.goto(site_url + urls.join("boucle-des-hauts-de-seine"))
    cards = page.locator(".plato-group")
    assert cards.count() >= 2
    for index in range(cards.count()):
        card = cards.nth(index)
        name = card.locator(".plato-card__title a").inner_text()
        _recipient, subject, _body = _mailto(
            card.locator("a.plato-apply").get_attribute("href") or ""
        )
        assert name in subject
        # Screen readers hear which group each "Candidater" is for.
        assert card.locator("a.plato-apply").inner_text().endswith(name) or name in (
            card.locator("a.plato-apply .plato-sr").text_content() or ""
        )


def test_territory_without_open_group_offers_the_wait_list(
    site_url: str, phone: RecordedPage
) -> None:
    page = phone.page
    page.goto(site_url + urls.territory(WAITING))
    action = page.locator(".plato-recruit a.plato-apply")
    assert action.inner_text() == T("pages.waitlist.label")
    recipient, subject, body = _mailto(action.get_attribute("href") or "")
    assert recipient == WAITING_EMAIL
    assert subject == T("pages.waitlist.subject", territory="Pays d'Attente")
    assert "Téléphone" in body


def test_home_first_screen_says_what_plato_is_and_lists_open_groups(
    site_url: str, phone: RecordedPage, save_screenshot: SaveScreenshot
) -> None:
    page = phone.page
    page.goto(site_url)
    intro = page.locator("article h1 + p")
    assert "Plato" in intro.inner_text() and intro.inner_text().count(". ") == 0  # one sentence
    assert _bottom(page, "article h1 + p") <= SCREEN_HEIGHT
    assert _bottom(page, ".plato-recruit a[href^='tel:']") <= SCREEN_HEIGHT
    first_group = ".plato-open-group"
    assert _bottom(page, f"{first_group} .plato-recruit__name") <= SCREEN_HEIGHT
    assert _bottom(page, f"{first_group} a.plato-apply") <= SCREEN_HEIGHT
    assert page.locator(first_group).count() >= 2
    save_screenshot(page, f"recruit-home-{PHONE_WIDTH}")


def test_territory_pages_name_their_cci_as_publisher(site_url: str, phone: RecordedPage) -> None:
    page = phone.page
    page.goto(site_url + urls.territory("roannais"))
    assert page.locator(".plato-footer__copyright").inner_text() == "© CCI du Roannais"
    page.goto(site_url)
    assert page.locator(".plato-footer__copyright").inner_text() == "© CCI Paris Île-de-France"


def test_header_shows_no_book_icon(site_url: str, browser: Browser) -> None:
    recorded = open_recorded_page(browser, DESKTOP_WIDTH)
    try:
        recorded.page.goto(site_url)
        logo = recorded.page.locator(".md-header .md-logo")
        assert logo.locator("svg.plato-monogram").count() == 1
        # Material's "library" icon (the book) is a path drawing, the monogram is not.
        assert logo.locator("svg path").count() == 0
    finally:
        recorded.page.context.close()


# The hand-written page is added by the quality tests' own build only.
NARROW_PAGES = {k: v for k, v in PAGE_TYPES.items() if k != "hand-written"}
NARROW_PAGES["territory-waiting"] = urls.territory(WAITING)


@pytest.mark.parametrize("kind", list(NARROW_PAGES))
def test_no_sideways_scroll_at_320_px(kind: str, site_url: str, browser: Browser) -> None:
    recorded = open_recorded_page(browser, NARROW_WIDTH, SCREEN_HEIGHT)
    try:
        page = recorded.page
        page.goto(site_url + NARROW_PAGES[kind])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW_WIDTH, f"{kind}: {width} px wide"
    finally:
        recorded.page.context.close()


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_wait_list_territory_is_accessible(
    width: int, site_url: str, browser: Browser, run_axe: RunAxe, save_screenshot: SaveScreenshot
) -> None:
    recorded = open_recorded_page(browser, width)
    try:
        recorded.page.clock.set_fixed_time(BUILD_TIME)
        recorded.page.goto(site_url + urls.territory(WAITING))
        assert_accessible_and_local(recorded, site_url, run_axe, width)
        save_screenshot(recorded.page, f"recruit-{WAITING}-{width}")
    finally:
        recorded.page.context.close()


# --- a synthetic network: longer names, other data, the same first screen ------------------

SYNTHETIC_TERRITORIES = 5


@pytest.fixture(scope="module")
def synthetic(
    tmp_path_factory: pytest.TempPathFactory, serve_directory: ServeDirectory
) -> tuple[str, tuple[str, ...], str]:
    network = generate_network(tmp_path_factory.mktemp("synthetic"), SYNTHETIC_TERRITORIES, seed=3)
    with pytest.MonkeyPatch.context() as env:
        env.delenv("PLATO_PREVIEW", raising=False)
        site = build_project(
            network.root,
            tmp_path_factory.mktemp("synthetic-site") / "site",
            network.source_date_epoch,
        )
    return serve_directory(site), network.territories, network.source_date_epoch


def test_first_screen_of_every_synthetic_territory(
    synthetic: tuple[str, tuple[str, ...], str], browser: Browser
) -> None:
    base, slugs, epoch = synthetic
    recorded = open_recorded_page(browser, PHONE_WIDTH, SCREEN_HEIGHT)
    page = recorded.page
    # The browser's day is the build's: the stale-site guard hides nothing.
    page.clock.set_fixed_time(datetime.fromtimestamp(int(epoch), tz=UTC))
    for slug in slugs:
        page.goto(base + urls.territory(slug))
        recruit = ".plato-recruit"
        selectors = [f"{recruit} a.plato-apply", f"{recruit} a[href^='tel:']"]
        if page.locator(f"{recruit} .plato-recruit__name").count():
            selectors.append(f"{recruit} .plato-recruit__name")
        if page.locator(f"{recruit} .plato-recruit__meeting").count():
            selectors.append(f"{recruit} .plato-recruit__meeting a")
        for selector in selectors:
            y = _bottom(page, selector)
            assert y <= SCREEN_HEIGHT, f"{slug}: {selector} ends at {y:.0f} px"
    recorded.page.context.close()
