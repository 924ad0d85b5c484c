"""Dates that are valid but make no sense, checked against the build date.

Each value passed validation on its own; together, or next to today's date, they cannot be
what staff meant: a meeting moved years away from its programme, a consent recorded in
the future, a group that ended years ago still shown as recruiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from plato_site.derive import schedule_dates
from plato_site.errors import ContentError, ContentErrors
from plato_site.load import format_path
from plato_site.models import Group, GroupStatus
from plato_site.places import name_places
from plato_site.validate import Content, SourcedTerritory

# A moved meeting stays within a year of its planned date; a status written by hand is
# trusted for a year after the last meeting (a slow update, not a mistake).
MOVE_LIMIT = timedelta(days=366)
STATUS_GRACE = timedelta(days=366)


def check_dates(content: Content, today: date) -> None:
    """Raise ContentErrors listing every implausible date."""
    errors = [error for sourced in content.territories for error in _territory(sourced, today)]
    if errors:
        documents = {sourced.document.path: sourced.document for sourced in content.territories}
        # Named as validation names its problems (« groupe 1 « Plato Bièvre 3 », … »), and
        # shown with the warnings: one pass to fix all.
        raise ContentErrors(name_places(errors, documents), content.warnings)


def _territory(sourced: SourcedTerritory, today: date) -> Iterator[ContentError]:
    territory = sourced.territory
    for index, group in enumerate(territory.groups):
        yield from _group(sourced, index, group, today)
    for index, testimonial in enumerate(territory.testimonials):
        if testimonial.consent_date > today:
            yield _error(
                sourced,
                ("testimonials", index, "consent_date"),
                "validate.consent_in_future",
                date=testimonial.consent_date.isoformat(),
            )
        if testimonial.year > today.year:
            yield _error(
                sourced,
                ("testimonials", index, "year"),
                "validate.testimonial_year_in_future",
                year=testimonial.year,
            )


def _group(
    sourced: SourcedTerritory, index: int, group: Group, today: date
) -> Iterator[ContentError]:
    planned = schedule_dates(group.schedule, group.meeting_count)
    if len(planned) < group.meeting_count:
        return  # the schedule itself is reported
    for position, override in enumerate(group.meetings):
        if override.date is None:
            continue
        was = planned[override.number - 1]
        if abs(override.date - was) > MOVE_LIMIT:
            yield _error(
                sourced,
                ("groups", index, "meetings", position, "date"),
                "validate.meeting_moved_too_far",
                number=override.number,
                date=override.date.isoformat(),
                planned=was.isoformat(),
            )
    if group.status is None:
        return
    dates = [override.date for override in group.meetings if override.date is not None]
    first, last = min([planned[0], *dates]), max([planned[-1], *dates])
    still_open = group.status in (GroupStatus.RECRUITING, GroupStatus.FULL, GroupStatus.RUNNING)
    if still_open and today - last > STATUS_GRACE:
        yield _error(
            sourced,
            ("groups", index, "status"),
            "validate.status_after_end",
            status=group.status.value,
            last=last.isoformat(),
        )
    if group.status is GroupStatus.FINISHED and first > today:
        yield _error(
            sourced,
            ("groups", index, "status"),
            "validate.finished_before_start",
            first=first.isoformat(),
        )


def _error(
    sourced: SourcedTerritory, path: tuple[str | int, ...], key: str, **params: object
) -> ContentError:
    return ContentError(sourced.document.locate(path), format_path(path), key, dict(params))
