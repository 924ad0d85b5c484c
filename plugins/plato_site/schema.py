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
import re
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from plato_site.communes import COMMUNE_PATTERN
from plato_site.i18n import Catalog
from plato_site.models import (
    Commune,
    Network,
    PhoneEntry,
    PostalCode,
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
    # Years 1900 to 2100 (models.MIN_YEAR, MAX_YEAR), months 1 to 12.
    YearMonth: {
        "type": "string",
        "pattern": r"^\s*(19[0-9]{2}|20[0-9]{2}|2100)-(0?[1-9]|1[0-2])\s*$",
    },
    # Spaces around are stripped by the build; 80 characters at most, spaces apart.
    Slug: {"type": "string", "pattern": r"^\s*(?=[a-z0-9-]{1,80}\s*$)[a-z0-9]+(-[a-z0-9]+)*\s*$"},
    WebUrl: {"type": "string", "pattern": r"^\s*[hH][tT][tT][pP][sS]?://[^/?#\s]+"},
    # "42300 Roanne": a French postal code, then a name (communes.parse_commune).
    Commune: {"type": "string", "pattern": COMMUNE_PATTERN},
    # "42300" or 42300: editors read an unquoted 05000 as the number 5000, the build too.
    PostalCode: {
        "anyOf": [
            {"type": "string", "minLength": 1, "pattern": r"\S"},
            {"type": "integer", "minimum": 1000, "maximum": 99999},
        ]
    },
}

# The message key (schema.errors.<key>) each rule's editors show instead of their own
# English sentence with the regular expression in it.
_SCALAR_MESSAGES: dict[Any, str] = {
    WallTime: "time",
    YearMonth: "year_month",
    Slug: "slug",
    WebUrl: "web_url",
    PostalCode: "text",
    Commune: "commune",
}

# Phone numbers as the build reads them (phonenumbers): the shapes JSON Schema can check.
_SEPARATOR = r"[\s.\-()]*"
_FRANCE = rf"(?:\+|00){_SEPARATOR}33{_SEPARATOR}(?:\(0\){_SEPARATOR})?"  # +33, 0033, +33 (0)
# phonenumbers drops what surrounds the number (spaces, dots, dashes, brackets): so do these.
_EDGE = _SEPARATOR
PHONE_PATTERNS = {
    # The trunk 0 may be left out (phonenumbers reads 477445464 as 04 77 44 54 64).
    "national": rf"^{_EDGE}(?:0{_SEPARATOR})?[1-9](?:{_SEPARATOR}\d){{8}}{_EDGE}$",
    "french_international": rf"^{_EDGE}{_FRANCE}[1-9](?:{_SEPARATOR}\d){{8}}{_EDGE}$",
    "international": rf"^{_EDGE}(?:\+|00)(?!33)[1-9](?:[\s.\-()]*\d){{5,14}}{_EDGE}$",
    # 15, 112, 3939…: never a leading 0 (an incomplete "04 77 44" is no short number).
    "short": rf"^{_EDGE}[1-9](?:{_SEPARATOR}\d){{1,5}}{_EDGE}$",
}
# 081, 082 and 089 numbers: their service price must be shown (ARCEP), and only theirs.
SURCHARGED_PATTERN = (
    rf"^{_EDGE}(?:0|{_FRANCE})?{_SEPARATOR}8{_SEPARATOR}[129](?:{_SEPARATOR}\d){{7}}{_EDGE}$"
)

_MAX_EXAMPLE_DEPTH = 8


def _validator_function(alias: Any) -> Callable[..., Any]:
    """The parsing function of an ``Annotated[..., BeforeValidator/AfterValidator]`` alias."""
    for meta in typing.get_args(alias)[1:]:
        if isinstance(meta, BeforeValidator | AfterValidator):
            return meta.func
    raise TypeError(f"{alias!r} has no validator")


_RULES_BY_FUNCTION = {_validator_function(alias): rule for alias, rule in _SCALAR_RULES.items()}
_MESSAGES_BY_FUNCTION = {_validator_function(alias): key for alias, key in _SCALAR_MESSAGES.items()}


def _case_insensitive(word: str) -> str:
    """``jeudi`` -> ``[jJ][eE][uU][dD][iI]`` (JSON Schema patterns have no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def weekday_pattern() -> str:
    """Every day name the build reads (English or French, any case, spaces around)."""
    names = sorted({str(day).lower() for day in weekday_spellings()})
    return r"^\s*(?:" + "|".join(_case_insensitive(name) for name in names) + r")\s*$"


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
            weekday = definitions["Weekday"]
            spellings = [str(day) for day in weekday_spellings()]
            del weekday["enum"], weekday["type"]
            # The enum gives editors their completion list; the pattern any case ("JEUDI").
            weekday["anyOf"] = [
                {"type": "string", "enum": spellings},
                {"type": "string", "pattern": weekday_pattern()},
            ]
            weekday["errorMessage"] = self.catalog("schema.errors.weekday")
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
        if issubclass(schema["cls"], PhoneEntry):
            self._phone_rules(json_schema)
        return json_schema

    def _phone_rules(self, json_schema: JsonSchemaValue) -> None:
        """The number's shape, and the price required exactly on surcharged numbers."""
        number = json_schema["properties"]["number"]
        number.pop("minLength", None)
        number["anyOf"] = [{"pattern": pattern} for pattern in PHONE_PATTERNS.values()]
        number["errorMessage"] = self.catalog("schema.errors.phone")
        surcharged = {"properties": {"number": {"pattern": SURCHARGED_PATTERN}}}
        short = {"properties": {"number": {"pattern": PHONE_PATTERNS["short"]}}}
        json_schema["allOf"] = [
            {
                "if": surcharged,
                "then": {
                    "required": ["price"],
                    "errorMessage": self.catalog("schema.errors.price_required"),
                },
                "else": {
                    "if": short,
                    "else": {
                        "not": {"required": ["price"]},
                        "errorMessage": self.catalog("schema.errors.price_not_allowed"),
                    },
                },
            }
        ]

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        rule = self._rule(schema["function"]["function"])
        return rule if rule is not None else super().function_before_schema(schema)

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        rule = self._rule(schema["function"]["function"])
        return rule if rule is not None else super().function_after_schema(schema)

    def _rule(self, function: Callable[..., Any]) -> JsonSchemaValue | None:
        rule = _RULES_BY_FUNCTION.get(function)
        if rule is None:
            return None
        return {
            **rule,
            "errorMessage": self.catalog(f"schema.errors.{_MESSAGES_BY_FUNCTION[function]}"),
        }

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if schema.get("min_length") == 1 and "pattern" not in json_schema:
            # The build strips spaces first: "  " is as empty as "".
            json_schema["pattern"] = r"\S"
            json_schema["errorMessage"] = self.catalog("schema.errors.text")
        return json_schema

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {**super().date_schema(schema), "errorMessage": self.catalog("schema.errors.date")}

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
