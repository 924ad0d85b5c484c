"""Material's search index, written again as plain UTF-8 JSON.

Material's search plugin writes ``search/search_index.json`` with Python's default ASCII
escapes: every "é" of a French page costs six bytes (``\\u00e9``) instead of two, a tenth of
the index on a national network, downloaded by every visitor who opens the search. The same
data with the same separators, written in UTF-8, is what the browser's ``JSON.parse`` reads
identically (a fetched JSON body is always decoded as UTF-8).
"""

from __future__ import annotations

import json
from pathlib import Path

SEARCH_INDEX = Path("search") / "search_index.json"


def write_search_index_utf8(site_dir: Path) -> None:
    """Rewrite the index in ``site_dir``, if the search plugin wrote one."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_bytes())
    path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
