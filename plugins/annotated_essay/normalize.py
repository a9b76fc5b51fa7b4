"""The text normalization of the contract, with a map back to the original text.

Selectors are compared after the same normalization on both sides, so that a
contributor can type straight quotes and plain hyphens. Because highlights must
cover exactly the original characters, `normalize` also returns, for every
normalized character, the span of original characters it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Normalized:
    """Normalized text and, per normalized character, its original span."""

    text: str
    starts: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalized range [start, end), end > start."""
        return self.starts[start], self.ends[end - 1]


def normalize_with_map(text: str) -> Normalized:
    """Normalize `text` as the contract says, keeping a map to the original."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in _SPECIAL.finditer(text):
        if match.start() < pos:  # swallowed by the previous cluster's combining marks
            continue
        _copy_plain(text, pos, match.start(), out, starts, ends)
        pos = _special(text, match, out, starts, ends)
    _copy_plain(text, pos, len(text), out, starts, ends)
    return Normalized("".join(out), starts, ends)


def normalize(text: str) -> str:
    """Normalize `text` as the contract says (no map)."""
    return normalize_with_map(text).text


def normalize_selector_text(text: str) -> str:
    """Normalize a quote, prefix or suffix: as the essay, then trimmed at both ends."""
    return normalize(text).strip(" ")


def _copy_plain(
    text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    if end <= start:
        return
    out.append(text[start:end])
    starts.extend(range(start, end))
    ends.extend(range(start + 1, end + 1))


def _take_back_last_char(out: list[str], starts: list[int], ends: list[int]) -> int:
    """Remove the last emitted character (a plain base before a combining mark)."""
    last = out.pop()
    if len(last) > 1:
        out.append(last[:-1])
    ends.pop()
    return starts.pop()


def _special(
    text: str, match: re.Match[str], out: list[str], starts: list[int], ends: list[int]
) -> int:
    """Normalize one white-space run or one character cluster; return where it ends."""
    start = match.start()
    if match.group().isspace():
        end = match.end()
        # A run may continue a run already emitted (split by a zero-width change).
        if out and out[-1].endswith(" ") and ends and ends[-1] == start:
            ends[-1] = end
        else:
            out.append(" ")
            starts.append(start)
            ends.append(end)
        return end
    end = start + 1
    # A base character and the combining marks after it normalize together, so
    # a composed "é" and a decomposed "é" come out the same.
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    if unicodedata.combining(text[start]) and starts and ends[-1] == start:
        start = _take_back_last_char(out, starts, ends)
    piece = unicodedata.normalize("NFKC", text[start:end]).translate(_TRANSLATE)
    for char in piece:
        if char.isspace():
            if out and out[-1].endswith(" ") and ends[-1] >= start:
                ends[-1] = end
                continue
            char = " "
        out.append(char)
        starts.append(start)
        ends.append(end)
    return end
