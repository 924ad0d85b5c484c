"""The month view of a calendar page: one table per month, weeks as rows, days as cells.

Built at build time from the agenda lines the page lists (no script): only the months that
have something, Monday first as in France. The build date marks today and the days gone
(``partials/month_grid.html`` says so in words, not only in colour).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from babel import dates as babel_dates

from plato_site import formatting
from plato_site.i18n import Catalog
from plato_site.render.views import AgendaLine

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)
# How far the month view looks: what a newcomer plans for. The lists above it go further.
MONTHS_SHOWN = 6


@dataclass(frozen=True)
class GridEntry:
    """One thing on a day: a public event (its page) or a group meeting (its group)."""

    start: str  # "18 h 30"
    title: str  # the event's title or kind, the group's name
    url: str  # site-relative
    public: bool
    cancelled: bool


@dataclass(frozen=True)
class GridDay:
    day: date
    past: bool
    today: bool
    entries: tuple[GridEntry, ...]


@dataclass(frozen=True)
class MonthGrid:
    key: str  # "2027-01": for month_title() and the table's id
    weeks: tuple[tuple[GridDay | None, ...], ...]  # Monday to Sunday; None: another month


@dataclass(frozen=True)
class Weekday:
    short: str  # "lun." (the column header, narrow screens included)
    full: str  # "lundi" (its abbr title, and the day's name in the list layout)


def weekdays(catalog: Catalog) -> tuple[Weekday, ...]:
    """Monday to Sunday in the catalog's language (Babel: 0 is Monday)."""
    short = babel_dates.get_day_names("abbreviated", "format", locale=catalog.locale)
    full = babel_dates.get_day_names("wide", "format", locale=catalog.locale)
    return tuple(Weekday(str(short[i]), str(full[i])) for i in range(7))


def by_month(lines: Iterable[AgendaLine]) -> list[tuple[str, list[AgendaLine]]]:
    """Lines sorted by day, grouped by month ("2027-01"): the agendas' sections and the
    month view's tables share these keys (``month_title()``)."""
    return [(month, list(group)) for month, group in groupby(lines, key=_month_key)]


def _month_key(line: AgendaLine) -> str:
    return line.day.strftime("%Y-%m")


def month_grids(lines: Iterable[AgendaLine], today: date, catalog: Catalog) -> list[MonthGrid]:
    """The months of ``lines`` (sorted by day) among the :data:`MONTHS_SHOWN` from
    ``today``'s, each as a grid."""
    months = today.year * 12 + today.month - 1 + MONTHS_SHOWN
    end = date(months // 12, months % 12 + 1, 1)
    shown = (line for line in lines if line.day < end)
    grids = []
    for key, month_lines in by_month(shown):
        by_day: dict[date, list[GridEntry]] = {}
        for line in month_lines:
            by_day.setdefault(line.day, []).append(_entry(line, catalog))
        year, month = int(key[:4]), int(key[5:])
        weeks = tuple(
            tuple(
                GridDay(day, day < today, day == today, tuple(by_day.get(day, ())))
                if day.month == month
                else None
                for day in week
            )
            for week in _WEEKS.monthdatescalendar(year, month)
        )
        grids.append(MonthGrid(key, weeks))
    return grids


def _entry(line: AgendaLine, catalog: Catalog) -> GridEntry:
    start = formatting.format_time(line.start, catalog)
    if line.is_meeting:
        return GridEntry(start, line.title, line.group_url or "", False, line.cancelled)
    title = line.title or catalog(f"pages.event_kind.{line.event_kind}")
    return GridEntry(start, title, line.event_url, True, line.cancelled)
