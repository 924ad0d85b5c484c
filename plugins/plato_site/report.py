"""How ``plato-site validate`` reports content problems: to read, to parse, or to annotate.

* ``text``: the problems grouped by file, then one summary line ("3 erreurs dans
  2 fichiers"); colours only on a terminal, never in a pipe or a log, nor when the
  ``NO_COLOR`` convention (https://no-color.org) asks for none.
* ``json``: one object per problem (file, line, column, field, message, key), for CI.
* ``github``: GitHub Actions workflow commands, shown on the lines of the pull request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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


def error_line(error: ContentError, catalog: Catalog, style: Style, width: int = 0) -> str:
    """``71:16  groups[0].schedule.weekday : message`` (position padded to ``width``)."""
    position = style.paint(_position(error).ljust(width), _DIM)
    message = error.message(catalog)
    if error.field_path:
        field = style.paint(error.field_path, _CYAN)
        return catalog("cli.error_line", position=position, field=field, message=message)
    return catalog("cli.error_line_no_field", position=position, message=message)


def _position(error: ContentError) -> str:
    return f"{error.location.line}:{error.location.column}"


def text_report(errors: list[ContentError], catalog: Catalog, colour: bool = False) -> str:
    style = Style(colour)
    blocks = []
    for file, problems in by_file(errors):
        lines = [style.paint(file, _BOLD)]
        width = max(len(_position(error)) for error in problems)
        lines += ["  " + error_line(error, catalog, style, width) for error in problems]
        blocks.append("\n".join(lines))
    blocks.append(style.paint(summary(errors, catalog), _BOLD, _RED))
    return "\n\n".join(blocks) + "\n"


def success_line(text: str, colour: bool = False) -> str:
    return Style(colour).paint(text, _GREEN) + "\n"


def error_records(errors: list[ContentError], catalog: Catalog) -> list[dict[str, object]]:
    return [
        {
            "file": error.location.file,
            "line": error.location.line,
            "column": error.location.column,
            "field": error.field_path,
            "message": error.message(catalog),
            "key": error.key,
        }
        for error in sorted(errors, key=ContentError.sort_key)
    ]


def json_report(errors: list[ContentError], catalog: Catalog, summary_text: str) -> str:
    document = {
        "valid": not errors,
        "error_count": len(errors),
        "file_count": len({error.location.file for error in errors}),
        "summary": summary_text,
        "errors": error_records(errors, catalog),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def github_report(errors: list[ContentError], catalog: Catalog) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` lines (values escaped as GitHub asks)."""
    lines = []
    for record in error_records(errors, catalog):
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", record["file"]),
                ("line", record["line"]),
                ("col", record["column"]),
                ("title", record["field"] or record["file"]),
            )
        )
        lines.append(f"::error {properties}::{_escape_data(str(record['message']))}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
