"""The ``render`` step for pages: derived site -> HTML fragments, one per generated page.

Templates live in the package (``templates/plato/``); a file of the same name under the
project's ``site_config/overrides/plato/`` wins, so a CCI can restyle a page without
forking. The fragments are the page *content*: the host (MkDocs + Material) wraps them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup

from plato_site import formatting
from plato_site.derive import AgendaItem, EventView, GroupView, Meeting, Site, TerritoryView
from plato_site.i18n import Catalog, staff_lang
from plato_site.models import Chamber, PhoneEntry, Venue
from plato_site.posts import SourcedPost
from plato_site.render import event_pages, legal, month_grid, urls
from plato_site.render.feeds import page_helpers
from plato_site.render.finder import finder_data, finder_json
from plato_site.render.map import territory_map
from plato_site.render.markdown import render_inline, render_markdown
from plato_site.render.news import news_cards, post_context
from plato_site.render.phones import phone_html
from plato_site.render.structured import JsonLd, event, event_page_url, page_json_ld
from plato_site.render.views import Action, AgendaLine, EventCard, GroupCard, Registration


@dataclass(frozen=True)
class PlannedPage:
    """A generated page of the site plan: where it lives, what the host shows as its title
    and description, and its content, rendered when the host asks for it (:meth:`html`)."""

    url: str  # site-relative, ends with "/" ("" is the home page)
    title: str  # plain text: the host escapes it
    description: str  # plain text
    kind: str  # page type, for tests and the host's templates (e.g. "group")
    territory: str | None = None  # slug, for navigation and the one-territory preview
    in_nav: bool = True  # legal pages are linked from every page's footer instead
    # schema.org objects for search engines (render/structured.py); the host prints them.
    json_ld: tuple[JsonLd, ...] = field(default=(), hash=False)
    render: Callable[[], str] = field(default=str, compare=False, repr=False)
    share: str | None = None  # the title of shared links, when the page's own says too little

    @property
    def source(self) -> str:
        return urls.source_file(self.url)

    def html(self) -> str:
        """The page content (the host wraps it in its theme); rendered again at each call."""
        return self.render()


@dataclass(frozen=True)
class RenderedPage:
    """A generated page with its content already rendered (tests, tools)."""

    url: str  # site-relative, ends with "/" ("" is the home page)
    title: str
    description: str
    html: str
    kind: str  # page type, for tests and the host's templates (e.g. "group")
    territory: str | None = None  # slug, for navigation and the one-territory preview
    in_nav: bool = True  # legal pages are linked from every page's footer instead
    # schema.org objects for search engines (render/structured.py); the host prints them.
    json_ld: tuple[JsonLd, ...] = field(default=(), hash=False)

    @property
    def source(self) -> str:
        return urls.source_file(self.url)

    @classmethod
    def of(cls, page: PlannedPage) -> RenderedPage:
        return cls(
            page.url,
            page.title,
            page.description,
            page.html(),
            page.kind,
            page.territory,
            page.in_nav,
            page.json_ld,
        )


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, kept by their owner (the plugin) from one build to the next.
    `mkdocs serve` rebuilds with a new renderer after each edit; compiling the templates
    again was half of a preview rebuild. Jinja compares each template's source checksum,
    so template edits still show."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class PageRenderer:
    """Renders every page type with one Jinja environment (templates compiled once)."""

    def __init__(
        self,
        site: Site,
        catalog: Catalog,
        override_dirs: Iterable[Path] = (),
        site_url: str | None = None,
        feeds: bool = True,
        template_cache: jinja2.BytecodeCache | None = None,
    ) -> None:
        self.site = site
        self.t = catalog
        self.site_url = site_url  # public address, for absolute links (feeds need it)
        self.feeds = feeds and site_url is not None
        # Subscribe and "add to my calendar" links (feeds.page_helpers), for views and pages.
        self.feed_helpers = page_helpers(site, catalog, site_url if self.feeds else None)
        # "plato/partials/agenda.html" is <override dir>/partials/agenda.html, else the package's.
        overrides = jinja2.FileSystemLoader([str(path) for path in override_dirs if path.is_dir()])
        loaders: list[jinja2.BaseLoader] = [
            jinja2.PrefixLoader({"plato": overrides}),
            jinja2.PackageLoader("plato_site", "templates"),
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=False,
            keep_trailing_newline=False,
            bytecode_cache=template_cache,
            # Every text printed by a template (staff text, mostly) gets French no-break
            # spaces; HTML already made (Markdown, Markup) was handled where it was made.
            finalize=_french_spacing,
        )
        self.env.globals.update(self._helpers())
        self.env.filters["groupby_month"] = month_grid.by_month

    # --- helpers the templates call -------------------------------------------------------

    def _helpers(self) -> dict[str, Any]:
        t = self.t
        # Formatting is pure and a date appears on several pages (group, calendars): format
        # each value once per build. Babel was a third of the page rendering time.
        cached = functools.cache
        return {
            "t": t,
            "urls": urls,
            "site": self.site,
            "today": self.site.today,
            "url": _relative_url,
            "md": self._staff_markdown,
            # ` lang="fr"` on an element holding staff text, in a site of another language.
            "staff_lang": self._staff_lang,
            "md_inline": render_inline,
            "date": cached(lambda d: formatting.format_date(d, t)),
            "time_range": cached(lambda start, end: formatting.format_time_range(start, end, t)),
            "datetime": cached(lambda d, start, end: formatting.format_datetime(d, start, end, t)),
            "number": lambda n: formatting.format_number(n, t),
            "month_title": cached(
                lambda key: formatting.format_month(
                    int(key[:4]), int(key[5:7]), t, capitalized=True
                )
            ),
            "phone": self._phone,
            "venue": self._venue,
            "map_url": _map_url,
            "event_title": self.event_title,
            "meeting_label": self.meeting_label,
            "schedule_words": self.schedule_words,
            "group_cards": _group_cards,
            "apply_action": self.apply_action,
            "waitlist_action": self.waitlist_action,
            "call_phone": self.call_phone,
            "event_cards": self.event_cards,
            # The home page's territory finder and map (render/finder.py, render/map.py).
            "finder_json": _finder_json,
            "territory_map": lambda: territory_map(self.site.territories),
            "news_cards": lambda posts: news_cards(posts, t),
            **self.feed_helpers,
        }

    # --- recruiting: apply, wait-list, call ---------------------------------------------------

    @property
    def _staff_lang(self) -> Markup:
        lang = staff_lang(self.t)
        return Markup(' lang="{}"').format(lang) if lang else Markup()

    def _staff_markdown(self, text: str) -> Markup:
        """Staff's Markdown, marked as French in a site of another language (WCAG 3.1.2)."""
        html = render_markdown(text)
        if not self._staff_lang:
            return html
        return Markup("<div{}>{}</div>").format(self._staff_lang, html)

    def apply_action(self, tv: TerritoryView, group: GroupView) -> Action:
        """The "Candidater" of ``group``: the most specific form staff set, else an e-mail."""
        t = self.t
        form = group.group.apply_url or tv.territory.apply_url or self.site.network.apply_url
        subject = t("pages.apply.subject", group=group.group.name, territory=tv.name)
        return self._action(tv, form, subject, "apply")

    def waitlist_action(self, tv: TerritoryView) -> Action:
        """The "Prévenez-moi du prochain groupe" of ``tv``, when none of its groups takes
        members."""
        t = self.t
        form = tv.territory.apply_url or self.site.network.apply_url
        subject = t("pages.waitlist.subject", territory=tv.name)
        return self._action(tv, form, subject, "waitlist")

    def _action(self, tv: TerritoryView, form: str | None, subject: str, kind: str) -> Action:
        label = self.t(f"pages.{kind}.label")
        if form:
            return Action(form, "form", label)
        email = _territory_email(tv)
        if email is None:
            return Action(urls.contact(tv.slug), "page", label)
        # RFC 6068: percent-encoded UTF-8, spaces as %20 (mail clients ignore "+").
        body = self.t(f"pages.{kind}.body")
        query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
        return Action(f"mailto:{email}?{query}", "email", label)

    def call_phone(self, tv: TerritoryView | None = None) -> Markup | None:
        """The number a visitor taps to call: on a territory's page its own, else its first
        contact's, else its region's (never another region's); on the network's pages the
        network's, else its publisher's."""
        entries: list[PhoneEntry] = []
        if tv is not None:
            entries += tv.territory.phones
            entries += [phone for person in tv.territory.contacts for phone in person.phones]
            entries += tv.regional_phones
        else:
            network = self.site.network
            entries += network.phones
            entries += [network.publisher.phone] if network.publisher.phone else []
        return self._phone(entries[0]) if entries else None

    def _phone(self, entry: PhoneEntry) -> Markup:
        return phone_html(entry.phone, entry.label, self.t)

    def _venue(self, venue: Venue) -> Markup:
        parts = [
            venue.name,
            venue.address.street,
            f"{venue.address.postal_code} {venue.address.city}",
        ]
        if venue.access:
            parts.append(venue.access)
        return Markup(", ").join(parts)

    def event_title(self, event: EventView) -> str:
        if event.event.title:
            return event.event.title
        return self.t(f"pages.event_kind.{event.event.kind.value}")

    def event_cards(self, events: Iterable[EventView]) -> list[EventCard]:
        return [self._event_card(event) for event in events]

    def _event_card(self, event: EventView) -> EventCard:
        public, registration = event.event, event.event.registration
        return EventCard(
            title=self.event_title(event),
            date=event.date,
            start=public.start_time,
            end=public.end_time,
            cancelled=event.cancelled,
            cancel_reason=public.cancelled.reason if public.cancelled else None,
            previous_date=event.previous_date,
            venue_name=public.venue.name,
            venue_city=public.venue.address.city,
            description=public.description,
            registration=None
            if registration is None
            else Registration(
                url=registration.url,
                email=registration.email,
                phone=self._phone(registration.phone) if registration.phone else None,
                deadline=registration.deadline,
                details=registration.details,
            ),
            file_url=urls.event_file(event.territory_slug, event.id),
            territory_name=event.territory_name,
            add=self.feed_helpers["add_links"](event),
            url=urls.event(event.territory_slug, event.id),
        )

    def meeting_label(self, meeting: Meeting) -> str:
        if meeting.topic:
            return self.t("pages.meeting_with_topic", number=meeting.number, topic=meeting.topic)
        return self.t("pages.meeting_number", number=meeting.number)

    def schedule_words(self, group: GroupView) -> str:
        schedule = group.group.schedule
        rule = formatting.format_weekday_rule(schedule.week, schedule.weekday.number, self.t)
        if schedule.skip_months:
            months = formatting.format_month_list(schedule.skip_months, self.t)
            rule = f"{rule} ({self.t('pages.group.skip_months', months=months)})"
        return self.t(
            "pages.group.schedule_rule",
            rule=rule,
            time=formatting.format_time_range(schedule.start_time, schedule.end_time, self.t),
            count=group.group.meeting_count,
            start=formatting.format_date(group.first_date, self.t),
        )

    # --- pages --------------------------------------------------------------------------------

    def post_part(self, template: str, item: SourcedPost) -> str:
        """A part the site adds to a news post (``partials/<template>.html``)."""
        context = post_context(self.site, self.t, item)
        return self.render(f"partials/{template}", urls.post(item.name), **context)

    def render(self, template: str, page_url: str, **context: Any) -> str:
        return self.env.get_template(f"plato/{template}.html").render(page_url=page_url, **context)

    def _render_page(
        self,
        kind: str,
        url: str,
        territory: str | None,
        lazy: Callable[[], dict[str, Any]] | None,
        context: dict[str, Any],
    ) -> str:
        more = lazy() if lazy is not None else {}
        return self.render(kind, url, territory=territory, **context, **more)

    def pages(self, territories: Iterable[TerritoryView] | None = None) -> Iterator[RenderedPage]:
        """Every generated page, rendered; ``territories`` limits the per-territory pages."""
        for page in self.planned_pages(territories):
            yield RenderedPage.of(page)

    def planned_pages(
        self, territories: Iterable[TerritoryView] | None = None
    ) -> Iterator[PlannedPage]:
        """Every generated page, rendered on demand; ``territories``: see :meth:`pages`."""
        yield from self.network_pages()
        for territory in self.site.territories if territories is None else territories:
            yield from self.territory_pages(territory)

    def network_pages(self) -> Iterator[PlannedPage]:
        """The network's own pages; a single territory's site has only the legal ones."""
        site, t = self.site, self.t
        if not site.is_network:
            yield from self.legal_pages()
            return
        yield self._page(
            "network_groups",
            urls.network_groups(),
            t("pages.titles.network_groups"),
            t("pages.descriptions.network_groups", name=site.network.name),
        )
        yield self._page(
            "network_calendar",
            urls.network_calendar(),
            t("pages.titles.network_calendar"),
            t("pages.descriptions.network_calendar", name=site.network.name),
            lazy=self._network_agenda,
            feed=urls.network_feed(),
        )
        yield from self.legal_pages()

    def legal_pages(self) -> Iterator[PlannedPage]:
        """Mentions légales and the RGAA statement: linked from the footer, not the nav."""
        site, t = self.site, self.t
        name = site.network.name
        status = legal.status_words(site.network.accessibility, t)
        for page in (
            self._page(
                "legal_notice",
                urls.legal_notice(),
                t("legal.legal_notice.title"),
                t("legal.legal_notice.description", name=name),
                status=status,
            ),
            self._page(
                "accessibility",
                urls.accessibility_statement(),
                t("legal.accessibility.title"),
                t("legal.accessibility.description", name=name),
                **legal.accessibility_context(site, t),
            ),
        ):
            yield replace(page, in_nav=False)

    def home_html(self) -> str:
        """Generated part of the home page; the host appends it to content/index.md."""
        return self.render("home", urls.home())

    def territory_pages(self, tv: TerritoryView) -> Iterator[PlannedPage]:
        t, slug = self.t, tv.slug
        description = _first_sentence(tv.territory.description)
        yield self._page("territory", urls.territory(slug), tv.name, description, tv=tv)
        yield self._section("join", urls.join(slug), tv)
        yield self._section("groups", urls.groups(slug), tv)
        for group in tv.groups:
            status = t(f"pages.status.{group.status.value}")
            yield self._page(
                "group",
                urls.group(slug, group.id),
                group.group.name,
                t("pages.descriptions.group", name=group.group.name, status=status),
                tv=tv,
                g=group,
                feed=urls.group_feed(slug, group.id),
            )
        yield self._section(
            "calendar",
            urls.calendar(slug),
            tv,
            lazy=functools.partial(self._territory_agenda, tv),
            feed=urls.territory_feed(slug),
        )
        for event_view in tv.events:
            yield self._event_page(tv, event_view)
        if tv.testimonials:
            yield self._section("testimonials", urls.testimonials(slug), tv)
        yield self._section("contact", urls.contact(slug), tv)

    def _event_page(self, tv: TerritoryView, item: EventView) -> PlannedPage:
        """A public event's own page: out of the menu (its calendar and cards link it), in
        the sitemap; its JSON-LD names its address and where to register."""
        card = self._event_card(item)
        url = urls.event(tv.slug, item.id)
        description = event_pages.description(item, self.t)
        state = event_pages.event_state(item, card.title, self.site.today, self.t)
        page = self._page(
            "event",
            url,
            card.title,
            description,
            tv=tv,
            card=card,
            state=state,
            event_kind=item.event.kind.value,
            place=self._venue(item.event.venue),
            map=_map_url(item.event.venue),
        )
        data = event(
            item,
            tv.territory.chamber,
            self.t,
            event_page_url(item, self.site_url),
            self.site.today,
        )
        share = event_pages.share_title(item, card.title, self.t)
        return replace(page, in_nav=False, json_ld=(data,), share=share)

    def _section(self, kind: str, url: str, tv: TerritoryView, **context: Any) -> PlannedPage:
        """A territory page whose title and description are the catalog's for its kind."""
        title = self.t(f"pages.titles.{kind}")
        description = self.t(f"pages.descriptions.{kind}", name=tv.name)
        return self._page(kind, url, title, description, tv=tv, **context)

    # The agendas are long (every meeting of a network): made when their page renders, and
    # let go after, not held by the plan for the whole build.
    def _network_agenda(self) -> dict[str, Any]:
        """Public events first (what a newcomer may attend), then the groups' meetings; the
        month view shows the public events only (every meeting of a national network twice
        would double the page)."""
        site = self.site
        items = self.agenda_lines(i for i in site.agenda() if i.day >= site.today)
        public = [item for item in items if not item.is_meeting]
        return {
            "items": items,
            "public": public,
            "meetings": [item for item in items if item.is_meeting],
            **self._month_view(public),
        }

    def _territory_agenda(self, tv: TerritoryView) -> dict[str, Any]:
        agenda = self.site.agenda([tv])
        today = self.site.today
        upcoming = self.agenda_lines(item for item in agenda if item.day >= today)
        past = self.agenda_lines(item for item in agenda if item.day < today)
        # A month still to come in part shows its days gone by too, marked as past.
        this_month = today.replace(day=1)
        current = bool(upcoming) and upcoming[0].day.month == today.month
        shown = [item for item in past if item.day >= this_month] if current else []
        return {
            "upcoming": upcoming,
            "past": past,
            "public": [item for item in upcoming if not item.is_meeting],
            "meetings": [item for item in upcoming if item.is_meeting],
            **self._month_view(shown + upcoming),
        }

    def _month_view(self, lines: list[AgendaLine]) -> dict[str, Any]:
        return {
            "grids": month_grid.month_grids(lines, self.site.today, self.t),
            "weekdays": self._weekdays,
        }

    @functools.cached_property
    def _weekdays(self) -> tuple[month_grid.Weekday, ...]:
        return month_grid.weekdays(self.t)

    def agenda_lines(self, items: Iterable[AgendaItem]) -> list[AgendaLine]:
        return [self._agenda_line(item) for item in items]

    def _agenda_line(self, item: AgendaItem) -> AgendaLine:
        meeting, group, event = item.meeting, item.group, item.event
        if meeting is not None and group is not None:
            return _agenda_line(
                item,
                is_meeting=True,
                title=group.group.name,
                event_kind="",
                group_url=urls.group(group.territory_slug, group.id),
                meeting_label=self.meeting_label(meeting),
                original_date=meeting.original_date if meeting.moved else None,
                change_reason=meeting.change_reason,
                cancel_reason=meeting.cancel_reason if meeting.cancelled else None,
                venue_name=meeting.venue.name,
                venue_city=meeting.venue.address.city,
            )
        assert event is not None  # an agenda item is a meeting or an event
        public = event.event
        return _agenda_line(
            item,
            is_meeting=False,
            title=public.title or "",
            event_kind=public.kind.value,
            group_url=None,
            meeting_label="",
            original_date=None,
            change_reason=None,
            cancel_reason=None,
            venue_name=public.venue.name,
            venue_city=public.venue.address.city,
            add=self.feed_helpers["add_links"](event),
            file_url=urls.event_file(event.territory_slug, event.id),
            event_url=urls.event(event.territory_slug, event.id),
        )

    def _page(
        self,
        kind: str,
        url: str,
        title: str,
        description: str,
        lazy: Callable[[], dict[str, Any]] | None = None,
        **context: Any,
    ) -> PlannedPage:
        """``lazy``: more of the page's context, made only when the page renders."""
        tv: TerritoryView | None = context.get("tv")
        territory = tv.slug if tv is not None else None
        render = functools.partial(self._render_page, kind, url, territory, lazy, context)
        json_ld = page_json_ld(kind, tv, self.t, self.site_url)
        return PlannedPage(url, title, description, kind, territory, json_ld=json_ld, render=render)


def _agenda_line(item: AgendaItem, **what: Any) -> AgendaLine:
    """An agenda line: the when and where of ``item``, and ``what`` its kind shows."""
    return AgendaLine(
        day=item.day,
        start=item.start,
        end=item.end,
        cancelled=item.cancelled,
        territory_name=item.territory.name,
        **what,
    )


def _group_cards(groups: Iterable[GroupView]) -> list[GroupCard]:
    return [
        GroupCard(
            name=group.group.name,
            url=urls.group(group.territory_slug, group.id),
            status=group.status.value,
            kind=group.group.kind.value,
            seats_left=group.seats_left,
            first_date=group.first_date,
            last_date=group.last_date,
            territory_name=group.territory_name,
        )
        for group in groups
    ]


def _territory_email(tv: TerritoryView) -> str | None:
    """Where applications go by e-mail: the first contact with an address, else the CCI's."""
    for person in tv.territory.contacts:
        if person.email:
            return str(person.email)
    email = tv.territory.chamber.email
    return str(email) if email else None


def _french_spacing(value: Any) -> Any:
    return formatting.french_spacing(value) if type(value) is str else value


def _first_sentence(markdown_text: str, limit: int = 160) -> str:
    """A plain-text page description from staff Markdown (for search engines and sharing)."""
    text = " ".join(markdown_text.replace("*", "").replace("_", " ").replace("#", "").split())
    end = text.find(". ")
    if 0 < end < limit:
        return text[: end + 1]
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# Pages link to the same few targets (the group, the territory) again and again.
_relative = functools.lru_cache(maxsize=1 << 16)(urls.relative)


@jinja2.pass_context
def _relative_url(context: jinja2.runtime.Context, target: str) -> str:
    return _relative(target, context["page_url"])


@jinja2.pass_context
def _finder_json(context: jinja2.runtime.Context) -> Markup:
    page_url: str = context["page_url"]
    data = finder_data(context["site"].territories, lambda target: _relative(target, page_url))
    return finder_json(data)


def _map_url(place: Chamber | Venue) -> str:
    """OpenStreetMap, not a third party embedded in the page: only a link visitors choose."""
    if place.coordinates is not None:
        lat, lon = place.coordinates.lat, place.coordinates.lon
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    address = place.address
    query = f"{address.street}, {address.postal_code} {address.city}"
    return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
