"""The `annotated-essay` command: a thin layer over the core.

Each subcommand has its own `add_<name>` (its arguments) and `run_<name>`
(what it does) function, registered in `SUBCOMMANDS`; the larger ones live in
a module of their own. May import everything but `..plugin`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from ..files import schema
from ..interop.export import export_json
from .check import add_check, run_check
from .common import Unreadable, config_argument, format_github, format_problem, load_site, read_site, summary
from .init import add_init, run_init
from .new import add_new, run_new
from .prepare import add_prepare, run_prepare


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="annotated-essay", description="Check and manage an annotated essay's annotations.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (add, run, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add(sub)
        sub.set_defaults(run=run)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except Unreadable:
        return 2


def add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help="write the schemas into the package's schemas/ folder (for the plugin's own development: init and new keep a site's copies)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the written schemas are out of date")


def run_schema(args: argparse.Namespace) -> int:
    return schema.main(write=args.write, check=args.check)


def run_export(args: argparse.Namespace) -> int:
    sys.stdout.write(export_json(read_site(args.config_file)[0]))
    return 0


def add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a W3C annotation collection, page, list or annotation (JSON-LD)")
    config_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")


def run_import(args: argparse.Namespace) -> int:
    from ..interop.w3c_import import import_file

    return import_file(read_site(args.config_file)[0], args.file, dry_run=args.dry_run)


SUBCOMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {
    "init": (add_init, run_init, "write a new site around an essay: mkdocs.yml, docs/ and annotations/"),
    "check": (add_check, run_check, "report every problem in the annotations, as path:line:col: message"),
    "new": (add_new, run_new, "write a new annotation file, its quotes checked, with TODOs to replace"),
    "schema": (add_schema, run_schema, "print or write the JSON Schemas editors use for annotation files"),
    "export": (config_argument, run_export, "print every anchored annotation as a W3C Web Annotation collection (JSON-LD)"),
    "import": (add_import, run_import, "turn W3C Web Annotations into annotation files that pass check"),
    "prepare": (add_prepare, run_prepare, "write the essay's pages, assets and export into the docs folder, for a host without plugins (Zensical)"),
}
"""name -> (add its arguments, run it, one line of help)."""

__all__ = ["format_github", "format_problem", "load_site", "main", "summary"]
