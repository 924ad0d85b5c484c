"""The tests' own project (tests/fixtures/network/, a frozen copy of the example content)
built as `mkdocs build --strict` would: each page type shows its data."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from plato_site.i18n import Catalog
from tests.helpers import FIXTURE_PROJECT, build_project, copy_project, mkdocs_process

NBSP = "\u00a0"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def content(soup: BeautifulSoup) -> Tag:
    article = soup.select_one("article.md-content__inner")
    assert article is not None
    return article


def text(node: Tag) -> str:
    """Visible text with ASCII white space collapsed; no-break spaces are kept."""
    return re.sub(r"[ \t\r\n]+", " ", node.get_text(" ")).strip()


def test_every_page_type_exists(fixture_site: Path) -> None:
    for url in [
        "",
        "groupes",
        "calendrier",
        "territoires/roannais",
        "territoires/roannais/rejoindre",
        "territoires/roannais/groupes",
        "territoires/roannais/groupes/roannais-5",
        "territoires/roannais/calendrier",
        "territoires/roannais/temoignages",
        "territoires/roannais/contact",
    ]:
        assert (fixture_site / url / "index.html").is_file(), url


def test_yaml_sources_are_not_published(fixture_site: Path) -> None:
    published = {p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.y*ml")}
    assert published <= {"admin/config.yml"}  # the web editor's own config, no staff file


def test_home_lists_territories_by_region_with_next_group(fixture_site: Path) -> None:
    home = content(page(fixture_site, ""))
    body = text(home)
    assert "Auvergne-Rhône-Alpes" in body
    link = home.find("a", string="Roannais")
    assert link is not None and link["href"] == "territoires/roannais/"
    assert "Plato Roannais 6" in body  # the next group open for applications
    assert "5 places disponibles" in body.replace(NBSP, " ")


def test_group_page_lists_every_meeting_with_changes(fixture_site: Path) -> None:
    soup = page(fixture_site, "territoires/roannais/groupes/roannais-5")
    assert soup.title is not None and soup.title.string.startswith("Plato Roannais 5")
    rows = content(soup).select("table.plato-meetings tbody tr")
    assert len(rows) == 24
    seventh = text(rows[6])
    assert "jeudi 13 novembre 2025" in seventh.replace(NBSP, " ")
    assert f"8{NBSP}h{NBSP}30" in seventh and "Développement commercial" in seventh
    cancelled = rows[18]
    assert cancelled.find("del") is not None  # struck through…
    assert "Annulée" in text(cancelled)  # …and said in words
    moved = text(rows[19]).replace(NBSP, " ")
    assert "jeudi 21 janvier 2027" in moved and "date initiale : jeudi 14 janvier 2027" in moved
    facts = text(content(soup).select_one("dl.plato-facts")).replace(NBSP, " ")
    assert "En cours" in facts
    assert "le 2e jeudi du mois (sauf en août), 8 h 30 – 12 h" in facts
    assert "Engie" in facts and "Michelin" in facts


def test_territory_overview(fixture_site: Path) -> None:
    body = text(content(page(fixture_site, "territoires/roannais"))).replace(NBSP, " ")
    assert "CCI du Roannais · programme Plato depuis 2007" in body
    assert "plus de 100" in body and "Dirigeants accueillis" in body  # declared + computed
    assert "Plato Roannais 6" in body
    assert "Réunion d'information Plato Roannais 6" in body
    assert "Franck Tournery" in body and "04 77 44 54 64" in body


def test_join_page_merges_network_defaults_with_territory_overrides(fixture_site: Path) -> None:
    join = content(page(fixture_site, "territoires/roannais/rejoindre"))
    body = text(join).replace(NBSP, " ")
    assert "10 à 12 dirigeants" in body  # the territory's own commitment text
    assert "1 800 € HT pour les deux ans" in body  # the network's fee
    assert len(join.select("ol.plato-steps li")) == 4
    assert len(join.select(".plato-faq details")) == 3
    assert "Plato Roannais 6" in body and "Réunion d'information" in body
    assert join.select_one('a[href="tel:+33477445464"]') is not None


def test_groups_page_puts_finished_groups_in_the_archive(fixture_site: Path) -> None:
    groups = content(page(fixture_site, "territoires/roannais/groupes"))
    lists = groups.select("ul.plato-cards")
    assert "Plato Roannais 6" in text(lists[0]) and "Plato Roannais 5" in text(lists[0])
    assert "Plato Roannais 4" in text(lists[1])
    assert "Plato Roannais 4" not in text(lists[0])


def test_territory_calendar_folds_the_past(fixture_site: Path) -> None:
    cal = content(page(fixture_site, "territoires/roannais/calendrier"))
    past = cal.select_one("details.plato-past")
    assert past is not None
    upcoming = text(cal).split(text(past))[0].replace(NBSP, " ")
    assert "Janvier 2027" in upcoming
    assert "Cérémonie d'ouverture du 6e programme Plato en Roannais" in upcoming
    assert "jeudi 13 novembre 2025" not in upcoming


def test_network_pages(fixture_site: Path) -> None:
    groups = text(content(page(fixture_site, "groupes")))
    assert "Plato Roannais 6" in groups and "Plato Roannais 4" not in groups
    calendar = text(content(page(fixture_site, "calendrier"))).replace(NBSP, " ")
    assert "Décembre 2026" in calendar or "Janvier 2027" in calendar
    assert "novembre 2025" not in calendar


def test_testimonials_and_contact(fixture_site: Path) -> None:
    quotes = text(content(page(fixture_site, "territoires/roannais/temoignages")))
    assert "Sophie Bernard" in quotes and "Plato Roannais 4" in quotes
    contact = content(page(fixture_site, "territoires/roannais/contact"))
    assert contact.select_one('a[href^="mailto:plato-roannais@"]') is not None
    assert "42300 Roanne" in text(contact)
    assert contact.select_one('a[href^="https://www.openstreetmap.org/"]') is not None


def test_navigation_has_territories_as_sections(fixture_site: Path) -> None:
    soup = page(fixture_site, "territoires/roannais/rejoindre")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    labels = text(nav)
    assert "Territoires" in labels and "Roannais" in labels and "Rejoindre" in labels


def test_generated_pages_are_in_the_french_search_index(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["fr"]
    locations = {doc["location"] for doc in index["docs"]}
    assert "territoires/roannais/groupes/roannais-5/" in locations
    joined = " ".join(doc["text"] for doc in index["docs"])
    assert "Développement commercial" in joined


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_broken_yaml_stops_the_build_and_leaves_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURE_PROJECT)
    territory = project / "content" / "territoires" / "roannais.yml"
    source = territory.read_text(encoding="utf-8")
    territory.write_text(source.replace("start_month: 2027-04", "start_month: avril 2027"))
    site = project / "site"
    (site / "territoires").mkdir(parents=True)
    (site / "index.html").write_text("<p>published yesterday</p>")
    (site / "territoires" / "old.html").write_text("<p>still here</p>")
    before = tree_digest(site)
    result = mkdocs_process(project, "--strict", timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(
        (n for n, text in enumerate(source.splitlines(), 1) if "start_month: 2027-04" in text)
    )
    assert (
        f"content/territoires/roannais.yml:{line}:20: "
        "groupe 3 «\u00a0Plato Roannais 6\u00a0», schedule.start_month: "
        "mois attendu (AAAA-MM, par exemple 2027-04), trouvé « avril 2027 »"
    ) in result.stderr
    assert tree_digest(site) == before


def test_a_chamber_with_a_single_territory_gets_a_whole_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURE_PROJECT)
    for other in (project / "content" / "territoires").glob("*.yml"):
        if other.name != "roannais.yml":
            other.unlink()
    site = build_project(project, tmp_path / "site")
    home = text(content(page(site, ""))).replace(NBSP, " ")
    assert "Roannais" in home and "Seine Aval" not in home
    nav = page(site, "territoires/roannais/contact").select_one("nav.md-nav--primary")
    assert nav is not None
    labels = text(nav)
    # A CCI's own site: no network level in the menu (no "Territoires", no region), the
    # territory's pages at the top, and no network pages or feed beside its own.
    assert "Territoires" not in labels and "Auvergne-Rhône-Alpes" not in labels
    assert "Roannais" in labels and "Rejoindre" in labels
    assert not (site / "groupes").exists() and not (site / "calendrier.ics").exists()
    assert (site / "territoires" / "roannais" / "calendrier.ics").is_file()
    contact = text(content(page(site, "territoires/roannais/contact")))
    assert "08 20" not in contact.replace(NBSP, " ")  # the Île-de-France number stays there


def test_a_cci_overrides_the_packaged_look_in_its_custom_dir(tmp_path: Path) -> None:
    """The theme ships in the package; the project's custom_dir still wins, file by file."""
    project = copy_project(tmp_path / "project", FIXTURE_PROJECT)
    for other in (project / "content" / "territoires").glob("*.yml"):
        if other.name != "roannais.yml":
            other.unlink()
    overrides = project / "site_config" / "overrides"
    (overrides / "stylesheets").mkdir(parents=True)
    (overrides / "stylesheets" / "plato.css").write_text(":root { --cci: #c00; }\n")
    (overrides / "partials").mkdir()
    (overrides / "partials" / "footer.html").write_text(
        '<footer class="md-footer"><p id="cci-footer">'
        "{{ config.extra.plato_footer.legal_notice_text }}</p></footer>"
    )
    (overrides / "plato" / "partials").mkdir(parents=True)
    (overrides / "plato" / "partials" / "group_card.html").write_text(
        '<li class="cci-card"><a href="{{ url(card.url) }}">{{ card.name }}</a></li>'
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: site_config/overrides\n"
        ),
        encoding="utf-8",
    )
    site = build_project(project, tmp_path / "site")

    assert (site / "stylesheets" / "plato.css").read_text() == ":root { --cci: #c00; }\n"
    assert (site / "stylesheets" / "plato-a11y.css").is_file()  # the others: the package's
    groups = page(site, "territoires/roannais/groupes")
    assert groups.select_one("#cci-footer").get_text() == "Mentions légales"
    cards = groups.select("li.cci-card a")
    assert "Plato Roannais 6" in [a.get_text() for a in cards]
    # Sharing tags still come from the packaged main.html.
    assert groups.select_one('meta[property="og:title"]') is not None


NEWCOMER_ORDER = ("recruiting", "full", "running")


def test_network_groups_page_lists_groups_a_newcomer_can_join_first(example_site: Path) -> None:
    """Recruiting groups, then full ones (a wait-list), then running ones: a company head
    sees first what he can still join, whatever the territory."""
    t = Catalog("fr")
    order = {t(f"pages.status.{status}"): rank for rank, status in enumerate(NEWCOMER_ORDER)}
    badges = [text(b) for b in content(page(example_site, "groupes")).select(".plato-badge")]
    ranks = [order[badge] for badge in badges if badge in order]
    assert ranks == sorted(ranks)
    assert ranks[0] == 0 and 2 in ranks  # both kinds are in the example
