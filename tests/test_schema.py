"""The JSON Schemas editors use: up to date, in French, and agreeing with the build."""

from __future__ import annotations

import copy
import functools
import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from plato_site.cli import main
from plato_site.i18n import Catalog
from plato_site.load import load_document
from plato_site.models import Network, Schedule, Territory, WallTime, YearMonth
from plato_site.schema import SCHEMA_FILES, stale_schemas
from plato_site.schema import json_schema as generate
from tests.helpers import REPO_ROOT

SCHEMA_DIR = REPO_ROOT / "site_config" / "schemas"
CONTENT = REPO_ROOT / "content"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
FRENCH = Catalog("fr")


@functools.cache
def _generated(model: type[BaseModel], language: str) -> str:
    return json.dumps(generate(model, Catalog(language)))


def json_schema(model: type[BaseModel], catalog: Catalog) -> dict[str, Any]:
    """A fresh copy of the generated schema (generated once per model and language)."""
    schema: dict[str, Any] = json.loads(_generated(model, catalog.language))
    return schema


def _validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def _content_files() -> Iterator[tuple[Path, str]]:
    yield CONTENT / "reseau.yml", "reseau.schema.json"
    for path in sorted((CONTENT / "territoires").glob("*.yml")):
        yield path, "territoire.schema.json"


def _blocks(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield schema["title"], schema
    yield from schema.get("definitions", {}).items()


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from a file model, by class name (the schema's definition names)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if is_model and annotation.__name__ not in found:
            found[annotation.__name__] = annotation
            for field in annotation.model_fields.values():
                visit(field.annotation)
        for argument in typing.get_args(annotation):
            visit(argument)

    visit(root)
    return found


def test_committed_schemas_are_up_to_date() -> None:
    stale = stale_schemas(SCHEMA_DIR, FRENCH)
    assert not stale, f"run `plato-site schema` and commit: {[p.name for p in stale]}"


@pytest.mark.parametrize("model", [Network, Territory], ids=lambda m: m.__name__)
def test_every_block_and_key_has_a_title_a_description_and_an_example(
    model: type[BaseModel],
) -> None:
    schema = json_schema(model, FRENCH)
    for block_name, block in _blocks(schema):
        assert block.get("title") and block.get("description"), block_name
        for key, prop in block.get("properties", {}).items():
            where = f"{block_name}.{key}"
            assert prop.get("title"), where
            assert prop.get("description"), where
            assert prop.get("examples"), where


def test_texts_come_from_the_catalog_of_the_language() -> None:
    french = json_schema(Territory, FRENCH)["definitions"]["Schedule"]["properties"]
    english = json_schema(Territory, Catalog("en"))["definitions"]["Schedule"]["properties"]
    assert french["start_time"]["title"] == "Heure de début"
    assert english["start_time"]["title"] == "Start time"
    assert french["weekday"]["description"] != english["weekday"]["description"]


@pytest.mark.parametrize("model", [Network, Territory], ids=lambda m: m.__name__)
def test_every_example_is_valid_for_its_key_and_for_the_build(model: type[BaseModel]) -> None:
    schema = json_schema(model, FRENCH)
    definitions = schema.get("definitions", {})
    models = _models(model)
    for block_name, block in _blocks(schema):
        properties = block.get("properties", {})
        for key, prop in properties.items():
            sub_schema = {**prop, "definitions": definitions}
            errors = list(_validator(sub_schema).iter_errors(prop["examples"][0]))
            assert not errors, f"{block_name}.{key}: {errors[0].message}"
        if properties:
            # A block made of its required keys' examples passes the pydantic model too.
            example = {key: properties[key]["examples"][0] for key in block.get("required", [])}
            target = model if block is schema else models[block_name]
            target.model_validate(example)


@pytest.mark.parametrize(("path", "schema_name"), list(_content_files()), ids=lambda v: str(v))
def test_content_file_names_its_schema_and_matches_it(path: Path, schema_name: str) -> None:
    text = path.read_text(encoding="utf-8")
    modeline = MODELINE.match(text)
    assert modeline, f"{path.name} must start with '# yaml-language-server: $schema=…'"
    target = (path.parent / modeline.group(1)).resolve()
    assert target == (SCHEMA_DIR / schema_name).resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    data = load_document(path, path.name).data
    errors = [f"{list(e.path)}: {e.message}" for e in _validator(schema).iter_errors(data)]
    assert not errors  # no red squiggle on a file the build accepts


def _roannais() -> dict[str, Any]:
    data = load_document(CONTENT / "territoires" / "roannais.yml", "roannais.yml").data
    assert isinstance(data, dict)
    return data


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("groups", 0, "schedule", "start_time"), "25:00"),
        (("groups", 0, "schedule", "start_month"), "avril 2027"),
        (("groups", 0, "schedule", "weekday"), "jedi"),
        (("groups", 0, "published"), "2027-02-30"),
        (("groups", 0, "id"), "Roannais 4"),
        (("chamber", "website"), "www.example.org"),
        (("since",), "depuis 2007"),
    ],
)
def test_schema_underlines_what_the_build_rejects(path: tuple[str | int, ...], value: Any) -> None:
    wrong = _set(_roannais(), path, value)
    schema = json_schema(Territory, FRENCH)
    assert list(_validator(schema).iter_errors(wrong)), f"schema accepts {value!r}"
    with pytest.raises(ValidationError):
        Territory.model_validate(wrong)


def test_schema_underlines_a_misspelt_key() -> None:
    data = _roannais()
    data["groups"][0]["shedule"] = data["groups"][0].pop("schedule")
    errors = list(_validator(json_schema(Territory, FRENCH)).iter_errors(data))
    assert any("shedule" in error.message for error in errors)


@pytest.mark.parametrize(
    "value",
    ["8:30", "08:30", "8h30", "8 h 30", "8H", "14h", "14", "23:59", "0:00", "24:00", "8:60",
     "8.30", "midi", "8:3", "830", " 9:15 ", 8, 0, 23, 24, -1, 8.5, True],
)  # fmt: skip
def test_time_rule_accepts_what_the_validator_accepts(value: Any) -> None:
    """Text as staff type it, and `start_time: 8` without quotes (the loader gives 8)."""
    schedule = json_schema(Territory, FRENCH)["definitions"]["Schedule"]["properties"]
    accepted_by_schema = _validator(schedule["start_time"]).is_valid(value)
    try:
        TypeAdapter(WallTime).validate_python(value)
        accepted_by_build = True
    except ValidationError:
        accepted_by_build = False
    assert accepted_by_schema == accepted_by_build


@pytest.mark.parametrize("day", ["thursday", "jeudi", "Jeudi", "mercredi", "Vendredi", "jedi"])
def test_weekday_rule_accepts_the_french_names_the_build_accepts(day: str) -> None:
    schema = json_schema(Territory, FRENCH)
    weekday = {**schema["definitions"]["Weekday"], "definitions": schema["definitions"]}
    assert _validator(weekday).is_valid(day) == _validates_weekday(day)


def _validates_weekday(day: str) -> bool:
    data = _roannais()["groups"][0]["schedule"]
    try:
        Schedule.model_validate({**data, "weekday": day})
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("text", ["2027-04", "2027-4", "2027-12", "2027-13", "2027-00", "04-2027"])
def test_month_pattern_accepts_what_the_validator_accepts(text: str) -> None:
    pattern = json_schema(Territory, FRENCH)["definitions"]["Schedule"]["properties"]
    accepted_by_schema = re.search(pattern["start_month"]["pattern"], text) is not None
    try:
        TypeAdapter(YearMonth).validate_python(text)
        accepted_by_build = True
    except ValidationError:
        accepted_by_build = False
    assert accepted_by_schema == accepted_by_build


def test_vscode_maps_content_files_to_the_schemas() -> None:
    settings = json.loads((REPO_ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./site_config/schemas/reseau.schema.json"] == ["content/reseau.yml"]
    assert mapping["./site_config/schemas/territoire.schema.json"] == ["content/territoires/*.yml"]
    for schema in mapping:
        assert (REPO_ROOT / schema).is_file()
    # YAML 1.2: 8:30 is a string (not 510 minutes), as for the build's loader.
    assert settings["yaml.yamlVersion"] == "1.2"


def test_schema_command_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "schemas"
    assert main(["schema", "--output", str(folder), "--check"]) == 1
    assert "plato-site schema" in capsys.readouterr().err
    assert main(["schema", "--output", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(SCHEMA_FILES)
    assert main(["schema", "--output", str(folder), "--check"]) == 0
    stale = folder / "territoire.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Heure de début", "Début"))
    assert main(["schema", "--output", str(folder), "--check"]) == 1
    assert "territoire.schema.json" in capsys.readouterr().err
