"""Layout helpers for notes and pages built with `markup.h()`, and `fragment()` for sanitized HTML."""

from __future__ import annotations

from collections.abc import Iterable

from .tree import inner_html, parse_fragment
from ..fields import NOT_IN_HTML
from .markup import Html, Node


def fragment(html: str) -> Html:
    """Sanitized HTML (render_markdown's output), written again as the essay's serializer writes it.

    Parsing and writing it once more gives it the one form every note and
    page uses (sorted attributes, the same escapes), whatever wrote it first.
    """
    return Html(inner_html(parse_fragment(html)))


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
            out += (item, "\n")
    return out


def line(content: Node) -> list[Node] | None:
    """`content` on a line of its own in a template's field, or nothing when there is none."""
    return [content, "\n"] if content else None


def visible(text: str) -> str:
    """`text` as it can be written into HTML: characters HTML forbids (a problem message
    may quote them) become U+FFFD, so the page stays valid and the reader sees something was there."""
    return NOT_IN_HTML.sub("\ufffd", text)
