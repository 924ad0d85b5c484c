"""The load step: staff YAML becomes plain values with positions, or French errors."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plato_site import load as load_module
from plato_site.errors import ContentError, ContentErrors, Location
from plato_site.i18n import Catalog
from plato_site.load import LoadedDocument, format_path, load_document

SHOWN_AS = "content/territoires/roannais.yml"
FR = Catalog("fr")
EN = Catalog("en")
NBSP = "\u00a0"


def write(tmp_path: Path, content: str | bytes) -> Path:
    file = tmp_path / "roannais.yml"
    file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return file


def load(tmp_path: Path, content: str | bytes) -> LoadedDocument:
    return load_document(write(tmp_path, content), SHOWN_AS)


def load_errors(tmp_path: Path, content: str | bytes) -> list[ContentError]:
    with pytest.raises(ContentErrors) as raised:
        load(tmp_path, content)
    for error in raised.value.errors:
        # Every message exists, with its parameters, in both languages.
        assert error.format(FR) and error.format(EN)
    return raised.value.errors


def load_error(tmp_path: Path, content: str | bytes) -> ContentError:
    errors = load_errors(tmp_path, content)
    assert len(errors) == 1, [error.format(FR) for error in errors]
    return errors[0]


def where(error: ContentError) -> tuple[str, int, int]:
    return error.key, error.location.line, error.location.column


# --- values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("8:30", "8:30"),  # not 510 (YAML 1.1 base 60)
        ("12:00", "12:00"),
        ("yes", "yes"),  # the "Norway problem"
        ("no", "no"),
        ("on", "on"),
        ("NO", "NO"),
        ("2027-04-08", "2027-04-08"),  # the validator parses dates
        ("2027-02-30", "2027-02-30"),
        ('"012"', "012"),
        ("01200", "01200"),  # a postal code keeps its zero
        ("0477445464", "0477445464"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("0,12", "0,12"),
        (".inf", ".inf"),
        ('"true"', "true"),
        ("'12'", "12"),
        ("!!str 12", "12"),
        ("12", 12),
        ("-3", -3),
        ("0", 0),
        ("0.12", 0.12),
        ("1e3", 1000.0),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("!!int 7", 7),
    ],
)
def test_scalars_follow_yaml_12_core_and_keep_ambiguous_text(
    tmp_path: Path, written: str, expected: Any
) -> None:
    document = load(tmp_path, f"value: {written}\n")
    assert document.data == {"value": expected}
    assert type(document.data["value"]) is type(expected)


def test_keys_are_strings_even_when_they_look_like_booleans(tmp_path: Path) -> None:
    assert load(tmp_path, "on: 1\nyes: 2\n").data == {"on": 1, "yes": 2}


def test_aliases_copy_values(tmp_path: Path) -> None:
    document = load(tmp_path, "a: &coaches [Orange, EDF]\nb: *coaches\n")
    assert document.data == {"a": ["Orange", "EDF"], "b": ["Orange", "EDF"]}
    assert document.data["a"] is not document.data["b"]


NESTED = """\
name: Roannais
groups:
  - id: roanne-4
    schedule:
      start: mars 2027
      time: 8:30
"""


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    document = load(tmp_path, NESTED)
    start = ("groups", 0, "schedule", "start")
    assert document.locate(start) == Location(SHOWN_AS, 5, 14)
    assert document.locate_key(start) == Location(SHOWN_AS, 5, 7)
    assert document.locate(("name",)) == Location(SHOWN_AS, 1, 7)
    assert document.locate(()) == Location(SHOWN_AS, 1, 1)
    # A path the file does not have points at its nearest ancestor (a missing key's mapping).
    assert document.locate(("groups", 0, "venue")) == Location(SHOWN_AS, 3, 5)
    assert document.locate(("groups", 0, "schedule", "start", "x")) == Location(SHOWN_AS, 5, 14)


def test_position_and_path_make_the_documented_error_line(tmp_path: Path) -> None:
    document = load(tmp_path, NESTED)
    path = ("groups", 0, "schedule", "start")
    error = ContentError(document.locate(path), format_path(path), "load.empty_file")
    assert error.format(FR).startswith(f"{SHOWN_AS}:5:14: groupe 1, schedule.start: ")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("groups", 0, "schedule", "start"), "groups[0].schedule.start"),
        ((0, "name"), "[0].name"),
        (("contacts", 1, "phones", 0), "contacts[1].phones[0]"),
        ((), ""),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


# --- bytes and encodings -------------------------------------------------------------


def test_crlf_line_endings_simply_work(tmp_path: Path) -> None:
    text = NESTED + "description: |\n  Deux ans,\n  un mardi par mois.\n"
    unix = load(tmp_path, text)
    windows = load(tmp_path, text.replace("\n", "\r\n"))
    assert windows.data == unix.data
    assert windows.data["description"] == "Deux ans,\nun mardi par mois.\n"
    assert windows.locations == unix.locations


def test_utf8_byte_order_mark_simply_works(tmp_path: Path) -> None:
    document = load(tmp_path, codecs.BOM_UTF8 + "name: Réunion\n".encode())
    assert document.data == {"name": "Réunion"}
    assert document.locate_key(("name",)) == Location(SHOWN_AS, 1, 1)


def test_latin1_file_asks_for_utf8_at_the_first_bad_byte(tmp_path: Path) -> None:
    content = "name: Roannais\ndescription: Réunion mensuelle\n".encode("latin-1")
    error = load_error(tmp_path, content)
    assert where(error) == ("load.not_utf8", 2, 15)
    line = error.format(FR)
    assert line.startswith(f"{SHOWN_AS}:2:15: le fichier n'est pas enregistré en UTF-8")
    assert f"«{NBSP}description: Réunion mensuelle{NBSP}»" in line
    assert "Latin-1 ou Windows-1252, réenregistrez-le en UTF-8" in line


def test_utf16_file_asks_for_utf8(tmp_path: Path) -> None:
    error = load_error(tmp_path, "name: Roannais\n".encode("utf-16"))
    assert where(error) == ("load.utf16", 1, 1)


def test_invisible_control_character_is_located(tmp_path: Path) -> None:
    error = load_error(tmp_path, "name: Roannais\nregion: Loire\x07\n")
    assert where(error) == ("load.forbidden_character.control", 2, 14)
    assert "U+0007" in error.format(FR)


def test_byte_order_mark_inside_the_file_is_refused(tmp_path: Path) -> None:
    # Two files pasted together: the second BOM would silently become part of a key.
    error = load_error(tmp_path, "name: Roannais\n\ufeffregion: Loire\n")
    assert where(error) == ("load.key_character", 2, 1)


def test_file_over_2_mb_is_refused(tmp_path: Path) -> None:
    content = "description: " + "x" * (3 * 1024 * 1024) + "\n"
    error = load_error(tmp_path, content)
    assert where(error) == ("load.file_too_large", 1, 1)
    assert error.format(FR) == (
        f"{SHOWN_AS}:1:1: fichier trop volumineux (3073 Ko, maximum 2048 Ko), "
        "découpez-le ou retirez ce qui n'est pas du contenu"
    )


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as raised:
        load_document(tmp_path / "absent.yml", SHOWN_AS)
    assert raised.value.errors[0].key == "load.unreadable.missing"


# --- document shape ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "key", "line"),
    [
        ("", "load.empty_file", 1),
        ("\n\n# commentaire seulement\n", "load.empty_file", 1),
        ("---\n", "load.empty_file", 1),
        ("- Roanne\n- Riorges\n", "load.root_is_list", 1),
        ("Roannais\n", "load.root_is_scalar", 1),
        ("name: Roannais\n---\nname: Bièvre\n", "load.multiple_documents", 2),
    ],
)
def test_document_shape(tmp_path: Path, content: str, key: str, line: int) -> None:
    error = load_error(tmp_path, content)
    assert (error.key, error.location.line) == (key, line)


def test_empty_file_message(tmp_path: Path) -> None:
    assert load_error(tmp_path, "").format(FR) == (
        f"{SHOWN_AS}:1:1: fichier vide, il doit contenir des clés («{NBSP}nom: valeur{NBSP}»)"
    )


def test_duplicate_key_is_reported_at_the_second_occurrence(tmp_path: Path) -> None:
    error = load_error(tmp_path, "name: Roannais\nregion: Loire\nname: Roanne\n")
    assert where(error) == ("load.duplicate_key", 3, 1)
    assert error.format(FR) == (
        f"{SHOWN_AS}:3:1: name: clé «{NBSP}name{NBSP}» en double "
        "(déjà présente ligne 1), n'en gardez qu'une"
    )


def test_every_duplicate_key_is_reported_together(tmp_path: Path) -> None:
    content = "name: A\ngroups:\n  - id: g1\n    id: g2\nname: B\n"
    errors = load_errors(tmp_path, content)
    assert [(error.field_path, error.location.line) for error in errors] == [
        ("groups[0].id", 4),
        ("name", 5),
    ]


@pytest.mark.parametrize(
    ("content", "key", "line", "column"),
    [
        ("2027: ouverture\n", "load.non_string_key", 1, 1),
        ("true: x\n", "load.non_string_key", 1, 1),
        ("group:\n  ?\n  : x\n", "load.empty_key", 2, 4),
        ("? [a, b]\n: x\n", "load.complex_key", 1, 3),
        ("base: &b {a: 1}\ngroup:\n  <<: *b\n", "load.merge_key", 3, 3),
    ],
)
def test_keys_must_be_plain_text(
    tmp_path: Path, content: str, key: str, line: int, column: int
) -> None:
    assert where(load_error(tmp_path, content)) == (key, line, column)


def test_quoted_number_key_is_text(tmp_path: Path) -> None:
    assert load(tmp_path, '"2027": ouverture\n"<<": x\n').data == {"2027": "ouverture", "<<": "x"}


# --- hostile input -------------------------------------------------------------------


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    content = f'name: Roannais\nvenue: !!python/object/apply:os.system ["touch {marker}"]\n'
    error = load_error(tmp_path, content)
    assert where(error) == ("load.forbidden_tag", 2, 8)
    assert error.format(FR) == (
        f"{SHOWN_AS}:2:8: venue: étiquette YAML «{NBSP}!!python/object/apply:os.system{NBSP}» "
        "interdite, retirez-la (mettez la valeur entre guillemets si c'est un texte)"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/name:os.system ''",
        "!!binary aGVsbG8=",
        "!!timestamp 2027-04-08",
        "!!set {a: null}",
        "!include other.yml",
        "!!str [a]",
    ],
)
def test_unknown_tags_are_refused(tmp_path: Path, tagged: str) -> None:
    assert load_error(tmp_path, f"value: {tagged}\n").key == "load.forbidden_tag"


def test_tag_that_does_not_fit_the_value(tmp_path: Path) -> None:
    error = load_error(tmp_path, "seats: !!int douze\n")
    assert where(error) == ("load.tag_mismatch", 1, 8)


def test_billion_laughs_is_stopped(tmp_path: Path) -> None:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        previous = f"*lol{level - 1}"
        lines.append(f"lol{level}: &lol{level} [{', '.join([previous] * 10)}]")
    error = load_error(tmp_path, "\n".join(lines) + "\n")
    assert error.key == "load.alias_bomb"
    assert error.format(FR).endswith(": document trop complexe (alias imbriqués)")


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert load_error(tmp_path, "a: &a [*a]\n").key == "load.recursive_alias"


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert error.key == "load.too_deep"


def test_huge_number_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "seats: " + "9" * 5000 + "\n")
    assert where(error) == ("load.number_out_of_range", 1, 8)


# --- syntax errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "key", "line", "column"),
    [
        ("name: Roannais\ngroups:\n\t- id: g1\n", "tab", 3, 1),
        ('name: "Roannais\nregion: Loire\n', "unclosed_quote", 1, 7),
        # The quote runs on to the next one, lines below: still the opening one is reported.
        ('name: "Roannais\nregion: "Loire"\n', "unclosed_quote", 1, 7),
        ("title: Atelier: le stress\n", "colon_in_value", 1, 15),
        ("- title: Atelier: le stress\n", "colon_in_value", 1, 17),
        ("name:Roannais\nregion: Loire\n", "missing_space_after_colon", 1, 5),
        ("name: Roannais\n  region: Loire\n", "unexpected_indent", 2, 9),
        ("host:\n    name: CCI\n  city: Roanne\n", "indentation", 3, 3),
        ("groups:\n  - id: g1\n  name: x\n", "mixed_list_and_keys", 3, 3),
        ("name: Roannais\nregion Loire\nyear: 2020\n", "missing_colon", 2, 1),
        ("name: Roannais\nregion:\u00a0Loire\nyear: 2020\n", "nbsp_after_colon", 2, 8),
        ("quote: 'l'entreprise'\n", "text_after_quote", 1, 11),
        ("coaches: [Orange, EDF\nname: x\n", "unclosed_bracket", 1, 10),
        ("contact: @cci_roanne\n", "reserved_character", 1, 10),
        ("note: *important\n", "undefined_alias", 1, 7),
        ("note: *important*\n", "anchor_or_alias_character", 1, 7),
        ("note: & co\n", "anchor_or_alias_character", 1, 7),
        ('path: "C:\\dossier"\n', "unknown_escape", 1, 11),
        ("a: &x 1\nb: &x 2\n", "duplicate_anchor", 2, 4),
        ("coaches: - Orange\n", "dash_in_value", 1, 10),
        ("text: |x\n  a\n", "generic", 1, 8),
    ],
)
def test_syntax_errors_are_explained_in_french(
    tmp_path: Path, content: str, key: str, line: int, column: int
) -> None:
    error = load_error(tmp_path, content)
    assert where(error) == ("load.syntax." + key, line, column)
    assert error.field_path == ""


def test_tab_message(tmp_path: Path) -> None:
    error = load_error(tmp_path, "name: Roannais\ngroups:\n\t- id: g1\n")
    assert error.format(FR) == f"{SHOWN_AS}:3:1: tabulation interdite, indentez avec des espaces"


def test_generic_syntax_message_quotes_pyyaml(tmp_path: Path) -> None:
    line = load_error(tmp_path, "text: |x\n  a\n").format(FR)
    assert line.startswith(f"{SHOWN_AS}:1:8: erreur de syntaxe YAML («{NBSP}while scanning")
    assert line.endswith(f"{NBSP}»)")


def test_syntax_errors_have_line_numbers_with_crlf_and_bom(tmp_path: Path) -> None:
    content = codecs.BOM_UTF8 + b"name: Roannais\r\ngroups:\r\n\t- id: g1\r\n"
    assert where(load_error(tmp_path, content)) == ("load.syntax.tab", 3, 1)


# --- anything at all -----------------------------------------------------------------

YAML_SYMBOLS = list("ab:-\n\t \"'[]{}&*!#%@`|>?,.~09\\\r\u00a0é")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(st.text(st.sampled_from(YAML_SYMBOLS), max_size=80), st.binary(max_size=60))
)
def test_any_input_loads_or_fails_with_located_messages(
    tmp_path: Path, content: str | bytes
) -> None:
    try:
        document = load(tmp_path, content)
    except ContentErrors as raised:
        assert raised.errors
        for error in raised.errors:
            assert error.location.line >= 1 and error.location.column >= 1
            assert error.format(FR) and error.format(EN)
    else:
        assert isinstance(document.data, dict)


# --- libyaml's parser and PyYAML's give the same document ----------------------------------
#
# Files are parsed by libyaml (C) when it accepts them, by PyYAML's Python parser otherwise
# (its errors are the ones we explain). Both must give the same values, positions and errors.

REPO = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    [*(REPO / "content").rglob("*.yml"), *(REPO / "tests" / "bad_inputs").rglob("*.y*ml")]
)
# Insertions that change YAML's structure, and ones that break it.
_PIECES = ["\t", ":", " ", "\n", "'", '"', "-", "[", "]", "{", "}", "&a ", "*a", "? ", "|",
           ">", "#", "\u00a0", "---\n", "!!str ", ",", "é", "\r"]  # fmt: skip


def _outcome(path: Path) -> Any:
    try:
        document = load_document(path, path.name)
    except ContentErrors as problems:
        return [(e.location, e.key, e.params) for e in problems.errors]
    return document.data, document.locations, document.key_locations


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = _outcome(path)
    with monkeypatch.context() as python_only:
        python_only.setattr(load_module, "_compose_fast", lambda text: (False, None))
        slow = _outcome(path)
    return fast, slow


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_libyaml_and_python_parsers_agree_on_every_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow


def test_libyaml_and_python_parsers_agree_on_broken_variants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Known difference, left out of the seed below: libyaml accepts ``lon?: 4.07`` inside
    a flow mapping where PyYAML stops; staff then get "unknown key lon?" on that line."""
    import random

    source = (REPO / "content" / "territoires" / "roannais.yml").read_text(encoding="utf-8")
    rng = random.Random(1)
    target = tmp_path / "t.yml"
    for _ in range(300):
        text = source
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(_PIECES) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 5) :]
        target.write_text(text, encoding="utf-8")
        fast, slow = _both_ways(target, monkeypatch)
        assert fast == slow, text
