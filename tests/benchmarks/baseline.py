"""The benchmark's baseline: the plugin's pages as plain Markdown files, built without it.

The pages come from the plugin itself (its ``on_config`` renders them), so the baseline
always has exactly the pages, titles, descriptions and HTML the plugin produces. Each
becomes a ``.md`` file: front matter, the title as a Markdown heading, then the page's
HTML (raw HTML is valid Markdown). The project inherits the repository's mkdocs.yml with
the same theme, Markdown extensions and search plugin, and no ``plato`` plugin; MkDocs
builds its navigation from the folders. Calendar feeds are not part of the baseline:
they are work the plugin does on top of the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from tests.helpers import source_date
from tests.synthetic import SyntheticNetwork


def write_baseline(network: SyntheticNetwork, root: Path) -> Path:
    """Write the baseline project of ``network`` into ``root``; returns its mkdocs.yml."""
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with source_date(network.source_date_epoch):
        config = load_config(str(network.config_file), site_dir=str(root / "unused"))
        config = config.plugins.on_config(config)
    plugin = config.plugins["plato"]
    output = plugin.output  # type: ignore[attr-defined]  # PlatoPlugin, set by on_config
    docs = root / "content"
    for page in output.pages:
        target = docs / page.source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_markdown(page.title, page.description, page.html), encoding="utf-8")
    index = (network.content_dir / "index.md").read_text(encoding="utf-8")
    (docs / "index.md").write_text(f"{index}\n{output.home_html}\n", encoding="utf-8")

    parent = yaml.safe_load((network.config_file).read_text(encoding="utf-8"))
    search = {"search": {"lang": "fr"}}
    baseline_config = {**parent, "plugins": [search]}
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
