"""The MkDocs adapter: thin hooks that hand plain data to the core and back.

The only package that imports `mkdocs` (and knows about Material's search):
`config` holds the plugin's option schema, `search` the entries the plugin
adds to Material's search index. ProperDocs runs this same adapter. May
import everything else in the package; nothing imports it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..interop import export
from .. import prepared, site
from . import search
from ..files.cache import AnnotationCache
from .config import AnnotatedEssayConfig

# A plain logger under mkdocs.plugins (counted by --strict): messages start with
# the problem's own `path:line:col:`, as the contract promises, with no prefix.
log = logging.getLogger("mkdocs.plugins.annotated_essay")


class AnnotatedEssayPlugin(BasePlugin[AnnotatedEssayConfig]):
    """Publishes an essay with its annotations anchored to the exact words."""

    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance, and with it the
        # loaded annotations, across the rebuilds of `mkdocs serve`.
        self.cache = AnnotationCache() if command == "serve" else None

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        errors, warnings = super().load_config(options, config_file_path)
        # MkDocs reports an unknown option at no line, in its own words: on_config reports it at its line.
        self.unknown_options = site.unknown_options(options, Path(config_file_path or "mkdocs.yml"))
        return errors, [w for w in warnings if not (isinstance(w, tuple) and w[0] in options and w[0] not in site.OPTIONS)]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            config_file = Path(config.config_file_path)
            self.settings = site.Settings.from_options(dict(self.config), config_file.parent, config_file.name)
        except site.SettingsError as error:
            raise PluginError(str(error)) from error
        for problem in getattr(self, "unknown_options", ()):  # logged here, during the build, so that --strict counts them
            log.warning(str(problem))
        # `mkdocs serve` rebuilds when the essay or any annotation changes (on_serve watches the annotations).
        config.watch.append(str(self.settings.essay))
        self._watch_annotations()
        config.extra_css.append(site.CSS_URI)
        config.extra_javascript.append(site.JS_URI)
        # With Material's search, the plugin indexes its own pages from the model
        # (search.py) instead of having their large HTML parsed again.
        self.own_search = any(type(plugin).__module__.startswith("material.plugins.search") for plugin in config.plugins.values())
        self.titles: dict[str, str] = {}
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        self.server = server
        self._watch_annotations()
        return server

    def _watch_annotations(self) -> None:
        """Have `mkdocs serve` watch the annotations folder, or, until it exists, the folder it will be made in."""
        server = getattr(self, "server", None)
        folder = next(p for p in (self.settings.annotations, *self.settings.annotations.parents) if p.is_dir())
        if server is not None and folder != getattr(self, "watched", None):
            server.watch(str(folder))
            if getattr(self, "watched", None) is not None:
                server.unwatch(str(self.watched))
            self.watched = folder

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # What `annotated-essay prepare` wrote for another host: made here again, from the same build.
        for name in prepared.owned(Path(config.docs_dir)):
            if (file := files.get_file_from_path(name)) is not None:
                files.remove(file)
        essay = files.get_file_from_path(site.docs_path(self.settings, Path(config.docs_dir)))
        if essay is not None:  # the essay kept in the docs folder: published once, annotated
            files.remove(essay)
        replaced = site.replaced_pages(self.settings, Path(config.docs_dir), lambda name: files.get_file_from_path(name) is not None)
        if replaced:
            raise PluginError(replaced)
        pages = site.page_names(self.settings)
        urls = {role: File.generated(config, name, content="").url for role, name in pages.items()}
        publication = site.Publication(config.site_name, config.site_url)
        cache = getattr(self, "cache", None)  # None when a caller skipped on_startup
        self.build = site.build(self.settings, urls, config.markdown_extensions, config.mdx_configs, publication, cache)
        for problem in self.build.problems:
            log.warning(str(problem))
        for role, name in self.build.pages().items():
            # The unanchored page is added to the nav by on_nav: MkDocs must not list it as left out.
            inclusion = InclusionLevel.NOT_IN_NAV if role == "unanchored" else InclusionLevel.UNDEFINED
            files.append(File.generated(config, name, content=self.build.markdown[role], inclusion=inclusion))
        for uri, content in site.assets().items():
            files.append(File.generated(config, uri, content=content))
        # The W3C Web Annotation export, at the site root (docs/interoperability.md).
        files.append(File.generated(config, export.FILE_NAME, content=export.export_json(self.build)))
        self.pages = {name: role for role, name in pages.items()}
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # With an explicit nav, the unanchored page would exist but be unreachable.
        name = site.page_names(self.settings)["unanchored"]
        file = files.get_file_from_path(name)
        if file is not None and file.page is not None and file.page not in nav.pages:
            nav.items.append(file.page)
            nav.pages.append(file.page)
        return nav

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        role = self.pages.get(page.file.src_uri)
        if role is None:
            return html
        rendered = self.build.page(role)
        page.toc = get_toc(rendered.toc_tokens)
        # MkDocs checks `page.md#anchor` links against these (set from the stub's Markdown).
        page.present_anchor_ids = set(rendered.anchors)
        if self.own_search and role in search.ROLES:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.titles[role] = str(page.title or role.title())
        return rendered.html

    # Material's search plugin strips `data-search-*` attributes from every page's
    # HTML with a regular expression tried at each character: on a large essay,
    # a tenth of the build spent on pages that carry none and that its index
    # leaves out (search.py). Their HTML is held back from that one handler, when
    # no other plugin's handler runs between these two.
    @event_priority(1)
    def _hold_from_search(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        held = self.own_search and self.pages.get(page.file.src_uri) in search.ROLES
        if held and "data-search-" not in (page.content or "") and _only_search_between(config):
            self.held = (page, page.content)
            page.content = ""
        return context

    @event_priority(-1)
    def _give_back(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        held = getattr(self, "held", None)
        if held is not None and held[0] is page:
            page.content = held[1]
            self.held = None
        return context

    on_page_context = CombinedEvent(_hold_from_search, _give_back)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():
            data: dict[str, Any] = json.loads(index.read_text(encoding="utf-8"))
            search.point_at_entries(data)
            if self.own_search and set(self.titles) == set(self.build.pages()) & set(search.ROLES):
                data.setdefault("docs", []).extend(search.entries(self.build, self.titles))
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _only_search_between(config: MkDocsConfig) -> bool:
    """Whether Material's search is the only other page_context handler between ours."""
    ours = (AnnotatedEssayPlugin._hold_from_search, AnnotatedEssayPlugin._give_back)
    for handler in config.plugins.events["page_context"]:
        if getattr(handler, "__func__", None) in ours or not -1 <= getattr(handler, "mkdocs_priority", 0) <= 1:
            continue
        if not type(getattr(handler, "__self__", None)).__module__.startswith("material.plugins.search"):
            return False
    return True


__all__ = ["AnnotatedEssayPlugin"]
