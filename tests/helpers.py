"""Shared helpers for tests: copy the example project, build it, read pages."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# 2026-11-22 12:00 UTC: the example content has running groups and groups opening in 2027.
EXAMPLE_EPOCH = "1795348800"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now, for a server a test starts (never a fixed one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def built_pages(site: Path) -> list[Path]:
    """The pages of a built site (its index.html files), not the web editor's admin/."""
    return sorted(
        path for path in site.rglob("index.html") if path.relative_to(site).parts[0] != "admin"
    )


# The tests' own project: the example content frozen, so that a staff edit of content/ never
# breaks a test (as mkdocs-static-i18n and mkdocs-rss-plugin test their plugins).
FIXTURE_PROJECT = REPO_ROOT / "tests" / "fixtures" / "network"


def minimal_mkdocs_yml(site_name: str, site_url: str) -> str:
    """A CCI's own mkdocs.yml as the README's "install in your site" gives it: Material in
    French, the search and the plato plugin, nothing else."""
    return f"""\
site_name: {site_name}
site_url: {site_url}
docs_dir: content
theme:
  name: material
  language: fr
plugins:
  - search
  - plato
"""


def copy_project(destination: Path, source: Path = REPO_ROOT) -> Path:
    """A throwaway copy of what a build reads: mkdocs.yml, content/, site_config/."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(source / "content", destination / "content")
    if (source / "site_config").is_dir():
        shutil.copytree(source / "site_config", destination / "site_config")
    return destination


@contextmanager
def source_date(epoch: str = EXAMPLE_EPOCH) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def mkdocs_process(
    project: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build <args>`` in its own process, as staff run it, at the example's date."""
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH,
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_project(
    project: Path, site_dir: Path, epoch: str = EXAMPLE_EPOCH, strict: bool = True
) -> Path:
    """Build like `mkdocs build --strict`, in-process (fast), into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with source_date(epoch):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        build(config)
    return site_dir


def keep_territories(project: Path, *slugs: str) -> None:
    """Leave only these territories in a copy (faster builds), with the news posts that name
    them: a post naming a territory that is gone is refused, as staff would see it."""
    content = project / "content"
    for other in (content / "territoires").glob("*.yml"):
        if other.stem not in slugs:
            other.unlink()
    for post in sorted((content / "actualites" / "posts").rglob("*.md")):
        territory = re.search(r"^territory:\s*(\S+)", post.read_text(encoding="utf-8"), re.M)
        if territory and territory[1] not in slugs:
            post.unlink()


# --- Debian's Apache ------------------------------------------------------------------------

APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")

# The server as the guide page "Publier le site" sets it up: Debian's Apache with the modules
# mod_deflate, mod_filter and mod_headers, so that the .htaccess the build writes
# (render/server_config.py) compresses the pages and caches the theme's files when
# AllowOverride lets it (FileInfo, as the guide says).
_APACHE_CONFIG = """\
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
"""


class ApacheError(RuntimeError):
    """Apache is missing, stopped, or never listened; the message says which and why."""


@contextmanager
def apache_server(site: Path, override: str = "FileInfo", extra: str = "") -> Iterator[str]:
    """Serve ``site`` with Debian's Apache (`make apache`) on a free port, with its own
    configuration in a temporary folder plus ``extra`` lines; yields the base URL. As root
    (CI), Apache itself runs as nobody: ``site`` must be readable by all."""
    if not APACHE.exists():
        raise ApacheError(f"Apache is missing at {APACHE}: run `make apache` (apt-get).")
    run = Path(tempfile.mkdtemp(prefix="plato-apache-run-"))
    port = free_port()
    config = run / "apache.conf"
    settings = {"port": port, "run": run, "modules": APACHE_MODULES, "site": site}
    text = _APACHE_CONFIG.format(override=override, **settings) + extra
    config.write_text(text, encoding="utf-8")
    command = [str(APACHE), "-f", str(config), "-DFOREGROUND"]
    if os.getuid() == 0:
        os.chown(run, 65534, 65534)
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_apache(process, port, run / "error.log")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(run, ignore_errors=True)


def _wait_for_apache(process: subprocess.Popen[bytes], port: int, error_log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            log = error_log.read_text() if error_log.exists() else ""
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise ApacheError(f"Apache stopped: {stderr}{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.05)
    raise ApacheError("Apache did not start listening")


def readable_copy(site: Path, root: Path) -> Path:
    """A copy of ``site`` in ``root`` that Apache's unprivileged user can read."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    target = root / "site"
    shutil.copytree(site, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target
