"""Dates, times and numbers as readers expect them, in French and in English.

Pure functions over a :class:`~plato_site.i18n.Catalog`; no MkDocs here.

Where the words and patterns come from:

* Month and weekday names, the order of the parts of a date and the shape of date
  ranges come from Babel (CLDR): skeletons ``yMMMEd``/``yMMMd``/``MMMEd``/``MMMd``/
  ``yMMMM`` and the ``yMMMd`` interval formats, widened to full names (``MMM`` →
  ``MMMM``, ``E`` → ``EEEE``) as the CLDR skeleton-matching rules prescribe.
* What CLDR lacks comes from ``locales/<lang>/dates.yml``: the ordinal first day of a
  month ("1er avril"), the "du … au …" range, French clock times, the schedule in
  words ("le 2e jeudi du mois"). English keeps CLDR's style ("Thursday, April 1,
  2027", "8:30 AM", "April 3–5, 2027"): its catalog templates hand the CLDR pieces on.

Typographic choices (French typography, Imprimerie nationale):

* "8 h 30": no-break spaces (U+00A0) on both sides of "h"; "12 h", never "12 h 00";
  hours without a leading zero, minutes always on two digits ("18 h 05").
* "8 h 30 – 12 h": a no-break space before the en dash so it never starts a line, a
  normal space after it (both live in the French catalog).
* "1er avril 2027": a no-break space between the day number and the month name, in
  every language, so that a day number is never left alone at the end of a line on a
  phone; the other spaces (weekday, year) stay breakable.
* Numbers keep Babel's separators (narrow no-break space U+202F for French thousands).
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.lists import format_list

from plato_site.i18n import Catalog

NO_BREAK_SPACE = "\u00a0"

# French typography for text staff type: the space they put before ":", ";", "!", "?" and
# "»", and after "«", must not break the line (a lone "?" at the start of a line). Only a
# typed space is replaced: "8:30" and "https://…" have none and stay as they are.
_BREAKABLE_SPACE = re.compile(r"[ \t]+(?=[:;!?»])|(?<=«)[ \t]+")


def french_spacing(text: str) -> str:
    """Staff text with no-break spaces where French typography wants them."""
    # Called on every value a template prints: most have nothing to change.
    return _BREAKABLE_SPACE.sub(NO_BREAK_SPACE, text) if _BREAKABLE_SPACE.search(text) else text


# Week numbers of a monthly rule → key of ``dates.week_ordinal``.
_WEEK_ORDINAL_KEYS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

# CLDR skeletons (abbreviated, as CLDR stores them) by (weekday, year).
_DATE_SKELETONS = {
    (True, True): "yMMMEd",
    (False, True): "yMMMd",
    (True, False): "MMMEd",
    (False, False): "MMMd",
}
_DATE_RANGE_SKELETON = "yMMMd"
_MONTH_SKELETON = "yMMMM"

# A pattern token: literal text, or a (field letter, width) pair such as ("M", 4).
_Token = str | tuple[str, int]


def format_date(d: date, catalog: Catalog, *, weekday: bool = True, year: bool = True) -> str:
    """``jeudi 1er avril 2027`` / ``Thursday, April 1, 2027``."""
    pattern = _skeleton_pattern(catalog, _DATE_SKELETONS[(weekday, year)])
    return _render(_tokens(pattern), d, catalog)


def format_date_range(start: date, end: date, catalog: Catalog) -> str:
    """``du 30 mars au 2 avril 2027`` / ``March 30 – April 2, 2027``.

    The part both dates share (year, month) is written once, after the end date;
    a one-day range is just :func:`format_date`.
    """
    if end < start:
        raise ValueError(f"date range ends ({end}) before it starts ({start})")
    if end == start:
        return format_date(start, catalog)
    if start.year != end.year:
        greatest_difference = "y"
    elif start.month != end.month:
        greatest_difference = "M"
    else:
        greatest_difference = "d"
    first_half, second_half = catalog.locale.interval_formats[_DATE_RANGE_SKELETON][
        greatest_difference
    ]
    start_tokens, separator = _split_trailing_chars(_tokens(first_half))
    return catalog(
        "dates.date_range",
        start=_render(start_tokens, start, catalog),
        end=_render(_tokens(second_half), end, catalog),
        separator=separator,
    )


def format_month(year: int, month: int, catalog: Catalog, *, capitalized: bool = False) -> str:
    """``avril 2027`` (``Avril 2027`` with ``capitalized=True``, for headings)."""
    pattern = _skeleton_pattern(catalog, _MONTH_SKELETON)
    text = _render(_tokens(pattern), date(year, month, 1), catalog)
    return text[:1].upper() + text[1:] if capitalized else text


def format_time(t: time, catalog: Catalog) -> str:
    """``8 h 30``, ``12 h`` / ``8:30 AM`` (seconds are never shown)."""
    key = "dates.time_on_the_hour" if t.minute == 0 else "dates.time"
    clock = str(babel_dates.format_time(t, "short", locale=catalog.locale))
    return catalog(key, hour=t.hour, minute=t.minute, clock=clock)


def format_time_range(start: time, end: time, catalog: Catalog) -> str:
    """``8 h 30 – 12 h`` / ``8:30 AM – 12:00 PM``."""
    if end < start:
        raise ValueError(f"time range ends ({end}) before it starts ({start})")
    return catalog(
        "dates.time_range",
        start=format_time(start, catalog),
        end=format_time(end, catalog),
    )


def format_datetime(d: date, start: time, end: time | None, catalog: Catalog) -> str:
    """``jeudi 1er avril 2027, 8 h 30 – 12 h`` (just the start time when ``end`` is None)."""
    hours = format_time(start, catalog) if end is None else format_time_range(start, end, catalog)
    return catalog("dates.datetime", date=format_date(d, catalog), time=hours)


def format_weekday_rule(week: int, weekday: int, catalog: Catalog) -> str:
    """A monthly schedule in words: ``le 2e jeudi du mois`` / ``the second Thursday of the month``.

    ``week`` is 1 to 5, or -1 for the last one; ``weekday`` is 0 (Monday) to 6 (Sunday).
    """
    if week not in _WEEK_ORDINAL_KEYS:
        raise ValueError(f"week must be 1 to 5 or -1, not {week}")
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    return catalog(
        "dates.weekday_rule",
        ordinal=catalog(f"dates.week_ordinal.{_WEEK_ORDINAL_KEYS[week]}"),
        weekday=catalog.locale.days["format"]["wide"][weekday],
    )


def format_number(n: int | float | Decimal, catalog: Catalog) -> str:
    """``12 345`` (narrow no-break space in French) / ``12,345``."""
    return str(babel_numbers.format_decimal(n, locale=catalog.locale))


def format_percent(fraction: float | Decimal, catalog: Catalog) -> str:
    """``0.25`` → ``25 %`` (Babel puts a no-break space before "%" in French) / ``25%``."""
    return str(babel_numbers.format_percent(fraction, locale=catalog.locale))


def _skeleton_pattern(catalog: Catalog, skeleton: str) -> str:
    return str(catalog.locale.datetime_skeletons[skeleton].pattern)


def _tokens(pattern: str) -> list[_Token]:
    """CLDR pattern → tokens, month and weekday names widened to their full form."""
    tokens: list[_Token] = []
    for kind, value in babel_dates.tokenize_pattern(pattern):
        if kind == "chars":
            tokens.append(str(value))
            continue
        letter, width = str(value[0]), int(value[1])
        if (letter in "ML" and width == 3) or (letter == "E" and width < 4):
            width = 4
        tokens.append((letter, width))
    return tokens


def _split_trailing_chars(tokens: list[_Token]) -> tuple[list[_Token], str]:
    """Separate the literal text ending an interval's first half (its dash)."""
    trailing = ""
    while tokens and isinstance(tokens[-1], str):
        trailing = tokens[-1] + trailing
        tokens = tokens[:-1]
    return tokens, trailing


def _render(tokens: list[_Token], d: date, catalog: Catalog) -> str:
    fields = babel_dates.DateTimeFormat(d, catalog.locale)
    parts: list[str] = []
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            binds = token == " " and _between_day_and_month(tokens, index)
            parts.append(NO_BREAK_SPACE if binds else token)
        elif token[0] == "d" and d.day == 1:
            parts.append(catalog("dates.first_day_of_month"))
        else:
            letter, width = token
            parts.append(str(fields[letter * width]))
    return "".join(parts)


def _between_day_and_month(tokens: list[_Token], index: int) -> bool:
    neighbours = tokens[max(index - 1, 0) : index] + tokens[index + 1 : index + 2]
    letters = {token[0] for token in neighbours if not isinstance(token, str)}
    return len(neighbours) == 2 and "d" in letters and bool(letters & {"M", "L"})


def format_month_list(months: list[int], catalog: Catalog) -> str:
    """``[8, 12]`` → "août et décembre" (CLDR month names and list pattern)."""
    names = babel_dates.get_month_names("wide", "format", locale=catalog.locale)
    return format_list([names[month] for month in sorted(set(months))], locale=catalog.locale)
