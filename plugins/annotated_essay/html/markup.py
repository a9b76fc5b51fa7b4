"""HTML built as text, for every note and page the plugin writes.

`h(tag, attrs, *content)` builds an element piece by piece; a `Template` is a
fixed piece of HTML with named fields, for the shapes written most often (a
note, an entry of the claims page), filled by one `str.format` in C instead
of a call of `h()` per element.

Plain strings given to either are text, escaped as they are written; what
they return is `Html`, written as it is. So a field's value can never become
markup, and nothing is escaped twice. Notes and pages are written once and
never changed, so they are built straight as text: no element to build, then
walk again to write (the essay's own tree is `htmltree`'s business).

`h()` writes exactly what `htmltree.inner_html` writes for the same elements:
attributes in sorted order, `&`, `<` and `>` escaped in text, and `"` too in
attribute values.
"""

from __future__ import annotations

from collections.abc import Iterable
from string import Formatter
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


class Template:
    """A fixed piece of HTML with named `{fields}` (braces doubled, as for `str.format`).

    Filling it escapes every plain-text value where it stands: `&`, `<` and
    `>`, and `"` too inside a tag (an attribute value), as `h()` does; one
    field may stand in both. `Html` goes in as it is, None as nothing, and a
    list as its items one after the other.
    """

    __slots__ = ("html", "_in_text", "_in_tags")

    def __init__(self, html: str) -> None:
        self.html, self._in_text, self._in_tags = _split_places(html)

    def __call__(self, **fields: Node) -> Html:
        """This template with each `{name}` replaced by the value of `name`."""
        values: dict[str, Node] = {}
        for name, value in fields.items():
            # Most values are Html or text with nothing to escape: checked here, in line.
            kind = value.__class__
            if kind is Html or (kind is str and not ("&" in value or "<" in value or ">" in value or '"' in value)):  # type: ignore[operator]
                values[name] = values[name + _IN_TAG] = value
                continue
            if name in self._in_text:
                values[name] = _field(value, False)
            if name in self._in_tags:
                values[name + _IN_TAG] = _field(value, True)
        return Html(self.html.format_map(values))


_IN_TAG = "@tag"
"""Appended to a field's name where it stands inside a tag: no keyword argument has an `@`."""


def _split_places(html: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """`html` with each field inside a tag (between a `<` and its `>`) renamed `name@tag`,
    and the names that stand in text and inside tags."""
    out: list[str] = []
    in_text: set[str] = set()
    in_tags: set[str] = set()
    inside = False
    for literal, name, spec, conversion in Formatter().parse(html):
        if spec or conversion:
            raise ValueError(f"a template field takes no format or conversion: {{{name}}}")
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        opened, closed = literal.rfind("<"), literal.rfind(">")
        if opened != closed:  # both -1 when the literal holds neither: no change
            inside = opened > closed
        if name is not None:
            (in_tags if inside else in_text).add(name)
            out.append(f"{{{name}{_IN_TAG if inside else ''}}}")
    return "".join(out), frozenset(in_text), frozenset(in_tags)


def _field(value: Node, quote: bool) -> str:
    kind = value.__class__
    if kind is Html:
        return value  # type: ignore[return-value]
    if kind is str:
        if "&" in value or "<" in value or ">" in value or (quote and '"' in value):  # type: ignore[operator]
            value = escape_text(value)  # type: ignore[arg-type]
            return value.replace('"', "&quot;") if quote else value
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if isinstance(value, Html):
        return value
    if isinstance(value, str):  # another subclass of str: plain text
        return _field(str(value), quote)
    return "".join([_field(item, quote) for item in value])  # type: ignore[union-attr]


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
