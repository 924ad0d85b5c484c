"""Calendar feeds of the built site, read by two parsers we did not write.

``recurring_ical_events`` (on top of icalendar) and the strict pydantic parser ``ical``
stand in for the calendar apps that subscribe. Every build here is a real
``mkdocs build --strict`` of a copy of the example project at a fixed date
(2026-11-22, tests/helpers.py): Plato Roannais 5 is running, meeting 19 (10 December
2026) is cancelled, meeting 20 was moved from 14 to 21 January 2027.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
import yaml
from bs4 import BeautifulSoup, Tag
from ical.calendar_stream import IcsCalendarStream
from mkdocs.exceptions import Abort

from plato_site.derive import build_date
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from plato_site.render import feeds as feeds_module
from plato_site.render.feeds import FeedFile, build_feeds, headers_file
from tests.helpers import (
    REPO_ROOT,
    build_project,
    copy_project,
    keep_territories,
    mkdocs_process,
)
from tests.synthetic import generate_network

SITE_URL = "https://plato.example.org/"
HOST = "plato.example.org"
ROANNAIS = "territoires/roannais"
GROUP_5_FEED = f"{ROANNAIS}/groupes/roannais-5/calendrier.ics"
FR = Catalog("fr")


def uid(group: str, number: int) -> str:
    return f"meeting.{group}.{number}@{HOST}"


def event_uid(event: str, territory: str = "roannais") -> str:
    return f"event.{territory}.{event}@{HOST}"


# --- reading feeds with the two parsers ---------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """One VEVENT as a parser understood it."""

    start: datetime  # UTC
    end: datetime  # UTC
    summary: str
    description: str
    location: str
    status: str
    sequence: int
    last_modified: datetime  # UTC


def read_with_recurring_ical_events(ics: bytes) -> dict[str, Seen]:
    calendar = icalendar.Calendar.from_ical(ics)
    events: list[Any] = recurring_ical_events.of(calendar).between(
        datetime(2000, 1, 1), datetime(2100, 1, 1)
    )
    return {
        str(e["UID"]): Seen(
            start=e["DTSTART"].dt.astimezone(UTC),
            end=e["DTEND"].dt.astimezone(UTC),
            summary=str(e["SUMMARY"]),
            description=str(e["DESCRIPTION"]),
            location=str(e["LOCATION"]),
            status=str(e["STATUS"]),
            sequence=int(e["SEQUENCE"]),
            last_modified=e["LAST-MODIFIED"].dt.astimezone(UTC),
        )
        for e in events
    }


def read_with_ical(ics: bytes) -> dict[str, Seen]:
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    seen = {}
    for e in calendar.events:
        assert e.uid is not None and e.status is not None and e.last_modified is not None
        seen[e.uid] = Seen(
            start=e.dtstart.astimezone(UTC),  # type: ignore[union-attr]
            end=e.dtend.astimezone(UTC),  # type: ignore[union-attr]
            summary=e.summary or "",
            description=e.description or "",
            location=e.location or "",
            status=e.status.value,
            sequence=e.sequence or 0,
            last_modified=e.last_modified.astimezone(UTC),
        )
    return seen


Reader = Callable[[bytes], dict[str, Seen]]
READERS: list[Reader] = [read_with_recurring_ical_events, read_with_ical]


def feeds(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.ics"))


def read(site: Path, path: str, reader: Reader = read_with_ical) -> dict[str, Seen]:
    return reader((site / path).read_bytes())


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- projects changed the way staff change them --------------------------------------------


def edit_roannais(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to the Roannais YAML; the larger territories are left out (faster).
    The smallest stays: a network of two, with its network feed (one territory has none)."""
    keep_territories(project, "roannais", "vallee-scientifique-de-la-bievre")
    path = project / "content" / "territoires" / "roannais.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def group(data: dict[str, Any], group_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(g for g in data["groups"] if g["id"] == group_id)
    return found


def override(data: dict[str, Any], group_id: str, number: int) -> dict[str, Any]:
    meetings = group(data, group_id).setdefault("meetings", [])
    for meeting in meetings:
        if meeting["number"] == number:
            return meeting  # type: ignore[no-any-return]
    meetings.append({"number": number})
    return meetings[-1]  # type: ignore[no-any-return]


def build_changed(tmp: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    project = copy_project(tmp / "project")
    edit_roannais(project, change)
    return build_project(project, tmp / "site")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with Roannais only, unchanged: what the changed builds compare with."""
    return build_changed(tmp_path_factory.mktemp("baseline"), lambda data: None)


# --- every feed of the example site --------------------------------------------------------


def test_every_feed_of_the_issue_is_published(example_site: Path) -> None:
    for path in [
        "calendrier.ics",
        f"{ROANNAIS}/calendrier.ics",
        f"{ROANNAIS}/evenements.ics",
        f"{ROANNAIS}/groupes/roannais-4/calendrier.ics",
        GROUP_5_FEED,
        f"{ROANNAIS}/groupes/roannais-6/calendrier.ics",
        f"{ROANNAIS}/evenements/information-2027-01.ics",
        f"{ROANNAIS}/evenements/lancement-roannais-6.ics",
    ]:
        assert (example_site / path).is_file(), path


@pytest.mark.parametrize("reader", READERS)
def test_every_feed_parses_and_no_uid_repeats(example_site: Path, reader: Reader) -> None:
    for path in feeds(example_site):
        ics = path.read_bytes()
        events = reader(ics)  # raises on anything the parser rejects
        assert events, path
        # The parsers keep the last of two equal UIDs: count them in the file itself.
        assert ics.count(b"\r\nUID:") == len(events), f"{path}: a UID appears twice"


def test_every_tzid_has_its_vtimezone(example_site: Path) -> None:
    for path in feeds(example_site):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
        used = {
            str(value.params["TZID"])
            for event in calendar.walk("VEVENT")
            for value in event.values()
            if hasattr(value, "params") and "TZID" in value.params
        }
        assert used == {"Europe/Paris"}, path
        assert used <= defined, path


def test_calendar_properties_of_every_feed(example_site: Path) -> None:
    for path in feeds(example_site):
        ics = path.read_bytes()
        lines = ics.decode("utf-8").split("\r\n")
        assert "METHOD:PUBLISH" in lines, path
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines, path
        assert "X-PUBLISHED-TTL:PT12H" in lines, path
        calendar = icalendar.Calendar.from_ical(ics)
        name = str(calendar["NAME"])
        assert name == str(calendar["X-WR-CALNAME"])
        assert name and not set(name) & set(",;\\"), path
        assert str(calendar["URL"]).startswith(SITE_URL), path


def test_every_url_in_a_feed_is_a_built_page(example_site: Path) -> None:
    for path in feeds(example_site):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        links = [str(calendar["URL"])] + [str(e["URL"]) for e in calendar.walk("VEVENT")]
        for link in links:
            page = link.removeprefix(SITE_URL)
            assert (example_site / page / "index.html").is_file(), (path, link)


@pytest.mark.parametrize("reader", READERS)
def test_group_feed_times_in_utc_across_both_dst_changes(
    example_site: Path, reader: Reader
) -> None:
    seen = read(example_site, GROUP_5_FEED, reader)
    assert len(seen) == 24  # whole history, the cancelled meeting still to come included
    # 8:30 in Paris: 6:30 UTC in summer time, 7:30 UTC in winter time.
    assert seen[uid("roannais-5", 17)].start == utc(2026, 10, 8, 6, 30)
    assert seen[uid("roannais-5", 18)].start == utc(2026, 11, 12, 7, 30)
    assert seen[uid("roannais-5", 22)].start == utc(2027, 3, 11, 7, 30)
    assert seen[uid("roannais-5", 23)].start == utc(2027, 4, 8, 6, 30)
    assert seen[uid("roannais-5", 23)].end == utc(2027, 4, 8, 10, 0)


@pytest.mark.parametrize("reader", READERS)
def test_meeting_text_location_and_status(example_site: Path, reader: Reader) -> None:
    seen = read(example_site, GROUP_5_FEED, reader)
    seventh = seen[uid("roannais-5", 7)]
    assert seventh.summary == "Plato Roannais 5 — rencontre 7\u00a0: Développement commercial"
    assert "Thème\u00a0: Développement commercial" in seventh.description
    assert seventh.description.endswith(f"{SITE_URL}{ROANNAIS}/groupes/roannais-5/")
    assert seventh.location == "CCI du Roannais, 8 rue Aristide Briand, 42300 Roanne"
    assert (seventh.status, seventh.sequence) == ("CONFIRMED", 0)
    # No change recorded: the group's publication date, midnight in Paris.
    assert seventh.last_modified == utc(2025, 1, 31, 23, 0)
    assert seen[uid("roannais-5", 23)].location.startswith("Technopôle Diderot, ")


@pytest.mark.parametrize("reader", READERS)
def test_recorded_changes_in_the_example(example_site: Path, reader: Reader) -> None:
    seen = read(example_site, GROUP_5_FEED, reader)
    cancelled = seen[uid("roannais-5", 19)]
    assert cancelled.status == "CANCELLED"
    assert cancelled.summary.startswith("ANNULÉ – Plato Roannais 5 — rencontre 19")
    assert "remplacée par la séance plénière de fin d'année" in cancelled.description
    assert (cancelled.sequence, cancelled.last_modified) == (1, utc(2026, 11, 14, 23, 0))
    moved = seen[uid("roannais-5", 20)]
    assert moved.start == utc(2027, 1, 21, 7, 30)
    assert (moved.status, moved.sequence) == ("CONFIRMED", 1)
    assert moved.last_modified == utc(2026, 11, 4, 23, 0)
    assert "jeudi 14\u00a0janvier 2027" in moved.description  # the planned day
    assert "salle indisponible le 14 janvier" in moved.description


def test_geo_only_where_the_venue_has_coordinates(example_site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((example_site / GROUP_5_FEED).read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    geo: Any = events[uid("roannais-5", 7)]["GEO"]
    assert (geo.latitude, geo.longitude) == (46.0363, 4.07)
    assert "GEO" not in events[uid("roannais-5", 23)]  # Technopôle: no coordinates given


def test_territory_feed_keeps_a_year_of_history_and_what_is_to_come(example_site: Path) -> None:
    seen = read(example_site, f"{ROANNAIS}/calendrier.ics")
    assert uid("roannais-5", 8) in seen  # 11 December 2025: less than a year ago
    assert uid("roannais-5", 7) not in seen  # 13 November 2025: more than a year ago
    assert not any(".roannais-4." in key for key in seen)  # a group finished in 2015
    assert uid("roannais-6", 24) in seen
    assert event_uid("information-2027-01") in seen
    assert event_uid("lancement-roannais-6") in seen


def test_public_event_feeds(example_site: Path) -> None:
    events = read(example_site, f"{ROANNAIS}/evenements.ics")
    assert set(events) == {event_uid("information-2027-01"), event_uid("lancement-roannais-6")}
    info = events[event_uid("information-2027-01")]
    assert info.summary == "Réunion d'information Plato Roannais 6"
    assert info.start == utc(2027, 1, 28, 17, 0)  # 18:00 in Paris, winter time
    assert "plato-roannais@example.org" in info.description
    single = read(example_site, f"{ROANNAIS}/evenements/information-2027-01.ics")
    assert single == {event_uid("information-2027-01"): info}


def test_network_feed_holds_the_public_events_to_come(example_site: Path) -> None:
    """Members' meetings stay in group and territory feeds: the network feed must fit the
    1 MB / 1,000 events Google Calendar reads, whatever the size of the network."""
    network = read(example_site, "calendrier.ics")
    today = utc(2026, 11, 21, 23, 0)  # the build date, 2026-11-22 in Paris
    expected: set[str] = set()
    for events_feed in example_site.glob("territoires/*/evenements.ics"):
        seen = read_with_ical(events_feed.read_bytes())
        expected |= {uid for uid, event in seen.items() if event.start >= today}
    assert expected and set(network) == expected


# --- stable identity, recorded changes ----------------------------------------------------


def reorder_and_edit(data: dict[str, Any]) -> None:
    data["groups"].reverse()
    for item in data["groups"]:
        item.get("meetings", []).reverse()
    data["events"].reverse()
    five = group(data, "roannais-5")
    five["seats_taken"] = 11
    five["description"] = "Un groupe qui a déjà bien avancé."
    data["chamber"]["website"] = "https://www.example.org/autre/"


def test_uids_survive_reordering_and_unrelated_edits(baseline: Path, tmp_path: Path) -> None:
    changed = build_changed(tmp_path, reorder_and_edit)
    before = {p.relative_to(baseline): read_with_ical(p.read_bytes()) for p in feeds(baseline)}
    after = {p.relative_to(changed): read_with_ical(p.read_bytes()) for p in feeds(changed)}
    assert before.keys() == after.keys()
    for path, events in before.items():
        assert events == after[path], path  # same UIDs, and nothing else moved either


def reschedule_and_cancel(data: dict[str, Any]) -> None:
    moved_again = override(data, "roannais-5", 20)
    moved_again["date"] = "2027-01-28"
    moved_again["changes"].append({"announced": "2026-11-20", "reason": "intervenant absent"})
    moved = override(data, "roannais-5", 21)
    moved.update(
        date="2027-02-18",
        start_time="9h",
        changes=[{"announced": "2026-11-18", "reason": "vacances scolaires"}],
    )
    override(data, "roannais-5", 22)["cancelled"] = {"announced": "2026-11-19"}
    override(data, "roannais-5", 10)["cancelled"] = {"announced": "2026-01-05"}  # past


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_changed(tmp_path_factory.mktemp("changed"), reschedule_and_cancel)


@pytest.mark.parametrize("reader", READERS)
def test_rescheduled_meeting_keeps_its_uid_with_a_higher_sequence(
    baseline: Path, changed_site: Path, reader: Reader
) -> None:
    before = read(baseline, GROUP_5_FEED, reader)
    after = read(changed_site, GROUP_5_FEED, reader)
    assert before[uid("roannais-5", 21)].start == utc(2027, 2, 11, 7, 30)
    assert after[uid("roannais-5", 21)].start == utc(2027, 2, 18, 8, 0)
    assert after[uid("roannais-5", 21)].sequence == 1
    assert after[uid("roannais-5", 21)].last_modified == utc(2026, 11, 17, 23, 0)
    assert after[uid("roannais-5", 20)].start == utc(2027, 1, 28, 7, 30)
    assert (before[uid("roannais-5", 20)].sequence, after[uid("roannais-5", 20)].sequence) == (1, 2)
    assert after[uid("roannais-5", 20)].last_modified == utc(2026, 11, 19, 23, 0)


@pytest.mark.parametrize("reader", READERS)
def test_cancelled_meeting_stays_until_its_day_then_leaves(
    baseline: Path, changed_site: Path, reader: Reader
) -> None:
    cancelled = read(changed_site, GROUP_5_FEED, reader)[uid("roannais-5", 22)]
    assert cancelled.status == "CANCELLED"
    assert cancelled.summary.startswith("ANNULÉ – ")
    assert cancelled.sequence == 1
    assert cancelled.start == read(baseline, GROUP_5_FEED, reader)[uid("roannais-5", 22)].start
    territory_feed = read(changed_site, f"{ROANNAIS}/calendrier.ics", reader)
    assert territory_feed[uid("roannais-5", 22)].status == "CANCELLED"
    # Meeting 10 (January 2026) was cancelled and its day has passed: it left the feed.
    assert uid("roannais-5", 10) in read(baseline, GROUP_5_FEED, reader)
    assert uid("roannais-5", 10) not in read(changed_site, GROUP_5_FEED, reader)


# --- text that needs escaping -----------------------------------------------------------------

TRICKY_TOPIC = "Prix, marges; «crise»\nsuite \\ fin"
TRICKY_VENUE = "Salle «Été», bâtiment B; 2e étage"
TRICKY_DESCRIPTION = (
    "Première ligne, avec virgule; et point-virgule.\n\nDeuxième paragraphe \\ fin."
)


def tricky_text(data: dict[str, Any]) -> None:
    six = group(data, "roannais-6")
    six["name"] = "Plato Roannais 6, «Été»; groupe \\ B"
    six["topics"] = [TRICKY_TOPIC]
    venue = dict(six["venue"])
    venue["name"] = TRICKY_VENUE
    six["venue"] = venue
    data["events"][0]["description"] = TRICKY_DESCRIPTION


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("tricky")
    project = copy_project(tmp / "project")
    (project / "content" / "_headers").write_text("/*\n  X-Frame-Options: DENY\n")
    edit_roannais(project, tricky_text)
    return build_project(project, tmp / "site")


@pytest.mark.parametrize("reader", READERS)
def test_accents_commas_semicolons_and_newlines_round_trip(
    tricky_site: Path, reader: Reader
) -> None:
    first = read(tricky_site, f"{ROANNAIS}/groupes/roannais-6/calendrier.ics", reader)
    meeting = first[uid("roannais-6", 1)]
    assert (
        meeting.summary
        == f"Plato Roannais 6, «Été»; groupe \\ B — rencontre 1\u00a0: {TRICKY_TOPIC}"
    )
    assert f"Thème\u00a0: {TRICKY_TOPIC}" in meeting.description
    assert meeting.location == f"{TRICKY_VENUE}, 8 rue Aristide Briand, 42300 Roanne"
    event = read(tricky_site, f"{ROANNAIS}/evenements.ics", reader)
    assert TRICKY_DESCRIPTION in event[event_uid("information-2027-01")].description


def test_calendar_name_drops_the_characters_clients_show_escaped(tricky_site: Path) -> None:
    ics = (tricky_site / f"{ROANNAIS}/groupes/roannais-6/calendrier.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["NAME"]) == "Plato Roannais 6 «Été» groupe B — rencontres"
    assert all(len(line.encode()) <= 75 for line in ics.decode().split("\r\n"))


# --- reproducible builds ----------------------------------------------------------------------


def test_two_builds_give_byte_identical_feeds(example_site: Path, tmp_path: Path) -> None:
    """The second build runs in another process, with another hash seed."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_process(
        project, "--strict", "-q", "-d", str(site), env={"PYTHONHASHSEED": "12345"}
    )
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(example_site): p.read_bytes() for p in feeds(example_site)}
    second = {p.relative_to(site): p.read_bytes() for p in feeds(site)}
    assert first == second
    assert (site / "_headers").read_bytes() == (example_site / "_headers").read_bytes()


# --- configuration ---------------------------------------------------------------------------


def without_site_url(project: Path, plugin_options: str = "") -> None:
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("site_url:")]
    assert len(kept) == len(lines) - 1
    text = "".join(kept)
    if plugin_options:
        assert text.count("  - plato\n") == 1
        text = text.replace("  - plato\n", f"  - plato:\n{plugin_options}")
    config.write_text(text, encoding="utf-8")


def test_missing_site_url_stops_the_build_with_a_french_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(tmp_path / "project")
    without_site_url(project)
    with pytest.raises(Abort):
        build_project(project, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [FR("feeds.missing_site_url")]
    assert "site_url" in errors[0] and "calendriers" in errors[0]
    assert not (tmp_path / "site").exists()


def test_feeds_can_be_turned_off(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    without_site_url(project, "      feeds: false\n")
    site = build_project(project, tmp_path / "site")
    assert not list(feeds(site))
    assert not (site / "_headers").exists()
    for page in ["calendrier", f"{ROANNAIS}/calendrier", f"{ROANNAIS}/rejoindre"]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "plato-subscribe" not in html.replace("plato-subscribe.js", ""), page
        assert ".ics" not in html, page


# --- the subscribe block on the pages ---------------------------------------------------------


def subscribe_block(site: Path, page: str, feed: str) -> Tag:
    """The page's one block subscribing to ``feed`` (a calendar page also offers its
    public events' own feed)."""
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = [
        block
        for block in soup.select("article details.plato-subscribe")
        if str(block.select_one("input")["value"]).endswith("/" + feed)
    ]
    assert len(blocks) == 1, page
    return blocks[0]


def link(block: Tag, text: str) -> str:
    found = block.find("a", string=text)
    assert isinstance(found, Tag), text
    return str(found["href"])


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("calendrier", "calendrier.ics"),
        (f"{ROANNAIS}/calendrier", f"{ROANNAIS}/calendrier.ics"),
        (f"{ROANNAIS}/groupes/roannais-5", GROUP_5_FEED),
        (f"{ROANNAIS}/rejoindre", f"{ROANNAIS}/evenements.ics"),
    ],
)
def test_subscribe_links_carry_the_feed_urls(example_site: Path, page: str, feed: str) -> None:
    block = subscribe_block(example_site, page, feed)
    https = SITE_URL + feed
    webcal = "webcal://" + HOST + "/" + feed
    assert (example_site / feed).is_file()
    assert link(block, FR("feeds.subscribe.apple")) == webcal
    google = urlsplit(link(block, FR("feeds.subscribe.google")))
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert parse_qs(google.query) == {"cid": [webcal]}
    outlook = urlsplit(link(block, FR("feeds.subscribe.outlook")))
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    name = str(icalendar.Calendar.from_ical((example_site / feed).read_bytes())["NAME"])
    assert parse_qs(outlook.query) == {"url": [https], "name": [name]}
    assert link(block, FR("feeds.subscribe.download")) == https
    field = block.find("input")
    assert isinstance(field, Tag)
    assert (field["value"], field.has_attr("readonly")) == (https, True)
    label = block.find("label", attrs={"for": str(field["id"])})
    assert isinstance(label, Tag) and label.get_text(strip=True)
    button = block.find("button")
    assert isinstance(button, Tag)
    assert button["type"] == "button" and button.has_attr("hidden")  # shown by the script
    assert button["data-plato-copy"] == field["id"]
    assert block.select_one("[role=status]") is not None
    assert FR("feeds.subscribe.refresh") in block.get_text()


def test_subscribe_script_is_served(example_site: Path) -> None:
    soup = BeautifulSoup(
        (example_site / "calendrier" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    scripts = [str(s["src"]) for s in soup.find_all("script", src=True)]
    assert "../javascripts/plato-subscribe.js" in scripts
    assert (example_site / "javascripts" / "plato-subscribe.js").is_file()


# --- hosting ------------------------------------------------------------------------------------


def header_rules(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(":")
            current[name] = value.strip()
    return rules


def covering_rule(rules: dict[str, dict[str, str]], path: str) -> str | None:
    """The rule matching ``path`` as Netlify and Cloudflare Pages match them: ``:name`` is
    one path segment, a final ``*`` anything."""
    for rule in rules:
        pattern = re.escape(rule).replace(r"\*", ".*")
        pattern = re.sub(r":[a-z]+", "[^/]+", pattern)
        if re.fullmatch(pattern, path):
            return rule
    return None


def test_headers_file_serves_every_feed_as_uncompressed_utf8_calendar(example_site: Path) -> None:
    rules = header_rules((example_site / "_headers").read_text(encoding="utf-8"))
    for path in feeds(example_site):
        rule = covering_rule(rules, "/" + path.relative_to(example_site).as_posix())
        assert rule is not None, path
        assert rules[rule]["Content-Type"] == "text/calendar; charset=utf-8"
        assert "no-transform" in rules[rule]["Cache-Control"]
    for path in example_site.rglob("*"):
        if path.is_file() and path.suffix != ".ics":
            assert covering_rule(rules, "/" + path.relative_to(example_site).as_posix()) is None


def test_headers_file_keeps_the_staff_rules_first(tricky_site: Path) -> None:
    text = (tricky_site / "_headers").read_text(encoding="utf-8")
    assert text.startswith("/*\n  X-Frame-Options: DENY\n\n")
    assert f"/{ROANNAIS}/calendrier.ics\n  Content-Type: text/calendar; charset=utf-8" in text


def test_headers_follow_a_site_published_in_a_subfolder() -> None:
    files = [
        FeedFile("calendrier.ics", b"", "calendrier.ics", "calendrier.ics"),
        FeedFile("t/x/evenements/a.ics", b"", "t/x/evenements/*", "t/:t/evenements/*"),
        FeedFile("t/x/evenements/b.ics", b"", "t/x/evenements/*", "t/:t/evenements/*"),
    ]
    rules = header_rules(headers_file("https://www.cci.example/plato", files))
    assert list(rules) == ["/plato/calendrier.ics", "/plato/t/x/evenements/*"]


def test_a_national_network_gets_a_handful_of_header_rules(
    tmp_path: Path, example_site: Path
) -> None:
    """Cloudflare Pages reads at most 100 rules: a network of 40 territories and 280 groups
    gets one rule per kind of feed, with placeholders; a CCI's site keeps exact paths."""
    from tests.synthetic import generate_network

    small = header_rules((example_site / "_headers").read_text(encoding="utf-8"))
    assert not any(":" in rule for rule in small)
    network = generate_network(tmp_path / "network", 40, seed=0)
    site = build_project(network.root, tmp_path / "site", network.source_date_epoch)
    rules = header_rules((site / "_headers").read_text(encoding="utf-8"))
    assert list(rules) == [
        "/calendrier.ics",
        "/territoires/:territory/calendrier.ics",
        "/territoires/:territory/evenements.ics",
        "/territoires/:territory/evenements/*",
        "/territoires/:territory/groupes/:group/calendrier.ics",
    ]
    served = [p for p in site.rglob("*.ics")]
    assert len(served) > 300
    for path in served:
        assert covering_rule(rules, "/" + path.relative_to(site).as_posix()), path


# --- feeds that fit what Google Calendar reads ---------------------------------------------


def test_network_feed_keeps_the_soonest_events_within_the_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the limits (1,000 events, 1 MB: about 350 territories), the soonest stay."""
    site = load_site(REPO_ROOT / "content", date(2026, 11, 22), REPO_ROOT)
    upcoming = sorted(
        (e.starts_at, event_uid(e.id, t.slug))
        for t in site.territories
        for e in t.events
        if e.date >= site.today and not (e.cancelled and e.date < site.today)
    )
    assert len(upcoming) > 3

    def network_feed() -> bytes:
        return next(
            f for f in build_feeds(site, FR, SITE_URL) if f.path == "calendrier.ics"
        ).content

    first, second = re.findall(rb"BEGIN:VEVENT.*?END:VEVENT\r\n", network_feed(), re.DOTALL)[:2]
    monkeypatch.setattr(feeds_module, "MAX_FEED_EVENTS", 3)
    assert list(read_with_ical(network_feed())) == [uid for _, uid in upcoming[:3]]
    monkeypatch.setattr(feeds_module, "MAX_FEED_EVENTS", 1000)
    # The calendar's own lines are given 8 kB; the second event does not fit in what is left.
    monkeypatch.setattr(feeds_module, "MAX_FEED_BYTES", 8_000 + len(first) + len(second) - 1)
    assert list(read_with_ical(network_feed())) == [uid for _, uid in upcoming[:1]]


def test_every_feed_of_a_synthetic_network_fits(tmp_path: Path) -> None:
    """Territory and group feeds do not grow with the network; the network feed is capped."""
    network = generate_network(tmp_path, 12, seed=5)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", network.source_date_epoch)
        site = load_site(network.root / "content", build_date(), network.root)
    built = build_feeds(site, FR, SITE_URL)
    largest = max(len(feed.content) for feed in built)
    most = max(feed.content.count(b"BEGIN:VEVENT") for feed in built)
    network_feed = next(f for f in built if f.path == "calendrier.ics").content
    assert b"UID:meeting." not in network_feed
    # 12 territories: each feed but the network's is the size it has at 300 (about 65 kB).
    assert largest < 200_000 and most < 200
