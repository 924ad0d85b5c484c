"""The look of the site, shipped in the package: what the host must add to its theme.

``theme/`` holds Material template overrides (``main.html`` prints the sharing tags and
JSON-LD, ``partials/footer.html`` the legal and accessibility links French law asks for on
every page), the stylesheets, the scripts and the default sharing image. A host puts the
folder in its theme search path after the project's own overrides (a CCI's logo, colours
or template still win) and links the stylesheets and scripts from every page.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent / "theme"

# Site-relative paths of files in THEME_DIR, in the order the pages link them. A CCI's own
# extra_css comes after these, so its rules win.
STYLESHEETS = (
    "stylesheets/plato.css",
    "stylesheets/plato-a11y.css",
    "stylesheets/plato-print.css",
    "stylesheets/plato-partners.css",
    "stylesheets/plato-finder.css",
    "stylesheets/plato-events.css",
    "stylesheets/plato-news.css",
    "stylesheets/plato-proof.css",
    "stylesheets/plato-chrome.css",
    # Dark-scheme overrides of the rules above: last, so they win.
    "stylesheets/plato-dark.css",
)
# Served from the site itself (no CDN); the pages work without them.
SCRIPTS = (
    "javascripts/plato-stale.js",
    "javascripts/plato-enhance.js",
    "javascripts/plato-subscribe.js",
    "javascripts/plato-finder.js",
    "javascripts/plato-chrome.js",
)
# The default sharing image (Open Graph), 1200 × 630 px.
SHARING_IMAGE = "images/plato-og.png"
