"""The essay text: what W3C positions count and W3C quotes are cut from.

It is the text the anchoring engine matches selectors against (the essay's
text nodes, a space between blocks, normalized as the contract says), less
what a reader never sees as the essay's words there: the placeholders a `.md`
essay's raw HTML leaves in the tree, and the space at the very start and end.
Spaces left doubled where a placeholder went are one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from .anchor import Match, TextMap

# Python-Markdown's stashed raw HTML (the text map makes it NUL characters)
# and the footnotes extension's placeholders (STX ... ETX).
_OPAQUE = re.compile("\x00+|\x02[^\x02\x03]*\x03")


@dataclass(frozen=True)
class EssayText:
    """The essay text, and where each text-map position falls in it."""

    text: str
    lead: int = 0  # spaces dropped at the start (when nothing else is dropped)
    before: tuple[int, ...] | None = None  # else: essay-text characters before each text-map position

    @classmethod
    def of(cls, tm: TextMap) -> EssayText:
        source = tm.text
        # Most essays have no placeholder: then only the outer spaces go, which
        # the substring tests tell without the regex scanning the whole essay.
        if ("\x00" not in source and "\x02" not in source) or _OPAQUE.search(source) is None:
            stripped = source.lstrip(" ")
            return cls(stripped.rstrip(" "), len(source) - len(stripped))
        keep = bytearray(b"\x01") * len(source)
        for found in _OPAQUE.finditer(source):
            keep[found.start() : found.end()] = bytes(found.end() - found.start())
        last = -1  # the last kept character
        for i, char in enumerate(source):
            if keep[i] and char == " " and (last < 0 or source[last] == " "):
                keep[i] = 0
            elif keep[i]:
                last = i
        if last >= 0 and source[last] == " ":
            keep[last] = 0
        text = "".join(char for char, k in zip(source, keep) if k)
        return cls(text, 0, tuple(accumulate(keep, initial=0)))

    def at(self, position: int) -> int:
        """How many essay-text characters come before text-map position `position`."""
        if self.before is not None:
            return self.before[position]
        return min(max(position - self.lead, 0), len(self.text))

    def span(self, match: Match) -> tuple[int, int]:
        """A text-map match (normalized positions) as [start, end) of the essay text."""
        return self.at(match.start), self.at(match.end)
