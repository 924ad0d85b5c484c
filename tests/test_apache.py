"""The built site served by Debian's Apache with the .htaccess the build writes.

Apache (`make apache`, apt) runs as an unprivileged process on a free port, with its own
configuration in a temporary folder. The server is set up to compress everything it can,
calendars included, as a careless host would: the .htaccess must still keep the feeds
uncompressed and UTF-8. The same site without AllowOverride shows that the rules come from
the .htaccess, not from the server's defaults.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plato_site.render.feeds import ICS_CACHE_CONTROL, ICS_CONTENT_TYPE
from plato_site.render.server_config import HTACCESS
from tests.helpers import APACHE, ApacheError, apache_server, readable_copy

FEED = "territoires/roannais/calendrier.ics"
PAGE = "territoires/roannais/"

StartApache = Callable[[str], str]

# A host that compresses every text type, calendars included.
_CARELESS_HOST = (
    "AddOutputFilterByType DEFLATE text/html text/css text/plain text/calendar"
    " application/javascript\n"
)


@pytest.fixture(scope="module")
def apache_site(example_site: Path) -> Iterator[Path]:
    """The example site in a folder Apache's unprivileged user can read."""
    if not APACHE.exists():
        pytest.fail(
            f"Apache is missing at {APACHE}: run `make apache` (apt-get install apache2).",
            pytrace=False,
        )
    root = Path(tempfile.mkdtemp(prefix="plato-apache-"))
    yield readable_copy(example_site, root)
    shutil.rmtree(root)


@pytest.fixture(scope="module")
def start_apache(apache_site: Path) -> Iterator[StartApache]:
    """Start Apache on the site with this AllowOverride; all stop after the module."""
    with contextlib.ExitStack() as servers:

        def start(override: str) -> str:
            try:
                return servers.enter_context(
                    apache_server(apache_site, override=override, extra=_CARELESS_HOST)
                )
            except ApacheError as error:
                pytest.fail(str(error), pytrace=False)

        yield start


def _get(url: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {name.lower(): value for name, value in response.headers.items()}
        return headers, response.read()


def test_the_build_publishes_the_htaccess(example_site: Path) -> None:
    assert (example_site / HTACCESS).is_file()  # MkDocs leaves dot files out by default


def test_apache_serves_feeds_as_uncompressed_utf8_calendars(start_apache: StartApache) -> None:
    base = start_apache("All")
    headers, body = _get(base + FEED)
    assert headers["content-type"] == ICS_CONTENT_TYPE
    assert "content-encoding" not in headers
    assert headers["cache-control"] == ICS_CACHE_CONTROL
    assert body.startswith(b"BEGIN:VCALENDAR")
    page_headers, _ = _get(base + PAGE)  # the pages are still compressed
    assert page_headers["content-encoding"] == "gzip"
    assert page_headers["content-type"].startswith("text/html")
    missing = urllib.request.Request(base + "nowhere/", headers={"Accept-Encoding": "identity"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(missing, timeout=10)
    assert error.value.code == 404
    assert b"<html" in error.value.read()  # the site's own 404 page (ErrorDocument)


def test_without_allowoverride_apache_ignores_the_rules(start_apache: StartApache) -> None:
    """Debian's default (AllowOverride None): what the guide tells IT staff to change."""
    headers, _ = _get(start_apache("None") + FEED)
    assert headers["content-type"] != ICS_CONTENT_TYPE
    assert headers.get("content-encoding") == "gzip"
