"""Building HTML as elements, with `htmltree.h()`: `fragment()` for sanitized HTML, `serialize()`, and layout helpers.

Every note and page the plugin writes is built here as an element tree, so
plain values are escaped by the serializer, never by hand, and notes join the
essay's tree as they are: no template to compile, no HTML to parse back.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..htmltree import Node, h, inner_html, parse_fragment
from ..load import NOT_IN_HTML


def fragment(html: str) -> list[Node]:
    """Sanitized HTML (render_markdown's output) as content for `h()`."""
    holder = parse_fragment(html)
    return [holder.text, *holder]


def serialize(content: Iterable[Node]) -> str:
    """The HTML of `content`, as the essay's own serializer writes it."""
    return inner_html(h("div", None, content))


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
