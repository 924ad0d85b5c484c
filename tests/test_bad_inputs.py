"""The corpus of bad inputs (tests/bad_inputs/): every mistake staff can make in the YAML.

Each case is a folder holding the files it writes into ``content/`` (a territory file, the
network file, or several) and ``expected.txt``: the exact French lines, one per problem,
``file:line:column: field: message``. An empty ``expected.txt`` means the file must simply
work (byte order mark, Windows line endings). ``expand.txt`` ("path size") grows a file at
test time, so that a 20 MB file is tested without being committed.

Every case goes through ``plato-site validate`` in-process; a representative subset also
goes through a real ``mkdocs build``. Both must exit 1, print the expected lines and no
traceback, and leave ``site/`` (and the rest of the project) byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plato_site import cli
from plato_site.derive import build_date
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from tests.helpers import copy_project, mkdocs_process

CORPUS = Path(__file__).parent / "bad_inputs"
BASE = CORPUS / "_base"  # a minimal valid network file and an empty territoires/
CONTROL_FILES = {"expected.txt", "expand.txt"}
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))

# How a problem is printed may change (one line each, or grouped under a file heading with
# colours on a terminal): the tests look for its parts, not for one layout. A problem line
# starts with "file:line:column" or, under its file's heading, with "line:column".
_PROBLEM_LINE = re.compile(r"^(?:\S[^:]*:)?\d+:\d+\b")
_EXPECTED_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): "
    # The field, in staff words (« groupe 1 « Plato Bièvre 3 », schedule.week »), never holds
    # ": "; a message with a colon has a space before it (French typography).
    r"(?:(?P<field>[^:\n]*[^:\s]): )?(?P<message>.+)$"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOG_PREFIX = re.compile(r"^(?:ERROR|WARNING|INFO)\s+-\s+")


def expected_lines(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def write_case(case: str, content_dir: Path) -> None:
    """Copy the case's files over ``content_dir`` and grow the ones ``expand.txt`` names."""
    folder = CORPUS / case
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_file() and relative.as_posix() not in CONTROL_FILES:
            target = content_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    expand = folder / "expand.txt"
    if expand.is_file():
        relative_path, size = expand.read_text(encoding="utf-8").split()
        with (content_dir / relative_path).open("ab") as grown:
            block = (b"# " + b"x" * 77 + b"\n") * 1000  # comments: valid YAML, just huge
            while grown.tell() < int(size):
                grown.write(block)


def plant_sentinel_site(site_dir: Path) -> None:
    """A previous publication that a failed build must leave untouched."""
    (site_dir / "territoires" / "ancien").mkdir(parents=True)
    (site_dir / "index.html").write_text("<h1>Publication précédente</h1>\n", encoding="utf-8")
    (site_dir / "territoires" / "ancien" / "index.html").write_bytes(b"<p>ancien</p>\r\n")
    (site_dir / "sitemap.xml.gz").write_bytes(bytes(range(256)))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def problem_lines(output: str) -> list[str]:
    """The error lines (warnings, such as a meeting on a public holiday, are not the case's
    point and depend on the build date)."""
    lines = (_LOG_PREFIX.sub("", _ANSI.sub("", line)).strip() for line in output.splitlines())
    return [line for line in lines if _PROBLEM_LINE.match(line) and _WARNING not in line]


_WARNING = "avertissement\u00a0— "


def assert_reports(output: str, expected: list[str]) -> None:
    """One printed line per expected problem, with its position, field and exact message,
    under (or after) the name of its file; and no other problem line."""
    found = problem_lines(output)
    plain = _ANSI.sub("", output)
    for line in expected:
        parts = _EXPECTED_LINE.match(line)
        assert parts is not None, line
        assert parts["file"] in plain, (line, output)
        position = f"{parts['line']}:{parts['column']}"
        assert any(
            re.search(rf"(^|:){position}\b", printed)
            and (parts["field"] or "") in printed
            and parts["message"] in printed
            for printed in found
        ), (line, output)
    assert len(found) == len(expected), output


def project_with(case: str, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(BASE, project / "content")
    write_case(case, project / "content")
    plant_sentinel_site(project / "site")
    return project


# --- the corpus itself ---------------------------------------------------------------------


def test_corpus_has_sixty_failing_cases_and_the_cases_that_must_work() -> None:
    failing = [case for case in CASES if expected_lines(case)]
    working = [case for case in CASES if not expected_lines(case)]
    assert len(failing) >= 60
    assert {"works-utf8-bom", "works-crlf"} <= set(working)
    for case in failing:
        for line in expected_lines(case):
            assert re.match(r"content/\S[^:]*:\d+:\d+: \S", line), (case, line)


# --- plato-site validate, every case ---------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_each_problem_on_one_french_line(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with(case, tmp_path)
    before = snapshot(project)
    monkeypatch.chdir(project)  # file names are shown relative to the project

    code = cli.main(["validate", "--content", "content"])

    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    expected = expected_lines(case)
    if expected:
        assert code == 1, out + err
        assert_reports(err, expected)
    else:
        assert code == 0, err
        assert problem_lines(out + err) == []
    # Nothing written, nothing run: site/ and the content are as they were, and the
    # !!python/object tag's "touch pwned" never ran.
    assert snapshot(project) == before


@pytest.mark.parametrize("case", CASES)
def test_every_message_exists_in_english_too(case: str, tmp_path: Path) -> None:
    project = project_with(case, tmp_path)
    expected = expected_lines(case)
    try:
        load_site(project / "content", build_date(), project)
    except ContentErrors as problems:
        assert problems.format(Catalog("fr")) == expected
        english = problems.format(Catalog("en"))
        assert len(english) == len(expected)
        assert english != expected  # translated, not the French text again
    else:
        assert expected == []


# --- a real mkdocs build, for a representative subset ---------------------------------------

MKDOCS_CASES = [
    "syntax-tab-indentation",
    "encoding-latin1",
    "yaml-alias-bomb",
    "yaml-python-object-tag",
    "file-20-mb",
    "unknown-key-typo",
    "testimonial-without-consent",
    "slug-duplicate-yml-and-yaml",
    "schedule-never-happens",
    "binary-png-renamed",
    "char-bidi-override",
    "file-copy-windows",
]


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_process(project, timeout=300)


def example_project_with(case: str, tmp_path: Path) -> Path:
    """The example project (mkdocs.yml, content/, site_config/) plus the case's files."""
    project = copy_project(tmp_path / "project")
    write_case(case, project / "content")
    plant_sentinel_site(project / "site")
    return project


@pytest.mark.parametrize("case", MKDOCS_CASES)
def test_mkdocs_build_stops_before_writing_anything(case: str, tmp_path: Path) -> None:
    project = example_project_with(case, tmp_path)
    before = snapshot(project)

    result = mkdocs_build(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert_reports(result.stderr, expected_lines(case))
    assert snapshot(project) == before


def test_mkdocs_builds_a_territory_saved_with_bom_and_crlf(tmp_path: Path) -> None:
    project = example_project_with("works-bom-crlf", tmp_path)

    result = mkdocs_build(project)

    assert result.returncode == 0, result.stderr
    page = project / "site" / "territoires" / "bievre" / "index.html"
    assert "Vallée de la Bièvre" in page.read_text(encoding="utf-8")
