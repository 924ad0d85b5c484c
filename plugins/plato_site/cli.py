"""``plato-site``: the staff's command line (validate now; schema and scaffolds later)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from plato_site.derive import build_date
from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.pipeline import load_site


def main(argv: Sequence[str] | None = None) -> int:
    catalog = Catalog("fr")
    parser = argparse.ArgumentParser(prog="plato-site", description=catalog("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help=catalog("cli.validate_help"))
    validate.add_argument("--content", default="content", help=catalog("cli.content_help"))
    validate.add_argument("--lang", default="fr", help=catalog("cli.lang_help"))
    args = parser.parse_args(argv)
    if args.command == "validate":
        return run_validate(Path(args.content), Catalog(args.lang))
    return 2  # pragma: no cover (argparse rejects unknown commands)


def run_validate(content_dir: Path, catalog: Catalog) -> int:
    try:
        site = load_site(content_dir, build_date(), Path.cwd())
    except ContentErrors as problems:
        for line in problems.format(catalog):
            print(line, file=sys.stderr)
        print(catalog("cli.summary", count=len(problems.errors)), file=sys.stderr)
        return 1
    groups = sum(len(t.groups) for t in site.territories)
    print(catalog("cli.valid", territories=len(site.territories), groups=groups))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
