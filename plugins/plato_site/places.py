"""Name the places of problems as staff see them in their file.

A problem is found at a machine path (``groups[2].meetings[0].start_time``); staff read
« groupe 3 « Plato Roannais 6 », rencontre n° 20, start_time » (errors.describe_path). This
module reads the names from the loaded document, and reports a mistake written once under
a YAML anchor (``&cci``) once, at the anchor, however many aliases (``*cci``) repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from plato_site.errors import ContentError, FieldPath, format_path, parse_path
from plato_site.load import LoadedDocument

# The key naming an item, by list (first present wins); meetings are named by number.
_NAME_KEYS: dict[str, tuple[str, ...]] = {
    "groups": ("name", "id"),
    "events": ("title", "id"),
    "testimonials": ("author",),
    "contacts": ("name",),
    "phones": ("label",),  # a number alone would repeat the value the message quotes
    "coaches": ("company", "name"),
    "partners": ("name", "id"),
    "meetings": ("number",),
    "figures": ("label",),
    "faq": ("question",),
    "changes": ("announced",),
}
_MAX_NAME = 40


def entity_names(data: Any, path: FieldPath) -> tuple[tuple[int, str], ...]:
    """(position in ``path``, name) of each named list item on the path."""
    names: list[tuple[int, str]] = []
    value = data
    for position, part in enumerate(path):
        value = _child(value, part)
        if value is _MISSING:
            break
        list_key = path[position - 1] if position else None
        if isinstance(part, int) and isinstance(list_key, str) and isinstance(value, dict):
            name = _name(value, _NAME_KEYS.get(list_key, ()))
            if name:
                names.append((position, name))
    return tuple(names)


_MISSING = object()


def _child(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and 0 <= part < len(value) else _MISSING
    return value.get(part, _MISSING) if isinstance(value, dict) else _MISSING


def _name(item: Mapping[str, Any], keys: Iterable[str]) -> str:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            text = " ".join(str(value).split())
            return text if len(text) <= _MAX_NAME else text[: _MAX_NAME - 1] + "…"
    return ""


def anchor_path(document: LoadedDocument, path: FieldPath) -> FieldPath:
    """The path where the value at ``path`` is written: under its anchor when ``path``
    goes through an alias (aliases of aliases followed too)."""
    for _ in range(len(path) + len(document.aliases)):
        for cut in range(len(path), 0, -1):
            target = document.aliases.get(path[:cut])
            if target is not None:
                path = (*target, *path[cut:])
                break
        else:
            return path
    return path


def name_places(
    problems: Iterable[ContentError], documents: Mapping[str, LoadedDocument]
) -> list[ContentError]:
    """Each problem with the names on its path; one problem per mistake under an anchor,
    shown at the anchor when the mistake is one there too (an anchor reused in another kind
    of block, a chamber as a venue, may be wrong only where it is reused)."""
    found: dict[tuple[Any, ...], list[tuple[ContentError, FieldPath, FieldPath]]] = {}
    for problem in problems:
        document = documents.get(problem.location.file)
        path = parse_path(problem.field_path) if document is not None else None
        if document is None or path is None:
            found[("unnamed", id(problem))] = [(problem, (), ())]
            continue
        written = anchor_path(document, path)
        identity = (
            problem.location.file,
            written,
            problem.key,
            problem.severity,
            repr(sorted(problem.params.items())),
        )
        found.setdefault(identity, []).append((problem, path, written))
    named = []
    for identity, same in found.items():
        problem, path, written = same[0]
        document = documents.get(problem.location.file)
        if document is None or identity[0] == "unnamed":
            named.append(problem)
            continue
        shown = written if any(p == w for _, p, w in same) else path
        named.append(
            replace(
                problem,
                field_path=format_path(shown),
                names=entity_names(document.data, shown),
                shared=len(same) if len(same) > 1 else 0,
            )
        )
    return named
