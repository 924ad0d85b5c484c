"""Message catalogs: every user-visible string comes from ``locales/<lang>/*.yml``.

Each YAML file of a language folder is a namespace: key ``dates.today`` is the entry
``today`` of ``locales/<lang>/dates.yml``. A value is either a string (``str.format``
placeholders) or a mapping of CLDR plural categories (``one``, ``other``…) chosen with
Babel's plural rules for the language, so "1 erreur" / "3 erreurs" need no code.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale

DEFAULT_LANGUAGE = "fr"
# Staff write their YAML and Markdown in French whatever the site's language: an English
# site marks that text lang="fr".
CONTENT_LANGUAGE = "fr"

CatalogEntry = str | Mapping[str, str]


class MissingMessage(KeyError):
    """A key asked for by the code is absent from the catalog (a programming error)."""


def _load_language(language: str) -> dict[str, CatalogEntry]:
    folder = resources.files("plato_site").joinpath("locales", language)
    if not folder.is_dir():
        raise LookupError(f"no message catalog for language {language!r}")
    messages: dict[str, CatalogEntry] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yml"):
            continue
        namespace = entry.name.removesuffix(".yml")
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        _flatten(namespace, data, messages)
    return messages


def _flatten(prefix: str, data: Mapping[str, Any], into: dict[str, CatalogEntry]) -> None:
    for key, value in data.items():
        full = f"{prefix}.{key}"
        if isinstance(value, Mapping) and not _is_plural(value):
            _flatten(full, value, into)
        else:
            into[full] = value


_PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def _is_plural(value: Mapping[str, Any]) -> bool:
    return bool(value) and set(value) <= _PLURAL_CATEGORIES and "other" in value


def available_languages() -> list[str]:
    root = resources.files("plato_site").joinpath("locales")
    return sorted(item.name for item in root.iterdir() if item.is_dir())


class Catalog:
    """Translate message keys for one language: ``catalog("groups.seats_left", count=3)``."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        base = language.split("-")[0].split("_")[0].lower()
        if base not in available_languages():
            base = DEFAULT_LANGUAGE
        self.language = base
        self.locale: Locale = Locale.parse(base)
        self.messages = _cached_language(base)

    def __call__(self, key: str, /, count: int | None = None, **params: Any) -> str:
        try:
            entry = self.messages[key]
        except KeyError:
            raise MissingMessage(f"{key!r} missing from the {self.language!r} catalog") from None
        if isinstance(entry, Mapping):
            if count is None:
                raise MissingMessage(f"{key!r} is a plural message and needs count=")
            category = self.locale.plural_form(count)
            template = entry.get(category, entry["other"])
        else:
            template = entry
        if count is not None:
            params.setdefault("count", count)
        return template.format(**params) if params else template

    def has(self, key: str) -> bool:
        return key in self.messages


@cache
def _cached_language(language: str) -> dict[str, CatalogEntry]:
    return _load_language(language)


def staff_lang(catalog: Catalog) -> str:
    """The ``lang`` an element holding staff text needs in this catalog's site (WCAG 3.1.2):
    ``"fr"`` in a site of another language, ``""`` (nothing to mark) in a French one."""
    return "" if catalog.language == CONTENT_LANGUAGE else CONTENT_LANGUAGE
