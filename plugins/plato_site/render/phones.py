"""A published phone number as HTML: the number as a ``tel:`` link and, when ARCEP asks for
it, its price cartouche. Parsing and the tariff rules are in :mod:`plato_site.phones`."""

from __future__ import annotations

from markupsafe import Markup

from plato_site.i18n import Catalog
from plato_site.phones import Phone, PhoneCategory, price_label, tariff

CSS_BLOCK = "plato-phone"


def category_css_class(category: PhoneCategory) -> str:
    """BEM modifier for templates and CSS: ``plato-phone--free-service``."""
    return f"{CSS_BLOCK}--{category.value.replace('_', '-')}"


def phone_html(phone: Phone, label: str | None, catalog: Catalog) -> Markup:
    """``<a href="tel:…">04 77 44 54 64</a>`` and, when needed, its price cartouche.

    ``label`` is an optional caption shown before the number ("Standard", "Accueil").
    """
    parts: list[Markup] = []
    if label:
        parts.append(Markup('<span class="{}__label">{}</span>').format(CSS_BLOCK, label))
        parts.append(Markup("{}").format(catalog("phones.label_separator")))
    parts.append(
        Markup('<a class="{} {}" href="{}">{}</a>').format(
            CSS_BLOCK, category_css_class(phone.category), phone.tel_uri, phone.display
        )
    )
    cartouche = tariff(phone)
    text = price_label(phone, catalog)
    if cartouche is not None and text is not None:
        parts.append(
            Markup(' <span class="{}__price {}">{}</span>').format(
                CSS_BLOCK, category_css_class(cartouche), text
            )
        )
    return Markup("").join(parts)
