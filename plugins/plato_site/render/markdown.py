"""Staff Markdown -> HTML with raw HTML disabled and links limited to safe schemes.

Descriptions, answers and other Markdown fields come from people editing YAML in a web
editor: a pasted ``<script>`` or ``javascript:`` link must show as text, never run.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from plato_site.formatting import french_spacing

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _as_browsers_read(url: str) -> str:
    """The URL a browser follows: Markdown keeps character references ("javascript&colon;"),
    browsers decode them, drop white space and control characters, and read "\\" as "/"."""
    decoded = html.unescape(url).replace("\\", "/")
    return "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace())


def is_safe_link(url: str) -> bool:
    """http(s), mailto and tel links, or links inside the site (no scheme at all)."""
    cleaned = _as_browsers_read(url)
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme in SAFE_LINK_SCHEMES if scheme else not cleaned.startswith("//")


def _is_local_image(src: str) -> bool:
    cleaned = _as_browsers_read(src)
    return not (urlsplit(cleaned).scheme or cleaned.startswith("//"))


class _SafeLinks(Treeprocessor):  # type: ignore[misc]
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                href = element.get("href", "")
                if not is_safe_link(href):
                    element.attrib.pop("href", None)
                elif urlsplit(href).scheme in {"http", "https"}:
                    element.set("rel", "noopener")
            # Images from other hosts would leak visitors' addresses: local ones only.
            if element.tag == "img" and not _is_local_image(element.get("src", "")):
                element.tag = "span"
                text = element.get("alt", "")
                element.attrib.clear()
                element.text = text


class _FrenchSpacing(Treeprocessor):  # type: ignore[misc]
    """No-break spaces of French typography in the text (never in code)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag != "code" and element.text:
                element.text = french_spacing(element.text)
            if element.tail:
                element.tail = french_spacing(element.tail)


class FrenchSpacing(markdown.Extension):  # type: ignore[misc]
    """French no-break spaces, for staff Markdown and the hand-written pages (content/*.md,
    through the host's Markdown). After the inline patterns (priority 20), when the text
    nodes are final, and after the table of contents (5): heading anchors do not change."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_FrenchSpacing(md), "plato_french_spacing", 2)


class _NoRawHtml(markdown.Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "plato_safe_links", 1)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    extensions = [_NoRawHtml(), FrenchSpacing(), "sane_lists"]
    return markdown.Markdown(extensions=extensions, output_format="html")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, links, emphasis) as safe HTML."""
    converter = _converter()
    try:
        return Markup(converter.convert(text))
    finally:
        converter.reset()


def render_inline(text: str) -> Markup:
    """Markdown for a single line: the paragraph wrapper is dropped."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
