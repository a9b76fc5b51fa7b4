"""What the subcommands share: the site as `mkdocs_yml.load_site` reads it, and problems printed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import site
from ..model import Problem, one_line
from .mkdocs_yml import load_site


def config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml (default: %(default)s)")


def display_base(config_file: Path) -> str:
    """The folder of mkdocs.yml as seen from here: problem paths are relative to it."""
    relative = os.path.relpath(config_file.resolve().parent, Path.cwd())
    return "" if relative == "." else relative


def shown(path: str, base: str) -> str:
    return Path(base, path).as_posix() if base else path


def format_problem(problem: Problem, base: str = "") -> str:
    """`path:line:col: severity: message`, then the hint, indented, on lines of its own."""
    where = problem.where
    text = one_line(f"{shown(where.path, base)}:{where.line}:{where.column}: {problem.severity}: {problem.message}")
    return "\n".join([text, *hint_lines(problem)])


def hint_lines(problem: Problem) -> list[str]:
    """The problem's hint as printed below it, indented (each line safe to print)."""
    return [f"    hint: {line}" if not number else f"      {line}" for number, line in enumerate(problem.hint_lines())]


def format_github(problem: Problem, base: str = "") -> str:
    """A GitHub Actions workflow command: the problem shows on the pull request's diff."""
    where = problem.where
    props = f"file={escape_property(one_line(shown(where.path, base)))},line={where.line},col={where.column}"
    hint = problem.hint_lines()
    message = "\n".join([one_line(problem.message), *([f"hint: {hint[0]}", *hint[1:]] if hint else [])])
    return f"::{problem.severity} {props}::{escape_data(message)}"


def escape_data(text: str) -> str:
    # GitHub's escapes for a workflow command's message (@actions/core's `issueCommand`).
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


class Unreadable(Exception):
    """The site cannot be read; why is printed already, and the command exits 2."""


def read_site(config_file: Path, notes: bool = True, file_links: bool = False, github: bool = False) -> tuple[site.SiteBuild, Path]:
    """`load_site`'s answer, or `Unreadable` after saying on stderr (and, `github`, as a workflow command) why the site cannot be read."""
    try:
        return load_site(config_file, notes, file_links)
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        if github:
            print(f"::error file={escape_property(str(config_file))}::{escape_data(str(error))}")
        raise Unreadable from error
