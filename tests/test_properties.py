"""Property-based tests: whatever staff type, the pipeline answers with French errors or
with pages, JSON-LD and feeds in which their text is only ever text.

Hypothesis feeds arbitrary strings (biased towards markup, calendar syntax and odd
Unicode) into every free-text field of a territory that uses every field of the model,
and arbitrary YAML documents into the loader and validator.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import icalendar
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from plato_site.adapter import _front_matter
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.load import format_path
from plato_site.models import Territory
from plato_site.pipeline import SiteOutput, load_site, render_site
from plato_site.render.pages import PlannedPage, RenderedPage
from plato_site.render.structured import json_ld_script
from tests.hostile import FULL_TERRITORY, injected_markup, parse, replaced, string_leaves
from tests.hostile import free_text_paths as find_free_text_paths

FR, EN = Catalog("fr"), Catalog("en")
TODAY = date(2026, 11, 22)  # the example build date: the hostile group is running
SITE_URL = "https://plato.example.org/"
NETWORK = Path(__file__).parent / "bad_inputs" / "_base" / "reseau.yml"
REPO_CONTENT = Path(__file__).parents[1] / "content"
TERRITORY_FILE = "content/territoires/hostile.yml"

FREE_TEXT_PATHS = find_free_text_paths(Territory, FULL_TERRITORY)
ORIGINALS = dict(string_leaves(FULL_TERRITORY))

# Pieces that mean something to HTML, Markdown, JSON, iCalendar, YAML or str.format.
FRAGMENTS = [
    "<script>alert(1)</script>", "</script>", "<!--", "-->", "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>', "'", '"', "&", "&amp;", "&#106;", "&colon;", "<", ">",
    "[lien](javascript:alert(1))", "<javascript:alert(1)>", "![i](https://evil.example/x)",
    "\n", "\r\n", "\r", "\t", "\nEND:VEVENT\nBEGIN:VEVENT\nUID:x\n", ";", ",", "\\", "\\n",
    "{", "}", "{count}", "{0}", "%s", "*", "_", "#", "- ", "1. ", "`", "    ", "|", ": ",
    "\u00a0", "\u202f", "\u2028", "\u2029", "\x85", "\x00", "\x07", "\ufeff", "é", "🙂",
]  # fmt: skip
hostile_text = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: text.strip() != "")
)


@contextmanager
def content_with(territory: dict[str, Any]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content" / "territoires").mkdir(parents=True)
        (root / "content" / "reseau.yml").write_bytes(NETWORK.read_bytes())
        # The partner logos FULL_TERRITORY names.
        shutil.copytree(REPO_CONTENT / "images", root / "content" / "images")
        (root / TERRITORY_FILE).write_text(
            yaml.safe_dump(territory, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        yield root


def render(root: Path) -> SiteOutput:
    site = load_site(root / "content", TODAY, root)
    return render_site(site, FR, site_url=SITE_URL, feeds=True)


def assert_only_text(output: SiteOutput) -> None:
    fragments = [page.html for page in output.pages] + [output.home_html]
    for html in fragments:
        assert injected_markup(parse(html), theme_scripts_allowed=False) == [], html[:200]
    for page in output.pages:
        assert_json_ld_closed(page)
    for feed in output.feeds:
        assert_feed_well_formed(feed.content)


def assert_json_ld_closed(page: RenderedPage) -> None:
    for data in page.json_ld:
        script = str(json_ld_script(data))
        body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
        assert "<" not in body
        assert json.loads(body) == json.loads(json.dumps(data))


def property_names(ics: bytes) -> set[str]:
    lines = re.sub(r"\r\n[ \t]", "", ics.decode("utf-8")).split("\r\n")
    return {re.split(r"[;:]", line, maxsplit=1)[0] for line in lines if line}


@cache
def allowed_properties() -> frozenset[str]:
    """The iCalendar properties the untouched territory's feeds use: text adds none."""
    with content_with(FULL_TERRITORY) as root:
        output = render(root)
    return frozenset(name for feed in output.feeds for name in property_names(feed.content))


def assert_feed_well_formed(ics: bytes) -> None:
    assert property_names(ics) <= allowed_properties()
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert ics.count(b"\r\nBEGIN:VEVENT\r\n") == len(events)
    assert all(re.fullmatch(r"(meeting|event)\.[a-z0-9.-]+@[\w.]+", str(e["UID"])) for e in events)


def test_the_untouched_territory_renders() -> None:
    with content_with(FULL_TERRITORY) as root:
        output = render(root)
    assert output.feeds and len(output.pages) > 5
    assert {"SUMMARY", "DESCRIPTION", "LOCATION", "UID"} <= allowed_properties()
    assert_only_text(output)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_text_in_any_field_is_refused_clearly_or_shown_as_text(data: st.DataObject) -> None:
    chosen = data.draw(
        st.lists(st.sampled_from(FREE_TEXT_PATHS), min_size=1, unique=True), label="fields"
    )
    territory: Any = FULL_TERRITORY
    for path in chosen:
        text = data.draw(hostile_text, label=format_path(path))
        original = ORIGINALS[path]
        # A web address keeps its scheme and host, so that the text after it is tested.
        territory = replaced(territory, path, original + text if "://" in original else text)
    with content_with(territory) as root:
        try:
            output = render(root)
        except ContentErrors as problems:
            changed = {format_path(path) for path in chosen}
            lines = len((root / TERRITORY_FILE).read_text(encoding="utf-8").splitlines())
            for error in problems.errors:
                assert error.location.file == TERRITORY_FILE
                assert 1 <= error.location.line <= lines + 1
                assert error.field_path in changed, error.format(FR)
                assert error.format(FR) and error.format(EN)
            event("refused with French errors")
            return
    event("rendered")
    assert_only_text(output)


@settings(max_examples=200, deadline=None)
@given(title=st.text(), description=st.text())
def test_page_titles_reach_mkdocs_intact_and_escaped(title: str, description: str) -> None:
    page = PlannedPage(url="x/", title=title, description=description, kind="x")
    _, meta = get_data(_front_matter(page))
    assert set(meta) == {"title", "description"}
    for sent, text in ((meta["title"], title), (meta["description"], description)):
        # Material prints these unescaped: no markup may survive, and the text reads the same.
        assert not set("<>\"'") & set(sent)
        assert unescape(sent) == text


# --- arbitrary YAML documents into the loader and the validator ------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2027-02-30", "25:00", "8h30", "roannais", "javascript:x", "0820 012 112"]),
)
keys = st.one_of(
    st.sampled_from(sorted({str(p[-1]) for p in ORIGINALS if isinstance(p[-1], str)})),
    st.text(max_size=8),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=150, deadline=None)
@given(document=documents)
def test_any_yaml_document_is_loaded_and_validated_or_refused_with_located_errors(
    document: Any,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content" / "territoires").mkdir(parents=True)
        (root / "content" / "reseau.yml").write_bytes(NETWORK.read_bytes())
        text = yaml.safe_dump(document, allow_unicode=True)
        (root / TERRITORY_FILE).write_text(text, encoding="utf-8")
        try:
            load_site(root / "content", TODAY, root)
        except ContentErrors as problems:
            assert problems.errors
            for error in problems.errors:
                assert error.location.file == TERRITORY_FILE
                assert 1 <= error.location.line <= len(text.splitlines()) + 1
                assert error.format(FR) and error.format(EN)


def all_paths(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a document: mappings, lists and values."""
    paths = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            paths += all_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths += all_paths(value, (*path, index))
    return paths


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(all_paths(FULL_TERRITORY)), value=documents)
def test_any_value_anywhere_in_a_territory_is_refused_with_located_errors_or_rendered(
    place: tuple[str | int, ...], value: Any
) -> None:
    territory = replaced(FULL_TERRITORY, place, value)
    with content_with(territory) as root:
        try:
            output = render(root)
        except ContentErrors as problems:
            text = (root / TERRITORY_FILE).read_text(encoding="utf-8")
            for error in problems.errors:
                assert error.location.file == TERRITORY_FILE
                assert 1 <= error.location.line <= len(text.splitlines()) + 1
                assert error.format(FR) and error.format(EN)
            event("refused with French errors")
            return
    event("rendered")
    assert_only_text(output)
