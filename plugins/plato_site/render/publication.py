"""Checks against the previous publication: what subscribers would lose or see move.

They need the feeds already published (render/ledger.py), so they run when a build reads
them, not in ``plato-site validate``; each is a content warning (errors.content_warning)
at the YAML that causes it, refused by ``mkdocs build --strict`` like every warning:

- a feed address that was published and would vanish (a group's id or a territory's file
  renamed, a group or an event deleted): its subscribers would silently stop receiving
  anything; ``former_ids`` / ``former_slugs`` keep it, cancelling keeps an event;
- meetings already held whose calendar entry would change (the group's time, venue or
  name edited in the rule): the past moves in every subscriber's calendar;
  ``schedule_changes`` with ``from_meeting`` applies the change from a given meeting on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plato_site.derive import GroupView, Site, TerritoryView
from plato_site.errors import ContentError, Location, content_warning
from plato_site.i18n import Catalog
from plato_site.places import name_places
from plato_site.render import urls
from plato_site.render.feeds import FeedBuilder, feed_paths, venue_text
from plato_site.render.ics import when_and_where
from plato_site.render.ledger import Ledger, PreviousUnreadable, previous_source, read_previous


def _pattern(path: str) -> re.Pattern[str]:
    """A feed path of render.urls with named groups for its placeholders."""
    pattern = re.escape(path)
    for name in ("slug", "group", "event"):
        pattern = pattern.replace(name.upper() + "_HERE", f"(?P<{name}>[^/]+)")
    return re.compile(pattern)


_GROUP_FEED = _pattern(urls.group_feed("SLUG_HERE", "GROUP_HERE"))
_EVENT_FILE = _pattern(urls.event_file("SLUG_HERE", "EVENT_HERE"))
_TERRITORY_FEEDS = [
    _pattern(urls.territory_feed("SLUG_HERE")),
    _pattern(urls.events_feed("SLUG_HERE")),
]


@dataclass(frozen=True)
class PreviousPublication:
    """What a build learnt from the previous publication, for the host to pass on."""

    ledger: Ledger | None  # None: versions from the staff's `changes` lines (fallback)
    note: str  # a line for the build's log: where it was read, or that there is none
    problem: str | None = None  # it was expected but could not be read: a warning
    warnings: list[ContentError] = field(default_factory=list)  # content warnings


def read_previous_publication(
    site: Site, catalog: Catalog, site_url: str, site_dir: Path, option: str
) -> PreviousPublication:
    """The previous publication (``option``, PLATO_PREVIOUS, site_dir, or site_url in CI)
    and the warnings it gives; called before the host empties ``site_dir``."""
    source = previous_source(option, site_dir, site_url)
    if source is None:
        return PreviousPublication(None, catalog("feeds.previous_none"))
    try:
        ledger = read_previous(source, feed_paths(site))
    except PreviousUnreadable as why:
        problem = catalog("feeds.previous_unreadable", source=source.location, why=why)
        return PreviousPublication(None, "", problem)
    note = catalog("feeds.previous_read", source=source.location, count=len(ledger.events))
    warnings = publication_warnings(site, catalog, site_url, ledger)
    # Named as validation names its problems (« groupe 2 « Plato Roannais 5 », schedule »).
    documents = {t.source.document.path: t.source.document for t in site.territories if t.source}
    return PreviousPublication(ledger, note, None, name_places(warnings, documents))


def publication_warnings(
    site: Site, catalog: Catalog, site_url: str, ledger: Ledger
) -> list[ContentError]:
    return [*vanished_feeds(site, site_url, ledger), *past_changes(site, catalog, site_url, ledger)]


def vanished_feeds(site: Site, site_url: str, ledger: Ledger) -> list[ContentError]:
    """One warning per published feed address this build would not publish again (one
    per territory when a whole territory's addresses go)."""
    kept = set(feed_paths(site))
    warnings: list[ContentError] = []
    gone_territories: set[str] = set()
    for path in sorted(ledger.feeds - kept):
        url = site_url.rstrip("/") + "/" + path
        match = _GROUP_FEED.fullmatch(path) or _EVENT_FILE.fullmatch(path)
        match = match or next((m for p in _TERRITORY_FEEDS if (m := p.fullmatch(path))), None)
        if match is None:
            continue  # the network feed is always published
        territory = _territory(site, match["slug"])
        if territory is None or territory.source is None:
            if match["slug"] not in gone_territories:
                gone_territories.add(match["slug"])
                params = {"slug": match["slug"], "url": url}
                warnings.append(
                    content_warning(
                        _territories_folder(site), "", "feeds.vanished_territory", params
                    )
                )
            continue
        document = territory.source.document
        groups = match.groupdict()
        if groups.get("group"):
            params = {"id": groups["group"], "url": url}
            where = document.locate_key(("groups",))
            warnings.append(content_warning(where, "groups", "feeds.vanished_group", params))
        elif groups.get("event"):
            params = {"id": groups["event"], "url": url}
            where = document.locate_key(("events",))
            warnings.append(content_warning(where, "events", "feeds.vanished_event", params))
    return warnings


def past_changes(site: Site, catalog: Catalog, site_url: str, ledger: Ledger) -> list[ContentError]:
    """One warning per group whose meetings already held would change in calendars."""
    builder = FeedBuilder(site, catalog, site_url)
    warnings = []
    for territory in site.territories:
        for index, group in enumerate(territory.groups):
            changed = list(_past_changed(builder, group, ledger))
            if not changed or territory.source is None:
                continue
            position = _source_index(territory, group, index)
            upcoming = group.upcoming_meetings
            params = {
                "count": len(changed),
                "numbers": ", ".join(str(n) for n in changed),
                "first": upcoming[0].number if upcoming else changed[-1] + 1,
            }
            # At the rule: what moves every meeting at once (a time, a venue).
            where = territory.source.document.locate_key(("groups", position, "schedule"))
            field = f"groups[{position}].schedule"
            warnings.append(content_warning(where, field, "feeds.past_changed", params))
    return warnings


def _past_changed(builder: FeedBuilder, group: GroupView, ledger: Ledger) -> Iterator[int]:
    for meeting in group.past_meetings:
        published = ledger.events.get(builder.meeting_uid(group, meeting))
        if published is None or not published.when_where or meeting.cancelled:
            continue  # never published; a cancellation is announced, not a silent move
        # Its time or place only: a held meeting's title or page address may change (a rename).
        place = venue_text(meeting.venue)
        if when_and_where(meeting.starts_at, meeting.ends_at, place) != published.when_where:
            yield meeting.number


def _source_index(territory: TerritoryView, group: GroupView, fallback: int) -> int:
    """The group's position in the YAML (groups whose schedule failed are left out)."""
    for index, written in enumerate(territory.territory.groups):
        if written.id == group.id:
            return index
    return fallback


def _territory(site: Site, slug: str) -> TerritoryView | None:
    for territory in site.territories:
        if slug == territory.slug or slug in territory.territory.former_slugs:
            return territory
    return None


def _territories_folder(site: Site) -> Location:
    """Where a territory's file was (its file is gone): the territories' folder."""
    sources = [t.source.document.path for t in site.territories if t.source is not None]
    return Location(posixpath.dirname(sources[0]) if sources else "")


__all__ = [
    "PreviousPublication",
    "past_changes",
    "publication_warnings",
    "read_previous_publication",
    "vanished_feeds",
]
