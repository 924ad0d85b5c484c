"""The site's URL scheme: one place that knows where each page and feed lives.

URLs are a public contract (bookmarks, subscribed calendars): change nothing here lightly.
Paths are relative to the site root, without a leading slash; page paths end with "/".
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

TERRITORIES = "territoires"


def home() -> str:
    return ""


def network_groups() -> str:
    return "groupes/"


def network_calendar() -> str:
    return "calendrier/"


def network_feed() -> str:
    return "calendrier.ics"


def network_atom() -> str:
    return "actualites.xml"


def territory(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/"


def join(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/rejoindre/"


def groups(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/groupes/"


def group(slug: str, group_id: str) -> str:
    return f"{TERRITORIES}/{slug}/groupes/{group_id}/"


def calendar(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/calendrier/"


def testimonials(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/temoignages/"


def contact(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/contact/"


def territory_feed(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/calendrier.ics"


def territory_atom(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/actualites.xml"


def group_feed(slug: str, group_id: str) -> str:
    return f"{TERRITORIES}/{slug}/groupes/{group_id}/calendrier.ics"


def events_feed(slug: str) -> str:
    return f"{TERRITORIES}/{slug}/evenements.ics"


def event(slug: str, event_id: str) -> str:
    """A public event's page: named by its id, which staff never change (the calendar UID
    is built from it), so a shared link survives a new date or title. Under the calendar
    page, not in evenements/: the _headers file serves that whole folder as iCalendar."""
    return f"{TERRITORIES}/{slug}/calendrier/{event_id}/"


def event_file(slug: str, event_id: str) -> str:
    return f"{TERRITORIES}/{slug}/evenements/{event_id}.ics"


def news() -> str:
    """The list of every news post (Material's blog plugin, blog_dir)."""
    return "actualites/"


def post(name: str) -> str:
    """A news post, by its file name (the blog plugin's post_url_format "{file}")."""
    return f"actualites/{name}/"


def legal_notice() -> str:
    return "mentions-legales/"


def accessibility_statement() -> str:
    return "accessibilite/"


def site_folder(site_url: str) -> str:
    """The site's public address ending with "/": ``urljoin`` then keeps its subfolder
    (``https://x.fr/plato`` + ``groupes/`` would lose ``plato``)."""
    return site_url if site_url.endswith("/") else site_url + "/"


def site_path(site_url: str | None) -> str:
    """The site's path on its host, with its final "/" ("/" at the root of a domain, and
    without a site_url): the prefix of absolute links and server rules."""
    return urlsplit(site_folder(site_url or "/")).path


def source_file(page: str) -> str:
    """The Markdown source MkDocs needs for a page URL ("a/b/" -> "a/b.md", "" -> index.md)."""
    if page == "":
        return "index.md"
    stem = page.rstrip("/")
    return f"{stem}/index.md"


def relative(target: str, page: str) -> str:
    """Link from the page at ``page`` to ``target``, relative so the site works in a subfolder."""
    base = page.rstrip("/") or "."
    is_dir = target == "" or target.endswith("/")
    path = posixpath.relpath(target.rstrip("/") or ".", base)
    if path == ".":
        return "./"
    return path + "/" if is_dir else path
