"""Which files of ``content/`` the site reads and publishes: the folder is a boundary.

Nothing whose real path is outside ``content/`` is read or published (a symbolic link to
``/etc/passwd`` named ``page.md`` would otherwise become a page and enter the search
index), staff data (YAML, in any letter case of its extension, and anything in
``territoires/``) is never published as a file, and every odd entry — a folder named
``x.yml``, a link loop, a named pipe that would block a build — is one located error.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plato_site.errors import ContentError, Location

NETWORK_FILE = "reseau.yml"
TERRITORIES_DIR = "territoires"
YAML_SUFFIXES = (".yml", ".yaml")

# The folders MkDocs never publishes (exclude_docs' default, dot-folders): not walked.
_HIDDEN = re.compile(r"^\.")
# "roannais - Copie.yml", "Copie de roannais.yml", "roannais (2).yml", "roannais copy.yml":
# the names Windows, macOS and file managers give a copy.
_COPY_MARKS = (
    re.compile(r"(?i)^(?:copie de |copy of )"),
    re.compile(r"(?i)[\s_-]*\(?\b(?:copie|copy)\b\)?(?:[\s_-]*\(?\d+\)?)?$"),
    re.compile(r"\s*\(\d+\)$"),
)


def is_yaml(name: str) -> bool:
    """A YAML file, whatever the letter case of its extension (``.YML``, ``.Yaml``)."""
    return name.lower().endswith(YAML_SUFFIXES)


def _holds_yaml(name: str) -> bool:
    """YAML or a copy of it (``roannais.yml~``, ``roannais.yml.bak``): staff data."""
    return re.search(r"\.ya?ml(?:\W|$)", name, re.IGNORECASE) is not None


@dataclass(frozen=True)
class ContentFiles:
    """The YAML files to read, and every problem met on the way."""

    network: Path | None
    territories: list[Path]
    errors: list[ContentError] = field(default_factory=list)


def discover(content_dir: Path, root: Path) -> ContentFiles:
    """``reseau.yml`` and ``territoires/*.yml``, checked against the boundary."""
    errors = boundary_errors(content_dir, root)
    refused = {error.location.file for error in errors}
    candidate = content_dir / NETWORK_FILE
    network: Path | None = candidate
    shown = display(candidate, root)
    if shown in refused or not _inside(os.path.realpath(candidate), os.path.realpath(content_dir)):
        network = None
    elif candidate.is_dir():
        errors.append(ContentError(Location(shown), "", "load.files.network_is_folder"))
        network = None
    elif not candidate.exists() and not candidate.is_symlink():
        variant = _case_variant(content_dir, NETWORK_FILE)
        if variant is not None:  # "Reseau.yml", "reseau.YML": saved by another system
            found = {"name": variant, "expected": NETWORK_FILE}
            errors.append(ContentError(Location(shown), "", "load.files.network_case", found))
        else:
            errors.append(ContentError(Location(shown), "", "validate.network_missing"))
        network = None

    territories: list[Path] = []
    folder = content_dir / TERRITORIES_DIR
    top = os.path.realpath(content_dir)
    for path in _entries(folder, root, errors):
        # Hidden files are an editor's (Emacs' lock ".#roannais.yml"), never a territory;
        # and nothing is read from outside content/, even through a linked folder.
        if _HIDDEN.match(path.name) or not is_yaml(path.name) or display(path, root) in refused:
            continue
        if not _inside(os.path.realpath(path), top):
            continue  # reported by boundary_errors (the link on the way)
        if path.is_dir():
            errors.append(
                ContentError(
                    Location(display(path, root)),
                    "",
                    "load.files.folder_named_yaml",
                    {"name": path.name},
                )
            )
            continue
        territories.append(path)
    errors += _copies(territories, root)
    copies = {error.location.file for error in errors}
    kept = [path for path in territories if display(path, root) not in copies]
    return ContentFiles(network, kept, errors)


def _case_variant(folder: Path, name: str) -> str | None:
    try:
        return next((p.name for p in folder.iterdir() if p.name.lower() == name.lower()), None)
    except OSError:
        return None


def _entries(folder: Path, root: Path, errors: list[ContentError]) -> list[Path]:
    if not folder.is_dir():
        return []
    try:
        return sorted(folder.iterdir())
    except OSError as error:
        errors.append(unreadable(folder, root, error))
        return []


def _copies(territories: list[Path], root: Path) -> list[ContentError]:
    """A copy saved beside its original is blamed once, on the copy, never on the original
    (whose groups it would otherwise claim, the copy's name sorting first)."""
    stems = {path.stem.lower(): path for path in territories if path.suffix.islower()}
    errors: list[ContentError] = []
    for path in territories:
        stripped = _without_copy_marks(path.stem)
        original = stems.get(stripped)
        if stripped == path.stem.lower() and path.suffix.islower():
            original = None  # not a copy by its name (nor "bievre.YML" beside "bievre.yml")
        if original is not None and original != path:
            errors.append(
                ContentError(
                    Location(display(path, root)),
                    "",
                    "load.files.copy_of",
                    {"name": path.name, "original": original.name},
                )
            )
    return errors


def _without_copy_marks(stem: str) -> str:
    text = stem
    for _ in range(3):  # "Copie de roannais - Copie (2)"
        for mark in _COPY_MARKS:
            text = mark.sub("", text)
    return text.strip().lower()


# --- the boundary ---------------------------------------------------------------------------


def boundary_errors(content_dir: Path, root: Path) -> list[ContentError]:
    """Every entry of ``content/`` that would take the build outside it or block it."""
    errors: list[ContentError] = []
    if not content_dir.is_dir():
        return errors
    top = os.path.realpath(content_dir)
    for entry in _walk(content_dir, errors, root):
        problem = _entry_problem(entry, top)
        if problem is not None:
            key, params = problem
            errors.append(ContentError(Location(display(Path(entry.path), root)), "", key, params))
    return errors


def _walk(folder: Path, errors: list[ContentError], root: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry, without following links (a link is checked, never walked into)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        errors.append(unreadable(folder, root, error))
        return
    for entry in entries:
        if _HIDDEN.match(entry.name):
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), errors, root)


def _entry_problem(entry: os.DirEntry[str], top: str) -> tuple[str, dict[str, str]] | None:
    try:
        if entry.is_symlink():
            return _link_problem(entry.path, top)
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return os_reason(error), {}
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "load.files.special_file", {}
    if not os.access(entry.path, os.R_OK):  # MkDocs would stop on it with a traceback
        return "load.unreadable.permission", {}
    return None


def _link_problem(path: str, top: str) -> tuple[str, dict[str, str]] | None:
    target = os.readlink(path)
    try:
        real = Path(path).resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop so
        return "load.files.link_loop", {}
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "load.files.link_loop", {}
        return "load.files.link_broken", {"target": target}
    if not _inside(str(real), top):
        return "load.files.link_outside", {"target": target}
    if real.is_dir():
        return "load.files.link_to_folder", {"target": target}
    if not real.is_file():
        return "load.files.special_file", {}
    return None


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def publishable(content_dir: Path, src_uri: str) -> bool:
    """May MkDocs copy or render this file of ``content/``? Not staff data, not a file from
    outside the boundary (checked again here: the build must never rely on one check)."""
    if src_uri.split("/", 1)[0] == TERRITORIES_DIR or _holds_yaml(src_uri.rsplit("/", 1)[-1]):
        return False
    top = os.path.realpath(content_dir)
    path = os.path.join(content_dir, *src_uri.split("/"))
    # No symbolic link on the way to a folder (a link loop repeats the tree endlessly).
    folder = os.path.dirname(path)
    if os.path.realpath(folder) != os.path.join(top, *src_uri.split("/")[:-1]).rstrip(os.sep):
        return False
    return _inside(os.path.realpath(path), top) and os.path.isfile(path)


# --- shared with the loader ------------------------------------------------------------------


def os_reason(error: OSError) -> str:
    """The catalog key of "cannot read this file", with the system's reason in staff words."""
    return "load.unreadable." + _REASONS.get(error.errno or 0, "other")


_REASONS = {
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EISDIR: "folder",
    errno.ELOOP: "link_loop",
    errno.ENOENT: "missing",
    errno.EIO: "disk",
    errno.ENAMETOOLONG: "name_too_long",
}


def unreadable(path: Path, root: Path, error: OSError) -> ContentError:
    return ContentError(Location(display(path, root)), "", os_reason(error))


def display(path: Path, root: Path) -> str:
    """The path as staff see it, relative to the project. ``realpath`` of the folder only:
    a link's own name is shown, and a link loop cannot raise here."""
    try:
        folder = Path(os.path.realpath(path.parent))
        return (folder / path.name).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return path.as_posix()
