"""The built site served by Debian's Apache with the .htaccess the build writes.

Apache (`make apache`, apt) runs as an unprivileged process on a free port, with its own
configuration in a temporary folder. The server is set up to compress everything it can,
calendars included, as a careless host would: the .htaccess must still keep the feeds
uncompressed and UTF-8. The same site without AllowOverride shows that the rules come from
the .htaccess, not from the server's defaults.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plato_site.render.feeds import ICS_CACHE_CONTROL, ICS_CONTENT_TYPE
from plato_site.render.server_config import HTACCESS
from tests.helpers import free_port

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
FEED = "territoires/roannais/calendrier.ics"
PAGE = "territoires/roannais/"

StartApache = Callable[[str], str]

_CONFIG = """\
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {run}/apache.pid
DefaultRuntimeDir {run}
Mutex file:{run} default
ErrorLog {run}/error.log
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule filter_module {modules}/mod_filter.so
LoadModule deflate_module {modules}/mod_deflate.so
LoadModule headers_module {modules}/mod_headers.so
LoadModule setenvif_module {modules}/mod_setenvif.so
TypesConfig /etc/mime.types
DocumentRoot "{site}"
DirectoryIndex index.html
<Directory "{site}">
    AllowOverride {override}
    Require all granted
</Directory>
# A host that compresses every text type, calendars included.
AddOutputFilterByType DEFLATE text/html text/css text/plain text/calendar application/javascript
"""


@pytest.fixture(scope="module")
def apache_site(example_site: Path) -> Iterator[Path]:
    """The example site in a folder Apache's unprivileged user can read."""
    if not APACHE.exists():
        pytest.fail(
            f"Apache is missing at {APACHE}: run `make apache` (apt-get install apache2).",
            pytrace=False,
        )
    root = Path(tempfile.mkdtemp(prefix="plato-apache-"))
    root.chmod(0o755)
    shutil.copytree(example_site, root / "site")
    yield root / "site"
    shutil.rmtree(root)


@pytest.fixture(scope="module")
def start_apache(apache_site: Path) -> Iterator[StartApache]:
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(override: str) -> str:
        run = Path(tempfile.mkdtemp(prefix="plato-apache-run-"))
        port = free_port()
        config = run / "apache.conf"
        config.write_text(
            _CONFIG.format(
                port=port, run=run, modules=MODULES, site=apache_site, override=override
            ),
            encoding="utf-8",
        )
        command = [str(APACHE), "-f", str(config), "-DFOREGROUND"]
        if os.getuid() == 0:  # CI runs as root: Apache itself runs as nobody
            os.chown(run, 65534, 65534)
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        processes.append((process, run))
        base = f"http://127.0.0.1:{port}/"
        for _ in range(200):
            if process.poll() is not None:
                log = (run / "error.log").read_text() if (run / "error.log").exists() else ""
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"Apache stopped: {stderr}{log}", pytrace=False)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    return base
            except OSError:
                time.sleep(0.05)
        pytest.fail("Apache did not start listening", pytrace=False)

    yield start
    for process, run in processes:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(run, ignore_errors=True)


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
