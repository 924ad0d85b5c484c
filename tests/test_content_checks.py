"""The warnings staff asked for (public holidays, two meetings on one day, a registration
deadline after the event, a misspelt region) and the placeholders refused at build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plato_site.cli import main
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.validate import load_content
from tests.helpers import copy_project, source_date
from tests.test_validation import GROUP, TERRITORY, make_content

FR = Catalog("fr")
EN = Catalog("en")
ROANNAIS = "content/territoires/roannais.yml"

# TERRITORY's group: 2nd Thursday from April 2027; its 8th meeting would be 11 November 2027.
EVENT = """\
events:
  - id: info
    kind: information_meeting
    date: {date}
    start_time: "18h"
    end_time: "19h30"
    venue:
      name: CCI
      address: {{street: 1 rue A, postal_code: "{postal_code}", city: Ville}}
    registration:
      email: plato@example.org
      deadline: {deadline}
"""


@pytest.fixture(autouse=True)
def _example_date() -> Iterator[None]:
    with source_date():  # 22 November 2026
        yield


def warnings_of(tmp_path: Path, territory: str, catalog: Catalog = FR) -> list[str]:
    content = load_content(make_content(tmp_path, territory), tmp_path)
    return [warning.format(catalog) for warning in content.warnings]


def event(date: str, postal_code: str = "42300", deadline: str = "2027-01-01") -> str:
    return EVENT.format(date=date, postal_code=postal_code, deadline=deadline)


def test_a_meeting_the_rule_puts_on_a_public_holiday(tmp_path: Path) -> None:
    assert warnings_of(tmp_path, TERRITORY) == [
        f"content/territoires/roannais.yml:18:7: {GROUP}schedule: la rencontre n°\u00a08 tombe "
        "le jeudi 11\u00a0novembre 2027, jour férié (Armistice)\u00a0: déplacez-la dans la "
        "liste meetings (fiche «\u00a0Déplacer ou annuler une rencontre\u00a0»)"
    ]
    (english,) = warnings_of(tmp_path / "en", TERRITORY, EN)
    assert (
        "meeting no. 8 falls on Thursday, November 11, 2027, a public holiday (Armistice Day)"
        in english.replace("\u202f", " ").replace("\u00a0", " ")
    )


def test_moving_it_clears_the_warning_and_moving_onto_a_holiday_warns_at_the_date(
    tmp_path: Path,
) -> None:
    moved = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-11-18\n"
    assert warnings_of(tmp_path, moved) == []
    ascension = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-05-06\n"
    lines = warnings_of(tmp_path / "b", ascension)
    assert [line.split(": ")[0] for line in lines] == ["content/territoires/roannais.yml:25:15"]
    assert "(Ascension)" in lines[0] and "rencontre n°\u00a08, date" in lines[0]


def test_a_cancelled_meeting_on_a_holiday_is_fine(tmp_path: Path) -> None:
    cancelled = TERRITORY + (
        "    meetings:\n      - number: 8\n        cancelled: {announced: 2026-11-01}\n"
    )
    assert warnings_of(tmp_path, cancelled) == []


@pytest.mark.parametrize(
    ("postal_code", "warned"),
    [("42300", False), ("57000", True), ("67000", True), ("68100", True)],
)
def test_good_friday_is_a_holiday_in_alsace_moselle_only(
    tmp_path: Path, postal_code: str, warned: bool
) -> None:
    moved = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-11-18\n"
    lines = warnings_of(tmp_path, moved + event("2027-03-26", postal_code))
    assert bool(lines) is warned
    if warned:
        assert (
            "l'événement tombe le vendredi 26\u00a0mars 2027, jour férié (Vendredi saint)"
            in lines[0]
        )


def test_two_meetings_of_a_group_on_one_day(tmp_path: Path) -> None:
    # The 7th meeting is on 14 October 2027; the 5th is moved onto it.
    moved = TERRITORY + (
        "    meetings:\n      - number: 5\n        date: 2027-10-14\n"
        "      - number: 8\n        date: 2027-11-18\n"
    )
    (line,) = warnings_of(tmp_path, moved)
    assert line.startswith(
        f"content/territoires/roannais.yml:25:15: {GROUP}rencontre n°\u00a05, date: "
    )
    assert "le même jour que la rencontre n°\u00a07 du groupe" in line


def test_registration_deadline_after_the_event(tmp_path: Path) -> None:
    moved = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-11-18\n"
    (line,) = warnings_of(tmp_path, moved + event("2027-01-28", deadline="2027-02-01"))
    assert "événement 1 «\u00a0info\u00a0», registration.deadline: " in line
    assert (
        "la date limite d'inscription (lundi 1er\u00a0février 2027) tombe après "
        "l'événement (jeudi 28\u00a0janvier 2027)" in line
    )


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("Auvergne-Rhône-Alpes", None),
        ("Grand Est", None),
        ("Auvergne Rhone Alpes", "vouliez-vous écrire «\u00a0Auvergne-Rhône-Alpes\u00a0»"),
        ("Ile de France", "vouliez-vous écrire «\u00a0Île-de-France\u00a0»"),
        ("Auvergne-Rhône-Alps", "vouliez-vous écrire «\u00a0Auvergne-Rhône-Alpes\u00a0»"),
        ("Loire", "«\u00a0Loire\u00a0» n'est pas une région française"),
    ],
)
def test_a_region_that_is_not_french(tmp_path: Path, region: str, expected: str | None) -> None:
    moved = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-11-18\n"
    lines = warnings_of(tmp_path, moved.replace("Auvergne-Rhône-Alpes", region))
    if expected is None:
        assert lines == []
    else:
        (line,) = lines
        assert line.startswith("content/territoires/roannais.yml:2:9: region: ")
        assert expected in line


def test_placeholders_are_refused(tmp_path: Path) -> None:
    bad = TERRITORY.replace("name: CCI\n", "name: À compléter\n")
    with pytest.raises(ContentErrors) as caught:
        load_content(make_content(tmp_path, bad), tmp_path)
    assert caught.value.format(FR) == [
        f"content/territoires/roannais.yml:15:13: {GROUP}venue.name: "
        "«\u00a0À COMPLÉTER\u00a0» reste à remplacer\u00a0: ce texte ne doit pas être publié"
    ]


def test_the_example_content_has_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example's mkdocs.yml is strict: a warning would stop its build."""
    monkeypatch.chdir(copy_project(tmp_path))
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().err


def test_a_regional_number_for_a_misspelt_region(tmp_path: Path) -> None:
    moved = TERRITORY + "    meetings:\n      - number: 8\n        date: 2027-11-18\n"
    content = make_content(tmp_path, moved)
    network = content / "reseau.yml"
    text = network.read_text(encoding="utf-8")
    assert "regions: [Île-de-France]" in text
    network.write_text(
        text.replace("regions: [Île-de-France]", "regions: [Ile de France]"), encoding="utf-8"
    )
    (line,) = [w.format(FR) for w in load_content(content, tmp_path).warnings]
    assert line.startswith("content/reseau.yml:")
    assert ", regions (élément 1): région «\u00a0Ile de France\u00a0» inconnue" in line
    assert "vouliez-vous écrire «\u00a0Île-de-France\u00a0»" in line
