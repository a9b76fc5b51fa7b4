"""What the subcommands share: reading mkdocs.yml as MkDocs would, and printing problems.

May import everything but `..plugin`; reads mkdocs.yml through MkDocs' own
loader, in one function (`load_site`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .. import site
from ..model import Location, Problem


def config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml (default: %(default)s)")


def display_base(config_file: Path) -> str:
    """The folder of mkdocs.yml as seen from here: problem paths are relative to it."""
    relative = os.path.relpath(config_file.resolve().parent, Path.cwd())
    return "" if relative == "." else relative


def shown(path: str, base: str) -> str:
    return Path(base, path).as_posix() if base else path


def load_site(config_file: Path, notes: bool = True) -> tuple[site.SiteBuild, dict[str, Any]]:
    """Read mkdocs.yml as MkDocs would and compute the site's annotations, without building.

    `notes=False` skips rendering the notes, for a caller that only wants the problems.
    """
    from mkdocs.config import load_config  # only the command line and plugin know MkDocs
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise site.SettingsError(f"no such file: {config_file}")
    with _ConfigWarnings() as warnings:
        try:
            config = load_config(str(config_file))
        except ConfigurationError as error:
            raise site.SettingsError(str(error).strip()) from error
        except Abort as error:
            # MkDocs logs what is wrong, then aborts (a SystemExit): say what it logged.
            raise site.SettingsError("; ".join(warnings) or str(error)) from error
    options = _plugin_options(config)
    settings = site.Settings.from_options(options, config_file.resolve().parent, config_file.name)
    docs = Path(config["docs_dir"])
    replaced = site.replaced_pages(settings, docs, lambda name: (docs / name).is_file())
    if replaced:  # the build stops on it: so does check
        raise site.SettingsError(replaced)
    names = site.page_names(settings)
    urls = {role: _url(name, config["use_directory_urls"]) for role, name in names.items()}
    publication = site.Publication(config["site_name"], config["site_url"])
    build = site.build(settings, urls, config["markdown_extensions"], config["mdx_configs"], publication, notes=notes)
    # What MkDocs warns about in mkdocs.yml (an unknown option) fails `--strict`: say so here too.
    hint = "fix it in mkdocs.yml: `mkdocs build --strict` fails on it too"
    build.problems[:0] = [*site.unknown_options(options, config_file), *(Problem(Location(config_file.name), m, hint) for m in warnings)]
    return build, options


class _ConfigWarnings(logging.Handler):
    """Collects what MkDocs logs while reading mkdocs.yml, instead of printing it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.logger = logging.getLogger("mkdocs.config")

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> list[str]:
        self.propagate = self.logger.propagate
        self.logger.addHandler(self)
        self.logger.propagate = False
        return self.messages

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)
        self.logger.propagate = self.propagate


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


def format_problem(problem: Problem, base: str = "") -> str:
    """`path:line:col: severity: message`, then the hint, indented, on lines of its own."""
    where = problem.where
    text = f"{shown(where.path, base)}:{where.line}:{where.column}: {problem.severity}: {problem.message}"
    if not problem.hint:
        return text
    first, *rest = problem.hint.split("\n")
    return "\n".join([text, f"    hint: {first}", *(f"      {line}" for line in rest)])


def format_github(problem: Problem, base: str = "") -> str:
    """A GitHub Actions workflow command: the problem shows on the pull request's diff."""
    where = problem.where
    props = f"file={escape_property(shown(where.path, base))},line={where.line},col={where.column}"
    message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
    return f"::{problem.severity} {props}::{escape_data(message)}"


def escape_data(text: str) -> str:
    # The escapes of @actions/core's `issueCommand`.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(build: site.SiteBuild) -> str:
    """One line: how many annotations, how many anchored, how many problems."""
    total = len(build.annotations.annotations) + len(build.annotations.rejected)
    placed = len(build.edition.placed)
    errors = sum(p.severity == "error" for p in build.problems)
    warnings = len(build.problems) - errors
    return f"{_count(total, 'annotation')}, {placed} anchored; {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def site_or_none(config_file: Path, notes: bool = True) -> site.SiteBuild | None:
    """`load_site`'s build, or None after saying on stderr why the site cannot be read."""
    try:
        return load_site(config_file, notes)[0]
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        return None
