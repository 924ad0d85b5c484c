"""The MkDocs plugin ``plato``: the only module that imports mkdocs.

It runs the host-free pipeline (:mod:`plato_site.pipeline`) and hands the results to
MkDocs: generated pages become virtual files, their HTML replaces the (empty) Markdown
render, and the YAML sources are kept out of the published site.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from plato_site import serve_errors
from plato_site.derive import Site, build_date, build_time
from plato_site.errors import ContentError, ContentErrors
from plato_site.feed_job import FeedJob
from plato_site.i18n import Catalog
from plato_site.pipeline import SiteOutput, load_site, render_site
from plato_site.render import structured, urls
from plato_site.render.legal import footer_context
from plato_site.render.markdown import FrenchSpacing
from plato_site.render.pages import THEME_TEMPLATE_CACHE, RenderedPage
from plato_site.render.publication import PreviousPublication, read_previous_publication
from plato_site.validate import YAML_SUFFIXES, keep_parsed_files

log = logging.getLogger("mkdocs.plugins.plato")

PREVIEW_ENV = "PLATO_PREVIEW"  # set by `make preview`; mkdocs has no flag for plugin options

TITLE_ID = "plato-title"  # id of a generated page's h1: the target of the skip link

GUIDE_DIR = "guide/"  # the staff guide (content/guide/): one "Espace équipe" section, last


class PlatoConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the ``plato`` plugin in mkdocs.yml (flat, like Material's plugins)."""

    enabled = c.Type(bool, default=True)
    # Folder of page templates that override the packaged ones; default: <custom_dir>/plato.
    overrides_dir = c.Optional(c.Type(str))
    # Build only this territory's pages (plus the network pages): fast preview for staff.
    # Default: the PLATO_PREVIEW environment variable (`make preview TERRITORY=<slug>`).
    preview = c.Type(str, default="")
    # Calendar feeds (.ics) and the subscribe blocks; they need site_url (absolute links).
    feeds = c.Type(bool, default=True)
    # Write the feeds in a second process while the pages are built (Linux, two CPUs;
    # never under `mkdocs serve`). Off: in this process, after the pages.
    feeds_in_parallel = c.Type(bool, default=True)
    # The previous publication (a folder or a URL), against which each event's version is
    # decided; default: PLATO_PREVIOUS, else site_dir, else site_url in CI (render/ledger.py).
    previous = c.Type(str, default="")


class PlatoPlugin(BasePlugin[PlatoConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.feed_job: FeedJob | None = None  # the feeds of the current build, being written
        self.pages_by_source: dict[str, RenderedPage] = {}
        self.serving = False  # `mkdocs serve`: content errors become an error page
        self.error_page: serve_errors.ErrorPage | None = None
        self.footer: dict[str, str] | None = None  # footer_context() of the last good build

    # Defining on_startup also keeps this instance across serve rebuilds (MkDocs >= 1.4),
    # so the page addresses of the last good build are known when an error appears.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        keep_parsed_files(self.serving)  # a rebuild parses only the files that changed

    def on_shutdown(self) -> None:
        self.serving = False  # the instance outlives the command in the same process
        keep_parsed_files(False)
        self._close_feed_job()

    # Runs before Material's plugins see the config, so errors stop the build before
    # anything else (site/ is cleaned only after on_pre_build).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        try:
            self.output = self._build(config)
        except ContentErrors as problems:  # only when serving, see _build
            catalog = Catalog(str(config.theme.get("language") or "fr"))
            self.output, self.error_page = None, serve_errors.error_page(problems, catalog)
            if self.footer is not None:  # the last good build's footer: same page frame
                config.extra["plato_footer"] = self.footer
            return config
        self.error_page = None
        # Hand-written pages get the French no-break spaces our own pages get.
        if not any(isinstance(ext, FrenchSpacing) for ext in config.markdown_extensions):
            config.markdown_extensions.append(FrenchSpacing())
        # Each page's HTML is held once, here, and let go when MkDocs takes it (on_page_content):
        # a national network's pages were otherwise in memory twice until the end of the build.
        self.pages_by_source = {page.source: page for page in self.output.pages}
        self.output.pages[:] = [replace(page, html="") for page in self.output.pages]
        # Read by the theme override partials/footer.html on every page.
        self.footer = footer_context(self.output.site, self.output.catalog)
        config.extra["plato_footer"] = self.footer
        return config

    def _build(self, config: MkDocsConfig) -> SiteOutput:
        content_dir = Path(config.docs_dir)
        project_root = Path(config.config_file_path).parent if config.config_file_path else None
        catalog = Catalog(str(config.theme.get("language") or "fr"))
        # `mkdocs serve` sets site_url to its local address: feeds then work locally too.
        if self.config.feeds and not config.site_url:
            raise PluginError(catalog("feeds.missing_site_url"))
        try:
            site = load_site(content_dir, build_date(), project_root)
        except ContentErrors as problems:
            if self.serving:
                raise  # on_config shows the errors in the browser until they are fixed
            lines = problems.format(catalog)
            summary = catalog("cli.summary", count=len(lines))
            raise PluginError("\n".join([summary, *lines])) from None
        # The feeds subscribers have, read before MkDocs empties site_dir; their warnings (a
        # feed that would vanish, meetings already held that would change) join the others.
        previous = self._previous_publication(config, site, catalog)
        warnings = [*site.warnings, *(previous.warnings if previous else [])]
        self._report_warnings(warnings, catalog, strict=bool(config.strict))
        preview = self.config.preview or os.environ.get(PREVIEW_ENV, "").strip() or None
        if preview and preview not in {t.slug for t in site.territories}:
            raise PluginError(catalog("cli.unknown_territory", slug=preview))
        if preview:
            # Every file was validated above; the network pages and feeds now list only the
            # previewed territory, so no link of the preview leads to a page not built.
            site = site.restricted_to(preview)
        overrides = self._override_dirs(config)
        self._close_feed_job()  # a previous build's, if it failed before on_post_build
        if self.config.feeds and config.site_url:  # no site_url: stopped above
            # Started before the pages are rendered, so that a second process writes the
            # feeds meanwhile; collected in on_files.
            chosen = [site.territory(preview)] if preview else None
            parallel = self.config.feeds_in_parallel and not self.serving
            self.feed_job = FeedJob(
                site,
                catalog,
                config.site_url,
                chosen,
                parallel=parallel,
                ledger=previous.ledger if previous else None,
                built=build_time(),
            )
        try:
            return render_site(
                site, catalog, overrides, preview, config.site_url, self.config.feeds, False
            )
        except BaseException:
            self._close_feed_job()
            raise

    def _previous_publication(
        self, config: MkDocsConfig, site: Site, catalog: Catalog
    ) -> PreviousPublication | None:
        """None without feeds, and under `mkdocs serve` (a preview has no subscribers)."""
        if not (self.config.feeds and config.site_url) or self.serving:
            return None
        previous = read_previous_publication(
            site, catalog, config.site_url, Path(config.site_dir), self.config.previous
        )
        if previous.note:
            log.info(previous.note)
        if previous.problem:
            log.warning(previous.problem)
        return previous

    def _report_warnings(
        self, warnings: Sequence[ContentError], catalog: Catalog, strict: bool
    ) -> None:
        """Warnings are logged; ``--strict`` refuses them before anything is written (MkDocs
        itself would only abort after writing the site). Under `mkdocs serve` they are only
        shown: a strict abort there would freeze the preview on the previous page."""
        lines = [warning.format(catalog) for warning in warnings]
        if strict and lines and not self.serving:
            summary = catalog("cli.strict_summary", count=len(lines))
            raise PluginError("\n".join([summary, *lines]))
        for line in lines:
            (log.info if self.serving else log.warning)(line)

    def _override_dirs(self, config: MkDocsConfig) -> list[Path]:
        if self.config.overrides_dir:
            root = Path(config.config_file_path or ".").parent
            return [root / self.config.overrides_dir]
        custom_dir = config.theme.custom_dir
        return [Path(custom_dir) / "plato"] if custom_dir else []

    # Our files are added last so that a hand-written page never loses to a generated one.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.error_page is not None:
            return self._error_files(files, config, self.error_page)
        if self.output is None:
            return files
        for file in list(files):
            if file.src_uri.endswith(YAML_SUFFIXES):
                files.remove(file)  # staff data, never published as files
        for page in self.output.pages:
            if files.get_file_from_path(page.source) is not None:
                continue
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(
                    config, page.source, content=_front_matter(page), inclusion=inclusion
                )
            )
        if files.get_file_from_path("index.md") is None:
            title = _html(self.output.site.network.name)
            files.append(File.generated(config, "index.md", content=f"# {title}\n"))
        self._add_feeds(files, config)
        if config.nav is None:
            config.nav = self._navigation(files)
        return files

    def _error_files(
        self, files: Files, config: MkDocsConfig, page: serve_errors.ErrorPage
    ) -> Files:
        """Every page address of the last good build (and each hand-written page) shows the
        error list: the browser stays where it is, and livereload brings the page back."""
        sources = {f.src_uri for f in files.documentation_pages()} | set(self.pages_by_source)
        for file in list(files):
            if file.is_documentation_page() or file.src_uri.endswith(YAML_SUFFIXES):
                files.remove(file)
        for source in sorted(sources | {"index.md"}):
            content = serve_errors.front_matter(page)
            files.append(File.generated(config, source, content=content))
        config.nav = ["index.md"]
        config.validation.nav.omitted_files = logging.DEBUG  # the other addresses, on purpose
        return files

    def _add_feeds(self, files: Files, config: MkDocsConfig) -> None:
        """The .ics files, and _headers: the staff's own content/_headers first, then ours.

        MkDocs copies the feeds from the job's folder (they are never all in memory).
        """
        if self.feed_job is None:
            return
        feeds = self.feed_job.result()
        for path in feeds.paths:
            self._replace_file(
                files, File.generated(config, path, abs_src_path=str(feeds.folder / path))
            )
        theirs = files.get_file_from_path("_headers")
        own = theirs.content_string.rstrip("\n") + "\n\n" if theirs else ""
        headers = (own + feeds.headers).encode("utf-8")
        self._replace_file(files, File.generated(config, "_headers", content=headers))

    @staticmethod
    def _replace_file(files: Files, file: File) -> None:
        stale = files.get_file_from_path(file.src_uri)
        if stale is not None:
            files.remove(stale)  # a copy left in content/ must not hide the real feed
        files.append(file)

    # MkDocs has copied the feeds (static files are copied before the pages are written).
    def on_post_build(self, config: MkDocsConfig) -> None:
        self._close_feed_job()

    def on_build_error(self, error: Exception) -> None:
        self._close_feed_job()

    def _close_feed_job(self) -> None:
        if self.feed_job is not None:
            self.feed_job.close()
            self.feed_job = None

    def _navigation(self, files: Files) -> list[Any]:
        """Home, hand-written pages, network pages, then territories grouped by region."""
        assert self.output is not None
        t = self.output.catalog
        generated = set(self.pages_by_source)
        hand_written = sorted(
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in generated and f.src_uri != "index.md"
        )
        guide = sorted(
            (uri for uri in hand_written if uri.startswith(GUIDE_DIR)),
            key=lambda uri: (not uri.endswith("/index.md"), uri),  # its index page first
        )
        nav: list[Any] = ["index.md", *(uri for uri in hand_written if uri not in guide)]
        nav.append({t("nav.groups"): urls.source_file(urls.network_groups())})
        nav.append({t("nav.calendar"): urls.source_file(urls.network_calendar())})
        regions = self.output.site.regions
        shown = {page.territory for page in self.output.pages if page.territory}
        territory_sections: list[Any] = []
        for region, territories in regions:
            entries = [
                self._territory_nav(tv.slug, tv.name) for tv in territories if tv.slug in shown
            ]
            if not entries:
                continue
            if len(regions) == 1:
                territory_sections += entries
            else:
                territory_sections.append({_html(region): entries})
        nav.append({t("nav.territories"): territory_sections})
        if guide:
            nav.append({t("staff.nav_section"): guide})
        return nav

    def _territory_nav(self, slug: str, name: str) -> dict[str, Any]:
        pages = [p for p in self.output.pages if p.territory == slug] if self.output else []
        entries: list[Any] = []
        group_pages = [p for p in pages if p.kind == "group"]
        for page in pages:
            if page.kind == "group":
                continue
            if page.kind == "groups":
                children = [{_html(g.title): g.source} for g in group_pages]
                entries.append({_html(page.title): [page.source, *children]})
            elif page.kind == "territory":
                entries.append(page.source)
            else:
                entries.append({_html(page.title): page.source})
        return {_html(name): entries}

    # Replace the (front-matter only) Markdown render of generated pages by our HTML; on
    # the home page, append the network overview to the hand-written introduction.
    @event_priority(50)
    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.error_page is not None:
            return self.error_page.html
        if self.output is None:
            return html
        generated = self.pages_by_source.get(page.file.src_uri)
        if generated is not None:
            self.pages_by_source[page.file.src_uri] = replace(generated, html="")
            return _with_title(page, generated.html)
        if page.file.src_uri == "index.md":
            return html + self.output.home_html
        return html

    # Sharing tags on every page and JSON-LD on ours, for site_config/overrides/main.html.
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.output is not None:
            page.meta["plato_head"] = structured.page_head(
                rendered=self.pages_by_source.get(page.file.src_uri),
                host_title=page.title,
                host_description=page.meta.get("description") or config.site_description,
                url=page.canonical_url,
                site=self.output.site,
                site_name=config.site_name,
                site_url=config.site_url,
                catalog=self.output.catalog,
            )
        return context

    # `mkdocs serve` compiles the theme's templates again at every rebuild; keep them
    # compiled in this process (Jinja checks each source's checksum, edits still show).
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        if env.bytecode_cache is None:
            env.bytecode_cache = THEME_TEMPLATE_CACHE

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        # docs_dir (content/, with the YAML) is watched by MkDocs; templates are ours.
        for folder in self._override_dirs(config):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _with_title(page: Page, html: str) -> str:
    """Our own h1 with an id, listed in the page's table of contents: Material then renders
    its "skip to content" link, which it only does for pages with a table of contents."""
    title = page.title or ""  # already HTML: see _html
    page.toc = get_toc([{"level": 1, "id": TITLE_ID, "name": title, "children": []}])
    return f'<h1 id="{TITLE_ID}">{title}</h1>\n{html}'


def _html(text: str) -> str:
    """Staff text as MkDocs expects titles: HTML. Material prints page titles, nav titles and
    the meta description without escaping, so a group named "<script>…" would run."""
    return str(escape(text))


def _front_matter(page: RenderedPage) -> str:
    """Title and description reach Material (title, meta description) through front matter."""
    meta = {"title": _html(page.title), "description": _html(page.description)}
    # ASCII with escapes, not allow_unicode: YAML reads a raw U+0085 or U+2028 as a line
    # break, which would change the title; this text is for MkDocs only, never for people.
    # libyaml's emitter: the same YAML as PyYAML's, a fifth of the time on a national network.
    return "---\n" + yaml.dump(meta, Dumper=yaml.CSafeDumper, sort_keys=True) + "---\n"
