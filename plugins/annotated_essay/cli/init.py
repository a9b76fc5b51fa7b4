"""`annotated-essay init ESSAY [DIR]`: a site around an essay that `mkdocs build --strict` builds at once."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

from .. import site
from ..fields import FIELDS
from ..files import schema
from ..files.edit import scalar

CONFIG = """\
site_name: {site_name}
theme:
  name: material   # the notes and highlights are made for Material for MkDocs
  font: false      # the reader's own fonts: nothing is loaded from another host
  palette:         # light or dark, as the reader's device prefers, with a switch in the header
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
plugins:
  - search
  - annotated-essay:
      # The essay, relative to this file: .txt (a paragraph a line) or .md. It is never edited.
      essay: {essay}
      # The notes, one small YAML file each: annotations/<kind>/<id>.yml
      annotations: annotations
      {title}
      # More options (remove the # to use one):
      # author: Who wrote it       # shown under the title, with the date and a link
      # date: 2024-01-31           # when the original was published, YYYY-MM-DD
      # url: https://example.org/the-original   # a "Read the original" link
      # glossary_marks: first      # first: mark a term where it first occurs; all: everywhere
"""


def add_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("essay", type=Path, help="the essay: a .txt file (a paragraph a line) or a .md file")
    parser.add_argument("dir", type=Path, nargs="?", default=Path("."), help="the site's folder (default: the current folder)")


def run_init(args: argparse.Namespace) -> int:
    """Write mkdocs.yml, docs/ and annotations/<kind>/ around the essay; 1, writing nothing, if anything is in the way."""
    essay, root = args.essay, args.dir
    if problem := _problem(essay, root):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    root.mkdir(parents=True, exist_ok=True)
    inside = _inside(essay, root)
    if inside is None:  # a site keeps its essay: copy it in
        inside = essay.name
        shutil.copyfile(essay, root / inside)
    # Dot files keep the empty folders in git (MkDocs needs docs/); neither MkDocs nor the plugin reads them.
    for folder in ("docs", *(f"annotations/{kind}" for kind in FIELDS)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / ".gitkeep").touch()
    schema.for_site((root / "annotations").resolve(), root.resolve())
    title = scalar(_title(essay))  # a Markdown essay's first heading is its title already
    line = "# title: The essay's title   # default: its first heading" if essay.suffix == ".md" else f"title: {title}"
    (root / "mkdocs.yml").write_text(CONFIG.format(site_name=title, essay=scalar(inside), title=line), encoding="utf-8")
    print(f"wrote {root / 'mkdocs.yml'}, {root / 'docs'}/ and {root / 'annotations'}/ (claims, glossary, xrefs, quotations)")
    go = "" if root.resolve() == Path.cwd() else f"cd {root} && "
    print(f"next: {go}mkdocs serve   (preview at http://127.0.0.1:8000), then add a note:")
    print('  annotated-essay new claim <id> --quote "words of the essay"')
    return 0


def _problem(essay: Path, root: Path) -> str:
    if essay.suffix not in site.ESSAY_SUFFIXES:
        return f"{essay}: the essay must be a .txt or .md file"
    if not essay.is_file():
        return f"{essay}: no such file"
    # What init writes, and the pages the essay's site will stand at.
    pages = (root / "docs" / f"{name}.md" for name in ("index", "claims", "glossary", "unanchored"))
    writes = [root / "mkdocs.yml", *([root / essay.name] if _inside(essay, root) is None else []), *pages]
    taken = [path for path in writes if path.exists()]
    return f"{taken[0]} already exists: init never overwrites a file; choose another folder" if taken else ""


def _inside(essay: Path, root: Path) -> str | None:
    """The essay's path relative to the site's folder, or None when it is outside it."""
    relative = os.path.relpath(essay.resolve(), root.resolve())
    return None if relative.startswith(os.pardir) else Path(relative).as_posix()


def _title(essay: Path) -> str:
    """A Markdown essay's first heading, else the file's name made readable."""
    if essay.suffix == ".md":
        for line in essay.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("# "):  # as text: links and emphasis markers left out
                return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:])).strip(" #")
    return essay.stem.replace("_", " ").replace("-", " ").capitalize()
