"""One page per public event, and the calendars a newcomer reads (issue 13).

The site plan gives every public event one page whose address rests on the event's id (the
identity of its calendar UID), so a link shared in a newsletter survives a new date, a new
title and a reordered YAML file. The built pages are read back as a search engine and a link
preview read them (JSON-LD, Open Graph, sitemap) and as a feed reader does (feedparser).
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import yaml
from bs4 import BeautifulSoup

from plato_site.derive import Site, build_date
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from plato_site.plan import plan_site
from plato_site.render import urls
from plato_site.render.month_grid import month_grids
from plato_site.render.views import AgendaLine
from tests.helpers import REPO_ROOT, built_pages, source_date

T = Catalog("fr")
SITE_URL = "https://plato.example.org/"
TODAY = date(2026, 11, 22)  # the example's build date (tests/helpers.EXAMPLE_EPOCH)
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# In the example (content/territoires/), on the example's build date:
FORM = ("boucle-des-hauts-de-seine", "information-2027-01")  # registers with a form URL
EMAIL = ("roannais", "information-2027-01")  # registers by e-mail, deadline 2027-01-25
PAST = ("boucle-des-hauts-de-seine", "information-2026-10")  # held on 2026-10-08
CANCELLED = ("seine-aval", "information-2026-12")


def _site(root: Path) -> Site:
    with source_date():
        return load_site(root / "content", build_date(), root)


def _event_urls(site: Site) -> dict[tuple[str, str], str]:
    """(territory, event id) -> the address of its page, from the site plan."""
    plan = plan_site(site, T, site_url=SITE_URL)
    pages = [page for page in plan.pages if page.kind == "event"]
    found = {}
    for page in pages:
        assert page.territory is not None
        tv = site.territory(page.territory)
        [event] = [e for e in tv.events if urls.event(tv.slug, e.id) == page.url]
        found[tv.slug, event.id] = page.url
    assert len(found) == len(pages)  # one page per event, never two
    return found


def _copy_rewritten(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    for path in sorted((root / "content" / "territoires").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root


# --- the plan -----------------------------------------------------------------------------


def test_every_public_event_has_one_page_out_of_the_menu() -> None:
    site = _site(REPO_ROOT)
    declared = {(tv.slug, e.id) for tv in site.territories for e in tv.events}
    assert len(declared) >= 8
    found = _event_urls(site)
    assert set(found) == declared
    for (slug, event_id), url in found.items():
        assert url == f"territoires/{slug}/calendrier/{event_id}/"
    plan = plan_site(site, T, site_url=SITE_URL)
    assert all(not page.in_nav for page in plan.pages if page.kind == "event")
    menu = json.dumps([repr(entry) for entry in plan.navigation([])])
    assert not [p for p in plan.pages if p.kind == "event" and p.source in menu]


def test_event_addresses_survive_a_new_date_a_new_title_and_a_reorder(tmp_path: Path) -> None:
    before = _event_urls(_site(REPO_ROOT))

    def edit(data: dict[str, Any]) -> None:
        events = data.get("events") or []
        events.reverse()
        for event in events:
            event["title"] = "Nouveau titre : " + (event.get("title") or "")
            event["date"] = event["date"].replace(day=min(event["date"].day + 1, 28))

    after = _event_urls(_site(_copy_rewritten(tmp_path, edit)))
    assert after == before


# --- what search engines and link previews read --------------------------------------------


def _page(site: Path, key: tuple[str, str]) -> BeautifulSoup:
    html = (site / urls.event(*key) / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def _event_json_ld(page: BeautifulSoup) -> dict[str, Any]:
    scripts = page.select('script[type="application/ld+json"]')
    events = [json.loads(s.get_text()) for s in scripts]
    [event] = [e for e in events if e["@type"] == "Event"]
    assert isinstance(event, dict)
    return event


def _meta(page: BeautifulSoup, key: str) -> str:
    """The tag's content, French no-break spaces read as spaces."""
    tag = page.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    assert tag is not None, key
    return str(tag["content"]).replace("\u00a0", " ")


def test_event_page_json_ld_names_its_page_its_place_and_where_to_register(
    example_site: Path,
) -> None:
    page = _page(example_site, FORM)
    event = _event_json_ld(page)
    assert event["url"] == SITE_URL + urls.event(*FORM) == _meta(page, "og:url")
    assert event["name"] == "Réunion d'information sur les groupes Plato 2027"
    assert event["startDate"] == "2027-01-14T08:30:00+01:00"
    assert event["location"]["address"]["addressLocality"]
    assert event["location"]["address"]["postalCode"]
    assert event["offers"]["url"] == "https://www.example.org/hauts-de-seine/plato/inscription"
    # By e-mail only: the offer sends to the page, which gives the address, until the deadline.
    email = _event_json_ld(_page(example_site, EMAIL))
    assert email["offers"]["url"] == SITE_URL + urls.event(*EMAIL)
    assert email["offers"]["validThrough"] == "2027-01-25T23:59:00+01:00"


def test_event_page_sharing_tags_name_the_event_and_its_day(example_site: Path) -> None:
    page = _page(example_site, EMAIL)
    title = _meta(page, "og:title")
    assert "Réunion d'information Plato Roannais 6" in title
    assert "28 janvier 2027" in title
    assert "28 janvier 2027" in _meta(page, "og:description")
    assert "Roanne" in _meta(page, "og:description")
    assert _meta(page, "og:description") == _meta(page, "description")


def test_an_upcoming_event_page_registers_and_adds_to_calendars(example_site: Path) -> None:
    page = _page(example_site, FORM)
    button = page.select_one("a.plato-apply")
    assert button is not None and button["href"] == (
        "https://www.example.org/hauts-de-seine/plato/inscription"
    )
    assert button.get_text(strip=True) == T("pages.register")
    add = page.select_one(".plato-add")
    assert add is not None
    google = add.select_one('a[href^="https://calendar.google.com/"]')
    assert google is not None and "calendrier%2Finformation-2027-01" in str(google["href"])
    assert add.select_one('a[href$="information-2027-01.ics"]') is not None
    assert page.select_one('a[href^="tel:"]') is not None
    assert page.select_one('a[href^="https://www.openstreetmap.org/"]') is not None
    back = page.select_one(".plato-event-page__back a")
    assert back is not None and back["href"] == "../../"
    # By e-mail: a pre-filled message naming the event.
    mail = _page(example_site, EMAIL).select_one("a.plato-apply")
    assert mail is not None and str(mail["href"]).startswith("mailto:plato-roannais@example.org")
    assert "R%C3%A9union%20d%27information%20Plato%20Roannais%206" in str(mail["href"])


def test_a_past_event_keeps_its_page_without_registration(example_site: Path) -> None:
    page = _page(example_site, PAST)
    assert T("events.past") in page.get_text()
    assert page.select_one("a.plato-apply") is None
    assert page.select_one(".plato-add") is None
    assert "offers" not in _event_json_ld(page)


def test_a_cancelled_event_says_so_without_registration(example_site: Path) -> None:
    page = _page(example_site, CANCELLED)
    assert page.select_one(".plato-notice--cancelled .plato-badge--cancelled") is not None
    assert page.select_one("a.plato-apply") is None
    event = _event_json_ld(page)
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in event


def test_the_sitemap_lists_every_event_page(example_site: Path) -> None:
    tree = ElementTree.parse(example_site / "sitemap.xml")
    listed = {node.text for node in tree.getroot().findall("s:url/s:loc", SITEMAP)}
    site = _site(REPO_ROOT)
    for tv in site.territories:
        for event in tv.events:
            assert SITE_URL + urls.event(tv.slug, event.id) in listed


def test_atom_event_entries_link_the_event_page(example_site: Path) -> None:
    feed = feedparser.parse((example_site / urls.territory_atom("roannais")).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    events = [entry for entry in feed.entries if ":event." in entry.id]
    assert {entry.link for entry in events} == {
        SITE_URL + urls.event("roannais", "information-2027-01"),
        SITE_URL + urls.event("roannais", "lancement-roannais-6"),
    }
    for entry in events:
        assert (example_site / entry.link.removeprefix(SITE_URL) / "index.html").is_file()


# --- calendars for newcomers --------------------------------------------------------------


def test_calendar_separates_public_events_from_members_meetings(example_site: Path) -> None:
    html = (example_site / urls.calendar("roannais") / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    public = page.select_one('section[aria-labelledby="evenements-publics"]')
    members = page.select_one('section[aria-labelledby="rencontres-membres"]')
    assert public is not None and members is not None
    # Public events first, then the month view, then the members' meetings.
    ids = [h2.get("id") for h2 in page.select("h2[id]")]
    assert ids[:3] == ["evenements-publics", "vue-par-mois", "rencontres-membres"]
    # Every line of the public list is an event with its page; no group meeting there.
    links = [a["href"] for a in public.select(".plato-agenda__what a")]
    assert links == ["information-2027-01/", "lancement-roannais-6/"]
    assert "Plato Roannais 5" not in public.get_text()
    assert "Plato Roannais 5" in members.get_text()
    # A newcomer may follow the public events alone.
    feed = public.select_one("details.plato-subscribe input")
    assert feed is not None and feed["value"] == SITE_URL + urls.events_feed("roannais")
    assert "Réunion d'information" not in members.get_text()


def test_event_cards_link_their_page(example_site: Path) -> None:
    html = (example_site / urls.join("roannais") / "index.html").read_text("utf-8")
    cards = BeautifulSoup(html, "html.parser").select(".plato-event .plato-card__title a")
    assert [a["href"] for a in cards] == ["../calendrier/information-2027-01/"]


def test_month_grid_is_a_table_per_month_with_weekday_headers(example_site: Path) -> None:
    html = (example_site / urls.calendar("roannais") / "index.html").read_text("utf-8")
    tables = BeautifulSoup(html, "html.parser").select("table.plato-grid")
    assert [t.caption.get_text() for t in tables if t.caption] == [
        "Décembre 2026",
        "Janvier 2027",
        "Février 2027",
        "Mars 2027",
        "Avril 2027",
    ]
    for table in tables:
        headers = table.select("thead th[scope=col]")
        assert [th.get_text() for th in headers] == [
            "lun.",
            "mar.",
            "mer.",
            "jeu.",
            "ven.",
            "sam.",
            "dim.",
        ]
        assert headers[0].abbr is not None and headers[0].abbr["title"] == "lundi"
        assert all(len(row.select("td")) == 7 for row in table.select("tbody tr"))
    january = tables[1]
    [day] = [td for td in january.select("td") if "Réunion d'information" in td.get_text()]
    assert day.select_one(".plato-grid__weekday").get_text(strip=True) == "jeudi"
    assert day.select_one("a")["href"] == "information-2027-01/"
    assert T("events.public_tag") in day.get_text()


def _line(day: date, title: str, *, meeting: bool = False) -> AgendaLine:
    return AgendaLine(
        day=day,
        start=time(18, 0),
        end=time(20, 0),
        cancelled=False,
        is_meeting=meeting,
        title=title,
        event_kind="information_meeting",
        group_url="g/" if meeting else None,
        meeting_label="",
        original_date=None,
        change_reason=None,
        cancel_reason=None,
        venue_name="CCI",
        venue_city="Roanne",
        territory_name="Roannais",
        event_url="" if meeting else "e/",
    )


def test_month_grid_marks_today_and_the_days_gone_and_skips_empty_months() -> None:
    lines = [
        _line(date(2026, 11, 5), "Passée", meeting=True),
        _line(date(2026, 11, 26), "Réunion"),
        _line(date(2027, 2, 4), "Plénière"),
        _line(date(2027, 6, 3), "Trop loin"),  # beyond the months a newcomer plans for
    ]
    grids = month_grids(lines, date(2026, 11, 22), T)
    assert [grid.key for grid in grids] == ["2026-11", "2027-02"]
    november = [day for week in grids[0].weeks for day in week if day is not None]
    assert len(november) == 30
    assert grids[0].weeks[0][:6] == (None,) * 6  # 1 November 2026 is a Sunday
    by_day = {day.day.day: day for day in november}
    assert by_day[22].today and not by_day[22].past
    assert by_day[21].past and by_day[5].past and not by_day[26].past
    assert [e.title for e in by_day[5].entries] == ["Passée"]
    assert not by_day[5].entries[0].public and by_day[26].entries[0].public
    assert by_day[26].entries[0].start == "18\u00a0h"


def test_group_page_states_the_rhythm_and_folds_its_dates(example_site: Path) -> None:
    html = (example_site / urls.group("roannais", "roannais-5") / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert T("pages.group.schedule") in page.select_one(".plato-facts").get_text()
    assert "2e jeudi" in page.select_one(".plato-facts").get_text()
    folded = page.select_one("details.plato-dates")
    assert folded is not None and not folded.has_attr("open")
    assert folded.select_one("table.plato-meetings") is not None
    assert folded.summary.get_text() == T("events.all_dates", count=24)
    assert page.select_one(".plato-next-meeting") is not None


def test_no_page_repeats_an_id(example_site: Path) -> None:
    """The calendar shows several agendas of the same months (public events, members'
    meetings, the past): each heading keeps its own id, so each list keeps its own name."""
    for path in built_pages(example_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids = [str(element["id"]) for element in page.select("[id]")]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, (path, repeated)
