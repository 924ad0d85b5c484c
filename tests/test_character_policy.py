"""The character policy, as properties: wherever a refused character is typed in a real
territory file, it is named at its exact line and column; wherever a typographic look-alike
lands in a structured value, the message says which character to remove."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.load import character_name, load_document
from plato_site.models import Territory
from plato_site.validate import _validate
from tests.helpers import REPO_ROOT

FR = Catalog("fr")
EXAMPLE = (REPO_ROOT / "content" / "territoires" / "roannais.yml").read_text(encoding="utf-8")
LINES = EXAMPLE.split("\n")

# Every kind the policy refuses everywhere: controls, bidi controls, hidden line breaks,
# zero-width space, a byte order mark inside the file.
REFUSED = [
    *map(chr, [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F]),
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\u200b\ufeff",
]


def _load_errors(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roannais.yml"
        path.write_text(text, encoding="utf-8")
        try:
            load_document(path, "roannais.yml")
        except ContentErrors as problems:
            return problems.format(FR)
    return []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), char=st.sampled_from(REFUSED))
def test_a_refused_character_anywhere_is_named_at_its_line_and_column(
    data: st.DataObject, char: str
) -> None:
    line = data.draw(st.integers(0, len(LINES) - 2), label="line")
    column = data.draw(st.integers(0, len(LINES[line])), label="column")
    assume(not (char == "\ufeff" and line == column == 0))  # there, the file's byte order mark
    lines = list(LINES)
    lines[line] = lines[line][:column] + char + lines[line][column:]

    errors = _load_errors("\n".join(lines))

    assert len(errors) == 1, errors
    assert errors[0].startswith(f"roannais.yml:{line + 1}:{column + 1}: "), errors
    assert character_name(char) in errors[0]


# Structured values of the example and the look-alikes staff paste into them.
STRUCTURED = [
    ("chamber", "address", "postal_code"),
    ("groups", 0, "id"),
    ("groups", 0, "venue", "address", "postal_code"),
    ("groups", 0, "schedule", "start_time"),
    ("groups", 0, "schedule", "start_month"),
    ("groups", 0, "schedule", "weekday"),
    ("contacts", 0, "phones", 0, "number"),
    ("since",),
]
LOOKALIKES = list("«»“”‘’′″–—‐０１９：，\u2060\u200d\u00ad\u3000")


def _get(data: object, path: tuple[str | int, ...]) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), path=st.sampled_from(STRUCTURED), char=st.sampled_from(LOOKALIKES))
def test_a_lookalike_in_a_structured_value_says_what_to_remove(
    data: st.DataObject, path: tuple[str | int, ...], char: str
) -> None:
    document = yaml.safe_load(EXAMPLE)
    original = str(_get(document, path))
    at = data.draw(st.integers(0, len(original)), label="position")
    # Spaces of any kind: stripped at the ends of a value, grouping a phone's digits, and
    # inside a time ("8 h 30", often typed with no-break spaces).
    spaced = at in (0, len(original)) or path[-1] in ("number", "start_time")
    assume(not (char.isspace() and spaced))
    container = _get(document, path[:-1])
    container[path[-1]] = original[:at] + char + original[at:]  # type: ignore[index]
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "roannais.yml"
        file.write_text(text, encoding="utf-8")
        loaded = load_document(file, "roannais.yml")
    valid, errors = _validate(Territory, loaded, None)

    assert valid is None
    shown = [error.format(FR) for error in errors]
    # The field in staff words ("groupe 1 « … », id"): its key, and the character's name.
    field = str(path[-1])
    assert any(field in line and character_name(char) in line for line in shown), shown
