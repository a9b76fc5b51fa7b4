"""mkdocs.yml, read through MkDocs' own loader: the command line's one tie to MkDocs.

The command line reads the same configuration the plugin gets (the plugin's
options, the site's name and address, Markdown extensions), so `check`,
`export` and `new` see what `mkdocs build` would build.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from logging.handlers import BufferingHandler
from pathlib import Path
from typing import Iterator

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .. import prepared, site
from ..model import Location, Problem

__all__ = ["load_site"]


def load_site(config_file: Path, notes: bool = True, file_links: bool = False) -> tuple[site.SiteBuild, Path]:
    """Read mkdocs.yml as MkDocs would and compute the site's annotations, without building.

    Gives the build and the site's docs folder. `notes=False` skips rendering
    the notes, for a caller that only wants the problems; `file_links`: see
    `site.build`'s `link_targets`.
    """
    if not config_file.is_file():
        raise site.SettingsError(
            f"no such file: {config_file} (run this in the folder of the site's mkdocs.yml, or give -f path/to/mkdocs.yml; "
            "`annotated-essay init ESSAY` makes a new site)"
        )
    with _held_warnings() as records:
        try:
            config = load_config(str(config_file))
        except ConfigurationError as error:
            raise site.SettingsError(str(error).strip()) from error
        except Abort as error:  # MkDocs logs what is wrong, then aborts (a SystemExit): say what it logged
            raise site.SettingsError("; ".join(r.getMessage() for r in records) or str(error)) from error
    plugin = config["plugins"].get("annotated-essay")
    if plugin is None:
        raise site.SettingsError("mkdocs.yml does not use the annotated-essay plugin")
    options = dict(plugin.config)
    settings = site.Settings.from_options(options, config_file.resolve().parent, config_file.name)
    docs = Path(config["docs_dir"])
    ours = set(prepared.owned(docs))  # what `annotated-essay prepare` wrote stands in no page's way
    if replaced := site.replaced_pages(settings, docs, lambda name: name not in ours and (docs / name).is_file()):
        raise site.SettingsError(replaced)  # the build stops on it: so does check
    names = site.page_names(settings)
    urls = {role: _url(name, config["use_directory_urls"]) for role, name in names.items()}
    publication = site.Publication(config["site_name"], config["site_url"])
    targets = names if file_links else None
    build = site.build(settings, urls, config["markdown_extensions"], config["mdx_configs"], publication, notes=notes, link_targets=targets)
    # What MkDocs warns about in mkdocs.yml (an unknown option) fails `--strict`: say so here too.
    hint = "fix it in mkdocs.yml: `mkdocs build --strict` fails on it too"
    warned = (Problem(Location(config_file.name), record.getMessage(), hint) for record in records)
    build.problems[:0] = [*site.unknown_options(options, config_file), *warned]
    return build, docs


@contextlib.contextmanager
def _held_warnings() -> Iterator[list[logging.LogRecord]]:
    """What MkDocs logs while reading mkdocs.yml, held instead of printed."""
    logger, held = logging.getLogger("mkdocs.config"), BufferingHandler(sys.maxsize)
    held.setLevel(logging.WARNING)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(held)
    try:
        yield held.buffer
    finally:
        logger.removeHandler(held)
        logger.propagate = propagate


def _url(name: str, directory_urls: bool) -> str:
    stem = name[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"
