"""The home page's territory finder and map (issue 13), as staff and visitors meet them:
communes typed as La Poste writes them with French file:line messages for mistakes, the
finder's data in the page, and an inline SVG map with one link per territory."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plato_site.communes import parse_commune, search_key
from plato_site.derive import Site
from plato_site.i18n import Catalog
from plato_site.models import Coordinates
from plato_site.pipeline import load_site
from plato_site.render.map import territory_map, wrap
from plato_site.render.pages import PageRenderer
from plato_site.schedule import build_date
from plato_site.validate import load_content
from tests.helpers import REPO_ROOT, source_date
from tests.synthetic import generate_network
from tests.test_validation import TERRITORY, error_lines, make_content

FILE = "content/territoires/roannais.yml"


def _with_communes(*lines: str) -> str:
    return TERRITORY + "communes:\n" + "".join(f"  - {line}\n" for line in lines)


def _line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


# --- what staff write ------------------------------------------------------------------------


def test_communes_as_staff_type_them_are_kept_tidy() -> None:
    assert parse_commune("42300 Roanne") == ("42300", "Roanne")
    assert parse_commune("  05000   Gap ") == ("05000", "Gap")
    assert parse_commune("20000 Ajaccio") == ("20000", "Ajaccio")  # Corsica
    assert parse_commune("97400 Saint-Denis") == ("97400", "Saint-Denis")  # La Réunion


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("4230 Roanne", "« 4230 Roanne » : le code postal « 4230 » doit avoir 5 chiffres"),
        ("423000 Roanne", "le code postal « 423000 » doit avoir 5 chiffres"),
        ("99000 Nulle-Part", "« 99000 » n'est pas un code postal français"),
        ("00100 Nulle-Part", "« 00100 » n'est pas un code postal français"),
        ("Roanne 42300", "écrivez le code postal en premier : « 42300 Roanne »"),
        ("Roanne (42300)", "écrivez le code postal en premier : « 42300 Roanne »"),
        ("Roanne", "commune attendue sous la forme « code postal + nom »"),
        ("42300", "ajoutez le nom de la commune après le code postal"),
        ('"42300"', "ajoutez le nom de la commune après le code postal"),
    ],
)
def test_a_wrong_commune_line_says_what_to_write(tmp_path: Path, line: str, message: str) -> None:
    text = _with_communes("42153 Riorges", line)
    lines = error_lines(make_content(tmp_path, text))
    number = _line_of(text, f"  - {line}")
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{FILE}:{number}:5: communes (élément 2): "), lines[0]
    assert message in lines[0]


def test_a_commune_listed_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    text = _with_communes("42300 Roanne", "42300 Mably", "42300 ROANNE")
    lines = error_lines(make_content(tmp_path, text))
    assert lines == [
        f"{FILE}:{_line_of(text, '  - 42300 ROANNE')}:5: communes (élément 3): "
        "« 42300 ROANNE » figure déjà plus haut dans la liste des communes : retirez ce doublon"
    ]


def test_shared_postal_codes_and_communes_with_several_codes_are_accepted(
    tmp_path: Path,
) -> None:
    text = _with_communes(
        "42300 Roanne", "42300 Mably", "42000 Saint-Étienne", "42100 Saint-Étienne"
    )
    content = load_content(make_content(tmp_path, text), tmp_path)
    assert len(content.territories[0].territory.communes) == 4


def test_search_keys_ignore_accents_case_hyphens_and_saint() -> None:
    assert search_key("L'Haÿ-les-Roses") == search_key("l hay les roses")
    assert search_key("St-Étienne") == search_key("SAINT ETIENNE") == "saint etienne"
    assert search_key("Conflans-Ste-Honorine") == "conflans sainte honorine"


# --- the finder's data and the map in the built home page -----------------------------------


@pytest.fixture(scope="module")
def home(example_site: Path) -> BeautifulSoup:
    return BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_finder_data_lists_every_territory_with_its_communes(home: BeautifulSoup) -> None:
    script = home.select_one("script#plato-finder-data")
    assert script is not None and script["type"] == "application/json"
    data = json.loads(script.get_text())
    by_name = {entry["n"]: entry for entry in data}
    assert set(by_name) == {
        "Roannais",
        "Boucle des Hauts-de-Seine",
        "Seine Aval",
        "Vallée scientifique de la Bièvre",
    }
    assert by_name["Roannais"]["u"] == "territoires/roannais/"
    assert "42300 Roanne" in by_name["Roannais"]["c"]
    assert "92500 Rueil-Malmaison" in by_name["Boucle des Hauts-de-Seine"]["c"]
    # The finder works without its script too: a labelled field shown by the script, and
    # the communes readable in the list of territories.
    form = home.select_one("form[data-plato-finder]")
    assert form is not None and form.has_attr("hidden")
    label = home.select_one("label[for=plato-finder-input]")
    assert label is not None and label.get_text(strip=True)
    communes = home.select(".plato-communes")
    assert len(communes) == 4
    assert any("Mantes-la-Jolie (78200)" in block.get_text() for block in communes)


def test_the_map_links_every_territory_with_its_name_inside_the_view(
    home: BeautifulSoup,
) -> None:
    svg = home.select_one("svg.plato-map__svg")
    assert svg is not None
    _, _, width, height = (float(n) for n in str(svg["viewbox"]).split())
    links = svg.select("a")
    names = {link.select_one("text").get_text(" "): link["href"] for link in links}
    assert sorted(link["aria-label"] for link in links) == sorted(
        ["Boucle des Hauts-de-Seine", "Roannais", "Seine Aval", "Vallée scientifique de la Bièvre"]
    )
    assert names["Roannais"] == "territoires/roannais/"
    for link in links:
        assert link.select_one("title").get_text() == link["aria-label"]
        dot = link.select_one("circle")
        assert 0 < float(dot["cx"]) < width and 0 < float(dot["cy"]) < height
        text = link.select_one("text")
        assert 0 < float(text["x"]) < width and 0 < float(text["y"]) < height
    # Roanne is south-east of the Île-de-France territories.
    dots = {link["aria-label"]: link.select_one("circle") for link in links}
    roanne, mantes = dots["Roannais"], dots["Seine Aval"]
    assert float(roanne["cx"]) > float(mantes["cx"]) and float(roanne["cy"]) > float(mantes["cy"])


def _example_site_today() -> Site:
    with source_date():
        return load_site(REPO_ROOT / "content", build_date())


def test_map_labels_do_not_overlap_and_stay_inside() -> None:
    site = _example_site_today()
    drawn = territory_map(site.territories)
    boxes = [point.label.box for point in drawn.points]
    assert not any(point.label.crowded for point in drawn.points)
    for box in boxes:
        assert box.inside(drawn.width, drawn.height)
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert box.overlap(other) == 0


def test_map_of_a_hundred_territories_never_hides_a_name_under_another() -> None:
    # The 100 territories of the synthetic network, their points anywhere in France.
    with tempfile.TemporaryDirectory() as folder:
        project = generate_network(Path(folder), territories=100, seed=1)
        with source_date(project.source_date_epoch):
            site = load_site(Path(folder) / "content", build_date())
    drawn = territory_map(site.territories)
    assert len(drawn.points) == 100
    shown = [point.label.box for point in drawn.points if not point.label.crowded]
    # Names never hide each other; the crowded ones show on focus (the list has them all).
    for index, box in enumerate(shown):
        assert box.inside(drawn.width, drawn.height)
        assert not any(box.overlap(other) for other in shown[index + 1 :])
    assert len(shown) >= 15, len(shown)  # 19 of 100 on a 340 × 380 map, the rest on focus


def test_the_map_is_the_same_for_the_same_territories() -> None:
    site = _example_site_today()
    first = PageRenderer(site, Catalog("fr")).home_html()
    shuffled = replace(site, territories=list(reversed(site.territories)))
    again = PageRenderer(shuffled, Catalog("fr")).home_html()
    svg = re.compile(r"<svg class=\"plato-map__svg\".*?</svg>", re.S)
    assert svg.search(first) and svg.search(first).group() == svg.search(again).group()


def test_long_names_wrap_on_two_lines() -> None:
    assert wrap("Roannais") == ("Roannais",)
    assert wrap("Vallée scientifique de la Bièvre") == ("Vallée scientifique", "de la Bièvre")


def test_territories_at_one_place_get_points_apart() -> None:
    site = _example_site_today()
    # Seine Aval without its own point: at the Versailles CCI's. Then give the Bièvre the
    # Boucle's CCI point: two territories at one place.
    boucle = site.territory("boucle-des-hauts-de-seine")
    bievre = site.territory("vallee-scientifique-de-la-bievre")
    same = bievre.territory.model_copy(update={"chamber": boucle.territory.chamber})
    moved = replace(site, territories=[boucle, replace(bievre, territory=same)])
    drawn = territory_map(moved.territories)
    first, second = drawn.points
    assert (first.x, first.y) != (second.x, second.y)
    assert abs(first.x - second.x) + abs(first.y - second.y) >= 12  # two dots, not one


def test_an_overseas_territory_goes_in_a_strip_below_the_mainland() -> None:
    site = _example_site_today()
    mainland = territory_map(site.territories)
    roannais = site.territory("roannais")
    reunion = roannais.territory.model_copy(
        update={"name": "La Réunion", "coordinates": Coordinates(lat=-20.88, lon=55.45)}
    )
    overseas = replace(roannais, territory=reunion, slug="la-reunion")
    drawn = territory_map([*site.territories, overseas])
    assert drawn.overseas_top is not None
    by_name = {point.name: point for point in drawn.points}
    assert by_name["La Réunion"].y > drawn.overseas_top > by_name["Roannais"].y
    assert by_name["La Réunion"].label.box.inside(drawn.width, drawn.height)
    # The mainland keeps its scale: the strip is added below, nothing is squeezed.
    before = {point.name: (point.x, point.y) for point in mainland.points}
    for name, spot in before.items():
        assert (by_name[name].x, by_name[name].y) == spot


def test_the_map_draws_france_under_the_points_only_where_it_shows() -> None:
    site = _example_site_today()
    drawn = territory_map(site.territories)
    # The example's view (Île-de-France to Roanne) lies inside the mainland: one ring, not
    # Corsica's, far outside it.
    assert len(drawn.land) == 1 and drawn.land[0].startswith("M") and drawn.land[0].endswith("Z")
    html = PageRenderer(site, Catalog("fr")).home_html()
    assert html.index('class="plato-map__land"') < html.index('class="plato-map__place"')
    # A network with no mainland territory draws no mainland.
    roannais = site.territory("roannais")
    far = roannais.territory.model_copy(
        update={"coordinates": Coordinates(lat=-20.88, lon=55.45), "name": "La Réunion"}
    )
    assert territory_map([replace(roannais, territory=far)]).land == ()
