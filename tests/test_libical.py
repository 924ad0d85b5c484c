"""libical's RFC 5546 check on every feed: a real iTIP validator we did not write.

RFC 5546 says which properties a METHOD:PUBLISH calendar's events must carry (one
ORGANIZER, DTSTAMP, DTSTART, SUMMARY, UID...); Outlook and Exchange read feeds with those
rules. ``tests/libical_check.c`` calls libical's ``icalrestriction_check`` on each file;
it is compiled here against Debian's ``libical-dev`` (installed by ``make test``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHECK_SOURCE = Path(__file__).with_name("libical_check.c")


@pytest.fixture(scope="session")
def libical_check(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("cc")
    assert compiler, "no C compiler: run `make test` (it installs gcc and libical-dev)"
    binary = tmp_path_factory.mktemp("libical") / "libical_check"
    subprocess.run(
        [compiler, "-O1", "-o", str(binary), str(CHECK_SOURCE), "-lical"],
        check=True,
        capture_output=True,
    )
    return binary


def run_check(binary: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *map(str, files)], capture_output=True, text=True, check=False, timeout=120
    )


def test_every_feed_passes_libicals_rfc5546_check(example_site: Path, libical_check: Path) -> None:
    feeds = sorted(example_site.rglob("*.ics"))
    result = run_check(libical_check, feeds)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == f"{len(feeds)} file(s), 0 problem(s)"


def test_the_check_catches_an_event_without_organizer(
    example_site: Path, libical_check: Path, tmp_path: Path
) -> None:
    feed = next(example_site.rglob("groupes/*/calendrier.ics")).read_bytes()
    broken = tmp_path / "broken.ics"
    lines = [line for line in feed.split(b"\r\n") if not line.startswith(b"ORGANIZER")]
    broken.write_bytes(b"\r\n".join(lines))
    result = run_check(libical_check, [broken])
    assert result.returncode == 1
    assert "ORGANIZER" in result.stdout
