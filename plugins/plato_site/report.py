"""How ``plato-site validate`` reports content problems: to read, to parse, or to annotate.

* ``text``: the problems grouped by file, then one summary line ("3 erreurs dans
  2 fichiers"); colours only on a terminal, never in a pipe or a log, nor when the
  ``NO_COLOR`` convention (https://no-color.org) asks for none.
* ``json``: one object per problem (file, line, column, field, message, key), for CI.
* ``github``: GitHub Actions workflow commands, shown on the lines of the pull request.

Warnings (errors.Severity.WARNING) are listed with the errors, marked as such, and counted
apart: they do not stop the publication.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TextIO

from plato_site.errors import ContentError
from plato_site.i18n import Catalog

FORMATS = ("text", "json", "github")

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RED = "\033[31m"
_GREEN = "\033[32m"
_CYAN = "\033[36m"
_YELLOW = "\033[33m"


def wants_colour(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colours for a person at a terminal only: not in pipes, files, or with NO_COLOR set."""
    if environ.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class Style:
    colour: bool

    def paint(self, text: str, *codes: str) -> str:
        return f"{''.join(codes)}{text}{_RESET}" if self.colour and text else text


def by_file(errors: list[ContentError]) -> list[tuple[str, list[ContentError]]]:
    """Problems grouped by file, files in order, problems by line within a file."""
    ordered = sorted(errors, key=ContentError.sort_key)
    return [(file, list(group)) for file, group in groupby(ordered, key=lambda e: e.location.file)]


def summary(errors: list[ContentError], catalog: Catalog) -> str:
    """``3 erreurs dans 2 fichiers : rien n'a été publié…``."""
    files = len({error.location.file for error in errors})
    count = catalog("cli.errors", count=len(errors))
    return catalog("cli.not_published", count=files, errors=count)


def warnings_summary(warnings: list[ContentError], catalog: Catalog) -> str:
    """``2 avertissements dans 1 fichier : le site peut être publié…``."""
    files = len({warning.location.file for warning in warnings})
    count = catalog("cli.warnings", count=len(warnings))
    return catalog("cli.warnings_only", count=files, warnings=count)


def error_line(error: ContentError, catalog: Catalog, style: Style, width: int = 0) -> str:
    """``71:16  groups[0].schedule.weekday : message`` (position padded to ``width``)."""
    position = style.paint(_position(error).ljust(width), _DIM)
    message = error.message(catalog)
    kind = "warning" if error.is_warning else "error"
    if error.is_warning:
        message = style.paint(message, _YELLOW)
    if error.field_path:
        field = style.paint(error.field_path, _CYAN)
        return catalog(f"cli.{kind}_line", position=position, field=field, message=message)
    return catalog(f"cli.{kind}_line_no_field", position=position, message=message)


def _position(error: ContentError) -> str:
    return f"{error.location.line}:{error.location.column}"


def text_report(
    errors: list[ContentError],
    catalog: Catalog,
    colour: bool = False,
    warnings: Sequence[ContentError] = (),
) -> str:
    """Errors and warnings by file, then the summary (errors first: they block)."""
    style = Style(colour)
    blocks = []
    for file, problems in by_file([*errors, *warnings]):
        lines = [style.paint(file, _BOLD)]
        width = max(len(_position(error)) for error in problems)
        lines += ["  " + error_line(error, catalog, style, width) for error in problems]
        blocks.append("\n".join(lines))
    if errors:
        blocks.append(style.paint(summary(errors, catalog), _BOLD, _RED))
    if warnings:
        blocks.append(style.paint(warnings_summary(list(warnings), catalog), _BOLD, _YELLOW))
    return "\n\n".join(blocks) + "\n"


def success_line(text: str, colour: bool = False) -> str:
    return Style(colour).paint(text, _GREEN) + "\n"


def error_records(errors: Sequence[ContentError], catalog: Catalog) -> list[dict[str, object]]:
    return [
        {
            "file": error.location.file,
            "line": error.location.line,
            "column": error.location.column,
            "field": error.field_path,
            "message": error.message(catalog),
            "key": error.key,
            "severity": error.severity.value,
        }
        for error in sorted(errors, key=ContentError.sort_key)
    ]


def json_report(
    errors: list[ContentError],
    catalog: Catalog,
    summary_text: str,
    warnings: Sequence[ContentError] = (),
    valid: bool | None = None,
) -> str:
    """``valid`` defaults to "no error" (``validate --strict`` also refuses warnings)."""
    document = {
        "valid": (not errors) if valid is None else valid,
        "error_count": len(errors),
        "warning_count": len(warnings),
        "file_count": len({error.location.file for error in errors}),
        "summary": summary_text,
        "errors": error_records(errors, catalog),
        "warnings": error_records(warnings, catalog),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def github_report(
    errors: list[ContentError], catalog: Catalog, warnings: Sequence[ContentError] = ()
) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` lines (values escaped as GitHub asks);
    ``::warning`` for warnings."""
    lines = []
    for record in error_records([*errors, *warnings], catalog):
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", record["file"]),
                ("line", record["line"]),
                ("col", record["column"]),
                ("title", record["field"] or record["file"]),
            )
        )
        command = "warning" if record["severity"] == "warning" else "error"
        lines.append(f"::{command} {properties}::{_escape_data(str(record['message']))}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
