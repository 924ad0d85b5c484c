"""The communes a territory serves, as staff write them: ``42300 Roanne``, one a line.

La Poste lists communes this way (code, then name), so staff copy them as they come. A
commune with several postal codes is written once per code (``42000 Saint-Étienne``,
``42100 Saint-Étienne``); a code shared by several communes appears once per commune.
The home page's finder (render/finder.py) matches visitors' typing against these lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Metropolitan departments 01-95 (Corsica's 2A/2B are 20xxx), overseas 97x and 98x.
FRENCH_POSTAL_CODE = r"(?:0[1-9]|[1-8][0-9]|9[0-5]|97|98)[0-9]{3}"
# What the JSON Schema checks (schema.py) is exactly what parse_commune accepts.
COMMUNE_PATTERN = rf"^\s*{FRENCH_POSTAL_CODE}\s+[^\s0-9,;][\s\S]*$"

_LINE = re.compile(r"(?P<code>\S+)\s+(?P<name>.+)")
_NAME = re.compile(r"[^\s0-9,;].*")
_REVERSED = re.compile(r"(?P<name>.*\D)\s+\(?(?P<code>[0-9]{5})\)?")


class CommuneError(ValueError):
    """A line staff wrote that is not « code postal + commune »: a catalog key, params."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_commune(text: str) -> tuple[str, str]:
    """``"42300  Roanne "`` -> ``("42300", "Roanne")``, else CommuneError (in staff words)."""
    line = " ".join(text.split())
    reversed_ = _REVERSED.fullmatch(line)
    if reversed_ is not None and not line[:1].isdigit():  # "Roanne 42300", "Roanne (42300)"
        raise CommuneError(
            "communes.reversed",
            value=line,
            suggestion=f"{reversed_['code']} {reversed_['name'].strip()}",
        )
    match = _LINE.fullmatch(line)
    if match is None or not match["code"][:1].isdigit():
        if re.fullmatch(r"[0-9]+", line):
            raise CommuneError("communes.name_missing", value=line)
        raise CommuneError("communes.format", value=line)
    code, name = match["code"], match["name"]
    if not re.fullmatch(r"[0-9]{5}", code):
        raise CommuneError("communes.postal_code_digits", value=line, code=code)
    if not re.fullmatch(FRENCH_POSTAL_CODE, code):
        raise CommuneError("communes.postal_code_france", value=line, code=code)
    if not _NAME.fullmatch(name):
        raise CommuneError("communes.format", value=line)
    return code, name


def search_key(text: str) -> str:
    """What two spellings of one commune share: no accent, no case, "st" for "saint",
    hyphens and apostrophes as spaces. The finder's script (plato-finder.js) does the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(_SAINTS.get(word, word) for word in words)


_SAINTS = {"st": "saint", "ste": "sainte"}


def duplicates(lines: Iterable[str]) -> list[tuple[int, int]]:
    """(index, index of the first) of each line naming a commune and code already listed."""
    seen: dict[tuple[str, str], int] = {}
    found = []
    for index, line in enumerate(lines):
        code, name = parse_commune(line)
        key = (code, search_key(name))
        if key in seen:
            found.append((index, seen[key]))
        else:
            seen[key] = index
    return found
