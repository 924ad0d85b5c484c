"""The web editor at /admin/, driven as staff use it: Decap CMS with its local backend.

A throwaway copy of the project is built (its /admin/ pointing at a decap-server started
here on a free port, as `make edit` does) and served; Chromium edits a testimonial and moves
a meeting through the forms, publishes, and the YAML on disk, `plato-site validate`, the
rebuilt page and the calendar feed all show the change. The repo's content/ is never touched.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Locator, Page

from plato_site.cms import LOCAL_PORT_ENV
from plato_site.i18n import Catalog
from plato_site.models import Group, MeetingOverride
from tests.browser.conftest import (
    DESKTOP_WIDTH,
    NewPage,
    RecordedPage,
    SaveScreenshot,
    ServeDirectory,
)
from tests.helpers import REPO_ROOT, build_project, copy_project, free_port

DECAP_BUNDLE = REPO_ROOT / "build" / "decap-cms"
DECAP_SERVER = REPO_ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
TERRITORY_FILE = Path("content") / "territoires" / "roannais.yml"
GROUP_PAGE = Path("territoires") / "roannais" / "groupes" / "roannais-5" / "index.html"
GROUP_FEED = Path("territoires") / "roannais" / "groupes" / "roannais-5" / "calendrier.ics"
TESTIMONIALS_PAGE = Path("territoires") / "roannais" / "temoignages" / "index.html"
NEW_QUOTE = "Le groupe m'a appris à déléguer : une rencontre par mois qui change l'année."
PARIS = ZoneInfo("Europe/Paris")
FR = Catalog("fr")

# Decap's list items and their folded summaries (class names carry the component names).
ITEM = "[class*='listControlItem']"
SUMMARY = "[class*='NestedObjectLabel']"


@pytest.fixture(scope="module")
def editor_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DECAP_BUNDLE / "decap-cms.js").is_file():
        pytest.fail(f"Decap CMS is missing in {DECAP_BUNDLE}: run `make editor-deps`.", False)
    project = copy_project(tmp_path_factory.mktemp("editor") / "project")
    (project / "build").mkdir()
    (project / "build" / "decap-cms").symlink_to(DECAP_BUNDLE)
    return project


@pytest.fixture(scope="module")
def decap_port(editor_project: Path) -> Iterator[int]:
    """decap-server (npm, `make browser-deps`) writing into the copy, as `make edit` runs it."""
    if not DECAP_SERVER.is_file():
        pytest.fail(f"decap-server is missing at {DECAP_SERVER}: run `make editor-deps`.", False)
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(editor_project),
        "LOG_LEVEL": "warn",
    }
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stderr=subprocess.PIPE)
    try:
        _wait_for_decap(server, port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_decap(server: subprocess.Popen[bytes], port: int) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1",
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    for _ in range(200):
        if server.poll() is not None:
            error = server.stderr.read().decode() if server.stderr else ""
            pytest.fail(f"decap-server stopped: {error}", pytrace=False)
        try:
            with urllib.request.urlopen(request, timeout=1) as response:
                assert json.load(response)["type"] == "local_fs"
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail("decap-server did not answer", pytrace=False)


@pytest.fixture(scope="module")
def editor_url(editor_project: Path, decap_port: int, serve_directory: ServeDirectory) -> str:
    previous = os.environ.get(LOCAL_PORT_ENV)
    os.environ[LOCAL_PORT_ENV] = str(decap_port)
    try:
        site = build_project(editor_project, editor_project / "site")
    finally:
        if previous is None:
            del os.environ[LOCAL_PORT_ENV]
        else:
            os.environ[LOCAL_PORT_ENV] = previous
    return serve_directory(site) + "admin/"


def _list_field(scope: Page | Locator, label: str) -> Locator:
    """A list field by its label (Decap adds « (optionnel) » to optional ones)."""
    return scope.locator(
        "xpath=.//div[@aria-label='list field']"
        f"[./div/label[starts-with(normalize-space(.), '{label}')]]"
    ).first


def _unfold(field: Locator) -> None:
    field.get_by_test_id("expand-button").first.click()  # unfolds the list and its items


def _add_item(field: Locator, page: Page) -> Locator:
    """Click « Ajouter … » and return the new item (items nested in earlier ones count too,
    so the new one is found by its position before the click)."""
    before = field.locator(ITEM).count()
    field.locator("button").filter(has_text=re.compile("^Ajouter")).first.click()
    return field.locator(ITEM).nth(before)


def log_in(new_page: NewPage, editor_url: str) -> RecordedPage:
    """The editor on a desktop, past its log-in button (the local backend asks nothing)."""
    recorded = new_page(width=DESKTOP_WIDTH)
    recorded.page.goto(editor_url)
    recorded.page.get_by_role("button", name="Se connecter").click()
    return recorded


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()
    page.get_by_text("Modifications enregistrées").wait_for()


def _wait_for_quote(path: Path, quote: str) -> dict[str, Any]:
    """The territory file once Decap has written it (its YAML may fold a long line)."""
    for _ in range(100):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["testimonials"][0]["quote"] == quote:
            return data
        time.sleep(0.1)
    raise AssertionError(f"{quote!r} never reached {path}")


def test_staff_edit_a_testimonial_and_move_a_meeting_in_the_editor(
    editor_url: str,
    editor_project: Path,
    new_page: NewPage,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = log_in(new_page, editor_url)
    page = recorded.page
    page.get_by_text("Roannais (Auvergne-Rhône-Alpes)").wait_for()
    save_screenshot(page, "editor-collection-1280")
    page.get_by_text("Roannais (Auvergne-Rhône-Alpes)").click()

    testimonials = _list_field(page, FR("schema.fields.Territory.testimonials.title"))
    _unfold(testimonials)
    testimonial = testimonials.locator(ITEM).filter(
        has=page.locator(SUMMARY, has_text="Sophie Bernard")
    )
    testimonial.get_by_label(FR("schema.fields.Testimonial.quote.title"), exact=True).fill(
        NEW_QUOTE
    )
    # An optional field cleared: removed from the file, never written as "" (plato-cms.js).
    testimonial.get_by_label(FR("schema.fields.Testimonial.role.title")).fill("")
    save_screenshot(page, "editor-testimonial-1280", max_height=1400)

    groups = _list_field(page, FR("schema.fields.Territory.groups.title"))
    _unfold(groups)
    group = groups.locator(ITEM).filter(has=page.locator(SUMMARY, has_text="(roannais-5)")).first
    meetings = _list_field(group, FR("schema.fields.Group.meetings.title"))
    moved = _add_item(meetings, page)
    moved.get_by_label(FR("schema.fields.MeetingOverride.number.title")).fill("21")
    moved.get_by_label(FR("schema.fields.MeetingOverride.date.title")).fill("2027-02-18")
    moved.get_by_label(FR("schema.fields.MeetingOverride.start_time.title")).fill("14:00")
    moved.get_by_label(FR("schema.fields.MeetingOverride.end_time.title")).fill("17:30")
    change = _add_item(_list_field(moved, FR("schema.fields.MeetingOverride.changes.title")), page)
    change.get_by_label(FR("schema.fields.ChangeRecord.announced.title")).fill("2026-11-20")
    change.get_by_label(FR("schema.fields.ChangeRecord.reason.title")).fill("salle prise")
    moved.scroll_into_view_if_needed()
    save_screenshot(page, "editor-meeting-1280", max_height=2000)
    _publish(page)
    # Nothing from a CDN or a third party: only the site and the local backend.
    hosts = {urlsplit(url).hostname for url in recorded.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}
    assert not recorded.console_errors

    # On disk: the file Decap wrote, in the copy.
    written = _wait_for_quote(editor_project / TERRITORY_FILE, NEW_QUOTE)
    assert "role" not in written["testimonials"][0]
    group_data = next(g for g in written["groups"] if g["id"] == "roannais-5")
    override = next(m for m in group_data["meetings"] if m["number"] == 21)
    # Keys in the order of the form and the guide (id, name, kind…), as staff wrote them.
    assert list(group_data) == [name for name in Group.model_fields if name in group_data]
    for meeting in group_data["meetings"]:
        assert list(meeting) == [name for name in MeetingOverride.model_fields if name in meeting]
    assert str(override["date"]) == "2027-02-18"
    assert override["changes"] == [{"announced": date(2026, 11, 20), "reason": "salle prise"}]

    validated = subprocess.run(
        [sys.executable, "-m", "plato_site.cli", "validate"],
        cwd=editor_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert validated.returncode == 0, validated.stderr

    site = build_project(editor_project, editor_project / "rebuilt")
    page_html = BeautifulSoup((site / GROUP_PAGE).read_text(encoding="utf-8"), "html.parser")
    row = next(tr for tr in page_html.find_all("tr") if tr.th and tr.th.get_text() == "21")
    text = " ".join(row.get_text(" ").split())
    assert "jeudi 18 février 2027" in text
    assert "14 h – 17 h 30" in text
    assert "jeudi 11 février 2027" in text  # the initial date, shown as moved
    testimonials_page = BeautifulSoup((site / TESTIMONIALS_PAGE).read_bytes(), "html.parser")
    assert NEW_QUOTE in " ".join(testimonials_page.get_text(" ").split())  # French spaces

    feed = icalendar.Calendar.from_ical((site / GROUP_FEED).read_bytes())
    event = next(
        e for e in feed.walk("VEVENT") if str(e["UID"]).startswith("meeting.roannais-5.21@")
    )
    assert event.decoded("DTSTART") == datetime(2027, 2, 18, 14, 0, tzinfo=PARIS)
    assert event.decoded("DTEND") == datetime(2027, 2, 18, 17, 30, tzinfo=PARIS)
    assert event["SEQUENCE"] == 1  # a new version of the same meeting, never a duplicate
