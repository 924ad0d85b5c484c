"""Hostile text for content fields, and a browser-grade check that none of it became markup.

Shared by test_hostile_input.py (a whole site built from hostile YAML) and
test_properties.py (arbitrary strings in every text field).
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel, ValidationError

MARK = "PWN"  # every payload carries it: a script or handler holding it came from the YAML

# Plain text fields: anything that closes an attribute, opens a tag or starts a calendar line.
TEXT_PAYLOAD = (
    f'<script>alert("{MARK}")</script><img src=x onerror=alert("{MARK}")>'
    f'"><svg onload=alert("{MARK}")>\'><iframe src=javascript:alert("{MARK}")></iframe>'
    f'</script><!-- <meta http-equiv="refresh" content="0;url=javascript:alert({MARK})">'
    f"<base href=//evil.example/><form action=javascript:alert({MARK})><button>{MARK}</button>"
    f"\nEND:VEVENT\nBEGIN:VEVENT\nUID:{MARK}\nSUMMARY:{MARK}; a, b\\n\r\nATTACH:http://evil.example"
)

# Markdown fields: raw HTML, dangerous link schemes in every Markdown link syntax, remote images.
MARKDOWN_PAYLOAD = f"""Texte *{MARK}*.

<script>alert("{MARK}")</script>

<div onclick="alert('{MARK}')">bloc {MARK}</div> <span onmouseover=alert({MARK})>x</span>

[lien {MARK}](javascript:alert("{MARK}")) [data {MARK}](data:text/html;base64,PHNjcmlwdD4=)
[casse {MARK}](JaVaScRiPt:alert(1)) [espace {MARK}]( javascript:alert(1))
[tab {MARK}](java&#x09;script:alert(1)) [vb {MARK}](vbscript:msgbox(1))
[entité {MARK}](javascript&colon;alert(1)) [code {MARK}](&#106;avascript:alert(1))
<javascript:alert("{MARK}")> ![image {MARK}](https://evil.example/pixel.png)
[réf {MARK}][r] [titre {MARK}](https://example.org "x\\" onmouseover=\\"alert({MARK})")

[r]: javascript:alert("{MARK}")
"""

# Attributes whose value a browser follows or runs as a URL.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "webcal"})
# Elements that content must never create, whatever their attributes (the theme's search
# <form> is checked through its attributes, like every element).
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "object", "embed", "base", "applet"})


def parse(html: str) -> BeautifulSoup:
    """Parse as a browser does (html5lib implements the WHATWG parsing algorithm)."""
    return BeautifulSoup(html, "html5lib")


def _scheme(url: str) -> str:
    # Browsers drop ASCII white space and control characters inside the scheme.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    return urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/", 1)[0] else ""


def injected_markup(soup: BeautifulSoup, theme_scripts_allowed: bool = True) -> list[str]:
    """Everything in the parsed page that could run, navigate or load from elsewhere.

    The theme's own scripts carry no MARK; JSON-LD must be valid JSON (a payload that
    closed the element would leave broken JSON and a second script).
    """
    problems: list[str] = []
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        name = element.name.lower()
        for attribute, raw in element.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            if attribute.lower().startswith("on"):
                problems.append(f"<{name} {attribute}=…>")
            if attribute.lower() in URL_ATTRIBUTES and _scheme(value) not in SAFE_SCHEMES | {""}:
                problems.append(f"<{name} {attribute}={value[:60]!r}>")
        if name in FORBIDDEN_ELEMENTS:
            problems.append(f"<{name}>")
        if name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        if name == "img" and _scheme(str(element.get("src", ""))):
            problems.append(f"<img src={element.get('src')!r}> (remote image)")
        if name == "script":
            problems += _script_problem(element, theme_scripts_allowed)
        if name == "style" and MARK in element.get_text():
            problems.append("<style> from content")
    return problems


def _script_problem(script: Tag, theme_scripts_allowed: bool) -> list[str]:
    text = script.string or ""
    # Data, not code (JSON-LD, the home page's finder data): it must stay valid JSON.
    if str(script.get("type", "")) in {"application/ld+json", "application/json"}:
        try:
            json.loads(text)
        except ValueError:
            return [f"JSON data broken open: {text[:60]!r}"]
        return []
    if not theme_scripts_allowed:
        return [f"<script>{text[:40]!r}"]
    if MARK in text or MARK in str(script.get("src", "")):
        return [f"<script> from content: {text[:60]!r}"]
    return []


def strings_in(data: Any) -> Iterable[str]:
    """Every string inside a JSON value."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)


# --- a territory that uses every field, and poisoning of free-text values -------------------

_VENUE: dict[str, Any] = {
    "name": "Hôtel d'entreprises",
    "address": {"street": "1 rue de la Bièvre", "postal_code": "92160", "city": "Antony"},
    "coordinates": {"lat": 48.75, "lon": 2.3},
    "access": "RER B, station Antony",
}

# Valid at the example build date (2026-11-22): a running group, an event to come.
FULL_TERRITORY: dict[str, Any] = {
    "slug": "hostile",
    "name": "Hostile",
    "region": "Île-de-France",
    "since": 2010,
    "chamber": {
        "name": "CCI Essonne",
        "address": {"street": "2 cours Monseigneur Roméro", "postal_code": "91000", "city": "Évry"},
        "website": "https://www.example.org/essonne/",
        "email": "plato@example.org",
        "coordinates": {"lat": 48.63, "lon": 2.44},
    },
    "description": "Un programme **Plato** pour les PME.",
    "contacts": [
        {
            "name": "Anne Martin",
            "role": "Cheffe de projet",
            "phones": [
                {"number": "04 77 44 54 64", "label": "Bureau"},
                {"number": "0820 012 112", "price": "0,12 €/min"},
            ],
            "email": "anne@example.org",
        }
    ],
    "phones": [{"number": "0820 012 112", "label": "Standard", "price": "0,12 €/min"}],
    "how_to_join": {
        "audience": "Dirigeants de PME.",
        "company_size": {"min": 10, "max": 100},
        "commitment": "Une demi-journée par mois.",
        "fee": {"amount": "1 800 € HT", "covers": ["les rencontres"], "note": "TVA en sus"},
        "steps": ["Appelez-nous."],
        "faq": [{"question": "Combien de temps ?", "answer": "Deux ans."}],
    },
    "figures": [
        {
            "label": "Dirigeants",
            "value": "plus de 100",
            "year": 2025,
            "source": "CCI",
            "counts": "leaders",
        }
    ],
    "former_slugs": ["hostile-ancien"],
    "groups": [
        {
            "id": "hostile-1",
            "name": "Plato Hostile 1",
            "kind": "plato",
            "edition": 1,
            "description": "Le premier groupe.",
            "capacity": {"min": 10, "max": 12},
            "seats_taken": 11,
            "coaches": [
                {"company": "Engie", "name": "Claire Dumas", "role": "Achats", "partner": "safran"}
            ],
            "venue": _VENUE,
            "schedule": {
                "start_month": "2026-09",
                "weekday": "tuesday",
                "week": 1,
                "start_time": "8:30",
                "end_time": "12:00",
                "count": 24,
                "skip_months": [8],
            },
            "topics": ["Lancement", "Export"],
            "meetings": [
                {
                    "number": 2,
                    "date": "2026-10-13",
                    "start_time": "9:00",
                    "end_time": "12:30",
                    "topic": "Recrutement",
                    "venue": _VENUE,
                    "changes": [
                        {
                            "announced": "2026-09-01",
                            "reason": "salle prise",
                            "previous_date": "2026-10-06",
                        }
                    ],
                },
                {"number": 3, "cancelled": {"announced": "2026-10-01", "reason": "grève"}},
            ],
            "schedule_changes": [
                {"from_meeting": 20, "start_time": "9:00", "end_time": "12:30", "venue": _VENUE}
            ],
            "status": "running",
            "published": "2026-06-01",
            "former_ids": ["hostile-un"],
            "apply_url": "https://www.example.org/candidature-groupe",
        }
    ],
    "events": [
        {
            "id": "information-hostile",
            "kind": "information_meeting",
            "title": "Réunion d'information",
            "date": "2027-01-12",
            "start_time": "18:00",
            "end_time": "19:00",
            "venue": _VENUE,
            "description": "Entrée libre.",
            "registration": {
                "url": "https://www.example.org/inscription",
                "email": "anne@example.org",
                "phone": {"number": "0820 012 112", "label": "Inscriptions", "price": "0,12 €/min"},
                "deadline": "2027-01-10",
                "details": "Sur inscription.",
            },
            "changes": [
                {"announced": "2026-11-01", "reason": "salle", "previous_date": "2027-01-05"}
            ],
            "published": "2026-10-01",
        },
        {
            "id": "pleniere-hostile",
            "kind": "plenary",
            "date": "2027-02-02",
            "start_time": "18:00",
            "end_time": "20:00",
            "venue": _VENUE,
            "cancelled": {"announced": "2026-11-15", "reason": "report"},
        },
    ],
    "partners": [
        {
            "id": "safran",
            "name": "Safran",
            "website": "https://www.safran-group.com/",
            "logo": "images/partenaires/safran.svg",
            "logo_alt": "Safran",
        }
    ],
    "testimonials": [
        {
            "quote": "On s'appelle entre dirigeants.",
            "author": "Sophie Bernard",
            "role": "Gérante",
            "company": "Bernard Usinage",
            "sector": "Industrie",
            "company_size": 35,
            "group": "hostile-1",
            "year": 2026,
            "consent_date": "2026-05-01",
            # A file the property tests copy from the example (any image of content/ will do).
            "photo": "images/partenaires/safran.svg",
            "photo_alt": "Portrait de Sophie Bernard",
            "photo_consent": True,
        }
    ],
    "apply_url": "https://www.example.org/candidature",
    "next_group_expected": "à l'automne 2027",
    "communes": ["92000 Nanterre", "92500 Rueil-Malmaison"],
    "coordinates": {"lat": 48.89, "lon": 2.2},
}

Path = tuple[str | int, ...]


def string_leaves(data: Any, path: Path = ()) -> Iterable[tuple[Path, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from string_leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from string_leaves(value, (*path, index))


def replaced(data: Any, path: Path, value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, value) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(data)]


def free_text_paths(model: type[BaseModel], data: Any) -> list[Path]:
    """The string values the model accepts any text in (names, descriptions, labels…),
    found by trying: identifiers, dates, e-mails, phone numbers refuse a payload."""
    probe = "<b>\n;,'\""
    paths = []
    for path, value in string_leaves(data):
        try:
            model.model_validate(replaced(data, path, value + probe))
        except ValidationError:
            continue
        paths.append(path)
    return paths


def poisoned(model: type[BaseModel], data: Any, payload: str) -> Any:
    """``data`` with ``payload`` appended to every free-text value."""
    for path in free_text_paths(model, data):
        original = dict(string_leaves(data))[path]
        data = replaced(data, path, f"{original} {payload}")
    model.model_validate(data)  # still valid: only free text changed
    return data


def missing_fields(model: type[BaseModel], samples: list[Any], where: str = "") -> list[str]:
    """Fields of ``model`` (recursively) that no sample value sets."""
    missing = []
    for name, info in model.model_fields.items():
        values = [s[name] for s in samples if isinstance(s, dict) and name in s]
        if not values:
            missing.append(f"{where}{name}")
            continue
        inner = _model_in(info.annotation)
        if inner is not None:
            items = [i for v in values for i in (v if isinstance(v, list) else [v])]
            missing += missing_fields(inner, items, f"{where}{name}.")
    return missing


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None``, ``list[X]`` or ``Annotated[X, …]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
