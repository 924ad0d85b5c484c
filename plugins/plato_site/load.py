"""Load step: read one staff YAML file into plain Python values, remembering positions.

Staff write these files by hand, so the loader is the first line of defence: every
problem (encoding, syntax, duplicate key, hostile tag, alias bomb…) becomes a
``ContentError`` with file, line and column, never a traceback.

PyYAML is used only to compose nodes; values are built here, with a resolver close to
YAML 1.2 core: ``yes``/``on`` stay strings (the "Norway problem"), ``8:30`` stays
``"8:30"`` (no base-60), dates stay strings (the validator parses and reports them) and
numbers with a leading zero stay strings (postal codes, phone numbers).
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.composer import Composer
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # not in types-PyYAML
from yaml.error import Mark, MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner
from yaml.tokens import ScalarToken

from plato_site.content_files import os_reason
from plato_site.errors import ContentError, ContentErrors, Location
from plato_site.errors import format_path as format_path  # moved to errors; kept importable

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based (line, column)

MAX_FILE_BYTES = 2 * 1024 * 1024
# Nodes built again because an alias points at them; a legitimate file needs a few dozen.
MAX_ALIAS_EXPANSION = 200_000
# Nesting levels; real content needs fewer than ten, and this bounds recursion.
MAX_DEPTH = 64

_YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = _YAML_TAG + "str"
INT_TAG = _YAML_TAG + "int"
FLOAT_TAG = _YAML_TAG + "float"
BOOL_TAG = _YAML_TAG + "bool"
NULL_TAG = _YAML_TAG + "null"
SEQ_TAG = _YAML_TAG + "seq"
MAP_TAG = _YAML_TAG + "map"

# Plain scalars that are not strings (YAML 1.2 core, narrowed: decimal only, no leading zero,
# no .inf/.nan, no "+" sign: "+33 4 77…" and "+33477445400" are phone numbers, and a
# number field still reads "+5" written as text). Anything else is a string.
_SCALAR_PATTERNS: dict[str, re.Pattern[str]] = {
    NULL_TAG: re.compile(r"^(?:~|null|Null|NULL|)\Z"),
    BOOL_TAG: re.compile(r"^(?:true|True|TRUE|false|False|FALSE)\Z"),
    INT_TAG: re.compile(r"^-?(?:0|[1-9][0-9]*)\Z"),
    FLOAT_TAG: re.compile(r"^-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z"),
}


class _CoreResolver(BaseResolver):
    """Resolves plain scalars with the patterns above; quoted scalars are always strings."""


# Order matters: the first matching resolver wins, so integers are tried before floats.
_CoreResolver.add_implicit_resolver(NULL_TAG, _SCALAR_PATTERNS[NULL_TAG], ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(BOOL_TAG, _SCALAR_PATTERNS[BOOL_TAG], list("tTfF"))
_CoreResolver.add_implicit_resolver(INT_TAG, _SCALAR_PATTERNS[INT_TAG], list("-0123456789"))
_CoreResolver.add_implicit_resolver(FLOAT_TAG, _SCALAR_PATTERNS[FLOAT_TAG], list("-0123456789."))


class _TooDeep(Exception):
    def __init__(self, mark: Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _AliasBomb(Exception):
    def __init__(self, mark: Mark) -> None:
        super().__init__("alias bomb")
        self.mark = mark


class _Composing(Composer, _CoreResolver):
    """Events -> nodes with our resolver, stopping deep nesting (no constructor: nothing is
    instantiated). The events come from PyYAML's Python parser or from libyaml's."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # PyYAML composes recursively: stop deep nesting before Python's recursion limit.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.next_event_mark())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def next_event_mark(self) -> Mark:
        # Both parsers provide peek_event (the composer is a mixin; untyped in types-PyYAML).
        event = self.peek_event()  # type: ignore[attr-defined]
        mark: Mark = event.start_mark
        return mark


class _NodeComposer(Reader, Scanner, Parser, _Composing):
    """PyYAML's pure-Python pipeline: slow, but its error messages are the ones we explain."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


class _FastNodeComposer(_Composing, CParser):
    """libyaml's scanner and parser (C, ~4x faster on a whole network) under the same
    composer; used for files that parse, the Python pipeline explains the others."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        _CoreResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """PyYAML's ``Composer.compose_node`` in one method (half the time of loading a
        whole network); anything it would refuse is left to the Python path, which explains.
        """
        event: Any = self.peek_event()
        kind, anchor = type(event), event.anchor
        if kind is AliasEvent:
            self.get_event()
            if anchor not in self.anchors:
                raise _Fallback  # undefined alias
            node: Node = self.anchors[anchor]
            return node
        if anchor is not None and anchor in self.anchors:
            raise _Fallback  # duplicate anchor
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            self.get_event()
            tag = event.tag
            implicit_tag = tag is None or tag == "!"
            if kind is ScalarEvent:
                if implicit_tag:
                    tag = self.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
                # libyaml's plain style is "", PyYAML's (and ours) None
                node = ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, event.style or None
                )
                if anchor is not None:
                    self.anchors[anchor] = node
                return node
            if kind is SequenceStartEvent:
                if implicit_tag:
                    tag = self.resolve(SequenceNode, None, event.implicit)  # type: ignore[no-untyped-call]
                items: list[Node | None] = []
                node = SequenceNode(tag, items, event.start_mark, None, event.flow_style)
                if anchor is not None:
                    self.anchors[anchor] = node
                while not self.check_event(SequenceEndEvent):
                    items.append(self.compose_node(node, len(items)))
            else:
                if implicit_tag:
                    tag = self.resolve(MappingNode, None, event.implicit)  # type: ignore[no-untyped-call]
                pairs: list[tuple[Node | None, Node | None]] = []
                node = MappingNode(tag, pairs, event.start_mark, None, event.flow_style)
                if anchor is not None:
                    self.anchors[anchor] = node
                while not self.check_event(MappingEndEvent):
                    key = self.compose_node(node, 0)
                    pairs.append((key, self.compose_node(node, 0)))
            end: Any = self.get_event()
            node.end_mark = end.end_mark
            return node
        finally:
            self._depth -= 1


class _Fallback(Exception):
    """The fast path does not handle this file: the Python path will."""


@dataclass(frozen=True)
class LoadedDocument:
    """One YAML file as plain values, with the position of every value and key."""

    path: str  # as shown to staff, relative to the project root
    data: Any
    # Path of keys/indices -> (line, column) of the value; () is the document root.
    locations: Mapping[FieldPath, Position] = field(repr=False)
    # Path -> (line, column) of the key token, for mapping entries.
    key_locations: Mapping[FieldPath, Position] = field(repr=False)
    # Path of an alias (*name) -> path of the anchor (&name) it repeats, so that a mistake
    # in a shared block is reported once, where it is written.
    aliases: Mapping[FieldPath, FieldPath] = field(default_factory=dict, repr=False)

    def locate(self, path: Sequence[str | int]) -> Location:
        """Position of the value at ``path``, or of its nearest known ancestor."""
        return self._location(self._nearest(self.locations, path))

    def locate_key(self, path: Sequence[str | int]) -> Location:
        """Position of the key naming ``path`` (for "unknown key"), else of the value."""
        position = self.key_locations.get(tuple(path))
        if position is None:
            return self.locate(path)
        return self._location(position)

    def _location(self, position: Position) -> Location:
        return Location(self.path, position[0], position[1])

    @staticmethod
    def _nearest(table: Mapping[FieldPath, Position], path: Sequence[str | int]) -> Position:
        key = tuple(path)
        while key and key not in table:
            key = key[:-1]
        return table.get(key, (1, 1))


def load_document(file: Path, display_path: str) -> LoadedDocument:
    """Read, decode and parse one staff file. Raises ``ContentErrors`` on any problem."""
    return _parse(_decode(_read(file, display_path), display_path), display_path)


# A Markdown page's front matter, as MkDocs reads it (mkdocs.utils.meta.YAML_RE): "---" on the
# first line, the YAML, then "---" or "..." alone on a line.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class FrontMatterDocument:
    """A Markdown file (a news post): its front matter with positions, and its text."""

    document: LoadedDocument
    body: str


def load_front_matter(file: Path, display_path: str) -> FrontMatterDocument:
    """Read a Markdown file's front matter like a YAML file (same checks, same messages);
    line numbers are the Markdown file's. Raises ``ContentErrors`` on any problem."""
    text = _decode(_read(file, display_path), display_path)
    match = _FRONT_MATTER.match(text)
    if match is None:
        _fail(display_path, (1, 1), "news.no_front_matter")
    # A blank first line in place of "---": the YAML keeps the file's line numbers.
    document = _parse("\n" + (match.group(1) or ""), display_path)
    return FrontMatterDocument(document, text[match.end() :])


def _parse(text: str, display_path: str) -> LoadedDocument:
    _refuse_invisible_characters(text, display_path)
    root = _compose(text, display_path)
    if root is None or _is_empty_scalar(root):
        _fail(display_path, (1, 1), "load.empty_file")

    builder = _ValueBuilder(display_path)
    try:
        data = builder.build(root, ())
    except _AliasBomb as bomb:
        _fail(display_path, _position(bomb.mark), "load.alias_bomb")
    except _TooDeep as deep:
        _fail(display_path, _position(deep.mark), "load.too_deep", limit=MAX_DEPTH)
    if builder.errors:
        raise ContentErrors(builder.errors)
    if isinstance(root, SequenceNode):
        _fail(display_path, _position(root.start_mark), "load.root_is_list")
    if not isinstance(root, MappingNode):
        _fail(display_path, _position(root.start_mark), "load.root_is_scalar")
    return LoadedDocument(
        display_path, data, builder.locations, builder.key_locations, builder.aliases
    )


# --- bytes and characters -------------------------------------------------------------


def _read(file: Path, display_path: str) -> bytes:
    try:
        # Check the size before reading so a huge file is not loaded into memory.
        size = file.stat().st_size
        raw = file.read_bytes() if size <= MAX_FILE_BYTES else b""
        size = max(size, len(raw))
    except OSError as error:
        _fail(display_path, (1, 1), os_reason(error))
    if size > MAX_FILE_BYTES:
        _fail(
            display_path,
            (1, 1),
            "load.file_too_large",
            size_kb=math.ceil(size / 1024),
            limit_kb=MAX_FILE_BYTES // 1024,
        )
    return raw


# The first bytes of the files staff may save under a .yml name by mistake.
_MAGIC_NUMBERS = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"%PDF-": "pdf",
    b"PK\x03\x04": "zip",  # also .docx, .xlsx, .odt
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "office",  # .doc, .xls
    b"{\\rtf": "rtf",
}


def _decode(raw: bytes, display_path: str) -> str:
    for magic, kind in _MAGIC_NUMBERS.items():
        if raw.startswith(magic):
            _fail(display_path, (1, 1), "load.binary." + kind)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        _fail(display_path, (1, 1), "load.utf16")
    if raw[:4096].count(0) > 8:  # text holds no NUL byte (one pasted NUL is located below)
        _fail(display_path, (1, 1), "load.binary.other")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
        line_start = raw.rfind(b"\n", 0, bad) + 1
        line_end = raw.find(b"\n", bad)
        line_bytes = raw[line_start : len(raw) if line_end < 0 else line_end]
        # Everything before the first bad byte is valid UTF-8; columns count characters.
        column = len(raw[line_start:bad].decode("utf-8")) + 1
        _fail(
            display_path,
            (raw.count(b"\n", 0, bad) + 1, column),
            "load.not_utf8",
            byte=f"{raw[bad]:02X}",
            excerpt=_shorten(line_bytes.decode("cp1252", errors="replace").strip()),
        )


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: text whose every other byte is zero."""
    head = raw[:200]
    if len(head) < 4:
        return False
    evens, odds = head[0::2], head[1::2]
    zero_evens, zero_odds = evens.count(0) / len(evens), odds.count(0) / len(odds)
    # ASCII text in UTF-16: one half of the bytes zero, the other half not.
    return max(zero_evens, zero_odds) > 0.7 and min(zero_evens, zero_odds) < 0.1


# --- the character policy (see content/guide/format.md, "Caractères refusés") ----------------

# Refused anywhere in a file. C0/C1 controls (NUL, BEL, ESC, vertical tab, form feed, NEL)
# mean nothing in text; bidi embedding/override/isolate controls reorder what a reader sees
# ("Trojan Source"); U+2028/2029 break lines where no editor shows a break; a zero-width
# space or a byte order mark inside the file hides itself in a word or a key; the rest are
# not characters at all. Tab and line ends are text.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u180e\u200b\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)
# Refused in keys (and, by the models, in identifiers): every invisible or spacing character
# but the ordinary space, including those free text may keep (a zero-width joiner inside
# an emoji sequence, a soft hyphen, a left-to-right mark).
_KEY_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"})
MAX_CHARACTER_ERRORS = 20  # one pasted paragraph can hold hundreds: the first are enough


# Unicode gives controls no name, only aliases (which unicodedata cannot look up backwards):
# those of the controls met in pasted text.
_CONTROL_ALIASES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def character_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and Unicode's name (a standard
    identifier, the same in every language)."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_ALIASES.get(code, "")
    return f"U+{code:04X} {name}".rstrip()


# Typographic look-alikes of the characters a structured value (postal code, phone, id,
# date, time) is made of: quotes (« » “ ” ‘ ’), primes (′), dashes, symbols, non-ASCII
# digits (full-width ４, Arabic-Indic…) and invisible or unusual spaces.
_LOOKALIKE_CATEGORIES = frozenset({"Pi", "Pf", "Ps", "Pe", "Pd", "Po", "Sk", "Sm", "Zs", "Cf"})


def lookalike_problem(text: str, spaces_allowed: bool = False) -> tuple[str, dict[str, Any]] | None:
    """Catalog key and parameters naming every look-alike of ``text`` (of the first one's
    kind: digits to retype, or characters to remove), or None."""
    found = _lookalikes(text, spaces_allowed)
    if not found:
        return None
    digits = unicodedata.category(found[0]) == "Nd"
    same_kind = [c for c in found if (unicodedata.category(c) == "Nd") == digits]
    listed = list(dict.fromkeys(same_kind))
    names = ", ".join(character_name(c) for c in listed[:3]) + (", …" if len(listed) > 3 else "")
    key = "validate.lookalike_digit" if digits else "validate.lookalike_character"
    return key, {"value": _shorten(text, 60), "names": names, "count": len(listed)}


def _lookalikes(text: str, spaces_allowed: bool) -> list[str]:
    found = []
    for char in text:
        if char.isascii():
            continue
        category = unicodedata.category(char)
        if spaces_allowed and category == "Zs":
            continue  # a phone number copied from a web page, grouped by no-break spaces
        if (
            category in _LOOKALIKE_CATEGORIES
            or category == "Nd"
            or "FULLWIDTH" in unicodedata.name(char, "")
        ):
            found.append(char)
    return found


def forbidden_in_key(char: str) -> bool:
    return unicodedata.category(char) in _KEY_CATEGORIES or (
        char != " " and unicodedata.category(char) == "Zs"
    )


def _refuse_invisible_characters(text: str, display_path: str) -> None:
    """Every forbidden character, at its line and column, with the field it sits in."""
    matches = list(FORBIDDEN_CHARACTERS.finditer(text))
    if not matches:
        return
    # Where each one sits: the file read again with a letter in its place (same positions,
    # and the letter stays inside the value it was typed in).
    paths = _FieldFinder(FORBIDDEN_CHARACTERS.sub("x", text))
    errors = []
    for match in matches[:MAX_CHARACTER_ERRORS]:
        char, index = match.group(), match.start()
        path, key_span = paths.at(index)
        key, params = "load.forbidden_character." + _character_kind(char), {}
        if key_span is not None:  # the key looks right and matches nothing: say so
            key, params = "load.key_character", {"key": _shorten(text[slice(*key_span)].strip())}
        params["name"] = character_name(char)
        location = Location(display_path, *_index_position(text, index))
        errors.append(ContentError(location, format_path(path), key, params))
    raise ContentErrors(errors)


def _character_kind(char: str) -> str:
    """Why it is refused: the message load.forbidden_character.<kind> says it."""
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    if char in "\x0b\x0c\x85\u2028\u2029":
        return "line_break"
    if code in (0x200B, 0x180E, 0xFEFF):
        return "zero_width"
    if unicodedata.category(char) == "Cc":
        return "control"
    return "not_a_character"


class _FieldFinder:
    """Path of the value (or key) written at a given place in a file; () when unknown."""

    def __init__(self, text: str) -> None:
        # (start, end, path, is a key)
        self.spans: list[tuple[int, int, FieldPath, bool]] = []
        root: Node | None = None
        # Both parsers' marks count characters, as the printed positions do; libyaml first
        # (a 2 MB file in a second), PyYAML for what libyaml refuses.
        for loader in (yaml.CSafeLoader, yaml.SafeLoader):
            try:
                root = yaml.compose(text, Loader=loader)
                break
            except (YAMLError, RecursionError):
                continue
        else:
            return
        if root is not None:
            self._collect(root, ())

    def _collect(self, node: Node, path: FieldPath) -> None:
        if len(path) > MAX_DEPTH or len(self.spans) > 100_000:
            return
        self.spans.append((node.start_mark.index, node.end_mark.index, path, False))
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self._collect(item, (*path, index))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    # In a key: the key itself is broken, its block is the field to show.
                    self.spans.append((key.start_mark.index, key.end_mark.index, path, True))
                    self._collect(value, (*path, str(key.value)))

    def at(self, index: int) -> tuple[FieldPath, tuple[int, int] | None]:
        """The innermost value or key holding ``index``; the key's span when it is one."""
        best: tuple[int, int, FieldPath, bool] = (0, 0, (), False)
        for span in self.spans:
            start, end, path, _ = span
            if start <= index < end and (end - start <= best[1] - best[0] or not best[1]):
                best = span
        start, end, path, is_key = best
        return path, (start, end) if is_key else None


# --- YAML syntax -----------------------------------------------------------------------


def _compose(text: str, display_path: str) -> Node | None:
    parsed, root = _compose_fast(text)
    if parsed:
        return root
    try:
        composer = _NodeComposer(text)
        try:
            if not composer.check_node():
                return None
            root = composer.get_node()
            if composer.check_node():
                second = composer.next_event_mark()
                _fail(display_path, _position(second), "load.multiple_documents")
            return root
        finally:
            composer.dispose()
    except _TooDeep as deep:
        _fail(display_path, _position(deep.mark), "load.too_deep", limit=MAX_DEPTH)
    except MarkedYAMLError as error:
        raise ContentErrors([_syntax_error(error, text, display_path)]) from None
    except (ReaderError, YAMLError) as error:
        _fail(display_path, (1, 1), "load.syntax.generic", detail=_shorten(str(error), 120))


def _compose_fast(text: str) -> tuple[bool, Node | None]:
    """(True, root node) by libyaml; (False, None) for anything but one well-formed document,
    which the Python parser then explains.

    libyaml accepts some tabs PyYAML refuses (and we explain): such files take the slow path.
    """
    if "\t" in text:
        return False, None
    try:
        composer = _FastNodeComposer(text)
        try:
            if not composer.check_node():
                return True, None  # an empty file
            root = composer.get_node()
            return (False, None) if composer.check_node() else (True, root)
        finally:
            composer.dispose()
    except (YAMLError, _TooDeep, _Fallback, ValueError):
        return False, None


def _syntax_error(error: MarkedYAMLError, text: str, display_path: str) -> ContentError:
    explanation, position, params = _explain(error, text)
    return ContentError(Location(display_path, *position), "", "load.syntax." + explanation, params)


def _explain(error: MarkedYAMLError, text: str) -> tuple[str, Position, dict[str, Any]]:
    """Turn PyYAML's English problem into a catalog key, a position and parameters."""
    problem, context = error.problem or "", error.context or ""
    here_mark = error.problem_mark or error.context_mark
    here = _position(here_mark) if here_mark else (1, 1)
    start = _position(error.context_mark) if error.context_mark else here

    nbsp = _colon_then_nbsp(text, [error.context_mark, error.problem_mark])
    if nbsp is not None:
        return "nbsp_after_colon", nbsp, {}
    odd_space = _odd_space_in_indentation(text, here_mark)
    if odd_space is not None:
        index, char = odd_space
        return "odd_space_indentation", _index_position(text, index), {"name": character_name(char)}
    glued_dash = _glued_dash(text, here_mark)
    if glued_dash is not None:
        return "dash_without_space", glued_dash, {}
    if "'\\t'" in problem and "cannot start any token" in problem:
        if here_mark is not None and _after_content(text, here_mark):
            # After the text: at the end of the line, or between a dash and its item.
            line_end = text.find("\n", here_mark.index)
            rest = text[here_mark.index : len(text) if line_end < 0 else line_end]
            return ("trailing_tab" if not rest.strip() else "tab_separator"), here, {}
        return "tab", here, {}
    if "quoted scalar" in context and ("end of stream" in problem or "separator" in problem):
        return "unclosed_quote", start, {"quote": _char_at(text, error.context_mark)}
    if problem.startswith("could not find expected ':'"):
        glued = _glued_colon(text, error.context_mark)
        if glued is not None:  # "region:Île-de-France" reads as a key without its colon
            return "missing_space_after_colon", glued, {}
        lookalike = _lookalike_colon(text, error.context_mark)
        if lookalike is not None:  # "region： Île": a full-width colon is not a colon
            index, char = lookalike
            return "lookalike_colon", _index_position(text, index), {"name": character_name(char)}
        return "missing_colon", start, {}
    if problem.startswith("expected ',' or ']'"):
        return "unclosed_bracket", start, {"bracket": "["}
    if problem.startswith("expected ',' or '}'"):
        return "unclosed_bracket", start, {"bracket": "{"}
    if found := re.match(r"found character (.+) that cannot start any token", problem):
        return "reserved_character", here, {"char": _unrepr(found.group(1))}
    if found := re.match(r"found undefined alias (.+)", problem):
        return "undefined_alias", here, {"name": _shorten(_unrepr(found.group(1)))}
    if ("alias" in context or "anchor" in context) and "alphabetic or numeric" in problem:
        return "anchor_or_alias_character", start, {}
    if problem.startswith("found unknown escape character"):
        return "unknown_escape", here, {}
    if found := re.match(r"found duplicate anchor (.+); first occurrence", context):
        return "duplicate_anchor", here, {"name": _unrepr(found.group(1)), "first_line": start[0]}
    if problem == "mapping values are not allowed here" and here_mark is not None:
        return _explain_unexpected_colon(text, here_mark)
    if problem == "sequence entries are not allowed here":
        return "dash_in_value", here, {}
    if "block scalar" in context and "expected a comment or a line break" in problem:
        return "text_after_block_indicator", here, {}  # "description: | Texte…"
    if problem.startswith("expected <block end>"):
        return _explain_block_end(error, text, context, problem, here)
    detail = ", ".join(part for part in (context, problem) if part)
    return "generic", here, {"detail": _shorten(detail, 120)}


def _explain_unexpected_colon(text: str, mark: Mark) -> tuple[str, Position, dict[str, Any]]:
    line_start = text.rfind("\n", 0, mark.index) + 1
    before = text[line_start : mark.index]
    if re.search(r":(?:\s|$)", before):
        # "title: Réunion: stress" - a second "key: " on the same line.
        return "colon_in_value", _position(mark), {}
    previous = _previous_content_line(text, line_start)
    if previous is not None:
        previous_start, previous_text = previous
        # "name:Roannais" on the line above: the first colon is not followed by a space.
        glued = re.match(r"\s*(?:-\s+)?[^\s#'\"\[{][^:#]*:(?=[^\s:/])", previous_text)
        if glued is not None:
            colon = previous_start + glued.end() - 1
            return "missing_space_after_colon", _index_position(text, colon), {}
    return "unexpected_indent", _position(mark), {}


def _explain_block_end(
    error: MarkedYAMLError, text: str, context: str, problem: str, here: Position
) -> tuple[str, Position, dict[str, Any]]:
    if ("block collection" in context and "'?'" in problem) or (
        "block mapping" in context and "'-'" in problem
    ):
        return "mixed_list_and_keys", here, {}
    mark = error.problem_mark
    if "'<scalar>'" in problem and mark is not None:
        quoted = _last_quoted_scalar_before(text, mark)
        if quoted is not None and quoted.start_mark.line != quoted.end_mark.line:
            # A quote left open runs to the next quote, lines later.
            return "unclosed_quote", _position(quoted.start_mark), {"quote": quoted.style}
        if quoted is not None and quoted.end_mark.line == mark.line:
            return "text_after_quote", here, {}
    return "indentation", here, {}


def _last_quoted_scalar_before(text: str, mark: Mark) -> ScalarToken | None:
    last: ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, ScalarToken) and token.style in ('"', "'"):
                last = token
    except YAMLError:
        pass
    return last


def _glued_colon(text: str, mark: Mark | None) -> Position | None:
    """Position of the colon in "key:value" at the start of the line of ``mark``, if any."""
    if mark is None:
        return None
    line_start = text.rfind("\n", 0, mark.index) + 1
    glued = _GLUED_KEY.match(text, line_start)
    return None if glued is None else _index_position(text, glued.end() - 1)


# "name:Roannais": a key, then a colon followed by neither a space nor a second colon.
_GLUED_KEY = re.compile(r"[ \t]*(?:-\s+)?[^\s#'\"\[{][^:#\n]*:(?=[^\s:/])")


# "name:\u00a0Roannais" at the start of a line: a key whose colon is followed by a no-break
# space (Alt+Space on a Mac), which YAML reads as text, not as the end of the key.
# The same after a list dash ("-\u00a0number: 3"), and any other unusual space (a narrow
# no-break space, typed by some French keyboard layouts).
_NBSP_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:-|[^\s#'\"\[{:][^:#\n]*:)[^\S\n\r\t ]", re.MULTILINE)
# Spaces YAML does not count as indentation, though they look like it.
_ODD_SPACE = re.compile(r"^ *([^\S\n\r\t ])", re.MULTILINE)


def _colon_then_nbsp(text: str, marks: Sequence[Mark | None]) -> Position | None:
    """The last "key:\u00a0value" up to the error: YAML reports the problem lines later."""
    end = max((mark.index for mark in marks if mark is not None), default=len(text))
    line_end = text.find("\n", end)
    found = list(_NBSP_KEY.finditer(text, 0, len(text) if line_end < 0 else line_end))
    return _index_position(text, found[-1].end() - 1) if found else None


def _odd_space_in_indentation(text: str, mark: Mark | None) -> tuple[int, str] | None:
    """A no-break (or other) space inside the indentation, up to the error's line."""
    end = len(text) if mark is None else text.find("\n", mark.index)
    found = list(_ODD_SPACE.finditer(text, 0, len(text) if end < 0 else end))
    return (found[-1].start(1), found[-1].group(1)) if found else None


def _glued_dash(text: str, mark: Mark | None) -> Position | None:
    """ "-number: 3": a list dash without its space, on the error's line or the one above."""
    if mark is None:
        return None
    line_start = text.rfind("\n", 0, mark.index) + 1
    lines = [(line_start, text[line_start : mark.index])]
    previous = _previous_content_line(text, line_start)
    if previous is not None:
        lines.append(previous)
    for start, line in lines:
        glued = re.match(r"[ \t]*-(?=[^\s\d-])", line)
        if glued is not None:
            return _index_position(text, start + glued.end() - 1)
    return None


# Characters that look like a colon and are not one (full-width, ratio, modifier letter).
_LOOKALIKE_COLONS = re.compile("[\uff1a\u2236\ua789\u02d0\ufe55\u0589]")


def _lookalike_colon(text: str, mark: Mark | None) -> tuple[int, str] | None:
    if mark is None:
        return None
    line_start = text.rfind("\n", 0, mark.index) + 1
    line_end = text.find("\n", mark.index)
    found = _LOOKALIKE_COLONS.search(text, line_start, len(text) if line_end < 0 else line_end)
    return None if found is None else (found.start(), found.group())


def _after_content(text: str, mark: Mark) -> bool:
    """Something other than indentation before ``mark`` on its line (a trailing tab)."""
    line_start = text.rfind("\n", 0, mark.index) + 1
    return text[line_start : mark.index].strip() != ""


def _previous_content_line(text: str, line_start: int) -> tuple[int, str] | None:
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            return start, line
        end = start - 1
    return None


# --- values ------------------------------------------------------------------------------


class _ValueBuilder:
    """Turns composed nodes into plain values, recording where each one was written."""

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.locations: dict[FieldPath, Position] = {}
        self.key_locations: dict[FieldPath, Position] = {}
        self.errors: list[ContentError] = []
        self.aliases: dict[FieldPath, FieldPath] = {}
        # A node met a second time was reached through an alias: node -> its first path.
        self._built: dict[int, FieldPath] = {}
        self._in_progress: set[int] = set()
        self._expanded = 0

    def build(self, node: Node, path: FieldPath, via_alias: bool = False) -> Any:
        node_id = id(node)
        if node_id in self._in_progress:
            self._error(node, path, "load.recursive_alias")
            return None
        first = self._built.setdefault(node_id, path)
        if first is not path:
            if not via_alias:
                self.aliases[path] = first
            via_alias = True
        if via_alias:
            self._expanded += 1
            if self._expanded > MAX_ALIAS_EXPANSION:
                raise _AliasBomb(node.start_mark)
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        self.locations[path] = _position(node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self._in_progress.add(node_id)
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, path, via_alias)
            if isinstance(node, MappingNode):
                return self._mapping(node, path, via_alias)
            return None
        finally:
            self._in_progress.discard(node_id)

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        tag, text = node.tag, str(node.value)
        if tag == STR_TAG:
            # Written as an escape between double quotes ("\u202e"): the file itself was
            # clean, the value is not.
            forbidden = FORBIDDEN_CHARACTERS.search(text) if node.style == '"' else None
            if forbidden is not None:
                char = forbidden.group()
                key = "load.forbidden_character." + _character_kind(char)
                self._error(node, path, key, name=character_name(char))
                return None
            return text
        pattern = _SCALAR_PATTERNS.get(tag)
        if pattern is None:
            self._error(node, path, "load.forbidden_tag", tag=_short_tag(tag))
            return None
        if not pattern.match(text):
            self._error(node, path, "load.tag_mismatch", tag=_short_tag(tag), value=_shorten(text))
            return None
        if tag == NULL_TAG:
            return None
        if tag == BOOL_TAG:
            return text.lower() == "true"
        try:
            number: int | float = int(text) if tag == INT_TAG else float(text)
        except ValueError:  # more digits than Python converts
            number = math.inf
        if isinstance(number, float) and not math.isfinite(number):
            self._error(node, path, "load.number_out_of_range", value=_shorten(text))
            return None
        return number

    def _sequence(self, node: SequenceNode, path: FieldPath, via_alias: bool) -> Any:
        if node.tag != SEQ_TAG:
            self._error(node, path, "load.forbidden_tag", tag=_short_tag(node.tag))
            return None
        return [
            self.build(item, (*path, index), via_alias) for index, item in enumerate(node.value)
        ]

    def _mapping(self, node: MappingNode, path: FieldPath, via_alias: bool) -> Any:
        if node.tag != MAP_TAG:
            self._error(node, path, "load.forbidden_tag", tag=_short_tag(node.tag))
            return None
        values: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        previous: Node | None = None
        for key_node, value_node in node.value:
            if _decimal_comma(node, previous, key_node):
                assert previous is not None
                # "{lat: 45,9, lon: 4,07}": the comma split the number, "9" became a key.
                written = f"{previous.value},{key_node.value}"
                point = written.replace(",", ".")
                self._error(
                    previous, path, "load.decimal_comma", value=written, value_with_point=point
                )
                previous = value_node
                continue
            previous = value_node
            key = self._key(key_node, path)
            if key is None:
                continue
            child = (*path, key)
            if key in first_lines:
                self._error(
                    key_node,
                    child,
                    "load.duplicate_key",
                    key=_shorten(key),
                    first_line=first_lines[key],
                )
                continue
            first_lines[key] = key_node.start_mark.line + 1
            self.key_locations[child] = _position(key_node.start_mark)
            values[key] = self.build(value_node, child, via_alias)
        return values

    def _key(self, node: Node, path: FieldPath) -> str | None:
        if not isinstance(node, ScalarNode):
            self._error(node, path, "load.complex_key")
            return None
        text = str(node.value)
        if node.tag == STR_TAG:
            if text == "<<" and node.style is None:
                self._error(node, path, "load.merge_key")
                return None
            return self._checked_key(node, path, text)
        if node.tag not in _SCALAR_PATTERNS:
            self._error(node, path, "load.forbidden_tag", tag=_short_tag(node.tag))
        elif text == "":
            self._error(node, path, "load.empty_key")
        else:
            self._error(node, path, "load.non_string_key", key=_shorten(text))
        return None

    def _checked_key(self, node: ScalarNode, path: FieldPath, text: str) -> str | None:
        """A key holding an invisible character looks right and matches nothing ("name"
        with a zero-width space): name the character, at its column."""
        for offset, char in enumerate(text):
            if forbidden_in_key(char):
                line, column = _position(node.start_mark)
                quoted = 1 if node.style in ('"', "'") else 0
                where = Location(self.display_path, line, column + quoted + offset)
                self.errors.append(
                    ContentError(
                        where,
                        format_path(path),
                        "load.key_character",
                        {"key": _shorten(text.strip()), "name": character_name(char)},
                    )
                )
                return None
        if node.style is None and re.match(r"-[^\s-]", text):
            # "-number: 3": a list item needs a space after its dash.
            self._error(node, path, "load.dash_without_space", key=_shorten(text))
            return None
        return text

    def _error(self, node: Node, path: FieldPath, message_key: str, **params: Any) -> None:
        location = Location(self.display_path, *_position(node.start_mark))
        self.errors.append(ContentError(location, format_path(path), message_key, params))


# --- helpers -----------------------------------------------------------------------------


def _fail(display_path: str, position: Position, key: str, **params: Any) -> NoReturn:
    """Raise a single load error: these problems stop the reading of the file."""
    raise ContentErrors([ContentError(Location(display_path, *position), "", key, params)])


def _position(mark: Mark) -> Position:
    return mark.line + 1, mark.column + 1


def _index_position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decimal_comma(mapping: MappingNode, previous: Node | None, key: Node) -> bool:
    return (
        bool(mapping.flow_style)
        and isinstance(previous, ScalarNode)
        and previous.tag in (INT_TAG, FLOAT_TAG)
        and isinstance(key, ScalarNode)
        and key.tag == INT_TAG
        and key.style is None
    )


def _is_empty_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.value == ""


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _char_at(text: str, mark: Mark | None) -> str:
    if mark is None or not 0 <= mark.index < len(text):
        return '"'
    return text[mark.index]


def _unrepr(quoted: str) -> str:
    """PyYAML quotes names with ``%r``: ``'@'`` -> ``@``."""
    if len(quoted) >= 2 and quoted[0] == quoted[-1] and quoted[0] in "'\"":
        return quoted[1:-1]
    return quoted


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())  # one line per problem, whatever the value held
    return text if len(text) <= limit else text[: limit - 1] + "…"
