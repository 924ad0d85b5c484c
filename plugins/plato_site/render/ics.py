"""iCalendar (RFC 5545 / RFC 7986) writer for the subscription feeds.

The writer knows nothing about programmes or groups: callers hand it ready-made
``CalendarEntry`` values (stable UID, translated text) and get bytes back.

Choices made here for calendar clients (Google, Apple, Outlook, Thunderbird):

- Every DTSTART/DTEND carries ``TZID=Europe/Paris`` with the local wall-clock time,
  and the calendar holds one VTIMEZONE for it in the RRULE form written below.
  icalendar's generated VTIMEZONE lists every transition as RDATEs, which makes
  Outlook shift events by an hour.
- Nothing comes from the clock or a random source: DTSTAMP and LAST-MODIFIED are
  the entry's ``last_modified``; events are sorted by (start, uid). The same input
  gives the same bytes, whatever the order of the entries.
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
from typing import TypeVar
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vRecur,
    vText,
)

from plato_site import __version__

_Observance = TypeVar("_Observance", TimezoneDaylight, TimezoneStandard)

TZID = "Europe/Paris"
PRODID = f"-//plato-site//plato-site {__version__}//FR"
# RFC 7986 wants the VALUE parameter; icalendar writes a timedelta without it in
# REFRESH-INTERVAL and as "12:00:00" in X-PUBLISHED-TTL, so both are literal text.
REFRESH_INTERVAL = "PT12H"

_PARIS = ZoneInfo(TZID)
_NAME_FORBIDDEN = re.compile(r"[,;\\]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. Text fields are final (translated, cancelled prefix included)."""

    uid: str  # stable identity + site host, e.g. "roannais-5-07@plato.example.org"
    start: datetime  # naive wall-clock time in Europe/Paris
    end: datetime  # naive wall-clock time in Europe/Paris
    summary: str
    description: str
    url: str | None
    location: str | None
    geo: tuple[float, float] | None  # (latitude, longitude)
    cancelled: bool
    sequence: int  # number of recorded changes to this entry
    last_modified: datetime  # aware; from the data, never the clock


@dataclass(frozen=True)
class CalendarInfo:
    """Calendar-level properties: readable name, description, URL of its page."""

    name: str
    description: str
    url: str


def write_calendar(info: CalendarInfo, entries: Iterable[CalendarEntry]) -> bytes:
    """Return a subscription feed: one VEVENT per entry, sorted by (start, uid).

    Raises ``ValueError`` when an entry breaks the contract (aware start/end, naive
    last_modified, end before start, negative sequence) or two entries share a UID:
    a subscribed client would merge them into one meeting.
    """
    ordered = sorted(entries, key=lambda entry: (entry.start, entry.uid))
    _check_unique_uids(ordered)
    calendar = _calendar_shell(info)
    for entry in ordered:
        calendar.add_component(_event(entry))
    return bytes(calendar.to_ical())


def write_single_event(info: CalendarInfo, entry: CalendarEntry) -> bytes:
    """Return a one-event calendar, for an "add to my calendar" link."""
    return write_calendar(info, [entry])


def calendar_name(name: str) -> str:
    """Name as written in NAME / X-WR-CALNAME: no ``, ; \\``, one line.

    Some clients show the escaped form (``\\,``) of these characters verbatim.
    """
    return _WHITESPACE.sub(" ", _NAME_FORBIDDEN.sub(" ", name)).strip()


def _check_unique_uids(entries: list[CalendarEntry]) -> None:
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
    calendar.add_component(_paris_timezone())
    return calendar


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


def _event(entry: CalendarEntry) -> Event:
    _check_entry(entry)
    stamp = entry.last_modified.astimezone(UTC)
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", entry.sequence)
    event.add("dtstart", entry.start.replace(tzinfo=_PARIS))
    event.add("dtend", entry.end.replace(tzinfo=_PARIS))
    event.add("summary", entry.summary)
    event.add("description", _description(entry))
    if entry.url is not None:
        event.add("url", entry.url)
    if entry.location is not None:
        event.add("location", entry.location)
    if entry.geo is not None:
        event.add("geo", entry.geo)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


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
    if entry.sequence < 0:
        raise ValueError(f"{entry.uid}: sequence must not be negative")
