"""Legal pages generated from content/reseau.yml, and the footer line on every page.

A CCI is a public body: its site must carry "mentions légales" and an RGAA accessibility
statement, and every page must show "Accessibilité : <status>" linking to it — "non
conforme" until staff record an audit.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site, render_site
from plato_site.render import urls
from plato_site.render.legal import footer_context
from plato_site.render.pages import RenderedPage
from tests.helpers import REPO_ROOT, built_pages, copy_project

T = Catalog("fr")
TODAY = date(2026, 11, 22)
NBSP = "\u00a0"

EXAMPLE_STATEMENT = """accessibility:
  status: non_compliant
  contact_email: accessibilite@example.org
"""

AUDITED_STATEMENT = """accessibility:
  status: partially_compliant
  audit_date: 2026-10-12
  auditor: Cabinet Exemple Accessibilité
  rgaa_version: "4.1"
  rate: 72.5
  non_conformities:
    - Certaines cartes de groupe n'ont pas de titre de niveau approprié.
  derogations:
    - Les anciens comptes rendus au format PDF, publiés avant 2020.
  plan_url: https://www.example.org/schema-pluriannuel
  contact_email: accessibilite@example.org
  contact_url: https://www.example.org/contact-accessibilite
"""


def legal_pages(content_dir: Path, project_root: Path) -> dict[str, RenderedPage]:
    site = load_site(content_dir, TODAY, project_root)
    output = render_site(site, T)
    return {
        page.kind: page for page in output.pages if page.kind in ("legal_notice", "accessibility")
    }


def words(html: str) -> str:
    """Visible text, white space collapsed (no-break spaces kept)."""
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def links(html: str) -> dict[str, str]:
    """Link text -> href."""
    soup = BeautifulSoup(html, "html.parser")
    return {words(str(a)): str(a["href"]) for a in soup.find_all("a")}


@pytest.fixture(scope="module")
def example_pages() -> dict[str, RenderedPage]:
    return legal_pages(REPO_ROOT / "content", REPO_ROOT)


@pytest.fixture(scope="module")
def audited_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("audited"))
    network_file = project / "content" / "reseau.yml"
    text = network_file.read_text(encoding="utf-8")
    assert EXAMPLE_STATEMENT in text, "the example's accessibility block changed"
    network_file.write_text(text.replace(EXAMPLE_STATEMENT, AUDITED_STATEMENT), encoding="utf-8")
    return project


def test_without_an_audit_the_statement_says_non_conforme(
    example_pages: dict[str, RenderedPage],
) -> None:
    page = example_pages["accessibility"]
    text = words(page.html)

    assert page.url == urls.accessibility_statement() == "accessibilite/"
    assert page.title == "Déclaration d'accessibilité"
    assert (
        "Le site Réseau Plato est non conforme avec le référentiel général "
        "d'amélioration de l'accessibilité (RGAA)." in text
    )
    assert "Le site n'a pas encore fait l'objet d'un audit de conformité." in text
    assert "conformément à l'article 47 de la loi n°" in text
    # No plan recorded: said plainly, not linked to nowhere.
    assert "Le schéma pluriannuel de mise en accessibilité n'est pas encore publié" in text


def test_statement_says_how_to_report_a_problem_and_to_refer_to_the_defenseur_des_droits(
    example_pages: dict[str, RenderedPage],
) -> None:
    html = example_pages["accessibility"].html
    text = words(html)
    found = links(html)

    assert found["accessibilite@example.org"] == "mailto:accessibilite@example.org"
    assert found["Écrire un message au Défenseur des droits"] == (
        "https://formulaire.defenseurdesdroits.fr/"
    )
    assert found["Contacter le délégué du Défenseur des droits dans votre région"] == (
        "https://www.defenseurdesdroits.fr/saisir/delegues"
    )
    assert "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07" in text
    # A postal address to write to the publisher.
    assert "CCI Paris Île-de-France 27 avenue de Friedland 75008 Paris" in text


def test_recorded_audit_shows_status_date_version_rate_and_contents(
    audited_project: Path,
) -> None:
    pages = legal_pages(audited_project / "content", audited_project)
    html = pages["accessibility"].html
    text = words(html)

    assert "Le site Réseau Plato est partiellement conforme avec le référentiel général" in text
    assert "(RGAA), version 4.1." in text
    assert f"72,5{NBSP}% des critères du RGAA respectés" in text
    assert f"lundi 12{NBSP}octobre 2026" in text
    assert "Cabinet Exemple Accessibilité" in text
    assert "Certaines cartes de groupe n'ont pas de titre de niveau approprié." in text
    assert "Les anciens comptes rendus au format PDF, publiés avant 2020." in text
    assert f"Cette déclaration a été établie le lundi 12{NBSP}octobre 2026." in text
    assert "pas encore fait l'objet d'un audit" not in text
    found = links(html)
    assert found["schéma pluriannuel de mise en accessibilité"] == (
        "https://www.example.org/schema-pluriannuel"
    )
    assert found["Par le formulaire de contact"] == "https://www.example.org/contact-accessibilite"


def test_footer_shows_the_status_and_links_to_the_legal_pages(audited_project: Path) -> None:
    example = footer_context(load_site(REPO_ROOT / "content", TODAY, REPO_ROOT), T)
    audited = footer_context(load_site(audited_project / "content", TODAY, audited_project), T)

    assert example.accessibility_text == f"Accessibilité{NBSP}: non conforme"
    assert audited.accessibility_text == f"Accessibilité{NBSP}: partiellement conforme"
    assert example.accessibility_url == "accessibilite/"
    assert example.legal_notice_text == "Mentions légales"
    assert example.legal_notice_url == "mentions-legales/"


def test_legal_notice_names_publisher_director_host_and_privacy(
    example_pages: dict[str, RenderedPage],
) -> None:
    page = example_pages["legal_notice"]
    text = words(page.html)
    found = links(page.html)

    assert page.url == urls.legal_notice() == "mentions-legales/"
    assert page.title == "Mentions légales"
    assert "Éditeur du site CCI Paris Île-de-France 27 avenue de Friedland 75008 Paris" in text
    assert "Directeur de la publication Le président de la CCI Paris Île-de-France" in text
    assert "Hébergement Hébergeur Exemple SAS 2 rue Kellermann 59100 Roubaix" in text
    assert found["plato@example.org"] == "mailto:plato@example.org"
    assert found[f"Site internet{NBSP}: Hébergeur Exemple SAS"] == "https://hebergeur.example.net/"
    assert "Ce site ne dépose aucun cookie" in text
    assert "Ce site est non conforme avec le référentiel" in text
    assert found["Lire la déclaration d'accessibilité"] == "../accessibilite/"


def test_every_built_page_carries_the_legal_footer_and_the_nav_leaves_them_out(
    example_site: Path,
) -> None:
    built = built_pages(example_site)
    assert len(built) > 20
    for path in built:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one("footer nav.plato-footer")
        assert footer is not None, path
        page_dir = path.parent.relative_to(example_site).as_posix()
        page_url = "" if page_dir == "." else page_dir + "/"
        hrefs = {words(str(a)): a["href"] for a in footer.find_all("a")}
        assert hrefs == {
            f"Accessibilité{NBSP}: non conforme": urls.relative("accessibilite/", page_url),
            "Mentions légales": urls.relative("mentions-legales/", page_url),
        }, path
        sidebar = " ".join(str(a.get("href")) for a in soup.select(".md-nav--primary a"))
        assert "mentions-legales" not in sidebar and "accessibilite" not in sidebar, path


@pytest.mark.parametrize(
    ("status", "rate", "expected"),
    [
        ("partially_compliant", "40", "non_compliant"),
        ("fully_compliant", "98.5", "partially_compliant"),
        ("non_compliant", "100", "fully_compliant"),
    ],
)
def test_a_status_the_audit_rate_contradicts_is_refused(
    tmp_path: Path, status: str, rate: str, expected: str
) -> None:
    project = copy_project(tmp_path)
    network_file = project / "content" / "reseau.yml"
    statement = f"""accessibility:
  status: {status}
  audit_date: 2026-10-12
  rate: {rate}
"""
    text = network_file.read_text(encoding="utf-8").replace(EXAMPLE_STATEMENT, statement)
    network_file.write_text(text, encoding="utf-8")
    status_line = text.splitlines().index(f"  status: {status}") + 1

    with pytest.raises(ContentErrors) as caught:
        load_site(project / "content", TODAY, project)

    (line,) = caught.value.format(T)
    assert line.startswith(f"content/reseau.yml:{status_line}:"), line
    assert (
        f"un taux de {rate}{NBSP}% de critères respectés correspond au statut « {expected} »"
        in line
    )
    assert f"pas « {status} »" in line
