"""News posts on the pages and in the ``<head>`` (the blog plugin renders the posts).

What the site adds to Material's blog: the latest posts of a territory on its page
(:func:`news_cards`), a post's summary, date and image before its text
(``partials/post_lead.html``) and after it the press article it reports on and its
publisher (``partials/post_source.html``, :func:`post_context`), and each post's sharing
tags (Open Graph ``article``) and ``NewsArticle`` JSON-LD (:func:`post_head`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from markupsafe import Markup

from plato_site import formatting
from plato_site.derive import Site
from plato_site.i18n import Catalog
from plato_site.models import Chamber, Publisher
from plato_site.posts import SourcedPost
from plato_site.render import urls
from plato_site.render.structured import (
    OG_IMAGE,
    SCHEMA,
    JsonLd,
    MetaTag,
    head_html,
    paris_iso,
    share_title,
    social_tags,
)

LATEST = 3  # posts on a territory's page: the rest are one link away


@dataclass(frozen=True)
class NewsCard:
    """A post as the lists show it: title, date, summary and address."""

    title: str
    url: str  # site-relative
    day: date
    date_text: str
    description: str


def news_cards(posts: list[SourcedPost], catalog: Catalog, limit: int = LATEST) -> list[NewsCard]:
    return [
        NewsCard(
            item.post.title,
            urls.post(item.name),
            item.post.date,
            formatting.format_date(item.post.date, catalog, weekday=False),
            item.post.description,
        )
        for item in posts[:limit]
    ]


def publisher(site: Site, item: SourcedPost) -> Chamber | Publisher:
    """Who publishes a post: its territory's chamber, else the network's publisher."""
    if item.post.territory is not None:
        return site.territory(item.post.territory).territory.chamber
    return site.network.publisher


def _publisher_json_ld(site: Site, item: SourcedPost) -> JsonLd:
    who = publisher(site, item)
    data: JsonLd = {"@type": "Organization", "name": who.name}
    if who.website:
        data["url"] = who.website
    return data


def post_json_ld(site: Site, item: SourcedPost, url: str | None, image: str | None) -> JsonLd:
    """schema.org NewsArticle: what search engines show of a post; press coverage is
    ``isBasedOn`` its original article."""
    post = item.post
    by = _publisher_json_ld(site, item)
    data: JsonLd = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.description,
        "datePublished": paris_iso(post.date),
        "dateModified": paris_iso(post.updated or post.date),
        "author": by,
        "publisher": by,
    }
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if image:
        data["image"] = image
    if post.source is not None:
        data["isBasedOn"] = post.source.url
    return data


def post_head(
    site: Site,
    catalog: Catalog,
    item: SourcedPost,
    *,
    url: str | None,
    site_name: str,
    site_url: str | None,
) -> Markup:
    """A post's sharing tags (``og:type`` article, its own image if it has one) and JSON-LD."""
    post = item.post
    territory = site.territory(post.territory) if post.territory else None
    tags = social_tags(
        title=share_title(post.title, territory, catalog),
        description=post.description,
        url=url,
        site_name=site_name,
        site_url=site_url,
        catalog=catalog,
        kind="article",
    )
    image = urljoin(site_url, post.image) if site_url and post.image else None
    if image:  # its own image instead of the site's (its size is not known)
        tags = [tag for tag in tags if not tag.key.startswith("og:image")]
        tags += [
            MetaTag("property", "og:image", image),
            MetaTag("property", "og:image:alt", post.image_alt or ""),
        ]
    tags += [MetaTag("property", "article:published_time", paris_iso(post.date))]
    if post.updated:
        tags += [MetaTag("property", "article:modified_time", paris_iso(post.updated))]
    default_image = urljoin(site_url, OG_IMAGE) if site_url else None
    json_ld = post_json_ld(site, item, url, image or default_image)
    return head_html(tags, [json_ld])


def post_context(site: Site, catalog: Catalog, item: SourcedPost) -> dict[str, object]:
    """What ``partials/post_lead.html`` and ``partials/post_source.html`` receive."""
    post = item.post
    source_date = None
    if post.source is not None:
        source_date = formatting.format_date(post.source.date or post.date, catalog, weekday=False)
    updated = formatting.format_date(post.updated, catalog, weekday=False) if post.updated else None
    return {
        "item": item,
        "post": post,
        "publisher": publisher(site, item).name,
        "published": formatting.format_date(post.date, catalog, weekday=False),
        "source_date": source_date,
        "updated": updated,
        "territory_url": urls.territory(post.territory) if post.territory else None,
    }
