"""The text normalization of the contract, with a map back to the original text.

Selectors are compared after the same normalization on both sides, so that a
contributor can type straight quotes and plain hyphens. Because highlights must
cover exactly the original characters, `normalize` also returns, for every
normalized character, the span of original characters it came from.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", "-"),
        "\u2026": "...",
    }
)

# Printable ASCII maps to itself, and so does a lone space between two such
# characters; these runs are what needs a closer look.
_SPECIAL = re.compile(r"[^\S ]\s*| \s+|[^\x20-\x7e]")


@dataclass(frozen=True)
class Normalized:
    """Normalized text and, per normalized character, its original span.

    Most characters are plain copies, so the map is sparse: only the characters
    at the positions in `_at` carry their span; every other one is a plain copy
    of one original character, counted back from the next listed one. (A list
    of every character's span would hold two numbers per character of the
    essay.)
    """

    text: str
    _at: list[int]  # ascending; always holds the last position
    _starts: list[int]
    _ends: list[int]

    def span(self, pos: int) -> tuple[int, int]:
        """The original [start, end) of the normalized character at `pos`."""
        i = bisect.bisect_left(self._at, pos)
        start = self._starts[i] - (self._at[i] - pos)
        return (start, self._ends[i]) if self._at[i] == pos else (start, start + 1)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalized range [start, end), end > start."""
        return self.span(start)[0], self.span(end - 1)[1]


@dataclass
class _Builder:
    """The normalized pieces so far, and the sparse map of `Normalized`."""

    out: list[str] = field(default_factory=list)
    length: int = 0
    at: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def copy(self, text: str, start: int, end: int) -> None:
        """Copy the plain original [start, end); only its last character gets a span."""
        if end <= start:
            return
        self.out.append(text[start:end])
        self.length += end - start
        self._mark(end - 1, end)

    def add(self, char: str, start: int, end: int) -> None:
        """Add one normalized character made from the original [start, end)."""
        self.out.append(char)
        self.length += 1
        self._mark(start, end)

    def ends_in_space(self) -> bool:
        """Whether the last character so far is a space."""
        return bool(self.out) and self.out[-1].endswith(" ")

    def take_back_last_char(self) -> int:
        """Remove the last character (a plain base before a combining mark); return its start."""
        last = self.out.pop()
        if len(last) > 1:
            self.out.append(last[:-1])
        self.length -= 1
        self.at.pop()
        self.ends.pop()
        start = self.starts.pop()
        if self.length and self.at[-1:] != [self.length - 1]:
            self._mark(start - 1, start)  # the new last was a plain copy: the last keeps a span
        return start

    def _mark(self, start: int, end: int) -> None:
        self.at.append(self.length - 1)
        self.starts.append(start)
        self.ends.append(end)


def normalize_with_map(text: str) -> Normalized:
    """Normalize `text` as the contract says, keeping a map to the original."""
    built = _Builder()
    pos = 0
    for match in _SPECIAL.finditer(text):
        if match.start() < pos:  # swallowed by the previous cluster's combining marks
            continue
        built.copy(text, pos, match.start())
        pos = _special(text, match, built)
    built.copy(text, pos, len(text))
    return Normalized("".join(built.out), built.at, built.starts, built.ends)


def normalize(text: str) -> str:
    """Normalize `text` as the contract says (no map)."""
    if _SPECIAL.search(text) is None:  # plain text is its own normal form
        return text
    return normalize_with_map(text).text


@lru_cache(maxsize=16384)  # anchoring, the claims page and search each normalize every quote
def normalize_selector_text(text: str) -> str:
    """Normalize a quote, prefix or suffix: as the essay, then trimmed at both ends."""
    return normalize(text).strip(" ")


def _special(text: str, match: re.Match[str], built: _Builder) -> int:
    """Normalize one white-space run or one character cluster; return where it ends."""
    start = match.start()
    if match.group().isspace():
        end = match.end()
        # A run may continue a run already emitted (split by a zero-width change).
        if built.ends_in_space() and built.ends[-1] == start:
            built.ends[-1] = end
        else:
            built.add(" ", start, end)
        return end
    end = start + 1
    # A base character and the combining marks after it normalize together, so
    # a composed "é" and a decomposed "é" come out the same.
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    if unicodedata.combining(text[start]) and built.length and built.ends[-1] == start:
        start = built.take_back_last_char()
    piece = unicodedata.normalize("NFKC", text[start:end]).translate(_TRANSLATE)
    for char in piece:
        if char.isspace():
            if built.ends_in_space() and built.ends[-1] >= start:
                built.ends[-1] = end
                continue
            char = " "
        built.add(char, start, end)
    return end
