"""The web editor's configuration: generated from the models and the catalog, committed,
served at /admin/ without being a page of the site."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from plato_site import cli
from plato_site.cms import CONFIG_FILE, admin_config, config_text, editor_config, stale_config
from plato_site.i18n import Catalog
from plato_site.models import Network, Territory
from tests.helpers import REPO_ROOT

FR = Catalog("fr")


def _collection(name: str) -> dict[str, Any]:
    collections = editor_config(FR)["collections"]
    return next(c for c in collections if c["name"] == name)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (directly, optionally or as list items), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def _assert_same_fields(model: type[BaseModel], fields: list[dict[str, Any]], at: str) -> None:
    assert [f["name"] for f in fields] == list(model.model_fields), at
    for field in fields:
        nested = _nested_model(model.model_fields[field["name"]].annotation)
        if nested is not None:
            _assert_same_fields(nested, field["fields"], f"{at}.{field['name']}")


def test_committed_config_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert not stale_config(REPO_ROOT / CONFIG_FILE, FR), "run `plato-site cms` and commit"
    assert cli.main(["cms", "--check", "--output", str(REPO_ROOT / CONFIG_FILE)]) == 0


def test_check_fails_on_a_stale_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "config.yml"
    stale.write_text(config_text(FR).replace("Témoignages", "Avis"), encoding="utf-8")
    assert cli.main(["cms", "--check", "--output", str(stale)]) == 1
    assert "plato-site cms" in capsys.readouterr().err
    assert cli.main(["cms", "--output", str(stale)]) == 0
    assert not stale_config(stale, FR)


def test_every_field_of_the_models_is_in_the_editor_in_their_order() -> None:
    territories = _collection("territoires")
    _assert_same_fields(Territory, territories["fields"], "territoire")
    network = _collection("reseau")["files"][0]
    _assert_same_fields(Network, network["fields"], "reseau")


def test_labels_and_help_are_the_french_catalog_texts() -> None:
    fields = {f["name"]: f for f in _collection("territoires")["fields"]}
    groups = {f["name"]: f for f in fields["groups"]["fields"]}
    schedule = {f["name"]: f for f in groups["schedule"]["fields"]}
    assert fields["testimonials"]["label"] == FR("schema.fields.Territory.testimonials.title")
    assert groups["meetings"]["label_singular"] == FR("schema.models.MeetingOverride.title")
    weekday = schedule["weekday"]
    assert weekday["widget"] == "select"
    assert {"label": "jeudi", "value": "thursday"} in weekday["options"]
    # The editor's help never asks for quotes: the editor writes the YAML.
    assert "guillemets" not in schedule["start_time"]["hint"]


def test_dates_and_times_use_the_browser_pickers_in_the_formats_validate_reads() -> None:
    fields = {f["name"]: f for f in _collection("territoires")["fields"]}
    meetings = next(f for f in fields["groups"]["fields"] if f["name"] == "meetings")
    meeting = {f["name"]: f for f in meetings["fields"]}
    assert meeting["date"] == meeting["date"] | {
        "widget": "datetime",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
    }
    assert meeting["start_time"] == meeting["start_time"] | {
        "widget": "datetime",
        "date_format": False,
        "time_format": "HH:mm",
    }


def test_inside_an_optional_block_the_editor_requires_nothing() -> None:
    """An untouched optional block (a cancellation) is not written; validate names what a
    started one still needs."""
    fields = {f["name"]: f for f in _collection("territoires")["fields"]}
    meetings = next(f for f in fields["groups"]["fields"] if f["name"] == "meetings")
    cancelled = next(f for f in meetings["fields"] if f["name"] == "cancelled")
    assert cancelled["required"] is False
    assert all(f.get("required") is False for f in cancelled["fields"])


def test_admin_is_served_but_is_not_a_page_of_the_site(example_site: Path) -> None:
    admin = example_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<script src="decap-cms.js"></script>\n<script src="plato-cms.js"></script>' in page
    assert "preSave" in (admin / "plato-cms.js").read_text(encoding="utf-8")
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000  # Decap's prebuilt bundle
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "proxy"  # no backend configured: `make edit` only
    assert config["collections"] == editor_config(FR)["collections"]
    assert "admin/" not in (example_site / "sitemap.xml").read_text(encoding="utf-8")
    search = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    assert not [doc for doc in search["docs"] if doc["location"].startswith("admin/")]
    assert "/admin/" not in (example_site / "index.html").read_text(encoding="utf-8")


def test_a_gitlab_backend_with_the_editorial_workflow(monkeypatch: pytest.MonkeyPatch) -> None:
    """As configured in mkdocs.yml by IT (guide page "Publier le site")."""
    monkeypatch.setenv("PLATO_CMS_PORT", "8082")
    backend = {"name": "gitlab", "repo": "cci/plato-site", "auth_type": "pkce", "app_id": "x"}
    config = yaml.safe_load(
        admin_config(editor_config(FR), "https://plato.example.org/", backend, True)
    )
    assert config["backend"] == backend
    assert config["publish_mode"] == "editorial_workflow"
    # `make edit` still works on the same build (decap-server on this computer).
    assert config["local_backend"] == {"url": "http://127.0.0.1:8082/api/v1"}
    assert config["site_url"] == "https://plato.example.org/"


def test_without_backend_the_editor_writes_through_decap_server_only() -> None:
    config = yaml.safe_load(admin_config(editor_config(FR), None))
    assert config["backend"]["name"] == "proxy"
    assert "publish_mode" not in config  # decap-server's file mode has no workflow


def test_an_english_site_gets_an_english_editor() -> None:
    english = Catalog("en")
    config = editor_config(english)
    territories = next(c for c in config["collections"] if c["name"] == "territoires")
    assert config["locale"] == "en"
    assert territories["label"] == english("cms.collections.territories.label") == "Territories"
    fields = {f["name"]: f for f in territories["fields"]}
    assert fields["testimonials"]["label"] == english("schema.fields.Territory.testimonials.title")
