"""A news post written in the web editor (Decap CMS, local backend), as staff write one:
"Nouvelle actualité", the form, the territory picked by its name, Publier. The file lands
in content/actualites/posts/ with a front matter the build reads, and the rebuilt site
publishes the post. Runs on its own copy of the project (fixtures of test_editor.py).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import yaml

from plato_site.i18n import Catalog
from plato_site.posts import POSTS_DIR
from tests.browser.conftest import NewPage, SaveScreenshot
from tests.browser.test_editor import (
    _publish,
    decap_port,
    editor_project,
    editor_url,
    log_in,
)
from tests.helpers import build_project

__all__ = ["decap_port", "editor_project", "editor_url"]  # fixtures used here

FR = Catalog("fr")
TITLE = "Plato Roannais 6 a tenu sa première rencontre"
SUMMARY = "Douze dirigeants et trois animateurs se sont retrouvés à la CCI du Roannais."
BODY = "Le groupe a choisi son premier thème : le **développement commercial**."


def _wait_for_post(folder: Path) -> Path:
    for _ in range(100):
        written = sorted(folder.glob("*-plato-roannais-6-a-tenu-sa-premiere-rencontre.md"))
        if written:
            return written[0]
        time.sleep(0.1)
    raise AssertionError(f"no new post in {folder}")


def test_staff_write_a_news_post_in_the_editor(
    editor_url: str,
    editor_project: Path,
    new_page: NewPage,
    save_screenshot: SaveScreenshot,
) -> None:
    recorded = log_in(new_page, editor_url)
    page = recorded.page
    page.goto(editor_url + "#/collections/actualites/new")

    def label(field: str) -> str:
        return FR(f"schema.fields.Post.{field}.title")

    page.get_by_label(label("title"), exact=True).fill(TITLE)
    page.get_by_label(label("date"), exact=True).fill("2025-06-12")
    page.get_by_label(label("description"), exact=True).fill(SUMMARY)
    territory = page.get_by_label(label("territory"))
    territory.fill("Roann")
    page.get_by_role("option", name="Roannais").click()
    page.get_by_label(FR("news.cms.body"), exact=True).fill(BODY)
    save_screenshot(page, "editor-news-post-1280", max_height=1600)
    _publish(page)
    assert not recorded.console_errors

    written = _wait_for_post(editor_project / "content" / POSTS_DIR)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(front)
    assert data["title"] == TITLE
    assert str(data["date"]) == "2025-06-12" or data["date"] == date(2025, 6, 12)
    assert data["territory"] == "roannais"
    assert data["description"] == SUMMARY
    assert body.strip() == BODY

    site = build_project(editor_project, editor_project / "rebuilt")
    post = site / "actualites" / written.stem / "index.html"
    assert TITLE in post.read_text(encoding="utf-8")
    territory_page = (site / "territoires" / "roannais" / "index.html").read_text("utf-8")
    assert TITLE in territory_page
