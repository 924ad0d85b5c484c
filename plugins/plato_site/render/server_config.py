"""Apache's ``.htaccess``, written at every build as ``_headers`` is for Netlify and Cloudflare.

On Apache the calendar feeds must be served as UTF-8 iCalendar and never compressed
(Outlook refuses compressed subscriptions): the same two rules as the ``_headers`` file
(:func:`plato_site.render.feeds.headers_file`), with the same values. One ``FilesMatch`` on
the extension covers every feed: Apache matches it per file, whatever the folder.

Every directive sits in an ``IfModule``: a directive of a module that is not loaded would
make Apache answer 500 for the whole site. Apache reads the file only where the server
allows it (``AllowOverride FileInfo``; Debian's default is ``None``): see the guide page
"Publier le site".
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from plato_site.render.feeds import ICS_CACHE_CONTROL, ICS_CONTENT_TYPE

HTACCESS = ".htaccess"


def htaccess(site_url: str | None, docs_dir: Path | None = None) -> str:
    """The site's ``.htaccess``: staff's own ``content/.htaccess`` first, then ours."""
    own = ""
    if docs_dir is not None and (docs_dir / HTACCESS).is_file():
        own = (docs_dir / HTACCESS).read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    prefix = urlsplit(site_url or "/").path or "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    return (
        own
        + "# Written by plato-site at every build. Calendar feeds (.ics): UTF-8 iCalendar,\n"
        + "# never compressed (Outlook refuses compressed subscriptions).\n"
        + "<IfModule mod_mime.c>\n"
        + f'  AddType "{ICS_CONTENT_TYPE}" .ics\n'
        + "  AddType application/wasm .wasm\n"
        + "</IfModule>\n"
        + "<IfModule mod_setenvif.c>\n"
        + '  SetEnvIfNoCase Request_URI "\\.ics$" no-gzip no-brotli\n'
        + "</IfModule>\n"
        + '<FilesMatch "\\.ics$">\n'
        + "  <IfModule mod_headers.c>\n"
        + f'    Header set Cache-Control "{ICS_CACHE_CONTROL}"\n'
        + "  </IfModule>\n"
        + "</FilesMatch>\n"
        + f"ErrorDocument 404 {prefix}404.html\n"
    )
