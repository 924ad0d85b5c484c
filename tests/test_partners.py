"""Partners (the coaches' companies) and the "Devenir animateur" call, as visitors and staff
meet them: logos from the site itself with their text, and French file:line messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from tests.test_validation import TERRITORY, error_lines, make_content


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_territory_shows_partner_logos_local_sized_lazy_with_text(example_site: Path) -> None:
    page_dir = example_site / "territoires/seine-aval"
    block = _page(example_site, "territoires/seine-aval").select_one(".plato-partners")
    assert block is not None
    images = block.select("img")
    assert [img["alt"] for img in images] == ["Renault Group", "Safran"]
    for img in images:
        assert img["loading"] == "lazy"
        assert img["width"] and img["height"]
        assert not str(img["src"]).startswith(("http:", "https:", "//"))  # nothing third-party
        assert (page_dir / str(img["src"])).resolve().is_file()
    # A network partner without a logo shows its name.
    names = [span.get_text() for span in block.select(".plato-partners__name")]
    assert "Orange" in names and "Engie" in names


def test_group_shows_the_partners_of_its_coaches(example_site: Path) -> None:
    block = _page(example_site, "territoires/roannais/groupes/roannais-6").select_one(
        ".plato-partners"
    )
    assert block is not None
    names = [span.get_text() for span in block.select(".plato-partners__name")]
    assert names == ["Engie", "Michelin", "Orange"]


def test_territory_calls_managers_to_become_coaches_with_its_contact(
    example_site: Path,
) -> None:
    block = _page(example_site, "territoires/roannais").select_one(".plato-become-coach")
    assert block is not None
    assert block.h2 is not None and block.h2.get_text() == "Devenir animateur"
    mail = block.select_one('a[href^="mailto:"]')
    assert mail is not None and mail["href"] == "mailto:plato-roannais@example.org"


PARTNERS = """\
partners:
  - id: acme
    name: ACME
    logo: images/acme.png
"""


def test_a_logo_needs_its_text(tmp_path: Path) -> None:
    content = make_content(tmp_path, TERRITORY + PARTNERS)
    (content / "images").mkdir()
    (content / "images" / "acme.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (line,) = error_lines(content)
    assert line.startswith("content/territoires/roannais.yml:26:11: ")
    assert "texte de remplacement (logo_alt)" in line


def test_a_missing_logo_file_is_named(tmp_path: Path) -> None:
    content = make_content(tmp_path, TERRITORY + PARTNERS + "    logo_alt: ACME\n")
    (line,) = error_lines(content)
    assert line.startswith("content/territoires/roannais.yml:26:11: ")
    assert "fichier du logo introuvable\u00a0: content/images/acme.png" in line


def test_a_coach_names_a_known_partner(tmp_path: Path) -> None:
    territory = TERRITORY.replace(
        "    venue:\n",
        "    coaches:\n      - company: Michelin\n        partner: michelen\n    venue:\n",
        1,
    )
    (line,) = error_lines(make_content(tmp_path, territory))
    assert line.startswith("content/territoires/roannais.yml:16:18: ")
    assert "partenaire «\u00a0michelen\u00a0» inconnu" in line
    assert "michelin" in line  # the existing partners are listed


def test_logo_outside_content_is_refused(tmp_path: Path) -> None:
    outside = textwrap.dedent(
        """\
        partners:
          - id: acme
            name: ACME
            logo: ../secret.png
            logo_alt: ACME
        """
    )
    content = make_content(tmp_path, TERRITORY + outside)
    (tmp_path / "secret.png").write_bytes(b"x")
    (line,) = error_lines(content)
    assert line.startswith("content/territoires/roannais.yml:26:11: ")
    assert "n'est pas le chemin d'un fichier de content/" in line


def test_a_logo_is_never_another_sites_address(tmp_path: Path) -> None:
    remote = PARTNERS.replace("images/acme.png", "https://cdn.example.com/acme.png")
    (line,) = error_lines(make_content(tmp_path, TERRITORY + remote + "    logo_alt: ACME\n"))
    assert "jamais l'adresse d'un autre site" in line


def test_a_broken_network_file_does_not_make_its_partners_unknown(tmp_path: Path) -> None:
    territory = TERRITORY.replace(
        "    venue:\n",
        "    coaches:\n      - company: Orange\n        partner: orange\n    venue:\n",
        1,
    )
    content = make_content(tmp_path, territory)
    network = content / "reseau.yml"
    network.write_text(network.read_text("utf-8").replace("name:", "nom:", 1), "utf-8")
    lines = error_lines(content)
    assert lines and all(line.startswith("content/reseau.yml:") for line in lines)
