"""Computed figures never contradict the page: a count over the groups published here is shown
as a total only when they are the whole history; otherwise the page shows what the groups'
numbering implies, and a figure staff declare for the same measure wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plato_site.derive import (
    GroupView,
    ShownFigure,
    expand_meetings,
    group_status,
    history_complete,
    shown_figures,
)
from plato_site.i18n import Catalog
from plato_site.models import Figure, FigureMeasure
from tests.test_derive import group

TODAY = date(2026, 11, 22)
GROUPS, LEADERS, MEETINGS = FigureMeasure.GROUPS, FigureMeasure.LEADERS, FigureMeasure.MEETINGS


def view(edition: int, start: str, kind: str = "plato", seats: int = 10) -> GroupView:
    """Group number ``edition`` of its kind, meeting monthly from ``start`` (YYYY-MM)."""
    g = group(
        id=f"g-{kind}-{edition}",
        name=f"Plato {kind} {edition}",
        kind=kind,
        edition=edition,
        seats_taken=seats,
        schedule={
            "start_month": start,
            "weekday": "thursday",
            "week": 2,
            "start_time": "8:30",
            "end_time": "12:00",
        },
    )
    meetings = expand_meetings(g)
    return GroupView(g, "t", "T", meetings, group_status(g, meetings, TODAY), TODAY)


def declared(counts: FigureMeasure | None) -> Figure:
    return Figure(label="Déclaré", value="plus de 100", source="CCI", counts=counts)


def values(figures: list[ShownFigure]) -> dict[tuple[FigureMeasure, str], int]:
    return {(f.measure, f.basis): f.value for f in figures}


def test_whole_history_shows_totals_and_counts_expert_members_once() -> None:
    groups = [
        view(1, "2022-01", seats=12),  # finished
        view(2, "2025-09", seats=11),  # running
        view(3, "2027-04", seats=4),  # recruiting: not started, not counted
        view(1, "2024-09", kind="expert", seats=8),  # former Plato members
    ]
    assert history_complete(groups)
    shown = values(shown_figures(groups, []))
    assert shown[(GROUPS, "published")] == 3  # two Plato and one Expert started
    assert shown[(LEADERS, "published")] == 12 + 11  # not the Expert group's 8 again
    held = sum(g.held_meetings for g in groups)
    assert shown[(MEETINGS, "published")] == held > 0


def test_roannais_case_partial_history_shows_the_implied_number_only() -> None:
    """Plato Roannais 4 (finished), 5 (running), 6 (recruiting): groups 1 to 3 ran, unpublished.
    "2 groups started" beside "Plato Roannais 6" would contradict the page."""
    groups = [view(4, "2013-04"), view(5, "2025-04"), view(6, "2027-04")]
    assert not history_complete(groups)
    assert values(shown_figures(groups, [])) == {(GROUPS, "numbering"): 5}


@pytest.mark.parametrize(
    ("editions", "implied"),
    [
        ([(6, "2027-04")], 5),  # only the next group: five before it
        ([(9, "2020-01"), (10, "2025-01")], 10),  # both started
        ([(2, "2019-01"), (3, "2027-04"), (4, "2028-04")], 2),  # two still to start
        ([(3, "2019-01"), (4, "2020-01")], 4),
    ],
)
def test_a_partial_count_is_never_below_the_numbering(
    editions: list[tuple[int, str]], implied: int
) -> None:
    groups = [view(edition, start) for edition, start in editions]
    shown = shown_figures(groups, [])
    assert values(shown) == {(GROUPS, "numbering"): implied}
    started_editions = [
        g.group.edition for g in groups if g.status.value in {"running", "finished"}
    ]
    assert all(f.value >= max(started_editions, default=0) for f in shown)


def test_a_missing_expert_edition_makes_the_history_partial() -> None:
    groups = [view(1, "2020-01"), view(2, "2023-01", kind="expert")]
    assert not history_complete(groups)
    assert values(shown_figures(groups, [])) == {(GROUPS, "numbering"): 1}


def test_a_declared_total_replaces_the_computed_figure() -> None:
    whole = [view(1, "2020-01"), view(2, "2023-01")]
    shown = shown_figures(whole, [declared(LEADERS), declared(None)])
    assert {f.measure for f in shown} == {GROUPS, MEETINGS}
    partial = [view(4, "2013-04"), view(5, "2025-04")]
    assert shown_figures(partial, [declared(GROUPS)]) == []


def test_nothing_started_nothing_computed() -> None:
    assert shown_figures([view(1, "2027-04")], []) == []
    assert shown_figures([], []) == []


def test_each_label_says_what_it_counts() -> None:
    """Every measure and basis the rule can produce has its label and note, in both languages."""
    for language in ("fr", "en"):
        catalog = Catalog(language)
        for measure, basis in [(m, "published") for m in FigureMeasure] + [(GROUPS, "numbering")]:
            assert catalog.has(f"proof.figures.{measure.value}_{basis}")
            assert catalog.has(f"proof.figures.basis_{basis}")
    assert "Expert" in Catalog("fr")("proof.figures.leaders_published")


def test_roannais_page_shows_no_total_below_group_six(example_site: Path) -> None:
    figures = _figures(example_site, "territoires/roannais")
    fr = Catalog("fr")
    assert figures[fr("proof.figures.groups_numbering")] == "5"
    assert fr("proof.figures.groups_published") not in figures
    assert fr("proof.figures.leaders_published") not in figures  # partial: no total of leaders
    # The declared figures stay, with their source.
    assert figures["Dirigeants accueillis sur les trois premiers programmes"] == "plus de 100"


def _figures(site: Path, path: str) -> dict[str, str]:
    soup = BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")
    return {
        div.dt.get_text(" ", strip=True): div.dd.strong.get_text(strip=True)
        for div in soup.select(".plato-figures .plato-figure")
    }


def test_home_adds_up_what_the_territory_pages_show(example_site: Path) -> None:
    """No territory of the example publishes its history from group 1: the network shows the
    sum of what each territory's numbering implies, never a total of the published groups."""
    label = Catalog("fr")("proof.figures.groups_numbering")
    territories = sorted(p.parent.name for p in (example_site / "territoires").glob("*/index.html"))
    per_territory = [int(_figures(example_site, f"territoires/{t}")[label]) for t in territories]
    home = _figures(example_site, "")
    assert int(home[label]) == sum(per_territory)
    assert Catalog("fr")("proof.figures.leaders_published") not in home
