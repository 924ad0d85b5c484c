"""What search engines and sharing previews read: JSON-LD and Open Graph tags.

Host-free like the rest of ``render``: the page renderer asks :func:`page_json_ld` for a
page's schema.org objects, the site plan (:meth:`plato_site.plan.SitePlan.head`) builds the
``<head>`` markup of every page from :func:`social_tags` and :func:`head_html`.

Which pages carry what, and why:

* the host chamber as ``Organization`` with its ``ContactPoint`` s on the pages that show
  the contact block (territory overview, how to join, contact);
* each upcoming *public* event as an ``Event`` on its territory's calendar page, the one
  page that lists them all, dated and located, and every public event on its own page
  (``render/event_pages.py``) with its address and where to register (``offers``). Group
  meetings are closed to the public: they never become ``Event`` markup, on any page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup, escape

from plato_site.assets import SHARING_IMAGE
from plato_site.derive import PARIS, EventView, TerritoryView
from plato_site.i18n import Catalog
from plato_site.models import Address, Chamber, PhoneEntry, Venue
from plato_site.phones import PhoneCategory
from plato_site.render import urls
from plato_site.render.markdown import render_markdown

JsonLd = dict[str, Any]

SCHEMA = "https://schema.org"
COUNTRY = "FR"  # every Plato programme is run by a French chamber

# Page kinds (PlannedPage.kind) that carry each kind of markup.
ORGANIZATION_PAGES = frozenset({"territory", "join", "contact"})
EVENT_PAGES = frozenset({"calendar"})

# The default sharing image, a theme file shipped in the package (plato_site/theme/).
OG_IMAGE = SHARING_IMAGE
OG_IMAGE_WIDTH = 1200
OG_IMAGE_HEIGHT = 630


# --- JSON-LD ------------------------------------------------------------------------------


def page_json_ld(
    kind: str, tv: TerritoryView | None, catalog: Catalog, site_url: str | None = None
) -> tuple[JsonLd, ...]:
    """The schema.org objects of one generated page (none for network pages); with the
    site's public address, each event names its own page (``url``)."""
    if tv is None:
        return ()
    found: list[JsonLd] = []
    if kind in ORGANIZATION_PAGES:
        found.append(organization(tv, catalog))
    if kind in EVENT_PAGES:
        chamber = tv.territory.chamber
        found += [
            event(item, chamber, catalog, event_page_url(item, site_url))
            for item in tv.upcoming_events
        ]
    return tuple(found)


def event_page_url(item: EventView, site_url: str | None) -> str | None:
    """The absolute address of a public event's page (None without a site address)."""
    if not site_url:
        return None
    return urljoin(urls.site_folder(site_url), urls.event(item.territory_slug, item.id))


def organization(tv: TerritoryView, catalog: Catalog) -> JsonLd:
    """The chamber hosting the territory's programme, with whom to call about it."""
    chamber = tv.territory.chamber
    data: JsonLd = {"@context": SCHEMA, **_organization_ref(chamber)}
    data["address"] = postal_address(chamber.address)
    if chamber.email:
        data["email"] = chamber.email
    points = list(contact_points(tv, catalog))
    if points:
        data["contactPoint"] = points
    return data


def contact_points(tv: TerritoryView, catalog: Catalog) -> Iterator[JsonLd]:
    """One ContactPoint per published number: the territory's, then each person's."""
    default_type = catalog("structured.contact_type")
    for entry in tv.territory.phones:
        point = _contact_point(entry, entry.label or default_type, tv.name)
        if point is not None:
            yield point
    for person in tv.territory.contacts:
        for entry in person.phones:
            point = _contact_point(entry, person.role or default_type, tv.name)
            if point is not None:
                point["name"] = person.name
                if person.email:
                    point["email"] = person.email
                yield point


def _contact_point(entry: PhoneEntry, contact_type: str, area: str) -> JsonLd | None:
    phone = entry.phone
    if phone.category is PhoneCategory.SHORT:
        # A short number has no international form: it cannot be dialled from abroad,
        # where search engines also show contact numbers.
        return None
    point: JsonLd = {
        "@type": "ContactPoint",
        "telephone": phone.e164,
        "contactType": contact_type,
        "areaServed": area,
    }
    if phone.is_toll_free:
        point["contactOption"] = f"{SCHEMA}/TollFree"
    return point


def event(
    item: EventView,
    organizer: Chamber,
    catalog: Catalog,
    url: str | None = None,
    today: date | None = None,
) -> JsonLd:
    """A public event (information meeting, kickoff, plenary): never a group meeting.
    ``url``: its page; ``today`` given, an event still to come that takes registrations
    gets an ``Offer`` (where to register, until when)."""
    public = item.event
    data: JsonLd = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": public.title or catalog(f"pages.event_kind.{public.kind.value}"),
        "startDate": paris_iso(public.date, public.start_time),
        "endDate": paris_iso(public.date, public.end_time),
        "eventStatus": f"{SCHEMA}/{_event_status(item)}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place(public.venue),
        "organizer": _organization_ref(organizer),
    }
    if item.previous_date is not None and not item.cancelled:
        # Only the former day is recorded; schema.org accepts a Date here.
        data["previousStartDate"] = item.previous_date.isoformat()
    if public.description:
        data["description"] = _plain_text(public.description)
    if url:
        data["url"] = url
    if today is not None and item.date >= today and not item.cancelled:
        offer = registration_offer(item, url)
        if offer is not None:
            data["offers"] = offer
    return data


def registration_offer(item: EventView, page_url: str | None) -> JsonLd | None:
    """Where to register: the staff's form, else the event's page (which gives the e-mail
    or the number); no price, which the data does not give."""
    registration = item.event.registration
    target = (registration.url if registration else None) or page_url
    if registration is None or target is None:
        return None
    offer: JsonLd = {"@type": "Offer", "url": target}
    if registration.deadline is not None:
        offer["validThrough"] = paris_iso(registration.deadline, time(23, 59))
    return offer


def _event_status(item: EventView) -> str:
    if item.cancelled:
        return "EventCancelled"
    if item.previous_date is not None:
        return "EventRescheduled"
    return "EventScheduled"


def place(venue: Venue) -> JsonLd:
    data: JsonLd = {"@type": "Place", "name": venue.name, "address": postal_address(venue.address)}
    if venue.coordinates is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.coordinates.lat,
            "longitude": venue.coordinates.lon,
        }
    return data


def postal_address(address: Address) -> JsonLd:
    return {
        "@type": "PostalAddress",
        "streetAddress": address.street,
        "postalCode": address.postal_code,
        "addressLocality": address.city,
        "addressCountry": COUNTRY,
    }


def _organization_ref(chamber: Chamber) -> JsonLd:
    data: JsonLd = {"@type": "Organization", "name": chamber.name}
    if chamber.website:
        data["url"] = chamber.website
    return data


def paris_iso(day: date, wall: time = time(0, 0)) -> str:
    """Wall-clock time in Paris with its offset of that day: +01:00 in winter, +02:00 in summer
    (midnight by default: a post's day, an Atom entry's; RFC 3339)."""
    return datetime.combine(day, wall, tzinfo=PARIS).isoformat()


def _plain_text(markdown_text: str) -> str:
    return Markup(render_markdown(markdown_text)).striptags()


# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element:
# JSON allows the same characters as \u escapes, so no text can ever leave the script.
_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def script_json(data: object, *, sort_keys: bool = False) -> Markup:
    """Compact JSON to print inside a ``<script>`` element (JSON-LD, the finder's data):
    no value can close or confuse the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
    return Markup(text.translate(_SCRIPT_SAFE))


def json_ld_script(data: JsonLd) -> Markup:
    """``<script type="application/ld+json">…</script>`` that no value can break out of."""
    return Markup('<script type="application/ld+json">') + script_json(data) + Markup("</script>")


# --- Open Graph and Twitter cards -----------------------------------------------------------


@dataclass(frozen=True)
class MetaTag:
    attribute: str  # "property" for Open Graph, "name" for Twitter
    key: str
    content: str

    def html(self) -> Markup:
        # escape() on each part: what Markup.format does, without its formatter (a page
        # has a dozen tags, a national network 1,300 pages).
        attribute, key, content = escape(self.attribute), escape(self.key), escape(self.content)
        return Markup(f'<meta {attribute}="{key}" content="{content}">')


def share_title(title: str, territory: TerritoryView | None, catalog: Catalog) -> str:
    """ "Contact · Roannais": a page title alone ("Contact") says little in a shared link."""
    if territory is None or territory.name in title:  # "Roannais", "Plato Roannais 5"
        return title
    return catalog("structured.share_title", title=title, territory=territory.name)


def social_tags(
    *,
    title: str,
    description: str,
    url: str | None,
    site_name: str,
    site_url: str | None,
    catalog: Catalog,
    kind: str = "website",
) -> list[MetaTag]:
    """Open Graph and Twitter card tags; URLs must be absolute, so they need ``site_url``.
    ``kind``: the ``og:type`` (``article`` for a news post)."""
    og = [
        ("og:type", kind),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:description", description),
        ("og:locale", catalog("structured.og_locale")),
    ]
    if url:
        og.append(("og:url", url))
    if site_url:
        og += [
            ("og:image", urljoin(site_url, OG_IMAGE)),
            ("og:image:type", "image/png"),
            ("og:image:width", str(OG_IMAGE_WIDTH)),
            ("og:image:height", str(OG_IMAGE_HEIGHT)),
            ("og:image:alt", catalog("structured.image_alt")),
        ]
    tags = [MetaTag("property", key, value) for key, value in og if value]
    tags.append(MetaTag("name", "twitter:card", "summary_large_image" if site_url else "summary"))
    return tags


def head_html(tags: Iterable[MetaTag], json_ld: Iterable[JsonLd]) -> Markup:
    """Everything a page adds to ``<head>``, one element per line."""
    elements = [tag.html() for tag in tags] + [json_ld_script(data) for data in json_ld]
    return Markup("\n").join(elements)
