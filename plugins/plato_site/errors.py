"""Content problems found while loading or validating the staff's YAML.

A problem carries a catalog key and parameters, not a sentence: it is translated when
shown, so the same error prints in French (default) or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plato_site.i18n import Catalog


@dataclass(frozen=True)
class Location:
    """Where a value sits: 1-based line and column in a file shown relative to the project."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class ContentError:
    location: Location
    field_path: str  # "groups[0].schedule.start", "" for the whole file
    key: str  # message catalog key, e.g. "errors.date_expected"
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def message(self, catalog: Catalog) -> str:
        return catalog(self.key, **self.params)

    def format(self, catalog: Catalog) -> str:
        """One line: ``file:line:col: field: message`` (the field part only when known)."""
        where = f"{self.location.file}:{self.location.line}:{self.location.column}"
        if self.field_path:
            return f"{where}: {self.field_path}: {self.message(catalog)}"
        return f"{where}: {self.message(catalog)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.field_path)


class ContentErrors(Exception):
    """Raised when the content cannot be published; holds every problem found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=ContentError.sort_key)
        super().__init__(f"{len(self.errors)} content error(s)")

    def format(self, catalog: Catalog) -> list[str]:
        return [error.format(catalog) for error in self.errors]
