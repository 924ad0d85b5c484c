"""Probable mistakes that do not stop the publication (warnings, see errors.content_warning),
and the placeholders that must never be published (errors).

Date checks look ahead only (from the build date, schedule.build_date): a meeting held on
a public holiday years ago is history, not something staff can still fix.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import holidays

from plato_site.errors import ContentError, Translated, content_warning, format_path
from plato_site.i18n import Catalog, available_languages
from plato_site.load import FieldPath, LoadedDocument
from plato_site.models import Address, Group, Network, PublicEvent, Venue
from plato_site.schedule import build_date, held_dates

if TYPE_CHECKING:  # validate imports this module to list its checks
    from plato_site.validate import SourcedTerritory

# The languages the holidays package names French holidays in, by catalog language.
_HOLIDAY_LANGUAGES = {"fr": "fr", "en": "en_US"}


# --- public holidays ---------------------------------------------------------------------


def holiday_subdivision(address: Address) -> str | None:
    """The holidays package's subdivision for a French postal code: Moselle ("57") and
    Alsace ("6AE": Bas-Rhin 67, Haut-Rhin 68) keep Good Friday and St Stephen's Day; the
    overseas departments (971-976) have their own holidays."""
    code = "".join(address.postal_code.split())
    if code[:2] == "57":
        return "57"
    if code[:2] in {"67", "68"}:
        return "6AE"
    if code[:3] in holidays.list_supported_countries()["FR"]:
        return code[:3]
    return None


@functools.cache
def _holidays(subdivision: str | None, language: str) -> holidays.HolidayBase:
    found: holidays.HolidayBase = holidays.country_holidays(
        "FR", subdiv=subdivision, language=language
    )
    return found


def holiday_name(day: date, address: Address) -> Translated | None:
    """The holiday's name in every catalog language, or None on a working day."""
    subdivision = holiday_subdivision(address)
    if day not in _holidays(subdivision, "fr"):  # the common case, one lookup
        return None
    names = {
        language: _holidays(subdivision, _HOLIDAY_LANGUAGES.get(language, "fr")).get(day)
        for language in available_languages()
    }
    if not any(names.values()):
        return None
    return Translated(tuple((language, str(name)) for language, name in names.items()))


def public_holidays(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    """A meeting or an event on a French public holiday (Alsace-Moselle's included)."""
    today = build_date()
    found: list[ContentError] = []
    for item in territories:
        for g, group in enumerate(item.territory.groups):
            for number, day, index in held_dates(group):
                venue = _meeting_venue(group, index)
                holiday = holiday_name(day, venue.address) if day >= today else None
                if holiday is None:
                    continue
                path = _meeting_date_path(group, g, index)
                found.append(
                    _warning(
                        item.document,
                        path,
                        "validate.meeting_on_holiday",
                        number=number,
                        day=day,
                        holiday=holiday,
                    )
                )
        for e, event in enumerate(item.territory.events):
            if event.date < today or event.cancelled is not None:
                continue
            holiday = holiday_name(event.date, event.venue.address)
            if holiday is not None:
                found.append(
                    _warning(
                        item.document,
                        ("events", e, "date"),
                        "validate.event_on_holiday",
                        day=event.date,
                        holiday=holiday,
                    )
                )
    return found


def _meeting_venue(group: Group, index: int | None) -> Venue:
    override = group.meetings[index] if index is not None else None
    return (override.venue if override else None) or group.venue


def _meeting_date_path(group: Group, g: int, index: int | None) -> FieldPath:
    """Where to move the meeting: its own date when moved, else the schedule rule."""
    if index is not None and group.meetings[index].date is not None:
        return ("groups", g, "meetings", index, "date")
    return ("groups", g, "schedule")


# --- two meetings of a group on one day ---------------------------------------------------


def meetings_on_one_day(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    """A move that lands on the day of another meeting of the same group."""
    today = build_date()
    found: list[ContentError] = []
    for item in territories:
        for g, group in enumerate(item.territory.groups):
            first: dict[date, int] = {}
            # Meetings where the rule puts them first: the one moved onto their day is reported.
            moved_last = sorted(held_dates(group), key=lambda held: held[2] is not None)
            for number, day, index in moved_last:
                if day in first and day >= today:
                    found.append(
                        _warning(
                            item.document,
                            _meeting_date_path(group, g, index),
                            "validate.meetings_same_day",
                            number=number,
                            other=first[day],
                            day=day,
                        )
                    )
                first.setdefault(day, number)
    return found


# --- registration deadline ------------------------------------------------------------------


def deadline_after_event(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    today = build_date()
    found: list[ContentError] = []
    for item in territories:
        for e, event in enumerate(item.territory.events):
            deadline = _deadline(event)
            if deadline is not None and deadline > event.date and event.date >= today:
                found.append(
                    _warning(
                        item.document,
                        ("events", e, "registration", "deadline"),
                        "validate.deadline_after_event",
                        deadline=deadline,
                        day=event.date,
                    )
                )
    return found


def _deadline(event: PublicEvent) -> date | None:
    return event.registration.deadline if event.registration else None


# --- regions ----------------------------------------------------------------------------------


def french_regions(catalog: Catalog) -> list[str]:
    """The 18 regions of France (13 in Europe, 5 overseas), as the catalog spells them."""
    return [name.strip() for name in catalog("validate.regions_list").split("|")]


def _folded(text: str) -> str:
    """Compared without case, accents, hyphens or apostrophes' shape: "ile de france"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("’", "'").split())


def unknown_regions(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    """A region that is not one of France's: a new heading would appear on the home page."""
    found: list[ContentError] = []
    for item in territories:
        written = item.territory.region
        key, params = _region_problem(written)
        if key:
            found.append(_warning(item.document, ("region",), key, **params))
    return found


def unknown_phone_regions(network: Network, document: LoadedDocument) -> list[ContentError]:
    """A regional number's region that is not France's: the number would show nowhere."""
    found: list[ContentError] = []
    for p, phone in enumerate(network.phones):
        for r, region in enumerate(phone.regions):
            key, params = _region_problem(region)
            if key:
                found.append(_warning(document, ("phones", p, "regions", r), key, **params))
    return found


def _region_problem(written: str) -> tuple[str, dict[str, str]]:
    """("", {}) for a region of France (or a placeholder, an error already), else the
    warning's key and parameters, with the region probably meant."""
    regions = french_regions(Catalog("fr"))
    if written in regions or _placeholders(written):
        return "", {}
    folded = {_folded(region): region for region in regions}
    meant = folded.get(_folded(written))
    if meant is None:
        close = difflib.get_close_matches(_folded(written), list(folded), n=1, cutoff=0.75)
        meant = folded[close[0]] if close else None
    if meant is not None:
        return "validate.region_close", {"value": written, "suggestion": meant}
    return "validate.region_unknown", {"value": written}


def _warning(document: LoadedDocument, path: FieldPath, key: str, **params: Any) -> ContentError:
    return content_warning(document.locate(path), format_path(path), key, params)


# --- placeholders -----------------------------------------------------------------------------


def placeholder_errors(document: LoadedDocument) -> list[ContentError]:
    """Every value still holding the "À COMPLÉTER" that ``plato-site new`` writes (in any
    catalog language): an error, it must never be published."""
    return [
        ContentError(document.locate(path), format_path(path), "validate.placeholder")
        for path, text in _strings(document.data, ())
        if _placeholders(text)
    ]


def _placeholders(text: str) -> bool:
    return any(mark in text.casefold() for mark in _placeholder_marks())


@functools.cache
def _placeholder_marks() -> frozenset[str]:
    return frozenset(
        Catalog(language)("scaffold.todo").casefold() for language in available_languages()
    )


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))
