"""The CI files shipped as examples (site_config/ci/): they run commands that exist, and the
GitLab Code Quality report carries the French messages at the right file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from plato_site import cli, report
from tests.helpers import REPO_ROOT, copy_project

CI = REPO_ROOT / "site_config" / "ci"


def _scripts(job: dict[str, Any]) -> str:
    return "\n".join(str(line) for line in job.get("script", []))


def test_gitlab_pipeline_validates_builds_and_publishes() -> None:
    pipeline = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "plato-site validate --format json" in _scripts(pipeline["validate"])
    assert pipeline["validate"]["artifacts"]["reports"]["codequality"]
    assert "make build" in _scripts(pipeline["build"])
    assert "mv site public" in _scripts(pipeline["pages"])
    assert "ics" not in _scripts(pipeline["pages"])  # the feeds are never pre-compressed


def test_github_workflow_annotates_builds_deploys_and_runs_nightly() -> None:
    workflow = yaml.safe_load((CI / "github-pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # PyYAML reads the key `on` as a boolean
    assert triggers["schedule"] and "pull_request" in triggers
    steps = [step.get("run", "") for step in workflow["jobs"]["validate"]["steps"]]
    assert ".venv/bin/plato-site validate --format github" in steps
    assert "github" in report.FORMATS
    assert "make build" in [step.get("run") for step in workflow["jobs"]["build"]["steps"]]


def test_code_quality_report_has_the_french_errors_at_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    territory = project / "content" / "territoires" / "roannais.yml"
    lines = territory.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if "weekday: thursday" in text)
    lines[line] = lines[line].replace("thursday", "jedi")
    territory.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(project)
    assert cli.main(["validate", "--format", "json"]) == 1
    converted = subprocess.run(
        [sys.executable, str(CI / "codequality.py")],
        input=capsys.readouterr().out,
        capture_output=True,
        text=True,
        check=True,
    )
    issues = json.loads(converted.stdout)
    assert len(issues) == 1
    issue = issues[0]
    assert issue["location"] == {
        "path": "content/territoires/roannais.yml",
        "lines": {"begin": line + 1},
    }
    assert "jeudi" in issue["description"]  # the did-you-mean, in French
    assert len(issue["fingerprint"]) == 64


def test_code_quality_counts_warnings_as_minor() -> None:
    record = {"file": "content/reseau.yml", "line": 3, "column": 1, "field": "", "key": "k"}
    report = {"errors": [], "warnings": [{**record, "message": "jour férié"}]}
    converted = subprocess.run(
        [sys.executable, str(CI / "codequality.py")],
        input=json.dumps(report),
        capture_output=True,
        text=True,
        check=True,
    )
    [issue] = json.loads(converted.stdout)
    assert issue["severity"] == "minor"
    assert issue["description"] == "jour férié"
