"""Fixtures shared by the test files: the example site built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_PROJECT, REPO_ROOT, build_project

# A build in CI reads the previous publication from the live site at site_url
# (render/ledger.py); the example's site_url is not a live site. The tests that need a
# previous publication give it themselves (PLATO_PREVIOUS, or CI with a local server).
for _name in ("CI", "PLATO_PREVIOUS"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site (content/ of the repo) built with --strict at a fixed date."""
    return build_project(REPO_ROOT, tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' own project (tests/fixtures/network/), built with --strict at a fixed date."""
    return build_project(FIXTURE_PROJECT, tmp_path_factory.mktemp("fixture") / "site")


@pytest.fixture(scope="session")
def enriched_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with what it does not show, built once for the news and testimonial tests
    (files and browser): a post reporting press coverage, with an image, and four
    testimonials in Boucle des Hauts-de-Seine, one with a photo."""
    from tests.test_news import add_press_post
    from tests.test_testimonials import project_with_testimonials

    project = project_with_testimonials(tmp_path_factory.mktemp("enriched") / "project")
    add_press_post(project / "content")
    return build_project(project, project / "site")


@pytest.fixture(scope="session")
def press_site(enriched_site: Path) -> Path:
    """The example with a post reporting press coverage (`enriched_site`)."""
    return enriched_site


@pytest.fixture(scope="session")
def testimonials_site(enriched_site: Path) -> Path:
    """The example with four testimonials in Boucle des Hauts-de-Seine (`enriched_site`)."""
    return enriched_site
