"""The whole site's share of the work, without MkDocs: one build of the
essay and its annotations, the pages to add, their Markdown stubs and HTML,
and the assets.

The adapters (the MkDocs plugin, the command line) talk to the core through
this module; it hands on the settings' names (`Settings`, `page_names`...)
so that they need no other import.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from .render import claimreview
from .render.source import EssayPage, build_essay
from .html.markup import Html, HtmlContent, escape_text, h, joined
from .files.cache import AnnotationCache
from .files.load import load_annotations
from .settings import ESSAY_SUFFIXES, OPTIONS, Publication, Settings, SettingsError, docs_path, option_where, page_names, replaced_pages, unknown_options
from .model import AnnotationSet, Claim, Location, Problem, Term
from .render import pages
from .render.notes import Links, highlight_key
from .html.markdown import http_url, markdown_content
from .html.prose import simple_blocks
from .html.tree import parse_fragment, text_of

__all__ = [
    "CSS_URI", "ESSAY_SUFFIXES", "JS_URI", "OPTIONS", "Publication", "Rendered", "Settings", "SettingsError", "SiteBuild", "assets",
    "build", "docs_path", "page_names", "relative_url", "replaced_pages", "unknown_options",
]

CSS_URI = "assets/annotated-essay/annotations.css"
JS_URI = "assets/annotated-essay/annotations.js"

@dataclass(frozen=True)
class Rendered:
    """One page's HTML, its table of contents in MkDocs' token form, and the ids
    a link may point at (each entry's and each placed annotation's, and the headings')."""

    html: str
    toc_tokens: list[dict[str, Any]]
    anchors: frozenset[str] = frozenset()


@dataclass
class SiteBuild:
    """Everything the plugin adds to a site, computed once per build."""

    settings: Settings
    annotations: AnnotationSet
    essay: EssayPage
    links: dict[str, Links]
    problems: list[Problem] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # each page's site URL, by role
    publication: Publication = Publication()

    @property
    def edition(self):  # noqa: ANN201 (Edition; kept loose to avoid a cycle in type-only imports)
        return self.essay.edition

    @property
    def unplaced(self) -> int:
        """How many annotations the unanchored page lists: those not anchored, and the rejected files."""
        return len(self.edition.unanchored) + len(self.edition.rejected)

    def pages(self) -> dict[str, str]:
        """The docs-relative path of each page this build adds, by role (the unanchored page when it lists something)."""
        return {role: name for role, name in page_names(self.settings).items() if role != "unanchored" or self.unplaced}

    @property
    def title(self) -> str:
        """The essay's title: the `title` option (or a Markdown essay's own heading), else the site's name."""
        return self.settings.title or self.publication.name or "The essay"

    @cached_property
    def markdown(self) -> dict[str, str]:
        """The Markdown stub of each page: front matter only; the HTML comes from `page`."""
        essay_title = self.title
        return {
            "essay": _stub(essay_title, f"{essay_title}, annotated: claims checked against sources, a glossary, cross-references and quotations."),
            "claims": _stub("Claims", f"Every claim in {essay_title}, checked against its sources, grouped by verdict."),
            "glossary": _stub("Glossary", f"Terms used in {essay_title}, defined, with every place they occur."),
            "unanchored": _stub("Unanchored annotations", "Annotations that could not be placed in the essay, with the problem to fix."),
        }

    def _unanchored_notice(self, links: Links) -> str:
        count = self.unplaced
        if not count:
            return ""
        what = "annotation could" if count == 1 else "annotations could"
        return (
            f'<p class="ae-unanchored-notice" role="status">{count} {what} not be placed in the essay: '
            f'see <a href="{links.unanchored}">Unanchored annotations</a>.</p>'
        )

    def page(self, role: str) -> Rendered:
        """The HTML of one of the plugin's pages."""
        links = self.links[role]
        if role == "essay":
            kinds = (a.kind for a in self.annotations.annotations if a.id in self.edition.placed)
            body, heading = self.essay.html, None
            if not any(t["level"] == 1 for t in self.essay.toc_tokens):
                heading = h("h1", None, self.title)
            elif body.startswith("<h1") and "data-annotation" not in body[: body.index("</h1>")]:
                # An essay that opens with its own title: the title heads the first screen, above the
                # byline and the key. (One with a highlight in it stays in the essay, where highlights show.)
                end = body.index("</h1>") + len("</h1>")
                heading, body = Html(body[:end]), body[end:]
            first = _first_screen(self.settings, heading, kinds)
            opening = f'<div class="ae-essay" data-glossary-marks="{self.settings.glossary_marks}">'
            # One f-string: the essay's HTML (megabytes for a long essay) is copied once, not at each `+`.
            html = f"{first}{self._unanchored_notice(links)}{opening}{body}</div>"
            return Rendered(html, self.essay.toc_tokens, _anchors(self.edition.placed, self.essay.toc_tokens))
        anns = self.annotations.annotations
        if role == "claims":
            claims = [a for a in anns if isinstance(a, Claim)]
            result = pages.claims_page(self.edition, claims, links)
            result.html += claimreview.script(claims, claimreview.Site(self.settings, self.publication, self.urls))
        elif role == "glossary":
            result = pages.glossary_page(self.edition, [a for a in anns if isinstance(a, Term)], self.annotations.by_id(), links)
        else:
            result = pages.unanchored_page(self.edition, links)
        # The theme writes a token's name and id into its HTML as they are (Markdown's
        # toc gives HTML): a plain-text name from an annotation must be escaped here.
        tokens = [{"level": level, "id": escape_text(id_), "name": escape_text(name), "children": []} for level, id_, name in result.toc]
        kind = {"claims": Claim, "glossary": Term}.get(role)
        entries = [a.id for a in anns if kind and isinstance(a, kind)]
        return Rendered(result.html, tokens, _anchors([*entries, *(f"{id_}--entry" for id_ in entries)], tokens))


def _anchors(ids: Iterable[str], tokens: list[dict[str, Any]]) -> frozenset[str]:
    found, stack = set(ids), list(tokens)
    while stack:
        token = stack.pop()
        found.add(token["id"])
        stack.extend(token["children"])
    return frozenset(found)


def build(
    settings: Settings,
    urls: dict[str, str],
    markdown_extensions: list[Any] | None = None,
    markdown_configs: dict[str, Any] | None = None,
    publication: Publication | None = None,
    cache: AnnotationCache | None = None,
    notes: bool = True,
    link_targets: dict[str, str] | None = None,
) -> SiteBuild:
    """Load, anchor and prepare every page. `urls` are the pages' site URLs by role.

    A `cache` (kept across `mkdocs serve` rebuilds) skips loading an unchanged
    annotations folder. `notes=False` leaves the notes out, for a caller that
    only wants the problems. `link_targets` are what the pages link to instead
    of `urls`: their docs files, for a host that rewrites a page's links as
    written from its Markdown file (Zensical).
    """
    load = cache.load if cache is not None else load_annotations
    annotations = load(settings.annotations, settings.base)
    links = {role: _links_from(link_targets or urls, role) for role in urls}
    try:
        source = settings.essay.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        where = Location(shown_path(settings.essay, settings.base), 1, 1)
        raise SettingsError(f"{where}: the essay is not valid UTF-8 ({error.reason} at byte {error.start})") from error
    essay = build_essay(
        source, settings.essay.name, annotations, links["essay"], settings.glossary_marks, markdown_extensions, markdown_configs, notes
    )
    heading = next((token["name"] for token in essay.toc_tokens if token["level"] == 1), None)
    if settings.title is None and heading:  # a Markdown essay's own first heading is its title
        settings = replace(settings, title=html.unescape(heading))
    problems = sorted([*essay.edition.problems, *_shows_nothing(annotations)], key=Problem.sort_key)
    if not settings.annotations.is_dir():  # an essay published with no notes at all, when a path is mistyped
        where = option_where(settings.base / settings.config_name, "annotations")
        missing = f"the annotations folder '{shown_path(settings.annotations, settings.base)}' does not exist (looked for {settings.annotations})"
        hint = "create it (`annotated-essay init` does), or set the plugin's 'annotations' option to the folder that holds claims/, glossary/, xrefs/ and quotations/"
        problems = [Problem(where, missing, hint), *problems]
    return SiteBuild(settings, annotations, essay, links, problems, dict(urls), publication or Publication())


def _shows_nothing(annotations: AnnotationSet) -> list[Problem]:
    """A Markdown field that Markdown reads as markup alone (a rule, a link definition)
    would publish an empty note without a word: each is a problem."""
    found = []
    for annotation in annotations.annotations:
        for name in ("note", "definition"):
            text = getattr(annotation, name, "")
            # Simple prose (most fields) shows its words; only the others are rendered to see.
            if text and simple_blocks(text) is None and not text_of(parse_fragment(markdown_content(text))).strip():
                message = f"'{name}' shows nothing: Markdown reads all of it as markup (a rule, a link definition, ...)"
                found.append(Problem(annotation.where, message, "write the words a reader should see"))
    return found


def _links_from(urls: dict[str, str], role: str) -> Links:
    here = urls[role]
    rel = lambda target: relative_url(urls[target], here)  # noqa: E731
    return Links(essay=rel("essay"), claims=rel("claims"), glossary=rel("glossary"), unanchored=rel("unanchored"))


def relative_url(target: str, here: str) -> str:
    """`target` relative to the page at `here` (both site URLs like '' or 'claims/')."""
    rel = posixpath.relpath("/" + target, posixpath.dirname("/" + here))
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in ("", ".", "./") else rel


def shown_path(path: Path, base: Path) -> str:
    """`path` as a message shows it: relative to `base` when it is under it."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _stub(title: str, description: str) -> str:
    # JSON strings are valid YAML scalars, so any title is quoted safely.
    return f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n---\n"


_MONTHS = "January February March April May June July August September October November December".split()


def _first_screen(settings: Settings, heading: Html | None, kinds: Iterable[str]) -> str:
    """What a reader needs before the first word: the essay's title (`heading`, none when the
    essay's own stands further on), author, date, the original, and the key to the highlights."""
    parts: list[HtmlContent] = []
    if settings.author:
        parts.append(["By ", h("span", {"class": "ae-author"}, settings.author)])
    if settings.date:
        year, month, day = settings.date.split("-")
        parts.append(h("time", {"datetime": settings.date}, f"{int(day)} {_MONTHS[int(month) - 1]} {year}"))
    if http_url(settings.url):
        parts.append(h("a", {"href": settings.url or "", "rel": "noopener noreferrer"}, "Read the original"))
    byline = h("p", {"class": "ae-byline"}, joined(parts, " · ")) if parts else None
    return h("header", {"class": "ae-first"}, heading, byline, highlight_key(kinds))


def assets() -> dict[str, str]:
    """The plugin's CSS and JavaScript, by site URI."""
    folder = resources.files("annotated_essay") / "assets"
    return {uri: (folder / posixpath.basename(uri)).read_text(encoding="utf-8") for uri in (CSS_URI, JS_URI)}
