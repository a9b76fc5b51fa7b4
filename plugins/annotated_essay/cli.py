"""The `annotated-essay` command: a thin layer over the core.

    annotated-essay check [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from . import site
from .model import Problem


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="annotated-essay", description="Check and manage an annotated essay's annotations.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report every problem in the annotations, as file:line:col: message")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(Path(args.config_file))
    return 2  # pragma: no cover (argparse rejects unknown commands)


def run_check(config_file: Path) -> int:
    """Print every problem GCC-style, then a summary; 1 if there is any problem."""
    try:
        build, _ = load_site(config_file)
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        return 2
    for problem in build.problems:
        print(format_problem(problem))
    print(summary(build))
    return 1 if build.problems else 0


def load_site(config_file: Path) -> tuple[site.SiteBuild, dict[str, Any]]:
    """Read mkdocs.yml as MkDocs would and compute the site's annotations, without building."""
    from mkdocs.config import load_config  # only the command line and plugin know MkDocs

    if not config_file.is_file():
        raise site.SettingsError(f"no such file: {config_file}")
    config = load_config(str(config_file))
    options = _plugin_options(config)
    settings = site.Settings.from_options(options, config_file.resolve().parent)
    names = site.page_names(settings)
    urls = {role: _url(name, config["use_directory_urls"]) for role, name in names.items()}
    return site.build(settings, urls, config["markdown_extensions"], config["mdx_configs"]), options


def _plugin_options(config: Any) -> dict[str, Any]:
    plugin = config["plugins"].get("annotated-essay")
    if plugin is None:
        raise site.SettingsError("mkdocs.yml does not use the annotated-essay plugin")
    return dict(plugin.config)


def _url(name: str, directory_urls: bool) -> str:
    stem = name[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def format_problem(problem: Problem) -> str:
    """`path:line:col: severity: message`, then the hint on its own indented line."""
    text = f"{problem.where}: {problem.severity}: {problem.message}"
    return f"{text}\n    hint: {problem.hint}" if problem.hint else text


def summary(build: site.SiteBuild) -> str:
    """One line: how many annotations, how many anchored, how many problems."""
    total = len(build.annotations.annotations) + len(build.annotations.rejected)
    placed = len(build.edition.placed)
    errors = sum(p.severity == "error" for p in build.problems)
    warnings = len(build.problems) - errors
    return f"{total} annotations, {placed} anchored; {errors} errors, {warnings} warnings"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
