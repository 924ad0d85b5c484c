"""The synthetic national network (tests/synthetic.py) and the one-territory preview.

The benchmark trusts the generator to write what staff write; these tests build a small
synthetic network with the real mkdocs.yml and check the site a visitor would get, then
the preview staff get with ``make preview TERRITORY=<slug>``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar
from mkdocs.exceptions import Abort

from plato_site.derive import HOME_OPEN_GROUPS
from plato_site.i18n import Catalog
from plato_site.render import urls
from tests.benchmarks.baseline import write_baseline
from tests.helpers import build_project
from tests.synthetic import SyntheticNetwork, generate_network

FR = Catalog("fr")
TERRITORIES = 5
SEED = 7


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> SyntheticNetwork:
    return generate_network(tmp_path_factory.mktemp("network"), TERRITORIES, seed=SEED)


@pytest.fixture(scope="module")
def site(network: SyntheticNetwork, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.delenv("PLATO_PREVIEW", raising=False)
        return build_project(
            network.root, tmp_path_factory.mktemp("built") / "site", network.source_date_epoch
        )


@pytest.fixture(scope="module")
def preview_slug(network: SyntheticNetwork) -> str:
    return network.territories[2]


@pytest.fixture(scope="module")
def preview(
    network: SyntheticNetwork, preview_slug: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLATO_PREVIEW", preview_slug)
        return build_project(
            network.root, tmp_path_factory.mktemp("preview") / "site", network.source_date_epoch
        )


def territory_data(network: SyntheticNetwork, slug: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(network.territory_file(slug).read_text("utf-8"))
    return data


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def territory_urls(site: Path) -> set[str]:
    return {path.name for path in (site / "territoires").iterdir() if path.is_dir()}


# --- the generator --------------------------------------------------------------------------


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = generate_network(tmp_path / "a", 12, seed=3)
    second = generate_network(tmp_path / "b", 12, seed=3)
    other = generate_network(tmp_path / "c", 12, seed=4)
    assert files_of(first.root) == files_of(second.root)
    assert len(files_of(first.root)) == 12 + 3  # territories, reseau.yml, index.md, mkdocs.yml
    assert files_of(first.root) != files_of(other.root)
    assert first.meetings == second.meetings


def test_a_hundred_territories_is_a_national_network(tmp_path: Path) -> None:
    network = generate_network(tmp_path, 100)
    assert len(set(network.territories)) == 100
    # ~1,300 pages and ~14,000 meetings: the size the speed targets are set for.
    assert 13_000 <= network.meetings <= 16_000
    assert 650 <= network.groups <= 750


def test_groups_are_past_running_and_to_come(network: SyntheticNetwork) -> None:
    today = network.today.isoformat()[:7]
    for slug in network.territories:
        groups = territory_data(network, slug)["groups"]
        starts = [g["schedule"]["start_month"] for g in groups]
        assert any(start < today for start in starts), slug
        assert any(start > today for start in starts), slug
        assert {g["kind"] for g in groups} == {"plato", "expert"}


# --- the site built from it ----------------------------------------------------------------


def test_every_territory_has_its_pages_and_feeds(network: SyntheticNetwork, site: Path) -> None:
    assert territory_urls(site) == set(network.territories)
    group_pages = list(site.glob("territoires/*/groupes/*/index.html"))
    group_feeds = list(site.glob("territoires/*/groupes/*/calendrier.ics"))
    assert len(group_pages) == len(group_feeds) == network.groups
    with_testimonials = 0
    for slug in network.territories:
        for part in ("", "rejoindre/", "groupes/", "calendrier/", "contact/"):
            assert (site / f"territoires/{slug}/{part}index.html").is_file(), (slug, part)
        assert (site / f"territoires/{slug}/calendrier.ics").is_file()
        has_testimonials = bool(territory_data(network, slug)["testimonials"])
        with_testimonials += has_testimonials
        assert (site / f"territoires/{slug}/temoignages/index.html").is_file() == has_testimonials
    pages = list(site.rglob("index.html"))
    # Per territory: home, join, groups, calendar, contact, maybe testimonials, one per group,
    # one per public event.
    events = sum(len(territory_data(network, slug)["events"]) for slug in network.territories)
    assert events >= TERRITORIES
    expected = 5 * TERRITORIES + with_testimonials + network.groups + events
    assert len([p for p in pages if "territoires" in p.parts]) == expected


def test_cancelled_and_moved_meetings_show_their_reason(
    network: SyntheticNetwork, site: Path
) -> None:
    seen = {"cancelled": 0, "moved": 0}
    for slug in network.territories:
        for group in territory_data(network, slug)["groups"]:
            table = page(site, f"territoires/{slug}/groupes/{group['id']}")
            rows: dict[str, str] = {}
            for row in table.select("table.plato-meetings tbody tr"):
                number = row.select_one("th")
                assert number is not None
                rows[number.get_text(strip=True)] = row.get_text(" ", strip=True)
            default_count = 24 if group["kind"] == "plato" else 12
            assert len(rows) == (group["schedule"].get("count") or default_count)
            for override in group.get("meetings", []):
                text = rows[str(override["number"])]
                if "cancelled" in override:
                    reason = FR("pages.cancel_reason", reason=override["cancelled"]["reason"])
                    assert reason in text
                    seen["cancelled"] += 1
                elif "changes" in override:
                    reason = FR("pages.change_reason", reason=override["changes"][-1]["reason"])
                    assert reason in text
                    seen["moved"] += 1
    assert seen["cancelled"] and seen["moved"]


def meeting_number(uid: str) -> int:
    """``meeting.<group id>.<number>@<host>`` (the UID scheme of render/feeds.py)."""
    match = re.fullmatch(r"meeting\.[a-z0-9-]+\.(\d+)@.+", uid)
    assert match is not None, uid
    return int(match.group(1))


def test_upcoming_cancelled_meetings_stay_in_the_group_feed_as_cancelled(
    network: SyntheticNetwork, site: Path
) -> None:
    checked = 0
    for slug in network.territories:
        for group in territory_data(network, slug)["groups"]:
            feed = site / f"territoires/{slug}/groupes/{group['id']}/calendrier.ics"
            events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
            by_number = {meeting_number(str(e["UID"])): e for e in events}
            for override in group.get("meetings", []):
                cancelled = override.get("cancelled")
                event = by_number.get(override["number"])
                if cancelled is None or event is None:
                    continue  # a cancelled meeting leaves the feed once its day has passed
                assert str(event["STATUS"]) == "CANCELLED"
                assert int(str(event["SEQUENCE"])) >= 1
                checked += 1
    assert checked


def test_phones_testimonials_and_contacts_reach_the_pages(
    network: SyntheticNetwork, site: Path
) -> None:
    for slug in network.territories:
        data = territory_data(network, slug)
        contact = page(site, f"territoires/{slug}/contact")
        links = {a["href"] for a in contact.select('a[href^="tel:"]')}
        assert "tel:+33820012112" in links  # the network's number, with its price
        assert "0,12" in contact.get_text()
        assert data["contacts"][0]["name"] in contact.get_text()
        for phone in data["phones"]:
            digits = re.sub(r"\D", "", phone["number"])[1:]
            assert f"tel:+33{digits}" in links
        if data["testimonials"]:
            text = page(site, f"territoires/{slug}/temoignages").get_text()
            assert all(t["author"] in text for t in data["testimonials"])


# --- links ----------------------------------------------------------------------------------


def internal_links(site: Path) -> Iterator[tuple[Path, str]]:
    """Every relative href/src of every page, with the page it is on."""
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            target = tag.get("href") or tag.get("src")
            if not isinstance(target, str) or not target or target.startswith("#"):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            yield html, unquote(parts.path)


def dead_links(site: Path) -> list[str]:
    dead = []
    for html, target in internal_links(site):
        # Absolute paths (404.html) start at the site root: site_url has no path.
        base = site if target.startswith("/") else html.parent
        resolved = (base / target.lstrip("/")).resolve()
        if resolved.is_dir():
            resolved = resolved / "index.html"
        if not resolved.is_file():
            dead.append(f"{html.relative_to(site)} -> {target}")
    return dead


def test_no_link_of_the_full_site_is_dead(site: Path) -> None:
    assert dead_links(site) == []


# --- the one-territory preview ---------------------------------------------------------------


def test_preview_builds_only_that_territory(
    network: SyntheticNetwork, preview: Path, preview_slug: str
) -> None:
    assert territory_urls(preview) == {preview_slug}
    groups = territory_data(network, preview_slug)["groups"]
    built = {
        p.parent.name for p in preview.glob(f"territoires/{preview_slug}/groupes/*/index.html")
    }
    assert built == {g["id"] for g in groups}
    for network_page in ("groupes", "calendrier"):
        assert (preview / network_page / "index.html").is_file()


def test_preview_network_pages_list_only_the_previewed_territory(
    network: SyntheticNetwork, preview: Path, preview_slug: str
) -> None:
    others = [slug for slug in network.territories if slug != preview_slug]
    for url in ("", "groupes", "calendrier"):
        html = (preview / url / "index.html").read_text("utf-8")
        assert f"territoires/{preview_slug}/" in html, url
        assert not any(f"territoires/{slug}/" in html for slug in others), url
    feed = Calendar.from_ical((preview / "calendrier.ics").read_bytes())
    uids = {str(event["UID"]) for event in feed.walk("VEVENT")}
    group_ids = {g["id"] for g in territory_data(network, preview_slug)["groups"]}
    assert uids and all(
        uid.startswith(("event.", *(f"meeting.{g}." for g in group_ids))) for uid in uids
    )


def test_no_link_of_the_preview_is_dead(preview: Path) -> None:
    assert dead_links(preview) == []


def test_preview_still_validates_every_file(
    network: SyntheticNetwork,
    preview_slug: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    project = tmp_path / "project"
    copy = generate_network(project, TERRITORIES, seed=SEED)
    broken = next(slug for slug in copy.territories if slug != preview_slug)
    path = copy.territory_file(broken)
    path.write_text(path.read_text("utf-8").replace("seats_taken:", "seats_takn:", 1), "utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLATO_PREVIEW", preview_slug)
        with pytest.raises(Abort):
            build_project(project, tmp_path / "site", network.source_date_epoch)
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    assert f"content/territoires/{broken}.yml:" in errors
    assert "seats_takn" in errors
    assert not (tmp_path / "site").exists()


# --- the benchmark's baseline ------------------------------------------------------------------


def test_the_benchmark_baseline_holds_the_plugin_pages(
    network: SyntheticNetwork, site: Path, tmp_path: Path
) -> None:
    """make bench compares the plugin with these Markdown files: they must carry the pages."""
    config = write_baseline(network, tmp_path / "baseline")
    docs = config.parent / "content"
    group = f"territoires/{network.territories[0]}/groupes/{network.territories[0]}-1"
    markdown = (docs / group / "index.md").read_text("utf-8")
    assert markdown.startswith("---\n")
    assert 'class="plato-meetings"' in markdown  # the group's table of meetings
    built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    written = {
        p.relative_to(docs).as_posix().removesuffix(".md") + ".html" for p in docs.rglob("index.md")
    }
    assert written == built


def test_the_home_page_shows_the_soonest_open_groups_and_links_them_all(site: Path) -> None:
    """A national network's home is a first screen, not a list of every open group."""
    home = page(site, "")
    badges = [text.get_text(strip=True) for text in page(site, "groupes").select(".plato-badge")]
    open_count = badges.count(FR("pages.status.recruiting"))
    assert open_count > HOME_OPEN_GROUPS  # the synthetic network has more than one screen
    assert len(home.select(".plato-open-group")) == HOME_OPEN_GROUPS
    more = home.select_one(f'.plato-recruit a[href="{urls.network_groups()}"]')
    assert more is not None
    assert more.get_text() == FR("pages.home.all_open_groups", count=open_count)
