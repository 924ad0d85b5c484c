"""Content problems found while loading or validating the staff's YAML.

A problem carries a catalog key and parameters, not a sentence: it is translated when
shown, so the same error prints in French (default) or English.

A problem is an *error* (nothing is published until it is fixed) or a *warning* (probably a
mistake, but the site can be published: a meeting on a public holiday). Warnings never stop
a build; ``plato-site validate --strict`` and ``mkdocs build --strict`` make them errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from plato_site.formatting import format_date
from plato_site.i18n import Catalog


@dataclass(frozen=True)
class Location:
    """Where a value sits: 1-based line and column in a file shown relative to the project."""

    file: str
    line: int = 1
    column: int = 1


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ContentError:
    location: Location
    # The machine path, zero-based: "groups[0].schedule.start", "" for the whole file. Staff
    # read :meth:`place` instead ("groupe 1 « Plato Roannais 4 », schedule.start").
    field_path: str
    key: str  # message catalog key, e.g. "errors.date_expected"
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    severity: Severity = Severity.ERROR
    # Names of the list items on the path, by position in it ((1, "Plato Roannais 4") for
    # "groups[0]"): set by plato_site.places from the document, shown by place().
    names: tuple[tuple[int, str], ...] = field(default=(), compare=False)
    # How many places reported this same mistake through a YAML anchor and its aliases
    # (reported once, at the anchor); 0 when not shared.
    shared: int = field(default=0, compare=False)

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def message(self, catalog: Catalog) -> str:
        params = {name: _localized(value, catalog) for name, value in self.params.items()}
        text = catalog(self.key, **params)
        if self.shared > 1:
            text += catalog("places.shared", count=self.shared)
        return text

    def place(self, catalog: Catalog) -> str:
        """The field in staff words: « groupe 3 « Plato Roannais 6 », rencontre n° 5, date »."""
        path = parse_path(self.field_path)
        if path is None:
            return self.field_path
        return describe_path(path, dict(self.names), catalog)

    def format(self, catalog: Catalog) -> str:
        """One line: ``file:line:col: field: message`` (the field part only when known)."""
        where = f"{self.location.file}:{self.location.line}:{self.location.column}"
        if self.field_path:
            return f"{where}: {self.place(catalog)}: {self.message(catalog)}"
        return f"{where}: {self.message(catalog)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.field_path)


@dataclass(frozen=True)
class Translated:
    """A message parameter a library gives in several languages (a holiday's name)."""

    texts: tuple[tuple[str, str], ...]  # (catalog language, text)

    def text(self, language: str) -> str:
        found = dict(self.texts)
        return found.get(language) or next(iter(found.values()), "")


def _localized(value: Any, catalog: Catalog) -> Any:
    """Dates and translated names are written in the message's language."""
    if isinstance(value, Translated):
        return value.text(catalog.language)
    if isinstance(value, date):
        return format_date(value, catalog)
    return value


# --- paths in staff words ------------------------------------------------------------------

FieldPath = tuple[str | int, ...]

_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text: str) -> FieldPath | None:
    """``"groups[0].schedule"`` -> ``("groups", 0, "schedule")``; None when the text is not
    a path written by ``load.format_path`` (a key holding a dot or a bracket)."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PATH_PART.match(text, position)
        if match is None:
            return None
        parts.append(int(match[1]) if match[1] is not None else match[2])
        position = match.end()
    return tuple(parts) if format_path(parts) == text else None


def format_path(path: Sequence[str | int]) -> str:
    """``("groups", 0, "schedule", "start")`` -> ``"groups[0].schedule.start"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def describe_path(path: FieldPath, names: Mapping[int, str], catalog: Catalog) -> str:
    """Keys as staff typed them, list items counted from one and named when known:
    ``("groups", 2, "meetings", 0, "date")`` -> « groupe 3 « Plato Roannais 6 », rencontre
    n° 5, date »."""
    parts: list[str] = []
    keys: list[str] = []
    for position, part in enumerate(path):
        if isinstance(part, str):
            keys.append(part)
            continue
        list_key = keys[-1] if keys else ""
        base = f"places.items.{list_key}"
        name = names.get(position)
        if list_key and catalog.has(f"{base}.named"):
            if keys[:-1]:
                parts.append(".".join(keys[:-1]))
            form = "named" if name else "numbered"
            parts.append(catalog(f"{base}.{form}", number=part + 1, name=name or ""))
        else:
            parts.append(catalog("places.item", key=".".join(keys), number=part + 1))
        keys = []
    if keys:
        parts.append(".".join(keys))
    return catalog("places.separator").join(parts)


def content_warning(
    location: Location, field_path: str, key: str, params: dict[str, Any] | None = None
) -> ContentError:
    """A problem that does not stop the build (unless --strict)."""
    return ContentError(location, field_path, key, params or {}, Severity.WARNING)


def split_problems(
    problems: Sequence[ContentError],
) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings), each in file and line order."""
    ordered = sorted(problems, key=ContentError.sort_key)
    return [p for p in ordered if not p.is_warning], [p for p in ordered if p.is_warning]


class ContentErrors(Exception):
    """Raised when the content cannot be published; holds every problem found.

    ``errors`` are the blocking problems; ``warnings`` those found on the way, shown with
    them so that staff fix everything in one pass.
    """

    def __init__(
        self, errors: Sequence[ContentError], warnings: Sequence[ContentError] = ()
    ) -> None:
        blocking, found_warnings = split_problems([*errors, *warnings])
        self.errors = blocking
        self.warnings = found_warnings
        super().__init__(f"{len(self.errors)} content error(s)")

    def format(self, catalog: Catalog) -> list[str]:
        return [error.format(catalog) for error in self.errors]
