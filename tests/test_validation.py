"""Validation messages as staff read them: French, one line, exact file:line:column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from plato_site.errors import ContentError, ContentErrors, Location, parse_path
from plato_site.i18n import Catalog
from plato_site.places import entity_names
from plato_site.validate import load_content
from tests.helpers import REPO_ROOT

FR = Catalog("fr")

TERRITORY = """\
name: Roannais
region: Auvergne-Rhône-Alpes
since: 2007
chamber:
  name: CCI du Roannais
  address: {street: 8 rue Aristide Briand, postal_code: "42300", city: Roanne}
description: Un programme.
groups:
  - id: roannais-5
    name: Plato Roannais 5
    edition: 5
    capacity: {min: 10, max: 12}
    seats_taken: 7
    venue:
      name: CCI
      address: {street: 1 rue A, postal_code: "42300", city: Roanne}
    schedule:
      start_month: 2027-04
      weekday: thursday
      week: 2
      start_time: "8:30"
      end_time: "12:00"
"""


GROUP = "groupe 1 «\u00a0Plato Roannais 5\u00a0», "  # how staff read groups[0]


def make_content(tmp_path: Path, territory: str, name: str = "roannais.yml") -> Path:
    content = tmp_path / "content"
    (content / "territoires").mkdir(parents=True)
    (content / "reseau.yml").write_text(
        (REPO_ROOT / "content" / "reseau.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (content / "territoires" / name).write_text(territory, encoding="utf-8")
    return content


def error_lines(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(content, content.parent)
    return caught.value.format(FR)


def test_valid_territory_loads(tmp_path: Path) -> None:
    content = load_content(make_content(tmp_path, TERRITORY), tmp_path)
    assert [t.slug for t in content.territories] == ["roannais"]
    assert content.territories[0].territory.groups[0].meeting_count == 24


def test_bad_date_names_file_line_column_and_field(tmp_path: Path) -> None:
    bad = TERRITORY.replace("start_month: 2027-04", "start_month: mars 2027")
    lines = error_lines(make_content(tmp_path, bad))
    assert lines == [
        "content/territoires/roannais.yml:18:20: "
        f"{GROUP}schedule.start_month: "
        "mois attendu (AAAA-MM, par exemple 2027-04), trouvé « mars 2027 »"
    ]


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    bad = TERRITORY.replace("since: 2007", "since: vers 2007").replace(
        'end_time: "12:00"', 'end_time: "25:00"'
    )
    lines = error_lines(make_content(tmp_path, bad))
    assert len(lines) == 2
    assert lines[0].startswith("content/territoires/roannais.yml:3:8: since: nombre entier attendu")
    assert lines[1].startswith(f"content/territoires/roannais.yml:22:17: {GROUP}schedule.end_time:")
    assert "heure inexistante « 25:00 »" in lines[1]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    bad = TERRITORY.replace("    seats_taken: 7", "    seat_taken: 7")
    lines = error_lines(make_content(tmp_path, bad))
    assert lines == [
        f"content/territoires/roannais.yml:13:5: {GROUP}seat_taken: "
        "clé inconnue « seat_taken » ; vouliez-vous dire « seats_taken » ?"
    ]


def test_missing_field_points_at_its_parent(tmp_path: Path) -> None:
    bad = TERRITORY.replace("    edition: 5\n", "")
    lines = error_lines(make_content(tmp_path, bad))
    assert lines == [
        f"content/territoires/roannais.yml:9:5: {GROUP}edition: champ obligatoire manquant"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("capacity: {min: 10, max: 12}", "capacity: {min: 14, max: 12}"),
            GROUP + "capacity: le minimum (14) dépasse le maximum (12)",
        ),
        (
            ("seats_taken: 7", "seats_taken: 13"),
            GROUP + "seats_taken: places prises (13) supérieures à la capacité maximale (12)",
        ),
        (
            ("weekday: thursday", "weekday: jedi"),
            GROUP + "schedule.weekday: jour attendu, trouvé « jedi » : "
            "vouliez-vous écrire « jeudi »",
        ),
        (
            ("weekday: thursday", "weekday: 4"),
            GROUP + "schedule.weekday: jour attendu (lundi, mardi, mercredi, jeudi, vendredi, "
            "samedi ou dimanche), trouvé « 4 »",
        ),
        (
            ("id: roannais-5", "id: Roannais 5"),
            GROUP + "id: identifiant invalide « Roannais 5 »",
        ),
        (
            ('end_time: "12:00"', 'end_time: "8:00"'),
            GROUP + "schedule.end_time: "
            "l'heure de fin (08:00) doit suivre l'heure de début (08:30)",
        ),
    ],
)
def test_model_rules(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    lines = error_lines(make_content(tmp_path, TERRITORY.replace(*change)))
    assert len(lines) == 1
    assert expected in lines[0]


def test_override_of_a_meeting_that_does_not_exist(tmp_path: Path) -> None:
    bad = TERRITORY + "    meetings:\n      - number: 40\n        topic: Export\n"
    (line,) = error_lines(make_content(tmp_path, bad))
    assert line == (
        f"content/territoires/roannais.yml:24:17: {GROUP}rencontre n°\u00a040, number: "
        "la rencontre n° 40 n'existe pas : le groupe en compte 24"
    )


def test_testimonial_must_name_a_group_of_the_territory(tmp_path: Path) -> None:
    bad = TERRITORY + textwrap.dedent(
        """\
        testimonials:
          - quote: Très utile.
            author: Anne
            company: ACME
            group: roannais-9
            year: 2026
            consent_date: 2026-05-01
        """
    )
    (line,) = error_lines(make_content(tmp_path, bad))
    assert line.startswith("content/territoires/roannais.yml:27:12: témoignage 1 (Anne), group:")
    assert "« roannais-9 » inconnu" in line


def test_duplicate_group_ids_across_files(tmp_path: Path) -> None:
    content = make_content(tmp_path, TERRITORY)
    other = TERRITORY.replace("name: Roannais\n", "name: Forez\n")
    (content / "territoires" / "forez.yml").write_text(other, encoding="utf-8")
    lines = error_lines(content)
    assert lines == [
        f"content/territoires/roannais.yml:9:9: {GROUP}id: l'identifiant de groupe "
        "« roannais-5 » est déjà utilisé dans content/territoires/forez.yml"
    ]


def test_file_name_that_cannot_be_an_address(tmp_path: Path) -> None:
    lines = error_lines(make_content(tmp_path, TERRITORY, name="Roannais Nord.yml"))
    assert len(lines) == 1
    assert lines[0].startswith("content/territoires/Roannais Nord.yml:1:1: ")
    assert "nom de fichier « Roannais Nord »" in lines[0]


def test_messages_exist_in_english_too(tmp_path: Path) -> None:
    bad = TERRITORY.replace("    seats_taken: 7", "    seat_taken: 7")
    with pytest.raises(ContentErrors) as caught:
        load_content(make_content(tmp_path, bad), tmp_path)
    (line,) = caught.value.format(Catalog("en"))
    assert line.endswith("unknown key “seat_taken”; did you mean “seats_taken”?")


def test_weekday_may_be_written_in_french(tmp_path: Path) -> None:
    french = TERRITORY.replace("weekday: thursday", "weekday: Jeudi")
    content = load_content(make_content(tmp_path, french), tmp_path)
    schedule = content.territories[0].territory.groups[0].schedule
    assert schedule.weekday.value == "thursday"


def test_a_new_start_time_alone_cannot_end_before_it_starts(tmp_path: Path) -> None:
    """The guide's move: `start_time: "14h"` on a 8:30-12:00 group keeps 12:00 as its end."""
    moved = TERRITORY + '    meetings:\n      - number: 5\n        start_time: "14h"\n'
    (line,) = error_lines(make_content(tmp_path, moved))
    assert line == (
        f"content/territoires/roannais.yml:25:21: {GROUP}rencontre n°\u00a05, start_time: "
        "la rencontre n°\u00a05 commencerait à 14:00, après l'heure de fin du groupe (12:00) : "
        "indiquez aussi sa nouvelle heure de fin (end_time)"
    )
    fixed = moved + '        end_time: "17h30"\n'
    assert load_content(make_content(tmp_path / "fixed", fixed), tmp_path / "fixed")


def test_a_mistake_in_a_shared_anchor_is_reported_once_where_it_is_written(
    tmp_path: Path,
) -> None:
    shared = (
        TERRITORY.replace(
            '    venue:\n      name: CCI\n      address: {street: 1 rue A, postal_code: "42300", '
            "city: Roanne}",
            "    venue: &cci\n      name: CCI\n      address: {street: 42, "
            'postal_code: "42300", city: Roanne}',
        )
        + "events:\n"
        + "".join(
            f"  - {{id: info-{n}, kind: other, date: 2027-0{n}-01, start_time: 9h,"
            f" end_time: 10h, venue: *cci}}\n"
            for n in (1, 2, 3)
        )
    )
    (line,) = error_lines(make_content(tmp_path, shared))
    assert line.startswith(
        f"content/territoires/roannais.yml:16:25: {GROUP}venue.address.street: "
        "texte attendu : mettez « 42 » entre guillemets"
    )
    assert line.endswith("utilisée à 4\u00a0endroits\u00a0: corrigez-la ici, une seule fois)")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("name", "name"),
        ("chamber.address.postal_code", "chamber.address.postal_code"),
        ("groups[1]", "groupe 2 «\u00a0Plato Roannais 5\u00a0»"),
        (
            "groups[1].meetings[0].date",
            "groupe 2 «\u00a0Plato Roannais 5\u00a0», rencontre n°\u00a020, date",
        ),
        (
            "groups[0].meetings[3].date",
            "groupe 1 «\u00a0r-4\u00a0», rencontre 4 de la liste meetings, date",
        ),
        (
            "groups[1].schedule.skip_months[0]",
            "groupe 2 «\u00a0Plato Roannais 5\u00a0», schedule.skip_months (élément 1)",
        ),
        (
            "events[0].registration.phone.number",
            "événement 1 «\u00a0Réunion\u00a0», registration.phone.number",
        ),
        ("how_to_join.faq[2].answer", "how_to_join, question 3, answer"),
    ],
)
def test_places_are_counted_from_one_and_named(path: str, expected: str) -> None:
    data = {
        "groups": [{"id": "r-4"}, {"name": "Plato Roannais 5", "meetings": [{"number": 20}]}],
        "events": [{"id": "info", "title": "Réunion"}],
    }
    parsed = parse_path(path)
    assert parsed is not None
    error = ContentError(
        Location("x.yml"), path, "validate.missing", names=entity_names(data, parsed)
    )
    assert error.place(FR) == expected
