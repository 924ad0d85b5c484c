"""Atom feeds: follow a territory (or the whole network) in a feed reader, without a calendar.

Each feed announces the groups open for registration, the upcoming public events and the
news posts (``tag:<host>,2026:post.<file name>``: a post's address). Same
discipline as the calendar UIDs (render/feeds.py): an entry's id is built from its identity
only, ``tag:<host>,2026:group.<group id>`` or ``tag:<host>,2026:event.<territory>.<event id>``,
so a rebuild, a reordered YAML file or a corrected title never makes a reader show it twice.
``updated`` comes from the data (publication and change dates), never from the clock, and is
capped at the build date: two builds of the same content are byte-identical.

Written with ElementTree: every text is escaped by the XML library, not by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

from plato_site import formatting
from plato_site.derive import EventView, GroupView, Site, TerritoryView
from plato_site.i18n import Catalog
from plato_site.posts import SourcedPost
from plato_site.render import urls
from plato_site.render.structured import paris_iso

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
# The date part of every tag: URI. Fixed forever: changing it would change every id.
TAG_DATE = "2026"
# With no publication date, a group is announced this long before its first meeting
# (the calendar's default stamp for its meetings: derive._default_stamp).
GROUP_LEAD = timedelta(days=90)


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    updated: date
    link: str
    summary: str
    published: date | None = None  # news posts: the day they appeared


@dataclass(frozen=True)
class AtomFile:
    path: str  # site-relative
    content: bytes


class AtomBuilder:
    """The Atom feeds of a site whose public address is ``site_url``."""

    def __init__(self, site: Site, catalog: Catalog, site_url: str) -> None:
        self.site = site
        self.t = catalog
        self.site_url = urls.site_folder(site_url)
        host = urlsplit(self.site_url).hostname
        if not host:
            raise ValueError(f"site_url has no host: {site_url!r}")
        self.host = host

    def files(self, territories: Iterable[TerritoryView] | None = None) -> list[AtomFile]:
        """One feed per territory, and the network's when every territory is built."""
        chosen = list(self.site.territories if territories is None else territories)
        found = [self.territory_file(tv) for tv in chosen]
        if territories is None and self.site.is_network:
            found.append(self.network_file())
        return found

    def territory_file(self, tv: TerritoryView) -> AtomFile:
        title = self.t("atom.territory_title", territory=tv.name)
        entries = list(self.entries(tv))
        entries += self.post_entries(self.site.territory_posts(tv.slug))
        path = urls.territory_atom(tv.slug)
        xml = self._feed(
            f"feed.{tv.slug}",
            title,
            path,
            urls.territory(tv.slug),
            tv.territory.chamber.name,
            entries,
        )
        return AtomFile(path, xml)

    def network_file(self) -> AtomFile:
        network = self.site.network.name
        entries = [entry for tv in self.site.territories for entry in self.entries(tv)]
        entries += self.post_entries(self.site.posts)
        path = urls.network_atom()
        xml = self._feed(
            "feed.network",
            self.t("atom.network_title", network=network),
            path,
            "",
            network,
            entries,
        )
        return AtomFile(path, xml)

    # --- entries ---------------------------------------------------------------------------

    def entries(self, tv: TerritoryView) -> Iterator[AtomEntry]:
        for group in tv.recruiting_groups:  # never a finished, running or full group
            yield self.group_entry(group)
        for event in tv.upcoming_events:
            yield self.event_entry(event)

    def group_entry(self, group: GroupView) -> AtomEntry:
        stamp = group.group.published or group.first_date - GROUP_LEAD
        summary = self.t(
            "atom.group_summary",
            territory=group.territory_name,
            date=formatting.format_date(group.first_date, self.t),
            count=group.seats_left,
        )
        return AtomEntry(
            id=self._tag(f"group.{group.id}"),
            title=self.t("atom.group_title", group=group.group.name),
            updated=min(stamp, self.site.today),
            link=self._absolute(urls.group(group.territory_slug, group.id)),
            summary=summary,
        )

    def event_entry(self, item: EventView) -> AtomEntry:
        public = item.event
        kind = self.t(f"pages.event_kind.{public.kind.value}")
        title = public.title or self.t(
            "feeds.event_summary_untitled", kind=kind, territory=item.territory_name
        )
        if item.cancelled:
            title = self.t("atom.cancelled", title=title)
        when = formatting.format_datetime(public.date, public.start_time, public.end_time, self.t)
        summary = self.t("atom.event_summary", when=when, venue=public.venue.name)
        return AtomEntry(
            id=self._tag(f"event.{item.territory_slug}.{item.id}"),
            title=title,
            updated=min(item.last_modified, self.site.today),
            link=self._absolute(urls.event(item.territory_slug, item.id)),  # its own page
            summary=summary,
        )

    def post_entries(self, posts: Iterable[SourcedPost]) -> list[AtomEntry]:
        """News posts; the id is the file name (the post's address), never its position."""
        return [
            AtomEntry(
                id=self._tag(f"post.{item.name}"),
                title=item.post.title,
                updated=min(item.post.updated or item.post.date, self.site.today),
                link=self._absolute(urls.post(item.name)),
                summary=item.post.description,
                published=min(item.post.date, self.site.today),
            )
            for item in posts
        ]

    # --- XML -------------------------------------------------------------------------------

    def _feed(
        self,
        identity: str,
        title: str,
        path: str,
        page: str,
        author: str,
        entries: list[AtomEntry],
    ) -> bytes:
        # Newest first, ties by id: the order never depends on the order of the YAML.
        ordered = sorted(entries, key=lambda e: e.id)
        ordered.sort(key=lambda e: e.updated, reverse=True)
        updated = max((e.updated for e in ordered), default=self.site.today)
        feed = ET.Element("feed", xmlns=ATOM_NS)  # unprefixed: what readers expect
        _text(feed, "id", self._tag(identity))
        _text(feed, "title", title)
        _text(feed, "updated", _timestamp(updated))
        _link(feed, self._absolute(path), rel="self", media_type=MEDIA_TYPE)
        _link(feed, self._absolute(page), rel="alternate", media_type="text/html")
        _text(ET.SubElement(feed, "author"), "name", author)
        for entry in ordered:
            element = ET.SubElement(feed, "entry")
            _text(element, "id", entry.id)
            _text(element, "title", entry.title)
            _text(element, "updated", _timestamp(entry.updated))
            if entry.published is not None:
                _text(element, "published", _timestamp(entry.published))
            _link(element, entry.link, rel="alternate", media_type="text/html")
            _text(element, "summary", entry.summary)
        ET.indent(feed)
        content: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return content

    def _tag(self, identity: str) -> str:
        return f"tag:{self.host},{TAG_DATE}:{identity}"

    def _absolute(self, path: str) -> str:
        return urljoin(self.site_url, path)


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, name).text = value


def _link(parent: ET.Element, href: str, *, rel: str, media_type: str) -> None:
    ET.SubElement(parent, "link", rel=rel, type=media_type, href=href)


def _timestamp(day: date) -> str:
    """Midnight in Paris that day, with its offset (RFC 3339, as Atom requires)."""
    return paris_iso(day)


def build_atom_feeds(
    site: Site, catalog: Catalog, site_url: str, territories: Iterable[TerritoryView] | None
) -> list[AtomFile]:
    return AtomBuilder(site, catalog, site_url).files(territories)
