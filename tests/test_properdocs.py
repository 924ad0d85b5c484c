"""ProperDocs, the continuation of MkDocs 1.x, builds the same site from the same project.

The plugin is registered for both hosts (``mkdocs.plugins`` and ``properdocs.plugins``):
the example built by ``properdocs build`` is the MkDocs build, byte for byte, apart from the
generator tag each host writes in every page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_EPOCH, REPO_ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(site)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return site


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_properdocs_builds_the_mkdocs_site(properdocs_site: Path, example_site: Path) -> None:
    ours, theirs = _files(example_site), _files(properdocs_site)
    assert sorted(theirs) == sorted(ours)
    generators = {m.group() for data in theirs.values() for m in GENERATOR.finditer(data)}
    assert generators == {
        b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'
    }
    differing = [
        path
        for path, data in ours.items()
        if GENERATOR.sub(b"", data) != GENERATOR.sub(b"", theirs[path])
    ]
    assert differing == []
