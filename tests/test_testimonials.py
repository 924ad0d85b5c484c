"""Testimonials that persuade: sector and company size under the company, an optional photo
(a file of the site, with its text and the person's consent to it), up to three on the
territory page, all of them on its "Témoignages" page; French file:line messages for staff."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plato_site.i18n import Catalog
from plato_site.validate import load_content
from tests.helpers import copy_project
from tests.test_validation import TERRITORY, error_lines, make_content

FR = Catalog("fr")
BOUCLE = "territoires/boucle-des-hauts-de-seine"
PHOTO = "images/temoignages/test-portrait.png"
PHOTO_ALT = "Portrait de Claire Test"

# Two more testimonials before the example's two: four in all, the first with a photo.
EXTRA_TESTIMONIALS = f"""\
testimonials:
  - quote: Le groupe m'a donné des pairs à qui parler franchement.
    author: Claire Test
    role: Présidente
    company: Test Mécanique
    sector: Industrie
    company_size: 35
    year: 2026
    consent_date: 2026-05-04
    photo: {PHOTO}
    photo_alt: {PHOTO_ALT}
    photo_consent: true
  - quote: J'y ai trouvé deux clients et un associé.
    author: Marc Exemple
    company: Exemple Conseil
    company_size: 1
    year: 2026
    consent_date: 2026-05-10
"""


def write_png(path: Path, size: int = 192) -> None:
    """A plain square PNG (one colour): a test image, not anybody's portrait."""
    row = b"\x00" + b"\x2a\x5d\x8c" * size
    raw = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )


def project_with_testimonials(root: Path) -> Path:
    """The example with four testimonials in Boucle des Hauts-de-Seine, one with a photo."""
    project = copy_project(root)
    boucle = project / "content" / f"{BOUCLE}.yml"
    text = boucle.read_text("utf-8")
    assert text.count("testimonials:\n") == 1
    boucle.write_text(text.replace("testimonials:\n", EXTRA_TESTIMONIALS), "utf-8")
    write_png(project / "content" / PHOTO)
    return project


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def test_territory_page_shows_the_first_three_with_sector_size_and_photo(
    testimonials_site: Path,
) -> None:
    page = _page(testimonials_site, BOUCLE)
    quotes = page.select(".plato-quotes .plato-quote")
    assert [q.figcaption.strong.get_text() for q in quotes] == [
        "Claire Test",
        "Marc Exemple",
        "Nadia Ferreira",
    ]
    captions = [q.select_one(".plato-quote__company") for q in quotes]
    assert [c.get_text() if c else None for c in captions] == [
        "Industrie · 35 salariés",
        "1 salarié",
        "Industrie (emballage) · 48 salariés",
    ]
    (img,) = quotes[0].select("img")
    assert img["alt"] == PHOTO_ALT
    assert img["width"] == img["height"] == "96"
    assert img["loading"] == "lazy"
    assert not str(img["src"]).startswith(("http:", "https:", "//"))  # nothing third-party
    assert (testimonials_site / BOUCLE / str(img["src"])).resolve().is_file()
    assert not quotes[1].select("img")  # no photo: no empty box
    link = page.select_one('.plato-quotes ~ p a[href="temoignages/"]')
    assert link is not None and "4" in link.get_text()


def test_testimonials_page_shows_all_of_them(testimonials_site: Path) -> None:
    page = _page(testimonials_site, f"{BOUCLE}/temoignages")
    assert len(page.select(".plato-quote")) == 4
    assert page.select_one(f'img[alt="{PHOTO_ALT}"]') is not None


TESTIMONIAL = """\
testimonials:
  - quote: Un réseau de pairs.
    author: Claire Test
    company: Test Mécanique
    year: 2026
    consent_date: 2026-05-04
    photo: images/claire.jpg
"""


CONSENTED = "    photo_alt: Portrait\n    photo_consent: true\n"
PHOTO_AT = "content/territoires/roannais.yml:29:12: témoignage 1 (Claire Test), photo: "
# (fields added to the testimonial, where its photo is (None: nowhere), what the error says)
PHOTO_REFUSALS = {
    "without-its-text": (
        "    photo_consent: true\n",
        "images/claire.jpg",
        "texte de remplacement (photo_alt)",
    ),
    "without-consent": ("    photo_alt: Portrait\n", "images/claire.jpg", "photo_consent: true"),
    "file-missing": (
        CONSENTED,
        None,
        "fichier de la photo introuvable\u00a0: content/images/claire.jpg",
    ),
    "outside-content": (
        CONSENTED,
        "../claire.jpg",
        "«\u00a0../claire.jpg\u00a0» n'est pas le chemin d'un fichier de content/",
    ),
}


@pytest.mark.parametrize("case", list(PHOTO_REFUSALS))
def test_a_photo_is_refused_with_its_reason(case: str, tmp_path: Path) -> None:
    fields, photo, reason = PHOTO_REFUSALS[case]
    yaml = TERRITORY + TESTIMONIAL + fields
    if photo is not None:
        yaml = yaml.replace("photo: images/claire.jpg", f"photo: {photo}")
        write_png(tmp_path / "content" / photo)
    (line,) = error_lines(make_content(tmp_path, yaml))
    assert line.startswith(PHOTO_AT)
    assert reason in line


def test_a_heavy_photo_is_a_warning(tmp_path: Path) -> None:
    """A camera's photo would cost a phone seconds: the build warns (strict builds refuse it)."""
    content = make_content(tmp_path, TERRITORY + TESTIMONIAL + CONSENTED)
    write_png(content / "images" / "claire.jpg", size=16)
    photo = content / "images" / "claire.jpg"
    photo.write_bytes(photo.read_bytes() + b"\0" * 300_000)  # trailing bytes: still a PNG
    site = load_content(content, content.parent)
    (warning,) = [w.format(FR) for w in site.warnings if w.key == "proof.photo_heavy"]
    assert warning.startswith("content/territoires/roannais.yml:29:12: ")
    assert "photo lourde (300\u00a0Ko)" in warning
