"""mkdocs.yml, read through MkDocs' own loader: the command line's one tie to MkDocs.

The command line reads the same configuration the plugin gets (the plugin's
options, the site's name and address, Markdown extensions), so `check`,
`export` and `new` see what `mkdocs build` would build.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .. import prepared, site
from ..model import Location, Problem

__all__ = ["load_site", "load_site_in"]


def load_site(config_file: Path, notes: bool = True) -> tuple[site.SiteBuild, dict[str, Any]]:
    """Read mkdocs.yml as MkDocs would and compute the site's annotations, without building.

    `notes=False` skips rendering the notes, for a caller that only wants the problems.
    """
    build, options, _ = load_site_in(config_file, notes)
    return build, options


def load_site_in(config_file: Path, notes: bool = True, file_links: bool = False) -> tuple[site.SiteBuild, dict[str, Any], Path]:
    """As `load_site`, with the site's docs folder (`docs_dir`) too; `file_links`: see `site.build`'s `link_targets`."""
    if not config_file.is_file():
        raise site.SettingsError(
            f"no such file: {config_file} (run this in the folder of the site's mkdocs.yml, or give -f path/to/mkdocs.yml; "
            "`annotated-essay init ESSAY` makes a new site)"
        )
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
    ours = set(prepared.owned(docs))  # what `annotated-essay prepare` wrote stands in no page's way
    replaced = site.replaced_pages(settings, docs, lambda name: name not in ours and (docs / name).is_file())
    if replaced:  # the build stops on it: so does check
        raise site.SettingsError(replaced)
    names = site.page_names(settings)
    urls = {role: _url(name, config["use_directory_urls"]) for role, name in names.items()}
    publication = site.Publication(config["site_name"], config["site_url"])
    targets = names if file_links else None
    build = site.build(settings, urls, config["markdown_extensions"], config["mdx_configs"], publication, notes=notes, link_targets=targets)
    # What MkDocs warns about in mkdocs.yml (an unknown option) fails `--strict`: say so here too.
    hint = "fix it in mkdocs.yml: `mkdocs build --strict` fails on it too"
    build.problems[:0] = [*site.unknown_options(options, config_file), *(Problem(Location(config_file.name), m, hint) for m in warnings)]
    return build, options, Path(config["docs_dir"])


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
