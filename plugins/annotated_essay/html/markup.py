"""HTML built as text, for every note and page the plugin writes, and the one HTML escape.

`h(tag, attrs, *content)` builds an element. Plain strings given to it are
text, escaped as they are written; what it returns is `Html`, written as it
is. So a field's value can never become markup, and nothing is escaped
twice. Notes and pages are written once and never changed, so they are built
straight as text: no element to build, then walk again to write (the essay's
own tree is `tree`'s business).

`h()` writes exactly what `tree.inner_html` writes for the same elements:
attributes in sorted order, `&`, `<` and `>` escaped in text, and `"` too in
attribute values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union

from ..fields import NOT_IN_HTML

VOID: frozenset[str] = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)
"""Elements that have no content and no end tag."""

BOOLEAN: frozenset[str] = frozenset({"checked", "disabled", "hidden", "open", "selected"})
"""Attributes written bare when their value is their name (`checked="checked"` as `checked`)."""


class Html(str):
    """Text that is HTML already: `h()` writes it as it is, where a plain `str` is escaped."""

    __slots__ = ()


HtmlContent = Union[Html, str, None, Iterable["HtmlContent"]]
"""Content for `h()`: HTML, plain text, nothing (None), or an iterable of these."""


def h(tag: str, attrs: dict[str, str] | None = None, /, *content: HtmlContent) -> Html:
    """The element `<tag attrs>content</tag>` as HTML; attribute values and plain text are escaped.

    Text is taken as it is: the loader has removed the characters HTML forbids
    from every field. Text from anywhere else goes through `visible()` first.
    """
    start = f"<{tag}{attributes(attrs)}>" if attrs else f"<{tag}>"
    if tag in VOID:
        return Html(start)
    parts = [start]
    _write(content, parts)
    parts.append(f"</{tag}>")
    return Html("".join(parts))


def markup(content: Iterable[HtmlContent]) -> Html:
    """`content` as one piece of HTML, as `h()` would write it inside an element."""
    parts: list[str] = []
    _write(content, parts)
    return Html("".join(parts))


def _write(content: Iterable[HtmlContent], parts: list[str]) -> None:
    # Nested lists are written into the element's one list of parts: joined once, not level by level.
    for item in content:
        if isinstance(item, str):
            parts.append(item if isinstance(item, Html) else escape_text(item))
        elif item is not None:
            _write(item, parts)


def attributes(attrs: dict[str, str]) -> str:
    """` name="value"` for each attribute, in sorted order, values escaped."""
    parts = []
    for name, value in sorted(attrs.items()):
        if name == value and name in BOOLEAN:
            parts.append(f" {name}")
        else:
            value = escape_text(value).replace('"', "&quot;")
            parts.append(f' {name}="{value}"')
    return "".join(parts)


def escape_text(text: str) -> str:
    """`text` with `&`, `<` and `>` escaped: the one HTML escape of the plugin."""
    if "&" in text or "<" in text or ">" in text:  # most text has none: three scans, no new string
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def joined(items: Iterable[HtmlContent], separator: str) -> list[HtmlContent]:
    """`items` with `separator` text between each two."""
    out: list[HtmlContent] = []
    for item in items:
        out += [separator, item] if out else [item]
    return out


def lines(*content: HtmlContent) -> list[HtmlContent]:
    """`content` one item a line, None left out: markup a reader of the page source can follow."""
    out: list[HtmlContent] = ["\n"]
    for item in content:
        if item is not None:
            out += (item, "\n")
    return out


def visible(text: str) -> str:
    """`text` as it can be written into HTML: characters HTML forbids (a problem message
    may quote them) become U+FFFD, so the page stays valid and the reader sees something was there."""
    return NOT_IN_HTML.sub("\ufffd", text)
