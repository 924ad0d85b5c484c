"""The whole pipeline without a host: content folder -> pages and feeds in memory.

The MkDocs adapter and the tests call this; nothing here knows about MkDocs, so the core
survives a change of host (Material's end of life, MkDocs 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from plato_site.derive import Site, TerritoryView, derive_site
from plato_site.i18n import Catalog
from plato_site.plausible import check_dates
from plato_site.render.feeds import FeedFile, build_feeds, headers_file
from plato_site.render.pages import PageRenderer, RenderedPage
from plato_site.validate import Content, load_content


@dataclass(frozen=True)
class SiteOutput:
    site: Site
    pages: list[RenderedPage]
    home_html: str
    catalog: Catalog
    feeds: list[FeedFile] = field(default_factory=list)  # .ics files (need site_url)
    headers: str | None = None  # _headers file for the feeds (Netlify, Cloudflare Pages)


def load_site(content_dir: Path, today: date, project_root: Path | None = None) -> Site:
    """Load, validate and derive: raises ContentErrors before anything is rendered."""
    content: Content = load_content(content_dir, project_root)
    check_dates(content, today)  # what only makes no sense next to today's date
    return derive_site(content, today)


def render_site(
    site: Site,
    catalog: Catalog,
    override_dirs: Iterable[Path] = (),
    only_territory: str | None = None,
    site_url: str | None = None,
    feeds: bool = True,
    feed_files: bool = True,
) -> SiteOutput:
    """Pages, and the calendar feeds when ``feeds`` and the public ``site_url`` are given.

    ``feed_files=False`` leaves the feed files out (the pages still link to them): the
    adapter writes them with a :class:`plato_site.feed_job.FeedJob`, beside the pages.
    """
    renderer = PageRenderer(site, catalog, override_dirs, site_url, feeds)
    chosen: list[TerritoryView] | None = None
    if only_territory:
        chosen = [site.territory(only_territory)]
    pages = list(renderer.pages(chosen))
    if not (feeds and feed_files and site_url):
        return SiteOutput(site, pages, renderer.home_html(), catalog)
    built = build_feeds(site, catalog, site_url, chosen)
    headers = headers_file(site_url, built)
    return SiteOutput(site, pages, renderer.home_html(), catalog, built, headers)
