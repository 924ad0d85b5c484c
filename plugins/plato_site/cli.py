"""``plato-site``: the staff's command line.

* ``validate``: check every content file, publish nothing; exit 1 on any error (and on
  any warning with ``--strict``).
* ``schema``: write the JSON Schemas editors use (``--check``: fail when stale).
* ``new territory <slug>`` / ``new group <territory> <group-id>``: commented skeletons.

Messages come from the catalog, in French unless ``--lang en``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from plato_site import report
from plato_site.derive import build_date
from plato_site.errors import ContentError, ContentErrors
from plato_site.i18n import Catalog, available_languages
from plato_site.models import GroupKind
from plato_site.pipeline import load_site
from plato_site.scaffold import ScaffoldError, new_group, new_territory
from plato_site.schema import DEFAULT_SCHEMA_DIR, stale_schemas, write_schemas


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser(Catalog("fr")).parse_args(argv)
    catalog = Catalog(args.lang)
    if args.command == "validate":
        return run_validate(Path(args.content), catalog, args.format, strict=args.strict)
    if args.command == "schema":
        return run_schema(Path(args.output), catalog, check=args.check)
    if args.command == "new":
        return run_new(args, catalog)
    return 2  # pragma: no cover (argparse rejects unknown commands)


def _parser(t: Catalog) -> argparse.ArgumentParser:
    # Help texts are French: the staff read them; --lang only changes the messages.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", help=t("cli.content_help"))
    common.add_argument(
        "--lang", default="fr", choices=available_languages(), help=t("cli.lang_help")
    )
    parser = argparse.ArgumentParser(prog="plato-site", description=t("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", parents=[common], help=t("cli.validate_help"))
    validate.add_argument(
        "--format", default="text", choices=report.FORMATS, help=t("cli.format_help")
    )
    validate.add_argument("--strict", action="store_true", help=t("cli.strict_help"))

    schema = commands.add_parser("schema", parents=[common], help=t("cli.schema_help"))
    schema.add_argument(
        "--output", default=str(DEFAULT_SCHEMA_DIR), help=t("cli.schema_output_help")
    )
    schema.add_argument("--check", action="store_true", help=t("cli.schema_check_help"))

    new = commands.add_parser("new", help=t("cli.new_help"))
    kinds = new.add_subparsers(dest="what", required=True)
    territory = kinds.add_parser("territory", parents=[common], help=t("cli.new_territory_help"))
    territory.add_argument("slug", help=t("cli.slug_help"))
    territory.add_argument("--no-group", action="store_true", help=t("cli.no_group_help"))
    group = kinds.add_parser("group", parents=[common], help=t("cli.new_group_help"))
    group.add_argument("territory", help=t("cli.territory_help"))
    group.add_argument("group_id", help=t("cli.group_id_help"))
    group.add_argument(
        "--kind",
        default=GroupKind.PLATO.value,
        choices=[kind.value for kind in GroupKind],
        help=t("cli.kind_help"),
    )
    return parser


def run_validate(
    content_dir: Path, catalog: Catalog, output_format: str = "text", strict: bool = False
) -> int:
    """Check the content; print the report; 0 when valid, 1 on any error (or warning when
    ``strict``)."""
    try:
        site = load_site(content_dir, build_date(), Path.cwd())
    except ContentErrors as problems:
        _write_problems(problems.errors, problems.warnings, catalog, output_format)
        return 1
    warnings = list(site.warnings)
    groups = sum(len(territory.groups) for territory in site.territories)
    message = catalog(
        "cli.valid",
        territories=catalog("cli.territories", count=len(site.territories)),
        groups=catalog("cli.groups", count=groups),
    )
    refused = strict and bool(warnings)
    if refused:
        message = catalog("cli.strict_summary", count=len(warnings))
    if warnings:
        _write_problems([], warnings, catalog, output_format, message, valid=not refused)
        if refused and output_format != "json":
            sys.stderr.write(message + "\n")
        if refused or output_format == "json":
            return 1 if refused else 0
    if output_format == "json":
        sys.stdout.write(report.json_report([], catalog, message))
    else:
        sys.stdout.write(report.success_line(message, report.wants_colour(sys.stdout, os.environ)))
    return 0


def _write_problems(
    errors: list[ContentError],
    warnings: list[ContentError],
    catalog: Catalog,
    output_format: str,
    valid_message: str = "",
    valid: bool | None = None,
) -> None:
    """The report of errors and/or warnings, in the chosen format (stderr for people)."""
    summary = report.summary(errors, catalog) if errors else valid_message
    if output_format == "json":
        sys.stdout.write(report.json_report(errors, catalog, summary, warnings, valid))
    elif output_format == "github":
        sys.stdout.write(report.github_report(errors, catalog, warnings))
        if errors:
            sys.stderr.write(report.summary(errors, catalog) + "\n")
        if warnings:
            sys.stderr.write(report.warnings_summary(warnings, catalog) + "\n")
    else:
        colour = report.wants_colour(sys.stderr, os.environ)
        sys.stderr.write(report.text_report(errors, catalog, colour, warnings))


def run_schema(folder: Path, catalog: Catalog, check: bool = False) -> int:
    """Write the schemas (or, with ``check``, only say which are stale: exit 1)."""
    if check:
        stale = stale_schemas(folder, catalog)
        for path in stale:
            print(catalog("cli.schema_stale", path=path.as_posix()), file=sys.stderr)
        if not stale:
            print(catalog("cli.schema_unchanged", folder=folder.as_posix()))
        return 1 if stale else 0
    changed = write_schemas(folder, catalog)
    if changed:
        print(catalog("cli.schema_written", count=len(changed), folder=folder.as_posix()))
    else:
        print(catalog("cli.schema_unchanged", folder=folder.as_posix()))
    return 0


def run_new(args: argparse.Namespace, catalog: Catalog) -> int:
    content_dir = Path(args.content)
    try:
        if args.what == "territory":
            created = new_territory(
                content_dir, args.slug, catalog, build_date(), Path.cwd(), not args.no_group
            )
        else:
            created = new_group(
                content_dir,
                args.territory,
                args.group_id,
                catalog,
                build_date(),
                Path.cwd(),
                GroupKind(args.kind),
            )
    except ScaffoldError as failure:
        colour = report.wants_colour(sys.stderr, os.environ)
        if failure.errors is not None:
            sys.stderr.write(report.text_report(failure.errors.errors, catalog, colour))
        sys.stderr.write(failure.message(catalog) + "\n")
        return 1
    print(created.message)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
