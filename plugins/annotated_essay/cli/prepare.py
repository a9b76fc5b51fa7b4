"""`annotated-essay prepare [-f mkdocs.yml] [--strict] [--watch] [--clean]`: the
plugin's pages, assets and export, written into the docs folder (prepared.py)
for a host that does not run the plugin (Zensical).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

from .. import prepared, site
from .common import Unreadable, config_argument, display_base, format_problem, read_site, shown, summary


def add_prepare(parser: argparse.ArgumentParser) -> None:
    config_argument(parser)
    parser.add_argument("--strict", action="store_true", help="write nothing and exit 1 if an annotation has a problem")
    parser.add_argument("--watch", action="store_true", help="prepare again whenever mkdocs.yml, the essay or an annotation changes")
    parser.add_argument("--clean", action="store_true", help="remove every file an earlier prepare wrote, and nothing else")


def run_prepare(args: argparse.Namespace) -> int:
    """0 when the files are written (problems are printed as warnings), 1 under --strict with problems, 2 when the site cannot be read or a file is in the way."""
    if args.clean:
        build, docs = read_site(args.config_file, notes=False)
        removed = prepared.clean(docs).removed
        print(f"removed {len(removed)} files from {_folder(docs, build.settings, display_base(args.config_file))}/")
        return 0
    status, settings = _prepare(args.config_file, args.strict)
    return _watch(args.config_file, args.strict, settings) if args.watch else status


def _prepare(config_file: Path, strict: bool) -> tuple[int, site.Settings | None]:
    """Write the files once; print the problems and what changed. Also gives the settings read."""
    try:
        build, docs = read_site(config_file, file_links=True)
    except Unreadable:
        return 2, None
    base = display_base(config_file)
    folder = _folder(docs, build.settings, base)
    if site.docs_path(build.settings, docs):
        essay = shown(os.path.relpath(build.settings.essay, build.settings.base), base)
        print(f"{essay}: error: the essay is inside {folder}/, so a host without the plugin would publish it a "
              f"second time, without its notes\n    hint: move it out of {folder}/ and set the plugin's 'essay' option to where it is now", file=sys.stderr)
        return 2, build.settings
    for problem in build.problems:
        print(format_problem(problem, base), file=sys.stderr)
    if strict and build.problems:
        print(f"{summary(build)}: nothing written (--strict)", file=sys.stderr)
        return 1, build.settings
    try:
        outcome = prepared.write(docs, prepared.files(build))
    except prepared.PrepareError as error:
        print(f"{folder}/{error.name}: error: {error.message}", file=sys.stderr)
        return 2, build.settings
    changed = len(outcome.written) + len(outcome.removed)
    total = len(outcome.written) + len(outcome.unchanged)
    print(f"{summary(build)}; {total} files in {folder}/ ({changed} changed), listed in {folder}/{prepared.MANIFEST}")
    return 0, build.settings


def _folder(docs: Path, settings: site.Settings, base: str) -> str:
    """The docs folder as seen from here, as problem paths are shown."""
    return shown(os.path.relpath(docs, settings.base), base)


def _watch(config_file: Path, strict: bool, settings: site.Settings | None) -> int:
    seen = _stamps(config_file, settings)  # before saying so: a change after the message is seen
    print("watching mkdocs.yml, the essay and the annotations; Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(0.5)  # often enough that a person saving a file notices no delay
            if _stamps(config_file, settings) != seen:
                _, fresh = _prepare(config_file, strict)
                settings = fresh or settings  # a broken mkdocs.yml: keep watching what it named
                seen = _stamps(config_file, settings)
                sys.stdout.flush()
    except KeyboardInterrupt:
        return 0


def _stamps(config_file: Path, settings: site.Settings | None) -> dict[str, tuple[int, int]]:
    """Each input's modification time and size: mkdocs.yml, and the essay and annotations it names."""
    paths = [config_file, *([settings.essay, *sorted(settings.annotations.rglob("*"))] if settings else [])]
    stamps = {}
    for path in paths:
        with contextlib.suppress(OSError):  # removed since it was listed: its absence is the change
            stat = path.stat()
            stamps[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return stamps
