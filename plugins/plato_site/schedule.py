"""Meeting dates from a group's schedule rule: "the 2nd Thursday of each month from
2027-04, except August". Pure date arithmetic on the validated model, for validate (a rule
gives every meeting; public holidays, two meetings on one day) and derive (pages, feeds).

Small and dependent on the models only: validate cannot import derive (derive imports
validate), so what both need to expand a schedule lives here.
"""

from __future__ import annotations

import calendar
import functools
import os
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from plato_site.models import Group, Schedule

PARIS = ZoneInfo("Europe/Paris")


def build_date(environ: dict[str, str] | None = None) -> date:
    """Today for this build: SOURCE_DATE_EPOCH when set (reproducible), else today in Paris."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).astimezone(PARIS).date()
    return datetime.now(tz=PARIS).date()


def build_time(environ: dict[str, str] | None = None) -> datetime:
    """This build's moment, the LAST-MODIFIED of what it changes: SOURCE_DATE_EPOCH when
    set, else midnight in Paris today (two builds of one day give the same bytes)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.combine(build_date(environ), time(0), tzinfo=PARIS)


# How far a schedule is expanded; a rule that needs longer (week 5 of February only) is an error.
SCHEDULE_YEARS = 20


def schedule_dates(schedule: Schedule, count: int) -> list[date]:
    """Expand "the Nth weekday of each month from start_month" to ``count`` dates (fewer
    when the rule gives fewer in SCHEDULE_YEARS years: validation reports it)."""
    rule = (schedule.start_month, tuple(schedule.skip_months), schedule.weekday.number)
    return list(_dates(*rule, schedule.week, count))


# Validation and derive both expand each schedule; groups often share a rule.
@functools.lru_cache(maxsize=4096)
def _dates(
    start_month: str, skip_months: tuple[int, ...], weekday: int, week: int, count: int
) -> tuple[date, ...]:
    year, month = (int(part) for part in start_month.split("-"))
    skipped = set(skip_months)
    dates: list[date] = []
    guard = 0
    while len(dates) < count and guard < 12 * SCHEDULE_YEARS:
        guard += 1
        if month not in skipped:
            day = _nth_weekday(year, month, weekday, week)
            if day is not None:
                dates.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return tuple(dates)


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    # Arithmetic, not a walk through the month: this runs for every meeting of the network.
    length = calendar.monthrange(year, month)[1]
    first = 1 + (weekday - date(year, month, 1).weekday()) % 7
    if week == -1:
        return date(year, month, first + 7 * ((length - first) // 7))
    day = first + 7 * (week - 1)
    return date(year, month, day) if day <= length else None  # no 5th Thursday this month


def held_dates(group: Group) -> list[tuple[int, date, int | None]]:
    """(meeting number, date, index of its entry in ``meetings`` or None) of every meeting
    that is not cancelled, moves applied."""
    overrides = {override.number: index for index, override in enumerate(group.meetings)}
    held = []
    for number, planned in enumerate(schedule_dates(group.schedule, group.meeting_count), 1):
        index = overrides.get(number)
        override = group.meetings[index] if index is not None else None
        if override is not None and override.cancelled is not None:
            continue
        held.append((number, (override.date if override else None) or planned, index))
    return held
