"""The same data makes an English site: complete catalogs, no French label, same URLs.

Staff text (the YAML, the hand-written Markdown, the staff guide) stays as written, in
French; only what the code adds — labels, dates, times — changes language. So the check
removes the staff's own strings from each page and looks for the French catalog's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale
from bs4 import BeautifulSoup

from plato_site.i18n import Catalog
from plato_site.load import load_document, load_front_matter
from plato_site.render.markdown import render_markdown
from tests.helpers import REPO_ROOT, build_project, copy_project

LOCALES = REPO_ROOT / "plugins" / "plato_site" / "locales"
MIN_FRAGMENT = 6  # "more than a few characters": shorter pieces ("du", "le") prove nothing
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
# The staff's French guide is content, like the YAML: not translated by the catalog.
STAFF_PAGES = ("guide/",)


# --- catalogs -----------------------------------------------------------------------------


def _entries(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not set(value) <= PLURAL_CATEGORIES:
            yield from _entries(value, name + ".")
        else:
            yield name, value


def _catalog_file(path: Path) -> dict[str, Any]:
    return dict(_entries(yaml.safe_load(path.read_text(encoding="utf-8")) or {}))


@pytest.mark.parametrize("french", sorted((LOCALES / "fr").glob("*.yml")), ids=lambda p: p.name)
def test_english_catalog_has_every_french_key(french: Path) -> None:
    english = LOCALES / "en" / french.name
    assert english.is_file(), f"locales/en/{french.name} is missing"
    fr, en = _catalog_file(french), _catalog_file(english)
    assert sorted(set(fr) - set(en)) == [], "keys missing in English"
    assert sorted(set(en) - set(fr)) == [], "keys only in English"
    for key, value in fr.items():
        # A plural message stays plural (English needs "one" and "other").
        if isinstance(value, Mapping):
            assert isinstance(en[key], Mapping) and {"one", "other"} <= set(en[key]), key
        else:
            assert isinstance(en[key], str) and (en[key] or not value), key


def test_no_english_catalog_without_its_french_one() -> None:
    french = {path.name for path in (LOCALES / "fr").glob("*.yml")}
    assert {path.name for path in (LOCALES / "en").glob("*.yml")} <= french


# --- the English site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with `theme.language: en`, built with --strict."""
    project = copy_project(tmp_path_factory.mktemp("english"))
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    text, themes = re.subn(r"(?m)^(\s+)language: fr$", r"\1language: en", text)
    text, searches = re.subn(r"(?m)^(\s+)lang: fr$", r"\1lang: en", text)
    assert themes == 1 and searches == 1
    config_file.write_text(text, encoding="utf-8")
    return build_project(project, tmp_path_factory.mktemp("english-site") / "site")


def _normalized(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _french_fragments() -> set[str]:
    """Pieces of French catalog text (between placeholders) that no English message has."""
    french, english = Catalog("fr").messages, Catalog("en").messages
    english_text = " \n ".join(_normalized(v) for value in english.values() for v in _texts(value))
    fragments = set()
    for value in french.values():
        for text in _texts(value):
            for piece in re.split(r"\{[^}]*\}", text):
                piece = _normalized(piece).strip(" .,:;()«»—–-")
                if len(piece) >= MIN_FRAGMENT and piece not in english_text:
                    fragments.add(piece)
    return fragments


def _texts(value: Any) -> list[str]:
    return list(value.values()) if isinstance(value, Mapping) else [value]


def _french_calendar_words() -> re.Pattern[str]:
    french = Locale.parse("fr")
    names = [*french.months["format"]["wide"].values(), *french.days["format"]["wide"].values()]
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


def _staff_strings(project: Path) -> list[str]:
    """Every text staff wrote: YAML values (and their Markdown as shown) and Markdown pages."""
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.add(_normalized(value))
            rendered = BeautifulSoup(str(render_markdown(value)), "html.parser")
            found.update(_normalized(node) for node in rendered.find_all(string=True))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    content = project / "content"
    for path in [content / "reseau.yml", *sorted((content / "territoires").glob("*.yml"))]:
        collect(load_document(path, path.name).data)
    for page in content.glob("*.md"):
        collect(page.read_text(encoding="utf-8"))
    for page in content.glob("actualites/*.md"):  # the news list's introduction
        collect(page.read_text(encoding="utf-8"))
    for page in sorted(content.glob("actualites/posts/*.md")):  # news: front matter and text
        post = load_front_matter(page, page.name)
        collect(post.document.data)
        collect(post.body)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    collect([config["site_name"], config.get("site_description", "")])
    # Longest first, so that a name inside a longer sentence does not cut the sentence.
    return sorted((text for text in found if len(text) >= 3), key=len, reverse=True)


def _labels(node_text: str, staff: list[str]) -> str:
    text = _normalized(node_text)
    for string in staff:
        if string in text:
            text = text.replace(string, " ")
    return text


def _pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix() + "/"
        if url.startswith(STAFF_PAGES):
            continue
        yield url, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_english_site_shows_no_french_label(english_site: Path) -> None:
    fragments = _french_fragments()
    calendar_words = _french_calendar_words()
    staff = _staff_strings(REPO_ROOT)
    problems = []
    for url, soup in _pages(english_site):
        parts = [
            soup.select_one(".md-content"),
            soup.select_one("nav.md-nav--primary"),
            soup.select_one("nav.plato-menu"),
        ]
        nodes = [node for part in parts if part is not None for node in part.find_all(string=True)]
        nodes.append(soup.title.get_text() if soup.title else "")
        for node in nodes:
            text = _labels(str(node), staff)
            found = [fragment for fragment in fragments if fragment in text]
            found += calendar_words.findall(text)
            if found:
                problems.append(f"/{url}: {found} in {_normalized(str(node))!r}")
    assert not problems, "\n".join(problems[:30])


def test_english_dates_and_times(english_site: Path) -> None:
    page = english_site / "territoires/roannais/groupes/roannais-5/index.html"
    text = _normalized(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text())
    assert "Thursday, April 10, 2025" in text  # the first meeting of Plato Roannais 5
    assert "8:30 AM" in text
    assert "8 h 30" not in text


def test_english_site_keeps_the_same_addresses(english_site: Path, example_site: Path) -> None:
    def addresses(site: Path) -> set[str]:
        return {
            path.relative_to(site).as_posix()
            for path in site.rglob("*")
            if path.suffix in {".html", ".ics"}
            and path.name != "404.html"
            # The web editor is no page: only in builds that have Decap's script (the
            # repo's, after `make editor-deps`), not in this throwaway copy.
            and not path.relative_to(site).as_posix().startswith("admin/")
        }

    assert addresses(english_site) == addresses(example_site)


def test_english_html_says_it_is_english(english_site: Path) -> None:
    soup = BeautifulSoup((english_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "en"


def test_staff_french_is_marked_french_in_the_english_site(english_site: Path) -> None:
    """Screen readers read each text with the voice of its language (WCAG 3.1.2): the
    staff's French in an English page says lang="fr"; the page's own labels do not."""
    network = load_document(REPO_ROOT / "content" / "reseau.yml", "reseau.yml").data
    roannais_file = REPO_ROOT / "content" / "territoires" / "roannais.yml"
    roannais = load_document(roannais_file, "roannais.yml").data
    join = network["how_to_join"]
    first_words = {
        "": [network["description"], "Plato"],  # the network's text and content/index.md
        "territoires/roannais/": [roannais["description"], roannais["testimonials"][0]["quote"]],
        "territoires/roannais/rejoindre/": [join["faq"][0]["question"], join["steps"][0]],
    }
    for url, texts in first_words.items():
        soup = BeautifulSoup((english_site / url / "index.html").read_text("utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None
        for text in texts:
            start = _normalized(text)[:40].split("**")[0].strip()
            node = article.find(string=lambda s, start=start: start in _normalized(str(s)))
            assert node is not None, (url, start)
            marked = node.find_parent(attrs={"lang": True})
            assert marked is not None and marked["lang"] == "fr", (url, start)
        label = article.select_one("h2")  # a heading of the page, from the catalog
        assert label is not None and label.find_parent(attrs={"lang": "fr"}) is None, url


def test_english_page_not_found_and_menu(english_site: Path) -> None:
    en = Catalog("en")
    soup = BeautifulSoup((english_site / "404.html").read_text("utf-8"), "html.parser")
    assert soup.select_one("article h1").get_text() == en("chrome.not_found.title")
    links = [a.get_text() for a in soup.select("article ul a")]
    assert links == [en(f"chrome.not_found.{key}") for key in ("home", "groups", "calendar")]
    menu = [a.get_text() for a in soup.select("nav.plato-menu a")]
    assert menu == [
        en("chrome.menu.home"),
        Catalog("fr")("news.title"),  # content/actualites/index.md, written by staff in French
        en("nav.groups"),
        en("nav.calendar"),
        en("nav.territories"),
    ]
    marked = [a.get("lang") for a in soup.select("nav.plato-menu a")]
    assert marked == [None, "fr", None, None, None]
    switch = soup.select("form[data-md-component=palette] input")
    assert [i["aria-label"] for i in switch] == [
        en(f"chrome.palette.{step}") for step in ("to_light", "to_dark", "to_system")
    ]
