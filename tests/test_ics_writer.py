"""The iCalendar writer, checked with two parsers we did not write.

``recurring_ical_events`` (on top of icalendar) and the strict pydantic parser
``ical`` stand in for the calendar clients that subscribe to the feeds.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar.parser import Contentline

from plato_site.render import ics
from plato_site.render.ics import (
    CalendarEntry,
    CalendarInfo,
    CalendarWriter,
    Organizer,
    event_content,
    write_calendar,
    write_single_event,
)

INFO = CalendarInfo(
    name="Plato Roannais, rencontres; groupe \\ 5",
    description="Les rencontres du groupe Plato Roannais 5, CCI Lyon Métropole",
    url="https://plato.example.org/territoires/roannais/groupes/roannais-5/",
)
TRICKY_TEXT = "Café; «crise», stress\nsuite \\ fin"
CHANGED = datetime(2027, 1, 5, 9, 15, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def entry(uid: str, start: datetime, **changes: object) -> CalendarEntry:
    base = CalendarEntry(
        uid=uid,
        start=start,
        end=start + timedelta(hours=3),
        summary="Plato Roannais 5 — rencontre 7 : Développement commercial",
        description="Thème : développement commercial",
        url="https://plato.example.org/territoires/roannais/groupes/roannais-5/",
        location="CCI, 1 place de l'Hôtel de Ville, 42300 Roanne",
        geo=(46.0361, 4.0681),
        cancelled=False,
        sequence=0,
        last_modified=CHANGED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# Wall-clock 08:30 in Paris on both sides of both 2027 DST changes
# (summer time from Sunday 28 March to Sunday 31 October 2027).
DST_CASES = [
    ("m-0325@plato.example.org", datetime(2027, 3, 25, 8, 30), datetime(2027, 3, 25, 7, 30)),
    ("m-0401@plato.example.org", datetime(2027, 4, 1, 8, 30), datetime(2027, 4, 1, 6, 30)),
    ("m-1028@plato.example.org", datetime(2027, 10, 28, 8, 30), datetime(2027, 10, 28, 6, 30)),
    ("m-1104@plato.example.org", datetime(2027, 11, 4, 8, 30), datetime(2027, 11, 4, 7, 30)),
]
MEETINGS = [entry(uid, start) for uid, start, _ in DST_CASES]
EXPECTED_UTC = {uid: utc.replace(tzinfo=UTC) for uid, _, utc in DST_CASES}


def starts_by_recurring_ical_events(ics: bytes) -> dict[str, datetime]:
    calendar = icalendar.Calendar.from_ical(ics)
    events: list[Any] = recurring_ical_events.of(calendar).between(
        datetime(2020, 1, 1), datetime(2030, 1, 1)
    )
    return {str(e["UID"]): e["DTSTART"].dt.astimezone(UTC) for e in events}


def starts_by_ical(ics: bytes) -> dict[str, datetime]:
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return {e.uid: e.dtstart.astimezone(UTC) for e in calendar.events}  # type: ignore[union-attr]


Parser = Callable[[bytes], dict[str, datetime]]
PARSERS: list[Parser] = [starts_by_recurring_ical_events, starts_by_ical]


def with_private_zone_name(ics: bytes) -> bytes:
    """Rename the TZID so parsers must use our VTIMEZONE, as Outlook does."""
    return ics.replace(b"TZID:Europe/Paris", b"TZID:Plato-Only-Here").replace(
        b"TZID=Europe/Paris", b"TZID=Plato-Only-Here"
    )


@pytest.mark.parametrize("parse", PARSERS)
def test_meetings_keep_their_wall_clock_time_across_dst(parse: Parser) -> None:
    assert parse(write_calendar(INFO, MEETINGS)) == EXPECTED_UTC


@pytest.mark.parametrize("parse", PARSERS)
def test_our_vtimezone_alone_gives_the_right_times(parse: Parser) -> None:
    ics = with_private_zone_name(write_calendar(INFO, MEETINGS))
    assert b"Europe/Paris:2027" not in ics  # the rename really took effect
    assert parse(ics) == EXPECTED_UTC


def test_times_are_local_with_tzid_and_one_rrule_vtimezone() -> None:
    ics = write_calendar(INFO, MEETINGS)
    lines = ics.decode().split("\r\n")
    assert "DTSTART;TZID=Europe/Paris:20270401T083000" in lines
    assert "DTEND;TZID=Europe/Paris:20270401T113000" in lines
    calendar = icalendar.Calendar.from_ical(ics)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"]
    events: list[Any] = calendar.walk("VEVENT")
    used = {str(event[name].params["TZID"]) for event in events for name in ("DTSTART", "DTEND")}
    assert used == {"Europe/Paris"}
    assert "RDATE" not in ics.decode()
    zone: Any = zones[0]
    daylight, standard = zone.walk("DAYLIGHT")[0], zone.walk("STANDARD")[0]
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert (str(daylight["TZNAME"]), str(standard["TZNAME"])) == ("CEST", "CET")


def test_vtimezone_matches_the_tz_database_for_years() -> None:
    ics = with_private_zone_name(write_calendar(INFO, MEETINGS))
    vtimezone: Any = icalendar.Calendar.from_ical(ics).walk("VTIMEZONE")[0]
    ours = vtimezone.to_tz()
    paris = ZoneInfo("Europe/Paris")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2036, 1, 1, tzinfo=UTC):
        assert moment.astimezone(ours).utcoffset() == moment.astimezone(paris).utcoffset(), moment
        moment += timedelta(hours=6)


def test_calendar_properties_exact_bytes() -> None:
    ics = write_calendar(INFO, MEETINGS)
    lines = ics.split(b"\r\n")
    assert lines[:2] == [b"BEGIN:VCALENDAR", b"VERSION:2.0"]
    assert b"PRODID:-//plato-site//plato-site 0.1.0//FR" in lines
    assert b"METHOD:PUBLISH" in lines
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert b"X-PUBLISHED-TTL:PT12H" in lines
    assert b"NAME:Plato Roannais rencontres groupe 5" in lines
    assert b"X-WR-CALNAME:Plato Roannais rencontres groupe 5" in lines
    assert b"URL:https://plato.example.org/territoires/roannais/groupes/roannais-5/" in lines
    parsed = IcsCalendarStream.calendar_from_ics(ics.decode())
    assert parsed.method == "PUBLISH"
    assert parsed.description == [INFO.description]


def test_event_properties_come_from_the_data() -> None:
    aware_paris = datetime(2027, 2, 10, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    meeting = entry(
        "roannais-5-07@plato.example.org",
        datetime(2027, 3, 25, 8, 30),
        sequence=2,
        last_modified=aware_paris,
    )
    ics = write_calendar(INFO, [meeting])
    lines = ics.split(b"\r\n")
    assert b"DTSTAMP:20270210T170000Z" in lines
    assert b"LAST-MODIFIED:20270210T170000Z" in lines
    assert sum(line.startswith(b"DTSTAMP") for line in lines) == 1
    event = IcsCalendarStream.calendar_from_ics(ics.decode()).events[0]
    assert event.uid == "roannais-5-07@plato.example.org"
    assert event.sequence == 2
    assert event.status is not None and event.status.value == "CONFIRMED"
    assert event.geo is not None and (event.geo.lat, event.geo.lng) == (46.0361, 4.0681)
    assert event.location == "CCI, 1 place de l'Hôtel de Ville, 42300 Roanne"
    assert event.url == meeting.url
    # Thunderbird does not show URL: the page address is in the description too.
    assert event.description == f"{meeting.description}\n\n{meeting.url}"


def test_optional_fields_are_left_out() -> None:
    bare = entry(
        "bare@plato.example.org",
        datetime(2027, 5, 6, 8, 30),
        url=None,
        location=None,
        geo=None,
    )
    lines = write_calendar(INFO, [bare]).split(b"\r\n")
    assert not any(line.startswith((b"GEO", b"LOCATION")) for line in lines)
    assert b"DESCRIPTION:Th\xc3\xa8me : d\xc3\xa9veloppement commercial" in lines


def test_url_already_in_description_is_not_repeated() -> None:
    meeting = entry("u@plato.example.org", datetime(2027, 5, 6, 8, 30))
    meeting = replace(meeting, description=f"Voir {meeting.url}")
    event = IcsCalendarStream.calendar_from_ics(write_calendar(INFO, [meeting]).decode()).events[0]
    assert event.description == meeting.description


@pytest.mark.parametrize("reader", ["icalendar", "ical"])
def test_cancelled_meeting_stays_with_cancelled_status(reader: str) -> None:
    cancelled = entry(
        "m-0401@plato.example.org",
        datetime(2027, 4, 1, 8, 30),
        summary="ANNULÉ – rencontre 8",
        cancelled=True,
        sequence=1,
    )
    ics = write_calendar(INFO, [MEETINGS[0], cancelled])
    if reader == "icalendar":
        events: list[Any] = recurring_ical_events.of(icalendar.Calendar.from_ical(ics)).between(
            datetime(2027, 1, 1), datetime(2028, 1, 1)
        )
        status = {str(e["UID"]): (str(e["STATUS"]), str(e["SUMMARY"])) for e in events}
    else:
        parsed = IcsCalendarStream.calendar_from_ics(ics.decode()).events
        status = {e.uid: (e.status.value if e.status else "", e.summary or "") for e in parsed}
    assert status == {
        "m-0325@plato.example.org": (
            "CONFIRMED",
            "Plato Roannais 5 — rencontre 7 : Développement commercial",
        ),
        "m-0401@plato.example.org": ("CANCELLED", "ANNULÉ – rencontre 8"),
    }


def test_text_with_accents_punctuation_and_newlines_round_trips() -> None:
    long_text = (TRICKY_TEXT + " — ") * 8
    meeting = entry(
        "esc@plato.example.org",
        datetime(2027, 6, 3, 8, 30),
        summary=TRICKY_TEXT,
        description=long_text,
        url=None,
        location="Salle « Forez », 3 rue de l'Été; bâtiment B",
    )
    ics = write_calendar(INFO, [meeting])
    assert b"SUMMARY:Caf\xc3\xa9\\; \xc2\xabcrise\xc2\xbb\\, stress\\nsuite \\\\ fin" in ics
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    assert b"\n " in ics  # the long description really was folded
    assert b"\n" not in ics.replace(b"\r\n", b"")  # CRLF only
    ours = IcsCalendarStream.calendar_from_ics(ics.decode()).events[0]
    assert (ours.summary, ours.description, ours.location) == (
        meeting.summary,
        meeting.description,
        meeting.location,
    )
    theirs: Any = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert (str(theirs["SUMMARY"]), str(theirs["DESCRIPTION"]), str(theirs["LOCATION"])) == (
        meeting.summary,
        meeting.description,
        meeting.location,
    )


def test_same_entries_in_any_order_give_identical_bytes() -> None:
    same_day = [
        entry("b@plato.example.org", datetime(2027, 4, 1, 8, 30)),
        entry("a@plato.example.org", datetime(2027, 4, 1, 8, 30)),
    ]
    entries = MEETINGS + same_day
    first = write_calendar(INFO, entries)
    for seed in range(5):
        shuffled = entries[:]
        random.Random(seed).shuffle(shuffled)
        assert write_calendar(INFO, shuffled) == first
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert uids == [
        "m-0325@plato.example.org",
        "a@plato.example.org",
        "b@plato.example.org",
        "m-0401@plato.example.org",
        "m-1028@plato.example.org",
        "m-1104@plato.example.org",
    ]


def test_uids_are_unique_and_a_duplicate_is_refused() -> None:
    uids = [
        str(e["UID"])
        for e in icalendar.Calendar.from_ical(write_calendar(INFO, MEETINGS)).walk("VEVENT")
    ]
    assert sorted(uids) == sorted(EXPECTED_UTC)
    twin = entry("m-0325@plato.example.org", datetime(2027, 9, 9, 8, 30))
    with pytest.raises(ValueError, match=re.escape("m-0325@plato.example.org")):
        write_calendar(INFO, [*MEETINGS, twin])


def test_rescheduled_meeting_keeps_its_uid_and_moves() -> None:
    moved = entry(
        "m-0401@plato.example.org",
        datetime(2027, 4, 8, 14, 0),
        sequence=1,
        last_modified=datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
    )
    ics = write_calendar(INFO, [MEETINGS[0], moved])
    assert starts_by_ical(ics)["m-0401@plato.example.org"] == datetime(
        2027, 4, 8, 12, 0, tzinfo=UTC
    )
    event = IcsCalendarStream.calendar_from_ics(ics.decode()).events[1]
    assert (event.uid, event.sequence) == ("m-0401@plato.example.org", 1)


def test_single_event_file() -> None:
    ics = write_single_event(INFO, MEETINGS[1])
    parsed = IcsCalendarStream.calendar_from_ics(ics.decode())
    assert [e.uid for e in parsed.events] == ["m-0401@plato.example.org"]
    assert [tz.tz_id for tz in parsed.timezones] == ["Europe/Paris"]
    assert starts_by_recurring_ical_events(ics) == {
        "m-0401@plato.example.org": datetime(2027, 4, 1, 6, 30, tzinfo=UTC)
    }
    assert ics == write_single_event(INFO, MEETINGS[1])


@pytest.mark.parametrize(
    "bad",
    [
        {"start": datetime(2027, 4, 1, 8, 30, tzinfo=UTC)},
        {"end": datetime(2027, 4, 1, 7, 0)},
        {"last_modified": datetime(2027, 1, 5, 9, 15)},
        {"sequence": -1},
    ],
)
def test_entries_breaking_the_contract_are_refused(bad: dict[str, object]) -> None:
    broken = replace(MEETINGS[1], **bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("m-0401@plato.example.org")):
        write_calendar(INFO, [broken])


# --- the writer against icalendar's own serialization -------------------------------------
#
# The writer serializes each VEVENT line by line with icalendar's value types and its own
# folding (the component tree and icalendar's per-character folding were most of the time
# of a national network's feeds). icalendar stays the definition: the same calendar built
# as icalendar components must give the same bytes.


def icalendar_event(entry: CalendarEntry) -> icalendar.Event:
    """The VEVENT of ``entry`` built the plain icalendar way."""
    stamp = entry.last_modified.astimezone(UTC)
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", entry.sequence)
    event.add("dtstart", entry.start.replace(tzinfo=PARIS))
    event.add("dtend", entry.end.replace(tzinfo=PARIS))
    event.add("summary", entry.summary)
    description = entry.description
    if entry.url is not None and entry.url not in description:
        description = f"{description}\n\n{entry.url}" if description else entry.url
    event.add("description", description)
    if entry.url is not None:
        event.add("url", entry.url)
    if entry.location is not None:
        event.add("location", entry.location)
    if entry.geo is not None:
        event.add("geo", entry.geo)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.categories:
        event.add("categories", list(entry.categories))
    event.add("class", "PUBLIC")
    event.add("created", (entry.created or entry.last_modified).astimezone(UTC))
    if entry.organizer is not None:
        address = icalendar.vCalAddress("mailto:" + entry.organizer.email)
        event.add("organizer", address, parameters={"CN": entry.organizer.name})
    event.add("transp", "OPAQUE")
    event.add("x-plato-fingerprint", event_content(entry).fingerprint)
    return event


def icalendar_calendar(info: CalendarInfo, entries: list[CalendarEntry]) -> bytes:
    calendar = ics._calendar_shell(info)
    calendar.add_component(ics._paris_timezone())
    for item in sorted(entries, key=lambda e: (e.start, e.uid)):
        calendar.add_component(icalendar_event(item))
    return bytes(calendar.to_ical())


# Characters that matter to escaping and folding: TEXT escapes, RFC 6868 "^", line
# breaks, multi-byte UTF-8 (2, 3 and 4 octets) next to the 75-octet limit.
TRICKY = st.sampled_from([*",;:\\^\n\r\"'aé€—🙂 ", "\r\n", "\\n", "\\N", "https://x.y/?a=1,2"])
texts = st.lists(st.one_of(TRICKY, st.characters(exclude_categories=("Cs", "Cc"))), max_size=90)


@st.composite
def entries(draw: st.DrawFn) -> CalendarEntry:
    start = draw(st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31)))
    url = draw(st.one_of(st.none(), st.just(INFO.url), st.just("https://x.y/p?q=1,2;3")))
    geo = draw(
        st.one_of(
            st.none(),
            st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
            st.just((46.0363, 4.07)),
        )
    )
    return CalendarEntry(
        uid=draw(st.sampled_from(["meeting.roannais-5.7@plato.example.org", "e,v;t\\@x"])),
        start=start,
        end=start + draw(st.timedeltas(timedelta(0), timedelta(days=2))),
        summary="".join(draw(texts)),
        description="".join(draw(texts)) * draw(st.integers(1, 4)),
        url=url,
        location=draw(st.one_of(st.none(), texts.map("".join))),
        geo=geo,
        cancelled=draw(st.booleans()),
        sequence=draw(st.integers(0, 40)),
        last_modified=draw(moments),
        created=draw(st.one_of(st.none(), moments)),
        organizer=draw(
            st.one_of(
                st.none(),
                st.builds(Organizer, texts.map("".join), st.just("contact@cci-example.fr")),
            )
        ),
        categories=tuple(draw(st.lists(texts.map("".join), max_size=2))),
    )


moments = st.datetimes(datetime(2019, 1, 1), datetime(2035, 1, 1), timezones=st.just(PARIS))


@settings(max_examples=300, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=3, unique_by=lambda e: e.uid))
def test_calendar_bytes_are_icalendars_own(items: list[CalendarEntry]) -> None:
    assert write_calendar(INFO, items) == icalendar_calendar(INFO, items)


@settings(max_examples=500, deadline=None)
@given(texts.map("".join).filter(lambda text: "\n" not in text), st.integers(0, 3))
def test_folding_is_icalendars_own(text: str, repeat: int) -> None:
    line = "DESCRIPTION:" + text * repeat
    assert ics._fold(line.encode("utf-8")) == Contentline(line).to_ical()


def test_a_writer_reuses_a_meeting_shared_by_several_feeds() -> None:
    """The group, territory and network feeds carry the same VEVENT, byte for byte."""
    writer = CalendarWriter()
    group = writer.calendar(INFO, MEETINGS[:2])
    territory = writer.calendar(replace(INFO, name="Territoire"), MEETINGS)
    shared = writer.event(MEETINGS[0]).ics
    assert shared in group and shared in territory
    assert territory == write_calendar(replace(INFO, name="Territoire"), MEETINGS)


def test_the_fingerprint_is_the_content_and_not_the_version() -> None:
    """What the next build compares (render/ledger.py): every line but the version lines."""
    base = MEETINGS[0]
    later = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
    same = replace(base, sequence=7, last_modified=later, created=later)
    assert event_content(same).fingerprint == event_content(base).fingerprint
    edits: list[dict[str, object]] = [
        {"start": base.start + timedelta(minutes=30)},
        {"end": base.end + timedelta(minutes=30)},
        {"summary": "Autre titre"},
        {"description": "Autre description"},
        {"location": "Autre salle, 42300 Roanne"},
        {"geo": (46.0, 4.0)},
        {"cancelled": True},
        {"url": None},
        {"organizer": Organizer("CCI", "contact@cci.example.org")},
        {"categories": ("Réunion d'information",)},
    ]
    fingerprints = {event_content(replace(base, **edit)).fingerprint for edit in edits}  # type: ignore[arg-type]
    assert event_content(base).fingerprint not in fingerprints
    assert len(fingerprints) == len(edits)
    ics = write_calendar(INFO, [same])
    assert f"X-PLATO-FINGERPRINT:{event_content(base).fingerprint}".encode() in ics
