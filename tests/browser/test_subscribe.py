"""The subscribe block in a real browser: copy button, the page without JavaScript, axe."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from plato_site.i18n import Catalog
from tests.browser.conftest import NewPage, RunAxe, SaveScreenshot, ServeDirectory

GROUP_PAGE = "territoires/roannais/groupes/roannais-5/"
FEED = "https://plato.example.org/territoires/roannais/groupes/roannais-5/calendrier.ics"
FR = Catalog("fr")


def test_copy_button_copies_the_feed_address(
    example_site: Path,
    serve_directory: ServeDirectory,
    new_page: NewPage,
    run_axe: RunAxe,
    save_screenshot: SaveScreenshot,
) -> None:
    base = serve_directory(example_site)
    recorded = new_page(width=375)
    page = recorded.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base[:-1])
    page.goto(base + GROUP_PAGE)
    block = page.locator("details.plato-subscribe")
    block.locator("summary").click()
    button = block.get_by_role("button", name=FR("feeds.subscribe.copy"))
    assert button.is_visible()  # shown by the script
    button.click()
    status = block.get_by_role("status")
    status.filter(has_text=FR("feeds.subscribe.copied")).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == FEED
    save_screenshot(page, "subscribe-group-375")
    violations = run_axe(page)
    assert not violations, str(violations)
    assert not recorded.console_errors
    assert not recorded.foreign_requests(base)  # the links are only followed when chosen


def test_without_javascript_the_address_stays_readable(
    example_site: Path, serve_directory: ServeDirectory, browser: Browser
) -> None:
    base = serve_directory(example_site)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(base + GROUP_PAGE)
        block = page.locator("details.plato-subscribe")
        block.locator("summary").click()
        field = block.get_by_label(FR("feeds.subscribe.address"))
        assert field.input_value() == FEED
        assert not block.get_by_role("button", name=FR("feeds.subscribe.copy")).is_visible()
        for name in ("apple", "google", "outlook", "download"):
            assert block.get_by_role("link", name=FR(f"feeds.subscribe.{name}")).is_visible()
    finally:
        context.close()
