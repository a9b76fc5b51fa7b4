"""`annotated-essay check [-f mkdocs.yml] [--format text|github] [--fix]`."""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from .. import site
from ..files.edit import EditError, set_selector
from ..model import Claim, Problem, one_line
from .common import config_argument, display_base, format_github, format_problem, read_site, shown, summary


def add_check(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    formats = "text: path:line:col: error: message, then a hint; github: workflow annotations"
    parser.add_argument("--format", choices=("text", "github"), default="text", help=formats)
    parser.add_argument("--fix", action="store_true", help="rewrite selectors whose words changed in the essay, then check again")


def run_check(args: argparse.Namespace) -> int:
    """Print every problem, then a summary; 1 if there is any problem (as `--strict`), 2 if the site cannot be read."""
    if args.fix:
        run_fix(args.config_file)
    build = read_site(args.config_file, notes=False, github=args.format == "github")[0]  # problems only: no need to render the notes
    base = display_base(args.config_file)
    build.problems[:] = _which_side_changed(build)
    for problem in build.problems:
        print(format_github(problem, base) if args.format == "github" else format_problem(problem, base))
    print(summary(build))
    return 1 if build.problems else 0


def run_fix(config_file: Path) -> None:
    """Apply every problem's fix to its file; print what changed."""
    build = read_site(config_file)[0]
    base = display_base(config_file)
    claims = {a.where.path: a for a in build.annotations.annotations if isinstance(a, Claim)}
    reread: dict[str, str] = {}
    # Last place first: a line added for one selector must not move the next one's place.
    for problem in sorted((p for p in build.problems if p.fix), key=Problem.sort_key, reverse=True):
        path = build.settings.base / problem.where.path
        try:
            fixed = set_selector(path.read_text(encoding="utf-8"), problem.where.line, problem.where.column, dict(problem.fix))
        except (OSError, EditError) as error:
            print(one_line(f"{shown(problem.where.path, base)}:{problem.where.line}: cannot fix: {error}"), file=sys.stderr)
            continue
        path.write_text(fixed, encoding="utf-8")
        words = "; ".join(f'{key} now "{value}"' for key, value in problem.fix)
        print(one_line(f"{shown(problem.where.path, base)}:{problem.where.line}:{problem.where.column}: fixed: {words}"))
        if problem.where.path in claims:
            reread[shown(problem.where.path, base)] = claims[problem.where.path].claim
    if reread:  # the words moved under the claim: what it says may no longer be what the essay says
        print("re-read each claim whose quote changed: it may now say something the essay no longer does")
        print("\n".join(one_line(f'  {path}: claim: "{claim}"') for path, claim in sorted(reread.items())))


def _which_side_changed(build: site.SiteBuild) -> list[Problem]:
    """Each quote that no longer matches, told whether the essay or the note changed last, when git can tell."""
    root = build.settings.base
    asked = {p for p in build.problems if p.fix or "not found in the essay" in p.message}
    # Each path's last commit's time; inf if changed since; nan when git cannot tell. Two calls
    # of git for all of them: a thousand quotes that fail must not start two thousand.
    times = _last_changes(root, [build.settings.essay, *{root / p.where.path for p in asked}]) if asked else {}

    def told(problem: Problem) -> Problem:
        note, essay = times[root / problem.where.path], times[build.settings.essay]
        if note == essay or math.isnan(note + essay):
            return problem
        side = ("the essay changed after this note did: its quote was right, the essay's words moved" if essay > note
                else "this note changed after the essay did: look for a typo in the quote")
        return replace(problem, hint=f"{side}; {problem.hint}")

    return [told(p) if p in asked else p for p in build.problems]


def _last_changes(root: Path, paths: list[Path]) -> dict[Path, float]:
    """When each of `paths` was last committed (inf: changed since; nan: git cannot tell)."""
    names = {os.path.relpath(path, root): path for path in paths}
    git = lambda *a: subprocess.run(["git", *a, "--", *names], cwd=root, capture_output=True, text=True).stdout  # noqa: E731
    times = dict.fromkeys(paths, math.nan)
    try:
        changed = {*git("diff", "HEAD", "--name-only", "--relative", "-z").split("\0"), *git("ls-files", "-z", "--others", "--exclude-standard").split("\0")}
        when = math.nan
        for line in git("log", "--relative", "--name-only", "--format=%x00%ct").splitlines():
            if line.startswith("\0"):
                when = float(line[1:])
            elif line in names and math.isnan(times[names[line]]):
                times[names[line]] = when
    except OSError:
        return times
    return {path: math.inf if name in changed else times[path] for name, path in names.items()}
