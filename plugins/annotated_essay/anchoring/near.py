"""What to say, and what to suggest, when a selector does not match exactly once.

A quote that matches nowhere is searched for approximately, the way
Hypothesis re-anchors annotations after a page changes: candidates are found
with an approximate string search (Myers' bit-parallel edit distance) and
scored on the quote together with its prefix and suffix. Unlike Hypothesis,
nothing is ever anchored on an approximate match: the best candidate, when it
is close enough and clearly better than the others, becomes a problem that
shows the old and the new words and carries the rewrite that `check --fix`
applies. Below the minimum similarity it is only named as the closest passage.

Only selectors that failed to match exactly come here, so the exact path stays
fast; the approximate search looks at a few windows of the text, not all of it,
and runs once per selector. Its cost grows with the square of the quote's
length: a few milliseconds for the longest quote the fields allow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

from . import anchor
from .anchor import WORD, Match, TextMap, word_index
from ..model import Problem, Selector
from .normalize import normalize_selector_text

MIN_SIMILARITY = 0.6
"""Below this quote similarity, a passage is too far from the quote to be named at all."""

MIN_REANCHOR_SIMILARITY = 0.75
"""The quote similarity (1 - edits / length) a passage needs to be offered as the quote's new words."""

MIN_REANCHOR_SCORE = 0.8
"""The score (quote, prefix and suffix together) a passage needs to be offered as the new words."""

MIN_REANCHOR_LENGTH = 10
"""A shorter quote is never offered new words: one edit in a word or two could be any word."""

MARGIN = 0.05
"""How much better than any other passage the best must score to be offered; else it is a guess."""

# Hypothesis weighs the quote, the prefix and the suffix 50:20:20.
_WEIGHTS = {"quote": 50, "prefix": 20, "suffix": 20}
_MAX_SEED_HITS = 300  # a q-gram found more often than this says nothing about where the quote is
_MAX_WINDOWS = 8
_PLACES_SHOWN = 5


@dataclass(frozen=True)
class Candidate:
    """A passage of the normalized text that approximately matches a selector."""

    start: int
    end: int
    quote_similarity: float
    """1 - edit distance / quote length."""
    score: float
    """Weighted similarity of quote, prefix and suffix, from 0 to 1."""


# --- Edit distance -------------------------------------------------------------


def distances(pattern: str, text: str, *, anchored: bool = False) -> list[int]:
    """Edit distances of `pattern` to text ending at each position of `text`.

    Entry j is the smallest edit distance between `pattern` and any substring of
    `text` ending at j + 1 (or, when `anchored`, to `text[: j + 1]`). Myers'
    bit-parallel algorithm: one pass over `text`, the pattern's columns packed
    in one integer.
    """
    m = len(pattern)
    if m == 0:
        return [0 if not anchored else j + 1 for j in range(len(text))]
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    carry_in = 1 if anchored else 0  # row 0 costs one per character only when anchored
    pv, mv, score = mask, 0, m
    out: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry_in) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance between `a` and `b`."""
    if not a or not b:
        return len(a) + len(b)
    return distances(a, b, anchored=True)[-1]


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length: 1.0 for equal texts."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1 - edit_distance(a, b) / longest


# --- Approximate search --------------------------------------------------------


@lru_cache(maxsize=64)  # explain asks for a failing selector's candidates twice
def candidates(text: str, quote: str, prefix: str = "", suffix: str = "") -> tuple[Candidate, ...]:
    """Passages of normalized `text` approximately matching the quote, best first.

    `quote`, `prefix` and `suffix` are normalized here. At most one candidate
    per region of the text; each has at most len(quote) / 2 edits.
    """
    quote = normalize_selector_text(quote)
    if not quote or not text:
        return ()
    prefix, suffix = normalize_selector_text(prefix), normalize_selector_text(suffix)
    # The closest passages where the quote's words (or, failing that, its q-grams) vote for it to start.
    bucket = max(4, len(quote) // 8)
    votes = _vote(word_index(text), ((word.group(), word.start()) for word in WORD.finditer(quote)), bucket)
    if not votes:  # every word changed (a one-word quote with a typo): q-grams instead
        gram = max(2, min(4, len(quote) // 3))
        step = max(1, (len(quote) - gram) // 12)
        grams = ((quote[i : i + gram], i) for i in range(0, max(1, len(quote) - gram + 1), step))
        votes = _vote(_qgram_index(text, gram), grams, bucket)
    spans = {span for lo, hi in _windows(votes, bucket, len(quote), len(text)) for span in _best_in_window(text, quote, lo, hi)}
    found = [_score(text, quote, prefix, suffix, *span) for span in spans]
    found = [c for c in found if c.quote_similarity > 0.5]
    found.sort(key=lambda c: (-c.score, -c.quote_similarity, c.start))
    kept: list[Candidate] = []
    for candidate in found:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in kept):
            kept.append(candidate)
    return tuple(kept)


def _windows(votes: Counter[int], bucket: int, m: int, length: int) -> list[tuple[int, int]]:
    """The regions of a text of `length` where most votes say a quote of length `m` starts:
    at most _MAX_WINDOWS, each with at least half the votes of the best."""
    slack = m // 2 + 8
    near_votes = {key: votes[key - 1] + count + votes[key + 1] for key, count in votes.items()}
    most = max(near_votes.values(), default=0)
    chosen: list[int] = []
    for key, count in sorted(near_votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if count * 2 < most or len(chosen) == _MAX_WINDOWS:
            break
        if all(abs(key - other) > 1 for other in chosen):
            chosen.append(key)
    return [(max(0, key * bucket - slack), min(length, (key + 1) * bucket + m + slack)) for key in chosen]


def _vote(index: dict[str, list[int]], seeds: Iterable[tuple[str, int]], bucket: int) -> Counter[int]:
    """Where a quote starts, by `bucket`: each (piece, its offset in the quote) votes at each place the piece occurs."""
    votes: Counter[int] = Counter()
    for piece, offset in seeds:
        places = index.get(piece, ())
        if len(places) <= _MAX_SEED_HITS:
            for pos in places:
                votes[(pos - offset) // bucket] += 1
    return votes


@lru_cache(maxsize=3)
def _qgram_index(text: str, gram: int) -> dict[str, list[int]]:
    """Where each run of `gram` characters of the text starts: made once per essay, not searched for each quote."""
    index: dict[str, list[int]] = {}
    for pos in range(len(text) - gram + 1):
        index.setdefault(text[pos : pos + gram], []).append(pos)
    return index


def _best_in_window(text: str, quote: str, lo: int, hi: int) -> set[tuple[int, int]]:
    """(start, end) of the closest matches of `quote` inside text[lo:hi]."""
    window = text[lo:hi]
    m = len(quote)
    ends = distances(quote, window)
    fewest = min(ends, default=m)
    if fewest > m // 2:
        return set()
    found: set[tuple[int, int]] = set()
    for j, edits in enumerate(ends):
        # The first end of each run of equally good ends: later ones only add characters.
        if edits == fewest and (j == 0 or ends[j - 1] != fewest):
            # Where the match ending here starts: the anchored search, run backwards.
            back = distances(quote[::-1], window[: j + 1][::-1], anchored=True)
            length = min(range(len(back)), key=lambda k: (back[k], abs(k + 1 - m))) + 1
            found.add((lo + j + 1 - length, lo + j + 1))
    return found


def _score(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> Candidate:
    start, end = _snap(text, start, end)
    quote_similarity = similarity(quote, text[start:end])
    parts = {"quote": quote_similarity}
    if prefix:
        parts["prefix"] = similarity(prefix, text[:start].rstrip(" ")[-len(prefix) :])
    if suffix:
        parts["suffix"] = similarity(suffix, text[end:].lstrip(" ")[: len(suffix)])
    score = sum(_WEIGHTS[k] * v for k, v in parts.items()) / sum(_WEIGHTS[k] for k in parts)
    return Candidate(start, end, quote_similarity, score)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match that starts or ends inside a word to the whole word: quotes are written in whole
    words, so a match cutting one ("a great e" for "a great move.") is scored whole, not taken for a close one."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


# --- Re-anchoring: the new words of a selector whose essay changed -------------


@dataclass(frozen=True)
class Reanchored:
    """Where a selector's words are now, and the rewrite that makes it match there alone."""

    match: Match
    changes: tuple[tuple[str, str, str], ...]
    """(key, old text, new text) for each of quote, prefix, suffix that must change."""


def reanchor(tm: TextMap, selector: Selector) -> Reanchored | None:
    """The selector's new place, if one passage is close enough and clearly the best; else None."""
    if len(normalize_selector_text(selector.quote)) < MIN_REANCHOR_LENGTH:
        return None
    found = candidates(tm.text, selector.quote, selector.prefix, selector.suffix)
    if not found:
        return None
    best = found[0]
    if best.quote_similarity < MIN_REANCHOR_SIMILARITY or best.score < MIN_REANCHOR_SCORE:
        return None
    if len(found) > 1 and found[1].score > best.score - MARGIN:
        return None  # two passages fit about as well: which one was meant is a guess
    match = Match(best.start, best.end)
    new = _rewrite(tm, selector, match)
    if new is None:
        return None
    old = {"quote": selector.quote, "prefix": selector.prefix, "suffix": selector.suffix}
    changes = tuple(
        (key, old[key], text)
        for key, text in new.items()
        if normalize_selector_text(old[key]) != normalize_selector_text(text)
    )
    return Reanchored(match, changes)


def _rewrite(tm: TextMap, selector: Selector, match: Match) -> dict[str, str] | None:
    """Quote, prefix and suffix that select `match` alone, as close to the old ones as possible."""
    text = tm.text
    new = {"quote": text[match.start : match.end], "prefix": selector.prefix, "suffix": selector.suffix}
    # A prefix or suffix that no longer fits is replaced by as many of the essay's words.
    if selector.prefix and match not in anchor.find_quote(tm, Selector(new["quote"], selector.prefix)):
        new["prefix"] = anchor._words_before(text, match.start, _word_count(selector.prefix))
    if selector.suffix and match not in anchor.find_quote(tm, Selector(new["quote"], "", selector.suffix)):
        new["suffix"] = anchor._words_after(text, match.end, _word_count(selector.suffix))
    matches = anchor.find_quote(tm, Selector(**new))
    if len(matches) > 1 and match in matches:
        side, words = anchor.deciding_context(tm, matches, matches.index(match))
        if not side:
            return None
        new[side] = words
        matches = anchor.find_quote(tm, Selector(**new))
    return new if matches == [match] else None


def _word_count(text: str) -> int:
    return max(1, len(normalize_selector_text(text).split(" ")))


# --- Problems ------------------------------------------------------------------


def explain(tm: TextMap, selector: Selector, matches: list[Match], what: str) -> Problem:
    """The problem for a selector that matched `matches` (none, or several places).

    `what` names the selector in messages: "quote", "start quote", "target quote".
    """
    if matches:
        return _ambiguous(tm, selector, matches, what)
    moved = reanchor(tm, selector)
    if moved is not None:
        return _changed(tm, selector, moved, what)
    return not_found(tm, selector, what)


def not_found(tm: TextMap, selector: Selector, what: str) -> Problem:
    """The problem for a selector that matches nowhere, naming the closest passage if one is close."""
    quote = normalize_selector_text(selector.quote)
    best = next(iter(candidates(tm.text, selector.quote, selector.prefix, selector.suffix)), None)
    if best is None or best.quote_similarity < MIN_SIMILARITY:
        hint = "copy the words exactly as the essay has them (straight or curly quotes both work)"
    elif (near := tm.text[best.start : best.end].strip()) != quote:
        hint = f'the closest passage, in {tm.place(best.start)}, is "{clip(near, 120)}"; copy the words exactly as the essay has them'
    else:
        hint = "the quote is in the essay, but not with this prefix and suffix: check them"
    return Problem(selector.where, f'{what} not found in the essay: "{clip(quote)}"', hint)


def _changed(tm: TextMap, selector: Selector, moved: Reanchored, what: str) -> Problem:
    parts = [
        f'{what if key == "quote" else f"{what} {key}"} changed: {_show_change(old, new)}'
        for key, old, new in moved.changes
    ]
    hint = f"the essay's words in {tm.place(moved.match.start)} differ: run `annotated-essay check --fix` to use them, or edit the file"
    fix = tuple((key, new) for key, _, new in moved.changes)
    return Problem(selector.where, "; ".join(parts), hint, fix=fix)


def _show_change(old: str, new: str, width: int = 100) -> str:
    """'"old" is now "new"', both cut to the words that differ, with a little context, when long."""
    old, new = normalize_selector_text(old), normalize_selector_text(new)
    if not old:
        return f'added "{clip(new, width)}"'
    if max(len(old), len(new)) > width:
        old, new = _around_difference(old.split(" "), new.split(" "))
    return f'"{old}" is now "{new}"'


def _around_difference(old: list[str], new: list[str], context: int = 4) -> tuple[str, str]:
    changed = [op for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not changed:
        return " ".join(old), " ".join(new)

    def cut(words: list[str], lo: int, hi: int) -> str:
        lo, hi = max(0, lo - context), min(len(words), hi + context)
        return ("..." if lo else "") + clip(" ".join(words[lo:hi]), 200) + ("..." if hi < len(words) else "")

    first, last = changed[0], changed[-1]
    return cut(old, first[1], last[2]), cut(new, first[3], last[4])


def _ambiguous(tm: TextMap, selector: Selector, matches: list[Match], what: str) -> Problem:
    quote = normalize_selector_text(selector.quote)
    lines = []
    for index, match in enumerate(matches[:_PLACES_SHOWN]):
        side, words = anchor.deciding_context(tm, matches, index)
        decide = f"add `{side}: {words}`" if side else "quote more words"
        lines.append(f"{tm.place(match.start)}: {anchor.context(tm, match)}  ->  {decide}")
    if len(matches) > _PLACES_SHOWN:
        lines.append(f"... and {len(matches) - _PLACES_SHOWN} more")
    hint = "say which one with a prefix or suffix (the words just before or after it):\n" + "\n".join(lines)
    message = f'{what} "{clip(quote)}" matches {len(matches)} places in the essay'
    return Problem(selector.where, message, hint)


def clip(text: str, width: int = 80) -> str:
    """`text`, cut to `width` characters with "..." when longer."""
    return text if len(text) <= width else text[: width - 3] + "..."
