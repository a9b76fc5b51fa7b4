"""The plugin's options, checked and resolved: what every host hands the core.

Host-free: the MkDocs plugin, the command line and `prepare` read the same
options from mkdocs.yml and give them here as a plain dict.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import yaml

from .fields import DATE
from .model import Location, Problem

__all__ = [
    "ESSAY_SUFFIXES", "OPTIONS", "Publication", "Settings", "SettingsError", "docs_path", "option_where", "page_names", "replaced_pages",
    "unknown_options",
]

ESSAY_SUFFIXES = (".txt", ".md")
"""An essay is plain text (never read as Markdown) or Markdown."""


class SettingsError(ValueError):
    """A configuration that cannot work; the message says what to change."""


@dataclass(frozen=True)
class Settings:
    """The plugin's options, checked and resolved against the folder of mkdocs.yml."""

    base: Path
    essay: Path
    annotations: Path
    page: str = "index.md"
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    glossary_marks: str = "first"
    config_name: str = "mkdocs.yml"

    @classmethod
    def from_options(cls, options: dict[str, Any], base: Path, config_name: str = "mkdocs.yml") -> Settings:
        """Check the options (already typed by MkDocs or the command line); `config_name` is mkdocs.yml's name in `base`."""
        essay = options.get("essay")
        if not essay:
            raise SettingsError("annotated-essay: the 'essay' option is required (a .txt or .md file, relative to mkdocs.yml)")
        essay_path = (base / essay).resolve()
        if PurePosixPath(essay).suffix not in ESSAY_SUFFIXES:
            raise SettingsError(f"annotated-essay: essay '{essay}' must be a .txt or .md file")
        if not essay_path.is_file():
            raise SettingsError(f"annotated-essay: essay '{essay}' not found (looked for {essay_path})")
        page = str(options.get("page") or "index.md")
        if not page.endswith(".md") or page.startswith("/"):
            raise SettingsError(f"annotated-essay: page '{page}' must be a .md path inside the docs folder")
        date = options.get("date")
        if isinstance(date, datetime.date):
            date = date.isoformat()
        if date is not None and not DATE.fullmatch(str(date)):
            raise SettingsError(f"annotated-essay: date '{date}' must be written YYYY-MM-DD")
        return cls(
            base=base.resolve(),
            essay=essay_path,
            annotations=(base / str(options.get("annotations") or "annotations")).resolve(),
            page=page,
            date=date,
            **{name: options.get(name) for name in ("title", "author", "url")},  # as written
            glossary_marks=str(options.get("glossary_marks") or "first"),
            config_name=config_name,
        )


OPTIONS = tuple(f.name for f in fields(Settings) if f.name not in ("base", "config_name"))
"""The plugin's options in mkdocs.yml (plugin/config.py gives their types)."""


def option_where(config_file: Path, option: str = "") -> Location:
    """Where the plugin's `option` (or, failing that, the plugin) is written in mkdocs.yml."""
    try:
        node: Any = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, ValueError, yaml.YAMLError):
        node = None
    where = Location(config_file.name)
    for step in ("plugins", "annotated-essay", option):
        if isinstance(node, yaml.SequenceNode):  # the plugins list: its item `- annotated-essay: {options}`
            node = next((n for n in node.value if isinstance(n, yaml.MappingNode) and n.value[0][0].value == step), None)
        pair = next(((k, v) for k, v in node.value if k.value == step), None) if isinstance(node, yaml.MappingNode) else None
        if pair is None:
            break
        where, node = Location(config_file.name, pair[0].start_mark.line + 1, pair[0].start_mark.column + 1), pair[1]
    return where


def unknown_options(options: dict[str, Any], config_file: Path) -> list[Problem]:
    """An error at each option of the plugin in mkdocs.yml that it does not have, with the nearest one it has."""
    problems = []
    for key in (k for k in options if k not in OPTIONS):
        near = difflib.get_close_matches(str(key), OPTIONS, 1)
        hint = f"did you mean '{near[0]}'?" if near else f"the options are {', '.join(OPTIONS)}"
        problems.append(Problem(option_where(config_file, str(key)), f"unknown option '{key}' of the annotated-essay plugin", hint))
    return problems


def docs_path(settings: Settings, docs_dir: Path) -> str:
    """The essay's path inside the docs folder (where MkDocs would publish it a second time, un-annotated), or ''."""
    docs = docs_dir.resolve()
    return settings.essay.relative_to(docs).as_posix() if settings.essay.is_relative_to(docs) else ""


def replaced_pages(settings: Settings, docs_dir: Path, exists: Callable[[str], bool]) -> str:
    """Why the build cannot go on when a page of the docs folder stands where one of the plugin's goes, or ''."""
    essay = docs_path(settings, docs_dir)
    taken = [name for name in page_names(settings).values() if name != essay and exists(name)]
    why = "would be replaced by the annotated essay's pages: rename or remove it, or set another 'page' for the plugin"
    return f"{docs_dir.name}/{taken[0]} {why}" if taken else ""


def page_names(settings: Settings) -> dict[str, str]:
    """The docs-relative path of each page the plugin adds."""
    folder = PurePosixPath(settings.page).parent  # "." for a page at the top: "./claims.md" is written "claims.md"
    return {"essay": settings.page, **{stem: str(folder / f"{stem}.md") for stem in ("claims", "glossary", "unanchored")}}


@dataclass(frozen=True)
class Publication:
    """The site around the essay: mkdocs.yml's `site_name` and `site_url` (None when unset)."""

    name: str = ""
    url: str | None = None
