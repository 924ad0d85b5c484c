"""What the legal pages and every page's footer need from the network file.

French law asks two things of a CCI's site: "mentions légales" (LCEN) and an RGAA
accessibility statement whose status is shown on every page ("Accessibilité : non
conforme" until staff record an audit). Both come from ``content/reseau.yml``.
"""

from __future__ import annotations

from typing import Any

from plato_site import formatting
from plato_site.derive import Site
from plato_site.i18n import Catalog
from plato_site.models import Accessibility
from plato_site.render import urls
from plato_site.render.views import Footer


def status_words(accessibility: Accessibility, catalog: Catalog) -> str:
    """The legal wording of the status: "non conforme", "partiellement conforme"…"""
    return catalog(f"legal.status.{accessibility.status.value}")


def footer_context(site: Site, catalog: Catalog) -> Footer:
    """Labels and site-relative links of the footer line shown on every page.

    The host's templates resolve the links relative to each page (MkDocs' ``url`` filter).
    """
    network = site.network
    return Footer(
        label=catalog("legal.footer.label"),
        accessibility_text=catalog(
            "legal.footer.accessibility", status=status_words(network.accessibility, catalog)
        ),
        accessibility_url=urls.accessibility_statement(),
        legal_notice_text=catalog("legal.footer.legal_notice"),
        legal_notice_url=urls.legal_notice(),
        copyright=catalog("legal.footer.copyright", publisher=network.publisher.name),
    )


def accessibility_context(site: Site, catalog: Catalog) -> dict[str, Any]:
    """Values of the accessibility statement that need formatting (status, rate, date)."""
    statement = site.network.accessibility
    rate = None
    if statement.rate is not None:
        # Babel's percent pattern rounds to a whole number; audits report 72.5 %.
        rate = catalog(
            "legal.accessibility.percent", rate=formatting.format_number(statement.rate, catalog)
        )
    return {"statement": statement, "status": status_words(statement, catalog), "rate": rate}
