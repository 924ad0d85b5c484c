"""Mistakes in the site settings (mkdocs.yml) the project documents, as French lines.

MkDocs reports a wrong plugin option in English ("Expected type: <class 'bool'>") or, under
``--strict``, only as "Aborted with 1 configuration warnings"; a typo in ``theme.language``
ends in a template traceback. The host adapter hands the problems here; this module finds
their line in the settings file and words them like every content error.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from plato_site.errors import ContentError, Location
from plato_site.i18n import available_languages

PLUGIN = "plato"


def option_errors(
    settings_file: str | None,
    unknown: Sequence[str],
    wrong: Mapping[str, tuple[str, Any]],
    known: Sequence[str],
) -> list[ContentError]:
    """``unknown``: option names nobody declared; ``wrong``: name -> (expected kind, value)
    with kind "boolean" or "text"."""
    settings = _Settings(settings_file)
    errors = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1)
        errors.append(
            ContentError(
                settings.locate(("plugins", PLUGIN, name)),
                f"plugins.{PLUGIN}.{name}",
                "validate.options.unknown_suggest" if close else "validate.options.unknown",
                {
                    "name": name,
                    "suggestion": close[0] if close else "",
                    "choices": ", ".join(known),
                },
            )
        )
    for name, (kind, value) in wrong.items():
        errors.append(
            ContentError(
                settings.locate(("plugins", PLUGIN, name)),
                f"plugins.{PLUGIN}.{name}",
                f"validate.options.expected_{kind}",
                {"name": name, "value": _shown(value)},
            )
        )
    return errors


def language_error(settings_file: str | None, language: Any) -> ContentError | None:
    """``theme.language`` must name one of our message catalogs: a silent fallback would
    publish the whole interface in a language nobody chose."""
    if language is None or language in available_languages():
        return None
    return ContentError(
        _Settings(settings_file).locate(("theme", "language")),
        "theme.language",
        "validate.options.language",
        {"value": _shown(language), "choices": ", ".join(available_languages())},
    )


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _Settings:
    """Positions in the settings file. Composed only (never constructed): its tags
    (``!!python/name:``, ``!ENV``) are read as text, nothing is run."""

    def __init__(self, settings_file: str | None) -> None:
        self.shown = Path(settings_file).name if settings_file else "mkdocs.yml"
        self.root: Node | None = None
        if settings_file:
            try:
                text = Path(settings_file).read_text(encoding="utf-8")
                self.root = yaml.compose(text, Loader=yaml.SafeLoader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self.root = None

    def locate(self, path: Sequence[str]) -> Location:
        node, found = self.root, (1, 1)
        for part in path:
            key_node, node = _child(node, part)
            if key_node is None:
                break
            found = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return Location(self.shown, *found)


def _child(node: Node | None, name: str) -> tuple[Node | None, Node | None]:
    """The key node and value node of ``name`` in a mapping, or in a list of one-key
    mappings and plain names (how mkdocs.yml lists its plugins)."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return key, value
    if isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode) and item.value == name:
                return item, None
            found = _child(item, name)
            if found[0] is not None:
                return found
    return None, None
