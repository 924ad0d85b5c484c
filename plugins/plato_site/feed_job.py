"""Writing the calendar feeds to a folder, beside the build of the pages.

The feeds depend on nothing the pages produce. On a national network they are a second
of CPU (15,000 VEVENTs in 1,300 files, 19 MB for 100 territories), so where the machine
has a second CPU and the platform forks cheaply (Linux), a child process writes them while
the host renders the pages; the build then only waits for whatever is left. Elsewhere, and
under ``mkdocs serve`` (its watcher threads make forking unsafe), they are written in
process. Either way the files go straight to a temporary folder: a national network's
feeds are never all held in memory.

Nothing here knows about MkDocs: the adapter starts a job and collects its result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from plato_site.derive import Site, TerritoryView
from plato_site.i18n import Catalog
from plato_site.render.feeds import FeedBuilder, FeedFile, headers_file
from plato_site.render.ledger import Ledger


@dataclass(frozen=True)
class WrittenFeeds:
    """The feeds of one build, as files in ``folder``."""

    folder: Path
    paths: list[str]  # site-relative, as in render.urls
    headers: str  # the _headers rules for them (Netlify, Cloudflare Pages)


def write_feeds(
    site: Site,
    catalog: Catalog,
    site_url: str,
    territories: Sequence[TerritoryView] | None,
    folder: Path,
    ledger: Ledger | None = None,
    built: datetime | None = None,
) -> WrittenFeeds:
    """Write every feed (``territories`` limits the per-territory ones) into ``folder``;
    versions are decided against ``ledger``, the previous publication (render/ledger.py)."""
    written: list[FeedFile] = []
    for feed in FeedBuilder(site, catalog, site_url, ledger, built).iter_files(territories):
        target = folder / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed.content)
        written.append(replace(feed, content=b""))
    return WrittenFeeds(folder, [feed.path for feed in written], headers_file(site_url, written))


def can_fork() -> bool:
    """A second process pays off: Linux (fork is cheap and safe there) and two CPUs."""
    if not sys.platform.startswith("linux"):
        return False
    return "fork" in multiprocessing.get_all_start_methods() and len(os.sched_getaffinity(0)) > 1


class FeedJob:
    """The feeds of one build, being written: :meth:`result` waits for them.

    Call :meth:`close` once the host has copied the files (or the build failed): it stops
    a child still running and removes the folder.
    """

    def __init__(
        self,
        site: Site,
        catalog: Catalog,
        site_url: str,
        territories: Sequence[TerritoryView] | None = None,
        *,
        parallel: bool,
        ledger: Ledger | None = None,
        built: datetime | None = None,
    ) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="plato-feeds-")
        folder = Path(self._folder.name)
        self._result: WrittenFeeds | None = None
        self._process: BaseProcess | None = None
        self._receiver: Connection | None = None
        self._ended = False  # the child was waited for (and the collector set free)
        if not (parallel and can_fork()):
            self._result = write_feeds(site, catalog, site_url, territories, folder, ledger, built)
            return
        context = multiprocessing.get_context("fork")  # inherits the site: nothing pickled
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_write_in_child,
            args=(sender, site, catalog, site_url, territories, folder, ledger, built),
            name="plato-feeds",
            daemon=True,  # never outlives the build
        )
        # Parent and child share their memory until either writes to a page. A garbage
        # collection, on either side, writes to the header of every object it visits and
        # so copies nearly every page. Objects frozen are never visited: they stay frozen
        # until the child is done (the memory of both together: 169 -> 156 MiB at 100
        # territories).
        gc.freeze()
        try:
            process.start()
        except BaseException:
            gc.unfreeze()
            raise
        sender.close()  # the child holds the only sending end: EOF if it dies
        self._process, self._receiver = process, receiver

    @property
    def parallel(self) -> bool:
        return self._process is not None

    def result(self) -> WrittenFeeds:
        if self._result is not None:
            return self._result
        assert self._process is not None and self._receiver is not None
        try:
            outcome, value = self._receiver.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            outcome, value = "error", None
        finally:
            self._end_child()
        if outcome != "ok":
            value = value or f"the feed process ended with code {self._process.exitcode}"
            raise RuntimeError(f"writing the calendar feeds failed:\n{value}")
        assert isinstance(value, WrittenFeeds)
        self._result = value
        return value

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        self._end_child()
        self._folder.cleanup()

    def _end_child(self) -> None:
        """Wait for the child, once, and give the build's objects back to the collector."""
        if self._process is None or self._ended:
            return
        self._ended = True
        self._process.join()
        if self._receiver is not None:
            self._receiver.close()
        gc.unfreeze()


def _write_in_child(
    sender: Connection,
    site: Site,
    catalog: Catalog,
    site_url: str,
    territories: Sequence[TerritoryView] | None,
    folder: Path,
    ledger: Ledger | None,
    built: datetime | None,
) -> None:
    try:
        written = write_feeds(site, catalog, site_url, territories, folder, ledger, built)
        sender.send(("ok", written))
    except BaseException:  # a bug, not a content error (content was validated): report it
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


__all__ = ["FeedJob", "WrittenFeeds", "can_fork", "write_feeds"]
