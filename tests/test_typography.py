"""French typography of the text staff type: the space before ":", "?", "!", ";" and "»",
and after "«", never breaks a line (a lone "?" or ":" at the start of a line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plato_site.formatting import french_spacing
from plato_site.render.markdown import render_markdown

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Trois mots clés : réseau", f"Trois mots clés{NBSP}: réseau"),
        ("Pourquoi nous rejoindre ?", f"Pourquoi nous rejoindre{NBSP}?"),
        ("« Un réseau qui aide »", f"«{NBSP}Un réseau qui aide{NBSP}»"),
        ("Enfin  !", f"Enfin{NBSP}!"),
        ("8:30 à 12:00", "8:30 à 12:00"),  # no typed space: a time stays a time
        ("https://www.example.org/plato", "https://www.example.org/plato"),
        ("Déjà insécable\u00a0: oui", "Déjà insécable\u00a0: oui"),
    ],
)
def test_french_spacing(typed: str, shown: str) -> None:
    assert french_spacing(typed) == shown


def test_markdown_gets_no_break_spaces_but_code_stays_as_typed() -> None:
    html = str(render_markdown("Mots clés : **réseau** ? Voir `a : b` ! [Lien](https://x.fr/a:b)"))
    assert f"clés{NBSP}: <strong>réseau</strong>{NBSP}?" in html
    assert "<code>a : b</code>" in html
    assert f"</code>{NBSP}!" in html
    assert 'href="https://x.fr/a:b"' in html


def test_staff_text_on_the_pages_never_breaks_before_a_colon(example_site: Path) -> None:
    page = example_site / "territoires" / "roannais" / "index.html"
    main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
    assert main is not None
    text = main.get_text()
    assert f"Trois mots clés{NBSP}:" in text  # typed "clés :" in roannais.yml
    for mark in ":;!?»":
        assert f" {mark}" not in text, mark


def test_hand_written_pages_get_it_too_but_not_their_code(example_site: Path) -> None:
    page = example_site / "guide" / "09-publier" / "index.html"
    main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
    assert main is not None
    prose = " ".join(p.get_text() for p in main.find_all("p"))
    assert f"ce qu'il faut faire{NBSP}:" in prose
    code = " ".join(c.get_text() for c in main.find_all("code"))
    assert "schedule.weekday : jour attendu" in code  # as typed, inside code
    # Heading anchors are made before the spaces change: links to them keep working.
    assert all(NBSP not in (h.get("id") or "") for h in main.find_all(["h2", "h3"]))
