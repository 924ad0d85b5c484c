"""The ``validate`` step: loaded YAML documents -> pydantic models, or every problem at once.

Nothing is written before this step succeeds: the adapter and the CLI call
:func:`load_content` first and stop on :class:`~plato_site.errors.ContentErrors`.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from plato_site import checks, communes
from plato_site.content_files import (
    NETWORK_FILE,
    TERRITORIES_DIR,
    YAML_SUFFIXES,
    discover,
    display,
)
from plato_site.errors import (
    ContentError,
    ContentErrors,
    Location,
    content_warning,
    split_problems,
)
from plato_site.load import (
    MAX_FILE_BYTES,
    LoadedDocument,
    format_path,
    load_document,
    lookalike_problem,
)
from plato_site.models import PLATO_ERROR, Network, Partner, Territory
from plato_site.places import name_places
from plato_site.schedule import SCHEDULE_YEARS, schedule_dates

if typing.TYPE_CHECKING:
    from plato_site.posts import SourcedPost

__all__ = ["NETWORK_FILE", "TERRITORIES_DIR", "YAML_SUFFIXES", "load_content"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SourcedTerritory:
    territory: Territory
    slug: str
    document: LoadedDocument


@dataclass(frozen=True)
class Content:
    """Everything staff wrote, validated, with where each value came from."""

    network: Network
    network_document: LoadedDocument
    territories: tuple[SourcedTerritory, ...]
    # Problems that do not stop the build (errors.Severity.WARNING), in file and line order.
    warnings: tuple[ContentError, ...] = ()
    # News posts (plato_site.posts), newest first: read after the YAML is valid.
    posts: tuple[SourcedPost, ...] = ()


def load_content(
    content_dir: Path,
    project_root: Path | None = None,
    cache: ParsedFiles | None = None,
    placeholders: bool = False,
) -> Content:
    """Load and validate every content file; raise ContentErrors listing all problems.

    ``placeholders``: accept the "À COMPLÉTER" of ``plato-site new`` (the skeletons are
    checked with them); never for a build, they must not be published.
    ``cache``: files parsed by a previous build (``mkdocs serve``), kept up to date."""
    root = project_root or content_dir.parent
    found_files = discover(content_dir, root)
    errors: list[ContentError] = list(found_files.errors)
    documents: dict[str, LoadedDocument] = {}  # by path shown, to name places in messages

    network: Network | None = None
    network_doc: LoadedDocument | None = None
    if found_files.network is not None:
        network_doc, found = _load(found_files.network, root, cache)
        errors += found
        if network_doc is not None:
            documents[network_doc.path] = network_doc
            errors += [] if placeholders else checks.placeholder_errors(network_doc)
            network, found = _validate(Network, network_doc, cache)
            errors += found

    territories: list[SourcedTerritory] = []
    territory_dir = content_dir / TERRITORIES_DIR
    for path in found_files.territories:
        document, found = _load(path, root, cache)
        errors += found
        if document is None:
            continue
        documents[document.path] = document
        errors += [] if placeholders else checks.placeholder_errors(document)
        territory, found = _validate(Territory, document, cache)
        errors += found
        if territory is not None:
            slug = territory.slug or _stem(path)
            if territory.slug is None and not _is_slug(slug):
                errors.append(
                    ContentError(document.locate(()), "", "validate.file_name_slug", {"name": slug})
                )
            territories.append(SourcedTerritory(territory, slug, document))
    if not territories and territory_dir.is_dir() is False:
        errors.append(
            ContentError(Location(display(territory_dir, root)), "", "validate.no_territory")
        )

    errors += _cross_check(territories)
    errors += _commune_check(territories)
    errors += _schedule_check(territories)
    errors += _partner_check(network, network_doc, territories, content_dir, root)
    if network is not None:
        errors += content_warnings(network, territories)
        if network_doc is not None:  # the checks above see the models, this one the file too
            errors += checks.unknown_phone_regions(network, network_doc)
    blocking, warnings = split_problems(name_places(errors, documents))
    if blocking or network is None or network_doc is None:
        raise ContentErrors(blocking, warnings)
    territories.sort(key=lambda item: item.slug)
    return Content(network, network_doc, tuple(territories), tuple(warnings))


def content_warnings(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    """Probable mistakes that do not stop the build (see errors.content_warning).

    Each check is a function of the validated content returning its warnings (made with
    errors.content_warning); add new checks to WARNING_CHECKS.
    """
    found: list[ContentError] = []
    for check in WARNING_CHECKS:
        found += check(network, territories)
    return found


WarningCheck = Callable[[Network, Sequence[SourcedTerritory]], list[ContentError]]
WARNING_CHECKS: tuple[WarningCheck, ...] = (
    checks.public_holidays,
    checks.meetings_on_one_day,
    checks.deadline_after_event,
    checks.unknown_regions,
)


def _stem(path: Path) -> str:
    """The file name without its YAML extension, whatever its letter case (``x.YML``)."""
    return path.name[: -len(path.suffix)] if path.suffix else path.name


class ParsedFiles:
    """Parsed and validated files kept from one build to the next, by their owner (the
    plugin, while `mkdocs serve` and `make preview` rebuild after each edit): a file whose
    bytes have not changed is not parsed or validated again (most of load + validate). One
    entry per file, so the cache cannot grow; errors are never cached. A single build has
    none: it would only hold the parsed files in memory until its end."""

    def __init__(self) -> None:
        self.parsed: dict[str, tuple[bytes, LoadedDocument]] = {}
        # The model validated from a cached document (the same object) is valid again.
        self.validated: dict[tuple[type[BaseModel], str], tuple[LoadedDocument, BaseModel]] = {}


def _load(
    path: Path, root: Path, cache: ParsedFiles | None
) -> tuple[LoadedDocument | None, list[ContentError]]:
    shown = display(path, root)
    before = _small_file_bytes(path) if cache is not None else None
    cached = cache.parsed.get(shown) if cache is not None else None
    if before is not None and cached is not None and cached[0] == before:
        return cached[1], []
    try:
        document = load_document(path, shown)
    except ContentErrors as problem:
        return None, problem.errors
    if before is not None and _small_file_bytes(path) == before:  # not saved meanwhile
        assert cache is not None  # before is None without a cache
        cache.parsed[shown] = (before, document)
    return document, []


def _small_file_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        return None


def _is_slug(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None


def _validate(
    model: type[M], document: LoadedDocument, cache: ParsedFiles | None
) -> tuple[M | None, list[ContentError]]:
    cached = cache.validated.get((model, document.path)) if cache is not None else None
    if cached is not None and cached[0] is document and isinstance(cached[1], model):
        return cached[1], []
    try:
        valid = model.model_validate(document.data)
        if cache is not None:
            cache.validated[(model, document.path)] = (document, valid)
        return valid, []
    except ValidationError as problem:
        errors = list(problem.errors())
        meant = _meant_fields(model, errors)
        typos = {(*loc[:-1], field) for loc, field in meant.items()}
        return None, [
            _translate(model, document, error, meant)
            for error in errors
            # "nmae:" is one mistake: the did-you-mean line says it, not also "name missing".
            if not (error["type"] == "missing" and tuple(error["loc"]) in typos)
        ]


def validate_document(
    model: type[M], document: LoadedDocument
) -> tuple[M | None, list[ContentError]]:
    """One document against ``model``, every problem as a French line (news posts)."""
    return _validate(model, document, None)


Loc = tuple[str | int, ...]


def _meant_fields(model: type[BaseModel], errors: Sequence[Any]) -> dict[Loc, str]:
    """Unknown key path -> the field it was probably meant to be: a close spelling, else
    the one missing field of the same block when it is the block's only unknown key
    ("nom:" written for "name:")."""
    meant: dict[Loc, str] = {}
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc: Loc = tuple(error["loc"])
        close = difflib.get_close_matches(str(loc[-1]), _field_names(model, loc[:-1]), n=1)
        if close:
            meant[loc] = close[0]
            continue
        block = [e for e in errors if tuple(e["loc"][:-1]) == loc[:-1]]
        unknown = [e for e in block if e["type"] == "extra_forbidden"]
        missing = [str(e["loc"][-1]) for e in block if e["type"] == "missing"]
        if len(unknown) == 1 and len(missing) == 1:
            meant[loc] = missing[0]
    return meant


# --- pydantic errors -> French lines ---------------------------------------------------------

# pydantic error type -> catalog key; the parameters come from the error's input/context.
_SIMPLE_KEYS = {
    "missing": "validate.missing",
    "string_type": "validate.expected_text",
    "string_too_short": "validate.empty",
    "int_type": "validate.expected_integer",
    "int_parsing": "validate.expected_integer",
    "int_from_float": "validate.expected_integer",
    "float_type": "validate.expected_number",
    "float_parsing": "validate.expected_number",
    "bool_type": "validate.expected_boolean",
    "bool_parsing": "validate.expected_boolean",
    "list_type": "validate.expected_list",
    "dict_type": "validate.expected_mapping",
    "model_type": "validate.expected_mapping",
    "model_attributes_type": "validate.expected_mapping",
    "greater_than_equal": "validate.too_small",
    "greater_than": "validate.too_small",
    "less_than_equal": "validate.too_large",
    "less_than": "validate.too_large",
    "value_error": "validate.invalid_email",
    "date_type": "validate.expected_date",
    "time_type": "validate.time",
}
_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Type errors whose input may be a YAML value left empty ("name:") or a number for a text.
_TYPE_ERRORS = {k for k, v in _SIMPLE_KEYS.items() if v.startswith("validate.expected_")}


def _translate(
    model: type[BaseModel], document: LoadedDocument, error: Any, meant: Mapping[Loc, str]
) -> ContentError:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = error.get("ctx") or {}
    location = document.locate(loc)
    params: dict[str, Any] = {"value": _shown(value)}

    lookalike = _lookalike_in_failed_value(kind, value)
    if lookalike is not None:
        # "« 2027-03-12 »", "８:30", "‘jeudi’": say what to remove, not only "date expected".
        key, params = lookalike
        params["value"] = _shown(value)
    elif kind == PLATO_ERROR:
        key = ctx["key"]
        params = {k: _shown(v) if isinstance(v, str) else v for k, v in ctx["params"].items()}
        if ctx.get("at"):
            loc = (*loc, *ctx["at"])
            location = document.locate(loc)
    elif kind == "missing" and loc[-1] == "consent_date":
        key = "validate.consent_required"  # RGPD: no testimonial without recorded consent
    elif kind == "extra_forbidden":
        field = str(loc[-1])
        location = document.locate_key(loc)
        choices = _field_names(model, loc[:-1])
        close = meant.get(loc, "")
        key = "validate.unknown_key_suggest" if close else "validate.unknown_key"
        params = {"key": field, "suggestion": close, "choices": ", ".join(choices)}
    elif kind in _TYPE_ERRORS and (value is None or value == ""):
        key = "validate.empty_value"
    elif kind == "string_type" and isinstance(value, int | float):
        key = "validate.expected_text_quote"  # a postal code written as a number, or "true"
    elif kind == "value_error" and isinstance(value, str) and not value.strip():
        key = "validate.empty"
    elif kind == "list_type" and isinstance(value, str) and re.match(r"-[^\s\d-]", value):
        key = "validate.dash_without_space"  # "-Recruter": a list item without its space
        params["value"] = _shown(value.split()[0])
    elif kind == "float_parsing" and isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value):
        key = "validate.decimal_comma"
        params["value_with_point"] = value.strip().replace(",", ".")
    elif kind in _DATE_ERRORS:
        impossible = isinstance(value, str) and _ISO_DATE.fullmatch(value.strip())
        key = "validate.impossible_date" if impossible else "validate.expected_date"
    elif kind in {"enum", "literal_error"}:
        key = "validate.choice"
        # pydantic writes "'plato' or 'expert'": keep the values, drop its English "or".
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        params["choices"] = ", ".join(expected)
    else:
        key = _SIMPLE_KEYS.get(kind, "validate.invalid")
        params.setdefault("detail", error.get("msg", ""))
        for name in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if name in ctx:
                params["limit"] = _shown(ctx[name])
    return ContentError(location, format_path(loc), key, params)


_DECIMAL_COMMA = re.compile(r"\s*-?\d+,\d+\s*")


def _lookalike_in_failed_value(kind: str, value: Any) -> tuple[str, dict[str, Any]] | None:
    if kind in {"missing", "extra_forbidden"} or not isinstance(value, str):
        return None
    return lookalike_problem(value)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in YAML, not Python's True
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # "maximum 90", not "90.0"
    # One line per problem: a value spanning lines is shown on one.
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _field_names(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Names of the fields allowed at ``loc`` (for did-you-mean), walking the annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so we reach the model or the list type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


# --- checks across files ----------------------------------------------------------------------


def _schedule_check(territories: Iterable[SourcedTerritory]) -> list[ContentError]:
    """Every group's rule must give its meetings within SCHEDULE_YEARS ("week: 5" and
    "skip_months" can leave too few months)."""
    errors: list[ContentError] = []
    for item in territories:
        for index, group in enumerate(item.territory.groups):
            found = len(schedule_dates(group.schedule, group.meeting_count))
            if found < group.meeting_count:
                path = ("groups", index, "schedule")
                errors.append(
                    ContentError(
                        item.document.locate(path),
                        format_path(path),
                        "validate.schedule_short" if found else "validate.schedule_empty",
                        {"count": found, "expected": group.meeting_count, "years": SCHEDULE_YEARS},
                    )
                )
    return errors


def _cross_check(territories: Iterable[SourcedTerritory]) -> list[ContentError]:
    errors: list[ContentError] = []
    slugs: dict[str, str] = {}
    group_ids: dict[str, str] = {}
    for item in territories:
        doc, territory = item.document, item.territory
        where = f"{doc.path}"
        if item.slug in slugs:
            # Without a "slug:" key the address comes from the file name: say so.
            from_name = territory.slug is None
            errors.append(
                ContentError(
                    doc.locate(("slug",)),
                    "" if from_name else "slug",
                    "validate.duplicate_slug_file" if from_name else "validate.duplicate_slug",
                    {"slug": item.slug, "other": slugs[item.slug]},
                )
            )
        slugs.setdefault(item.slug, where)

        local_groups = set()
        for index, group in enumerate(territory.groups):
            local_groups.add(group.id)
            if group.id in group_ids:
                errors.append(
                    ContentError(
                        doc.locate(("groups", index, "id")),
                        format_path(("groups", index, "id")),
                        "validate.duplicate_group",
                        {"id": group.id, "other": group_ids[group.id]},
                    )
                )
            group_ids.setdefault(group.id, where)

        event_ids: set[str] = set()
        for index, event in enumerate(territory.events):
            if event.id in event_ids:
                errors.append(
                    ContentError(
                        doc.locate(("events", index, "id")),
                        format_path(("events", index, "id")),
                        "validate.duplicate_event",
                        {"id": event.id},
                    )
                )
            event_ids.add(event.id)

        for index, testimonial in enumerate(territory.testimonials):
            if testimonial.group is not None and testimonial.group not in local_groups:
                path = ("testimonials", index, "group")
                errors.append(
                    ContentError(
                        doc.locate(path),
                        format_path(path),
                        "validate.testimonial_group"
                        if local_groups
                        else "validate.testimonial_group_none",
                        {"group": testimonial.group, "choices": ", ".join(sorted(local_groups))},
                    )
                )
    return errors


def _commune_check(territories: Iterable[SourcedTerritory]) -> list[ContentError]:
    """A commune listed twice in one territory (same code and name, whatever the accents
    or case). Two territories may serve one commune: the finder then shows both."""
    errors: list[ContentError] = []
    for item in territories:
        lines = item.territory.communes
        for index, _first in communes.duplicates(lines):
            path = ("communes", index)
            errors.append(
                ContentError(
                    item.document.locate(path),
                    format_path(path),
                    "communes.duplicate",
                    {"value": lines[index]},
                )
            )
    return errors


def _partner_check(
    network: Network | None,
    network_doc: LoadedDocument | None,
    territories: Iterable[SourcedTerritory],
    content_dir: Path,
    root: Path,
) -> list[ContentError]:
    """Every logo is a file under content/ (a missing one would be a broken image), and every
    coach's "partner:" names a partner of its territory or of the network."""
    errors: list[ContentError] = []
    shared = network.partners if network is not None else []
    if network_doc is not None:
        errors += _logo_errors(shared, network_doc, content_dir, root)
    for item in territories:
        doc, territory = item.document, item.territory
        errors += _logo_errors(territory.partners, doc, content_dir, root)
        errors += _photo_problems(territory, doc, content_dir, root)
        if network is None:
            continue  # the network's own errors are shown: its partners are unknown
        known = sorted({p.id for p in [*territory.partners, *shared]})
        for g_index, group in enumerate(territory.groups):
            for c_index, coach in enumerate(group.coaches):
                if coach.partner is None or coach.partner in known:
                    continue
                path = ("groups", g_index, "coaches", c_index, "partner")
                errors.append(
                    ContentError(
                        doc.locate(path),
                        format_path(path),
                        "validate.unknown_partner" if known else "validate.unknown_partner_none",
                        {"partner": coach.partner, "choices": ", ".join(known)},
                    )
                )
    return errors


def _logo_errors(
    partners: Sequence[Partner], doc: LoadedDocument, content_dir: Path, root: Path
) -> list[ContentError]:
    files = [
        (("partners", index, "logo"), partner.logo)
        for index, partner in enumerate(partners)
        if partner.logo is not None
    ]
    return missing_files(files, "validate.partner_logo_missing", doc, content_dir, root)


# A portrait shown 96 px wide needs no more: a camera's 3 MB photo would cost a phone seconds.
PHOTO_MAX_BYTES = 200_000


def _photo_problems(
    territory: Territory, doc: LoadedDocument, content_dir: Path, root: Path
) -> list[ContentError]:
    """Testimonials' photos: a missing file is an error, a heavy one a warning."""
    photos = [
        (("testimonials", index, "photo"), testimonial.photo)
        for index, testimonial in enumerate(territory.testimonials)
        if testimonial.photo is not None
    ]
    problems = missing_files(photos, "proof.photo_missing", doc, content_dir, root)
    for path, name in photos:
        file = content_dir / name
        if file.is_file() and file.stat().st_size > PHOTO_MAX_BYTES:
            problems.append(
                content_warning(
                    doc.locate(path),
                    format_path(path),
                    "proof.photo_heavy",
                    {"file": display(file, root), "kb": round(file.stat().st_size / 1000)},
                )
            )
    return problems


def missing_files(
    files: Sequence[tuple[tuple[str | int, ...], str]],
    key: str,
    doc: LoadedDocument,
    content_dir: Path,
    root: Path,
) -> list[ContentError]:
    """An error (catalog ``key``) at each (place, path from content/) that is not a file
    inside content/: a missing one would be a broken image."""
    errors: list[ContentError] = []
    base = content_dir.resolve()
    for path, name in files:
        file = (content_dir / name).resolve()
        if file.is_file() and file.is_relative_to(base):
            continue
        errors.append(
            ContentError(
                doc.locate(path),
                format_path(path),
                key,
                {"file": display(content_dir / name, root)},
            )
        )
    return errors


def territory_source(content: Content, slug: str) -> Path:
    """Where a territory came from (for messages and the preview)."""
    for item in content.territories:
        if item.slug == slug:
            return Path(item.document.path)
    raise KeyError(slug)
