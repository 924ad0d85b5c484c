"""Warnings: probable mistakes that do not stop the publication, unless --strict.

The checks themselves live with the rules they enforce (holidays, renamed feeds…); these
tests plug in one check of their own and follow its warning through the CLI and the build.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from plato_site import validate
from plato_site.cli import main
from plato_site.errors import ContentError, content_warning
from plato_site.load import format_path
from plato_site.models import Network
from plato_site.validate import SourcedTerritory
from tests.helpers import copy_project, source_date

ROANNAIS = "content/territoires/roannais.yml"


def _first_group_named_like_its_territory(
    network: Network, territories: Sequence[SourcedTerritory]
) -> list[ContentError]:
    """A stand-in check: warns on the name of each territory's first group."""
    found = []
    for item in territories:
        if item.territory.groups:
            path = ("groups", 0, "name")
            found.append(
                content_warning(item.document.locate(path), format_path(path), "validate.empty")
            )
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(validate, "WARNING_CHECKS", (_first_group_named_like_its_territory,))
    with source_date():
        yield tmp_path


def _roannais_first_group_line(project: Path) -> int:
    lines = (project / ROANNAIS).read_text(encoding="utf-8").splitlines()
    groups = lines.index("groups:")
    return next(i for i, line in enumerate(lines[groups:], groups + 1) if "name:" in line)


def test_warnings_are_shown_but_content_is_valid(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert "Contenu valide" in out
    line = _roannais_first_group_line(project)
    assert ROANNAIS in err
    assert f"{line}:" in err and "avertissement\u00a0— groups[0].name" in err
    assert "avertissements dans 4\u00a0fichiers" in err.replace(" fichiers", "\u00a0fichiers")
    assert "le site peut être publié" in err


def test_strict_refuses_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert "Contenu valide" not in out
    assert "refusés par --strict" in err


def test_json_and_github_reports_carry_warnings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is True and document["error_count"] == 0
    assert document["warning_count"] == 4
    assert {w["severity"] for w in document["warnings"]} == {"warning"}
    assert main(["validate", "--format", "json", "--strict"]) == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False
    main(["validate", "--format", "github"])
    out = capsys.readouterr().out
    assert out.count("::warning file=") == 4 and "::error" not in out


def test_errors_and_warnings_are_listed_together(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ROANNAIS
    path.write_text(
        path.read_text(encoding="utf-8").replace("weekday: thursday", "weekday: jedi", 1),
        encoding="utf-8",
    )
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "jedi" in err and "avertissement\u00a0— groups[0].name" in err
    assert "rien n'a été publié" in err


def _build(project: Path, strict: bool) -> Path:
    site_dir = project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    build(config)
    return site_dir


def test_build_logs_warnings_and_publishes(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.plato"):
        site_dir = _build(project, strict=False)
    assert (site_dir / "index.html").is_file()
    logged = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.plato"]
    assert any(ROANNAIS in m and "groups[0].name" in m for m in logged)


def test_strict_build_refuses_warnings_before_writing(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        _build(project, strict=True)
    assert "4 avertissements refusés par --strict" in caplog.text
    assert f"{ROANNAIS}:{_roannais_first_group_line(project)}:" in caplog.text
    assert not (project / "site").exists()
