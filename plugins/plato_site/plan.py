"""The site plan: everything a host needs to publish the site, and nothing about the host.

:func:`plan_site` turns the derived site into a :class:`SitePlan`: one entry per generated
page (address, kind, title, description, menu placement, schema.org data, and its HTML,
rendered when the host asks for it), the menu, the footer line, the sharing tags of any
page and the calendar feeds to write. The MkDocs adapter maps the plan onto MkDocs' events;
a move to another host (ProperDocs, a MkDocs 2 or a plain Jinja build) rewrites the adapter
only: the plan is the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from plato_site.derive import Site, TerritoryView
from plato_site.i18n import Catalog, staff_lang
from plato_site.posts import POSTS_DIR, SourcedPost
from plato_site.render import urls
from plato_site.render.atom import MEDIA_TYPE as ATOM_TYPE
from plato_site.render.atom import AtomFile, build_atom_feeds
from plato_site.render.legal import footer_context
from plato_site.render.news import post_head
from plato_site.render.pages import PageRenderer, PlannedPage
from plato_site.render.structured import head_html, share_title, social_tags
from plato_site.render.views import Chrome, Footer, LocalMenu, MenuLink, NavEntry

TERRITORIES_ANCHOR = "plato-territories"  # id of the territory list on the home page
GUIDE_DIR = "guide/"  # the staff guide (content/guide/): served, not in the visitors' menu
HOME_SOURCE = urls.source_file(urls.home())
NEWS_INDEX = urls.source_file(urls.news())  # the list of posts, made by the blog plugin


@dataclass(frozen=True)
class FeedSet:
    """The calendar feeds to publish: every territory's (``territories`` None) or, in a
    one-territory preview, that territory's; they need the public address of the site."""

    site_url: str
    territories: tuple[TerritoryView, ...] | None = None


@dataclass(frozen=True)
class SitePlan:
    site: Site
    catalog: Catalog
    pages: tuple[PlannedPage, ...]  # the generated pages, network pages first
    home: Callable[[], str]  # the generated part of the home page, after content/index.md
    footer: Footer  # the legal line of every page
    feeds: FeedSet | None  # None: no feeds (turned off, or no site_url)
    not_found: Callable[[], str] = str  # the body of the "page not found" page
    # Renders the parts the site adds to the blog plugin's news posts (render/news.py).
    renderer: PageRenderer | None = field(default=None, compare=False, repr=False)

    def page(self, source: str) -> PlannedPage | None:
        """The generated page published from ``source`` (a Markdown source path), if any."""
        return self._by_source.get(source)

    @property
    def _by_source(self) -> dict[str, PlannedPage]:
        found: dict[str, PlannedPage] | None = self.__dict__.get("_sources")
        if found is None:
            found = {page.source: page for page in self.pages}
            object.__setattr__(self, "_sources", found)  # computed once, on a frozen object
        return found

    # --- news posts (published by Material's blog plugin) ----------------------------------

    def post(self, source: str) -> SourcedPost | None:
        """The news post whose Markdown source is ``source`` (``actualites/posts/x.md``)."""
        found: dict[str, SourcedPost] | None = self.__dict__.get("_posts")
        if found is None:
            found = {item.source: item for item in self.site.posts}
            object.__setattr__(self, "_posts", found)  # computed once, on a frozen object
        return found.get(source)

    def post_markdown(self, source: str, markdown: str) -> str | None:
        """A post's Markdown with its summary first, then the blog plugin's excerpt mark
        ``<!-- more -->`` (its list shows what comes before) and its image; None for any
        other page."""
        item = self.post(source)
        if item is None or self.renderer is None:
            return None
        lead = self.renderer.post_part("post_lead", item).strip()
        return f"{lead}\n\n{markdown}"

    def post_html(self, source: str) -> str:
        """What follows a post: its press source, its publisher (empty for other pages)."""
        item = self.post(source)
        if item is None or self.renderer is None:
            return ""
        return self.renderer.post_part("post_source", item)

    # --- the menu ---------------------------------------------------------------------------

    def navigation(self, hand_written: Iterable[str]) -> tuple[NavEntry, ...]:
        """Home, hand-written pages, the network's pages, then its territories grouped by
        region. A single territory's site has no network level: its
        pages come right after the hand-written ones."""
        t = self.catalog
        generated = set(self._by_source)
        others = sorted(
            s
            for s in hand_written
            if s not in generated and s != HOME_SOURCE and not s.startswith(POSTS_DIR + "/")
        )
        guide = {source for source in others if self.is_staff_page(source)}
        nav = [NavEntry(None, HOME_SOURCE)]
        nav += [NavEntry(None, source) for source in others if source not in guide]
        shown = {page.territory for page in self.pages if page.territory}
        if not self.site.is_network:
            for tv in self.site.territories:
                if tv.slug in shown:
                    nav += self._territory_entries(tv.slug)
        else:
            nav.append(NavEntry(t("nav.groups"), urls.source_file(urls.network_groups())))
            nav.append(NavEntry(t("nav.calendar"), urls.source_file(urls.network_calendar())))
            regions = self.site.regions
            sections: list[NavEntry] = []
            for region, territories in regions:
                entries = [
                    NavEntry(tv.name, children=self._territory_entries(tv.slug))
                    for tv in territories
                    if tv.slug in shown
                ]
                if not entries:
                    continue
                if len(regions) == 1:
                    sections += entries
                else:
                    sections.append(NavEntry(region, children=tuple(entries)))
            nav.append(NavEntry(t("nav.territories"), children=tuple(sections)))
        # The staff guide is not for visitors: out of the menu (staff open it from the
        # editor or by its address; its index links every topic), see is_staff_page.
        return tuple(nav)

    def chrome(
        self, hand_written: Iterable[str], page_of: Callable[[str], tuple[str, str]]
    ) -> Chrome:
        """The frame of visitor pages: a short top menu made of the menu's first level
        (Home, Groups, Calendar, Territories on a network; a single territory's pages
        otherwise) instead of the whole tree. ``page_of(source)`` gives the host's title
        and site-relative address of a page."""
        t = self.catalog
        links: list[MenuLink] = []
        for entry in self.navigation(hand_written):
            if entry.source == HOME_SOURCE:
                links.append(MenuLink(t("chrome.menu.home"), urls.home()))
            elif entry.source is not None:
                title, path = page_of(entry.source)
                prefix = path if entry.children else None
                # Staff write their pages in French, whatever the site's language.
                lang = staff_lang(t) if self.page(entry.source) is None else ""
                links.append(MenuLink(entry.title or title, path, prefix=prefix, lang=lang))
            else:  # the territories, by region: the home page lists them all
                prefix = urls.territory("x").removesuffix("x/")
                links.append(MenuLink(entry.title or "", urls.home(), TERRITORIES_ANCHOR, prefix))
        return Chrome(
            t("chrome.menu.label"),
            tuple(links),
            t("chrome.not_found.title"),
            Markup(self.not_found()),
        )

    def local_menu(self, source: str) -> LocalMenu | None:
        """On a network, the menu of the territory whose page ``source`` is (its overview,
        Join, Groups, Calendar…); None elsewhere (a single territory's pages are the top
        menu already)."""
        page = self.page(source)
        if page is None or page.territory is None or not self.site.is_network:
            return None
        links = []
        for entry in self._territory_entries(page.territory):
            target = self.page(entry.source or "")
            if target is not None:
                prefix = target.url if entry.children else None
                links.append(MenuLink(entry.title or target.title, target.url, prefix=prefix))
        name = self.site.territory(page.territory).name
        return LocalMenu(self.catalog("pages.territory.sections", name=name), tuple(links))

    def hidden_sidebars(self, source: str) -> tuple[str, ...]:
        """What a visitor page hides of Material's frame (its ``hide`` metadata): the menu
        tree (the short top menu of main.html replaces it) and, on pages with one heading
        level (ours, the home page, the list of news), the empty table of contents."""
        if source in (HOME_SOURCE, NEWS_INDEX) or self.page(source) is not None:
            return ("navigation", "toc")
        return ("navigation",)

    def hand_written_html(self, source: str, html: str) -> str:
        """A Markdown page staff wrote, as published: marked French in a site of another
        language (WCAG 3.1.2), followed on the home page by the network overview and on a
        news post by its credits."""
        lang = staff_lang(self.catalog)
        if html and lang:
            html = f'<div lang="{lang}">\n{html}\n</div>'
        if source == HOME_SOURCE:
            return html + self.home()
        return html + self.post_html(source)

    @staticmethod
    def is_staff_page(source: str) -> bool:
        """A page of the staff guide: served, but out of the menu, the search index and
        the sitemap, and marked noindex for search engines."""
        return source.startswith(GUIDE_DIR)

    def copyright(self, source: str) -> str | None:
        """A territory's pages are published by its CCI: "© CCI du Roannais" in their
        footer; None elsewhere (the network's publisher)."""
        page = self.page(source)
        post = self.post(source)
        territory = page.territory if page is not None else post.post.territory if post else None
        if territory is None:
            return None
        chamber = self.site.territory(territory).territory.chamber.name
        return self.catalog("legal.footer.copyright", publisher=chamber)

    def _territory_entries(self, slug: str) -> tuple[NavEntry, ...]:
        pages = [p for p in self.pages if p.territory == slug]
        group_pages = tuple(NavEntry(p.title, p.source) for p in pages if p.kind == "group")
        entries: list[NavEntry] = []
        for page in pages:
            if page.kind == "group" or not page.in_nav:  # events: linked from the calendar
                continue
            if page.kind == "groups":
                entries.append(NavEntry(page.title, page.source, group_pages))
            elif page.kind == "territory":
                entries.append(NavEntry(None, page.source))
            else:
                entries.append(NavEntry(page.title, page.source))
        return tuple(entries)

    # --- Atom feeds ("Suivre") ---------------------------------------------------------------

    def atom_files(self) -> list[AtomFile]:
        """The Atom feeds to publish, with the calendar feeds (same address and preview rules)."""
        if self.feeds is None:
            return []
        return build_atom_feeds(
            self.site, self.catalog, self.feeds.site_url, self.feeds.territories
        )

    def _atom_link(self, territory: str | None) -> Markup:
        """``<link rel="alternate">`` to the page's Atom feed: its territory's, else the
        network's (a single territory's site has only its own)."""
        if self.feeds is None:
            return Markup()
        if territory is None and not self.site.is_network:
            territory = self.site.territories[0].slug if self.site.territories else None
        if territory is not None:
            path = urls.territory_atom(territory)
            name = self.site.territory(territory).name
            title = self.catalog("atom.link_title_territory", territory=name)
        elif self.feeds.territories is None:
            path = urls.network_atom()
            title = self.catalog("atom.link_title_network", network=self.site.network.name)
        else:
            return Markup()  # a preview has no network feed
        href = urljoin(urls.site_folder(self.feeds.site_url), path)
        # "alternate feed", not "alternate" alone: Material's language switcher fetches the
        # sitemap.xml beside every link[rel=alternate]; feed readers match the token.
        link = Markup('<link rel="alternate feed" type="{}" href="{}" title="{}">')
        return link.format(ATOM_TYPE, href, title)

    # --- <head> -----------------------------------------------------------------------------

    def head(
        self,
        *,
        source: str,
        host_title: str | None,
        host_description: str | None,
        url: str | None,
        site_name: str,
        site_url: str | None,
    ) -> Markup:
        """The ``<head>`` additions of any page (sharing tags; JSON-LD on ours): a generated
        page, or one staff wrote in Markdown, whose title and description the host knows
        (they may hold HTML)."""
        page = self.page(source)
        post = self.post(source)
        if post is not None:
            head = post_head(
                self.site, self.catalog, post, url=url, site_name=site_name, site_url=site_url
            )
            atom = self._atom_link(post.post.territory)
            return Markup("\n").join([atom, head]) if atom else head
        if page is not None:
            territory = self.site.territory(page.territory) if page.territory else None
            title = page.share or share_title(page.title, territory, self.catalog)
            description = page.description
            json_ld = page.json_ld
        else:
            title = Markup(host_title or "").striptags() or site_name
            description = Markup(host_description or "").striptags()
            json_ld = ()
        tags = social_tags(
            title=title,
            description=description,
            url=url,
            site_name=site_name,
            site_url=site_url,
            catalog=self.catalog,
        )
        atom = self._atom_link(page.territory if page is not None else None)
        head = head_html(tags, json_ld)
        return Markup("\n").join([atom, head]) if atom else head


def plan_site(
    site: Site,
    catalog: Catalog,
    override_dirs: Iterable[Path] = (),
    only_territory: str | None = None,
    site_url: str | None = None,
    feeds: bool = True,
    template_cache: jinja2.BytecodeCache | None = None,
) -> SitePlan:
    """The plan of the site; ``only_territory`` keeps that territory's pages and feeds only
    (the preview). Nothing is rendered yet: each page renders when asked."""
    renderer = PageRenderer(site, catalog, override_dirs, site_url, feeds, template_cache)
    chosen: tuple[TerritoryView, ...] | None = None
    if only_territory:
        chosen = (site.territory(only_territory),)
    pages = tuple(renderer.planned_pages(chosen))
    feed_set = FeedSet(site_url, chosen) if feeds and site_url else None
    footer = footer_context(site, catalog)
    # Served at any address: absolute links, from the site's own path.
    root = urls.site_path(site_url)
    territory = None if site.is_network else site.territories[0]

    def not_found() -> str:
        return renderer.render("not_found", urls.home(), root=root, tv=territory)

    return SitePlan(site, catalog, pages, renderer.home_html, footer, feed_set, not_found, renderer)
