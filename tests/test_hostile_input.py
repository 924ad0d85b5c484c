"""Hostile text in the YAML never becomes markup, script, a link elsewhere or a calendar line.

One site is built (as ``mkdocs build --strict`` does) from the example project where every
free-text value of every file (network and territories) ends with a payload, plus a
territory that uses every field of the model. The built pages are parsed with html5lib,
the WHATWG parser browsers implement, not searched with a regular expression.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from plato_site import checks, validate
from plato_site.load import load_document
from plato_site.models import Network, Territory
from plato_site.render.markdown import render_inline, render_markdown
from tests.helpers import build_project, copy_project
from tests.hostile import (
    FULL_TERRITORY,
    MARK,
    MARKDOWN_PAYLOAD,
    TEXT_PAYLOAD,
    injected_markup,
    missing_fields,
    parse,
    poisoned,
    strings_in,
)

PAYLOAD = TEXT_PAYLOAD + "\n\n" + MARKDOWN_PAYLOAD
HOSTILE = "territoires/hostile"


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    content = project / "content"
    network = load_document(content / "reseau.yml", "reseau.yml").data
    write_yaml(content / "reseau.yml", poisoned(Network, network, PAYLOAD))
    for file in sorted((content / "territoires").glob("*.yml")):
        data = load_document(file, file.name).data
        write_yaml(file, poisoned(Territory, data, PAYLOAD))
    write_yaml(
        content / "territoires" / "hostile.yml", poisoned(Territory, FULL_TERRITORY, PAYLOAD)
    )
    # Strict for MkDocs' own warnings; a poisoned region is not a French region (a content
    # warning --strict would refuse), and markup, not warnings, is this site's point.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "WARNING_CHECKS", ())
        patch.setattr(checks, "unknown_phone_regions", lambda network, document: [])
        return build_project(project, project / "site")


@dataclass(frozen=True)
class BuiltPage:
    path: str  # relative to the site
    html: str
    soup: BeautifulSoup


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> list[BuiltPage]:
    """Every HTML file of the hostile site, parsed once (html5lib is thorough, not fast)."""
    pages = []
    for file in sorted(hostile_site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        pages.append(BuiltPage(file.relative_to(hostile_site).as_posix(), html, parse(html)))
    assert len(pages) > 20
    return pages


def page(pages: list[BuiltPage], url: str) -> BeautifulSoup:
    (found,) = [p.soup for p in pages if p.path == f"{url}/index.html"]
    return found


def test_the_hostile_territory_uses_every_field_of_the_model() -> None:
    # A field added to the model must be added to FULL_TERRITORY, so that it is attacked too.
    assert missing_fields(Territory, [FULL_TERRITORY]) == []


def test_no_page_carries_markup_from_the_yaml(hostile_pages: list[BuiltPage]) -> None:
    problems = {p.path: found for p in hostile_pages if (found := injected_markup(p.soup))}
    assert problems == {}


def test_hostile_text_is_shown_as_text(hostile_pages: list[BuiltPage]) -> None:
    # Escaped, not dropped: visitors read exactly what staff typed.
    for url in [
        HOSTILE,
        f"{HOSTILE}/groupes/hostile-1",
        f"{HOSTILE}/temoignages",
        f"{HOSTILE}/contact",
    ]:
        article = page(hostile_pages, url).select_one("article")
        assert article is not None
        assert f'<img src=x onerror=alert("{MARK}")>' in article.get_text(), url
    for url in [HOSTILE, f"{HOSTILE}/groupes/hostile-1"]:  # titles made of a name
        soup = page(hostile_pages, url)
        assert soup.title is not None
        assert f'<script>alert("{MARK}")</script>' in soup.title.get_text()
        heading = soup.select_one("article h1")
        assert heading is not None and f'"><svg onload=alert("{MARK}")>' in heading.get_text()


def test_markdown_keeps_link_texts_and_drops_dangerous_targets(
    hostile_pages: list[BuiltPage],
) -> None:
    article = page(hostile_pages, HOSTILE).select_one("article")
    assert article is not None
    for kind in ["lien", "data", "casse", "espace", "tab", "vb", "entité", "code", "réf"]:
        text = f"{kind} {MARK}"
        link = article.find("a", string=text)
        assert link is not None, text
        assert link.get("href") is None, text
    assert article.find("img", alt=f"image {MARK}") is None  # no request to another host
    assert f"image {MARK}" in article.get_text()


def test_every_link_leads_to_http_https_mailto_tel_or_the_site(
    hostile_pages: list[BuiltPage],
) -> None:
    schemes = set()
    for built in hostile_pages:
        for link in built.soup.find_all(href=True):
            href = re.sub(r"[\x00-\x20]", "", str(link["href"]))
            scheme = re.match(r"([a-zA-Z][\w+.-]*):", href)
            schemes.add(scheme.group(1).lower() if scheme else "")
    # webcal: the site's own calendar subscriptions, never a staff value.
    assert schemes <= {"", "http", "https", "mailto", "tel", "webcal"}


def test_json_ld_cannot_close_its_script_element(hostile_pages: list[BuiltPage]) -> None:
    reached = False
    for built in hostile_pages:
        bodies = re.findall(r'<script type="application/ld\+json">(.*?)</script>', built.html, re.S)
        scripts = built.soup.find_all("script", type="application/ld+json")
        assert len(scripts) == len(bodies), built.path  # none was cut short or split in two
        for body, script in zip(bodies, scripts, strict=True):
            assert "<" not in body  # "</script>" and "<!--" cannot be written in it
            data = json.loads(script.string or "")
            reached |= any("</script><!--" in text for text in strings_in(data))
    assert reached  # the payload did reach JSON-LD, intact, as data


def ics_lines(ics: bytes) -> list[str]:
    """Content lines, unfolded (RFC 5545 section 3.1)."""
    return re.sub(r"\r\n[ \t]", "", ics.decode("utf-8")).split("\r\n")


def property_names(site: Path) -> set[str]:
    names = set()
    for feed in site.rglob("*.ics"):
        for line in ics_lines(feed.read_bytes()):
            if line:
                names.add(re.split(r"[;:]", line, maxsplit=1)[0])
    return names


def test_calendar_text_cannot_start_a_property(hostile_site: Path, example_site: Path) -> None:
    assert property_names(hostile_site) <= property_names(example_site)
    feed = hostile_site / HOSTILE / "groupes" / "hostile-1" / "calendrier.ics"
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    events = calendar.walk("VEVENT")
    # No event added by "END:VEVENT / BEGIN:VEVENT" in a text: every one is a meeting.
    assert events and ics_lines(feed.read_bytes()).count("BEGIN:VEVENT") == len(events)
    uid = re.compile(r"meeting\.hostile-un\.\d+@plato\.example\.org")  # its former id
    assert all(uid.fullmatch(str(event["UID"])) for event in events)
    summary = str(events[0]["SUMMARY"])
    assert f"\nEND:VEVENT\nBEGIN:VEVENT\nUID:{MARK}\nSUMMARY:{MARK}; a, b" in summary


def test_search_index_holds_no_markup(hostile_site: Path) -> None:
    # Material's search inserts these strings as HTML in the results.
    index = json.loads((hostile_site / "search" / "search_index.json").read_text("utf-8"))
    problems = [
        (doc["location"], found)
        for doc in index["docs"]
        for field in ("title", "text")
        if (found := injected_markup(parse(doc[field]), theme_scripts_allowed=False))
    ]
    assert problems == []
    assert any(MARK in doc["text"] for doc in index["docs"])


# --- the Markdown renderer itself ---------------------------------------------------------


@pytest.mark.parametrize(
    "markdown_text",
    [
        MARKDOWN_PAYLOAD,
        TEXT_PAYLOAD,
        "<a href='javascript:alert(1)'>PWN</a>",
        "[PWN](javascript&colon;alert(1))",
        "[PWN](&#106;avascript:alert(1))",
        "[PWN](\u0000javascript:alert(1))",
        "![PWN](javascript:alert(1))",
        '<https://example.org/"onmouseover="alert(1)>',
        "`<script>PWN</script>`\n\n    <script>PWN</script>",
        "<!-- PWN --><script>PWN</script>",
        "<details open ontoggle=alert(1)>PWN",
    ],
)
def test_markdown_fields_render_no_raw_html(markdown_text: str) -> None:
    for html in (render_markdown(markdown_text), render_inline(markdown_text)):
        assert injected_markup(parse(str(html)), theme_scripts_allowed=False) == []
