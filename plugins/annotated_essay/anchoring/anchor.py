"""The anchoring engine: a text map over the essay's element tree, selector
matching on normalized text, and wrapping of character ranges in elements.

The text map joins every text node of the tree into one string, with a
separator at block boundaries, and keeps where each piece came from. Matching
runs on the normalized form of that string. Wrapping splits a range wherever it
would cross an element boundary or another range, so the HTML stays
well-formed and every range keeps its elements.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable
from xml.etree.ElementTree import Element

from ..html.tree import BLOCKS, NUMBERED_BLOCKS, SKIPPED, append_text
from ..model import Selector
from .normalize import Normalized, normalize_selector_text, normalize_with_map

# Python-Markdown keeps raw HTML out of the tree behind placeholders; no quote
# may match inside one, so they become characters nobody types.
_PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")
_OPAQUE = "\x00"


@dataclass
class Slot:
    """One text node: `element.text` (parent is None) or `element.tail` (parent set)."""

    element: Element
    parent: Element | None
    start: int  # offset of this text in TextMap.raw
    text: str


@dataclass
class TextMap:
    """The essay's text as one string, with a way back to the tree."""

    raw: str
    slots: list[Slot]
    norm: Normalized
    block_starts: list[int]  # raw offsets where numbered blocks start, in order
    _slot_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._slot_starts = [slot.start for slot in self.slots]

    @property
    def text(self) -> str:
        """The normalized text that selectors are matched against."""
        return self.norm.text

    def block_number(self, norm_pos: int) -> int:
        """The 1-based number of the block holding normalized position `norm_pos`."""
        size = len(self.text)
        raw = self.norm.span(min(norm_pos, size - 1))[0] if size else 0
        return max(1, bisect.bisect_right(self.block_starts, raw))

    def place(self, norm_pos: int) -> str:
        """Where a reader finds `norm_pos`: its paragraph's number (list items and headings count) and opening words."""
        number = self.block_number(norm_pos)
        start = self.block_starts[number - 1] if number <= len(self.block_starts) else 0
        words = self.raw[start : start + 300].split("\n", 1)[0].split()
        return f'paragraph {number} ("{" ".join(words[:6])}{"..." if len(words) > 6 else ""}")'

    def slot_at(self, raw_pos: int) -> int:
        """Index of the slot holding raw position `raw_pos`."""
        return max(0, bisect.bisect_right(self._slot_starts, raw_pos) - 1)

    def occurrences(self, quote: str) -> list[int]:
        """Every normalized position where `quote` starts, overlapping ones included."""
        text = self.text
        # A word with a character of the quote on each side is a whole word of
        # the text wherever the quote occurs: the places of the rarest such
        # word are the few worth comparing.
        inner = [word for word in WORD.finditer(quote) if word.start() and word.end() < len(quote)]
        if not inner:
            return [match.start() for match in re.finditer(f"(?={re.escape(quote)})", text)]
        index = word_index(text)
        rarest = min(inner, key=lambda word: len(index.get(word.group(), ())))
        offset = rarest.start()
        places = index.get(rarest.group(), [])
        return [pos - offset for pos in places if pos >= offset and text.startswith(quote, pos - offset)]


WORD = re.compile(r"\w+")
"""A word, for the word index: a run of letters, digits and `_`."""


# A rebuild (`mkdocs serve`) anchors the same essay again: its normalized text
# and word index are kept for the last two texts (never changed once built).
_normalized = lru_cache(maxsize=2)(normalize_with_map)


@lru_cache(maxsize=2)
def word_index(text: str) -> dict[str, list[int]]:
    """Where each word of `text` starts: the quote search and the near-match search look words up in it."""
    index: dict[str, list[int]] = {}
    for word in WORD.finditer(text):
        index.setdefault(word.group(), []).append(word.start())
    return index


def build_text_map(root: Element) -> TextMap:
    """Walk `root` in document order and join its text, blocks separated by a newline."""
    pieces: list[str] = []
    slots: list[Slot] = []
    block_starts: list[int] = []
    length = 0

    def add(text: str) -> int:
        nonlocal length
        start = length
        pieces.append(text)
        length += len(text)
        return start

    def visit(el: Element, in_numbered: bool) -> None:
        block = el.tag in BLOCKS
        if block:
            add("\n")
        numbered = el.tag in NUMBERED_BLOCKS
        if numbered and not in_numbered:  # a list item's paragraph is counted with the item
            block_starts.append(length)
        if el.text and el.tag not in SKIPPED:
            text = _opaque(el.text)
            slots.append(Slot(el, None, add(text), text))
        for child in el:
            if not isinstance(child.tag, str):
                continue
            visit(child, in_numbered or numbered)
            if child.tail:
                tail = _opaque(child.tail)
                slots.append(Slot(child, el, add(tail), tail))
        if block:
            add("\n")

    visit(root, False)
    raw = "".join(pieces)
    return TextMap(raw, slots, _normalized(raw), block_starts)


def _opaque(text: str) -> str:
    """`text` with each placeholder made of `_OPAQUE` characters."""
    return _PLACEHOLDER.sub(lambda match: _OPAQUE * len(match.group()), text)


# --- matching -----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A selector's place in the normalized text: [start, end)."""

    start: int
    end: int


def find_quote(tm: TextMap, selector: Selector) -> list[Match]:
    """Every place where the selector's quote, prefix and suffix all fit."""
    quote = normalize_selector_text(selector.quote)
    if not quote:
        return []
    prefix = normalize_selector_text(selector.prefix)
    suffix = normalize_selector_text(selector.suffix)
    text, size = tm.text, len(quote)
    return [
        Match(pos, pos + size)
        for pos in tm.occurrences(quote)
        if _prefix_fits(text, pos, prefix) and _suffix_fits(text, pos + size, suffix)
    ]


def _prefix_fits(text: str, start: int, prefix: str) -> bool:
    # Whitespace at the join does not matter: "a b" + "c" fits "a bc" and "a b c".
    if not prefix:
        return True
    while start and text[start - 1] == " ":
        start -= 1
    return text.endswith(prefix.rstrip(" "), 0, start)


def _suffix_fits(text: str, end: int, suffix: str) -> bool:
    if not suffix:
        return True
    while end < len(text) and text[end] == " ":
        end += 1
    return text.startswith(suffix.lstrip(" "), end)


def context(tm: TextMap, match: Match, width: int = 30) -> str:
    """The match in its context, with the match between « and »."""
    text = tm.text
    before = text[max(0, match.start - width) : match.start].lstrip()
    after = text[match.end : match.end + width].rstrip()
    return f"...{before}«{text[match.start:match.end]}»{after}..."


def deciding_context(tm: TextMap, matches: list[Match], which: int = 0) -> tuple[str, str]:
    """The shortest prefix or suffix, in whole words, that singles out `matches[which]`.

    Returns ("prefix", words) or ("suffix", words); ("", "") if none decides.
    """
    text = tm.text
    target = matches[which]
    others = [m for i, m in enumerate(matches) if i != which]
    for words in range(1, 40):
        prefix = _words_before(text, target.start, words)
        if prefix and not any(_prefix_fits(text, m.start, prefix) for m in others):
            return ("prefix", prefix)
        suffix = _words_after(text, target.end, words)
        if suffix and not any(_suffix_fits(text, m.end, suffix) for m in others):
            return ("suffix", suffix)
    return ("", "")


def _words_before(text: str, pos: int, words: int) -> str:
    chunk = text[max(0, pos - 200) : pos]
    parts = chunk.rstrip(" ").split(" ")
    return " ".join(parts[-words:]).strip() if len(parts) >= words else chunk.strip()


def _words_after(text: str, pos: int, words: int) -> str:
    chunk = text[pos : pos + 200]
    parts = chunk.lstrip(" ").split(" ")
    return " ".join(parts[:words]).strip() if len(parts) >= words else chunk.strip()


# --- wrapping -----------------------------------------------------------------


@dataclass
class Range:
    """A raw [start, end) of the text map to wrap; `make(first)` builds each element."""

    start: int
    end: int
    make: Callable[[bool], Element]
    rank: int = 0  # among ranges with the same extent, lower ranks sit outside
    key: str = ""
    elements: list[Element] = field(default_factory=list)

    def order(self) -> tuple[int, int, int, str]:
        # Earlier and longer ranges sit outside later and shorter ones.
        return (self.start, -self.end, self.rank, self.key)


def wrap_ranges(tm: TextMap, ranges: list[Range]) -> None:
    """Wrap every range's characters in elements made by its `make`.

    Each range gets one element per stretch that cannot be covered by a single
    well-formed element; `Range.elements` lists them in document order.
    """
    buckets: dict[int, list[Range]] = {}  # slot index -> the ranges in it, in `Range.order`
    for rng in sorted((r for r in ranges if r.end > r.start), key=Range.order):
        for index in range(tm.slot_at(rng.start), tm.slot_at(rng.end - 1) + 1):
            buckets.setdefault(index, []).append(rng)
    plans = []  # planned in document order: each range's first element is made first
    for index in sorted(buckets):
        slot = tm.slots[index]
        end = slot.start + len(slot.text)
        inside = [r for r in buckets[index] if r.start < end and r.end > slot.start]
        if inside:
            plans.append((slot, _plan_slot(slot, inside)))
    # Applied from the last slot back, so that inserting keeps earlier slots' places valid.
    for slot, (lead, nodes) in reversed(plans):
        _apply(slot, lead, nodes)


def _plan_slot(slot: Slot, inside: list[Range]) -> tuple[str, list[Element]]:
    """The elements to put in the slot's place, and the text before them: ranges may nest or cross.

    The slot is cut wherever a range starts or ends; each stretch goes in the
    elements of the ranges covering it, in `Range.order`, outermost first.
    Between two stretches the open elements are kept up to the first range
    that ended; the ranges after it that go on get new elements, inside the
    kept ones, and so do the ranges that start.
    """
    text = slot.text
    base = slot.start
    size = len(text)
    cuts = sorted(
        {0, size} | {r.start - base for r in inside if r.start > base} | {r.end - base for r in inside if r.end - base < size}
    )
    lead = ""
    top: list[Element] = []
    ranges: list[Range] = []  # the ranges covering the last stretch, outermost first
    elements: list[Element] = []  # and their elements
    waiting = iter(inside)
    upcoming = next(waiting, None)
    for a, b in zip(cuts, cuts[1:]):
        keep = 0
        while keep < len(ranges) and ranges[keep].end - base > a:
            keep += 1
        opening = [r for r in ranges[keep + 1 :] if r.end - base > a]
        del ranges[keep:], elements[keep:]
        while upcoming is not None and upcoming.start - base <= a:
            opening.append(upcoming)
            upcoming = next(waiting, None)
        for rng in opening:
            el = rng.make(not rng.elements)
            rng.elements.append(el)
            (elements[-1] if elements else top).append(el)
            ranges.append(rng)
            elements.append(el)
        piece = text[a:b]
        if elements:
            append_text(elements[-1], piece)
        elif top:
            top[-1].tail = (top[-1].tail or "") + piece
        else:
            lead += piece
    return lead, top


def _apply(slot: Slot, lead: str, nodes: list[Element]) -> None:
    if slot.parent is None:
        slot.element.text = lead or None
        slot.element[0:0] = nodes
    else:
        slot.element.tail = lead or None
        index = list(slot.parent).index(slot.element) + 1
        slot.parent[index:index] = nodes
