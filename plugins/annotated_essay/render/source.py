"""Turning the essay's source into annotated HTML.

A `.txt` essay becomes a tree directly (its text is never read as Markdown or
HTML); a `.md` essay is rendered with the site's own Markdown configuration and
annotated inside Python-Markdown, as a treeprocessor, so the anchoring engine
sees the same element tree either way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .edition import Edition, annotate
from ..html.tree import RAW, append_text, element, inner_html
from ..model import AnnotationSet
from .notes import Links, txt_to_tree


@dataclass
class EssayPage:
    """The essay's annotated HTML, its edition, and its headings for a table of contents."""

    html: str
    edition: Edition
    toc_tokens: list[dict[str, Any]] = field(default_factory=list)


def build_essay(
    source: str,
    name: str,
    annotations: AnnotationSet,
    links: Links = Links(),
    glossary_marks: str = "first",
    markdown_extensions: list[Any] | None = None,
    markdown_configs: dict[str, Any] | None = None,
    notes: bool = True,
) -> EssayPage:
    """Annotate the essay `source` (the file `name` decides .txt or .md); `notes` as in `annotate`."""
    run: Callable[[Element], Edition] = lambda root: annotate(root, annotations, links, glossary_marks, notes)
    if PurePosixPath(name).suffix == ".md":
        return _markdown_essay(source, run, markdown_extensions or [], markdown_configs or {})
    root = element("div", {"class": "ae-essay-body"})
    root.extend(txt_to_tree(source))
    edition = run(root)
    return EssayPage(inner_html(root), edition)


def _markdown_essay(source: str, run: Callable[[Element], Edition], extensions: list[Any], configs: dict[str, Any]) -> EssayPage:
    editions: list[Edition] = []

    class Annotate(Treeprocessor):
        def run(self, root: Element) -> None:
            _reveal_text(root, self.md)
            editions.append(run(root))
            _stash_notes(root, self.md)
            _hide_ampersands(root, self.md)

    class Hook(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
            # After inline parsing (20) and attr_list (8), before toc (5): headings
            # keep their text, and toc's permalinks are not read as essay text.
            md.treeprocessors.register(Annotate(md), "annotated_essay", 6)

    md = markdown.Markdown(extensions=[*extensions, Hook()], extension_configs=configs)
    html = md.convert(source)
    # Markdown skips its treeprocessors for a blank document: then anchor in nothing.
    edition = editions[0] if editions else run(element("div"))
    return EssayPage(html, edition, list(getattr(md, "toc_tokens", [])))


_ESCAPED = re.compile(f"{util.STX}([0-9]+){util.ETX}")
_STASHED = re.compile(f"{util.STX}wzxhzdk:([0-9]+){util.ETX}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")


def _reveal_text(root: Element, md: markdown.Markdown) -> None:
    """Put back what Markdown holds aside until after this point (backslash-escaped
    characters, character references), so quotes are matched against the text a
    reader sees: `\\*` and `&amp;` in the source read as `*` and `&`."""

    def stashed(match: re.Match[str]) -> str:
        raw = md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        return html.unescape(raw) if isinstance(raw, str) and _ENTITY.fullmatch(raw) else match.group(0)

    _map_text(root, lambda text: _STASHED.sub(stashed, _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)))


def _stash_notes(root: Element, md: markdown.Markdown) -> None:
    """Hand each note (a `raw()` element holding HTML) to Markdown's stash of raw HTML.

    Its placeholder takes the element's place as text, and Markdown writes the
    note's HTML there as it is; later treeprocessors never see inside a note.
    """
    for parent in [el for el in root.iter() if any(child.tag == RAW for child in el)]:
        children = list(parent)
        parent[:] = []
        for child in children:
            if child.tag == RAW:
                append_text(parent, md.htmlStash.store(child.text or "") + (child.tail or ""))
            else:
                parent.append(child)


def _hide_ampersands(root: Element, md: markdown.Markdown) -> None:
    """Write every `&` of the text as `&amp;`: the serializer would leave one that looks
    like the start of a reference (a revealed `&amp;lt;`) as it is."""
    placeholder = md.htmlStash.store("&amp;")
    _map_text(root, lambda text: text.replace("&", placeholder))


def _map_text(root: Element, change: Callable[[str], str]) -> None:
    for el in root.iter():
        if el.text and el.tag != "code":
            el.text = change(el.text)
        if el.tail:
            el.tail = change(el.tail)
