"""What search engines and link previews read, parsed back from the built HTML: JSON-LD
(the host chamber and its contact points, public events), Open Graph and Twitter tags,
canonical URLs and the sitemap."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from plato_site.i18n import Catalog
from plato_site.render.structured import social_tags
from tests.helpers import (
    REPO_ROOT,
    build_project,
    built_pages,
    copy_project,
    keep_territories,
)

SITE_URL = "https://plato.example.org/"
SCHEMA = "https://schema.org"
HOSTILE = "</script><script>alert(1)</script><!--"
ISO_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def pages_of(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of a built site by its URL path ("" for the home page)."""
    found = {}
    for path in built_pages(site):
        url = path.parent.relative_to(site).as_posix()
        found["" if url == "." else url + "/"] = BeautifulSoup(
            path.read_text("utf-8"), "html.parser"
        )
    return found


def json_ld(page: BeautifulSoup) -> list[dict[str, Any]]:
    scripts = page.select('script[type="application/ld+json"]')
    return [json.loads(script.get_text()) for script in scripts]


def of_type(page: BeautifulSoup, kind: str) -> list[dict[str, Any]]:
    return [item for item in json_ld(page) if item["@type"] == kind]


def meta(page: BeautifulSoup, key: str) -> str:
    tags = page.select(f'meta[property="{key}"], meta[name="{key}"]')
    assert len(tags) == 1, key
    content = tags[0].get("content")
    assert isinstance(content, str)
    return content


def canonical(page: BeautifulSoup) -> str:
    link = page.select_one('link[rel="canonical"]')
    assert link is not None
    href = link.get("href")
    assert isinstance(href, str)
    return href


# --- the example site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(example_site: Path) -> dict[str, BeautifulSoup]:
    return pages_of(example_site)


ROANNAIS = "territoires/roannais/"


@pytest.mark.parametrize("page", ["", "rejoindre/", "contact/"])
def test_host_chamber_is_an_organization_with_contact_points(
    example: dict[str, BeautifulSoup], page: str
) -> None:
    [chamber] = of_type(example[ROANNAIS + page], "Organization")
    assert chamber["@context"] == SCHEMA
    assert chamber["name"] == "CCI du Roannais"
    assert chamber["url"] == "https://www.example.org/roannais/"
    assert chamber["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "8 rue Aristide Briand",
        "postalCode": "42300",
        "addressLocality": "Roanne",
        "addressCountry": "FR",
    }
    points = chamber["contactPoint"]
    assert points, "a chamber with published numbers has contact points"
    for point in points:
        assert point["@type"] == "ContactPoint"
        assert re.fullmatch(r"\+33[1-9]\d{8}", point["telephone"])
        assert point["contactType"]
        assert point["areaServed"] == "Roannais"
    assert points[0]["telephone"] == "+33477445464"  # written 04.77.44.54.64 by staff
    assert points[0]["contactType"] == "Standard Plato Roannais"
    person = next(point for point in points if "name" in point)
    assert person["name"] == "Franck Tournery"
    assert person["email"] == "plato-roannais@example.org"


def test_public_events_are_marked_up_on_the_territory_calendar(
    example: dict[str, BeautifulSoup],
) -> None:
    events = of_type(example[ROANNAIS + "calendrier/"], "Event")
    assert [event["name"] for event in events] == [
        "Réunion d'information Plato Roannais 6",
        "Cérémonie d'ouverture du 6e programme Plato en Roannais",
    ]
    information = events[0]
    assert information["@context"] == SCHEMA
    assert information["startDate"] == "2027-01-28T18:00:00+01:00"
    assert information["endDate"] == "2027-01-28T19:30:00+01:00"
    assert information["eventStatus"] == f"{SCHEMA}/EventScheduled"
    assert information["eventAttendanceMode"] == f"{SCHEMA}/OfflineEventAttendanceMode"
    assert information["location"]["@type"] == "Place"
    assert information["location"]["name"] == "CCI du Roannais"
    assert information["location"]["address"]["@type"] == "PostalAddress"
    assert information["location"]["address"]["addressLocality"] == "Roanne"
    assert information["organizer"] == {
        "@type": "Organization",
        "name": "CCI du Roannais",
        "url": "https://www.example.org/roannais/",
    }
    assert "previousStartDate" not in information


def test_no_event_markup_on_group_pages_nor_for_group_meetings(
    example: dict[str, BeautifulSoup],
) -> None:
    group_pages = [url for url in example if re.fullmatch(r"territoires/[^/]+/groupes/.+/", url)]
    assert len(group_pages) >= 3
    for url in group_pages:
        assert of_type(example[url], "Event") == [], url
    # Anywhere on the site, an Event is one of the public events the YAML declares.
    public = set()
    for source in (REPO_ROOT / "content" / "territoires").glob("*.yml"):
        data = yaml.safe_load(source.read_text("utf-8"))
        public |= {event.get("title") for event in data.get("events") or []}
    for url, page in example.items():
        for event in of_type(page, "Event"):
            assert event["name"] in public, url
            own_page = re.fullmatch(r"territoires/[^/]+/calendrier/[^/]+/", url)
            calendar = url.endswith("/calendrier/") and url.startswith("territoires/")
            assert own_page or calendar, url


@pytest.mark.parametrize(
    "page",
    [
        "",  # hand-written home page
        "groupes/",
        "calendrier/",
        ROANNAIS,
        ROANNAIS + "rejoindre/",
        ROANNAIS + "groupes/",
        ROANNAIS + "groupes/roannais-5/",
        ROANNAIS + "calendrier/",
        ROANNAIS + "temoignages/",
        ROANNAIS + "contact/",
    ],
)
def test_sharing_tags_of_each_page_type(
    example: dict[str, BeautifulSoup], example_site: Path, page: str
) -> None:
    soup = example[page]
    assert meta(soup, "og:site_name") == "Réseau Plato"
    assert meta(soup, "og:locale") == "fr_FR"
    assert meta(soup, "og:type") == "website"
    assert meta(soup, "og:url") == canonical(soup) == SITE_URL + page
    assert meta(soup, "og:title")
    assert meta(soup, "og:description") == meta(soup, "description")
    assert meta(soup, "twitter:card") == "summary_large_image"
    image = meta(soup, "og:image")
    assert image.startswith(SITE_URL)
    png = (example_site / urlsplit(image).path.lstrip("/")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    size = struct.unpack(">II", png[16:24])
    assert size == (int(meta(soup, "og:image:width")), int(meta(soup, "og:image:height")))
    assert size == (1200, 630)
    assert len(png) < 100_000  # quick to fetch for every preview
    assert meta(soup, "og:image:alt")


def test_every_page_has_sharing_tags_and_is_in_the_sitemap_unless_noindex(
    example: dict[str, BeautifulSoup], example_site: Path
) -> None:
    tree = ElementTree.parse(example_site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {node.text for node in tree.getroot().findall("s:url/s:loc", namespace)}
    assert len(example) >= 10
    for url, page in example.items():
        assert meta(page, "og:url") == canonical(page) == SITE_URL + url, url
        assert meta(page, "og:title"), url
        # Pages kept from search engines (the staff guide) stay out of the sitemap.
        hidden = page.select_one('meta[name="robots"][content="noindex"]') is not None
        assert (SITE_URL + url in listed) is not hidden, url


def test_a_shared_territory_page_names_its_territory(example: dict[str, BeautifulSoup]) -> None:
    assert meta(example[ROANNAIS + "contact/"], "og:title") == "Contact · Plato Roannais"
    assert meta(example[ROANNAIS], "og:title") == "Roannais"
    assert meta(example[ROANNAIS + "groupes/roannais-5/"], "og:title") == "Plato Roannais 5"


def test_english_sites_say_en_gb() -> None:
    tags = social_tags(
        title="Contact",
        description="…",
        url=SITE_URL,
        site_name="Plato",
        site_url=SITE_URL,
        catalog=Catalog("en"),
    )
    assert {tag.key: tag.content for tag in tags}["og:locale"] == "en_GB"


def test_without_site_url_no_relative_url_is_published() -> None:
    tags = social_tags(
        title="Contact",
        description="…",
        url=None,
        site_name="Plato",
        site_url=None,
        catalog=Catalog("fr"),
    )
    keys = {tag.key for tag in tags}
    assert "og:url" not in keys and "og:image" not in keys
    assert {tag.key: tag.content for tag in tags}["twitter:card"] == "summary"


# --- a territory with every kind of event and number ------------------------------------------

CCI = {
    "name": "CCI du Roannais",
    "address": {"street": "8 rue Aristide Briand", "postal_code": "42300", "city": "Roanne"},
}


def _event(event_id: str, day: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "kind": "plenary",
        "title": f"Plénière {event_id}",
        "date": day,
        "start_time": "18:00",
        "end_time": "20:00",
        "venue": CCI,
        "published": "2026-09-01",
    } | extra


EVENTS = [
    _event("passee", "2026-10-01"),  # before the build date (2026-11-22)
    _event(
        "hiver", "2027-02-11", changes=[{"announced": "2026-11-10", "previous_date": "2027-02-04"}]
    ),
    _event("annulee", "2027-05-20", cancelled={"announced": "2026-11-15", "reason": "salle"}),
    _event("ete", "2027-06-17"),
    _event(
        "hostile",
        "2027-07-01",
        title=HOSTILE,
        description=f"Texte {HOSTILE} & <b>gras</b>",
        venue=CCI | {"name": HOSTILE},
    ),
]

PHONES = [
    {"number": "04 77 44 54 64", "label": "Standard Plato Roannais"},
    {"number": "0800 130 000", "label": "Numéro vert"},
    {"number": "0820 012 112", "label": "Numéro régional", "price": "0,12 €/min"},
    {"number": "3939", "label": "Allô Service Public"},
]


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with only Roannais, given the events and numbers above."""
    project = copy_project(tmp_path_factory.mktemp("structured") / "project")
    territories = project / "content" / "territoires"
    keep_territories(project, "roannais")
    source = territories / "roannais.yml"
    data = yaml.safe_load(source.read_text("utf-8"))
    data["events"] = EVENTS
    data["phones"] = PHONES
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return build_project(project, project / "site")


@pytest.fixture(scope="module")
def variant(variant_site: Path) -> dict[str, BeautifulSoup]:
    return pages_of(variant_site)


def _events(variant: dict[str, BeautifulSoup]) -> dict[str, dict[str, Any]]:
    events = of_type(variant[ROANNAIS + "calendrier/"], "Event")
    return {event["startDate"][:10]: event for event in events}


def test_past_events_are_not_marked_up(variant: dict[str, BeautifulSoup]) -> None:
    assert "2026-10-01" not in _events(variant)
    assert len(_events(variant)) == 4


def test_rescheduled_event_gives_its_previous_date(variant: dict[str, BeautifulSoup]) -> None:
    moved = _events(variant)["2027-02-11"]
    assert moved["eventStatus"] == f"{SCHEMA}/EventRescheduled"
    assert moved["previousStartDate"] == "2027-02-04"
    assert moved["startDate"] == "2027-02-11T18:00:00+01:00"


def test_cancelled_event_says_so(variant: dict[str, BeautifulSoup]) -> None:
    cancelled = _events(variant)["2027-05-20"]
    assert cancelled["eventStatus"] == f"{SCHEMA}/EventCancelled"
    assert "previousStartDate" not in cancelled


def test_summer_dates_carry_the_summer_offset(variant: dict[str, BeautifulSoup]) -> None:
    summer = _events(variant)["2027-06-17"]
    assert summer["startDate"] == "2027-06-17T18:00:00+02:00"
    assert summer["endDate"] == "2027-06-17T20:00:00+02:00"
    for event in _events(variant).values():
        assert ISO_WITH_OFFSET.fullmatch(event["startDate"])
        assert ISO_WITH_OFFSET.fullmatch(event["endDate"])


def test_toll_free_numbers_are_flagged_and_short_numbers_left_out(
    variant: dict[str, BeautifulSoup],
) -> None:
    [chamber] = of_type(variant[ROANNAIS + "contact/"], "Organization")
    points = {point["contactType"]: point for point in chamber["contactPoint"]}
    assert points["Numéro vert"]["telephone"] == "+33800130000"
    assert points["Numéro vert"]["contactOption"] == f"{SCHEMA}/TollFree"
    assert "contactOption" not in points["Standard Plato Roannais"]
    assert "contactOption" not in points["Numéro régional"]  # 0820: surcharged, not free
    # 3939 has no international form: callers abroad could not dial it.
    assert "Allô Service Public" not in points


def test_hostile_text_cannot_leave_the_json_ld_script(
    variant: dict[str, BeautifulSoup], variant_site: Path
) -> None:
    hostile = _events(variant)["2027-07-01"]
    # The text comes back intact once parsed...
    assert hostile["name"] == HOSTILE
    assert hostile["location"]["name"] == HOSTILE
    assert HOSTILE in hostile["description"]
    # ...and it opened no script element: only the JSON-LD holds it.
    for script in variant[ROANNAIS + "calendrier/"].select("script"):
        if script.get("type") != "application/ld+json":
            assert "alert(1)" not in script.get_text()
    # BeautifulSoup repairs markup: look at the characters a browser receives as well.
    raw = (variant_site / ROANNAIS / "calendrier" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in raw
    opening = '<script type="application/ld+json">'
    bodies = [part.split("</script>", 1)[0] for part in raw.split(opening)[1:]]
    assert any("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in body for body in bodies)
    for body in bodies:
        assert "<" not in body and ">" not in body and "&" not in body
