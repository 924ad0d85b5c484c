"""The staff guide (content/guide/): built with the site, out of the visitors' way."""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import textwrap
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from plato_site.adapter import PlatoConfig
from plato_site.cli import _parser
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.load import load_document
from plato_site.models import Group, MeetingOverride, Network, PhoneEntry, PublicEvent, Territory
from plato_site.pipeline import load_site, render_site
from plato_site.schedule import build_date
from plato_site.validate import load_content
from tests.helpers import REPO_ROOT, source_date

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
    "10-partenaires": "Ajouter un partenaire",
    "11-actualites": "Écrire une actualité",
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


def test_guide_is_served_but_hidden_from_visitors(example_site: Path) -> None:
    """Staff open the guide by its address (or from the editor); visitors never meet it: not
    in any menu, not in the site search, not in the sitemap, noindex for search engines."""
    for url in ["", "guide/", "territoires/roannais/"]:
        for _label, links in _nav_sections(example_site, url):
            assert not any(link.startswith("/guide/") for link in links), url
    for slug in [*TOPICS, "format"]:
        page = example_site / "guide" / slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one('meta[name="robots"]')["content"] == "noindex", slug
    index = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("guide/")]
    assert any(doc["location"].startswith("territoires/roannais/") for doc in index["docs"])
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/territoires/roannais/" in sitemap
    assert "/guide/" not in sitemap
    # A visitor's page is not marked noindex.
    home = BeautifulSoup((example_site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one('meta[name="robots"]') is None


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


# --- the guide's YAML is true ----------------------------------------------------------------

_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", flags=re.MULTILINE | re.DOTALL)
YAML_PAGE = GUIDE / "yaml.md"
MISTAKES = "## Les erreurs fréquentes"
# What the examples of "YAML en 10 minutes" are placed on top of: the keys they do not write.
EXAMPLE_BASE = """\
name: Exemple
region: Auvergne-Rhône-Alpes
since: 2007
chamber:
  name: CCI Exemple
  address: {street: 1 rue A, postal_code: "42300", city: Roanne}
description: Un programme.
"""


def _fences(text: str) -> list[tuple[str, str]]:
    return [(match[1], match[2]) for match in _FENCE.finditer(text)]


def _mistakes() -> list[tuple[str, str]]:
    """(YAML, expected message) pairs of the page's last section."""
    fences = _fences(YAML_PAGE.read_text(encoding="utf-8").split(MISTAKES, 1)[1])
    pairs = [
        (code, following.strip())
        for (kind, code), (next_kind, following) in itertools.pairwise(fences)
        if kind == "yaml" and next_kind == "text"
    ]
    assert len(pairs) >= 10
    return pairs


def _with_base(fragment: str) -> str:
    """The fragment first (its lines keep their numbers), then the base keys it lacks."""
    written = set(re.findall(r"^([a-z_]+):", fragment, flags=re.MULTILINE))
    blocks = re.split(r"(?m)^(?=[a-z_]+:)", EXAMPLE_BASE)
    return fragment + "".join(b for b in blocks if b and b.split(":")[0] not in written)


@pytest.mark.parametrize("mistake", _mistakes(), ids=lambda pair: pair[1].split(": ", 1)[1][:40])
def test_each_common_mistake_prints_the_message_the_page_shows(
    mistake: tuple[str, str], tmp_path: Path
) -> None:
    fragment, expected = mistake
    content = tmp_path / "content"
    (content / "territoires").mkdir(parents=True)
    (content / "reseau.yml").write_bytes((REPO_ROOT / "content" / "reseau.yml").read_bytes())
    (content / "territoires" / "exemple.yml").write_text(_with_base(fragment), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_content(content, tmp_path)
    (printed,) = caught.value.format(Catalog("fr"))
    assert printed.replace("\u00a0", " ") == expected


def test_the_correct_examples_of_the_yaml_page_are_valid_yaml() -> None:
    lessons = YAML_PAGE.read_text(encoding="utf-8").split(MISTAKES, 1)[0]
    for kind, code in _fences(lessons):
        if kind == "yaml":
            assert isinstance(yaml.safe_load(code), dict), code


# --- every example of the guide builds, placed where the guide says it goes ----------------

ROANNAIS_FILE = REPO_ROOT / "content" / "territoires" / "roannais.yml"
NETWORK_FILE = REPO_ROOT / "content" / "reseau.yml"


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def _by_key(items: list[dict[str, Any]], new: dict[str, Any], key: str) -> None:
    """Replace the item with the same ``key`` value, else append."""
    for index, item in enumerate(items):
        if item.get(key) == new.get(key):
            items[index] = {**item, **new}
            return
    items.append(new)


def _planned_month(group: dict[str, Any], number: int) -> int:
    """Roughly when a group's meeting ``number`` is planned (months since year 0): one a
    month from its first month, skipping the months its schedule skips."""
    schedule = group["schedule"]
    year, month = (int(part) for part in str(schedule["start_month"]).split("-"))
    skipped = set(schedule.get("skip_months", []))
    index, held = year * 12 + month - 1, 0
    while True:
        if index % 12 + 1 not in skipped:
            held += 1
            if held == number:
                return index
        index += 1


def _distance(group: dict[str, Any], moves: list[dict[str, Any]]) -> int:
    """How far the guide's moved meetings would be from this group's plan (in months): the
    guide moves meetings of the group whose plan they belong to."""
    total = 0
    for move in moves:
        if "date" in move:
            day = date.fromisoformat(str(move["date"]))
            moved = day.year * 12 + day.month - 1
            total += abs(moved - _planned_month(group, int(move["number"])))
    return total


def _place(example: Any, network: dict[str, Any], territory: dict[str, Any]) -> None:
    """Put a guide example where its keys say it belongs (the guide shows fragments)."""
    groups: list[dict[str, Any]] = territory["groups"]
    if isinstance(example, list):
        keys = set().union(*(item.keys() for item in example))
        if keys <= _fields(MeetingOverride):
            target = min(groups, key=lambda group: _distance(group, example))
            for item in example:
                _by_key(target.setdefault("meetings", []), item, "number")
        elif keys <= _fields(Group) and "schedule" in keys:
            for item in example:
                _by_key(groups, item, "id")
        elif keys <= _fields(PhoneEntry):
            territory.setdefault("phones", []).extend(example)
        else:
            raise AssertionError(f"no place for {example!r}")
        return
    keys = set(example)
    regional = any("regions" in phone for phone in example.get("phones", []))
    if regional or (keys <= _fields(Network) and not keys <= _fields(Territory)):
        owner = network
    elif keys <= _fields(Territory):
        owner = territory
    elif keys == {"meetings"}:  # moves: of the group whose plan they belong to
        owner = min(groups, key=lambda group: _distance(group, example["meetings"]))
    elif keys <= _fields(Group):
        start = example.get("schedule", {}).get("start_month")
        owner = next((g for g in groups if g["schedule"]["start_month"] == start), groups[-1])
    elif keys <= _fields(PublicEvent):
        owner = territory["events"][0]
    else:
        raise AssertionError(f"no place for {example!r}")
    for key, value in example.items():
        identity = _IDENTITY.get(key)
        if identity and isinstance(value, list):
            for item in value:
                _by_key(owner.setdefault(key, []), item, identity)
        else:
            owner[key] = value


# The venue anchor of the example territory, which the guide's examples reuse (*cci).
_ANCHORS = (
    "anchors:\n  - &cci {name: CCI du Roannais, address: {street: 8 rue Aristide Briand,"
    ' postal_code: "42300", city: Roanne}}\n'
)

# The key that identifies an item of each list (an example replaces the item it names).
_IDENTITY = {"groups": "id", "events": "id", "testimonials": "author", "meetings": "number"}


def _guide_examples() -> list[tuple[str, int, str]]:
    """(page, example number, YAML) of every example of the guide but the mistakes."""
    found = []
    for page in sorted(GUIDE.glob("*.md")):
        text = page.read_text(encoding="utf-8").split(MISTAKES, 1)[0]
        yaml_blocks = [code for kind, code in _fences(text) if kind == "yaml"]
        found += [(page.name, number, code) for number, code in enumerate(yaml_blocks, 1)]
    return found


@pytest.mark.parametrize(
    ("page", "number", "example"), _guide_examples(), ids=lambda v: str(v)[:14]
)
def test_every_guide_example_builds_in_the_example_project(
    page: str, number: int, example: str, tmp_path: Path
) -> None:
    """Placed where the guide says, the example validates (no error, no warning) and
    renders; the YAML lessons of yaml.md are only checked to be YAML (above)."""
    if page == YAML_PAGE.name:
        return
    source = tmp_path / "example.yml"
    # Under one key (an example may be a list), after the anchor the guide's examples use.
    wrapped = _ANCHORS + "example:\n" + textwrap.indent(textwrap.dedent(example), "  ")
    source.write_text(wrapped, encoding="utf-8")
    try:
        placed = load_document(source, "example.yml").data["example"]
    except ContentErrors as problems:
        raise AssertionError(problems.format(Catalog("fr"))) from None
    if isinstance(placed, dict) and "plugins" in placed:  # a mkdocs.yml snippet (publishing)
        plugins = placed["plugins"]
        options = [p["plato"] for p in plugins if isinstance(p, dict) and "plato" in p]
        assert options or "plato" in plugins, placed
        known = {name for name, _ in PlatoConfig._schema}
        assert all(set(option or {}) <= known for option in options), placed
        return
    network = load_document(NETWORK_FILE, "reseau.yml").data
    territory = load_document(ROANNAIS_FILE, "roannais.yml").data
    _place(placed, network, territory)
    content = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", content)
    (content / "reseau.yml").write_text(yaml.safe_dump(network, allow_unicode=True), "utf-8")
    (content / "territoires" / "roannais.yml").write_text(
        yaml.safe_dump(territory, allow_unicode=True), "utf-8"
    )
    try:
        with source_date():
            site = load_site(content, build_date(), tmp_path)
    except ContentErrors as problems:
        raise AssertionError(problems.format(Catalog("fr"))) from None
    assert [w.format(Catalog("fr")) for w in site.warnings] == []
    output = render_site(site, Catalog("fr"), feeds=False)
    assert output.pages
