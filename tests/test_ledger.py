"""Versions from the previous publication: edits staff make, read back by three parsers.

The example (Roannais only) is built once as "what subscribers have"; then the YAML is
edited the ways staff edit it — a meeting moved without a ``changes`` line, a group's
time, a venue, a topic, a cancellation, a cancellation undone, a group renamed — and built
again against that publication (``PLATO_PREVIOUS``, a folder, or the live site at
``site_url`` in CI, played by a local HTTP server). Exactly the events whose content
changed must get SEQUENCE + 1 and LAST-MODIFIED = the new build's time, in icalendar,
recurring-ical-events and ical alike; every other VEVENT keeps its bytes.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from mkdocs.exceptions import Abort

from plato_site.render.ics import CalendarInfo, write_calendar
from plato_site.render.ledger import Published, previous_source, read_feed
from tests.helpers import EXAMPLE_EPOCH, build_project, copy_project
from tests.test_feeds import edit_roannais, group, override
from tests.test_ics_writer import entries

HOST = "plato.example.org"
FIRST_BUILD = datetime.fromtimestamp(int(EXAMPLE_EPOCH), tz=UTC)  # 2026-11-22 12:00
NEXT_DAY = str(int(EXAMPLE_EPOCH) + 86_400)
DAY_AFTER = str(int(EXAMPLE_EPOCH) + 2 * 86_400)
GROUP_6_MEETINGS = {f"meeting.roannais-6.{n}@{HOST}" for n in range(1, 25)}


def meeting(group_id: str, number: int) -> str:
    return f"meeting.{group_id}.{number}@{HOST}"


# --- building against a previous publication ----------------------------------------------


@contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build(
    tmp: Path,
    change: Callable[[dict[str, Any]], None],
    epoch: str,
    site_url: str | None = None,
    **env: str,
) -> Path:
    project = copy_project(tmp / "project")
    edit_roannais(project, change)
    if site_url is not None:
        config = project / "mkdocs.yml"
        text = re.sub(r"(?m)^site_url:.*$", f"site_url: {site_url}", config.read_text())
        config.write_text(text)
    with environment(**env):
        return build_project(project, tmp / "site", epoch)


def unchanged(data: dict[str, Any]) -> None:
    return None


def staff_edits(data: dict[str, Any]) -> None:
    """Every edit of the issue but the rename, none with a `changes` line."""
    override(data, "roannais-5", 21)["date"] = "2027-02-18"  # moved, no `changes`
    venue = dict(group(data, "roannais-5")["venue"])
    venue["name"] = "Salle des fêtes"
    override(data, "roannais-5", 22)["venue"] = venue
    override(data, "roannais-5", 23)["cancelled"] = {"announced": "2026-11-23"}
    override(data, "roannais-5", 24)["topic"] = "Bilan des deux années"
    del override(data, "roannais-5", 19)["cancelled"]  # the cancellation is undone
    group(data, "roannais-6")["schedule"]["start_time"] = "9:00"  # every meeting of 6


EDITED = {meeting("roannais-5", n) for n in (19, 21, 22, 23, 24)} | GROUP_6_MEETINGS


def renamed(data: dict[str, Any]) -> None:
    staff_edits(data)
    group(data, "roannais-6")["name"] = "Plato Roannais 6 — Côte roannaise"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What subscribers have: the unchanged example, built without a previous publication."""
    return build(tmp_path_factory.mktemp("published"), unchanged, EXAMPLE_EPOCH)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory, published: Path) -> Path:
    tmp = tmp_path_factory.mktemp("edited")
    return build(tmp, staff_edits, NEXT_DAY, PLATO_PREVIOUS=str(published))


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory, edited: Path) -> Path:
    tmp = tmp_path_factory.mktemp("renamed")
    return build(tmp, renamed, DAY_AFTER, PLATO_PREVIOUS=str(edited))


# --- three parsers ------------------------------------------------------------------------------

Versions = dict[str, tuple[int, datetime, datetime, datetime]]  # SEQUENCE, LM, DTSTAMP, CREATED


def by_icalendar(ics: bytes) -> Versions:
    calendar = icalendar.Calendar.from_ical(ics)
    return {
        str(e["UID"]): (
            int(e["SEQUENCE"]),
            e["LAST-MODIFIED"].dt,
            e["DTSTAMP"].dt,
            e["CREATED"].dt,
        )
        for e in calendar.walk("VEVENT")
    }


def by_recurring_ical_events(ics: bytes) -> Versions:
    events: list[Any] = recurring_ical_events.of(icalendar.Calendar.from_ical(ics)).between(
        datetime(2000, 1, 1), datetime(2100, 1, 1)
    )
    return {
        str(e["UID"]): (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt, e["DTSTAMP"].dt, e["CREATED"].dt)
        for e in events
    }


def by_ical(ics: bytes) -> Versions:
    found: Versions = {}
    for e in IcsCalendarStream.calendar_from_ics(ics.decode("utf-8")).events:
        assert e.uid and e.last_modified and e.created
        found[e.uid] = (e.sequence or 0, e.last_modified, e.dtstamp, e.created)
    return found


PARSERS = [by_icalendar, by_recurring_ical_events, by_ical]


def versions(site: Path, parse: Callable[[bytes], Versions]) -> dict[str, Versions]:
    return {
        path.relative_to(site).as_posix(): parse(path.read_bytes())
        for path in sorted(site.rglob("*.ics"))
    }


def vevents(ics: bytes) -> dict[str, bytes]:
    """Each VEVENT's bytes, by UID (its UID line is never folded here)."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", ics, flags=re.DOTALL)
    return {re.search(rb"\r\nUID:(\S+)\r\n", b)[1].decode(): b for b in blocks}  # type: ignore[index]


def assert_exactly_these_changed(before: Path, after: Path, changed: set[str], built: str) -> None:
    moment = datetime.fromtimestamp(int(built), tz=UTC)
    for parse in PARSERS:
        old, new = versions(before, parse), versions(after, parse)
        assert old.keys() == new.keys()
        bumped: set[str] = set()
        for path, events in new.items():
            for uid, (sequence, modified, stamp, created) in events.items():
                previous = old[path].get(uid)
                assert previous is not None, (path, uid)
                assert created <= moment and stamp <= moment, (parse.__name__, uid)
                if (sequence, modified) != previous[:2]:
                    assert (sequence, modified, stamp) == (previous[0] + 1, moment, moment)
                    assert created == previous[3], uid  # the first publication stays
                    bumped.add(uid)
        assert bumped == changed, parse.__name__
    for path in old:
        before_events = vevents((before / path).read_bytes())
        after_events = vevents((after / path).read_bytes())
        for uid, block in after_events.items():
            assert (block == before_events[uid]) == (uid not in changed), (path, uid)


def test_every_edit_bumps_exactly_its_events(published: Path, edited: Path) -> None:
    assert_exactly_these_changed(published, edited, EDITED, NEXT_DAY)


def test_a_second_edit_bumps_again_and_nothing_else(
    published: Path, edited: Path, renamed_site: Path
) -> None:
    assert_exactly_these_changed(edited, renamed_site, GROUP_6_MEETINGS, DAY_AFTER)
    feed = "territoires/roannais/groupes/roannais-6/calendrier.ics"
    first, last = (
        by_ical((published / feed).read_bytes()),
        by_ical((renamed_site / feed).read_bytes()),
    )
    # Time, then name: two versions more than first published (meetings moved off a public
    # holiday started one version up).
    assert {uid: last[uid][0] - first[uid][0] for uid in last} == dict.fromkeys(last, 2)


def test_a_rebuild_without_edits_gives_the_same_bytes(tmp_path: Path, renamed_site: Path) -> None:
    again = build(tmp_path, renamed, str(int(DAY_AFTER) + 86_400), PLATO_PREVIOUS=str(renamed_site))
    for path in renamed_site.rglob("*.ics"):
        assert (again / path.relative_to(renamed_site)).read_bytes() == path.read_bytes(), path


def test_sequence_never_goes_down_when_an_edit_is_undone(tmp_path: Path, edited: Path) -> None:
    """Back to the original content: still a change for subscribers, who have the edit."""
    undone = build(tmp_path, unchanged, DAY_AFTER, PLATO_PREVIOUS=str(edited))
    assert_exactly_these_changed(edited, undone, EDITED, DAY_AFTER)


# --- the live site in CI --------------------------------------------------------------------


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_in_ci_the_live_site_is_the_previous_publication(tmp_path: Path) -> None:
    live = tmp_path / "live"
    with serving(live / "site") as site_url:
        build(live, unchanged, EXAMPLE_EPOCH, site_url)
        edited = build(tmp_path / "ci", staff_edits, NEXT_DAY, site_url, CI="true")
        local = {uid.replace(HOST, "127.0.0.1") for uid in EDITED}  # the host is in UIDs
        assert_exactly_these_changed(live / "site", edited, local, NEXT_DAY)


def test_an_unreachable_previous_publication_is_a_warning(tmp_path: Path) -> None:
    with pytest.raises(Abort):  # --strict: warnings stop the build
        build(tmp_path, unchanged, EXAMPLE_EPOCH, PLATO_PREVIOUS=str(tmp_path / "missing"))


# --- the fast reader against icalendar ------------------------------------------------------


def published_by_icalendar(ics: bytes) -> dict[str, Published]:
    found = {}
    for e in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        found[str(e["UID"])] = Published(
            sequence=int(e.get("SEQUENCE", 0)),
            created=e["CREATED"].dt if "CREATED" in e else None,
            last_modified=e["LAST-MODIFIED"].dt,
            fingerprint=str(e["X-PLATO-FINGERPRINT"]) if "X-PLATO-FINGERPRINT" in e else None,
            when_where="|".join(
                e[name].to_ical().decode() if name in e else ""
                for name in ("DTSTART", "DTEND", "LOCATION")
            ),
        )
    return found


def test_the_reader_agrees_with_icalendar_on_every_feed(edited: Path) -> None:
    for path in edited.rglob("*.ics"):
        ics = path.read_bytes()
        assert read_feed(ics) == published_by_icalendar(ics), path


@settings(max_examples=100, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=3, unique_by=lambda e: e.uid))
def test_the_reader_agrees_with_icalendar_on_random_feeds(items: list[Any]) -> None:
    info = CalendarInfo("Essai", "Essai", "https://plato.example.org/")
    ics = write_calendar(info, items)
    assert read_feed(ics) == published_by_icalendar(ics)


def test_without_a_previous_publication_stamps_are_never_after_the_build(
    example_site: Path,
) -> None:
    for path in example_site.rglob("*.ics"):
        for uid, (_, modified, stamp, created) in by_icalendar(path.read_bytes()).items():
            assert max(modified, stamp, created) <= FIRST_BUILD, (path, uid)
            assert created <= modified


# --- renames, and the past that must not move ---------------------------------------------------


def renamed_group(data: dict[str, Any], keep: bool) -> None:
    five = group(data, "roannais-5")
    five["id"] = "roannais-cinq"
    if keep:
        five["former_ids"] = ["roannais-5"]
    for testimonial in data.get("testimonials", []):
        if testimonial.get("group") == "roannais-5":
            testimonial["group"] = "roannais-cinq"


def refused(caplog: pytest.LogCaptureFixture, build_site: Callable[[], Path]) -> str:
    """The build refuses the warnings (--strict); their lines, as staff read them."""
    with pytest.raises(Abort):
        build_site()
    return caplog.text.replace("\u00a0", " ")  # French no-break spaces, as plain spaces


def test_a_renamed_group_keeps_its_subscribers_with_former_ids(
    tmp_path: Path, published: Path
) -> None:
    site = build(
        tmp_path, lambda d: renamed_group(d, keep=True), NEXT_DAY, PLATO_PREVIOUS=str(published)
    )
    old = "territoires/roannais/groupes/roannais-5/calendrier.ics"
    new = "territoires/roannais/groupes/roannais-cinq/calendrier.ics"
    assert (site / old).read_bytes() == (site / new).read_bytes()
    before, after = by_ical((published / old).read_bytes()), by_ical((site / new).read_bytes())
    assert before.keys() == after.keys()  # the same UIDs: no duplicate in any calendar


def test_a_renamed_group_without_former_ids_is_a_warning(
    tmp_path: Path, published: Path, caplog: pytest.LogCaptureFixture
) -> None:
    message = refused(
        caplog,
        lambda: build(
            tmp_path,
            lambda d: renamed_group(d, keep=False),
            NEXT_DAY,
            PLATO_PREVIOUS=str(published),
        ),
    )
    assert re.search(
        r"content/territoires/roannais\.yml:\d+:\d+: groups: le calendrier du groupe "
        r"« roannais-5 », publié à https://plato\.example\.org/territoires/roannais/groupes/"
        r"roannais-5/calendrier\.ics, disparaîtrait",
        message,
    ), message
    assert "former_ids: [roannais-5]" in message


def test_a_renamed_territory_keeps_its_addresses_with_former_slugs(
    tmp_path: Path, published: Path
) -> None:
    project = copy_project(tmp_path / "project")
    edit_roannais(project, lambda data: data.update(former_slugs=["roannais"]))
    folder = project / "content" / "territoires"
    (folder / "roannais.yml").rename(folder / "roanne.yml")
    with environment(PLATO_PREVIOUS=str(published)):
        site = build_project(project, tmp_path / "site", NEXT_DAY)
    for path in published.rglob("territoires/roannais/**/*.ics"):
        relative = path.relative_to(published).as_posix()
        assert (site / relative).is_file(), relative  # every old address still served
    events = by_ical((site / "territoires/roanne/evenements.ics").read_bytes())
    assert all(uid.startswith("event.roannais.") for uid in events)  # UIDs kept
    # A news post written under the old name stays on the renamed territory's page.
    page = (site / "territoires/roanne/index.html").read_text("utf-8")
    assert 'href="../../actualites/2013-03-26-ouverture-plato-roannais-4/"' in page


def earlier_start(data: dict[str, Any]) -> None:
    group(data, "roannais-5")["schedule"]["start_time"] = "9:00"


def from_meeting_19(data: dict[str, Any]) -> None:
    group(data, "roannais-5")["schedule_changes"] = [{"from_meeting": 19, "start_time": "9:00"}]


def test_a_rule_change_that_moves_meetings_already_held_is_a_warning(
    tmp_path: Path, published: Path, caplog: pytest.LogCaptureFixture
) -> None:
    message = refused(
        caplog, lambda: build(tmp_path, earlier_start, NEXT_DAY, PLATO_PREVIOUS=str(published))
    )
    line = re.search(
        r"content/territoires/roannais\.yml:(\d+):\d+: groupe 2 «\WPlato Roannais 5\W», "
        r"schedule: (.*)",
        message,
    )
    assert line, message
    assert line[2].startswith("18 rencontres déjà tenues (n° 1, 2, 3,")
    assert "schedule_changes: [{from_meeting: 19, …}]" in line[2]
    edited = tmp_path / "project/content/territoires/roannais.yml"
    assert edited.read_text(encoding="utf-8").splitlines()[int(line[1]) - 1].strip() == "schedule:"


def test_from_meeting_changes_only_the_meetings_to_come(tmp_path: Path, published: Path) -> None:
    site = build(tmp_path, from_meeting_19, NEXT_DAY, PLATO_PREVIOUS=str(published))
    later = {meeting("roannais-5", n) for n in range(19, 25)}
    assert_exactly_these_changed(published, site, later, NEXT_DAY)


def test_where_the_previous_publication_is_looked_for(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    url = "https://plato.example.org/"

    def chosen(option: str = "", **env: str) -> tuple[str, bool, str] | None:
        source = previous_source(option, site_dir, url, env)
        return (source.location, source.is_url, source.why) if source else None

    assert chosen() is None  # nothing: the fallback, versions from `changes` lines
    assert chosen(CI="true") == (url, True, "site_url")
    site_dir.mkdir()
    (site_dir / "calendrier.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert chosen(CI="true") == (str(site_dir), False, "site_dir")  # an in-place rebuild
    assert chosen(PLATO_PREVIOUS="/srv/en-ligne") == ("/srv/en-ligne", False, "option")
    assert chosen("https://autre.example.org/", PLATO_PREVIOUS="/srv") == (
        "https://autre.example.org/",
        True,
        "option",
    )
