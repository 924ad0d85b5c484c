"""The previous publication: the feeds subscribers already have, the ledger of versions.

A calendar client replaces its copy of an event only when the new one has a higher
SEQUENCE (Google) or a later LAST-MODIFIED/DTSTAMP (others). Staff cannot be trusted to
record every edit, so each build compares every VEVENT with the one last published:

- same content (same ``X-PLATO-FINGERPRINT``, see render/ics.py): same version, same bytes;
- different content, or a feed written before fingerprints existed: SEQUENCE + 1, and
  LAST-MODIFIED/DTSTAMP = this build's time;
- an event never published: SEQUENCE 0, CREATED = its ``published`` date or the build's.

Why a fingerprint stored in the feed rather than the published lines compared again:
the comparison then does not depend on how a parser, a proxy or a later version of this
writer lays the lines out, and reading it back needs only a handful of properties.
An unknown or missing fingerprint counts as a change: a needless SEQUENCE bump is
harmless, a missed one leaves subscribers with the old meeting.

Where the previous publication comes from (:func:`previous_source`): the ``previous``
option or ``PLATO_PREVIOUS`` (a folder or a URL), else the ``site_dir`` of an in-place
rebuild, else, in CI, the live site at ``site_url``; else there is none, and versions
come from the staff's ``changes`` lines (the fallback, said in the build's log;
a source named but unreadable is a warning, which ``--strict`` refuses).

Only UID, SEQUENCE, DTSTAMP, CREATED, LAST-MODIFIED, the fingerprint (and DTSTART, DTEND,
LOCATION for render/publication.py) are read, with
icalendar's value types; :func:`read_feed` scans the unfolded lines itself, because a full
icalendar parse of a national network's feeds takes seconds (0.65 ms per event).
``tests/test_ledger.py`` checks it against ``icalendar.Calendar.from_ical``.
"""

from __future__ import annotations

import os
import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from icalendar import vDDDTypes, vInt, vText
from icalendar.parser import Contentline

from plato_site.render import urls
from plato_site.render.ics import FINGERPRINT

PREVIOUS_ENV = "PLATO_PREVIOUS"
FETCH_TIMEOUT = 10  # seconds per feed: a live site that does not answer is a warning
FETCH_WORKERS = 8


@dataclass(frozen=True, slots=True)  # one per published event: 44,000 at 300 territories
class Published:
    """What subscribers have of one event: its version and the hash of its content."""

    sequence: int
    created: datetime | None
    last_modified: datetime | None
    fingerprint: str | None
    when_where: str = ""  # DTSTART|DTEND|LOCATION values as written (ics.when_and_where)


@dataclass(frozen=True)
class Version:
    """The version properties of a VEVENT (DTSTAMP is LAST-MODIFIED)."""

    sequence: int
    created: datetime
    last_modified: datetime


@dataclass(frozen=True)
class Ledger:
    """The previous publication: events by UID, the feed paths that were published."""

    source: str  # a folder or a URL, for messages
    events: Mapping[str, Published] = field(default_factory=dict)
    feeds: frozenset[str] = frozenset()

    def version(
        self, uid: str, fingerprint: str, published: datetime | None, built: datetime
    ) -> Version:
        """The version of an event whose content hashes to ``fingerprint`` in this build."""
        previous = self.events.get(uid)
        if previous is None:
            created = min(published, built) if published is not None else built
            return Version(0, created, built)
        first = min(previous.created or previous.last_modified or built, built)
        if previous.fingerprint == fingerprint and previous.last_modified is not None:
            return Version(previous.sequence, first, previous.last_modified)
        return Version(previous.sequence + 1, first, built)


def fallback_version(
    sequence: int, changed: datetime, published: datetime | None, built: datetime
) -> Version:
    """Without a previous publication: the staff's ``changes`` lines, never after the build."""
    last_modified = min(changed, built)
    created = min(published, last_modified) if published is not None else last_modified
    return Version(sequence, created, last_modified)


# --- reading feeds -----------------------------------------------------------------------------

_UNFOLD = re.compile(rb"\r?\n[ \t]")
# The lines that matter, found by one regular expression per event: a national network's
# previous feeds hold some 44,000 events, and a loop over all of their lines took 6 s.
# Property names are matched in capitals, as this writer (and icalendar) writes them.
_WANTED = re.compile(
    rb"\n(UID|SEQUENCE|DTSTAMP|CREATED|LAST-MODIFIED|DTSTART|DTEND|LOCATION|"
    + FINGERPRINT.encode()
    + rb")(?:;[^:\r\n]*)?:([^\r\n]*)"
)


def read_feed(data: bytes) -> dict[str, Published]:
    """The events of one feed, by UID (values parsed by icalendar's types)."""
    unfolded = data.replace(b"\r\n ", b"")  # this writer's folding; then any other
    if b"\n " in unfolded or b"\n\t" in unfolded:
        unfolded = _UNFOLD.sub(b"", unfolded)
    found: dict[str, Published] = {}
    for block in unfolded.split(b"BEGIN:VEVENT")[1:]:
        lines = _WANTED.findall(block.split(b"END:VEVENT", 1)[0])
        _add_event(
            found, {name.decode(): value.decode("utf-8", "replace") for name, value in lines}
        )
    return found


def _add_event(found: dict[str, Published], values: dict[str, str]) -> None:
    if "UID" not in values:
        return
    stamp = _moment(values.get("DTSTAMP"))
    found[_uid(values["UID"])] = Published(
        sequence=_sequence(values.get("SEQUENCE", "0")),
        created=_moment(values.get("CREATED")),
        last_modified=_moment(values.get("LAST-MODIFIED")) or stamp,
        fingerprint=values.get(FINGERPRINT),
        when_where="|".join(values.get(name, "") for name in ("DTSTART", "DTEND", "LOCATION")),
    )


def _uid(value: str) -> str:
    if "\\" not in value:
        return value  # nothing escaped: the text is the value
    # Contentline.parts() unescapes the text as icalendar's own parser does.
    unescaped = Contentline("UID:" + value).parts()[2]  # type: ignore[no-untyped-call]
    return str(vText.from_ical(unescaped))


# Stamps and sequences repeat across a network's events (a group's meetings share their
# publication date): each distinct value is parsed once.
@lru_cache(maxsize=4096)
def _sequence(value: str) -> int:
    return int(vInt.from_ical(value))


@lru_cache(maxsize=4096)
def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = vDDDTypes.from_ical(value)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, datetime) and parsed.tzinfo is not None else None


def ledger_of(source: str, feeds: Iterable[tuple[str, bytes | None]]) -> Ledger:
    """The ledger of the given feeds ((site-relative path, bytes or None: not read)),
    read one at a time: a national network's feeds are never all held in memory.

    Territory, public-event and network feeds need not be read: each of their events is
    also in a group feed or a one-event file, which hold every published event.
    """
    events: dict[str, Published] = {}
    paths: set[str] = set()
    for path, data in feeds:
        paths.add(path)
        if data is None:
            continue
        for uid, published in read_feed(data).items():
            known = events.get(uid)
            if known is None or published.sequence > known.sequence:
                events[uid] = published
    return Ledger(source, events, frozenset(paths))


_SEGMENT = "[^/]+"


def _aggregate_pattern() -> re.Pattern[str]:
    kinds = [urls.territory_feed(_SEGMENT), urls.events_feed(_SEGMENT)]
    escaped = [re.escape(k).replace(re.escape(_SEGMENT), _SEGMENT) for k in kinds]
    return re.compile("|".join([re.escape(urls.network_feed()), *escaped]))


_AGGREGATE = _aggregate_pattern()


def _is_aggregate(path: str) -> bool:
    return _AGGREGATE.fullmatch(path) is not None


# --- where the previous publication is --------------------------------------------------------


@dataclass(frozen=True)
class PreviousSource:
    """A folder or a base URL holding the previous publication, and why it was chosen."""

    location: str
    is_url: bool
    why: str  # "option", "site_dir", "site_url"


def previous_source(
    option: str, site_dir: Path, site_url: str | None, environ: Mapping[str, str] | None = None
) -> PreviousSource | None:
    env = os.environ if environ is None else environ
    chosen = option.strip() or env.get(PREVIOUS_ENV, "").strip()
    if chosen:
        return PreviousSource(chosen, _is_url(chosen), "option")
    if (site_dir / urls.network_feed()).is_file():
        return PreviousSource(str(site_dir), False, "site_dir")
    if env.get("CI", "").strip() and site_url:
        return PreviousSource(site_url, True, "site_url")
    return None


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


class PreviousUnreadable(Exception):
    """The previous publication was named (or expected) but could not be read."""


def read_folder(folder: Path) -> Iterator[tuple[str, bytes | None]]:
    """Every feed of the folder, in path order; the aggregates are listed, not read."""
    if not folder.is_dir():
        raise PreviousUnreadable(str(folder))
    for path in sorted(folder.rglob("*.ics")):
        relative = path.relative_to(folder).as_posix()
        yield relative, None if _is_aggregate(relative) else path.read_bytes()


def read_site(base_url: str, paths: Iterable[str]) -> dict[str, bytes | None]:
    """The feeds at ``paths`` under ``base_url``; a 404 is a feed not published yet."""
    base = urls.site_folder(base_url)

    def fetch(path: str) -> tuple[str, bytes | None]:
        request = urllib.request.Request(
            urljoin(base, path), headers={"User-Agent": "plato-site (previous feeds)"}
        )
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                return path, response.read()
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                return path, None
            raise PreviousUnreadable(f"{urljoin(base, path)}: HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise PreviousUnreadable(f"{urljoin(base, path)}: {error}") from None

    with ThreadPoolExecutor(FETCH_WORKERS) as pool:
        fetched = list(pool.map(fetch, sorted(set(paths))))
    # Read even the aggregates: a live site cannot be listed, and a renamed group's or
    # territory's past events may be found only there.
    return {path: data for path, data in fetched if data is not None}


def read_previous(source: PreviousSource, paths: Iterable[str]) -> Ledger:
    """The ledger at ``source``; ``paths``: the feeds to ask a live site for (it cannot be
    listed). Raises :class:`PreviousUnreadable`."""
    if source.is_url:
        wanted = [p for p in paths if not posixpath.isabs(p)]
        return ledger_of(source.location, read_site(source.location, wanted).items())
    return ledger_of(source.location, read_folder(Path(source.location)))


__all__ = [
    "PREVIOUS_ENV",
    "Ledger",
    "PreviousSource",
    "PreviousUnreadable",
    "Published",
    "Version",
    "fallback_version",
    "ledger_of",
    "previous_source",
    "read_feed",
    "read_previous",
]
