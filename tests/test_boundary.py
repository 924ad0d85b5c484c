"""content/ is a boundary: nothing from outside it is read or published, staff data is never
published, and every odd entry of the folder (links, loops, pipes, folders named .yml,
unreadable files) or of the settings (plato options, theme.language) is one French line.

The cases git cannot hold (symbolic links, named pipes, unreadable files) are made here;
the others are in tests/bad_inputs.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from plato_site.content_files import publishable
from plato_site.derive import build_date
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site
from tests.helpers import REPO_ROOT
from tests.test_bad_inputs import (
    BASE,
    CORPUS,
    assert_reports,
    example_project_with,
    mkdocs_build,
    snapshot,
)

# Where the example mkdocs.yml names the plugin and the language (the settings cases edit them).
_MKDOCS_LINES = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
_PLATO_LINE = _MKDOCS_LINES.index("  - plato") + 1
_LANGUAGE_LINE = _MKDOCS_LINES.index("  language: fr") + 1

FR, EN = Catalog("fr"), Catalog("en")
TERRITORY = (CORPUS / "works-extension-uppercase" / "territoires" / "bievre.YML").read_bytes()


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root / "content")
    (root / "content" / "territoires" / "bievre.yml").write_bytes(TERRITORY)
    return root


def problems(root: Path) -> list[str]:
    """The French lines, with ordinary spaces inside « » (the catalog's are no-break)."""
    with pytest.raises(ContentErrors) as raised:
        load_site(root / "content", build_date(), root)
    lines = raised.value.format(FR)
    assert len(raised.value.format(EN)) == len(lines)
    return [plain_spaces(line) for line in lines]


def plain_spaces(text: str) -> str:
    return text.replace("\u00a0", " ")


def outside_file(tmp_path: Path, name: str, data: bytes) -> Path:
    secret = tmp_path / "elsewhere" / name
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(data)
    return secret


# --- links out of the folder: never read, never published ----------------------------------

OUTSIDE = [
    ("territoires/voisin.yml", "voisin.yml", TERRITORY),  # would become a territory
    ("reseau.yml", "reseau.yml", (BASE / "reseau.yml").read_bytes()),
    ("secret.md", "passwd", b"root:x:0:0:root:/root:/bin/bash\n"),  # a page in the search index
    ("images/logo.png", "logo.png", b"\x89PNG\r\n\x1a\n"),  # an asset
    ("guide/notes.md", "notes.md", b"# Notes\n"),
]


@pytest.mark.parametrize(("inside", "name", "data"), OUTSIDE, ids=[c[0] for c in OUTSIDE])
def test_a_link_out_of_content_is_refused_naming_the_file(
    tmp_path: Path, inside: str, name: str, data: bytes
) -> None:
    root = project(tmp_path)
    link = root / "content" / inside
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside_file(tmp_path, name, data))

    lines = problems(root)

    assert lines == [
        f"content/{inside}:1:1: lien symbolique vers « {tmp_path}/elsewhere/{name} », hors du "
        "dossier content/ : rien n'est lu ni publié hors de content/, copiez le fichier ici à "
        "la place du lien"
    ]


def test_a_relative_link_climbing_out_is_refused_too(tmp_path: Path) -> None:
    root = project(tmp_path)
    outside_file(tmp_path, "voisin.yml", TERRITORY)
    (root / "content" / "territoires" / "voisin.yml").symlink_to("../../../elsewhere/voisin.yml")
    assert problems(root)[0].startswith("content/territoires/voisin.yml:1:1: lien symbolique vers")


def test_a_territory_folder_linked_from_outside_is_not_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    shutil.rmtree(root / "content" / "territoires")
    outside_file(tmp_path, "bievre.yml", b"name: [unclosed\n")  # would be a syntax error
    (root / "content" / "territoires").symlink_to(tmp_path / "elsewhere")

    (line,) = problems(root)

    assert line.startswith(
        f"content/territoires:1:1: lien symbolique vers « {tmp_path}/elsewhere »"
    )


def test_hidden_files_of_editors_are_not_territories(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "content" / "territoires" / ".#bievre.yml").symlink_to("anne@poste.4242:1700000000")
    (root / "content" / "territoires" / ".bievre.yml.swp").write_bytes(b"\x00\x01binary")
    site = load_site(root / "content", build_date(), root)
    assert [t.slug for t in site.territories] == ["bievre"]


def test_a_link_inside_content_to_a_file_is_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "content" / "territoires" / "bievre.yml").rename(root / "content" / "bievre.data")
    (root / "content" / "territoires" / "bievre.yml").symlink_to("../bievre.data")
    site = load_site(root / "content", build_date(), root)
    assert [t.slug for t in site.territories] == ["bievre"]


# --- odd entries: one French line each, never a traceback ----------------------------------


def _loop(content: Path) -> None:
    (content / "territoires" / "a.yml").symlink_to("b.yml")
    (content / "territoires" / "b.yml").symlink_to("a.yml")


def _self_loop(content: Path) -> None:
    (content / "boucle.md").symlink_to("boucle.md")


def _folder_loop(content: Path) -> None:
    (content / "guide").mkdir()
    (content / "guide" / "retour").symlink_to("..")


def _broken(content: Path) -> None:
    (content / "territoires" / "ancien.yml").symlink_to("supprime.yml")


def _pipe(content: Path) -> None:
    os.mkfifo(content / "territoires" / "tube.yml")  # reading it would block the build


def _pipe_page(content: Path) -> None:
    os.mkfifo(content / "page.md")


def _network_folder(content: Path) -> None:
    (content / "reseau.yml").unlink()
    (content / "reseau.yml").mkdir()
    (content / "reseau.yml" / "reseau.yml").write_bytes((BASE / "reseau.yml").read_bytes())


def _network_upper_case(content: Path) -> None:
    (content / "reseau.yml").rename(content / "Reseau.YML")


ODD_ENTRIES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    (
        "network-file-in-upper-case",
        _network_upper_case,
        [
            "content/reseau.yml:1:1: fichier du réseau introuvable, mais « Reseau.YML » existe : "
            "renommez-le exactement reseau.yml (en minuscules)"
        ],
    ),
    (
        "link-loop-between-two-files",
        _loop,
        [
            "content/territoires/a.yml:1:1: lien symbolique qui renvoie à lui-même (boucle), "
            "supprimez-le",
            "content/territoires/b.yml:1:1: lien symbolique qui renvoie à lui-même (boucle), "
            "supprimez-le",
        ],
    ),
    (
        "link-to-itself",
        _self_loop,
        ["content/boucle.md:1:1: lien symbolique qui renvoie à lui-même (boucle), supprimez-le"],
    ),
    (
        "link-to-a-parent-folder",
        _folder_loop,
        [
            "content/guide/retour:1:1: lien symbolique vers le dossier « .. » : non pris en "
            "charge, remplacez-le par un vrai dossier"
        ],
    ),
    (
        "broken-link",
        _broken,
        [
            "content/territoires/ancien.yml:1:1: lien symbolique cassé (sa cible « supprime.yml » "
            "n'existe pas), supprimez-le"
        ],
    ),
    (
        "named-pipe-as-territory",
        _pipe,
        [
            "content/territoires/tube.yml:1:1: ce n'est pas un fichier ordinaire (tube, socket "
            "ou périphérique), supprimez-le de content/"
        ],
    ),
    (
        "named-pipe-as-page",
        _pipe_page,
        [
            "content/page.md:1:1: ce n'est pas un fichier ordinaire (tube, socket ou "
            "périphérique), supprimez-le de content/"
        ],
    ),
    (
        "network-file-is-a-folder",
        _network_folder,
        [
            "content/reseau.yml:1:1: c'est un dossier : content/reseau.yml doit être le fichier "
            "du réseau, renommez ce dossier"
        ],
    ),
]


@pytest.mark.parametrize(
    ("make", "expected"), [c[1:] for c in ODD_ENTRIES], ids=[c[0] for c in ODD_ENTRIES]
)
def test_an_odd_entry_is_one_french_line(
    tmp_path: Path, make: Callable[[Path], None], expected: list[str]
) -> None:
    root = project(tmp_path)
    make(root / "content")
    assert problems(root) == expected


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.EACCES, "accès refusé, vérifiez ses droits"),
        (errno.EIO, "erreur du disque"),
        (errno.ENAMETOOLONG, "nom ou chemin trop long"),
        (errno.EROFS, "vérifiez qu'il est bien enregistré dans content/"),
    ],
)
def test_an_unreadable_file_is_one_french_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    # Tests run as root, which reads any file: the system's refusal is simulated.
    root = project(tmp_path)
    real_read = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "bievre.yml":
            raise OSError(code, os.strerror(code))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (line,) = problems(root)
    assert line.startswith("content/territoires/bievre.yml:1:1: impossible de lire ce fichier")
    assert message in line and os.strerror(code) not in line


def test_an_unreadable_page_or_image_is_one_french_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MkDocs would stop on it with a traceback; as root every file is readable: simulated.
    root = project(tmp_path)
    (root / "content" / "page.md").write_text("# Page\n", encoding="utf-8")
    (root / "content" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    real_access = os.access
    refused = {"page.md", "logo.png"}
    monkeypatch.setattr(
        os, "access", lambda p, m: Path(p).name not in refused and real_access(p, m)
    )

    assert problems(root) == [
        f"content/{name}:1:1: impossible de lire ce fichier : accès refusé, vérifiez ses droits "
        "(ou fermez le programme qui le bloque)"
        for name in ("logo.png", "page.md")
    ]


# --- what MkDocs may publish ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "published"),
    [
        ("index.md", True),
        ("guide/format.md", True),
        ("stylesheets/plato.css", True),
        ("notes.yml", False),
        ("notes.YML", False),
        ("guide/archive.Yaml", False),
        ("reseau.yml.bak", False),
        ("reseau.yml~", False),
        ("territoires/lisez-moi.md", False),  # staff data only, nothing there is a page
        ("territoires/roannais.yml.orig", False),
    ],
)
def test_only_pages_and_assets_are_published(tmp_path: Path, src_uri: str, published: bool) -> None:
    content = tmp_path / "content"
    (content / src_uri).parent.mkdir(parents=True, exist_ok=True)
    (content / src_uri).write_bytes(b"x: 1\n")
    assert publishable(content, src_uri) is published


def test_a_file_reached_through_a_folder_link_is_not_published(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "guide").mkdir(parents=True)
    (content / "guide" / "page.md").write_text("# Page\n", encoding="utf-8")
    (content / "copie").symlink_to("guide")
    assert publishable(content, "guide/page.md")
    assert not publishable(content, "copie/page.md")


# --- a real build: the settings, and a link out of content/ -----------------------------------


def _settings(project: Path, old: str, new: str) -> None:
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new, 1), encoding="utf-8")


BUILD_CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    (
        "plato-options",
        lambda p: _settings(p, "  - plato\n", "  - plato:\n      feeds: oui\n      preview_: x\n"),
        [
            f"mkdocs.yml:{_PLATO_LINE + 1}:7: plugins.plato.feeds: l'option « feeds » du plugin "
            "plato vaut true ou false, trouvé « oui »",
            f"mkdocs.yml:{_PLATO_LINE + 2}:7: plugins.plato.preview_: option « preview_ » "
            "inconnue du plugin plato ; vouliez-vous dire « preview » ?",
        ],
    ),
    (
        "theme-language",
        lambda p: _settings(p, "  language: fr", "  language: fr_fr"),
        [
            f"mkdocs.yml:{_LANGUAGE_LINE}:3: theme.language: langue « fr_fr » non prise en charge "
            "; langues possibles : en, fr"
        ],
    ),
    (
        "page-linked-outside",
        lambda p: (p / "content" / "motdepasse.md").symlink_to("/etc/passwd"),
        [
            "content/motdepasse.md:1:1: lien symbolique vers « /etc/passwd », hors du dossier "
            "content/ : rien n'est lu ni publié hors de content/, copiez le fichier ici à la "
            "place du lien"
        ],
    ),
]


@pytest.mark.parametrize(
    ("make", "expected"), [c[1:] for c in BUILD_CASES], ids=[c[0] for c in BUILD_CASES]
)
def test_mkdocs_build_reports_in_french_and_publishes_nothing(
    tmp_path: Path, make: Callable[[Path], None], expected: list[str]
) -> None:
    root = example_project_with("works-crlf", tmp_path)
    make(root)
    before = snapshot(root / "site")

    result = mkdocs_build(root)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "configuration warnings" not in output
    assert "Expected type" not in output and "Unrecognised" not in output
    assert_reports(plain_spaces(result.stderr), expected)
    assert snapshot(root / "site") == before


def test_mkdocs_never_publishes_yaml_whatever_the_case_of_its_extension(tmp_path: Path) -> None:
    root = example_project_with("works-extension-mixed-case", tmp_path)  # bievre.Yaml
    (root / "content" / "notes.YML").write_text("contact: 06 12 34 56 78\n", encoding="utf-8")
    (root / "content" / "guide" / "ancien.yml.bak").write_text("x: 1\n", encoding="utf-8")

    result = mkdocs_build(root)

    assert result.returncode == 0, result.stderr
    site = root / "site"
    published = [p.relative_to(site).as_posix().lower() for p in site.rglob("*") if p.is_file()]
    # The web editor's own settings (admin/config.yml) are the plugin's, not staff data.
    yaml_files = [name for name in published if ".yml" in name or ".yaml" in name]
    assert not [name for name in yaml_files if name != "admin/config.yml"]
    # The mixed-case territory file was read, not published: its pages exist.
    assert (root / "site" / "territoires" / "bievre" / "index.html").is_file()
