"""Plain prose: the HTML that Markdown makes of a field with no Markdown in it.

Most notes and definitions are a paragraph or two of plain sentences, and
running the Markdown converter on each costs more than all of the anchoring.
For a field that holds no character Markdown gives a meaning to, and no line
that could start a block, the converter's output is known: one paragraph,
its text unchanged. Anything else goes through the converter.
"""

from __future__ import annotations

import re

# Any of these makes the text something other than one plain paragraph:
# inline syntax, escapes, entities and raw HTML; control characters; a line
# that starts with white space or a block marker (list, heading, rule,
# setext underline, numbered item); white space at the end of a line (a hard
# break) or a blank line.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&!#\x00-\x09\x0b-\x1f\x7f]|^[\s=+\-]|^\d+[.)]|\s$", re.MULTILINE)


def plain_paragraph(text: str) -> str | None:
    """`<p>text</p>` when Markdown would make exactly that of `text`, else None."""
    body = plain_text(text)
    return None if body is None else f"<p>{body}</p>"


def plain_text(text: str) -> str | None:
    """The one paragraph's text when Markdown would make a plain paragraph of `text`, else None."""
    body = text.rstrip("\n")
    if not body or _NOT_PLAIN.search(body):
        return None
    return body
