"""The files `annotated-essay prepare` writes into the docs folder, for a host
that does not run the plugin (Zensical), and the manifest that says which they are.

Every file comes from the same `SiteBuild` the plugin publishes: nothing is
rendered again. The manifest is the docs folder's `.gitignore`: it keeps the
files out of version control and lists them, so that `prepare` never touches a
file it did not write and `--clean` removes exactly what it wrote.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import site
from .interop.export import FILE_NAME as EXPORT_NAME, export_json

MANIFEST = ".gitignore"
HEADER = "# Written by `annotated-essay prepare` for a host that does not run the plugin."
_ABOUT = (
    HEADER,
    "# Generated from mkdocs.yml, the essay and the annotations: edit those, not these files,",
    "# and do not commit them. `annotated-essay prepare --clean` removes every file listed here.",
)

# What a .gitignore pattern would read as a wildcard, negation or comment.
_GLOB = re.compile(r"([\\*?\[\]!#])")


class PrepareError(ValueError):
    """A file is in the way: `name` (docs-relative) and what to do about it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass
class Outcome:
    """What one `prepare` or `--clean` did, as docs-relative paths."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def files(build: site.SiteBuild) -> dict[str, str]:
    """Every file the plugin adds to a site, by docs-relative path, with its content."""
    out = {name: page(build, role) for role, name in build.pages().items()}
    out.update(site.assets())
    out[EXPORT_NAME] = export_json(build)
    return out


def page(build: site.SiteBuild, role: str) -> str:
    """One page as a Markdown file: its front matter, then its HTML as one raw block.

    `build` must link its pages by their files (`site.build`'s `link_targets`).
    The page links the plugin's stylesheet and script itself, as a host without
    the plugin adds neither (the script runs once however often a theme's
    instant loading inserts it again). The one `<div>` around everything makes
    Python-Markdown pass the HTML through as it is.
    """
    here = site.page_names(build.settings)[role]
    css = site.relative_url(site.CSS_URI, here)
    js = site.relative_url(site.JS_URI, here)
    html = build.page(role).html
    block = f'<div class="ae-prepared"><link rel="stylesheet" href="{css}">{html}<script src="{js}" defer></script></div>'
    # Python-Markdown turns tabs into spaces before it sets raw HTML aside; `&#9;` is a tab
    # to a browser. Nothing else it does first can match this HTML: a snippet include
    # (`--8<--`) needs a `<`, which the text here always holds as `&lt;`.
    return f"{build.markdown[role]}\n{block.replace(chr(9), '&#9;')}\n"


def owned(docs: Path) -> list[str]:
    """The docs-relative paths the manifest in `docs` lists ([] when there is none of ours)."""
    path = docs / MANIFEST
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [_unescape(line[1:]) for line in lines if line.startswith("/")] if lines[:1] == [HEADER] else []


def write(docs: Path, wanted: dict[str, str]) -> Outcome:
    """Write `wanted` into `docs`, remove what an earlier run wrote and is no longer wanted.

    Files whose content is already right are left alone. Raises PrepareError,
    before writing anything, when a file it would write exists and was not
    written by it.
    """
    before = set(owned(docs))
    _check_in_the_way(docs, [*wanted, MANIFEST], before)
    outcome = Outcome()
    for name, content in sorted(wanted.items()):
        (outcome.written if _write_text(docs / name, content) else outcome.unchanged).append(name)
    _remove(docs, sorted(before - set(wanted) - {MANIFEST}), outcome)
    manifest = "\n".join([*_ABOUT, *(f"/{_escape(name)}" for name in sorted([MANIFEST, *wanted]))]) + "\n"
    _write_text(docs / MANIFEST, manifest)
    return outcome


def clean(docs: Path) -> Outcome:
    """Remove every file the manifest lists, the manifest last, and the folders that leaves empty."""
    outcome = Outcome()
    listed = owned(docs)
    if listed:
        _remove(docs, [*sorted(set(listed) - {MANIFEST}), MANIFEST], outcome)
    return outcome


def _check_in_the_way(docs: Path, names: list[str], ours: set[str]) -> None:
    root = docs.resolve()
    for name in names:
        if root not in (docs / name).resolve().parents:
            raise PrepareError(name, "outside the docs folder: set a 'page' inside it")
        if name in ours or not (docs / name).exists():
            continue
        why = (
            "lists the files it writes here: move its lines to the repository's .gitignore and remove it"
            if name == MANIFEST
            else "would replace it: rename or remove it, or set another 'page' for the plugin"
        )
        raise PrepareError(name, f"not written by `annotated-essay prepare`, which {why}")


def _write_text(target: Path, content: str) -> bool:
    """Write `target` unless it holds `content` already (a watching server then has nothing to rebuild); whether it wrote."""
    if target.is_file() and target.read_text(encoding="utf-8") == content:
        return False
    # Written aside and moved in place: a server watching the folder never reads half a file.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(content, encoding="utf-8")
    os.replace(partial, target)
    return True


def _remove(docs: Path, names: list[str], outcome: Outcome) -> None:
    """Remove each listed file that is there, then each folder up to `docs` that it leaves empty."""
    for name in names:
        if not (docs / name).is_file():
            continue
        (docs / name).unlink()
        outcome.removed.append(name)
        for folder in PurePosixPath(name).parents:
            if str(folder) == "." or any((docs / folder).iterdir()):
                break
            (docs / folder).rmdir()


def _escape(name: str) -> str:
    escaped = _GLOB.sub(r"\\\1", name)
    return escaped[:-1] + "\\ " if escaped.endswith(" ") else escaped


def _unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern)
