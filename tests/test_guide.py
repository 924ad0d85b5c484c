"""The staff guide (content/guide/): built with the site, in one "Espace équipe" section."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from plato_site.cli import _parser
from plato_site.i18n import Catalog
from tests.helpers import REPO_ROOT

GUIDE = REPO_ROOT / "content" / "guide"
TOPICS = {
    "01-territoire": "Ajouter un territoire",
    "02-groupe": "Ouvrir un groupe",
    "03-calendrier": "Régler le calendrier d'un groupe",
    "04-rencontres": "Déplacer ou annuler une rencontre",
    "05-evenements": "Ajouter un événement public",
    "06-temoignages": "Ajouter un témoignage",
    "07-telephones": "Numéros de téléphone et mentions de prix",
    "08-date": "La date de construction",
    "09-publier": "Vérifier et publier",
}


def _nav_sections(site: Path, url: str) -> list[tuple[str, list[str]]]:
    """Top-level menu sections of a page: label and the site paths they link to."""
    page = site / url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sections = []
    for item in soup.select("nav.md-nav--primary > ul > li"):
        label = item.find(["label", "a"])
        links = [urljoin(f"/{url}", str(a["href"])) for a in item.select("a[href]")]
        sections.append((label.get_text(" ", strip=True) if label else "", links))
    return sections


def test_every_topic_has_its_page(example_site: Path) -> None:
    for slug, title in TOPICS.items():
        page = example_site / "guide" / slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("article h1").get_text(strip=True) == title


def test_guide_is_one_staff_section_at_the_end_of_the_menu(example_site: Path) -> None:
    # Material prunes other sections' pages: read the menu from a page of the guide.
    sections = _nav_sections(example_site, "guide/")
    label, links = sections[-1]
    assert label == "Espace équipe"
    assert {f"/guide/{slug}/" for slug in [*TOPICS, "format"]} <= set(links)
    # Nowhere else in the menu: visitors' sections stay as they were.
    for _label, other in sections[:-1]:
        assert not any(link.startswith("/guide/") for link in other)
    # The home page menu ends with the section too.
    assert _nav_sections(example_site, "")[-1][0] == "Espace équipe"


def test_guide_index_links_every_topic() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    for slug in TOPICS:
        assert f"({slug}.md)" in index


@pytest.mark.parametrize("page", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_commands_in_the_guide_exist(page: Path) -> None:
    """A renamed command or option must not leave the guide telling staff to type it."""
    parser = _parser(Catalog("fr"))
    text = page.read_text(encoding="utf-8")
    for line in re.findall(r"^(?:\.venv/bin/)?plato-site (.+)$", text, flags=re.MULTILINE):
        parser.parse_args(shlex.split(line))
    for target in re.findall(r"\bmake ([a-z-]+)", text):
        assert re.search(rf"^{target}:", MAKEFILE, flags=re.MULTILINE), target


MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
