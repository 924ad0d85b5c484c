"""Links into calendar services: subscribe to a feed, or add one event.

The formats are the services' own (undocumented but stable for years, used by every
"add to calendar" button): Google Calendar's ``render?action=TEMPLATE`` and ``cid``,
Outlook's ``deeplink/compose`` and ``addfromweb``, once for personal accounts
(outlook.live.com) and once for work accounts (outlook.office.com, Microsoft 365).
Times are Paris wall-clock times: Google gets them with ``ctz=Europe/Paris``, Outlook as
ISO 8601 with the Paris offset of that day.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0"
MICROSOFT_365 = "https://outlook.office.com/calendar/0"


def _query(values: dict[str, str]) -> str:
    return urlencode(values, quote_via=quote)


def webcal(feed_url: str) -> str:
    """The feed's address with the ``webcal`` scheme: Apple Calendar, Outlook desktop."""
    return urlunsplit(("webcal", *urlsplit(feed_url)[1:]))


def google_subscribe(feed_url: str) -> str:
    return f"{GOOGLE}?cid={quote(webcal(feed_url), safe='')}"


def outlook_subscribe(service: str, feed_url: str, name: str) -> str:
    """``service``: :data:`OUTLOOK_COM` or :data:`MICROSOFT_365`."""
    return f"{service}/addfromweb?{_query({'url': feed_url, 'name': name})}"


def google_add(title: str, start: datetime, end: datetime, details: str, location: str) -> str:
    """Google Calendar's new-event form, filled (``start``/``end``: naive, Paris time)."""
    dates = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
    return f"{GOOGLE}?" + _query(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": dates,
            "ctz": "Europe/Paris",
            "details": details,
            "location": location,
        }
    )


def outlook_add(
    service: str, title: str, start: datetime, end: datetime, details: str, location: str
) -> str:
    """Outlook on the web's new-event form (``service``: personal or Microsoft 365)."""
    return f"{service}/deeplink/compose?" + _query(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": start.replace(tzinfo=PARIS).isoformat(),
            "enddt": end.replace(tzinfo=PARIS).isoformat(),
            "body": details,
            "location": location,
        }
    )


__all__ = [
    "GOOGLE",
    "MICROSOFT_365",
    "OUTLOOK_COM",
    "google_add",
    "google_subscribe",
    "outlook_add",
    "outlook_subscribe",
    "webcal",
]
