"""JSON Schemas of the content files, for editors: completion, hover help, red squiggles.

Generated from the pydantic models (:mod:`plato_site.models`), so the schema never
disagrees with the build. Titles, descriptions and examples come from the message catalog
(``locales/<lang>/schema.yml``): ``schema.models.<Model>.*`` for a block,
``schema.fields.<Model>.<field>.*`` for a key. A key's example is written there as staff
type it and converted to the key's JSON type; examples of blocks (and lists of blocks)
are composed from the examples of their keys.

The output is JSON Schema draft-07 (``definitions``), the draft every YAML extension
understands. It describes what the YAML *loader* produces: times and months are strings
with a pattern (``8:30`` is a string, never base-60), dates are ``format: date`` strings.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from plato_site.i18n import Catalog
from plato_site.models import (
    Network,
    Slug,
    Territory,
    WallTime,
    WebUrl,
    YearMonth,
    weekday_spellings,
)

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
DEFINITIONS = "definitions"
REF_TEMPLATE = "#/definitions/{model}"

# File name in site_config/schemas/ -> the model of the content file it describes.
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "reseau.schema.json": Network,
    "territoire.schema.json": Territory,
}
DEFAULT_SCHEMA_DIR = Path("site_config") / "schemas"

# What the loader gives for the scalar types that pydantic cannot describe by itself
# (their parsing happens in validators). Patterns accept what the validators accept.
_SCALAR_RULES: dict[Any, JsonSchemaValue] = {
    WallTime: {
        "anyOf": [
            {
                "type": "string",
                "pattern": r"^\s*([01]?[0-9]|2[0-3])\s*([:hH]\s*([0-5][0-9])?)?\s*$",
            },
            # `start_time: 8`, without quotes: the loader reads a number, the build an hour.
            {"type": "integer", "minimum": 0, "maximum": 23},
        ]
    },
    YearMonth: {"type": "string", "pattern": r"^\s*[0-9]{4}-(0?[1-9]|1[0-2])\s*$"},
    Slug: {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80},
    WebUrl: {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://[^/?#\s]+"},
}

_MAX_EXAMPLE_DEPTH = 8


def _validator_function(alias: Any) -> Callable[..., Any]:
    """The parsing function of an ``Annotated[..., BeforeValidator/AfterValidator]`` alias."""
    for meta in typing.get_args(alias)[1:]:
        if isinstance(meta, BeforeValidator | AfterValidator):
            return meta.func
    raise TypeError(f"{alias!r} has no validator")


_RULES_BY_FUNCTION = {_validator_function(alias): rule for alias, rule in _SCALAR_RULES.items()}


class CatalogJsonSchema(GenerateJsonSchema):
    """Pydantic's generator, with staff-facing text from the catalog on every block and key."""

    def __init__(self, catalog: Catalog, ref_template: str = REF_TEMPLATE) -> None:
        super().__init__(by_alias=True, ref_template=ref_template)
        self.catalog = catalog

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        generated = super().generate(schema, mode)
        definitions: dict[str, JsonSchemaValue] = generated.pop("$defs", {})
        for name, definition in definitions.items():
            if "enum" in definition:
                # Pydantic titles enums after enum_schema() runs: describe them here.
                self._describe(definition, f"schema.models.{name}")
        if "Weekday" in definitions:  # "jeudi" as well as "thursday", as the build reads it
            definitions["Weekday"]["enum"] = [str(day) for day in weekday_spellings()]
        composer = _ExampleComposer(definitions)
        for block in [generated, *definitions.values()]:
            composer.fill(block)
        result: JsonSchemaValue = {"$schema": DRAFT_07, **generated}
        if definitions:
            result[DEFINITIONS] = definitions
        return result

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        name = schema["cls"].__name__
        self._describe(json_schema, f"schema.models.{name}")
        for field, prop in json_schema.get("properties", {}).items():
            key = self._field_key(schema["cls"], field)
            self._describe(prop, key)
            if self.catalog.has(f"{key}.example"):
                prop["examples"] = [_typed_example(self.catalog(f"{key}.example"), prop)]
        return json_schema

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        rule = _RULES_BY_FUNCTION.get(schema["function"]["function"])
        return dict(rule) if rule is not None else super().function_before_schema(schema)

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        rule = _RULES_BY_FUNCTION.get(schema["function"]["function"])
        return dict(rule) if rule is not None else super().function_after_schema(schema)

    def _field_key(self, model: type[BaseModel], field: str) -> str:
        """``schema.fields.<Model>.<field>``; an inherited field keeps its parent's text."""
        for cls in model.__mro__:
            key = f"schema.fields.{cls.__name__}.{field}"
            if self.catalog.has(f"{key}.title"):
                return key
        return f"schema.fields.{model.__name__}.{field}"

    def _describe(self, json_schema: JsonSchemaValue, key: str) -> None:
        # Every block and key must have its French text: a missing one fails loudly here.
        json_schema["title"] = self.catalog(f"{key}.title")
        json_schema["description"] = self.catalog(f"{key}.description")


def _non_null(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    """The schema of the value itself when the key is optional (``anyOf: [X, null]``)."""
    for option in json_schema.get("anyOf", []):
        if option.get("type") != "null":
            return dict(option)
    return json_schema


def _typed_example(text: str, json_schema: JsonSchemaValue) -> Any:
    """The catalog's example text as the JSON value the key expects."""
    target = _non_null(json_schema)
    kind = target.get("type")
    if kind == "array":
        return [_typed_example(text, target.get("items", {}))]
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


class _ExampleComposer:
    """Examples for blocks and lists of blocks, built from their keys' examples."""

    def __init__(self, definitions: Mapping[str, JsonSchemaValue]) -> None:
        self.definitions = definitions

    def fill(self, block: JsonSchemaValue) -> None:
        for prop in block.get("properties", {}).values():
            if "examples" not in prop:
                prop["examples"] = [self.example(prop, 0)]

    def example(self, json_schema: JsonSchemaValue, depth: int) -> Any:
        if "examples" in json_schema:
            return json_schema["examples"][0]
        target = _non_null(json_schema)
        if "$ref" in target:
            target = self.definitions[target["$ref"].rsplit("/", 1)[-1]]
        if "enum" in target:
            return target["enum"][0]
        if target.get("type") == "array":
            return [self.example(target.get("items", {}), depth + 1)]
        properties: dict[str, JsonSchemaValue] = target.get("properties", {})
        if depth > _MAX_EXAMPLE_DEPTH or not properties:
            return {}
        # Required keys make a valid block; a block of optional keys shows them all.
        names = target.get("required") or list(properties)
        return {name: self.example(properties[name], depth + 1) for name in names}


def json_schema(model: type[BaseModel], catalog: Catalog) -> JsonSchemaValue:
    """The JSON Schema of one content file, with the catalog's texts."""
    generator = CatalogJsonSchema(catalog)
    return generator.generate(model.__pydantic_core_schema__, mode="validation")


def schema_text(model: type[BaseModel], catalog: Catalog) -> str:
    """The file as committed: stable key order, UTF-8 text (accents stay readable)."""
    return json.dumps(json_schema(model, catalog), ensure_ascii=False, indent=2) + "\n"


def expected_schemas(folder: Path, catalog: Catalog) -> dict[Path, str]:
    return {folder / name: schema_text(model, catalog) for name, model in SCHEMA_FILES.items()}


def write_schemas(folder: Path, catalog: Catalog) -> list[Path]:
    """Write every schema file; returns the files whose text changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for path, text in expected_schemas(folder, catalog).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path, catalog: Catalog) -> list[Path]:
    """Schema files that are missing or differ from what the models now generate."""
    return [
        path
        for path, text in expected_schemas(folder, catalog).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def scalar_rule(alias: Any) -> JsonSchemaValue:
    """The JSON Schema of a scalar type parsed by a validator (``WallTime``, ``Slug``…), as
    in the schemas: the web editor (:mod:`plato_site.cms`) checks the same patterns."""
    rule: JsonSchemaValue = json.loads(json.dumps(_SCALAR_RULES[alias]))
    return rule
