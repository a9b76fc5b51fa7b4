"""Small helpers over `xml.etree.ElementTree` trees of HTML.

The essay is an element tree (the one Python-Markdown builds, or one made from
a `.txt` file), so the core inserts marks as elements, never by rewriting HTML
strings. Notes, built as HTML text (markup.py), join the tree as `raw()` elements.
"""

from __future__ import annotations

from html.parser import HTMLParser
from collections.abc import Iterable
from typing import Iterator, Union
from xml.etree.ElementTree import Element, ParseError, fromstring

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


Node = Union[Element, str, None, Iterable["Node"]]
"""Content of an element: an element, text, nothing (None), or an iterable of these."""

RAW = "ae:raw"
"""The tag of a `raw()` element: no parser makes it, and no HTML has it."""


def element(tag: str, attrs: dict[str, str] | None = None, /, *content: Node) -> Element:
    """The element `<tag attrs>content</tag>` for a tree; attribute values and text are plain text."""
    el = Element(tag, attrs) if attrs else Element(tag)
    if content:
        _fill(el, content, None)
    return el


def _fill(el: Element, content: Iterable[Node], last: Element | None) -> Element | None:
    """Append `content` to `el`, whose last child is `last`; return its new last child."""
    for item in content:
        kind = item.__class__
        if kind is str:
            if not item:
                continue
            if last is None:
                el.text = el.text + item if el.text else item
            else:
                last.tail = last.tail + item if last.tail else item
        elif kind is Element:
            el.append(item)
            last = item
        elif isinstance(item, str):  # a subclass of str: as plain text
            last = _fill(el, (str(item),), last)
        elif item is not None:
            last = _fill(el, item, last)  # type: ignore[arg-type]
    return last


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


def iter_blocks(root: Element) -> Iterator[Element]:
    """Numbered blocks in document order, not descending into a counted one."""
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag in NUMBERED_BLOCKS:
            yield child
        else:
            yield from iter_blocks(child)


def parse_fragment(html: str) -> Element:
    """Parse an HTML fragment into a `div` holding it (for trusted, sanitized HTML)."""
    fast = _parse_as_xml(html)
    if fast is not None:
        return fast
    builder = _FragmentBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# XML parses nothing differently from HTMLParser that these leave out.
_NOT_PLAIN_XML = ("<!", "<?", "xmlns", "xml:", "<script", "<style", "<SCRIPT", "<STYLE")


def _parse_as_xml(html: str) -> Element | None:
    """The same tree as the HTML parser's, parsed in C, when `html` is also well-formed XML.

    Rendered Markdown must become elements of the essay's tree; the Markdown
    sanitizer nearly always writes well-formed XML, which expat reads many
    times faster. Anything else (void tags like `<br>`,
    HTML entities, upper-case names) returns None, for the HTML parser.
    """
    if any(marker in html for marker in _NOT_PLAIN_XML):
        return None
    try:
        # Character references keep these exactly, where XML would normalize them in attributes.
        kept = html.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
        root = fromstring(f"<div>{kept}</div>")
    except ParseError:
        return None
    for el in root.iter():
        if el.tag.lower() != el.tag or any(k.lower() != k for k in el.attrib):
            return None
        if el.tag in VOID and (len(el) or el.text):  # HTML ends a void element at its tag
            return None
    return root


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

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].append(Element(tag, {k: v or "" for k, v in attrs}))

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
    out: list[str] = []
    write = out.append
    if root.text:
        write(escape_text(root.text))
    # A stack, not recursion: a thousand annotations on the same words nest a
    # thousand marks. `ends` holds the end tag (and tail) of each open element.
    stack, ends = [iter(root)], []
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            if ends:
                write(ends.pop())
            continue
        tag = el.tag
        if tag.__class__ is not str:
            raise TypeError(f"cannot write {tag!r} as HTML")
        tail = el.tail or ""
        if tail and ("&" in tail or "<" in tail or ">" in tail):
            tail = escape_text(tail)
        if tag == RAW:
            write((el.text or "") + tail)
            continue
        start = f"<{tag}{attributes(el.attrib)}>" if el.attrib else f"<{tag}>"
        if tag in VOID:
            write(start + tail)
            continue
        text = el.text or ""
        if text and tag not in _RAW_TEXT and ("&" in text or "<" in text or ">" in text):
            text = escape_text(text)
        if len(el):
            write(start + text)
            stack.append(iter(el))
            ends.append(f"</{tag}>{tail}")
        else:
            write(f"{start}{text}</{tag}>{tail}")
    return "".join(out)


_RAW_TEXT = frozenset({"script", "style"})
