"""Follow without a calendar: the Atom feeds, read by a real feed parser (feedparser)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]
import pytest
import yaml
from bs4 import BeautifulSoup

from plato_site.derive import Site, build_date
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from plato_site.render.atom import AtomBuilder
from tests.helpers import REPO_ROOT, source_date

SITE_URL = "https://plato.example.org/"
TAG = "tag:plato.example.org,2026:"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Plato </title><script>alert("x")</script> & <![CDATA[ ]]> «\u00a0ok\u00a0»'


def _site(root: Path) -> Site:
    with source_date():
        return load_site(root / "content", build_date(), root)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return root


def _rewrite(root: Path, change: object) -> None:
    for path in sorted((root / "content" / "territoires").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)  # type: ignore[operator]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _feeds(site: Site) -> dict[str, bytes]:
    files = AtomBuilder(site, Catalog("fr"), SITE_URL).files()
    return {atom.path: atom.content for atom in files}


@pytest.fixture(scope="module")
def example() -> Site:
    return _site(REPO_ROOT)


def test_feeds_parse_and_announce_recruiting_groups_and_public_events(
    example_site: Path, example: Site
) -> None:
    network = feedparser.parse((example_site / "actualites.xml").read_bytes())
    assert not network.bozo, network.bozo_exception
    assert network.version == "atom10"
    all_ids: set[str] = set()
    for tv in example.territories:
        feed = feedparser.parse(
            (example_site / f"territoires/{tv.slug}/actualites.xml").read_bytes()
        )
        assert not feed.bozo, feed.bozo_exception
        assert tv.name in feed.feed.title
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids))
        expected = {f"{TAG}group.{g.id}" for g in tv.recruiting_groups}
        expected |= {f"{TAG}event.{tv.slug}.{e.id}" for e in tv.upcoming_events}
        expected |= {f"{TAG}post.{p.name}" for p in example.territory_posts(tv.slug)}
        assert set(ids) == expected
        for group in tv.finished_groups:  # a finished group is never announced
            assert f"{TAG}group.{group.id}" not in ids
        for entry in feed.entries:
            assert entry.link.startswith(SITE_URL)
            assert entry.updated_parsed is not None
            assert entry.summary
        all_ids |= set(ids)
    assert all_ids, "the example announces something"
    assert {entry.id for entry in network.entries} == all_ids
    # Newest first, as readers expect.
    stamps = [entry.updated_parsed for entry in network.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_pages_link_their_feed_in_head_and_visibly(example_site: Path, example: Site) -> None:
    tv = example.territories[0]
    feed_url = urljoin(SITE_URL, f"territoires/{tv.slug}/actualites.xml")
    page = example_site / f"territoires/{tv.slug}/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    alternate = soup.find("link", rel="alternate", type="application/atom+xml")
    assert alternate is not None and alternate["href"] == feed_url
    follow = soup.select_one(".plato-follow a")
    assert follow is not None and follow.get_text() == "Suivre"
    target = (page.parent / str(follow["href"])).resolve()
    assert target == (example_site / f"territoires/{tv.slug}/actualites.xml").resolve()
    assert target.is_file()
    home = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    network_link = home.find("link", rel="alternate", type="application/atom+xml")
    assert network_link is not None and network_link["href"] == urljoin(SITE_URL, "actualites.xml")


def test_ids_and_bytes_do_not_depend_on_the_order_of_the_yaml(
    tmp_path: Path, example: Site
) -> None:
    root = _copy(tmp_path)

    def reverse(data: dict[str, list[object]]) -> None:
        data["groups"] = list(reversed(data.get("groups", [])))
        data["events"] = list(reversed(data.get("events", [])))

    _rewrite(root, reverse)
    assert _feeds(_site(root)) == _feeds(example)
    assert _feeds(_site(REPO_ROOT)) == _feeds(example)  # and a rebuild changes nothing


def test_hostile_text_is_escaped(tmp_path: Path, example: Site) -> None:
    root = _copy(tmp_path)
    recruiting = {g.id for tv in example.territories for g in tv.recruiting_groups}

    def poison(data: dict[str, list[dict[str, object]]]) -> None:
        for group in data.get("groups", []):
            if group["id"] in recruiting:
                group["name"] = HOSTILE

    _rewrite(root, poison)
    for path, content in _feeds(_site(root)).items():
        parsed = feedparser.parse(content)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(content).iter(f"{ATOM}entry")]
        if any(
            path.endswith(f"{tv.slug}/actualites.xml")
            for tv in example.territories
            if tv.recruiting_groups
        ):
            assert any(title is not None and HOSTILE in title for title in titles)
