"""The whole pipeline without a host: content folder -> site plan, or pages and feeds in
memory.

The MkDocs adapter calls :func:`load_site` and :func:`plato_site.plan.plan_site`; tests and
tools call :func:`render_site`. Nothing here knows about MkDocs, so the core survives a
change of host (Material's end of life, MkDocs 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from plato_site.derive import Site, derive_site
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.plan import plan_site
from plato_site.plausible import check_dates
from plato_site.posts import load_posts, post_errors
from plato_site.render.feeds import FeedFile, build_feeds, headers_file
from plato_site.render.pages import RenderedPage
from plato_site.validate import Content, ParsedFiles, load_content


@dataclass(frozen=True)
class SiteOutput:
    site: Site
    pages: list[RenderedPage]
    home_html: str
    catalog: Catalog
    feeds: list[FeedFile] = field(default_factory=list)  # .ics files (need site_url)
    headers: str | None = None  # _headers file for the feeds (Netlify, Cloudflare Pages)


def load_site(
    content_dir: Path,
    today: date,
    project_root: Path | None = None,
    cache: ParsedFiles | None = None,
) -> Site:
    """Load, validate and derive: raises ContentErrors before anything is rendered."""
    root = project_root or content_dir.parent
    try:
        content: Content = load_content(content_dir, project_root, cache)
        check_dates(content, today)  # what only makes no sense next to today's date
    except ContentErrors as problems:
        # Every mistake in one pass: the posts' too, though which territories exist (and
        # their former slugs) is not known while a territory file is wrong.
        raise ContentErrors(
            [*problems.errors, *post_errors(content_dir, root, None, today)], problems.warnings
        ) from None
    slugs = {old: t.slug for t in content.territories for old in t.territory.former_slugs}
    slugs.update((t.slug, t.slug) for t in content.territories)
    try:
        posts = load_posts(content_dir, root, slugs, today)
    except ContentErrors as problems:
        raise ContentErrors(problems.errors, content.warnings) from None
    content = replace(content, posts=tuple(posts))
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
    """The plan (:func:`plato_site.plan.plan_site`) rendered at once: every page, and the
    calendar feeds when ``feeds`` and the public ``site_url`` are given (tests, tools).

    ``feed_files=False`` leaves the feed files out (the pages still link to them).
    """
    plan = plan_site(site, catalog, override_dirs, only_territory, site_url, feeds)
    pages = [RenderedPage.of(page) for page in plan.pages]
    if plan.feeds is None or not feed_files:
        return SiteOutput(site, pages, plan.home(), catalog)
    built = build_feeds(site, catalog, plan.feeds.site_url, plan.feeds.territories)
    headers = headers_file(plan.feeds.site_url, built)
    return SiteOutput(site, pages, plan.home(), catalog, built, headers)
