"""Building real sites in tests: write an essay, annotations and mkdocs.yml, build, read.

A module of its own (not conftest.py): tests import from it by name, and a
second conftest.py (tests/browser/) would shadow `conftest`.
"""

from __future__ import annotations

import json
import logging
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_d2e8bc26bad40b2a.txt"


@dataclass
class BuiltSite:
    """A site built by `build_site`: where it is, what it logged, what it published."""

    root: Path
    site: Path
    warnings: list[str] = field(default_factory=list)
    aborted: bool = False

    def html(self, page: str = "") -> str:
        """The HTML of a page by its URL ('' for the home page, 'claims/' ...)."""
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    def exists(self, page: str) -> bool:
        return (self.site / page / "index.html").exists()

    def search_index(self) -> dict[str, Any]:
        return json.loads((self.site / "search" / "search_index.json").read_text(encoding="utf-8"))


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_annotations(folder: Path, annotations: dict[str, str]) -> None:
    """Write annotation files: {'claims/x.yml': 'yaml text', ...} (text is dedented)."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in annotations.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")


def site_at(root: Path, essay: str, annotations: dict[str, str] | None = None, *, strict: bool = True, **inputs: Any) -> BuiltSite:
    """Write a site into `root` (`inputs` as for `write_site`) and build it."""
    write_site(root, essay, annotations, **inputs)
    return build_at(root, strict=strict)


def write_site(
    root: Path,
    essay: str,
    annotations: dict[str, str] | None = None,
    *,
    essay_name: str = "essay.txt",
    options: dict[str, Any] | None = None,
    docs: dict[str, str] | None = None,
    extra_config: dict[str, Any] | None = None,
) -> Path:
    """Write a site's inputs (essay, annotations, docs, mkdocs.yml) into `root`; return `root`."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for rel, text in (docs or {}).items():
        (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / rel).write_text(text, encoding="utf-8")
    (root / essay_name).write_text(essay, encoding="utf-8")
    write_annotations(root / "annotations", annotations or {})
    plugin = {"essay": essay_name, **(options or {})}
    config = {
        "site_name": "Test essay",
        "theme": {"name": "material"},
        "plugins": ["search", {"annotated-essay": plugin}],
        **(extra_config or {}),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def build_at(root: Path, *, strict: bool = True) -> BuiltSite:
    """Build the site whose mkdocs.yml is in `root` into `root/site`."""
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    result = BuiltSite(root, root / "site")
    try:
        cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict)
        build(cfg)
    except Abort:
        result.aborted = True
    finally:
        logger.removeHandler(capture)
    result.warnings = capture.messages
    return result


# What the repository holds besides the site's own inputs: never copied.
_NOT_SITE = frozenset({".git", ".venv", ".venv-zensical", ".cache", "node_modules", "site", "tests", "bench", "plugins", ".pytest_cache", ".hypothesis", "__pycache__"})


def copy_our_site(dest: Path) -> Path:
    """Copy the repository's own site (mkdocs.yml and everything it may refer to) into `dest`."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted(ROOT.iterdir()):
        if src.name in _NOT_SITE or src.name.endswith(".egg-info"):
            continue
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / src.name)
    return dest
