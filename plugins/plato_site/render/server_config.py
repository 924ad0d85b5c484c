"""Apache's ``.htaccess``, written at every build as ``_headers`` is for Netlify and Cloudflare.

On Apache the calendar feeds must be served as UTF-8 iCalendar and never compressed
(Outlook refuses compressed subscriptions): the same two rules as the ``_headers`` file
(:func:`plato_site.render.feeds.headers_file`), with the same values. One ``FilesMatch`` on
the extension covers every feed: Apache matches it per file, whatever the folder.

Every directive sits in an ``IfModule``: a directive of a module that is not loaded would
make Apache answer 500 for the whole site. Apache reads the file only where the server
allows it (``AllowOverride FileInfo``; Debian's default is ``None``): see the guide page
"Publier le site". The same file compresses the pages for visitors on phones (``_SPEED``).
"""

from __future__ import annotations

from pathlib import Path

from plato_site.render import urls
from plato_site.render.feeds import ICS_CACHE_CONTROL, ICS_CONTENT_TYPE

HTACCESS = ".htaccess"


def htaccess(site_url: str | None, docs_dir: Path | None = None) -> str:
    """The site's ``.htaccess``: staff's own ``content/.htaccess`` first, then ours."""
    own = ""
    if docs_dir is not None and (docs_dir / HTACCESS).is_file():
        own = (docs_dir / HTACCESS).read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    prefix = urls.site_path(site_url)
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
        + _SPEED
    )


# A phone on a slow network gets pages, stylesheets, scripts and the search index at about a
# fifth of their size (the calendars, text/calendar and no-gzip above, stay uncompressed);
# Material's files, named after a hash of their content, are cached for a year.
_SPEED = (
    "# Compressed pages, styles, scripts and search index; hashed theme files cached a year.\n"
    "<IfModule mod_deflate.c>\n"
    "  <IfModule mod_filter.c>\n"
    "    AddOutputFilterByType DEFLATE text/html text/css text/javascript application/javascript\n"
    "    AddOutputFilterByType DEFLATE application/json image/svg+xml application/atom+xml\n"
    "  </IfModule>\n"
    "</IfModule>\n"
    '<FilesMatch "\\.[0-9a-f]{8}\\.min\\.(css|js)$">\n'
    "  <IfModule mod_headers.c>\n"
    '    Header set Cache-Control "public, max-age=31536000, immutable"\n'
    "  </IfModule>\n"
    "</FilesMatch>\n"
)
