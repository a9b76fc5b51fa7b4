"""Building HTML as elements: `h()` for markup, `fragment()` for sanitized HTML, `serialize()`.

Every note and page the plugin writes is built here as an element tree, so
plain values are escaped by the serializer, never by hand, and notes join the
essay's tree as they are: no template to compile, no HTML to parse back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union
from xml.etree.ElementTree import Element

from ..htmltree import inner_html, parse_fragment
from ..load import NOT_IN_HTML

Node = Union[Element, str, None, Iterable["Node"]]
"""Content of an element: an element, text, nothing (None), or an iterable of these."""


def h(tag: str, attrs: dict[str, str] | None = None, /, *content: Node) -> Element:
    """The element `<tag attrs>content</tag>`; attribute values and text are plain text.

    Text is taken as it is: the loader has removed the characters HTML forbids
    from every field. Text from anywhere else goes through `visible()` first.
    """
    el = Element(tag, attrs) if attrs else Element(tag)
    if content:
        _fill(el, content, None)
    return el


def fragment(html: str) -> list[Node]:
    """Sanitized HTML (render_markdown's output) as content for `h()`."""
    holder = parse_fragment(html)
    return [holder.text, *holder]


def serialize(content: Iterable[Node]) -> str:
    """The HTML of `content`, as the essay's own serializer writes it."""
    holder = Element("div")
    _fill(holder, content, None)
    return inner_html(holder)


def joined(items: Iterable[Node], separator: str) -> list[Node]:
    """`items` with `separator` text between each two."""
    out: list[Node] = []
    for item in items:
        if out:
            out.append(separator)
        out.append(item)
    return out


def lines(*content: Node) -> list[Node]:
    """`content` one item a line, None left out: markup a reader of the page source can follow."""
    out: list[Node] = ["\n"]
    for item in content:
        if item is not None:
            out += (item, "\n")  # flat: one level of content for _fill to walk
    return out


def visible(text: str) -> str:
    """`text` as it can be written into HTML: characters HTML forbids (a problem message
    may quote them) become U+FFFD, so the page stays valid and the reader sees something was there."""
    return NOT_IN_HTML.sub("\ufffd", text)


def _fill(el: Element, content: Iterable[Node], last: Element | None) -> Element | None:
    """Append `content` to `el`, whose last child is `last`; return its new last child.

    The commonest cases come first and by exact type: this runs for every
    piece of every note and page.
    """
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
