"""The home page's territory finder: what its script (theme/javascripts/plato-finder.js)
searches, embedded in the page at build time (nothing is fetched, nothing is sent).

One entry per territory: its name, its page and the communes staff listed
(``communes:``, "42300 Roanne"). The script matches commune names (accents, case, "st"
and hyphens ignored), postal-code prefixes and territory names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup

from plato_site.derive import TerritoryView
from plato_site.render import urls
from plato_site.render.structured import script_json


def finder_data(
    territories: Iterable[TerritoryView], link: Callable[[str], str]
) -> list[dict[str, object]]:
    """``link`` turns a site-relative URL into the one the page uses (relative to it)."""
    return [
        {"n": tv.name, "u": link(urls.territory(tv.slug)), "c": list(tv.territory.communes)}
        for tv in sorted(territories, key=lambda tv: (tv.name, tv.slug))
    ]


def finder_json(data: list[dict[str, object]]) -> Markup:
    """Compact JSON safe inside ``<script type="application/json">``, escaped as JSON-LD is."""
    return script_json(data, sort_keys=True)
