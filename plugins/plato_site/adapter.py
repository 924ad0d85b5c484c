"""The MkDocs plugin ``plato``: the only module that imports mkdocs (or ProperDocs).

It asks the host-free core for the site plan (:mod:`plato_site.plan`) and maps it onto
MkDocs' events: generated pages become virtual files (``on_files``), the plan's menu the
navigation, each page's HTML replaces its (empty) Markdown render (``on_page_content``), the
plan's head data and footer reach the packaged theme (``on_page_context``, ``extra``), and
the YAML sources are kept out of the published site. No site logic lives here.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import View
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

from plato_site import assets, cms, serve_errors
from plato_site.content_files import publishable
from plato_site.derive import Site, build_date, build_time
from plato_site.errors import ContentError, ContentErrors
from plato_site.feed_job import FeedJob
from plato_site.host_options import language_error, option_errors
from plato_site.i18n import DEFAULT_LANGUAGE, Catalog
from plato_site.pipeline import load_site
from plato_site.plan import HOME_SOURCE, SitePlan, plan_site
from plato_site.posts import EXCERPT_SEPARATOR, NEWS_DIR, POST_URL_FORMAT, post_files
from plato_site.render.markdown import FrenchSpacing
from plato_site.render.pages import PlannedPage, TemplateCache
from plato_site.render.publication import PreviousPublication, read_previous_publication
from plato_site.render.search_index import write_search_index_utf8
from plato_site.render.server_config import HTACCESS, htaccess
from plato_site.render.views import Footer, NavEntry
from plato_site.validate import ParsedFiles

log = logging.getLogger("mkdocs.plugins.plato")

PREVIEW_ENV = "PLATO_PREVIEW"  # set by `make preview`; mkdocs has no flag for plugin options

TITLE_ID = "plato-title"  # id of a generated page's h1: the target of the skip link

NAV_FEATURES = ("navigation.indexes", "navigation.prune")  # Material's, the menu needs them
# Material's palettes for "the device's choice", light and dark; each switch is named by
# what pressing it does next (chrome.palette.*).
COLOR_SCHEMES = (
    ("(prefers-color-scheme)", None, "material/brightness-auto", "to_light"),
    ("(prefers-color-scheme: light)", "default", "material/brightness-7", "to_dark"),
    ("(prefers-color-scheme: dark)", "slate", "material/brightness-4", "to_system"),
)
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}  # its mkdocs_theme.yml


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
    # The web editor at /admin/ (Decap CMS, fetched by `make editor-deps` into the bundle
    # folder); backend: Decap's `backend` block (GitLab, GitHub…), none = `make edit` only.
    editor = c.Type(bool, default=True)
    editor_bundle = c.Type(str, default="build/decap-cms")
    editor_backend = c.Type(dict, default={})
    editor_workflow = c.Type(bool, default=False)
    # The previous publication (a folder or a URL), against which each event's version is
    # decided; default: PLATO_PREVIOUS, else site_dir, else site_url in CI (render/ledger.py).
    previous = c.Type(str, default="")


class PlatoPlugin(BasePlugin[PlatoConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.option_problems: list[ContentError] = []  # found by load_config, told by on_config
        self.plan: SitePlan | None = None
        self.feed_job: FeedJob | None = None  # the feeds of the current build, being written
        self.serving = False  # `mkdocs serve`: content errors become an error page
        self.error_page: serve_errors.ErrorPage | None = None
        self.footer: Footer | None = None  # the last good build's
        self.page_sources: set[str] = set()  # the last good build's generated pages
        # Compiled templates, ours and the theme's (compiled with other settings), kept from
        # one `mkdocs serve` rebuild to the next.
        self.template_cache = TemplateCache()
        self.theme_template_cache = TemplateCache()
        self.parsed_files: ParsedFiles | None = None  # serving: a rebuild parses edits only
        self.hand_written: list[str] = []  # this build's documentation pages, for the menu

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """MkDocs would word our option mistakes in English (or, under --strict, only as
        "Aborted with 1 configuration warnings"): on_config reports them in French."""
        errors, warnings = super().load_config(options, config_file_path)
        kinds = {
            name: "boolean"
            if getattr(getattr(option, "option", option), "_type", None) is bool
            else "text"
            for name, option in self.config_class._schema
        }
        wrong = {str(name): (kinds.get(str(name), "text"), options.get(name)) for name, _ in errors}
        unknown = [str(w[0]) for w in warnings if not isinstance(w, str) and w[0] not in kinds]
        self.option_problems = option_errors(config_file_path, unknown, wrong, list(kinds))
        return [], [w for w in warnings if isinstance(w, str) or w[0] in kinds]

    # Defining on_startup also keeps this instance across serve rebuilds (MkDocs >= 1.4),
    # so the page addresses of the last good build are known when an error appears.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.parsed_files = ParsedFiles() if self.serving else None

    def on_shutdown(self) -> None:
        self.serving = False  # the instance outlives the command in the same process
        self.parsed_files = None
        self._close_feed_job()

    # Runs before Material's plugins see the config, so errors stop the build before
    # anything else (site/ is cleaned only after on_pre_build).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        settings = [
            *self.option_problems,
            *filter(None, [language_error(config.config_file_path, config.theme.get("language"))]),
        ]
        if settings:
            lines = ContentErrors(settings).format(Catalog())
            raise PluginError("\n".join([Catalog()("cli.summary", count=len(lines)), *lines]))
        if not self.config.enabled:
            return config
        _register_theme(config)
        catalog = _catalog(config)
        _color_schemes(config, catalog)
        try:
            self.plan = self._plan(config)
        except ContentErrors as problems:  # only when serving, see _plan
            self.plan, self.error_page = None, serve_errors.error_page(problems, catalog)
            if self.footer is not None:  # the last good build's footer: same page frame
                config.extra["plato_footer"] = self.footer
            return config
        self.error_page = None
        has_posts = bool(post_files(Path(config.docs_dir)))  # a preview's too: all of them
        _set_up_blog(config, catalog, has_posts)
        # Hand-written pages get the French no-break spaces our own pages get.
        if not any(isinstance(ext, FrenchSpacing) for ext in config.markdown_extensions):
            config.markdown_extensions.append(FrenchSpacing())
        self.page_sources = {page.source for page in self.plan.pages}
        # Read by the packaged theme's partials/footer.html on every page.
        self.footer = config.extra["plato_footer"] = self.plan.footer
        return config

    def _plan(self, config: MkDocsConfig) -> SitePlan:
        content_dir = Path(config.docs_dir)
        project_root = Path(config.config_file_path).parent if config.config_file_path else None
        catalog = _catalog(config)
        # `mkdocs serve` sets site_url to its local address: feeds then work locally too.
        if self.config.feeds and not config.site_url:
            raise PluginError(catalog("feeds.missing_site_url"))
        try:
            site = load_site(content_dir, build_date(), project_root, self.parsed_files)
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
        plan = plan_site(
            site,
            catalog,
            self._override_dirs(config),
            preview,
            config.site_url,
            self.config.feeds,
            self.template_cache,
        )
        self._close_feed_job()  # a previous build's, if it failed before on_post_build
        if plan.feeds is not None:
            # Started before the pages are rendered, so that a second process writes the
            # feeds meanwhile; collected in on_files.
            parallel = self.config.feeds_in_parallel and not self.serving
            self.feed_job = FeedJob(
                site,
                catalog,
                plan.feeds.site_url,
                plan.feeds.territories,
                parallel=parallel,
                ledger=previous.ledger if previous else None,
                built=build_time(),
            )
        return plan

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
            files = self._error_files(files, config, self.error_page)
            self._add_site_files(files, config)  # under `make edit`, the mistake is fixed there
            return files
        if self.plan is None:
            return files
        _keep_inside_content(files, config)
        for page in self.plan.pages:
            if files.get_file_from_path(page.source) is not None:
                continue
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(
                    config, page.source, content=_front_matter(page), inclusion=inclusion
                )
            )
        if files.get_file_from_path(HOME_SOURCE) is None:
            title = _html(self.plan.site.network.name)
            files.append(File.generated(config, HOME_SOURCE, content=f"# {title}\n"))
        self._add_site_files(files, config)
        for file in files.documentation_pages():
            if self.plan.is_staff_page(file.src_uri):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for atom in self.plan.atom_files():  # small: written from memory, not by the feed job
            self._replace_file(files, File.generated(config, atom.path, content=atom.content))
        hand_written = [file.src_uri for file in files.documentation_pages()]
        self.hand_written = hand_written
        if config.nav is None:
            config.nav = [_nav_item(entry) for entry in self.plan.navigation(hand_written)]
        return files

    def _error_files(
        self, files: Files, config: MkDocsConfig, page: serve_errors.ErrorPage
    ) -> Files:
        """Every page address of the last good build (and each hand-written page) shows the
        error list: the browser stays where it is, and livereload brings the page back."""
        _keep_inside_content(files, config)
        sources = {f.src_uri for f in files.documentation_pages()} | self.page_sources
        for file in list(files):
            if file.is_documentation_page():
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

    def _add_site_files(self, files: Files, config: MkDocsConfig) -> None:
        """Apache's .htaccess and the web editor's /admin/ (static files: no page, no search,
        no sitemap). INCLUDED: MkDocs leaves dot files out of the site by default."""
        catalog = _catalog(config)
        extra: dict[str, str | Path] = {HTACCESS: htaccess(config.site_url, Path(config.docs_dir))}
        if self.config.editor:
            root = Path(config.config_file_path or ".").parent
            content_dir = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
            admin = cms.admin_files(
                catalog,
                config.site_url,
                root / self.config.editor_bundle,
                content_dir,
                self.config.editor_backend,
                self.config.editor_workflow,
            )
            if not admin:
                log.info(catalog("cms.no_bundle", folder=self.config.editor_bundle))
            extra.update(admin)
        for path, source in sorted(extra.items()):
            if isinstance(source, Path):
                file = File.generated(config, path, abs_src_path=str(source))
            else:
                file = File.generated(config, path, content=source)
            file.inclusion = InclusionLevel.INCLUDED
            self._replace_file(files, file)

    @staticmethod
    def _replace_file(files: Files, file: File) -> None:
        stale = files.get_file_from_path(file.src_uri)
        if stale is not None:
            files.remove(stale)  # a copy left in content/ must not hide the real feed
        files.append(file)

    # MkDocs has copied the feeds (static files are copied before the pages are written).
    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        self._close_feed_job()
        write_search_index_utf8(Path(config.site_dir))

    def on_build_error(self, error: Exception) -> None:
        self._close_feed_job()

    def _close_feed_job(self) -> None:
        if self.feed_job is not None:
            self.feed_job.close()
            self.feed_job = None

    # Replace the (front-matter only) Markdown render of generated pages by our HTML; on
    # the home page, append the network overview to the hand-written introduction.
    @event_priority(50)
    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.error_page is not None:
            return self.error_page.html
        if self.plan is None:
            return html
        generated = self.plan.page(page.file.src_uri)
        if generated is not None:
            return _with_title(page, generated.html())  # rendered now, let go after
        return self.plan.hand_written_html(page.file.src_uri, html)

    # Read before any template renders (the sitemap is rendered before the pages).
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.plan is None:
            return markdown
        source = page.file.src_uri
        post = self.plan.post_markdown(source, markdown)  # a news post: summary first
        if post is not None:
            # Staff text, printed by Material without escaping (see _html).
            for key in ("title", "description"):
                page.meta[key] = _html(str(page.meta.get(key, "")))
            return post
        if self.plan.is_staff_page(source):
            # Material's search leaves it out; main.html and sitemap.xml read plato_noindex.
            page.meta["search"] = {**page.meta.get("search", {}), "exclude": True}
            page.meta["plato_noindex"] = True
            return markdown
        hidden = list(page.meta.get("hide", []))
        hide = self.plan.hidden_sidebars(source)
        page.meta["hide"] = [*hidden, *(item for item in hide if item not in hidden)]
        return markdown

    # Sharing tags on every page and JSON-LD on ours, for site_config/overrides/main.html.
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.plan is not None:
            page.meta["plato_head"] = self.plan.head(
                source=page.file.src_uri,
                host_title=page.title,
                host_description=page.meta.get("description") or config.site_description,
                url=page.canonical_url,
                site_name=config.site_name,
                site_url=config.site_url,
            )
            page.meta["plato_copyright"] = self.plan.copyright(page.file.src_uri)
            page.meta["plato_local_menu"] = self.plan.local_menu(page.file.src_uri)
        return context

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        # `mkdocs serve` compiles the theme's templates again at every rebuild; keep them
        # compiled in this process (Jinja checks each source's checksum, edits still show).
        if env.bytecode_cache is None:
            env.bytecode_cache = self.theme_template_cache
        if self.plan is not None:
            # Every page has its title now; read by main.html and 404.html.
            def page_of(source: str) -> tuple[str, str]:
                file = files.get_file_from_path(source)
                page = file.page if file is not None else None
                return (page.title or "", file.url) if page and file else ("", "")

            config.extra["plato_chrome"] = self.plan.chrome(self.hand_written, page_of)
        # The pages are rendered now (on_page_content), the feed process had that long to
        # write the feeds; MkDocs copies the static files, feeds included, right after this.
        self._add_feeds(files, config)

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        # docs_dir (content/, with the YAML) is watched by MkDocs; templates are ours.
        for folder in self._override_dirs(config):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _catalog(config: MkDocsConfig) -> Catalog:
    """The messages in the site's language (Material's theme.language; French by default)."""
    return Catalog(str(config.theme.get("language") or DEFAULT_LANGUAGE))


def _register_theme(config: MkDocsConfig) -> None:
    """The packaged look: templates, stylesheets, scripts and images, with nothing to copy
    into the project. The project's custom_dir stays first (a CCI's overrides win); ours come
    before Material's own templates, which ours extend."""
    theme_dir = str(assets.THEME_DIR)
    dirs = config.theme.dirs
    if theme_dir not in dirs:  # `mkdocs serve` may give the same config again
        dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    config.extra_css[:0] = [path for path in assets.STYLESHEETS if path not in config.extra_css]
    linked = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [path for path in assets.SCRIPTS if path not in linked]
    # The plan's menu has sections whose first page is their overview (a territory's groups)
    # and, on a national network, a thousand pages: each page shows its own branch only.
    features = config.theme.get("features") or []
    config.theme["features"] = [*features, *(f for f in NAV_FEATURES if f not in features)]
    # Material's default font is Roboto from Google Fonts: a third party the site must not
    # call (CNIL). The system fonts instead, unless the project chose another font.
    if config.theme.get("font") == MATERIAL_DEFAULT_FONT:
        config.theme["font"] = False


def _color_schemes(config: MkDocsConfig, catalog: Catalog) -> None:
    """Light and dark schemes, the device's preference by default, and a switch in the
    header. A project that sets none, or a single palette (its colours are kept), gets
    them; a project's own list of palettes is left as it is."""
    palette = config.theme.get("palette")
    if isinstance(palette, list) and palette:
        return
    chosen = palette if isinstance(palette, dict) else {}
    colours = {key: chosen[key] for key in ("primary", "accent") if chosen.get(key)}
    config.theme["palette"] = [
        {
            "media": media,
            **({"scheme": scheme} if scheme else {}),
            **colours,
            "toggle": {"icon": icon, "name": catalog(f"chrome.palette.{next_step}")},
        }
        for media, scheme, icon, next_step in COLOR_SCHEMES
    ]


# Material's blog plugin as the news posts need it (plato_site.posts): their list at
# /actualites/, each post at /actualites/<file name>/.
BLOG_PLUGIN = "material/blog"
# What the plugin's links and the posts' folder rely on, in a blog plugin listed in mkdocs.yml.
BLOG_REQUIRED = {
    "blog_dir": NEWS_DIR,
    "post_dir": "{blog}/posts",
    "post_url_format": POST_URL_FORMAT,
    "post_excerpt_separator": EXCERPT_SEPARATOR,
}
# The one the plato plugin adds: the same, with no archive, category or author pages.
BLOG_OPTIONS: dict[str, Any] = {
    **BLOG_REQUIRED,
    "archive": False,
    "categories": False,
    "authors": False,
    "post_readtime": False,
}


class _NewsBlog(BlogPlugin):  # type: ignore[misc]  # Material has no type hints
    """The blog plugin the plato plugin adds: its list page, when staff did not write
    content/actualites/index.md, is made in the plugin's own folder with the catalog's
    title (the blog plugin would write "# Blog" into content/)."""

    index_title = ""

    def _resolve(self, files: Files, config: MkDocsConfig) -> View:
        path = posixpath.join(self.config.blog_dir, "index.md")
        if files.get_file_from_path(path) is None:
            file = self._path_to_file(path, config)  # in the plugin's temporary folder
            self._save_to_file(file.abs_src_path, f"# {_html(self.index_title)}\n")
            files.append(file)
        return View(None, files.get_file_from_path(path), config)


def _set_up_blog(config: MkDocsConfig, catalog: Catalog, has_posts: bool) -> None:
    """News posts need the blog plugin: a minimal mkdocs.yml (search and plato) gets it
    with BLOG_OPTIONS; one listed in mkdocs.yml must keep the addresses the plugin links.
    Without posts there is no news page: a listed blog plugin is turned off (it would
    write "# Blog" into content/ and publish an empty English "Blog" page)."""
    listed = [p for p in config.plugins.values() if isinstance(p, BlogPlugin)]
    if not has_posts:
        for blog in listed:
            blog.config.enabled = False
        return
    if not listed:
        blog = _NewsBlog()
        blog.index_title = catalog("news.title")
        blog.load_config(dict(BLOG_OPTIONS), config.config_file_path)
        # Registered while on_config runs: MkDocs calls its on_config right after ours.
        # (Not its on_startup, already past: drafts stay unpublished, even when serving.)
        config.plugins[BLOG_PLUGIN] = blog
        return
    wrong = [key for key, value in BLOG_REQUIRED.items() if listed[0].config[key] != value]
    if len(listed) > 1 or wrong:
        expected = ", ".join(f"{key}: {value}" for key, value in BLOG_REQUIRED.items())
        raise PluginError(catalog("news.blog_settings", expected=expected))


def _keep_inside_content(files: Files, config: MkDocsConfig) -> None:
    """Staff data (YAML in any letter case, territoires/) and anything whose real path is
    outside content/ are never published (load_content has already refused the latter)."""
    content_dir = Path(config.docs_dir)
    for file in list(files):
        if file.src_dir == config.docs_dir and not publishable(content_dir, file.src_uri):
            files.remove(file)


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


def _nav_item(entry: NavEntry) -> str | dict[str, Any]:
    """A plan's menu entry as mkdocs.yml's ``nav`` writes it: a section lists its index page
    (if any) first, then its children."""
    if not entry.children:
        assert entry.source is not None  # a page
        return entry.source if entry.title is None else {_html(entry.title): entry.source}
    children: list[Any] = [entry.source] if entry.source else []
    children += [_nav_item(child) for child in entry.children]
    return {_html(entry.title or ""): children}


def _front_matter(page: PlannedPage) -> str:
    """Title and description reach Material (title, meta description) through front matter."""
    meta = {"title": _html(page.title), "description": _html(page.description)}
    # ASCII with escapes, not allow_unicode: YAML reads a raw U+0085 or U+2028 as a line
    # break, which would change the title; this text is for MkDocs only, never for people.
    # libyaml's emitter: the same YAML as PyYAML's, a fifth of the time on a national network.
    return "---\n" + yaml.dump(meta, Dumper=yaml.CSafeDumper, sort_keys=True) + "---\n"
