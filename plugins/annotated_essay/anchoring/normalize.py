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
from functools import cached_property, lru_cache
from typing import Iterator

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2026": "...",
    }
)

# Printable ASCII maps to itself, and so does a lone space between two such
# characters; everything else (runs of white space, other white space, control
# characters, anything non-ASCII) needs a closer look. Scanning for the
# exceptions keeps the common case in C.
_SPECIAL = re.compile(r"[^\S ]\s*| \s+|[^\x20-\x7e]")

# Every byte of printable ASCII: deleting them from the UTF-8 text leaves the
# characters where a special run can start (the space aside).
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


@dataclass(frozen=True)
class Normalized:
    """Normalized text and, per normalized character, its original span.

    Most characters are plain copies, so the map is sparse: only the characters
    at the positions in `_at` carry their span; every other one is a plain copy
    of one original character, counted back from the next listed one. The full
    lists are built only when asked for.
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

    def start_of(self, pos: int) -> int:
        """Where the original span of the normalized character at `pos` starts: `span(pos)[0]`."""
        i = bisect.bisect_left(self._at, pos)
        return self._starts[i] - (self._at[i] - pos)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalized range [start, end), end > start."""
        # `span(start)[0], span(end - 1)[1]`, inlined: edition asks for every range.
        at, starts = self._at, self._starts
        i = bisect.bisect_left(at, start)
        last = end - 1
        j = bisect.bisect_left(at, last, i)  # last >= start: no need to look before i
        stop = self._ends[j] if at[j] == last else starts[j] - (at[j] - last) + 1
        return starts[i] - (at[i] - start), stop

    def position(self, raw: int) -> int:
        """The first normalized position whose original span starts at or after `raw`
        (`len(text)` if none): `bisect_left(starts, raw)`, without the full list."""
        i = bisect.bisect_left(self._starts, raw)
        if i == len(self._at):
            return len(self.text)
        # Before the listed position, plain copies: one original character each.
        first_of_run = self._at[i - 1] + 1 if i else 0
        return max(self._at[i] - (self._starts[i] - raw), first_of_run)

    @property
    def starts(self) -> list[int]:
        """Per normalized character, where its original span starts."""
        return self._full[0]

    @property
    def ends(self) -> list[int]:
        """Per normalized character, where its original span ends."""
        return self._full[1]

    @cached_property
    def _full(self) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        ends: list[int] = []
        for pos, start, end in zip(self._at, self._starts, self._ends):
            first = start - (pos - len(starts))  # plain copies run up to this character
            starts.extend(range(first, start + 1))
            ends.extend(range(first + 1, start + 1))
            ends.append(end)
        return starts, ends


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
    for match in _special_matches(text):
        if match.start() < pos:  # swallowed by the previous cluster's combining marks
            continue
        built.copy(text, pos, match.start())
        pos = _special(text, match, built)
    built.copy(text, pos, len(text))
    return Normalized("".join(built.out), built.at, built.starts, built.ends)


def _special_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_SPECIAL.finditer(text)`, without running the regex over all of `text`.

    The regex engine spends a few hundred instructions on every character it
    tries; almost every character is plain. A special run starts either at a
    character outside printable ASCII, or at a space followed by white space
    (another space, or such a character). Those are found with C-level string
    searches, and the regex is tried only there, in order: the first candidate
    at or after the previous match's end that matches is the match `finditer`
    gives.
    """
    candidates: set[int] = set()
    for char in _odd_characters(text):
        pos = text.find(char)
        while pos >= 0:
            candidates.add(pos)
            if pos and text[pos - 1] == " ":
                candidates.add(pos - 1)
            pos = text.find(char, pos + 1)
    pos = text.find("  ")
    while pos >= 0:
        candidates.add(pos)
        pos = text.find("  ", pos + 1)
    end = 0
    for pos in sorted(candidates):
        if pos < end:  # inside the previous match: finditer goes on from its end
            continue
        match = _SPECIAL.match(text, pos)
        if match is not None:
            end = match.end()
            yield match


def _odd_characters(text: str) -> set[str]:
    """The distinct characters of `text` outside printable ASCII."""
    if text.isascii() and text.isprintable():  # both C-level, the first in constant time
        return set()
    # Encoding and deleting bytes run in C; a character outside printable ASCII
    # encodes to bytes that are all outside it too, so what is left decodes.
    data = text.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII)
    return set(data.decode("utf-8", "surrogatepass"))


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
