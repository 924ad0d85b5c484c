"""The import contracts (pyproject.toml, checked by `make lint`) cover the whole package."""

from __future__ import annotations

import tomllib

from tests.helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "plugins" / "plato_site"


def test_every_module_but_the_adapter_is_forbidden_the_host() -> None:
    """A new module left out of the list could import MkDocs unnoticed."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if "mkdocs" in c.get("forbidden_modules", [])
    )
    modules = {f"plato_site.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    modules |= {f"plato_site.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(contract["source_modules"]) == modules - {"plato_site.adapter"}
