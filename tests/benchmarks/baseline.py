"""The benchmark's baseline: the plugin's pages as plain Markdown files, built without it.

The pages come from the plugin itself (its ``on_config`` renders them), so the baseline
always has exactly the pages, titles, descriptions and HTML the plugin produces. Each
becomes a ``.md`` file: front matter, the title as a Markdown heading, then the page's
HTML (raw HTML is valid Markdown). The project inherits the repository's mkdocs.yml with
the same theme, Markdown extensions and search plugin, and no ``plato`` plugin, and the
navigation the plugin builds (Material renders the menu on every page: a different menu
would measure the menu, not the plugin). Calendar feeds are not part of the baseline:
they are work the plugin does on top of the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from plato_site.assets import SCRIPTS, STYLESHEETS, THEME_DIR
from tests.helpers import source_date
from tests.synthetic import SyntheticNetwork


def write_baseline(network: SyntheticNetwork, root: Path) -> Path:
    """Write the baseline project of ``network`` into ``root``; returns its mkdocs.yml."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with source_date(network.source_date_epoch):
        config = load_config(str(network.config_file), site_dir=str(root / "unused"))
        config = config.plugins.on_config(config)
        # The plugin's navigation: the baseline renders the same menu on every page.
        files = config.plugins.on_files(get_files(config), config=config)
        del files
    plan = config.plugins["plato"].plan  # type: ignore[attr-defined]  # set by on_config
    docs = root / "content"
    for page in plan.pages:
        html = page.html()
        if not html:
            raise RuntimeError(f"no HTML for {page.source}: the baseline would be empty")
        target = docs / page.source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_markdown(page.title, page.description, html), encoding="utf-8")
    index = (network.content_dir / "index.md").read_text(encoding="utf-8")
    (docs / "index.md").write_text(f"{index}\n{plan.home()}\n", encoding="utf-8")

    parent = yaml.safe_load((network.config_file).read_text(encoding="utf-8"))
    search = {"search": {"lang": "fr"}}
    hidden = [f"/{page.source}" for page in plan.pages if not page.in_nav]
    baseline_config = {
        **parent,
        # The packaged look the plugin registers itself: the same stylesheets, scripts and
        # templates on every page of the baseline.
        "theme": {**parent.get("theme", {}), "custom_dir": str(THEME_DIR)},
        "extra_css": list(STYLESHEETS),
        "extra_javascript": list(SCRIPTS),
        "plugins": [search],
        "nav": config.nav,
        "not_in_nav": "\n".join(hidden),
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(baseline_config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return config_file


def _markdown(title: str, description: str, html: str) -> str:
    meta = yaml.safe_dump(
        {"title": title, "description": description}, allow_unicode=True, sort_keys=True
    )
    return f"---\n{meta}---\n\n# {title}\n\n{html}\n"
