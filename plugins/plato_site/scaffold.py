"""``plato-site new territory|group``: commented skeletons that build as soon as they are written.

Staff otherwise copy a neighbour's file, mistakes included. A skeleton carries French
comments from the catalog (``locales/<lang>/scaffold.yml``), values that pass
validation but for their placeholders (marked so that staff find them; validate and the
build refuse them until they are replaced), the next edition number
and dates relative to the build date.

A new group is *appended as text* to the territory file, after its last group, so the
staff's comments, anchors and layout are kept (a YAML re-dump would lose them). The
content is validated after writing; if it does not validate, the file is put back.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from plato_site import formatting
from plato_site.derive import schedule_dates
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.load import LoadedDocument
from plato_site.models import (
    DEFAULT_MEETING_COUNT,
    Group,
    GroupKind,
    Schedule,
    Venue,
    Weekday,
)
from plato_site.schema import DEFAULT_SCHEMA_DIR
from plato_site.validate import TERRITORIES_DIR, Content, SourcedTerritory, load_content

TERRITORY_SCHEMA = "territoire.schema.json"
INDENT = "  "
# A group is announced about six months before its first meeting (information meetings,
# interviews, kickoff): the first meeting of a new group is that far from the build date.
MONTHS_BEFORE_START = 6
# Used when the territory has no group of that kind to copy the rhythm from.
DEFAULT_CAPACITY = (10, 15)
DEFAULT_WEEKDAY = Weekday.THURSDAY
DEFAULT_WEEK = 2
DEFAULT_HOURS = (time(8, 30), time(12, 0))
DEFAULT_SKIP_MONTHS = (8,)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLAIN_TEXT = re.compile(r"[^\W\d_][^:#\n\"'{}\[\],&*!|>%@`]*", re.UNICODE)
_NOT_TEXT_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "~"}


class ScaffoldError(Exception):
    """The command cannot proceed; carries a catalog key (shown in the staff's language)."""

    def __init__(self, key: str, errors: ContentErrors | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.errors = errors  # the content problems, when validation failed

    def message(self, catalog: Catalog) -> str:
        return catalog(f"scaffold.{self.key}", **self.params)


@dataclass(frozen=True)
class Created:
    """What a command wrote, for its confirmation message."""

    path: Path
    message: str


# --- commands -------------------------------------------------------------------------------


def new_territory(
    content_dir: Path,
    slug: str,
    catalog: Catalog,
    today: date,
    project_root: Path | None = None,
    with_group: bool = True,
) -> Created:
    """Write ``content/territoires/<slug>.yml``, by default with a first group (edition 1)."""
    root = project_root or content_dir.parent
    _check_slug(slug)
    path = content_dir / TERRITORIES_DIR / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError("territory_exists", slug=slug, path=_shown(path, root))
    content = _valid_content(content_dir, root)
    for item in content.territories:
        if item.slug == slug:
            raise ScaffoldError("territory_exists", slug=slug, path=item.document.path)
    name = " ".join(word.capitalize() for word in slug.split("-"))
    todo = catalog("scaffold.todo")
    groups: list[str] = []
    if with_group:
        group_id = f"{slug}-1"
        _check_group_id(content, group_id)
        plan = _plan_group(group_id, name, GroupKind.PLATO, [], None, today, catalog)
        groups = _group_lines(plan, catalog, dash_indent=len(INDENT), key_indent=2 * len(INDENT))
    text = _territory_text(path, root, slug, name, today, todo, groups, catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_validated(path, text, None, content_dir, root)
    return Created(path, catalog("scaffold.created_territory", path=_shown(path, root), todo=todo))


def new_group(
    content_dir: Path,
    territory_slug: str,
    group_id: str,
    catalog: Catalog,
    today: date,
    project_root: Path | None = None,
    kind: GroupKind = GroupKind.PLATO,
) -> Created:
    """Append a group after the last group of a territory file, keeping its comments."""
    root = project_root or content_dir.parent
    _check_slug(group_id)
    content = _valid_content(content_dir, root)
    sourced = _find_territory(content, territory_slug, content_dir, root)
    _check_group_id(content, group_id)
    path = root / sourced.document.path
    original = path.read_text(encoding="utf-8")
    groups = sourced.territory.groups
    same_kind = [index for index, group in enumerate(groups) if group.kind is kind]
    latest = max(same_kind, key=lambda index: groups[index].edition, default=None)
    alias = None if latest is None else _venue_alias(original, sourced.document, latest)
    plan = _plan_group(
        group_id,
        sourced.territory.name,
        kind,
        [groups[index] for index in same_kind],
        alias,
        today,
        catalog,
        default_venue=Venue(
            name=sourced.territory.chamber.name, address=sourced.territory.chamber.address
        ),
    )
    text = _append_group(original, sourced.document, plan, catalog, _shown(path, root))
    _write_validated(path, text, original, content_dir, root)
    message = catalog(
        "scaffold.created_group",
        id=group_id,
        path=_shown(path, root),
        edition=plan.edition,
        start=formatting.format_date(plan.first_meeting, catalog),
    )
    return Created(path, message)


# --- checks -----------------------------------------------------------------------------------


def _check_slug(value: str) -> None:
    if not _SLUG.fullmatch(value) or len(value) > 80:
        raise ScaffoldError("invalid_slug", value=value)


def _valid_content(content_dir: Path, root: Path) -> Content:
    """The content must be valid before: otherwise a rollback could not tell whose error."""
    try:
        return load_content(content_dir, root, placeholders=True)
    except ContentErrors as problems:
        raise ScaffoldError("content_invalid", errors=problems) from None


def _find_territory(content: Content, slug: str, content_dir: Path, root: Path) -> SourcedTerritory:
    for item in content.territories:
        if item.slug == slug:
            return item
    expected = content_dir / TERRITORIES_DIR / f"{slug}.yml"
    raise ScaffoldError("territory_missing", slug=slug, path=_shown(expected, root))


def _check_group_id(content: Content, group_id: str) -> None:
    for item in content.territories:
        if any(group.id == group_id for group in item.territory.groups):
            raise ScaffoldError("group_exists", id=group_id, path=item.document.path)


def _write_validated(
    path: Path, text: str, original: str | None, content_dir: Path, root: Path
) -> None:
    """Write, validate the whole content, and put the file back if it no longer validates."""
    _atomic_write(path, text)
    try:
        load_content(content_dir, root, placeholders=True)
    except ContentErrors as problems:
        if original is None:
            path.unlink()
        else:
            _atomic_write(path, original)
        raise ScaffoldError("rolled_back", errors=problems, path=_shown(path, root)) from None


def _atomic_write(path: Path, text: str) -> None:
    # A half-written file would break the next build: write aside, then rename.
    temporary = path.with_name(f".{path.name}.plato-tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- the group --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupPlan:
    """The values of a new group, decided before any text is written."""

    id: str
    name: str
    kind: GroupKind
    edition: int
    capacity: tuple[int, int]
    venue: Venue | str  # a Venue, or the alias text ("*cci") the previous group used
    schedule: Schedule
    published: date

    @property
    def first_meeting(self) -> date:
        return schedule_dates(self.schedule, self.meeting_count)[0]

    @property
    def meeting_count(self) -> int:
        return self.schedule.count or DEFAULT_MEETING_COUNT[self.kind]


def _plan_group(
    group_id: str,
    territory_name: str,
    kind: GroupKind,
    same_kind: list[Group],
    venue_alias: str | None,
    today: date,
    catalog: Catalog,
    default_venue: Venue | None = None,
) -> GroupPlan:
    """Copy the rhythm of the territory's latest group of this kind; else the defaults."""
    latest = max(same_kind, key=lambda group: group.edition, default=None)
    edition = latest.edition + 1 if latest else 1
    month_index = today.year * 12 + today.month - 1 + MONTHS_BEFORE_START
    start_month = f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    if latest is not None:
        rule = latest.schedule
        schedule = Schedule(
            start_month=start_month,
            weekday=rule.weekday,
            week=rule.week,
            start_time=rule.start_time,
            end_time=rule.end_time,
            skip_months=list(rule.skip_months),
        )
        capacity = (latest.capacity.min, latest.capacity.max)
        venue: Venue | str = venue_alias or latest.venue
    else:
        schedule = Schedule(
            start_month=start_month,
            weekday=DEFAULT_WEEKDAY,
            week=DEFAULT_WEEK,
            start_time=DEFAULT_HOURS[0],
            end_time=DEFAULT_HOURS[1],
            skip_months=list(DEFAULT_SKIP_MONTHS),
        )
        capacity = DEFAULT_CAPACITY
        venue = default_venue or _placeholder_venue(catalog)
    name = catalog(f"scaffold.group.name.{kind.value}", territory=territory_name, edition=edition)
    return GroupPlan(group_id, name, kind, edition, capacity, venue, schedule, today)


def _placeholder_venue(catalog: Catalog) -> Venue:
    todo = catalog("scaffold.todo")
    return Venue.model_validate(
        {"name": todo, "address": {"street": todo, "postal_code": todo, "city": todo}}
    )


def _group_lines(plan: GroupPlan, catalog: Catalog, dash_indent: int, key_indent: int) -> list[str]:
    """The group as YAML lines: ``- id: …`` at ``dash_indent``, its keys at ``key_indent``."""
    t = catalog
    todo = t("scaffold.todo")
    pad = " " * key_indent
    sub = pad + INDENT
    rule = plan.schedule
    words = t(
        "scaffold.group.schedule",
        rule=formatting.format_weekday_rule(rule.week, rule.weekday.number, t),
        time=formatting.format_time_range(rule.start_time, rule.end_time, t),
        count=plan.meeting_count,
        start=formatting.format_date(plan.first_meeting, t),
    )
    first = " " * dash_indent + "-" + " " * (key_indent - dash_indent - 1)
    header = t("scaffold.group.header", name=plan.name, today=plan.published, todo=todo)
    lines = _comment(header, " " * dash_indent)
    lines += [
        f"{first}id: {plan.id}  # {t('scaffold.group.id')}",
        f"{pad}name: {_text(plan.name)}",
        f"{pad}kind: {plan.kind.value}  # {t('scaffold.group.kind')}",
        f"{pad}edition: {plan.edition}  # {t('scaffold.group.edition')}",
        f"{pad}capacity: {{min: {plan.capacity[0]}, max: {plan.capacity[1]}}}"
        f"  # {t('scaffold.group.capacity')}",
        f"{pad}seats_taken: 0  # {t('scaffold.group.seats_taken')}",
    ]
    lines += _comment(t("scaffold.group.coaches"), pad)
    lines.append(f"{pad}coaches: []")
    if isinstance(plan.venue, str):
        lines.append(f"{pad}venue: {plan.venue}  # {t('scaffold.group.venue')}")
    else:
        lines.append(f"{pad}venue:  # {t('scaffold.group.venue')}")
        lines += _venue_lines(plan.venue, sub)
    lines += _comment(words, pad)
    lines += [
        f"{pad}schedule:",
        f"{sub}start_month: {rule.start_month}  # {t('scaffold.group.start_month')}",
        f"{sub}weekday: {rule.weekday.value}  # {t('scaffold.group.weekday')}",
        f"{sub}week: {rule.week}  # {t('scaffold.group.week')}",
        f'{sub}start_time: "{_hhmm(rule.start_time)}"',
        f'{sub}end_time: "{_hhmm(rule.end_time)}"',
    ]
    if rule.skip_months:
        months = ", ".join(str(month) for month in rule.skip_months)
        lines.append(f"{sub}skip_months: [{months}]  # {t('scaffold.group.skip_months')}")
    lines += _comment(t("scaffold.group.topics"), pad)
    lines.append(f"{pad}topics: []")
    lines.append(f"{pad}published: {plan.published.isoformat()}  # {t('scaffold.group.published')}")
    return lines


def _venue_lines(venue: Venue, pad: str) -> list[str]:
    address = venue.address
    lines = [
        f"{pad}name: {_text(venue.name)}",
        f"{pad}address:",
        f"{pad}{INDENT}street: {_text(address.street)}",
        f"{pad}{INDENT}postal_code: {json.dumps(address.postal_code, ensure_ascii=False)}",
        f"{pad}{INDENT}city: {_text(address.city)}",
    ]
    if venue.coordinates is not None:
        lat, lon = venue.coordinates.lat, venue.coordinates.lon
        lines.append(f"{pad}coordinates: {{lat: {lat}, lon: {lon}}}")
    if venue.access is not None:
        lines.append(f"{pad}access: {_text(venue.access)}")
    return lines


_ALIAS_VALUE = re.compile(r"venue:\s*([&*])([\w-]+)\s*(?:#.*)?$")


def _venue_alias(text: str, document: LoadedDocument, index: int) -> str | None:
    """``*cci`` when that group's venue is an alias or an anchor: reuse it, do not copy it."""
    position = document.key_locations.get(("groups", index, "venue"))
    if position is None:
        return None
    match = _ALIAS_VALUE.search(text.splitlines()[position[0] - 1])
    return f"*{match.group(2)}" if match else None


# --- appending to the territory file ----------------------------------------------------------


def _append_group(
    text: str, document: LoadedDocument, plan: GroupPlan, catalog: Catalog, shown: str
) -> str:
    lines = text.splitlines()
    groups = document.data.get("groups")
    key = document.key_locations.get(("groups",))
    if key is None:  # no "groups:" yet: a new block at the end of the file
        block = ["", "groups:", *_group_lines(plan, catalog, len(INDENT), 2 * len(INDENT))]
        return "\n".join([*lines, *block]) + "\n"
    key_line = key[0] - 1  # 0-based
    if isinstance(groups, list) and groups:
        first = document.locations[("groups", 0)]
        if first[0] - 1 == key_line:
            raise ScaffoldError("groups_flow", path=shown)
        item_line = lines[first[0] - 1]
        dash_indent = len(item_line) - len(item_line.lstrip())
        key_indent = first[1] - 1
        at = _end_of_block(lines, key_line)
        block = ["", *_group_lines(plan, catalog, dash_indent, key_indent)]
        return "\n".join([*lines[:at], *block, *lines[at:]]) + "\n"
    # "groups:" with no value or "groups: []": the list starts right under the key.
    header = lines[key_line]
    if re.search(r":\s*\[\s*\]", header):
        header = re.sub(r":\s*\[\s*\]", ":", header, count=1)
    elif isinstance(groups, list):
        raise ScaffoldError("groups_flow", path=shown)
    indent = len(header) - len(header.lstrip())
    block = _group_lines(plan, catalog, indent + len(INDENT), indent + 2 * len(INDENT))
    return "\n".join([*lines[:key_line], header, *block, *lines[key_line + 1 :]]) + "\n"


def _end_of_block(lines: list[str], key_line: int) -> int:
    """Index after the last line of the block under ``key_line`` (its own comments included).

    The block ends at the next line starting in column 0 that is not a comment (the next
    top-level key). Blank lines and column-0 comments just before that key belong to it.
    """
    end = key_line + 1
    for index in range(key_line + 1, len(lines)):
        line = lines[index]
        if line.strip() == "":
            continue
        if not line[0].isspace() and not line.startswith("-"):
            if line.startswith("#"):
                continue
            break
        end = index + 1
    return end


# --- the territory ----------------------------------------------------------------------------


def _territory_text(
    path: Path,
    root: Path,
    slug: str,
    name: str,
    today: date,
    todo: str,
    groups: list[str],
    catalog: Catalog,
) -> str:
    t = catalog
    file = f"{slug}.yml"
    example = date(today.year + 1, 1, 28).isoformat()
    lines = [schema_comment(path, root, TERRITORY_SCHEMA)]
    lines += _comment(
        t("scaffold.territory.header", name=name, today=today, file=file, slug=slug, todo=todo), ""
    )
    lines += [
        f"name: {_text(name)}  # {t('scaffold.territory.name')}",
        f"region: {_text(todo)}  # {t('scaffold.territory.region')}",
        f"since: {today.year}  # {t('scaffold.territory.since')}",
        f"chamber:  # {t('scaffold.territory.chamber')}",
        f"{INDENT}name: {_text(todo)}",
        f"{INDENT}address:",
        f"{INDENT * 2}street: {_text(todo)}",
        f"{INDENT * 2}postal_code: {json.dumps(todo, ensure_ascii=False)}"
        f"  # {t('scaffold.territory.postal_code')}",
        f"{INDENT * 2}city: {_text(todo)}",
        f"# {t('scaffold.territory.description')}",
        "description: |",
        f"{INDENT}{t('scaffold.territory.description_text', name=name, todo=todo)}",
        "",
    ]
    lines += _comment(t("scaffold.territory.contacts"), "")
    lines += ["contacts: []", ""]
    lines += _comment(t("scaffold.territory.phones"), "")
    lines += ["phones: []", ""]
    lines += _comment(t("scaffold.territory.communes"), "")
    lines += ["communes: []", ""]
    lines += _comment(t("scaffold.territory.groups", slug=slug), "")
    lines += ["groups:" if groups else "groups: []", *groups, ""]
    lines += _comment(t("scaffold.territory.events", year=today.year + 1, example_date=example), "")
    lines += ["events: []", ""]
    lines += _comment(t("scaffold.territory.testimonials"), "")
    lines += ["testimonials: []"]
    return "\n".join(lines) + "\n"


def schema_comment(content_file: Path, root: Path, schema_name: str) -> str:
    """The first line of a content file: tells the editor which schema checks it."""
    schema = root / DEFAULT_SCHEMA_DIR / schema_name
    relative = os.path.relpath(schema, content_file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


# --- small text helpers -----------------------------------------------------------------------


def _comment(text: str, pad: str) -> list[str]:
    return [f"{pad}# {line}".rstrip() for line in text.splitlines()]


def _text(value: str) -> str:
    """A YAML scalar that the loader reads back as this exact text (quoted when needed)."""
    plain = (
        _PLAIN_TEXT.fullmatch(value) is not None
        and value == value.strip()
        and value.lower() not in _NOT_TEXT_WORDS
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _hhmm(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"
