"""Small helpers over `xml.etree.ElementTree` trees of HTML.

The essay is an element tree (the one Python-Markdown builds, or one made from
a `.txt` file), so the core inserts marks as elements, never by rewriting HTML
strings. Notes, built as HTML text (markup.py), join the tree as `raw()` elements.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Union
from xml.etree.ElementTree import Element

from .markup import VOID, Html, attributes, escape_text

BLOCKS: frozenset[str] = frozenset(
    "address article aside blockquote details dialog dd div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table "
    "tbody td tfoot th thead tr ul summary".split()
)
"""Elements whose boundaries separate text the way a paragraph break does."""

NUMBERED_BLOCKS: frozenset[str] = frozenset("p li h1 h2 h3 h4 h5 h6 pre dt dd td th".split())
"""Blocks counted when an error names a block by its number in the essay."""

SKIPPED: frozenset[str] = frozenset({"script", "style", "template"})
"""Elements whose text a reader never sees as text."""


TreeContent = Union[Element, str, None, Iterable["TreeContent"]]
"""Content of an element: an element, text, nothing (None), or an iterable of these."""

RAW = "ae:raw"
"""The tag of a `raw()` element: no parser makes it, and no HTML has it."""


def element(tag: str, attrs: dict[str, str] | None = None, /, *content: TreeContent) -> Element:
    """The element `<tag attrs>content</tag>` for a tree; attribute values and text are plain text."""
    el = Element(tag, attrs) if attrs else Element(tag)
    _fill(el, content)
    return el


def _fill(el: Element, content: Iterable[TreeContent]) -> None:
    for item in content:
        if isinstance(item, Element):
            el.append(item)
        elif isinstance(item, str):
            append_text(el, item)
        elif item is not None:
            _fill(el, item)


def raw(html: Html) -> Element:
    """An element that `inner_html` writes as the HTML it holds: a note in the essay's tree."""
    el = Element(RAW)
    el.text = html
    return el


def append_text(parent: Element, text: str) -> None:
    """Append text at the end of `parent`'s content."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def text_of(el: Element) -> str:
    """All the text inside `el`, in order."""
    return "".join(el.itertext())


def parent_map(root: Element) -> dict[Element, Element]:
    """Each element's parent."""
    return {child: parent for parent in root.iter() for child in parent}


def parse_fragment(html: str) -> Element:
    """Parse an HTML fragment into a `div` holding it."""
    builder = _FragmentBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def fragment(html: str) -> Html:
    """Sanitized HTML (render_markdown's output), written again as the essay's serializer writes it.

    Parsing and writing it once more gives it the one form every note and
    page uses (sorted attributes, the same escapes), whatever wrote it first.
    """
    return Html(inner_html(parse_fragment(html)))


class _FragmentBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        append_text(self.stack[-1], data)


def inner_html(root: Element) -> str:
    """The HTML of `root`'s content (its text and children), without `root` itself.

    Text is written exactly: every `&`, `<` and `>` is escaped (a `.txt` essay
    or a YAML field that reads `&amp;` shows `&amp;`). Attributes are written
    in sorted order, as `markup.h()` writes them, so the output does not depend
    on how an element was built. A `raw()` element is written as its HTML.
    """
    out = [escape_text(root.text or "")]
    for child in root:
        _write(child, out)
    return "".join(out)


_RAW_TEXT = frozenset({"script", "style"})
"""Elements whose text HTML reads as it is: escaping it would change it."""


def _write(el: Element, out: list[str]) -> None:
    tag = el.tag
    if not isinstance(tag, str):
        raise TypeError(f"cannot write {tag!r} as HTML")
    tail = escape_text(el.tail or "")
    if tag == RAW:
        out.append((el.text or "") + tail)
        return
    out.append(f"<{tag}{attributes(el.attrib)}>")
    if tag in VOID:
        out.append(tail)
        return
    text = el.text or ""
    out.append(text if tag in _RAW_TEXT else escape_text(text))
    for child in el:
        _write(child, out)
    out.append(f"</{tag}>{tail}")
