"""Two builds of the same inputs with the same SOURCE_DATE_EPOCH give the same bytes.

Everything else is made to differ between the two ``mkdocs build`` runs: the folder the
project sits in, the hash seed (set and dict ordering), the time zone, the locale and the
files' modification times. Any of these leaking into HTML, feeds, sitemap or search index
would make a deployment show changes that are not there, and calendar apps see edits.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import time
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_EPOCH, copy_project, mkdocs_process

RUNS = [
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "2", "TZ": "Pacific/Auckland", "LC_ALL": "C"},
]


def build(project: Path, variant: dict[str, str]) -> Path:
    result = mkdocs_process(project, "--strict", env=variant)
    assert result.returncode == 0, result.stderr
    return project / "site"


def digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = copy_project(tmp_path_factory.mktemp("first") / "project")
    second = copy_project(tmp_path_factory.mktemp("second") / "elsewhere" / "project")
    later = time.time() + 86_400  # the second copy's files "edited" a day later
    for path in second.rglob("*"):
        os.utime(path, (later, later))
    return build(first, RUNS[0]), build(second, RUNS[1])


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (digests(site) for site in two_builds)
    different = sorted(path for path in first.keys() & second.keys() if first[path] != second[path])
    assert different == []
    assert first.keys() == second.keys()
    # What was compared: pages, feeds, sitemap (plain and gzip), search index.
    kinds = {Path(path).suffix for path in first} | {Path(path).name for path in first}
    assert {".html", ".ics", "sitemap.xml", "sitemap.xml.gz", "search_index.json"} <= kinds


def test_sitemap_dates_come_from_source_date_epoch(two_builds: tuple[Path, Path]) -> None:
    site = two_builds[0]
    build_day = time.strftime("%Y-%m-%d", time.gmtime(int(EXAMPLE_EPOCH)))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = set(sitemap.split("<lastmod>")[1:])
    assert lastmods and {entry.split("<", 1)[0] for entry in lastmods} == {build_day}
    # The gzip header carries a modification time (RFC 1952): the build day, not the clock.
    packed = (site / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", packed[4:8])
    assert time.strftime("%Y-%m-%d", time.gmtime(mtime)) == build_day
    assert gzip.decompress(packed).decode("utf-8") == sitemap
