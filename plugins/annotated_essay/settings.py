"""The plugin's options, checked and resolved: what every host hands the core.

Host-free: the MkDocs plugin, the command line and `prepare` read the same
options from mkdocs.yml and give them here as a plain dict.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .fields import DATE

__all__ = ["ESSAY_SUFFIXES", "Publication", "Settings", "SettingsError", "page_names"]

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

    @classmethod
    def from_options(cls, options: dict[str, Any], base: Path) -> Settings:
        """Check the options (already typed by MkDocs or the command line)."""
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
            title=options.get("title"),
            author=options.get("author"),
            date=date,
            url=options.get("url"),
            glossary_marks=str(options.get("glossary_marks") or "first"),
        )


def page_names(settings: Settings) -> dict[str, str]:
    """The docs-relative path of each page the plugin adds."""
    folder = PurePosixPath(settings.page).parent
    name = lambda stem: str(folder / f"{stem}.md") if str(folder) != "." else f"{stem}.md"  # noqa: E731
    return {"essay": settings.page, "claims": name("claims"), "glossary": name("glossary"), "unanchored": name("unanchored")}


@dataclass(frozen=True)
class Publication:
    """The site around the essay: mkdocs.yml's `site_name` and `site_url` (None when unset)."""

    name: str = ""
    url: str | None = None
