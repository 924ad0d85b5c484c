"""During `mkdocs serve` a content error shows in the browser, never a stale page.

`mkdocs build` still stops and publishes nothing (see the last test).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from plato_site.errors import ContentError, ContentErrors, Location
from plato_site.i18n import Catalog
from plato_site.serve_errors import error_page
from tests.helpers import EXAMPLE_EPOCH, REPO_ROOT, build_project, copy_project, free_port

GROUP_PAGE = "territoires/roannais/groupes/roannais-5/"
ROANNAIS = "content/territoires/roannais.yml"
WAIT_SECONDS = 60


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except OSError:
        return ""


def _wait_for(url: str, condition: Callable[[str], bool]) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if condition(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched; last response:\n{page[:2000]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The example project served by `mkdocs serve` (live reload on), as a subprocess."""
    project = copy_project(tmp_path / "project")
    (project / "build").mkdir()  # the web editor, as `make edit` serves it
    (project / "build" / "decap-cms").symlink_to(REPO_ROOT / "build" / "decap-cms")
    address = f"127.0.0.1:{free_port()}"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", address, "--livereload"],
        cwd=project,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield project, f"http://{address}/"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_error_list_replaces_the_page_until_the_yaml_is_fixed(served: tuple[Path, str]) -> None:
    project, base = served
    url = base + GROUP_PAGE
    good = _wait_for(url, lambda page: "Plato Roannais 5" in page)
    assert "livereload" in good

    source = project / ROANNAIS
    text = source.read_text(encoding="utf-8")
    line = text[: text.index("weekday: thursday")].count("\n") + 1
    source.write_text(text.replace("weekday: thursday", "weekday: jedi", 1), encoding="utf-8")

    broken = _wait_for(url, lambda page: "Le contenu contient des erreurs" in page)
    assert f"{ROANNAIS}:{line}:16" in broken
    assert "groupe 1 «\u00a0Plato Roannais 4\u00a0», schedule.weekday" in broken
    assert "trouvé « jedi »" in broken
    assert "Plato Roannais 5</h1>" not in broken  # no stale page
    assert "livereload" in broken  # the browser keeps polling and reloads when fixed
    # Every address of the site shows it, the home page and hand-written pages included.
    assert "Le contenu contient des erreurs" in _get(base)
    # The web editor stays up (`make edit`): staff fix the mistake there.
    assert '<script src="decap-cms.js"></script>' in _get(base + "admin/")
    assert "collections:" in _get(base + "admin/config.yml")

    source.write_text(text, encoding="utf-8")
    fixed = _wait_for(url, lambda page: "Le contenu contient des erreurs" not in page)
    assert "Plato Roannais 5" in fixed


def test_error_page_escapes_what_staff_typed() -> None:
    problem = ContentError(
        Location("content/territoires/x.yml", 3, 7),
        "groups[0].name",
        "validate.expected_date",
        {"value": "<script>alert(1)</script>"},
    )
    page = error_page(ContentErrors([problem]), Catalog("fr"))
    assert "<script>" not in page.html
    assert "&lt;script&gt;" in page.html
    assert "content/territoires/x.yml:3:7" in page.html
    assert "1 erreur dans 1 fichier" in page.html


def test_english_error_page() -> None:
    problem = ContentError(Location("content/reseau.yml", 2, 1), "", "validate.network_missing")
    page = error_page(ContentErrors([problem, problem]), Catalog("en"))
    assert page.title == "The content has errors"
    assert "2 errors in 1 file" in page.html


def test_build_still_stops_on_content_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(tmp_path / "project")
    source = project / ROANNAIS
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("weekday: thursday", "weekday: jedi", 1), encoding="utf-8")
    with pytest.raises((PluginError, Abort)):
        build_project(project, tmp_path / "site")
    assert "trouvé « jedi »" in caplog.text
    assert not (tmp_path / "site" / "index.html").exists()
