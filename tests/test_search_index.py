"""The site search: meeting lists and calendar boilerplate stay out of its index (on a national
network they made 89 % of an 8 MB download), and a visitor still finds a territory by its name,
its town and the topics of its groups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plato_site.i18n import Catalog

FR = Catalog("fr")


@pytest.fixture(scope="module")
def docs(example_site: Path) -> list[dict[str, Any]]:
    index = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    return list(index["docs"])


def _found(docs: list[dict[str, Any]], words: str) -> set[str]:
    """The pages (without #section) whose indexed title or text holds ``words``."""
    words = words.casefold()
    return {
        doc["location"].split("#")[0]
        for doc in docs
        if words in doc["title"].casefold() or words in doc["text"].casefold()
    }


def test_meeting_lists_leave_the_index(docs: list[dict[str, Any]], example_site: Path) -> None:
    # The pages still show them: the Roannais calendar lists "rencontre 23" of Plato Roannais 5.
    meeting = FR("pages.meeting_number", number=23)
    calendar = (example_site / "territoires" / "roannais" / "calendrier" / "index.html").read_text(
        "utf-8"
    )
    assert meeting in calendar
    assert not _found(docs, meeting)
    assert not [doc["location"] for doc in docs if "#m-" in doc["location"]]  # month sections
    assert not [doc["location"] for doc in docs if doc["location"].endswith("#rencontres")]
    # The same words on every calendar: the subscribe block and "add to my calendar".
    assert not _found(docs, FR("feeds.subscribe.intro"))
    assert not _found(docs, FR("feeds.add.google"))


def test_a_territory_is_found_by_name_town_and_topic(docs: list[dict[str, Any]]) -> None:
    territory = "territoires/roannais/"
    by_name = {doc["location"] for doc in docs if doc["title"] == "Roannais"}
    assert territory in by_name
    assert any(page.startswith(territory) for page in _found(docs, "Roanne"))
    # A topic of Plato Roannais 5, only written in its meeting list in the YAML.
    assert f"{territory}groupes/roannais-5/" in _found(docs, "Financement de la stratégie")
    # A group by its name, on its own page (lists of group cards are left out).
    assert _found(docs, "Plato Roannais 6") >= {f"{territory}groupes/roannais-6/"}


def test_the_index_is_plain_utf8(example_site: Path) -> None:
    """Accents written as themselves, not as six-byte ASCII escapes (a tenth of the index on a
    national network); the browser reads the same text."""
    raw = (example_site / "search" / "search_index.json").read_bytes()
    assert b"\\u00e9" not in raw and b"\\u00e8" not in raw
    assert "Vallée scientifique de la Bièvre" in raw.decode("utf-8")
    assert json.loads(raw)["config"]["lang"] == ["fr"]
