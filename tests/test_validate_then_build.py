"""Whatever ``plato-site validate`` accepts also builds: no traceback at build time.

Hypothesis changes the values of the fields that drive dates and times (schedule rule,
moved and cancelled meetings, events, registration deadlines, counts, capacities) in a
territory that uses every field, at random; each content the validation step accepts must
then derive and render (pages and feeds), host-free. The guide's own example for moving a
meeting (a new start after the group's end) was such a case: validate said yes, the build
crashed.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from plato_site.errors import ContentErrors
from plato_site.pipeline import load_site, render_site
from tests.hostile import FULL_TERRITORY
from tests.test_properties import FR, SITE_URL, TODAY, content_with

Path = tuple[str | int, ...]

TIMES = st.sampled_from(
    [
        "0:00",
        "7:45",
        "8:30",
        "08:30",
        "8h",
        "9:00",
        "12:00",
        "12h30",
        "14h",
        "18:00",
        "23:59",
        8,
        14,
    ]
)
DATES = st.dates(date(2024, 1, 1), date(2031, 12, 31)).map(date.isoformat)
MONTHS = st.builds("{}-{:02d}".format, st.integers(2018, 2032), st.integers(1, 12))
WEEKDAYS = st.sampled_from(["monday", "Tuesday", "jeudi", "JEUDI", "vendredi", "sunday"])

GROUP: Path = ("groups", 0)
MOVED: Path = (*GROUP, "meetings", 0)
EVENT: Path = ("events", 0)

# (path, values) of the fields whose values the build computes with.
FIELDS: list[tuple[Path, st.SearchStrategy[Any]]] = [
    ((*GROUP, "schedule", "start_time"), TIMES),
    ((*GROUP, "schedule", "end_time"), TIMES),
    ((*GROUP, "schedule", "start_month"), MONTHS),
    ((*GROUP, "schedule", "weekday"), WEEKDAYS),
    ((*GROUP, "schedule", "week"), st.integers(-2, 6)),
    ((*GROUP, "schedule", "count"), st.none() | st.integers(0, 70)),
    ((*GROUP, "schedule", "skip_months"), st.lists(st.integers(0, 13), max_size=12)),
    ((*GROUP, "kind"), st.sampled_from(["plato", "expert"])),
    ((*GROUP, "status"), st.none() | st.sampled_from(["recruiting", "full", "finished"])),
    ((*GROUP, "seats_taken"), st.integers(-1, 20)),
    ((*GROUP, "capacity", "max"), st.integers(0, 20)),
    ((*GROUP, "published"), st.none() | DATES),
    ((*MOVED, "number"), st.integers(0, 30)),
    ((*MOVED, "date"), st.none() | DATES),
    ((*MOVED, "start_time"), st.none() | TIMES),
    ((*MOVED, "end_time"), st.none() | TIMES),
    ((*MOVED, "changes", 0, "announced"), DATES),
    ((*MOVED, "changes", 0, "previous_date"), st.none() | DATES),
    ((*GROUP, "meetings", 1, "number"), st.integers(0, 30)),
    ((*GROUP, "meetings", 1, "cancelled", "announced"), DATES),
    ((*EVENT, "date"), DATES),
    ((*EVENT, "start_time"), TIMES),
    ((*EVENT, "end_time"), TIMES),
    ((*EVENT, "registration", "deadline"), st.none() | DATES),
    ((*EVENT, "published"), st.none() | DATES),
    ((*EVENT, "changes", 0, "previous_date"), st.none() | DATES),
    (("events", 1, "date"), DATES),
]

changes = st.lists(
    st.sampled_from(range(len(FIELDS))).flatmap(
        lambda index: st.tuples(st.just(FIELDS[index][0]), FIELDS[index][1])
    ),
    min_size=1,
    max_size=4,
)


def changed(data: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    """``data`` with the value at ``path`` replaced (the key removed when ``value`` is None)."""
    result = copy.deepcopy(data)
    parent: Any = result
    for part in path[:-1]:
        parent = parent[part]
    if value is None:
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return result


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same 40 contents on every run: CI stays bounded and repeatable
)
@given(changes)
def test_what_validate_accepts_builds(edits: list[tuple[Path, Any]]) -> None:
    territory = FULL_TERRITORY
    for path, value in edits:
        territory = changed(territory, path, value)
    with content_with(territory) as root:
        try:
            site = load_site(root / "content", TODAY, root)
        except ContentErrors:
            event("refused by validate")
            return
        event("accepted")
        output = render_site(site, FR, site_url=SITE_URL, feeds=True)
    assert output.pages and output.feeds
