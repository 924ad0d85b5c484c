"""Calendar feeds: the derived site -> every ``.ics`` file, and the links to subscribe.

Feeds (paths from :mod:`plato_site.render.urls`, a public contract):

- the network (``calendrier.ics``): the public events to come (information meetings,
  group launches, plenary sessions) of every territory, the soonest first, at most
  :data:`MAX_FEED_EVENTS` and :data:`MAX_FEED_BYTES`: Google Calendar stops reading a
  subscription past about 1,000 events or 1 MB. Members' meetings stay in the group and
  territory feeds, which fit whatever the size of the network;
- per territory, ``calendrier.ics`` (its groups' meetings and its public events) and
  ``evenements.ics`` (public events only, for prospective members);
- per group, ``calendrier.ics``: that group's meetings;
- per public event, a one-event file for "add to my calendar".

Identity: a meeting's UID is ``meeting.<group id>.<number>@<host>``, an event's
``event.<territory slug>.<event id>@<host>``. Slugs never contain a dot, so the parts
cannot run into each other; no list position and no date is part of a UID, so moving,
reordering or editing a meeting keeps it the same calendar entry.

Versions (SEQUENCE, LAST-MODIFIED, CREATED) come from the previous publication
(:mod:`plato_site.render.ledger`): an event whose content changed since gets the next
version, whoever forgot to record the change.

What stays in a feed (the build date is "today"):

- a cancelled meeting or event stays, marked cancelled, until its day has passed, then
  leaves every feed (it did not take place: there is nothing to keep);
- a group feed keeps the group's whole history (at most a few dozen meetings);
- territory, network and public-event feeds keep what happened in the last
  :data:`HISTORY` days and everything to come, so they do not grow for ever;
- a one-event file always holds its event: its URL was handed out and must keep working.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from plato_site import formatting
from plato_site.derive import PARIS, EventView, GroupView, Meeting, Site, TerritoryView
from plato_site.i18n import Catalog
from plato_site.models import Venue
from plato_site.render import calendar_links as links
from plato_site.render import urls
from plato_site.render.ics import (
    CalendarEntry,
    CalendarInfo,
    CalendarWriter,
    Organizer,
    SerializedEvent,
    calendar_name,
    event_content,
)
from plato_site.render.ledger import Ledger, Version, fallback_version
from plato_site.render.views import AddLinks, SubscribeLinks

HISTORY = timedelta(days=365)  # past entries kept in territory and public-event feeds
# What Google Calendar reads of a subscription (reported in public trackers): beyond, it
# stops updating it. The network feed keeps the soonest events within both.
MAX_FEED_EVENTS = 1000
MAX_FEED_BYTES = 1_000_000

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
# no-transform: proxies and CDNs that honour it (Cloudflare) must not compress the feeds.
ICS_CACHE_CONTROL = "public, max-age=3600, no-transform"

MAX_EXACT_HEADER_RULES = 80  # Cloudflare Pages reads at most 100 rules, staff's included
# Placeholders of the _headers rules: one path segment each, on Netlify and Cloudflare Pages.
_ANY_TERRITORY, _ANY_GROUP = ":territory", ":group"
_ANY_EVENT_FILE = posixpath.dirname(urls.event_file(_ANY_TERRITORY, "x")) + "/*"


@dataclass(frozen=True)
class FeedFile:
    path: str  # site-relative, as in render.urls
    content: bytes
    # The _headers rules that cover this file (see headers_file): its own (its path, or its
    # folder + "/*" for the one-event files), and the one for all feeds of its kind.
    header_rule: str
    header_pattern: str


class FeedBuilder:
    """Turns the derived site into calendar entries and files for one public address."""

    def __init__(
        self,
        site: Site,
        catalog: Catalog,
        site_url: str,
        ledger: Ledger | None = None,
        built: datetime | None = None,
    ) -> None:
        self.site = site
        self.t = catalog
        # The previous publication (None: versions from the staff's `changes` lines) and
        # the build's time, the LAST-MODIFIED of what changed since.
        self.ledger = ledger
        self.built = built or datetime.combine(site.today, time(0), tzinfo=PARIS)
        self.site_url = urls.site_folder(site_url)
        host = urlsplit(self.site_url).hostname
        if not host:
            raise ValueError(f"site_url has no host: {site_url!r}")
        self.host = host
        self.oldest_kept = site.today - HISTORY
        # A meeting is in up to three feeds (group, territory, network): its entry is built,
        # and its VEVENT serialized, once per build. Entries are kept while their territory's
        # feeds are written; the network feed keeps only the VEVENTs it needs.
        self.writer = CalendarWriter()
        self._meetings: dict[tuple[str, int], CalendarEntry] = {}
        self._events: dict[tuple[str, str], CalendarEntry] = {}
        self._absolute: dict[str, str] = {}
        self._organizers: dict[str, Organizer] = {}

    # --- files ------------------------------------------------------------------------------

    def files(self, territories: Iterable[TerritoryView] | None = None) -> list[FeedFile]:
        """Every feed of the given territories (default: all), then the network feed."""
        return list(self.iter_files(territories))

    def iter_files(self, territories: Iterable[TerritoryView] | None = None) -> Iterator[FeedFile]:
        """:meth:`files` one at a time, so that each can be written and let go."""
        chosen = {t.slug for t in (self.site.territories if territories is None else territories)}
        network: list[SerializedEvent] = []
        for territory in self.site.territories:
            if territory.slug in chosen:
                yield from self.territory_files(territory)
            if self.site.is_network:  # one territory: its own feed is the site's feed
                network += [
                    self.writer.event(self.event_entry(e))
                    for e in territory.events
                    if self._keeps_history(e) and e.date >= self.site.today
                ]
            self._forget()
        if self.site.is_network:
            yield self._network_feed(network)

    def _network_feed(self, events: list[SerializedEvent]) -> FeedFile:
        network = self.site.network.name
        info = self._info(
            self.t("feeds.network_name", network=network),
            self.t("feeds.network_description", network=network),
            urls.network_calendar(),
        )
        return _feed(urls.network_feed(), self.writer.assemble(info, _soonest(events)))

    def _forget(self) -> None:
        self._meetings.clear()
        self._events.clear()
        self.writer.forget()

    def territory_files(self, territory: TerritoryView) -> Iterator[FeedFile]:
        """Its feeds, each also at the addresses it had before a rename (former_slugs,
        former_ids): subscribers of the old address keep receiving it."""
        slug = territory.slug
        slugs = [slug, *territory.territory.former_slugs]
        content = self.writer.calendar(self.territory_info(territory), self._recent(territory))
        for name in slugs:
            yield _feed(urls.territory_feed(name), content, urls.territory_feed(_ANY_TERRITORY))
        events = [self.event_entry(e) for e in territory.events if self._keeps_recent(e)]
        content = self.writer.calendar(self.events_info(territory), events)
        for name in slugs:
            yield _feed(urls.events_feed(name), content, urls.events_feed(_ANY_TERRITORY))
        for group in territory.groups:
            meetings = [
                self.meeting_entry(group, m) for m in group.meetings if self._keeps_history(m)
            ]
            content = self.writer.calendar(self.group_info(territory, group), meetings)
            for name, group_id in _group_addresses(territory, group):
                pattern = urls.group_feed(_ANY_TERRITORY, _ANY_GROUP)
                yield _feed(urls.group_feed(name, group_id), content, pattern)
        for event in territory.events:
            entry = self.event_entry(event)
            info = self._info(entry.summary, entry.description, urls.calendar(slug))
            content = self.writer.calendar(info, [entry])
            for name in slugs:
                path = urls.event_file(name, event.id)
                # One rule per territory's folder of one-event files, not one per event.
                yield FeedFile(path, content, posixpath.dirname(path) + "/*", _ANY_EVENT_FILE)

    def _recent(self, territory: TerritoryView) -> list[CalendarEntry]:
        meetings = [
            self.meeting_entry(group, meeting)
            for group in territory.groups
            for meeting in group.meetings
            if self._keeps_recent(meeting)
        ]
        return meetings + [self.event_entry(e) for e in territory.events if self._keeps_recent(e)]

    def _keeps_history(self, item: Meeting | EventView) -> bool:
        return not item.cancelled or item.date >= self.site.today

    def _keeps_recent(self, item: Meeting | EventView) -> bool:
        return self._keeps_history(item) and item.date >= self.oldest_kept

    # --- calendars ------------------------------------------------------------------------

    def territory_info(self, territory: TerritoryView) -> CalendarInfo:
        return self._info(
            self.t("feeds.territory_name", territory=territory.name),
            self.t(
                "feeds.territory_description",
                territory=territory.name,
                chamber=territory.territory.chamber.name,
            ),
            urls.calendar(territory.slug),
        )

    def events_info(self, territory: TerritoryView) -> CalendarInfo:
        return self._info(
            self.t("feeds.events_name", territory=territory.name),
            self.t("feeds.events_description", territory=territory.name),
            urls.calendar(territory.slug),
        )

    def group_info(self, territory: TerritoryView, group: GroupView) -> CalendarInfo:
        name = group.group.name
        return self._info(
            self.t("feeds.group_name", group=name),
            self.t("feeds.group_description", group=name, chamber=territory.territory.chamber.name),
            urls.group(territory.slug, group.id),
        )

    def _info(self, name: str, description: str, page: str) -> CalendarInfo:
        return CalendarInfo(name=name, description=description, url=self.absolute(page))

    # --- entries ------------------------------------------------------------------------------

    def meeting_uid(self, group: GroupView, meeting: Meeting) -> str:
        return f"meeting.{group.group.calendar_id}.{meeting.number}@{self.host}"

    def meeting_entry(self, group: GroupView, meeting: Meeting) -> CalendarEntry:
        key = (meeting.group_id, meeting.number)
        entry = self._meetings.get(key)
        if entry is None:
            entry = self._meetings[key] = self._meeting_entry(group, meeting)
        return entry

    def event_entry(self, event: EventView) -> CalendarEntry:
        key = (event.territory_slug, event.id)
        entry = self._events.get(key)
        if entry is None:
            entry = self._events[key] = self._event_entry(event)
        return entry

    def _meeting_entry(self, group: GroupView, meeting: Meeting) -> CalendarEntry:
        t, name = self.t, group.group.name
        if meeting.topic:
            summary = t(
                "feeds.meeting_summary", group=name, number=meeting.number, topic=meeting.topic
            )
        else:
            summary = t("feeds.meeting_summary_no_topic", group=name, number=meeting.number)
        lines = []
        cancellation = _cancellation(group, meeting)
        if cancellation is not None:
            lines.append(self._cancel_line(cancellation, meeting.cancel_reason))
        lines.append(
            t(
                "feeds.meeting_of_group",
                number=meeting.number,
                count=len(group.meetings),
                group=name,
                chamber=self.site.territory(group.territory_slug).territory.chamber.name,
            )
        )
        lines.append(
            t("feeds.topic", topic=meeting.topic) if meeting.topic else t("feeds.topic_tbd")
        )
        if meeting.original_date is not None:
            lines.append(t("feeds.moved_date", date=self._date(meeting.original_date)))
        elif meeting.original_start is not None:
            moved_from = formatting.format_time(meeting.original_start, t)
            lines.append(t("feeds.moved_time", time=moved_from))
        if meeting.change_reason and not meeting.cancelled:
            lines.append(t("feeds.change_reason", reason=_sentence(meeting.change_reason)))
        if meeting.venue.access:
            lines.append(t("feeds.access", access=meeting.venue.access))
        return self._entry(
            uid=self.meeting_uid(group, meeting),
            start=meeting.starts_at,
            end=meeting.ends_at,
            summary=summary,
            lines=lines,
            page=urls.group(group.territory_slug, group.id),
            venue=meeting.venue,
            cancelled=meeting.cancelled,
            staff_version=(meeting.sequence, meeting.last_modified, group.group.published),
            territory=group.territory_slug,
            category=t("feeds.category_meeting"),
        )

    def _event_entry(self, event: EventView) -> CalendarEntry:
        t, data = self.t, event.event
        summary = data.title or t(
            "feeds.event_summary_untitled",
            kind=t(f"pages.event_kind.{data.kind.value}"),
            territory=event.territory_name,
        )
        lines = []
        if data.cancelled is not None:
            lines.append(self._cancel_line(data.cancelled.announced, data.cancelled.reason))
        if event.previous_date is not None:
            lines.append(t("feeds.moved_date", date=self._date(event.previous_date)))
        if data.changes and data.changes[-1].reason and not event.cancelled:
            lines.append(t("feeds.change_reason", reason=_sentence(data.changes[-1].reason)))
        if data.description:
            lines.append(markdown_to_text(data.description))
        registration = self._registration(event)
        if registration and not event.cancelled:
            lines.append(registration)
        if data.venue.access:
            lines.append(t("feeds.access", access=data.venue.access))
        return self._entry(
            uid=f"event.{_calendar_slug(self.site.territory(event.territory_slug))}.{event.id}@{self.host}",
            start=event.starts_at,
            end=event.ends_at,
            summary=summary,
            lines=lines,
            page=urls.calendar(event.territory_slug),
            venue=data.venue,
            cancelled=event.cancelled,
            staff_version=(event.sequence, event.last_modified, data.published),
            territory=event.territory_slug,
            category=t(f"pages.event_kind.{data.kind.value}"),
        )

    def _entry(
        self,
        *,
        uid: str,
        start: datetime,
        end: datetime,
        summary: str,
        lines: list[str],
        page: str,
        venue: Venue,
        cancelled: bool,
        staff_version: tuple[int, date, date | None],
        territory: str,
        category: str,
    ) -> CalendarEntry:
        """The entry, its version decided against the previous publication; its VEVENT is
        serialized now (the writer keeps it for every feed that holds it)."""
        if cancelled:
            summary = self.t("feeds.cancelled_summary", summary=summary)
        coordinates = venue.coordinates
        entry = CalendarEntry(
            uid=uid,
            start=start,
            end=end,
            summary=summary,
            description="\n".join(lines),
            url=self.absolute(page),
            location=venue_text(venue),
            geo=(coordinates.lat, coordinates.lon) if coordinates else None,
            cancelled=cancelled,
            sequence=0,
            last_modified=self.built,
            organizer=self.organizer(territory),
            categories=(category,),
        )
        content = event_content(entry)
        version = self._version(uid, content.fingerprint, staff_version)
        entry = replace(
            entry,
            sequence=version.sequence,
            created=version.created,
            last_modified=version.last_modified,
        )
        self.writer.event(entry, content)
        return entry

    def _version(self, uid: str, fingerprint: str, staff: tuple[int, date, date | None]) -> Version:
        sequence, changed, published = staff
        first = _midnight(published) if published is not None else None
        if self.ledger is None:
            return fallback_version(sequence, _midnight(changed), first, self.built)
        return self.ledger.version(uid, fingerprint, first, self.built)

    def organizer(self, slug: str) -> Organizer:
        """The territory's chamber: its address, else a contact's, else the publisher's."""
        found = self._organizers.get(slug)
        if found is None:
            territory = self.site.territory(slug).territory
            emails = [territory.chamber.email, *(c.email for c in territory.contacts)]
            email = next((e for e in emails if e), self.site.network.publisher.email)
            found = self._organizers[slug] = Organizer(territory.chamber.name, email)
        return found

    def _cancel_line(self, announced: date, reason: str | None) -> str:
        if reason:
            return self.t(
                "feeds.cancelled_with_reason",
                announced=self._date(announced),
                reason=_sentence(reason),
            )
        return self.t("feeds.cancelled", announced=self._date(announced))

    def _registration(self, event: EventView) -> str | None:
        registration = event.event.registration
        if registration is None:
            return None
        ways = [
            way
            for way in (
                registration.url,
                registration.email,
                registration.phone.phone.display if registration.phone else None,
            )
            if way
        ]
        if not ways:
            return None
        how = ", ".join(ways)
        if registration.deadline is not None:
            deadline = self.t("feeds.registration_deadline", date=self._date(registration.deadline))
            how = f"{how} ({deadline})"
        return self.t("feeds.registration", how=how)

    def _date(self, day: date) -> str:
        return formatting.format_date(day, self.t)

    # --- links ----------------------------------------------------------------------------------

    def absolute(self, path: str) -> str:
        """Site-relative path -> absolute URL under site_url (which may be a subfolder)."""
        url = self._absolute.get(path)
        if url is None:  # a group page's URL is in each of its meetings
            url = self._absolute[path] = urljoin(self.site_url, path)
        return url

    def feed_names(self) -> dict[str, str]:
        """Calendar name of every subscribable feed, by site-relative path."""
        names = {}
        if self.site.is_network:
            network = self.site.network.name
            names[urls.network_feed()] = self.t("feeds.network_name", network=network)
        for territory in self.site.territories:
            slug = territory.slug
            names[urls.territory_feed(slug)] = self.territory_info(territory).name
            names[urls.events_feed(slug)] = self.events_info(territory).name
            for group in territory.groups:
                names[urls.group_feed(slug, group.id)] = self.group_info(territory, group).name
        return names

    def subscribe_links(self, path: str, name: str) -> SubscribeLinks:
        https = self.absolute(path)
        readable = calendar_name(name)
        return SubscribeLinks(
            name=readable,
            https=https,
            webcal=links.webcal(https),
            google=links.google_subscribe(https),
            outlook=links.outlook_subscribe(links.OUTLOOK_COM, https, readable),
            office=links.outlook_subscribe(links.MICROSOFT_365, https, readable),
            anchor="plato-feed-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-"),
        )

    def add_links(self, event: EventView) -> AddLinks:
        """The "add to my calendar" links of a public event: the text of its VEVENT."""
        entry = self._event_entry(event)
        # The event's page, not the whole description: an agenda lists many events, and
        # each link carries its text three times (Google, Outlook.com, Microsoft 365).
        page = self.absolute(urls.event(event.territory_slug, event.id))
        parts = (entry.summary, entry.start, entry.end, page, entry.location or "")
        return AddLinks(
            google=links.google_add(*parts),
            outlook=links.outlook_add(links.OUTLOOK_COM, *parts),
            office=links.outlook_add(links.MICROSOFT_365, *parts),
        )


def build_feeds(
    site: Site,
    catalog: Catalog,
    site_url: str,
    territories: Iterable[TerritoryView] | None = None,
) -> list[FeedFile]:
    """Every feed of the site (``territories`` limits the per-territory ones: preview)."""
    return FeedBuilder(site, catalog, site_url).files(territories)


def feed_paths(site: Site) -> list[str]:
    """Every feed file the site publishes (site-relative), former addresses included: what
    to ask a live site for, and what must not vanish."""
    paths = [urls.network_feed()]
    for territory in site.territories:
        for slug in (territory.slug, *territory.territory.former_slugs):
            paths += [urls.territory_feed(slug), urls.events_feed(slug)]
            paths += [urls.event_file(slug, event.id) for event in territory.events]
        for group in territory.groups:
            paths += [urls.group_feed(*address) for address in _group_addresses(territory, group)]
    return paths


def _group_addresses(territory: TerritoryView, group: GroupView) -> list[tuple[str, str]]:
    """(territory slug, group id) of every address of a group's feed, current first."""
    slugs = [territory.slug, *territory.territory.former_slugs]
    ids = [group.id, *group.group.former_ids]
    return [(slug, group_id) for slug in slugs for group_id in ids]


def _calendar_slug(territory: TerritoryView) -> str:
    """The slug in its events' UIDs: the first ever published."""
    former = territory.territory.former_slugs
    return former[0] if former else territory.slug


def page_helpers(site: Site, catalog: Catalog, site_url: str | None) -> dict[str, Any]:
    """Jinja globals for the pages: ``feeds_on``, ``absolute_url``, ``subscribe_links``,
    ``add_links``.

    Without a site_url there are no feeds: ``subscribe_links`` and ``add_links`` give None
    and the blocks are left out.
    """
    if site_url is None:
        return {
            "feeds_on": False,
            "absolute_url": _no_site_url,
            "subscribe_links": _no_links,
            "add_links": _no_links,
        }
    builder = FeedBuilder(site, catalog, site_url)
    names = builder.feed_names()

    def subscribe(path: str) -> SubscribeLinks:
        return builder.subscribe_links(path, names[path])

    def add(event: EventView) -> AddLinks | None:
        """Nothing to add for an event cancelled or over."""
        if event.cancelled or event.date < site.today:
            return None
        return builder.add_links(event)

    return {
        "feeds_on": True,
        "absolute_url": builder.absolute,
        "subscribe_links": subscribe,
        "add_links": add,
    }


def headers_file(site_url: str, feeds: Iterable[FeedFile]) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages): feeds as UTF-8 iCalendar, uncompressed.

    Exact paths while they fit, well under the 100 rules Cloudflare Pages reads (staff may
    have rules of their own); beyond, one rule per kind of feed with placeholders for the
    territory and the group (``/territoires/:territory/calendrier.ics``), as a national
    network needs. Never ``/*.ics``: these hosts do not all match ``*`` inside a segment.
    """
    prefix = urls.site_path(site_url)
    chosen = list(feeds)
    rules = sorted({prefix + feed.header_rule for feed in chosen})
    if len(rules) > MAX_EXACT_HEADER_RULES:
        rules = sorted({prefix + feed.header_pattern for feed in chosen})
    blocks = [
        f"{rule}\n  Content-Type: {ICS_CONTENT_TYPE}\n  Cache-Control: {ICS_CACHE_CONTROL}\n"
        for rule in rules
    ]
    return "# Calendar feeds (plato-site): UTF-8 iCalendar, never compressed.\n" + "".join(blocks)


def _soonest(events: list[SerializedEvent]) -> list[SerializedEvent]:
    """The first events by (start, uid) within MAX_FEED_EVENTS and MAX_FEED_BYTES."""
    kept: list[SerializedEvent] = []
    budget = MAX_FEED_BYTES - 8_000  # the calendar's own lines and VTIMEZONE: about 2 kB
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        budget -= len(event.ics)
        if len(kept) == MAX_FEED_EVENTS or budget < 0:
            break
        kept.append(event)
    return kept


def _midnight(day: date) -> datetime:
    """A date from the data as a moment: midnight in Paris on that day."""
    return datetime.combine(day, time(0), tzinfo=PARIS)


def _feed(path: str, content: bytes, pattern: str | None = None) -> FeedFile:
    """A feed whose own _headers rule is its path (``pattern``: the rule for its kind)."""
    return FeedFile(path, content, path, pattern or path)


def _cancellation(group: GroupView, meeting: Meeting) -> date | None:
    """The day a meeting's cancellation was announced (Meeting keeps only the reason)."""
    if not meeting.cancelled:
        return None
    for override in group.group.meetings:
        if override.number == meeting.number and override.cancelled is not None:
            return override.cancelled.announced
    return meeting.last_modified


def venue_text(venue: Venue) -> str:
    address = venue.address
    return f"{venue.name}, {address.street}, {address.postal_code} {address.city}"


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(text: str) -> str:
    """Staff Markdown as plain text: paragraphs kept, emphasis and links unwrapped."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    plain = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.splitlines()]
        joined = "\n".join(lines) if any(_is_list_item(line) for line in lines) else " ".join(lines)
        joined = _LINK.sub(lambda m: f"{m[1]} ({m[2]})", joined)
        plain.append(_EMPHASIS.sub(lambda m: m[2], joined))
    return "\n\n".join(plain)


def _is_list_item(line: str) -> bool:
    return bool(re.match(r"([-*+]|\d+[.)])\s", line))


def _sentence(text: str) -> str:
    """Staff text inside a catalog sentence that brings its own final period."""
    return text.strip().rstrip(".")


def _no_site_url(path: str) -> str:
    raise ValueError(f"no site_url: cannot make {path!r} absolute")


def _no_links(item: object) -> None:
    return None


__all__ = [
    "HISTORY",
    "ICS_CONTENT_TYPE",
    "AddLinks",
    "FeedBuilder",
    "FeedFile",
    "SubscribeLinks",
    "build_feeds",
    "feed_paths",
    "headers_file",
    "markdown_to_text",
    "page_helpers",
    "venue_text",
]
