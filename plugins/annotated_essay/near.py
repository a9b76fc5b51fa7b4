"""Finding the passage of the essay closest to a quote that does not match exactly."""

from __future__ import annotations

from difflib import SequenceMatcher

from .normalize import normalize_selector_text

MIN_SIMILARITY = 0.6
"""Below this, a passage is too far from the quote to be named as its near-match."""


def closest_passage(text: str, quote: str, prefix: str = "", suffix: str = "") -> str | None:
    """The passage of normalized `text` most like `quote`, or None if none is close."""
    quote = normalize_selector_text(quote)
    if not quote or not text:
        return None
    best, best_score = None, MIN_SIMILARITY
    for start in _candidate_starts(text, quote):
        window = text[start : start + len(quote)]
        score = SequenceMatcher(None, quote, window, autojunk=False).ratio()
        if score > best_score:
            best, best_score = window, score
    return best.strip() if best else None


def _candidate_starts(text: str, quote: str) -> set[int]:
    """Where a near-match could start: around places its first or last words occur."""
    words = quote.split(" ")
    starts: set[int] = set()
    for word in {*words[:3], *words[-3:]}:
        if len(word) < 3:
            continue
        offset = quote.find(word)
        pos = text.find(word)
        while pos >= 0 and len(starts) < 400:
            for shift in (-2, -1, 0, 1, 2):
                starts.add(max(0, pos - offset + shift))
            pos = text.find(word, pos + 1)
    return starts
