"""What the host's theme templates receive from the plugin: small frozen objects, a stable
contract for anyone who overrides a template (documented in content/guide/format.md,
"Modèles de page").

They hold text and site-relative links only, never the content models: a template that
reads ``footer.legal_notice_url`` keeps working when the YAML format changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from markupsafe import Markup

Day = date  # for fields named "date", which hide the type in their class


@dataclass(frozen=True)
class Footer:
    """The line French law asks for on every page (``partials/footer.html``:
    ``config.extra.plato_footer``). Links are site-relative: the template resolves them
    relative to each page (MkDocs' ``url`` filter)."""

    label: str  # accessible name of the footer's nav element
    accessibility_text: str  # "Accessibilité : non conforme"
    accessibility_url: str  # the RGAA statement
    legal_notice_text: str  # "Mentions légales"
    legal_notice_url: str
    copyright: str  # "© <publisher>", when mkdocs.yml has no copyright line


@dataclass(frozen=True)
class NavEntry:
    """One entry of the site menu: a page (``source``) or a section (``children``)."""

    title: str | None  # plain text; None: the page's own title
    source: str | None = None  # the page's source path ("territoires/x/index.md")
    children: tuple[NavEntry, ...] = ()


@dataclass(frozen=True)
class AgendaLine:
    """One line of an agenda (``plato/partials/agenda.html``, as ``item``): a group meeting
    or a public event, with everything the line shows."""

    day: date
    start: time
    end: time
    cancelled: bool
    is_meeting: bool  # a group meeting (closed to the public), else a public event
    title: str  # the group's name; the event's title, "" when it has none (see event_kind)
    event_kind: str  # public events: their kind ("information", "kickoff"…); "" for meetings
    group_url: str | None  # meetings: the group's page (site-relative)
    meeting_label: str  # meetings: "Rencontre n° 7 : Développement commercial"
    original_date: date | None  # a moved meeting's former day
    change_reason: str | None  # why a meeting was moved
    cancel_reason: str | None  # why a meeting was cancelled
    venue_name: str  # public events: where
    venue_city: str
    territory_name: str  # shown on the network's agenda only
    # Public events: "add to my calendar" links (None: cancelled, over, or no feeds) and the
    # event's own .ics file (site-relative).
    add: AddLinks | None = None
    file_url: str = ""
    event_url: str = ""  # public events: their own page (site-relative)


@dataclass(frozen=True)
class GroupCard:
    """One group in a list of groups (``plato/partials/group_card.html``, as ``card``)."""

    name: str
    url: str  # the group's page (site-relative)
    status: str  # "recruiting", "full", "running" or "finished"
    kind: str  # "plato" or "expert"
    seats_left: int
    first_date: date  # first and last meetings
    last_date: date
    territory_name: str  # shown on the network's list only


@dataclass(frozen=True)
class Registration:
    """How to register for a public event; every field is optional."""

    url: str | None
    email: str | None
    phone: Markup | None  # the number as a link, with its price when ARCEP asks for one
    deadline: date | None
    details: str | None


@dataclass(frozen=True)
class EventCard:
    """One public event in a list (``plato/partials/event_card.html``, as ``card``)."""

    title: str  # its title, else the name of its kind ("Réunion d'information")
    date: Day
    start: time
    end: time
    cancelled: bool
    cancel_reason: str | None
    previous_date: Day | None  # the former day of a moved event
    venue_name: str
    venue_city: str
    description: str | None  # staff Markdown: print it with md()
    registration: Registration | None
    file_url: str  # its own .ics file (site-relative), for "add to my calendar"
    territory_name: str
    add: AddLinks | None = None  # "add to my calendar" (None: cancelled, over, or no feeds)
    url: str = ""  # its own page (site-relative)


@dataclass(frozen=True)
class SubscribeLinks:
    """Everything the "subscribe" block of a page links to, for one feed."""

    name: str  # calendar name, as the feed's NAME
    https: str  # the feed itself (download, copy, Thunderbird)
    webcal: str  # Apple Calendar, Outlook desktop
    google: str
    outlook: str  # Outlook.com (personal accounts)
    office: str  # Outlook on the web with a work account (Microsoft 365)
    anchor: str  # an HTML id, unique per feed


@dataclass(frozen=True)
class AddLinks:
    """Everything that adds one public event to a calendar (a copy, never updated)."""

    google: str
    outlook: str
    office: str


@dataclass(frozen=True)
class Action:
    """A call to action that collects nothing on the site: the staff's own form when they
    set one (``apply_url`` of the group, territory or network), else a pre-filled e-mail
    to the territory's contact (``mailto:``), else the contact page."""

    href: str  # absolute (https:, mailto:) or site-relative (the contact page)
    kind: str  # "form", "email" or "page"
    label: str  # "Candidater", "Prévenez-moi du prochain groupe"


@dataclass(frozen=True)
class MenuLink:
    """One link of the short top menu of visitor pages (``main.html``, block ``tabs``):
    ``path`` is site-relative (the template resolves it per page), ``fragment`` an anchor
    in it. ``prefix``: the link is the current one on every page under it (a section);
    None: on its own page only. ``lang``: the label's language when it is not the page's
    (a hand-written page's French title in an English site), else empty."""

    label: str
    path: str
    fragment: str = ""
    prefix: str | None = None
    lang: str = ""


@dataclass(frozen=True)
class LocalMenu:
    """On a network, the pages of the territory a page belongs to, under the top menu
    (``page.meta.plato_local_menu``): the tree's branch the top menu replaced."""

    label: str  # accessible name: "Rubriques du territoire Roannais"
    links: tuple[MenuLink, ...]


@dataclass(frozen=True)
class Chrome:
    """The frame of visitor pages (``config.extra.plato_chrome``): the top menu and the
    "page not found" page (``404.html``), whose HTML uses absolute links (it is served at
    any address)."""

    menu_label: str  # accessible name of the top menu's nav element
    menu: tuple[MenuLink, ...]
    not_found_title: str
    not_found_html: Markup
