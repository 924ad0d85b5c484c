"""The feeds written beside the pages: in a second process or not, the same files.

The second process is forced here (``can_fork`` patched): the machine running the tests
may have a single CPU, where a real build writes the feeds in process.
"""

from __future__ import annotations

import filecmp
import gc
import multiprocessing
import os
import time
from pathlib import Path

import pytest
import yaml

from plato_site import feed_job
from plato_site.derive import Site
from plato_site.feed_job import FeedJob, write_feeds
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site, render_site
from tests.helpers import REPO_ROOT, build_project, copy_project

SITE_URL = "https://plato.example.org/"
FR = Catalog("fr")


@pytest.fixture(scope="module")
def site() -> Site:
    from datetime import date

    return load_site(REPO_ROOT / "content", date(2026, 11, 22), REPO_ROOT)


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_job, "can_fork", lambda: True)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.ics")}


@pytest.mark.usefixtures("forking")
def test_the_feed_process_writes_what_the_pipeline_gives(site: Site) -> None:
    job = FeedJob(site, FR, SITE_URL, parallel=True)
    try:
        assert job.parallel
        written = job.result()
        on_disk = files_under(written.folder)
    finally:
        job.close()
    in_memory = render_site(site, FR, site_url=SITE_URL)
    assert on_disk == {feed.path: feed.content for feed in in_memory.feeds}
    assert sorted(written.paths) == sorted(on_disk)
    assert written.headers == in_memory.headers
    assert not written.folder.exists()  # close() removes the folder


def test_in_process_gives_the_same_files(site: Site, tmp_path: Path) -> None:
    job = FeedJob(site, FR, SITE_URL, parallel=False)
    try:
        assert not job.parallel
        assert files_under(job.result().folder) == files_under(
            write_feeds(site, FR, SITE_URL, None, tmp_path).folder
        )
    finally:
        job.close()


@pytest.mark.usefixtures("forking")
def test_a_failure_in_the_feed_process_stops_the_build_with_its_traceback(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("duplicate calendar UID: meeting.x.1@plato.example.org")

    monkeypatch.setattr(feed_job, "write_feeds", broken)
    job = FeedJob(site, FR, SITE_URL, parallel=True)
    try:
        with pytest.raises(RuntimeError, match="duplicate calendar UID") as failure:
            job.result()
        assert "Traceback" in str(failure.value)
    finally:
        job.close()


@pytest.mark.usefixtures("forking")
def test_a_site_built_with_or_without_the_feed_process_is_the_same(tmp_path: Path) -> None:
    parallel = build_project(copy_project(tmp_path / "a"), tmp_path / "site-a")
    project = copy_project(tmp_path / "b")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config["plugins"]
    for index, plugin in enumerate(plugins):
        if plugin == "plato" or (isinstance(plugin, dict) and "plato" in plugin):
            options = plugin["plato"] if isinstance(plugin, dict) else None
            plugins[index] = {"plato": {**(options or {}), "feeds_in_parallel": False}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    in_process = build_project(project, tmp_path / "site-b")
    comparison = filecmp.dircmp(parallel, in_process)
    assert _differences(comparison) == []
    assert (parallel / "calendrier.ics").is_file()


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    found += [name for name in comparison.common_files if not filecmp.cmp(
        Path(comparison.left) / name, Path(comparison.right) / name, shallow=False
    )]  # fmt: skip
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


@pytest.mark.usefixtures("forking")
def test_a_feed_process_that_dies_stops_the_build(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_job, "write_feeds", lambda *args: os._exit(3))
    job = FeedJob(site, FR, SITE_URL, parallel=True)
    try:
        with pytest.raises(RuntimeError, match="ended with code 3"):
            job.result()
    finally:
        job.close()


@pytest.mark.usefixtures("forking")
def test_a_job_closed_without_its_result_gives_the_objects_back_to_the_collector(
    site: Site,
) -> None:
    """A build that fails before collecting the feeds must not leave the garbage collector
    blind to everything the fork froze."""
    before = gc.get_freeze_count()
    job = FeedJob(site, FR, SITE_URL, parallel=True)
    assert gc.get_freeze_count() > before
    deadline = time.monotonic() + 60  # let the child finish: the build failed meanwhile
    while time.monotonic() < deadline and any(
        child.name == "plato-feeds" for child in multiprocessing.active_children()
    ):
        time.sleep(0.05)
    job.close()
    assert gc.get_freeze_count() == before
