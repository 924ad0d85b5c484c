"""iCalendar (RFC 5545 / RFC 7986) writer for the subscription feeds.

The writer knows nothing about programmes or groups: callers hand it ready-made
``CalendarEntry`` values (stable UID, translated text) and get bytes back.

Choices made here for calendar clients (Google, Apple, Outlook, Thunderbird):

- Every DTSTART/DTEND carries ``TZID=Europe/Paris`` with the local wall-clock time,
  and the calendar holds one VTIMEZONE for it in the RRULE form written below.
  icalendar's generated VTIMEZONE lists every transition as RDATEs, which makes
  Outlook shift events by an hour.
- Nothing comes from the clock or a random source: DTSTAMP and LAST-MODIFIED are
  the entry's ``last_modified``, CREATED its ``created``; events are sorted by
  (start, uid). The same input gives the same bytes, whatever the order of the entries.
- A VEVENT is its *content* (every line subscribers see) plus its *version* (DTSTAMP,
  SEQUENCE, CREATED, LAST-MODIFIED). ``X-PLATO-FINGERPRINT`` is a hash of the content
  lines: the next build reads it back from the published feed (render/ledger.py) to tell
  a changed event from an unchanged one, whatever parser or reformatting is in between.
- The writer never changes the meaning of text: a cancelled entry's SUMMARY must
  arrive already prefixed (the prefix is a catalog message, the caller owns the
  catalog); the writer only sets ``STATUS:CANCELLED``. The page URL is appended to
  DESCRIPTION when absent, because Thunderbird does not show the URL property.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from hashlib import sha256
from typing import TypeVar

from icalendar import (
    Calendar,
    Component,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vCategory,
    vGeo,
    vRecur,
    vText,
    vUri,
)
from icalendar.parser import Contentline, Parameters

from plato_site import __version__

_Observance = TypeVar("_Observance", TimezoneDaylight, TimezoneStandard)

TZID = "Europe/Paris"
PRODID = f"-//plato-site//plato-site {__version__}//FR"
# RFC 7986 wants the VALUE parameter; icalendar writes a timedelta without it in
# REFRESH-INTERVAL and as "12:00:00" in X-PUBLISHED-TTL, so both are literal text.
REFRESH_INTERVAL = "PT12H"

_NAME_FORBIDDEN = re.compile(r"[,;\\]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Organizer:
    """Who publishes an event (RFC 5546 wants one ORGANIZER in a PUBLISH calendar)."""

    name: str
    email: str


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. Text fields are final (translated, cancelled prefix included).

    ``sequence``, ``created`` and ``last_modified`` are its version; everything else
    its content (see :func:`event_content`).
    """

    uid: str  # stable identity + site host, e.g. "roannais-5-07@plato.example.org"
    start: datetime  # naive wall-clock time in Europe/Paris
    end: datetime  # naive wall-clock time in Europe/Paris
    summary: str
    description: str
    url: str | None
    location: str | None
    geo: tuple[float, float] | None  # (latitude, longitude)
    cancelled: bool
    sequence: int  # number of published changes to this entry
    last_modified: datetime  # aware; from the data or the build, never the clock
    created: datetime | None = None  # aware; first publication (None: last_modified)
    organizer: Organizer | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarInfo:
    """Calendar-level properties: readable name, description, URL of its page."""

    name: str
    description: str
    url: str


@dataclass(frozen=True)
class SerializedEvent:
    """A VEVENT already written, with what orders it in a calendar."""

    start: datetime
    uid: str
    ics: bytes


class CalendarWriter:
    """Writes calendars, serializing each VEVENT and the VTIMEZONE once.

    A national network's feeds share their entries (a meeting is in its group's, its
    territory's and the network's feed): the writer keeps each entry's VEVENT until
    :meth:`forget`, and :meth:`assemble` builds a calendar from VEVENTs kept by the caller.
    """

    def __init__(self) -> None:
        self._events: dict[CalendarEntry, bytes] = {}
        self._timezone: bytes | None = None

    def calendar(self, info: CalendarInfo, entries: Iterable[CalendarEntry]) -> bytes:
        """A subscription feed: one VEVENT per entry, sorted by (start, uid).

        Raises ``ValueError`` when an entry breaks the contract (aware start/end, naive
        last_modified, end before start, negative sequence) or two entries share a UID:
        a subscribed client would merge them into one meeting.
        """
        return self.assemble(info, [self.event(entry) for entry in entries])

    def event(self, entry: CalendarEntry, content: EventContent | None = None) -> SerializedEvent:
        """The VEVENT of ``entry``, serialized on first use (``content``: its content
        lines, when the caller already has them from :func:`event_content`)."""
        serialized = self._events.get(entry)
        if serialized is None:
            serialized = self._events[entry] = _event_bytes(entry, content)
        return SerializedEvent(entry.start, entry.uid, serialized)

    def forget(self) -> None:
        """Drop the VEVENTs kept so far (the feeds that shared them are written)."""
        self._events.clear()

    def assemble(self, info: CalendarInfo, events: Iterable[SerializedEvent]) -> bytes:
        """A calendar of already serialized VEVENTs, sorted by (start, uid)."""
        ordered = sorted(events, key=lambda event: (event.start, event.uid))
        _check_unique_uids(ordered)
        if self._timezone is None:
            self._timezone = _serialize(_paris_timezone())
        # The bytes icalendar gives for the whole calendar (properties, VTIMEZONE, VEVENTs):
        # the calendar's own lines are serialized by icalendar, its parts are reused.
        shell = _serialize(_calendar_shell(info))
        parts = [shell[: -len(_END_CALENDAR)], self._timezone]
        parts += [event.ics for event in ordered]
        parts.append(_END_CALENDAR)
        return b"".join(parts)


def write_calendar(info: CalendarInfo, entries: Iterable[CalendarEntry]) -> bytes:
    """A subscription feed (see :meth:`CalendarWriter.calendar`)."""
    return CalendarWriter().calendar(info, entries)


def write_single_event(info: CalendarInfo, entry: CalendarEntry) -> bytes:
    """Return a one-event calendar, for an "add to my calendar" link."""
    return write_calendar(info, [entry])


def calendar_name(name: str) -> str:
    """Name as written in NAME / X-WR-CALNAME: no ``, ; \\``, one line.

    Some clients show the escaped form (``\\,``) of these characters verbatim.
    """
    return _WHITESPACE.sub(" ", _NAME_FORBIDDEN.sub(" ", name)).strip()


def _check_unique_uids(entries: list[SerializedEvent]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.uid in seen:
            raise ValueError(f"duplicate calendar UID: {entry.uid}")
        seen.add(entry.uid)


def _calendar_shell(info: CalendarInfo) -> Calendar:
    calendar = Calendar()
    name = calendar_name(info.name)
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    calendar.add("description", vText(info.description))
    calendar.add("x-wr-caldesc", vText(info.description))
    calendar.add("url", info.url)
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", vText(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vText(REFRESH_INTERVAL))
    return calendar  # the VTIMEZONE is added by CalendarWriter, serialized once


def _paris_timezone() -> Timezone:
    """Europe/Paris as EU rules since 1996: two RRULEs, no RDATE list."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    timezone.add_component(
        _observance(
            TimezoneDaylight(),
            name="CEST",
            start=datetime(1970, 3, 29, 2, 0),
            month=3,
            offset_from=timedelta(hours=1),
            offset_to=timedelta(hours=2),
        )
    )
    timezone.add_component(
        _observance(
            TimezoneStandard(),
            name="CET",
            start=datetime(1970, 10, 25, 3, 0),
            month=10,
            offset_from=timedelta(hours=2),
            offset_to=timedelta(hours=1),
        )
    )
    return timezone


def _observance(
    component: _Observance,
    *,
    name: str,
    start: datetime,
    month: int,
    offset_from: timedelta,
    offset_to: timedelta,
) -> _Observance:
    """Fill a DAYLIGHT/STANDARD block that starts on the last Sunday of ``month``."""
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    component.add("dtstart", start)  # local time, as RFC 5545 requires here
    component.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday="-1SU"))
    return component


_END_CALENDAR = b"END:VCALENDAR\r\n"
FOLD_LIMIT = 75  # octets; icalendar folds a line once it reaches this length


@dataclass(frozen=True)
class EventContent:
    """The content lines of a VEVENT, folded, between the places of its version lines.

    ``parts`` are the runs of lines before DTSTAMP, SEQUENCE, CREATED, LAST-MODIFIED and
    after them (icalendar's order: SUMMARY, DTSTART, DTEND first, then alphabetical).
    """

    parts: tuple[bytes, bytes, bytes, bytes, bytes]
    fingerprint: str


FINGERPRINT = "X-PLATO-FINGERPRINT"


def event_content(entry: CalendarEntry) -> EventContent:
    """Everything of ``entry`` a subscriber sees, serialized; the version is left out."""
    _check_entry(entry)
    paris = f";TZID={TZID}:"
    head = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(entry.summary),
        "DTSTART" + paris + entry.start.strftime(_LOCAL),
        "DTEND" + paris + entry.end.strftime(_LOCAL),
    ]
    before_created = []
    if entry.categories:
        before_created.append(_categories_line(entry.categories))
    before_created.append("CLASS:PUBLIC")
    before_modified = ["DESCRIPTION:" + _text(_description(entry))]
    if entry.geo is not None:
        before_modified.append("GEO:" + vGeo(entry.geo).to_ical())
    tail = []
    if entry.location is not None:
        tail.append(_location_line(entry.location))
    if entry.organizer is not None:
        tail.append(_organizer_line(entry.organizer))
    tail.append("STATUS:" + ("CANCELLED" if entry.cancelled else "CONFIRMED"))
    tail.append("TRANSP:OPAQUE")
    if entry.url is not None:
        tail.append("URL:" + vUri(entry.url).to_ical().decode("utf-8"))
    parts = (
        _lines(head),
        _lines(["UID:" + _text(entry.uid)]),
        _lines(before_created),
        _lines(before_modified),
        _lines(tail),
    )
    # 16 hex digits: a change is what is detected, not an adversary; 20 octets a VEVENT.
    fingerprint = sha256(b"".join(parts)).hexdigest()[:16]
    return EventContent(parts, fingerprint)


def _event_bytes(entry: CalendarEntry, content: EventContent | None = None) -> bytes:
    """The VEVENT of ``entry``: the bytes icalendar's ``Event.to_ical()`` gives for it.

    Values are written by icalendar's own types (vText, vGeo, vUri); only its component
    tree is skipped, and the folding is :func:`_fold`. Building the tree and folding
    character by character were most of the time of a national network's feeds (9.5 s for
    100 territories). ``tests/test_ics_writer.py`` builds the same event as an icalendar
    ``Event`` and checks that the bytes are the same, for random entries.
    """
    if content is None:
        content = event_content(entry)
    else:
        _check_entry(entry)
    head, uid, before_created, before_modified, tail = content.parts
    stamp = _utc_stamp(entry.last_modified)
    created = stamp if entry.created is None else _utc_stamp(entry.created)
    return b"".join(
        (
            head,
            b"DTSTAMP:" + stamp.encode() + b"\r\n",
            uid,
            f"SEQUENCE:{entry.sequence}\r\n".encode(),
            before_created,
            b"CREATED:" + created.encode() + b"\r\n",
            before_modified,
            b"LAST-MODIFIED:" + stamp.encode() + b"\r\n",
            tail,
            f"{FINGERPRINT}:{content.fingerprint}\r\nEND:VEVENT\r\n".encode(),
        )
    )


def when_and_where(start: datetime, end: datetime, location: str | None) -> str:
    """DTSTART, DTEND and LOCATION of an entry as written (values only): what a held
    meeting was. Read back from a feed by render/ledger.py."""
    place = _text(location) if location is not None else ""
    return "|".join((start.strftime(_LOCAL), end.strftime(_LOCAL), place))


def _lines(lines: list[str]) -> bytes:
    return b"".join(_folded(line) + b"\r\n" for line in lines)


# A handful of categories, a few venues per territory: each line is written once.
@lru_cache(maxsize=64)
def _categories_line(categories: tuple[str, ...]) -> str:
    return "CATEGORIES:" + vCategory(list(categories)).to_ical().decode()


@lru_cache(maxsize=4096)
def _location_line(location: str) -> str:
    return "LOCATION:" + _text(location)


@lru_cache(maxsize=1024)  # one per territory: every event of a territory has the same
def _organizer_line(organizer: Organizer) -> str:
    line = Contentline.from_parts(
        "ORGANIZER", Parameters({"CN": organizer.name}), vCalAddress("mailto:" + organizer.email)
    )
    return str(line)


_LOCAL = "%Y%m%dT%H%M%S"


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_LOCAL) + "Z"


def _text(value: str) -> str:
    return vText(value).to_ical().decode("utf-8")


def _folded(line: str) -> bytes:
    return _fold(line.encode("utf-8"))


def _fold(line: bytes) -> bytes:
    """RFC 5545 folding, byte for byte as icalendar's ``Contentline.to_ical()`` does it.

    icalendar walks the line a character at a time, encoding each one; this cuts the
    UTF-8 bytes directly. Same rules: at most 74 octets per segment, never inside a
    character, and an escaping ``\\`` or ``^`` that would end a segment starts the next.
    """
    size = len(line)
    if size < FOLD_LIMIT:
        return line
    segments = []
    start = 0
    while size - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its start
            end -= 1
        if line[end - 1] in _ESCAPES and end - 1 > start:
            end -= 1
        segments.append(line[start:end])
        start = end
    segments.append(line[start:])
    return b"\r\n ".join(segments)


_ESCAPES = b"\\^"


def _serialize(component: Component) -> bytes:
    """``component.to_ical()``, with the folding of short lines skipped (it changes nothing)."""
    lines = []
    for line in component.content_lines():
        if not line:
            continue
        lines.append(_folded(line))
    return b"\r\n".join(lines) + b"\r\n"


def _description(entry: CalendarEntry) -> str:
    if entry.url is None or entry.url in entry.description:
        return entry.description
    if not entry.description:
        return entry.url
    return f"{entry.description}\n\n{entry.url}"


def _check_entry(entry: CalendarEntry) -> None:
    if entry.start.tzinfo is not None or entry.end.tzinfo is not None:
        raise ValueError(f"{entry.uid}: start and end must be naive Europe/Paris times")
    if entry.end < entry.start:
        raise ValueError(f"{entry.uid}: end is before start")
    if entry.last_modified.tzinfo is None:
        raise ValueError(f"{entry.uid}: last_modified must be timezone-aware")
    if entry.created is not None and entry.created.tzinfo is None:
        raise ValueError(f"{entry.uid}: created must be timezone-aware")
    if entry.sequence < 0:
        raise ValueError(f"{entry.uid}: sequence must not be negative")
