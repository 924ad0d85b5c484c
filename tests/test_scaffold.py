"""``plato-site new territory|group``: skeletons that build at once and keep staff's text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from plato_site import scaffold
from plato_site.cli import main
from plato_site.derive import build_date
from plato_site.models import GroupKind, Territory
from plato_site.validate import load_content
from tests.helpers import build_project, copy_project, source_date

ROANNAIS = Path("content/territoires/roannais.yml")
BOUCLE = Path("content/territoires/boucle-des-hauts-de-seine.yml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    with source_date():  # 2026-11-22
        yield root


def _territory(root: Path, slug: str) -> Territory:
    content = load_content(root / "content", root, placeholders=True)
    return next(item.territory for item in content.territories if item.slug == slug)


def test_new_territory_is_commented_valid_and_builds(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "territory", "loire-nord"]) == 0
    path = project / "content/territoires/loire-nord.yml"
    assert "content/territoires/loire-nord.yml" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line == (
        "# yaml-language-server: $schema=../../site_config/schemas/territoire.schema.json"
    )
    assert (path.parent / first_line.split("=", 1)[1]).resolve().is_file()
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) > 20
    assert "À COMPLÉTER" in text  # placeholders staff can search for

    territory = _territory(project, "loire-nord")
    assert territory.name == "Loire Nord"
    assert territory.since == 2026
    (group,) = territory.groups
    assert (group.id, group.edition, group.name) == ("loire-nord-1", 1, "Plato Loire Nord 1")
    assert group.published == date(2026, 11, 22)
    assert group.schedule.start_month == "2027-05"  # six months after the build date

    # The placeholders are never published: validate lists each, then the filled file builds.
    capsys.readouterr()
    assert main(["validate"]) == 1
    refused = capsys.readouterr().err
    values = [line.split("#")[0] for line in text.splitlines()]  # comments are not published
    expected = sum("À COMPLÉTER" in value for value in values)
    assert refused.count("«\u00a0À COMPLÉTER\u00a0» reste à remplacer") == expected
    filled = text.replace('postal_code: "À COMPLÉTER"', 'postal_code: "42000"')
    filled = filled.replace("region: À COMPLÉTER", "region: Auvergne-Rhône-Alpes")
    path.write_text(filled.replace("À COMPLÉTER", "Saint-Étienne"), encoding="utf-8")
    # Not strict: the skeleton's rule puts a meeting on 11 November (a warning to act on).
    site = build_project(project, tmp_path / "site", strict=False)
    page = site / "territoires/loire-nord/groupes/loire-nord-1/index.html"
    assert "Plato Loire Nord 1" in page.read_text(encoding="utf-8")


def test_new_territory_without_group(project: Path) -> None:
    assert main(["new", "territory", "loire-sud", "--no-group"]) == 0
    assert _territory(project, "loire-sud").groups == []


def test_new_group_is_appended_after_the_last_group_keeping_comments(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ROANNAIS
    before = path.read_text(encoding="utf-8")
    assert main(["new", "group", "roannais", "roannais-7"]) == 0
    assert "roannais-7" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")

    # Staff's text is untouched: the new group is one inserted block of lines.
    old, new = before.splitlines(), after.splitlines()
    start = next(i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    inserted = len(new) - len(old)
    assert new[:start] + new[start + inserted :] == old
    block = "\n".join(new[start : start + inserted])
    assert "  - id: roannais-7" in block
    assert "venue: *cci" in block  # the alias the previous groups use, not a copy
    assert after.index("- id: roannais-7") < after.index("\nevents:")  # still a group

    groups = _territory(project, "roannais").groups
    added = groups[-1]
    assert added.id == "roannais-7"
    assert added.edition == 7  # Plato Roannais 6 was the latest
    assert added.name == "Plato Roannais 7"
    assert added.published == build_date()
    assert added.schedule.start_month == "2027-05"
    # The rhythm of the territory's latest group: 2nd Thursday, 8:30-12:00, no August.
    latest = next(g for g in groups if g.id == "roannais-6")
    assert added.schedule.weekday == latest.schedule.weekday
    assert added.schedule.week == latest.schedule.week
    assert added.schedule.start_time == latest.schedule.start_time
    assert added.schedule.skip_months == [8]
    assert added.venue == latest.venue

    # Not strict: the skeleton's rule puts a meeting on 11 November (a warning to act on).
    site = build_project(project, tmp_path / "site", strict=False)
    assert (site / "territoires/roannais/groupes/roannais-7/index.html").is_file()


def test_expert_group_takes_the_next_expert_edition(project: Path) -> None:
    experts = [
        g
        for g in _territory(project, "boucle-des-hauts-de-seine").groups
        if g.kind is GroupKind.EXPERT
    ]
    assert experts
    code = main(
        ["new", "group", "boucle-des-hauts-de-seine", "boucle-92-expert-new", "--kind", "expert"]
    )
    assert code == 0
    groups = _territory(project, "boucle-des-hauts-de-seine").groups
    added = next(g for g in groups if g.id == "boucle-92-expert-new")
    assert added.kind is GroupKind.EXPERT
    assert added.edition == max(g.edition for g in experts) + 1
    assert added.name == f"Expert Boucle des Hauts-de-Seine {added.edition}"
    assert added.meeting_count == 12
    latest = max(experts, key=lambda group: group.edition)
    assert added.venue == latest.venue  # the latest *expert* group's rhythm and venue
    assert added.schedule.weekday == latest.schedule.weekday


def _snapshot(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "group", "roannais", "roannais-5"], "« roannais-5 » est déjà utilisé"),
        (["new", "group", "roannais", "Roannais 7"], "identifiant invalide « Roannais 7 »"),
        (["new", "group", "loire", "loire-1"], "territoire « loire » introuvable"),
        (["new", "territory", "roannais"], "le territoire « roannais » existe déjà"),
    ],
)
def test_refusals_leave_the_files_alone(
    project: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(project)
    assert main(argv) == 1
    assert message in capsys.readouterr().err
    assert _snapshot(project) == before


def test_refuses_to_add_to_invalid_content(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ROANNAIS
    broken = path.read_text(encoding="utf-8").replace("weekday: thursday", "weekday: jedi", 1)
    path.write_text(broken, encoding="utf-8")
    assert main(["new", "group", "roannais", "roannais-7"]) == 1
    err = capsys.readouterr().err
    assert "jedi" in err  # the existing problem is shown
    assert "corrigez-les d'abord" in err
    assert path.read_text(encoding="utf-8") == broken


def test_invalid_skeleton_is_rolled_back(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ROANNAIS
    before = path.read_bytes()
    real = scaffold._group_lines

    def wrong_capacity(*args: object, **kwargs: object) -> list[str]:
        lines = real(*args, **kwargs)  # type: ignore[arg-type]
        return [line.replace("{min: 10, max: 12}", "{min: 12, max: 10}") for line in lines]

    monkeypatch.setattr(scaffold, "_group_lines", wrong_capacity)
    assert main(["new", "group", "roannais", "roannais-7"]) == 1
    err = capsys.readouterr().err
    assert "le minimum (12) dépasse le maximum (10)" in err
    assert "remis dans son état précédent" in err
    assert path.read_bytes() == before


def _minimal_territory(groups_text: str) -> str:
    return (
        "name: Test\nregion: Bretagne\nsince: 2020\ndescription: Un territoire.\n"
        "chamber:\n  name: CCI Test\n  address: {street: 1 rue A, postal_code: '35000',"
        " city: Rennes}\n" + groups_text
    )


@pytest.mark.parametrize(
    "groups_text",
    [
        "",  # no groups key
        "groups: []\n# Les événements viendront ici.\n",
        "groups:\n- id: test-1\n  name: Plato Test 1\n  edition: 1\n"
        "  capacity: {min: 10, max: 12}\n"
        "  venue: {name: CCI, address: {street: 1 rue A, postal_code: '35000', city: Rennes}}\n"
        "  schedule: {start_month: 2026-01, weekday: monday, week: 1, start_time: '9:00',"
        " end_time: '12:00'}\n# Commentaire du bloc suivant\nevents: []\n",
    ],
    ids=["missing", "empty-flow", "dash-in-column-0"],
)
def test_new_group_in_any_layout_of_the_groups_list(project: Path, groups_text: str) -> None:
    path = project / "content/territoires/test.yml"
    path.write_text(_minimal_territory(groups_text), encoding="utf-8")
    assert main(["new", "group", "test", "test-9"]) == 0
    text = path.read_text(encoding="utf-8")
    groups = _territory(project, "test").groups
    assert groups[-1].id == "test-9"
    assert groups[-1].edition == len(groups)
    for line in groups_text.splitlines():
        if line.startswith("#"):
            assert line in text  # comments survive
