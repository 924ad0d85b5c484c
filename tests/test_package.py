"""The package as another CCI installs it: a wheel in a fresh venv, and a minimal project
outside this repository (``theme: material``, ``plugins: [search, plato]``, a content folder,
nothing copied from ``site_config/``) gives the complete site: styled pages, the legal footer,
sharing tags, calendar feeds. One territory gives a CCI's own site, without the network level.

One venv (about a minute: every dependency is installed from the pip cache or PyPI) serves
both projects.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup, Tag

from plato_site.assets import SCRIPTS, STYLESHEETS, THEME_DIR
from tests.helpers import REPO_ROOT, minimal_mkdocs_yml
from tests.synthetic import generate_network

SITE_URL = "https://plato.cci-exemple.fr/"
MINIMAL_CONFIG = minimal_mkdocs_yml("Plato en région", SITE_URL)


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    assert completed.returncode == 0, f"{command}:\n{completed.stdout}\n{completed.stderr}"
    return completed.stderr


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding the wheel built from this repository."""
    work = tmp_path_factory.mktemp("package")
    # The sources a wheel is built from, copied: the build writes build/ and egg-info beside them.
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    shutil.copytree(
        REPO_ROOT / "plugins",
        source / "plugins",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(source)], work)
    (wheel,) = (work / "dist").glob("plato_site-*.whl")
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    constraints = str(REPO_ROOT / "constraints.txt")
    install = [str(bin_dir / "python"), "-m", "pip", "--disable-pip-version-check", "install"]
    _run([*install, "--quiet", "--no-compile", "-c", constraints, str(wheel)], work)
    return bin_dir


def _minimal_project(root: Path, territories: int) -> Path:
    """Content like staff write it, and the minimal mkdocs.yml: no custom_dir, no extras."""
    network = generate_network(root, territories=territories)
    network.config_file.write_text(MINIMAL_CONFIG, encoding="utf-8")
    return root


def _build(bin_dir: Path, project: Path) -> Path:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1781524800",  # tests.synthetic.DEFAULT_TODAY, noon UTC
        "PYTHONPATH": "",  # nothing from this repository: only what the wheel installed
    }
    _run([str(bin_dir / "mkdocs"), "build", "--strict"], project, env)
    return project / "site"


@pytest.fixture(scope="session")
def one_territory(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(installed, _minimal_project(tmp_path_factory.mktemp("one"), 1))


@pytest.fixture(scope="session")
def three_territories(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(installed, _minimal_project(tmp_path_factory.mktemp("three"), 3))


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("index.html") if path.parent.name != "search")


def nav_links(soup: BeautifulSoup) -> dict[str, set[str]]:
    """Menu label -> the pages it links to (a section's label and its link are one entry)."""
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    found: dict[str, set[str]] = {}
    for node in nav.select(".md-nav__link"):
        label = " ".join(node.get_text(" ").split())
        found.setdefault(label, set())
        if node.name == "a":
            found[label].add(str(node["href"]))
    return found


def _footer_links(soup: BeautifulSoup) -> dict[str, str]:
    footer = soup.select_one("footer nav.plato-footer")
    assert isinstance(footer, Tag)
    return {" ".join(a.get_text().split()): str(a["href"]) for a in footer.find_all("a")}


@pytest.mark.parametrize("project", ["one_territory", "three_territories"])
def test_every_page_has_the_packaged_look_footer_and_sharing_tags(
    project: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(project)
    for relative in (*STYLESHEETS, *SCRIPTS, "images/plato-og.png"):
        assert (site / relative).read_bytes() == (THEME_DIR / relative).read_bytes(), relative
    built = pages(site)
    assert len(built) > 10
    for path in built:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        where = path.relative_to(site)
        linked = {str(link["href"]).rsplit("/", 1)[-1] for link in soup.select("link")}
        assert {"plato.css", "plato-a11y.css", "plato-print.css"} <= linked, where
        scripts = {str(script.get("src", "")).rsplit("/", 1)[-1] for script in soup("script")}
        assert {"plato-stale.js", "plato-enhance.js", "plato-subscribe.js"} <= scripts, where
        assert "fonts.googleapis.com" not in html, where  # system fonts: no third party
        footer = _footer_links(soup)
        assert any(text.startswith("Accessibilité") for text in footer), where
        assert "Mentions légales" in footer, where
        og = {str(m["property"]): str(m["content"]) for m in soup.select("meta[property]")}
        assert og["og:image"] == SITE_URL + "images/plato-og.png", where
        assert og["og:title"] and og["og:url"].startswith(SITE_URL), where
    home = page(site, "")
    for target in _footer_links(home).values():
        assert (site / target / "index.html").is_file(), target
    contact = next(site.glob("territoires/*/contact/index.html"))
    assert '<script type="application/ld+json">' in contact.read_text(encoding="utf-8")


@pytest.mark.parametrize("project", ["one_territory", "three_territories"])
def test_feeds_are_published_and_parse(project: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(project)
    territories = sorted(site.glob("territoires/*/calendrier.ics"))
    assert len(territories) == (1 if project == "one_territory" else 3)
    for feed in [*territories, *site.glob("territoires/*/groupes/*/calendrier.ics")]:
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        assert calendar.walk("VEVENT"), feed
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "Content-Type: text/calendar; charset=utf-8" in headers


def test_a_single_territory_has_no_network_level(one_territory: Path) -> None:
    (slug,) = [path.name for path in (one_territory / "territoires").iterdir()]
    soup = page(one_territory, f"territoires/{slug}/contact")
    links = nav_links(soup)
    # One menu: the territory's pages, once each; no "Territoires" section, no region.
    assert "Territoires" not in links
    assert links["Groupes"] == {"../groupes/"} and links["Calendrier"] == {"../calendrier/"}
    assert "Auvergne-Rhône-Alpes" not in links
    # No network pages or feed duplicating the territory's.
    for gone in ("groupes", "calendrier"):
        assert not (one_territory / gone).exists(), gone
    assert not (one_territory / "calendrier.ics").exists()
    assert "\n/calendrier.ics\n" not in (one_territory / "_headers").read_text(encoding="utf-8")
    home = page(one_territory, "")
    assert home.select("article h3") == []  # no region heading
    assert home.select_one(f'article a[href="territoires/{slug}/"]') is not None
    calendar = page(one_territory, f"territoires/{slug}/calendrier")
    assert calendar.select(".plato-card__territory") == []  # no "(Territory)" on agenda lines
    assert calendar.select(".plato-agenda__item")


def menu_bar(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """The short top menu of a visitor page: (label, link) in order."""
    return [(a.get_text(strip=True), str(a["href"])) for a in soup.select("nav.plato-menu a")]


def test_a_minimal_project_gets_the_top_menu_and_dark_mode(
    one_territory: Path, three_territories: Path
) -> None:
    (slug,) = [path.name for path in (one_territory / "territoires").iterdir()]
    contact = page(one_territory, f"territoires/{slug}/contact")
    # A CCI's own site: its territory's pages; the current one says so.
    labels = [label for label, _ in menu_bar(contact)]
    assert labels[0] == "Accueil" and labels[2:] == [
        "Rejoindre",
        "Groupes",
        "Calendrier",
        "Témoignages",
        "Contact",
    ]
    current = contact.select("nav.plato-menu [aria-current]")
    assert [a.get_text(strip=True) for a in current] == ["Contact"]
    # A network: its own pages, then the territories, listed on the home page.
    assert menu_bar(page(three_territories, "groupes")) == [
        ("Accueil", ".."),
        ("Groupes", "./"),
        ("Calendrier", "../calendrier/"),
        ("Territoires", "..#plato-territories"),
    ]
    assert contact.select("nav.plato-menu--local") == []  # the top menu is the territory's
    # On a network, a territory's pages add its own menu, the current page marked.
    territory = sorted(path.name for path in (three_territories / "territoires").iterdir())[0]
    local = page(three_territories, f"territoires/{territory}/contact").select(
        "nav.plato-menu--local a"
    )
    assert [a.get_text(strip=True) for a in local][1:] == labels[2:]
    assert [a.get("aria-current") for a in local][-1] == "page"
    # "Page not found" leads to the territory's pages (absolute: served at any address).
    missing = BeautifulSoup((one_territory / "404.html").read_text("utf-8"), "html.parser")
    root = urlsplit(SITE_URL).path
    pages = ["", "groupes/", "calendrier/", "contact/"]
    assert [str(a["href"]) for a in missing.select("article ul a")] == [
        root,
        *(root + f"territoires/{slug}/" + page for page in pages),
    ]
    # Light, dark and the device's choice, with no palette in mkdocs.yml.
    schemes = contact.select("form[data-md-component=palette] input")
    assert [i["data-md-color-media"] for i in schemes] == [
        "(prefers-color-scheme)",
        "(prefers-color-scheme: light)",
        "(prefers-color-scheme: dark)",
    ]
    assert [i["data-md-color-scheme"] for i in schemes][1:] == ["default", "slate"]


def test_a_network_keeps_its_network_pages(three_territories: Path) -> None:
    links = nav_links(page(three_territories, "groupes"))
    assert "Territoires" in links
    assert links["Groupes"] == {"./"} and links["Calendrier"] == {"../calendrier/"}
    assert (three_territories / "calendrier.ics").is_file()
    network = icalendar.Calendar.from_ical((three_territories / "calendrier.ics").read_bytes())
    assert network.walk("VEVENT")
    agenda = page(three_territories, "calendrier")
    assert agenda.select(".plato-card__territory")  # whose meeting it is, on a network
