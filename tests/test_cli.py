"""``plato-site validate``: what staff read in a terminal, and what CI reads."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from plato_site.cli import main
from tests.helpers import REPO_ROOT, copy_project, source_date

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROANNAIS = "content/territoires/roannais.yml"
NETWORK = "content/reseau.yml"
NBSP = "\u00a0"  # French typography: no-break space before ":"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project, as the current directory (paths shown relative to it)."""
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    with source_date():
        yield tmp_path


def _replace(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first ``count`` occurrences; returns the 1-based line of the first."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def _break_three_values_in_two_files(project: Path) -> dict[str, int]:
    return {
        "email": _replace(project / NETWORK, "email: plato@example.org", "email: plato@@example"),
        "weekday": _replace(project / ROANNAIS, "weekday: thursday", "weekday: jedi"),
        "month": _replace(project / ROANNAIS, "start_month: 2027-04", "start_month: avril 2027"),
    }


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_valid_content_says_so_and_exits_0(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"Contenu valide\xa0: \d+ territoires, \d+ groupes\.\n", out)


def test_errors_are_grouped_by_file_with_a_plural_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _break_three_values_in_two_files(project)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert not ANSI.search(err)  # captured output is not a terminal: no colour codes
    blocks = err.strip().split("\n\n")
    assert [block.splitlines()[0] for block in blocks[:-1]] == [NETWORK, ROANNAIS]
    network, roannais = blocks[0].splitlines()[1:], blocks[1].splitlines()[1:]
    assert network == [
        f"  {lines['email']}:10  publisher.email{NBSP}: adresse e-mail invalide « plato@@example »"
        " (forme attendue : nom@domaine.fr)"
    ]
    # Positions are padded so that fields line up within a file.
    assert re.match(
        rf"  {lines['weekday']}:16 +groups\[0\]\.schedule\.weekday{NBSP}: ", roannais[0]
    )
    assert len({line.index("groups[") for line in roannais}) == 1
    assert any(f"{lines['month']}:20" in line and "avril 2027" in line for line in roannais)
    count = len(network) + len(roannais)
    assert blocks[-1] == (
        f"{count} erreurs dans 2 fichiers{NBSP}: rien n'a été publié. Corrigez-les puis relancez."
    )


def test_one_error_in_one_file_is_singular(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(project / NETWORK, "email: plato@example.org", "email: plato@@example")
    assert main(["validate"]) == 1
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert (
        summary == f"1 erreur dans 1 fichier{NBSP}: rien n'a été publié. Corrigez-le puis relancez."
    )


def test_colours_on_a_terminal_unless_no_color(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_three_values_in_two_files(project)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["validate"]) == 1
    coloured = terminal.getvalue()
    assert ANSI.search(coloured)
    assert "\x1b[1m" + NETWORK in coloured

    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    monkeypatch.setattr(sys, "stderr", plain)
    assert main(["validate"]) == 1
    assert not ANSI.search(plain.getvalue())
    assert ANSI.sub("", coloured) == plain.getvalue()


def test_json_format_for_ci(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _break_three_values_in_two_files(project)
    assert main(["validate", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["file_count"] == 2
    assert report["error_count"] == len(report["errors"])
    assert report["errors"][0] == {
        "file": NETWORK,
        "line": lines["email"],
        "column": 10,
        "field": "publisher.email",
        "message": "adresse e-mail invalide « plato@@example » (forme attendue : nom@domaine.fr)",
        "key": "validate.invalid_email",
        "severity": "error",
    }
    month = [e for e in report["errors"] if e["field"].endswith("start_month")]
    assert month and month[0]["line"] == lines["month"]
    assert month[0]["key"] == "validate.year_month"


def test_json_format_when_valid(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert report["errors"] == []


def test_github_format_annotates_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _break_three_values_in_two_files(project)
    assert main(["validate", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"::error file={NETWORK},line={lines['email']},col=10,title=publisher.email::"
        "adresse e-mail invalide « plato@@example » (forme attendue : nom@domaine.fr)"
    )
    assert all(line.startswith("::error file=") for line in out)


def test_english_messages(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(project / ROANNAIS, "weekday: thursday", "weekday: jedi")
    _replace(project / ROANNAIS, "start_month: 2027-04", "start_month: avril 2027")
    assert main(["validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == (
        "2 errors in 1 file: nothing was published. Fix it and run again."
    )
    assert "erreur" not in err


def test_content_option_reads_another_folder(
    project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    other = copy_project(tmp_path_factory.mktemp("other"))
    _replace(other / NETWORK, "email: plato@example.org", "email: plato@@example")
    assert main(["validate"]) == 0
    assert main(["validate", "--content", str(other / "content")]) == 1
    assert "plato@@example" in capsys.readouterr().err


def test_piped_command_prints_plain_text(project: Path) -> None:
    _break_three_values_in_two_files(project)
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    result = subprocess.run(
        [sys.executable, "-m", "plato_site.cli", "validate"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 1
    assert not ANSI.search(result.stderr)
    assert result.stderr.splitlines()[0] == NETWORK


def _hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_pre_commit_hooks_run_our_commands(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hooks = {hook["id"]: hook for hook in _hooks()}
    validate = hooks["plato-site-validate"]
    assert re.search(str(validate["files"]), "content/territoires/roannais.yml")
    assert validate["pass_filenames"] is False  # `validate` takes no file names
    command = shlex.split(str(validate["entry"]))
    assert command[0] == "plato-site"
    assert main(command[1:]) == 0
    _replace(project / ROANNAIS, "weekday: thursday", "weekday: jedi")
    assert main(command[1:]) == 1  # pre-commit refuses the commit
    assert "jedi" in capsys.readouterr().err


def test_pre_commit_schema_hook_passes_on_this_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    hook = next(hook for hook in _hooks() if hook["id"] == "plato-site-schema")
    assert re.search(str(hook["files"]), "plugins/plato_site/models.py")
    assert re.search(str(hook["files"]), "plugins/plato_site/locales/fr/schema.yml")
    monkeypatch.chdir(REPO_ROOT)
    assert main(shlex.split(str(hook["entry"]))[1:]) == 0
