"""What the host's theme templates receive from the plugin: small frozen objects, a stable
contract for anyone who overrides a template (documented in content/guide/format.md,
"Modèles de page").

They hold text and site-relative links only, never the content models: a template that
reads ``footer.legal_notice_url`` keeps working when the YAML format changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Footer:
    """The line French law asks for on every page (``partials/footer.html``:
    ``config.extra.plato_footer``). Links are site-relative: the template resolves them
    relative to each page (MkDocs' ``url`` filter)."""

    label: str  # accessible name of the footer's nav element
    accessibility_text: str  # "Accessibilité : non conforme"
    accessibility_url: str  # the RGAA statement
    legal_notice_text: str  # "Mentions légales"
    legal_notice_url: str
    copyright: str  # "© <publisher>", when mkdocs.yml has no copyright line


@dataclass(frozen=True)
class NavEntry:
    """One entry of the site menu: a page (``source``) or a section (``children``)."""

    title: str | None  # plain text; None: the page's own title
    source: str | None = None  # the page's source path ("territoires/x/index.md")
    children: tuple[NavEntry, ...] = ()
