"""Dates, times and numbers exactly as a reader sees them, in French and in English."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from plato_site.formatting import (
    format_date,
    format_date_range,
    format_datetime,
    format_month,
    format_number,
    format_percent,
    format_time,
    format_time_range,
    format_weekday_rule,
)
from plato_site.i18n import Catalog

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space
THIN = "\u2009"  # thin space (CLDR's English range dash)

FR = Catalog("fr")
EN = Catalog("en")


@pytest.mark.parametrize(
    ("day", "weekday", "year", "french", "english"),
    [
        (
            date(2027, 4, 1),
            True,
            True,
            f"jeudi 1er{NBSP}avril 2027",
            f"Thursday, April{NBSP}1, 2027",
        ),
        (
            date(2027, 4, 13),
            True,
            True,
            f"mardi 13{NBSP}avril 2027",
            f"Tuesday, April{NBSP}13, 2027",
        ),
        (date(2027, 4, 5), True, True, f"lundi 5{NBSP}avril 2027", f"Monday, April{NBSP}5, 2027"),
        (
            date(2026, 12, 31),
            True,
            True,
            f"jeudi 31{NBSP}décembre 2026",
            f"Thursday, December{NBSP}31, 2026",
        ),
        (
            date(2027, 1, 1),
            True,
            True,
            f"vendredi 1er{NBSP}janvier 2027",
            f"Friday, January{NBSP}1, 2027",
        ),
        (date(2027, 2, 1), False, True, f"1er{NBSP}février 2027", f"February{NBSP}1, 2027"),
        (date(2027, 8, 15), True, False, f"dimanche 15{NBSP}août", f"Sunday, August{NBSP}15"),
        (date(2027, 10, 1), False, False, f"1er{NBSP}octobre", f"October{NBSP}1"),
    ],
)
def test_format_date(day: date, weekday: bool, year: bool, french: str, english: str) -> None:
    assert format_date(day, FR, weekday=weekday, year=year) == french
    assert format_date(day, EN, weekday=weekday, year=year) == english


@pytest.mark.parametrize(
    ("start", "end", "french", "english"),
    [
        (
            date(2027, 4, 3),
            date(2027, 4, 5),
            f"du 3 au 5{NBSP}avril 2027",
            f"April{NBSP}3{THIN}–{THIN}5, 2027",
        ),
        (
            date(2027, 4, 1),
            date(2027, 4, 2),
            f"du 1er au 2{NBSP}avril 2027",
            f"April{NBSP}1{THIN}–{THIN}2, 2027",
        ),
        (
            date(2027, 3, 30),
            date(2027, 4, 2),
            f"du 30{NBSP}mars au 2{NBSP}avril 2027",
            f"March{NBSP}30{THIN}–{THIN}April{NBSP}2, 2027",
        ),
        (
            date(2027, 3, 31),
            date(2027, 4, 1),
            f"du 31{NBSP}mars au 1er{NBSP}avril 2027",
            f"March{NBSP}31{THIN}–{THIN}April{NBSP}1, 2027",
        ),
        (
            date(2026, 12, 28),
            date(2027, 1, 3),
            f"du 28{NBSP}décembre 2026 au 3{NBSP}janvier 2027",
            f"December{NBSP}28, 2026{THIN}–{THIN}January{NBSP}3, 2027",
        ),
    ],
)
def test_format_date_range(start: date, end: date, french: str, english: str) -> None:
    assert format_date_range(start, end, FR) == french
    assert format_date_range(start, end, EN) == english


def test_one_day_range_is_that_date() -> None:
    day = date(2027, 4, 1)
    assert format_date_range(day, day, FR) == f"jeudi 1er{NBSP}avril 2027"
    assert format_date_range(day, day, EN) == f"Thursday, April{NBSP}1, 2027"


def test_date_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        format_date_range(date(2027, 4, 5), date(2027, 4, 3), FR)


@pytest.mark.parametrize(
    ("moment", "french", "english"),
    [
        (time(8, 30), f"8{NBSP}h{NBSP}30", f"8:30{NNBSP}AM"),
        (time(12, 0), f"12{NBSP}h", f"12:00{NNBSP}PM"),
        (time(18, 5), f"18{NBSP}h{NBSP}05", f"6:05{NNBSP}PM"),
        (time(0, 0), f"0{NBSP}h", f"12:00{NNBSP}AM"),
        (time(9, 0, 45), f"9{NBSP}h", f"9:00{NNBSP}AM"),
        (time(23, 59), f"23{NBSP}h{NBSP}59", f"11:59{NNBSP}PM"),
    ],
)
def test_format_time(moment: time, french: str, english: str) -> None:
    assert format_time(moment, FR) == french
    assert format_time(moment, EN) == english


@pytest.mark.parametrize(
    ("start", "end", "french", "english"),
    [
        (
            time(8, 30),
            time(12),
            f"8{NBSP}h{NBSP}30{NBSP}– 12{NBSP}h",
            f"8:30{NNBSP}AM – 12:00{NNBSP}PM",
        ),
        (
            time(12),
            time(14, 15),
            f"12{NBSP}h{NBSP}– 14{NBSP}h{NBSP}15",
            f"12:00{NNBSP}PM – 2:15{NNBSP}PM",
        ),
        (
            time(18, 5),
            time(20),
            f"18{NBSP}h{NBSP}05{NBSP}– 20{NBSP}h",
            f"6:05{NNBSP}PM – 8:00{NNBSP}PM",
        ),
    ],
)
def test_format_time_range(start: time, end: time, french: str, english: str) -> None:
    assert format_time_range(start, end, FR) == french
    assert format_time_range(start, end, EN) == english


def test_time_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        format_time_range(time(12), time(8, 30), FR)


def test_format_datetime_with_and_without_end() -> None:
    day = date(2027, 4, 1)
    assert (
        format_datetime(day, time(8, 30), time(12), FR)
        == f"jeudi 1er{NBSP}avril 2027, 8{NBSP}h{NBSP}30{NBSP}– 12{NBSP}h"
    )
    assert (
        format_datetime(day, time(18, 5), None, FR)
        == f"jeudi 1er{NBSP}avril 2027, 18{NBSP}h{NBSP}05"
    )
    assert (
        format_datetime(day, time(8, 30), time(12), EN)
        == f"Thursday, April{NBSP}1, 2027, 8:30{NNBSP}AM – 12:00{NNBSP}PM"
    )


@pytest.mark.parametrize(
    ("year", "month", "french", "french_heading", "english"),
    [
        (2027, 4, "avril 2027", "Avril 2027", "April 2027"),
        (2026, 12, "décembre 2026", "Décembre 2026", "December 2026"),
        (2027, 8, "août 2027", "Août 2027", "August 2027"),
    ],
)
def test_format_month(
    year: int, month: int, french: str, french_heading: str, english: str
) -> None:
    assert format_month(year, month, FR) == french
    assert format_month(year, month, FR, capitalized=True) == french_heading
    assert format_month(year, month, EN) == english
    assert format_month(year, month, EN, capitalized=True) == english


@pytest.mark.parametrize(
    ("week", "weekday", "french", "english"),
    [
        (1, 1, "le 1er mardi du mois", "the first Tuesday of the month"),
        (2, 3, "le 2e jeudi du mois", "the second Thursday of the month"),
        (3, 0, "le 3e lundi du mois", "the third Monday of the month"),
        (4, 2, "le 4e mercredi du mois", "the fourth Wednesday of the month"),
        (5, 6, "le 5e dimanche du mois", "the fifth Sunday of the month"),
        (-1, 4, "le dernier vendredi du mois", "the last Friday of the month"),
    ],
)
def test_format_weekday_rule(week: int, weekday: int, french: str, english: str) -> None:
    assert format_weekday_rule(week, weekday, FR) == french
    assert format_weekday_rule(week, weekday, EN) == english


@pytest.mark.parametrize(("week", "weekday"), [(0, 3), (6, 3), (-2, 3), (2, 7), (2, -1)])
def test_impossible_weekday_rule_is_refused(week: int, weekday: int) -> None:
    with pytest.raises(ValueError):
        format_weekday_rule(week, weekday, FR)


@pytest.mark.parametrize(
    ("number", "french", "english"),
    [
        (12, "12", "12"),
        (12345, f"12{NNBSP}345", "12,345"),
        (1234.5, f"1{NNBSP}234,5", "1,234.5"),
        (Decimal("0.75"), "0,75", "0.75"),
    ],
)
def test_format_number(number: int | float | Decimal, french: str, english: str) -> None:
    assert format_number(number, FR) == french
    assert format_number(number, EN) == english


@pytest.mark.parametrize(
    ("fraction", "french", "english"),
    [
        (0.25, f"25{NBSP}%", "25%"),
        (1, f"100{NBSP}%", "100%"),
        (Decimal("0.5"), f"50{NBSP}%", "50%"),
    ],
)
def test_format_percent(fraction: float | Decimal, french: str, english: str) -> None:
    assert format_percent(fraction, FR) == french
    assert format_percent(fraction, EN) == english


def test_english_and_french_date_messages_have_the_same_keys() -> None:
    def date_keys(catalog: Catalog) -> set[str]:
        return {key for key in catalog.messages if key.startswith("dates.")}

    assert date_keys(FR) == date_keys(EN)
