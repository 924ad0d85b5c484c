"""Schema = build: the committed JSON Schemas accept exactly what the build accepts.

Each edit changes one thing in the example content, as staff would type it. The schema's
verdict (the jsonschema library, formats checked, on what the YAML loader reads) and the
build's (plato-site's load_content) must agree; the rules only ``plato-site validate``
can check (they relate several fields, or need the phone numbering plan) are the edits
marked ``VALIDATE_ONLY``: the schema accepts them, the build refuses them. They are listed
for staff in content/guide/format.md.

An editor reads YAML 1.2 itself: there, an unquoted 05000 is the number 5000 (the build
takes a number as a postal code for that reason), and everything else reads the same.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plato_site.errors import ContentErrors
from plato_site.load import load_document
from plato_site.models import weekday_spellings
from plato_site.schema import PHONE_PATTERNS
from plato_site.validate import load_content
from tests.helpers import REPO_ROOT

ACCEPT, REFUSE, VALIDATE_ONLY = "accept", "refuse", "validate only"
TERRITORY = "territoires/roannais.yml"
NETWORK = "reseau.yml"
SCHEMAS = {
    TERRITORY: REPO_ROOT / "site_config" / "schemas" / "territoire.schema.json",
    NETWORK: REPO_ROOT / "site_config" / "schemas" / "reseau.schema.json",
}

# (what staff did, file, text replaced (its first occurrence), new text, expected verdict)
EDITS: list[tuple[str, str, str, str, str]] = [
    # --- accepted by both ------------------------------------------------------------------
    ("postal code unquoted", TERRITORY, 'postal_code: "42300"', "postal_code: 42300", ACCEPT),
    (
        "postal code with a leading 0",
        TERRITORY,
        'postal_code: "42300"',
        "postal_code: 05000",
        ACCEPT,
    ),
    ("weekday capitalized English", TERRITORY, "weekday: thursday", "weekday: Thursday", ACCEPT),
    ("weekday in capitals", TERRITORY, "weekday: thursday", "weekday: JEUDI", ACCEPT),
    ("weekday French", TERRITORY, "weekday: thursday", "weekday: jeudi", ACCEPT),
    ("weekday spaced", TERRITORY, "weekday: thursday", 'weekday: " Jeudi "', ACCEPT),
    ("hour unquoted", TERRITORY, 'start_time: "8:30"', "start_time: 8", ACCEPT),
    ("time 8h30", TERRITORY, 'start_time: "8:30"', 'start_time: "8h30"', ACCEPT),
    ("time 8 h 30", TERRITORY, 'start_time: "8:30"', 'start_time: "8 h 30"', ACCEPT),
    ("time 08:30 unquoted", TERRITORY, 'start_time: "8:30"', "start_time: 08:30", ACCEPT),
    ("last week of the month", TERRITORY, "week: 2", "week: -1", ACCEPT),
    ("sixty meetings", TERRITORY, "count: 24", "count: 60", ACCEPT),
    ("phone +33", TERRITORY, "number: 04 77 44 54 64", 'number: "+33 4 77 44 54 64"', ACCEPT),
    (
        "phone +33 (0)",
        TERRITORY,
        "number: 04 77 44 54 64",
        'number: "+33 (0)4 77 44 54 64"',
        ACCEPT,
    ),
    ("phone abroad", TERRITORY, "number: 04 77 44 54 64", 'number: "+32 2 555 12 12"', ACCEPT),
    ("short number", TERRITORY, "number: 04 77 44 54 64", 'number: "3939"', ACCEPT),
    ("phone in one block", TERRITORY, "number: 04 77 44 54 64", "number: 0477445464", ACCEPT),
    ("phone with dots", TERRITORY, "number: 04 77 44 54 64", "number: 04.77.44.54.64", ACCEPT),
    (
        "surcharged number with its price",
        TERRITORY,
        "number: 04 77 44 54 64",
        "number: 0820 012 112\n    price: 0,12 €/min",
        ACCEPT,
    ),
    ("since 1900", TERRITORY, "since: 2007", "since: 1900", ACCEPT),
    ("latitude without decimals", TERRITORY, "lat: 46.0363", "lat: 46", ACCEPT),
    (
        "web address http",
        TERRITORY,
        "https://www.example.org/roannais/",
        "http://example.org/",
        ACCEPT,
    ),
    (
        "another French region",
        TERRITORY,
        "region: Auvergne-Rhône-Alpes",
        "region: Bretagne",
        ACCEPT,
    ),
    ("another date", TERRITORY, "published: 2026-10-01", "published: 2026-10-02", ACCEPT),
    ("month without its zero", TERRITORY, "start_month: 2025-04", "start_month: 2025-4", ACCEPT),
    (
        "capacity as a block",
        TERRITORY,
        "capacity: {min: 10, max: 12}",
        "capacity:\n      min: 10\n      max: 12",
        ACCEPT,
    ),
    # --- refused by both -------------------------------------------------------------------
    ("weekday misspelt", TERRITORY, "weekday: thursday", "weekday: jedi", REFUSE),
    ("weekday as a number", TERRITORY, "weekday: thursday", "weekday: 4", REFUSE),
    ("week 0", TERRITORY, "week: 2", "week: 0", REFUSE),
    ("week 6", TERRITORY, "week: 2", "week: 6", REFUSE),
    ("count 0", TERRITORY, "count: 24", "count: 0", REFUSE),
    ("count 61", TERRITORY, "count: 24", "count: 61", REFUSE),
    ("count quoted", TERRITORY, "count: 24", 'count: "24"', REFUSE),
    ("year quoted", TERRITORY, "since: 2007", 'since: "2007"', REFUSE),
    ("edition quoted", TERRITORY, "edition: 4", 'edition: "4"', REFUSE),
    ("latitude quoted", TERRITORY, "lat: 46.0363", 'lat: "46.0363"', REFUSE),
    ("seats taken negative", TERRITORY, "seats_taken: 11", "seats_taken: -1", REFUSE),
    ("hour 25", TERRITORY, 'start_time: "8:30"', 'start_time: "25:00"', REFUSE),
    ("minute 75", TERRITORY, 'start_time: "8:30"', 'start_time: "8h75"', REFUSE),
    ("time in words", TERRITORY, 'start_time: "8:30"', "start_time: le matin", REFUSE),
    ("hour 24 unquoted", TERRITORY, 'start_time: "8:30"', "start_time: 24", REFUSE),
    ("month 13", TERRITORY, "start_month: 2025-04", "start_month: 2025-13", REFUSE),
    ("year 1850", TERRITORY, "start_month: 2025-04", "start_month: 1850-04", REFUSE),
    ("decimal comma", TERRITORY, "lat: 46.0363", "lat: 46,0363", REFUSE),
    ("month in words", TERRITORY, "start_month: 2025-04", "start_month: avril 2025", REFUSE),
    ("skipped month 13", TERRITORY, "skip_months: [8]", "skip_months: [13]", REFUSE),
    ("skipped month 0", TERRITORY, "skip_months: [8]", "skip_months: [0]", REFUSE),
    ("impossible date", TERRITORY, "published: 2026-10-01", "published: 2026-02-30", REFUSE),
    ("date as a number", TERRITORY, "published: 2026-10-01", "published: 20261001", REFUSE),
    ("French date", TERRITORY, "published: 2026-10-01", "published: 01/10/2026", REFUSE),
    ("incomplete phone", TERRITORY, "number: 04 77 44 54 64", "number: 04 77 44", REFUSE),
    ("phone with letters", TERRITORY, "number: 04 77 44 54 64", "number: standard", REFUSE),
    (
        "surcharged number without price",
        TERRITORY,
        "number: 04 77 44 54 64",
        "number: 0820 012 112",
        REFUSE,
    ),
    (
        "price on an ordinary number",
        TERRITORY,
        "number: 04 77 44 54 64",
        "number: 04 77 44 54 64\n    price: 0,12 €/min",
        REFUSE,
    ),
    ("French key", TERRITORY, "name: Roannais", "nom: Roannais", REFUSE),
    ("id with capitals", TERRITORY, "id: roannais-4", "id: Roannais 4", REFUSE),
    (
        "web address ftp",
        TERRITORY,
        "https://www.example.org/roannais/",
        "ftp://example.org/",
        REFUSE,
    ),
    ("latitude 246", TERRITORY, "lat: 46.0363", "lat: 246", REFUSE),
    ("kind misspelt", TERRITORY, "kind: plato", "kind: platon", REFUSE),
    ("postal code empty", TERRITORY, 'postal_code: "42300"', 'postal_code: ""', REFUSE),
    ("postal code of three digits", TERRITORY, 'postal_code: "42300"', "postal_code: 123", REFUSE),
    ("name of spaces", TERRITORY, "name: Roannais", 'name: "   "', REFUSE),
    ("value left empty", TERRITORY, "name: Roannais", "name:", REFUSE),
    ("figure year in words", TERRITORY, "year: 2013", "year: deux mille treize", REFUSE),
    ("list written as text", TERRITORY, "skip_months: [8]", "skip_months: août", REFUSE),
    ("status in French", TERRITORY, "kind: plato", "kind: plato\n    status: complet", REFUSE),
    ("rate over 100", NETWORK, "accessibility:", "accessibility:\n  rate: 120", REFUSE),
    # --- only validate can tell (several fields, or the numbering plan) --------------------
    ("seats over capacity", TERRITORY, "seats_taken: 11", "seats_taken: 13", VALIDATE_ONLY),
    (
        "capacity min over max",
        TERRITORY,
        "capacity: {min: 10, max: 12}",
        "capacity: {min: 14, max: 12}",
        VALIDATE_ONLY,
    ),
    ("end before start", TERRITORY, 'end_time: "12:00"', 'end_time: "8:00"', VALIDATE_ONLY),
    (
        "moved meeting starting after the end",
        TERRITORY,
        "date: 2027-01-21",
        'date: 2027-01-21\n        start_time: "14h"',
        VALIDATE_ONLY,
    ),
    ("meeting that does not exist", TERRITORY, "- number: 19", "- number: 40", VALIDATE_ONLY),
    ("meeting described twice", TERRITORY, "- number: 20", "- number: 19", VALIDATE_ONLY),
    (
        "all months skipped",
        TERRITORY,
        "skip_months: [8]",
        "skip_months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]",
        VALIDATE_ONLY,
    ),
    ("more topics than meetings", TERRITORY, "count: 24", "count: 12", VALIDATE_ONLY),
    (
        "testimonial of an unknown group",
        TERRITORY,
        "group: roannais-4",
        "group: roannais-9",
        VALIDATE_ONLY,
    ),
    (
        "event id used twice",
        TERRITORY,
        "id: lancement-roannais-6",
        "id: information-2027-01",
        VALIDATE_ONLY,
    ),
    (
        "number outside the plan",
        TERRITORY,
        "number: 04 77 44 54 64",
        "number: 07 00 12 34 56",
        VALIDATE_ONLY,
    ),
    (
        "e-mail without a domain",
        TERRITORY,
        "plato-roannais@example.org",
        "plato-roannais@example",
        VALIDATE_ONLY,
    ),
    ("placeholder left", TERRITORY, "name: Roannais", "name: À COMPLÉTER", VALIDATE_ONLY),
    (
        "rate against the status",
        NETWORK,
        "accessibility:",
        "accessibility:\n  rate: 75",
        VALIDATE_ONLY,
    ),  # --- communes served (the home page's finder) --------------------------------------------
    ("commune spaced", TERRITORY, "- 42153 Riorges", "-   42153    Riorges  ", ACCEPT),
    ("commune overseas", TERRITORY, "- 42153 Riorges", "- 97400 Saint-Denis", ACCEPT),
    ("commune 4-digit code", TERRITORY, "- 42153 Riorges", "- 4215 Riorges", REFUSE),
    ("commune code not French", TERRITORY, "- 42153 Riorges", "- 99153 Riorges", REFUSE),
    ("commune name first", TERRITORY, "- 42153 Riorges", "- Riorges 42153", REFUSE),
    ("commune without name", TERRITORY, "- 42153 Riorges", "- 42153", REFUSE),
    ("commune listed twice", TERRITORY, "- 42153 Riorges", "- 42300 Roanne", VALIDATE_ONLY),
]


@cache
def _schema(file: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMAS[file].read_text(encoding="utf-8"))
    return loaded


def _edited_content(tmp_path: Path, file: str, old: str, new: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", content)
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return content


def schema_accepts(content: Path, file: str) -> bool:
    data = load_document(content / file, file).data
    validator = jsonschema.Draft7Validator(
        _schema(file), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return validator.is_valid(data)


def build_accepts(content: Path) -> bool:
    try:
        load_content(content, content.parent)
    except ContentErrors as problems:
        assert problems.errors
        return False
    return True


def test_the_corpus_holds_fifty_edits_where_schema_and_build_agree() -> None:
    agreeing = [edit for edit in EDITS if edit[-1] != VALIDATE_ONLY]
    assert len(agreeing) >= 50
    assert len({edit[0] for edit in EDITS}) == len(EDITS)  # each edit says what it tries


def test_the_example_content_is_valid_for_both(tmp_path: Path) -> None:
    content = _edited_content(tmp_path, TERRITORY, "name: Roannais", "name: Roannais")
    assert build_accepts(content)
    for file in SCHEMAS:
        assert schema_accepts(content, file), file


@pytest.mark.parametrize(
    ("what", "file", "old", "new", "expected"), EDITS, ids=[e[0] for e in EDITS]
)
def test_schema_and_build_verdicts(
    what: str, file: str, old: str, new: str, expected: str, tmp_path: Path
) -> None:
    content = _edited_content(tmp_path, file, old, new)
    verdicts = (schema_accepts(content, file), build_accepts(content))
    assert (
        verdicts
        == {
            ACCEPT: (True, True),
            REFUSE: (False, False),
            VALIDATE_ONLY: (True, False),
        }[expected]
    ), f"{what}: schema {verdicts[0]}, build {verdicts[1]}"


# --- the same comparison on random values of one field at a time ----------------------------

_GROUP = ("groups", 2)  # Plato Roannais 6, still to start in the example
_DAY_LETTERS = sorted(set("".join(str(day) for day in weekday_spellings())))

# (path in roannais.yml, values): fields whose rules hold on the field alone.
RANDOM_FIELDS: list[tuple[tuple[str | int, ...], st.SearchStrategy[Any]]] = [
    (
        ("phones", 0, "number"),
        # Random text of a number's shape is valid or not by the numbering plan, which only
        # validate knows: random values are the other texts, known numbers are sampled.
        st.text(alphabet="0123456789 .+-()", min_size=1, max_size=18).filter(
            lambda text: not any(re.match(shape, text) for shape in PHONE_PATTERNS.values())
        )
        | st.sampled_from(
            ["04 77 44 54 64", "+33 4 77 44 54 64", "0820 012 112", "3939", "+32 2 555 12 12"]
        ),
    ),
    (
        ("chamber", "address", "postal_code"),
        st.integers(-10, 200_000) | st.text(alphabet="0123456789 A", max_size=7),
    ),
    (
        (*_GROUP, "schedule", "weekday"),
        st.text(alphabet=[*_DAY_LETTERS, *(c.upper() for c in _DAY_LETTERS), " "], max_size=10)
        | st.sampled_from([str(day) for day in weekday_spellings()]).map(str.upper),
    ),
    (
        (*_GROUP, "schedule", "start_month"),
        st.builds("{}-{}".format, st.integers(1800, 2200), st.integers(-1, 14)),
    ),
    ((*_GROUP, "schedule", "week"), st.integers(-3, 7).filter(lambda week: week != 5)),
    ((*_GROUP, "edition"), st.integers(-2, 3) | st.sampled_from(["6", "six", "6.0"])),
    (("events", 1, "id"), st.text(alphabet="abz09-_ Aé", min_size=1, max_size=12)),
    (
        ("chamber", "website"),
        st.builds(
            "{}{}".format,
            st.sampled_from(
                ["https://", "http://", "HTTPS://", "ftp://", "", "https:/", " https://"]
            ),
            st.text(alphabet="abc./-?", max_size=8),
        ),
    ),
    (("figures", 0, "year"), st.integers(1800, 2200) | st.sampled_from(["2013", "vers 2013"])),
    (("chamber", "coordinates", "lat"), st.floats(-200, 200) | st.sampled_from(["46,03", "46.03"])),
    (("events", 0, "date"), st.text(alphabet="0123456789-/", max_size=11)),
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.sampled_from(range(len(RANDOM_FIELDS))).flatmap(
        lambda index: st.tuples(st.just(RANDOM_FIELDS[index][0]), RANDOM_FIELDS[index][1])
    )
)
def test_random_values_of_one_field_get_the_same_verdict(edit: tuple[Any, Any]) -> None:
    path, value = edit
    data = load_document(REPO_ROOT / "content" / TERRITORY, TERRITORY).data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(REPO_ROOT / "content", content)
        (content / TERRITORY).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        verdicts = (schema_accepts(content, TERRITORY), build_accepts(content))
    assert verdicts[0] == verdicts[1], (
        f"{path} = {value!r}: schema {verdicts[0]}, build {verdicts[1]}"
    )
