"""One page per public event (information meeting, kickoff, plenary): what to share.

Its address is built from the event's ``id`` (:func:`plato_site.render.urls.event`), the
identity its calendar UID already rests on: staff move the date or correct the title, the
link already shared in a newsletter still opens it. An event over keeps its page (links
live on in mails and posts): it says so and offers no registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from plato_site import formatting
from plato_site.derive import EventView
from plato_site.i18n import Catalog
from plato_site.render.views import Action


@dataclass(frozen=True)
class EventState:
    """What the page of one event offers on the build date (``event_state`` in templates)."""

    past: bool  # over: the page says so, nothing to register for or to add
    cancelled: bool
    registration_closed: bool  # still to come, but its registration deadline has passed
    register: Action | None  # the registration button (None: closed, or phone only)


def event_state(item: EventView, title: str, today: date, catalog: Catalog) -> EventState:
    past = item.date < today
    registration = item.event.registration
    deadline = registration.deadline if registration else None
    closed = not past and deadline is not None and deadline < today
    action = None
    if registration is not None and not past and not item.cancelled and not closed:
        action = register_action(item, title, catalog)
    return EventState(past, item.cancelled, closed, action)


def register_action(item: EventView, title: str, catalog: Catalog) -> Action | None:
    """ "S'inscrire": the staff's registration form, else an e-mail naming the event (RFC
    6068: percent-encoded UTF-8); None when only a phone number is given."""
    registration = item.event.registration
    label = catalog("pages.register")
    if registration is None:
        return None
    if registration.url:
        return Action(registration.url, "form", label)
    if registration.email:
        day = formatting.format_date(item.date, catalog)
        subject = catalog("pages.recruit.register_subject", title=title, date=day)
        href = f"mailto:{registration.email}?subject={quote(subject, safe='')}"
        return Action(href, "email", label)
    return None


def share_title(item: EventView, title: str, catalog: Catalog) -> str:
    """What a shared link shows: the event, its day and its territory (two information
    meetings often have the same title)."""
    day = formatting.format_date(item.date, catalog, weekday=False)
    return catalog("events.share_title", title=title, date=day, territory=item.territory_name)


def description(item: EventView, catalog: Catalog) -> str:
    """The page's description (search results, link previews): when and where, in words."""
    public = item.event
    when = formatting.format_datetime(public.date, public.start_time, public.end_time, catalog)
    venue = public.venue
    text = catalog("events.description", when=when, venue=venue.name, city=venue.address.city)
    if item.cancelled:
        return catalog("events.description_cancelled", description=text)
    return text
