"""The page shown while previewing (``mkdocs serve``) content that does not validate.

``mkdocs build`` stops on a content error and publishes nothing. During ``mkdocs serve``
stopping would leave the browser on the last good page, as if the edit had worked; so
the adapter builds an *error site* instead: every page address shows this list (file,
line, column, field, French message, all escaped), and livereload shows the real site
again as soon as the saved file validates. Host-free: the adapter does the MkDocs part.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from markupsafe import Markup, escape

from plato_site.errors import ContentError, ContentErrors
from plato_site.i18n import Catalog
from plato_site.report import by_file

CSS_CLASS = "plato-content-errors"


@dataclass(frozen=True)
class ErrorPage:
    title: str
    html: str  # the page content (inside the theme's layout)


def error_page(problems: ContentErrors, catalog: Catalog) -> ErrorPage:
    t = catalog
    errors = problems.errors
    files = by_file(errors)
    summary = t("staff.errors.summary", count=len(files), errors=t("cli.errors", count=len(errors)))
    parts = [
        Markup('<div class="{}" role="alert">').format(CSS_CLASS),
        Markup("<h1>{}</h1>").format(t("staff.errors.title")),
        Markup("<p><strong>{}</strong></p>").format(summary),
    ]
    for file, problems_in_file in files:
        parts.append(Markup("<h2>{}</h2>").format(t("staff.errors.file", file=file)))
        parts.append(Markup("<ul>"))
        parts += [_item(error, catalog) for error in problems_in_file]
        parts.append(Markup("</ul>"))
    parts.append(Markup("<p>{}</p>").format(t("staff.errors.reload")))
    parts.append(Markup("</div>"))
    return ErrorPage(t("staff.errors.title"), str(Markup("\n").join(parts)))


def _item(error: ContentError, catalog: Catalog) -> Markup:
    location = error.location
    where = f"{location.file}:{location.line}:{location.column}"
    field = Markup(" <strong>{}</strong>").format(error.place(catalog)) if error.field_path else ""
    return Markup("<li><code>{}</code>{}<br>{}</li>").format(where, field, error.message(catalog))


def front_matter(page: ErrorPage) -> str:
    """The Markdown source of each error page: a title only (the content is swapped in)."""
    meta = {"title": str(escape(page.title))}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
