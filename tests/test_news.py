"""Actualités: news posts published by Material's blog plugin, as visitors, sharing
previews, feed readers and staff meet them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from bs4 import BeautifulSoup, Tag

from plato_site.cms import editor_config
from plato_site.derive import Site, build_date
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.models import Post
from plato_site.pipeline import load_site
from plato_site.posts import POSTS_DIR
from plato_site.render.atom import AtomBuilder
from plato_site.render.news import post_json_ld
from tests.helpers import (
    REPO_ROOT,
    build_project,
    copy_project,
    minimal_mkdocs_yml,
    mkdocs_process,
    source_date,
)

SITE_URL = "https://plato.example.org/"
TAG = "tag:plato.example.org,2026:"
T = Catalog("fr")
# The two seed articles, summarised as example posts.
BOUCLE = "2013-04-02-plato-boucle-des-hauts-de-seine"
ROANNAIS = "2013-03-26-ouverture-plato-roannais-4"
PRESS = "2025-04-14-plato-roannais-5-dans-la-presse"
PRESS_POST = """---
title: Plato Roannais 5 dans la presse
date: 2025-04-14
territory: roannais
description: Le Progrès raconte la première rencontre du groupe "Plato Roannais 5" <b>R&D</b>.
image: images/actualites/roannais-5.png
image_alt: Les dirigeants du groupe Plato Roannais 5 autour de la table
source:
  publisher: Le Progrès
  url: https://www.example.org/le-progres/plato-roannais-5
  date: 2025-04-12
---

La première rencontre a porté sur le développement commercial.
"""


def add_press_post(content: Path) -> None:
    """A post reporting press coverage, with an image: what the example does not show."""
    (content / "actualites" / "posts" / f"{PRESS}.md").write_text(PRESS_POST, encoding="utf-8")
    image = content / "images" / "actualites" / "roannais-5.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "plugins/plato_site/theme/images/plato-og.png", image)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _post_page(site: Path, name: str) -> Path:
    return site / "actualites" / name / "index.html"


def _json_ld(soup: BeautifulSoup, kind: str) -> dict[str, Any]:
    found = [
        json.loads(script.get_text())
        for script in soup.find_all("script", type="application/ld+json")
    ]
    matching = [data for data in found if data.get("@type") == kind]
    assert len(matching) == 1, found
    return matching[0]


def _meta(soup: BeautifulSoup, prop: str) -> str:
    tag = soup.find("meta", property=prop)
    assert isinstance(tag, Tag), prop
    return str(tag["content"])


def _feed_site(root: Path) -> Site:
    with source_date():
        return load_site(root / "content", build_date(), root)


def _feeds(site: Site) -> dict[str, bytes]:
    return {atom.path: atom.content for atom in AtomBuilder(site, T, SITE_URL).files()}


# --- the example's two posts ---------------------------------------------------------------


def test_the_list_shows_every_post_newest_first_with_its_summary(example_site: Path) -> None:
    soup = _soup(example_site / "actualites" / "index.html")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Actualités"
    titles = [a["href"] for a in soup.select("article h2 a")]
    assert titles == [f"{BOUCLE}/", f"{ROANNAIS}/"]  # 2 April 2013, then 26 March 2013
    excerpts = soup.select("article .plato-lead")
    assert [p.get_text() for p in excerpts][1].startswith("Cérémonie d'ouverture du 4e Plato")
    # The list shows the summary only, not the whole post.
    assert "Le bilan des trois premiers programmes" not in soup.get_text()


def test_a_territory_page_shows_its_latest_posts(example_site: Path) -> None:
    page = example_site / "territoires" / "roannais" / "index.html"
    news = _soup(page).select_one("ul.plato-news")
    assert news is not None
    links = news.select("h3 a")
    assert [a.get_text() for a in links] == ["Le 4e programme Plato du Roannais est lancé"]
    target = (page.parent / str(links[0]["href"]) / "index.html").resolve()
    assert target == _post_page(example_site, ROANNAIS).resolve()
    assert news.select_one("time")["datetime"] == "2013-03-26"  # type: ignore[index]
    assert "26\u00a0mars 2013" in news.get_text()  # French no-break space
    everything = _soup(page).find("a", string=T("news.all"))
    assert isinstance(everything, Tag)
    assert (page.parent / str(everything["href"]) / "index.html").resolve().is_file()
    # A territory without news has no empty block.
    quiet = _soup(example_site / "territoires" / "seine-aval" / "index.html")
    assert quiet.select_one("ul.plato-news") is None


def test_a_post_is_shared_as_an_article_by_its_chamber(example_site: Path) -> None:
    soup = _soup(_post_page(example_site, ROANNAIS))
    url = f"{SITE_URL}actualites/{ROANNAIS}/"
    assert _meta(soup, "og:type") == "article"
    assert _meta(soup, "og:title").startswith("Le 4e programme Plato du Roannais est lancé")
    assert _meta(soup, "og:description").startswith("Cérémonie d'ouverture du 4e Plato")
    assert _meta(soup, "og:url") == url
    assert _meta(soup, "og:image").startswith(SITE_URL)
    assert _meta(soup, "article:published_time").startswith("2013-03-26T00:00:00+01:00")
    article = _json_ld(soup, "NewsArticle")
    assert article["headline"] == "Le 4e programme Plato du Roannais est lancé"
    assert article["datePublished"].startswith("2013-03-26")
    assert article["publisher"]["name"] == article["author"]["name"] == "CCI du Roannais"
    assert article["url"] == url
    assert "isBasedOn" not in article  # no press source given
    # Its feed is its territory's; its footer names the chamber, linked to its territory.
    feed = soup.find("link", rel="alternate", type="application/atom+xml")
    assert isinstance(feed, Tag)
    assert feed["href"] == f"{SITE_URL}territoires/roannais/actualites.xml"
    credit = soup.select_one(".plato-post-footer a")
    assert credit is not None and credit.get_text() == "Publié par CCI du Roannais"
    assert "© CCI du Roannais" in soup.get_text()


def test_feed_readers_get_the_news_with_stable_ids(example_site: Path) -> None:
    network = feedparser.parse((example_site / "actualites.xml").read_bytes())
    assert not network.bozo, network.bozo_exception
    news = {e.id: e for e in network.entries if e.id.startswith(f"{TAG}post.")}
    assert set(news) == {f"{TAG}post.{BOUCLE}", f"{TAG}post.{ROANNAIS}"}
    entry = news[f"{TAG}post.{ROANNAIS}"]
    assert entry.link == f"{SITE_URL}actualites/{ROANNAIS}/"
    assert entry.published.startswith("2013-03-26") and entry.updated.startswith("2013-03-26")
    assert entry.summary.startswith("Cérémonie d'ouverture")
    roannais = feedparser.parse(
        (example_site / "territoires" / "roannais" / "actualites.xml").read_bytes()
    )
    ids = {e.id for e in roannais.entries if e.id.startswith(f"{TAG}post.")}
    assert ids == {f"{TAG}post.{ROANNAIS}"}  # a territory's feed: its own news only


def test_ids_and_bytes_survive_a_rebuild_a_new_post_and_a_move(tmp_path: Path) -> None:
    before = _feeds(_feed_site(REPO_ROOT))
    assert _feeds(_feed_site(REPO_ROOT)) == before  # a rebuild changes nothing
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    posts = root / "content" / "actualites" / "posts"
    # Posts filed in a subfolder and listed in another order: the same entries.
    (posts / "2013").mkdir()
    for post in sorted(posts.glob("*.md")):
        post.rename(posts / "2013" / post.name)
    assert _feeds(_feed_site(root)) == before
    # A new post is one more entry; the others keep their ids.
    add_press_post(root / "content")
    after = feedparser.parse(_feeds(_feed_site(root))["actualites.xml"])
    old = feedparser.parse(before["actualites.xml"])
    assert {e.id for e in after.entries} == {e.id for e in old.entries} | {f"{TAG}post.{PRESS}"}


# --- press coverage -----------------------------------------------------------------------


def test_press_coverage_credits_and_links_its_source(press_site: Path) -> None:
    soup = _soup(_post_page(press_site, PRESS))
    source = soup.select_one(".plato-post-source")
    assert source is not None
    assert source.get_text(" ", strip=True).startswith(
        "Source\u00a0: Le Progrès, 12\u00a0avril 2025"
    )
    link = source.find("a")
    assert isinstance(link, Tag)
    assert link["href"] == "https://www.example.org/le-progres/plato-roannais-5"
    image = soup.select_one(".plato-post-image img")
    assert image is not None
    assert image["alt"] == "Les dirigeants du groupe Plato Roannais 5 autour de la table"
    assert (_post_page(press_site, PRESS).parent / str(image["src"])).resolve().is_file()
    # Staff text stays text everywhere (quotes, <, &), never markup.
    summary = 'Le Progrès raconte la première rencontre du groupe "Plato Roannais 5" <b>R&D</b>.'
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and description["content"] == summary
    assert _meta(soup, "og:description") == summary
    lead = soup.select_one(".plato-lead")
    assert lead is not None and lead.find("b") is None
    assert lead.get_text() == summary
    article = _json_ld(soup, "NewsArticle")
    assert article["description"] == summary
    assert article["isBasedOn"] == "https://www.example.org/le-progres/plato-roannais-5"
    assert article["image"] == f"{SITE_URL}images/actualites/roannais-5.png"
    assert _meta(soup, "og:image") == article["image"]
    assert _meta(soup, "og:image:alt") == image["alt"]
    # Newest first on the territory page too.
    territory = _soup(press_site / "territoires" / "roannais" / "index.html")
    titles = [a.get_text() for a in territory.select("ul.plato-news h3 a")]
    assert titles == [
        "Plato Roannais 5 dans la presse",
        "Le 4e programme Plato du Roannais est lancé",
    ]


# --- a CCI's own site: minimal mkdocs.yml -------------------------------------------------

MINIMAL = minimal_mkdocs_yml("Plato en Roannais", "https://plato.example.org/")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_minimal_mkdocs_yml_gets_news_without_writing_into_content(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "content" / "actualites" / "index.md").unlink()  # the blog would write "# Blog"
    (project / "mkdocs.yml").write_text(MINIMAL, encoding="utf-8")
    before = _files(project / "content")
    site = build_project(project, project / "site")
    assert _files(project / "content") == before
    soup = _soup(site / "actualites" / "index.html")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Actualités"
    assert _post_page(site, ROANNAIS).is_file()


def test_a_blog_listed_with_other_addresses_is_refused_in_french(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("blog_dir: actualites", "blog_dir: blog")
    config.write_text(text, encoding="utf-8")
    result = mkdocs_process(project, timeout=120)
    assert result.returncode == 1
    assert "les actualités ont besoin du plugin blog réglé ainsi" in result.stderr
    assert "blog_dir: actualites" in result.stderr
    assert "Traceback" not in result.stderr


# --- staff: the guide's example, its messages, the editor ---------------------------------

GUIDE_PAGE = REPO_ROOT / "content" / "guide" / "11-actualites.md"


def _fences(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```", GUIDE_PAGE.read_text("utf-8"), re.M | re.S)


def test_the_guide_example_post_is_published_as_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    example = _fences("markdown")[0]
    image = re.search(r"^image: (\S+)$", example, re.M)
    assert image is not None
    (project / "content" / image[1]).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(
        REPO_ROOT / "plugins/plato_site/theme/images/plato-og.png", project / "content" / image[1]
    )
    name = "2025-06-12-premiere-rencontre-plato-roannais-6"
    (project / "content/actualites/posts" / f"{name}.md").write_text(example, encoding="utf-8")
    site = _feed_site(project)
    (post,) = [item for item in site.posts if item.name == name]
    assert post.post.territory == "roannais" and post.post.image_alt
    assert site.warnings == ()


def test_the_messages_the_guide_shows_are_the_ones_staff_get() -> None:
    corpus = Path(__file__).parent / "bad_inputs"
    printed = {
        line.replace("\u00a0", " ")
        for expected in corpus.glob("news-*/expected.txt")
        for line in expected.read_text(encoding="utf-8").splitlines()
    }
    shown = [block.strip() for block in _fences("text")]
    assert len(shown) >= 4
    assert set(shown) <= printed


def test_the_editor_writes_posts_where_the_build_reads_them() -> None:
    collection = next(c for c in editor_config(T)["collections"] if c["name"] == "actualites")
    assert collection["folder"] == f"content/{POSTS_DIR}"
    assert (collection["extension"], collection["format"]) == ("md", "frontmatter")
    fields = {field["name"]: field for field in collection["fields"]}
    assert list(fields) == [*Post.model_fields, "body"]  # every front matter key, in order
    assert fields["image"]["widget"] == "image"
    assert f"content/{collection['public_folder']}" == collection["media_folder"].lstrip("/")
    assert fields["territory"]["widget"] == "relation"  # picked among the territories
    assert fields["territory"]["collection"] == "territoires"
    assert fields["body"]["widget"] == "text"  # never the rich-text editor
    assert fields["date"]["date_format"] == "YYYY-MM-DD"


def test_network_news_is_the_networks_own(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    add_press_post(root / "content")
    text = PRESS_POST.replace("territory: roannais\n", "")
    (root / "content/actualites/posts" / f"{PRESS}.md").write_text(text, encoding="utf-8")
    site = _feed_site(root)
    feeds = {path: feedparser.parse(data) for path, data in _feeds(site).items()}
    owners = [
        path for path, feed in feeds.items() if f"{TAG}post.{PRESS}" in {e.id for e in feed.entries}
    ]
    assert owners == ["actualites.xml"]  # the network's feed only
    (item,) = [p for p in site.posts if p.name == PRESS]
    article = post_json_ld(site, item, None, None)
    assert article["publisher"]["name"] == site.network.publisher.name


def test_without_posts_a_listed_blog_publishes_nothing_and_writes_nothing(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "content" / "actualites")
    before = _files(project / "content")
    site = build_project(project, project / "site")
    assert _files(project / "content") == before  # no "# Blog" written into content/
    assert not (site / "actualites").exists()
    territory = _soup(site / "territoires/roannais/index.html")
    assert territory.select_one("ul.plato-news") is None
    assert not territory.select('a[href*="actualites/"]')  # no link to a missing page


def test_a_wrong_post_is_reported_with_a_wrong_territory_file(tmp_path: Path) -> None:
    """All mistakes in one pass: a post's is listed even while a territory file is wrong
    (which territories exist is then unknown, so its territory is not checked)."""
    content = copy_project(tmp_path / "project") / "content"
    territory = content / "territoires" / "roannais.yml"
    territory.write_text(
        territory.read_text("utf-8").replace("- 42300 Roanne\n", "- Roanne 42300\n"), "utf-8"
    )
    post = content / POSTS_DIR / "2013-03-26-ouverture-plato-roannais-4.md"
    post.write_text(post.read_text("utf-8").replace("date: 2013-03-26", "date: 2013-02-30"))
    with pytest.raises(ContentErrors) as raised:
        load_site(content, build_date())
    files = sorted({error.location.file for error in raised.value.errors})
    assert files == [
        "content/actualites/posts/2013-03-26-ouverture-plato-roannais-4.md",
        "content/territoires/roannais.yml",
    ]
