"""Contacts a French visitor can call: numbers as staff write them in the YAML, as the
contact page shows and links them, and the errors staff get when a number is wrong."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from plato_site.cli import main as plato_site
from plato_site.errors import ContentErrors, Location
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site, render_site
from plato_site.render import urls
from plato_site.render.pages import RenderedPage
from tests.helpers import REPO_ROOT

NBSP = "\u00a0"
TODAY = date(2026, 11, 22)
TERRITORY = "roannais"
CSS = REPO_ROOT / "plugins" / "plato_site" / "theme" / "stylesheets" / "plato.css"


def write_content(root: Path, edit: Any = None) -> Path:
    """The example network and Roannais, with ``edit(territory_data)`` applied."""
    content = root / "content"
    (content / "territoires").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "content" / "reseau.yml", content / "reseau.yml")
    source = REPO_ROOT / "content" / "territoires" / f"{TERRITORY}.yml"
    target = content / "territoires" / f"{TERRITORY}.yml"
    if edit is None:
        shutil.copy(source, target)
    else:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        edit(data)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return content


def rendered_pages(content: Path, language: str = "fr") -> dict[str, RenderedPage]:
    site = load_site(content, TODAY, content.parent)
    return {page.url: page for page in render_site(site, Catalog(language)).pages}


def soup(page: RenderedPage) -> BeautifulSoup:
    return BeautifulSoup(page.html, "html.parser")


def text(node: Tag) -> str:
    return re.sub(r"[ \t\r\n]+", " ", node.get_text(" ")).strip()


def one(node: Tag, selector: str) -> Tag:
    found = node.select_one(selector)
    assert found is not None, selector
    return found


def with_text(node: Tag, selector: str, wanted: str) -> Tag:
    """The element matching ``selector`` whose whole text is ``wanted``."""
    matches = [tag for tag in node.select(selector) if tag.get_text() == wanted]
    assert len(matches) == 1, (selector, wanted)
    return matches[0]


def item_of(node: Tag) -> Tag:
    item = node.find_parent("li")
    assert item is not None
    return item


def attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    assert isinstance(value, str), name
    return value


def classes(tag: Tag) -> list[str]:
    return list(tag.get("class") or [])


def hrefs(node: Tag, selector: str) -> list[str]:
    return [attr(tag, "href") for tag in node.select(selector)]


# --- every ARCEP category, from the YAML to the tapped link --------------------------------


class Shown(NamedTuple):
    number: str  # as staff write it
    price: str | None
    display: str  # as the page shows it (spaces are no-break spaces on the page)
    href: str
    css: str  # category modifier of the link
    cartouche: str | None  # ARCEP price text, None when the number shows no price
    cartouche_css: str | None


NUMBERS = {
    "geographic (CCI du Roannais, as in the press article)": Shown(
        "04.77.44.54.64", None, "04 77 44 54 64", "tel:+33477445464", "standard", None, None
    ),
    "geographic, Paris": Shown(
        "01 40 05 40 05", None, "01 40 05 40 05", "tel:+33140054005", "standard", None, None
    ),
    "mobile": Shown(
        "06 12 34 56 78", None, "06 12 34 56 78", "tel:+33612345678", "standard", None, None
    ),
    "non-geographic 09": Shown(
        "09 70 80 80 80", None, "09 70 80 80 80", "tel:+33970808080", "standard", None, None
    ),
    "0800 free number": Shown(
        "0800 130 000",
        None,
        "08 00 13 00 00",
        "tel:+33800130000",
        "free",
        "Service & appel gratuits",
        "free",
    ),
    "0809 free service": Shown(
        "0809 40 20 32",
        None,
        "08 09 40 20 32",
        "tel:+33809402032",
        "free-service",
        "Service gratuit + prix appel",
        "free-service",
    ),
    "0820 surcharged (Île-de-France, pre-2015 spelling)": Shown(
        "0820 012 112",
        "0,12 €/min",
        "08 20 01 21 12",
        "tel:+33820012112",
        "surcharged",
        "Service 0,12 €/min + prix appel",
        "surcharged",
    ),
    "0899 surcharged": Shown(
        "0899 70 12 34",
        "0,80 €/min",
        "08 99 70 12 34",
        "tel:+33899701234",
        "surcharged",
        "Service 0,80 €/min + prix appel",
        "surcharged",
    ),
    "short number: Allô Service Public": Shown(
        "3939", None, "3939", "tel:3939", "short", None, None
    ),
    "short number with the price staff know": Shown(
        "3949",
        "0,15 €/min",
        "3949",
        "tel:3949",
        "short",
        "Service 0,15 €/min + prix appel",
        "surcharged",
    ),
    "foreign number (Brussels), international form": Shown(
        "+32 2 555 12 12", None, "+32 2 555 12 12", "tel:+3225551212", "standard", None, None
    ),
}


@pytest.fixture(scope="module")
def contact_page_with_every_category(tmp_path_factory: pytest.TempPathFactory) -> Tag:
    def edit(data: dict[str, Any]) -> None:
        data["phones"] = [
            {"label": name, "number": shown.number}
            | ({"price": shown.price} if shown.price else {})
            for name, shown in NUMBERS.items()
        ]

    content = write_content(tmp_path_factory.mktemp("phones"), edit)
    return soup(rendered_pages(content)[urls.contact(TERRITORY)])


@pytest.mark.parametrize("name", NUMBERS.keys())
def test_number_is_shown_in_pairs_linked_and_priced(
    contact_page_with_every_category: Tag, name: str
) -> None:
    shown = NUMBERS[name]
    item = item_of(with_text(contact_page_with_every_category, ".plato-phone__label", name))
    link = one(item, "a.plato-phone")
    assert attr(link, "href") == shown.href
    # Read in pairs and never split across two lines.
    assert link.get_text() == shown.display.replace(" ", NBSP)
    assert f"plato-phone--{shown.css}" in classes(link)
    price = item.select_one(".plato-phone__price")
    if shown.cartouche is None:
        assert price is None
    else:
        assert price is not None
        assert price.get_text() == shown.cartouche
        assert f"plato-phone--{shown.cartouche_css}" in classes(price)


def _in_ile_de_france(data: dict[str, Any]) -> None:
    data["region"] = "Île-de-France"


def test_the_seed_0820_number_reads_in_pairs_on_the_contact_page(tmp_path: Path) -> None:
    # reseau.yml carries the regional number of the Île-de-France press article.
    content = write_content(tmp_path, _in_ile_de_france)
    page = soup(rendered_pages(content)[urls.contact(TERRITORY)])
    link = one(page, 'a[href="tel:+33820012112"]')
    assert link.get_text() == "08\u00a020\u00a001\u00a021\u00a012"
    assert "Service 0,12 €/min + prix appel" in text(item_of(link))


# --- staff errors ---------------------------------------------------------------------------

SURCHARGED_WITHOUT_PRICE = """\
phones:
  - number: 04 77 44 54 64
    label: Standard Plato Roannais
  - label: Numéro régional
    number: 0820 012 112
"""


def _territory_with_phones(tmp_path: Path, phones_yaml: str) -> Path:
    content = write_content(tmp_path)
    path = content / "territoires" / f"{TERRITORY}.yml"
    source = path.read_text(encoding="utf-8")
    start = source.index("\nphones:\n") + 1
    end = source.index("\n\n", start) + 1
    path.write_text(source[:start] + phones_yaml + source[end:], encoding="utf-8")
    return content


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_surcharged_number_without_price_fails_validate_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _territory_with_phones(tmp_path, SURCHARGED_WITHOUT_PRICE)
    line = _line_of(content / "territoires" / "roannais.yml", "number: 0820 012 112")

    with pytest.raises(ContentErrors) as caught:
        load_site(content, TODAY, tmp_path)
    [error] = caught.value.errors
    assert error.location == Location("content/territoires/roannais.yml", line, 13)
    assert error.field_path == "phones[1].number"
    assert error.key == "phones.price_required"

    # What staff read: the file, the line and column of the number, what to add.
    monkeypatch.chdir(tmp_path)
    assert plato_site(["validate", "--content", "content"]) == 1
    output = capsys.readouterr().err
    assert "content/territoires/roannais.yml" in output
    [message] = [row for row in output.splitlines() if f"{line}:13" in row]
    assert "téléphone 2 «\u00a0Numéro régional\u00a0», number" in message
    assert "0820 012 112 est un numéro surtaxé" in message
    assert "0,12\u00a0€/min" in message


def test_invalid_number_of_a_person_is_refused_at_its_line(tmp_path: Path) -> None:
    content = write_content(tmp_path)
    path = content / "territoires" / f"{TERRITORY}.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - number: 04.77.44.54.64", "      - number: 04.77.44"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as caught:
        load_site(content, TODAY, tmp_path)
    [error] = caught.value.errors
    line = _line_of(path, "number: 04.77.44")
    assert error.location == Location("content/territoires/roannais.yml", line, 17)
    assert error.field_path == "contacts[0].phones[0].number"
    assert error.message(Catalog("en")) == (
        "“04.77.44” is not a valid phone number (examples: 04 77 44 54 64, +32 2 555 12 12, 3939)"
    )


def test_seed_numbers_as_written_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "04.77.44.54.64" (Roannais) and "0820 012 112" with its price (Île-de-France).
    _territory_with_phones(
        tmp_path,
        "phones:\n  - number: 04.77.44.54.64\n  - number: 0820 012 112\n    price: 0,12 €/min\n",
    )
    monkeypatch.chdir(tmp_path)
    assert plato_site(["validate", "--content", "content"]) == 0, capsys.readouterr().err


# --- the contact page and the contact block ----------------------------------------------------


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderedPage]:
    return rendered_pages(write_content(tmp_path_factory.mktemp("example")))


def test_contact_page_lists_people_with_phone_and_mailto(
    example_pages: dict[str, RenderedPage],
) -> None:
    page = soup(example_pages[urls.contact(TERRITORY)])
    card = item_of(with_text(page, ".plato-card__title", "Franck Tournery"))
    assert "Chef de projet Plato, CCI du Roannais" in text(card)
    assert hrefs(card, "a.plato-phone") == ["tel:+33477445464"]
    mail = one(card, 'a[href^="mailto:"]')
    assert attr(mail, "href") == "mailto:plato-roannais@example.org"
    assert mail.get_text() == "plato-roannais@example.org"


def test_contact_page_has_the_chamber_address_and_its_map(
    example_pages: dict[str, RenderedPage],
) -> None:
    page = soup(example_pages[urls.contact(TERRITORY)])
    assert text(one(page, "address")) == "CCI du Roannais 8 rue Aristide Briand 42300 Roanne"
    link = one(page, 'a[href^="https://www.openstreetmap.org/"]')
    assert "mlat=46.0363" in attr(link, "href") and "mlon=4.07" in attr(link, "href")
    assert "Voir sur la carte" in link.get_text()
    # A visitor's screen reader hears which place the map shows.
    assert "CCI du Roannais" in link.get_text()


def test_contact_page_shows_territory_and_regional_numbers_with_labels(tmp_path: Path) -> None:
    page = soup(rendered_pages(write_content(tmp_path, _in_ile_de_france))[urls.contact(TERRITORY)])
    numbers = one(page, "h2 + ul.plato-phones")
    assert with_text(page, "h2", "Téléphone").find_next_sibling("ul") is numbers
    items = [text(li) for li in numbers.select("li")]
    assert items == [
        "Standard Plato Roannais \u00a0: 04\u00a077\u00a044\u00a054\u00a064",
        "CCI Paris Île-de-France, numéro régional \u00a0: 08\u00a020\u00a001\u00a021\u00a012 "
        "Service 0,12 €/min + prix appel",
    ]


@pytest.mark.parametrize("url", [urls.territory(TERRITORY), urls.join(TERRITORY)])
def test_overview_and_join_pages_show_the_phone_block(
    example_pages: dict[str, RenderedPage], url: str
) -> None:
    block = one(soup(example_pages[url]), "div.plato-contact")
    # Franck Tournery's number is the territory's standard: shown once, with its label.
    assert hrefs(block, "a.plato-phone") == ["tel:+33477445464"]
    assert "Standard Plato Roannais" in text(block)
    assert hrefs(block, 'a[href^="mailto:"]') == ["mailto:plato-roannais@example.org"]
    assert block.select("a")[-1].get_text() == "Tous les contacts"


def test_contact_block_keeps_a_person_number_the_territory_does_not_list(
    tmp_path: Path,
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["contacts"][0]["phones"] = [{"number": "06 12 34 56 78"}]

    pages = rendered_pages(write_content(tmp_path, edit))
    block = one(soup(pages[urls.territory(TERRITORY)]), "div.plato-contact")
    assert hrefs(block, "a.plato-phone") == ["tel:+33612345678", "tel:+33477445464"]


def test_contact_page_in_english_uses_english_cartouches(tmp_path: Path) -> None:
    content = write_content(tmp_path, _in_ile_de_france)
    page = soup(rendered_pages(content, "en")[urls.contact(TERRITORY)])
    assert "Service 0,12 €/min + call charges" in text(page)
    assert str(one(page, ".plato-phone__label").next_sibling) == ": "


# --- the price cartouches can be read ---------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("category", ["free", "free-service", "surcharged"])
def test_cartouche_text_contrast_meets_wcag_aa(category: str) -> None:
    css = CSS.read_text(encoding="utf-8")
    text_colour = re.search(r"\.plato-phone__price \{[^}]*[^-]color: (#[0-9a-fA-F]+)", css)
    background = re.search(
        rf"\.plato-phone__price\.plato-phone--{category} \{{ background: (#[0-9a-fA-F]+)", css
    )
    assert text_colour is not None and background is not None
    # The cartouche is small text (0.8em): WCAG 2.1 AA asks 4.5:1.
    assert _contrast(text_colour.group(1), background.group(1)) >= 4.5
