"""Content problems found while loading or validating the staff's YAML.

A problem carries a catalog key and parameters, not a sentence: it is translated when
shown, so the same error prints in French (default) or English.

A problem is an *error* (nothing is published until it is fixed) or a *warning* (probably a
mistake, but the site can be published: a meeting on a public holiday). Warnings never stop
a build; ``plato-site validate --strict`` and ``mkdocs build --strict`` make them errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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
    field_path: str  # "groups[0].schedule.start", "" for the whole file
    key: str  # message catalog key, e.g. "errors.date_expected"
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    severity: Severity = Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

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
