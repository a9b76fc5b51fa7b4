"""HTML built as text, for every note and page the plugin writes.

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

VOID: frozenset[str] = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)
"""Elements that have no content and no end tag."""

BOOLEAN: frozenset[str] = frozenset({"checked", "disabled", "hidden", "open", "selected"})
"""Attributes written bare when their value is their name (`checked="checked"` as `checked`)."""


class Html(str):
    """Text that is HTML already: `h()` writes it as it is, where a plain `str` is escaped."""

    __slots__ = ()


Node = Union[Html, str, None, Iterable["Node"]]
"""Content for `h()`: HTML, plain text, nothing (None), or an iterable of these."""


def h(tag: str, attrs: dict[str, str] | None = None, /, *content: Node) -> Html:
    """The element `<tag attrs>content</tag>` as HTML; attribute values and plain text are escaped.

    Text is taken as it is: the loader has removed the characters HTML forbids
    from every field. Text from anywhere else goes through `render.html.visible()` first.
    """
    start = f"<{tag}{attributes(attrs)}>" if attrs else f"<{tag}>"
    if tag in VOID:
        return Html(start)
    return Html(f"{start}{_content(content) if content else ''}</{tag}>")


def markup(content: Iterable[Node]) -> Html:
    """`content` as one piece of HTML, as `h()` would write it inside an element."""
    return Html(_content(content))


def _content(content: Iterable[Node]) -> str:
    # The commonest cases come first and by exact type: this runs for every
    # piece of every note and page.
    parts: list[str] = []
    for item in content:
        kind = item.__class__
        if kind is Html:
            parts.append(item)  # type: ignore[arg-type]
        elif kind is str:
            if "&" in item or "<" in item or ">" in item:  # type: ignore[operator]
                item = escape_text(item)  # type: ignore[arg-type]
            parts.append(item)  # type: ignore[arg-type]
        elif item is None:
            continue
        elif isinstance(item, Html):
            parts.append(item)
        elif isinstance(item, str):  # another subclass of str: plain text
            parts.append(escape_text(str(item)))
        else:
            parts.append(_content(item))  # type: ignore[arg-type]
    return "".join(parts)


def attributes(attrs: dict[str, str]) -> str:
    """` name="value"` for each attribute, in sorted order, values escaped."""
    parts = []
    for name, value in sorted(attrs.items()) if len(attrs) > 1 else attrs.items():
        if name == value and name in BOOLEAN:
            parts.append(f" {name}")
            continue
        if "&" in value or "<" in value or ">" in value or '"' in value:
            value = escape_text(value).replace('"', "&quot;")
        parts.append(f' {name}="{value}"')
    return "".join(parts)


def escape_text(text: str) -> str:
    """`text` with `&`, `<` and `>` escaped."""
    # Checking first is cheaper than replacing: most text has none of these.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
