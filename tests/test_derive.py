"""Derived facts: meetings from the schedule rule, overrides, statuses across dates."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from plato_site.derive import GroupView, build_date, compute_figures, expand_meetings, group_status
from plato_site.models import Group, GroupStatus


def group(**changes: Any) -> Group:
    data: dict[str, Any] = {
        "id": "roannais-6",
        "name": "Plato Roannais 6",
        "edition": 6,
        "capacity": {"min": 10, "max": 12},
        "seats_taken": 7,
        "venue": {
            "name": "CCI du Roannais",
            "address": {"street": "8 rue A", "postal_code": "42300", "city": "Roanne"},
        },
        "schedule": {
            "start_month": "2027-04",
            "weekday": "thursday",
            "week": 2,
            "start_time": "8:30",
            "end_time": "12:00",
            "skip_months": [8],
        },
    }
    data.update(changes)
    return Group.model_validate(data)


def test_second_thursday_from_april_2027_skipping_august() -> None:
    meetings = expand_meetings(group())
    assert len(meetings) == 24
    assert [m.date for m in meetings[:6]] == [
        date(2027, 4, 8),
        date(2027, 5, 13),
        date(2027, 6, 10),
        date(2027, 7, 8),
        date(2027, 9, 9),  # no meeting in August
        date(2027, 10, 14),
    ]
    assert meetings[-1].date == date(2029, 5, 10)
    assert all(m.start == time(8, 30) and m.end == time(12) for m in meetings)
    assert [m.number for m in meetings] == list(range(1, 25))


def test_last_friday_rule_and_expert_default_of_twelve() -> None:
    expert = group(
        kind="expert",
        schedule={
            "start_month": "2027-01",
            "weekday": "friday",
            "week": -1,
            "start_time": "14h",
            "end_time": "17 h 30",
        },
    )
    meetings = expand_meetings(expert)
    assert len(meetings) == 12
    assert meetings[0].date == date(2027, 1, 29)
    assert meetings[1].date == date(2027, 2, 26)
    assert meetings[0].start == time(14) and meetings[0].end == time(17, 30)


def test_fifth_week_is_refused_most_months_have_none() -> None:
    # "The 5th Friday" exists in four months a year: never what a monthly group means.
    rule = {
        "start_month": "2027-01",
        "weekday": "friday",
        "week": 5,
        "start_time": "9:00",
        "end_time": "12:00",
    }
    with pytest.raises(ValidationError) as raised:
        group(schedule=rule)
    assert raised.value.errors()[0]["ctx"]["key"] == "validate.week_five"


def test_moved_meeting_keeps_its_number_and_records_the_change() -> None:
    moved = group(
        meetings=[
            {
                "number": 3,
                "date": "2027-06-17",
                "start_time": "14:00",
                "end_time": "17:30",
                "topic": "Gestion de crise",
                "changes": [{"announced": "2027-05-20", "reason": "Salle prise"}],
            },
            {"number": 5, "cancelled": {"announced": "2027-08-30", "reason": "Grève"}},
        ]
    )
    meetings = expand_meetings(moved)
    third = meetings[2]
    assert (third.number, third.date, third.start) == (3, date(2027, 6, 17), time(14))
    assert third.original_date == date(2027, 6, 10)
    assert third.topic == "Gestion de crise"
    assert (third.sequence, third.last_modified) == (1, date(2027, 5, 20))
    fifth = meetings[4]
    assert fifth.cancelled and fifth.cancel_reason == "Grève"
    assert fifth.date == date(2027, 9, 9)
    assert (fifth.sequence, fifth.last_modified) == (1, date(2027, 8, 30))
    untouched = meetings[3]
    assert untouched.sequence == 0 and not untouched.moved and not untouched.cancelled


@pytest.mark.parametrize(
    ("today", "seats", "expected"),
    [
        (date(2026, 11, 22), 7, GroupStatus.RECRUITING),
        (date(2026, 11, 22), 12, GroupStatus.FULL),
        (date(2027, 4, 8), 7, GroupStatus.RUNNING),  # the day of the first meeting
        (date(2028, 1, 1), 12, GroupStatus.RUNNING),
        (date(2029, 5, 10), 12, GroupStatus.RUNNING),  # the day of the last meeting
        (date(2029, 5, 11), 12, GroupStatus.FINISHED),
    ],
)
def test_status_follows_dates_and_capacity(today: date, seats: int, expected: GroupStatus) -> None:
    g = group(seats_taken=seats)
    assert group_status(g, expand_meetings(g), today) is expected


def test_explicit_status_wins() -> None:
    g = group(status="full")
    assert group_status(g, expand_meetings(g), date(2026, 11, 22)) is GroupStatus.FULL


def test_build_date_comes_from_source_date_epoch_in_paris_time() -> None:
    # 2026-12-31 23:30 UTC is already 1 January in Paris.
    assert build_date({"SOURCE_DATE_EPOCH": "1798759800"}) == date(2027, 1, 1)
    # Without it, today's date in Paris (read twice: the test may straddle midnight).
    before = datetime.now(ZoneInfo("Europe/Paris")).date()
    found = build_date({})
    assert found in {before, datetime.now(ZoneInfo("Europe/Paris")).date()}


def test_expert_members_are_counted_once_among_leaders_welcomed() -> None:
    """An Expert group gathers former members of a Plato group: "Dirigeants accueillis"
    counts them in their Plato group only."""
    today = date(2030, 1, 1)  # both groups have started

    def view(g: Group) -> GroupView:
        meetings = expand_meetings(g)
        return GroupView(
            g, "roannais", "Roannais", meetings, group_status(g, meetings, today), today
        )

    plato = group(seats_taken=12)
    expert = group(id="roannais-e1", name="Expert Roannais", kind="expert", seats_taken=8)
    figures = compute_figures([view(plato), view(expert)])
    assert figures.groups_run == 2
    assert figures.leaders_welcomed == 12
