"""Plain prose: the HTML that Markdown makes of a field with no Markdown in it.

Most notes and definitions are a paragraph or two of plain sentences, and
running the Markdown converter on each costs more than all of the anchoring.
For a field that holds no character Markdown gives a meaning to, and no line
that could start a block, the converter's output is known: one paragraph,
its text unchanged. The same holds for a paragraph whose only Markdown is
simple emphasis (`*words*`) and links (`[words](https://...)`) between spaces,
and for paragraphs and lists of one-line `- ` items separated by blank lines.
Anything else goes through the converter.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Any of these makes the text something other than one plain paragraph:
# inline syntax, escapes, entities and raw HTML; control characters; a line
# that starts with white space or a block marker (list, heading, rule,
# setext underline, numbered item); white space at the end of a line (a hard
# break) or a blank line.
_INLINE = re.compile(r"[\\`*_\[\]<>&!#\x00-\x09\x0b-\x1f\x7f]")
_NUMBERED = re.compile(r"\d+[.)]")


@lru_cache(maxsize=8192)  # markdown_content and search both ask about each field
def plain_text(text: str) -> str | None:
    """The one paragraph's text when Markdown would make a plain paragraph of `text`, else None."""
    body = text.rstrip("\n")
    if not body or _INLINE.search(body):
        return None
    # Line by line in Python: one regex with anchored alternatives tries them at every character.
    for line in body.split("\n"):
        if not line or line[0].isspace() or line[0] in "=+-" or line[-1].isspace() or _NUMBERED.match(line):
            return None
    return body


# Characters allowed inside simple emphasis and link text: what plain prose allows.
_WORD = r"[^\s\\`*_\[\]<>&!#()\x00-\x1f\x7f]"
_INNER = r"[^\\`*_\[\]<>&!#\x00-\x1f\x7f]"
# Between white space (or the start) and white space, the end or a mark of
# punctuation: where Markdown can only read them one way.
_SIMPLE = re.compile(
    rf"(?<!\S)(?:\*({_WORD}(?:{_INNER}*{_WORD})?)\*|\[({_WORD}(?:{_INNER}*{_WORD})?)\]\((https?://[A-Za-z0-9./?=#%~+:-]+)\))(?![^\s.,;:])"
)

Span = tuple[str, str, str]
"""One piece of a simple paragraph: ("text", text, ""), ("em", text, "") or ("a", text, url)."""


def _inline(text: str) -> tuple[Span, ...] | None:
    """The pieces of a paragraph whose only Markdown is simple emphasis and links, else None."""
    body = plain_text(text)
    if body is not None:
        return (("text", body, ""),)
    body = text.rstrip("\n")
    spans: list[Span] = []
    position = 0
    for match in _SIMPLE.finditer(body):
        before = body[position : match.start()]
        spans.append(("text", before, ""))
        if match.group(1) is not None:
            spans.append(("em", match.group(1), ""))
        else:
            spans.append(("a", match.group(2), match.group(3)))
        position = match.end()
    spans.append(("text", body[position:], ""))
    # The rest must be plain prose, each construct read as one plain letter (a text span stands before each).
    if len(spans) == 1 or plain_text("x".join([words for kind, words, _ in spans if kind == "text"])) is None:
        return None
    return tuple(span for span in spans if span[1])


Block = tuple[str, tuple[tuple[Span, ...], ...]]
"""A block of a simple field: ("p", (its spans,)) or ("ul", (the spans of each item, ...))."""


@lru_cache(maxsize=8192)  # as plain_text; the blocks are tuples, shared safely
def simple_blocks(text: str) -> tuple[Block, ...] | None:
    """The blocks of a field made of simple paragraphs and lists of one-line `- `
    items, separated by single blank lines, else None."""
    blocks: list[Block] = []
    for chunk in text.rstrip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if lines[0].startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                return None  # a blank line between items makes one loose list, not two
            items = [_inline(line[2:]) if line.startswith("- ") else None for line in lines]
            if any(item is None for item in items):
                return None
            blocks.append(("ul", tuple(items)))  # type: ignore[arg-type]
        else:
            spans = _inline(chunk)
            if spans is None:
                return None
            blocks.append(("p", (spans,)))
    return tuple(blocks)
