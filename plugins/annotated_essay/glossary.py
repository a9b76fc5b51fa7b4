"""Finding glossary terms in the essay's normalized text.

Terms and aliases match whole words only (no letter or digit right before or
after); where candidates overlap, the longest wins, then the earliest.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from .model import Problem, Term
from .normalize import normalize_selector_text

# Neither a letter nor a digit may touch a term: `[^\W_]` is a letter or digit.
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"


@dataclass(frozen=True)
class Occurrence:
    """One place a term occurs: normalized [start, end) and the term's id."""

    start: int
    end: int
    term: str


def find_terms(text: str, terms: list[Term]) -> tuple[dict[str, list[Occurrence]], list[Problem]]:
    """Every occurrence of every term in `text`, by term id, and problems found."""
    forms, problems = _forms(terms)
    candidates: list[Occurrence] = []
    for case_sensitive in (True, False):
        group = {form: tid for (form, sensitive), tid in forms.items() if sensitive == case_sensitive}
        candidates.extend(_candidates(text, group, case_sensitive))
    chosen = _longest_first(candidates)
    found: dict[str, list[Occurrence]] = {term.id: [] for term in terms}
    for occ in sorted(chosen, key=lambda o: o.start):
        found[occ.term].append(occ)
    return found, problems


def _forms(terms: list[Term]) -> tuple[dict[tuple[str, bool], str], list[Problem]]:
    """Map each normalized form (and its case sensitivity) to the term that owns it."""
    owners: dict[tuple[str, bool], str] = {}
    problems: list[Problem] = []
    for term in sorted(terms, key=lambda t: t.id):
        for form in term.forms:
            norm = normalize_selector_text(form)
            if not norm:
                continue
            key = (norm if term.case_sensitive else norm.casefold(), term.case_sensitive)
            owner = owners.setdefault(key, term.id)
            if owner != term.id:
                problems.append(
                    Problem(
                        term.where,
                        f"the form '{form}' is also a form of '{owner}'",
                        hint="remove it from one of the two entries",
                    )
                )
    return owners, problems


def _candidates(text: str, group: dict[str, str], case_sensitive: bool) -> list[Occurrence]:
    """At each position where a form starts as a whole word, the longest such form."""
    if not group:
        return []
    flags = re.DOTALL if case_sensitive else re.DOTALL | re.IGNORECASE
    # Each match takes just the form's first character, so candidates are found
    # at every position, overlapping ones included; testing that one character
    # first rejects most positions before any lookaround runs.
    firsts = "".join(sorted({re.escape(form[0]) for form in group}))
    whole = f"{_BEFORE}(?=({_alternatives(group, case_sensitive)}){_AFTER})"
    pattern = re.compile(f"[{firsts}](?<={whole}.)", flags)
    found = []
    for match in pattern.finditer(text):
        form = match.group(1)
        key = form if case_sensitive else form.casefold()
        term = group.get(key)
        if term is None:  # a case-folded form whose key differs by more than case
            term = next(t for f, t in group.items() if f.casefold() == form.casefold())
        found.append(Occurrence(match.start(), match.start() + len(form), term))
    return found


def _alternatives(group: dict[str, str], case_sensitive: bool) -> str:
    """A pattern matching any form, trying longer forms before shorter ones.

    A trie of the forms lets the regex engine reject most positions at the
    first character instead of trying every form. It tries the longest first
    only where one character of the text can follow a single branch: always
    for exact matching, and for ASCII forms ignoring case; other forms keep a
    plain alternation, longest first.
    """
    if case_sensitive or all(form.isascii() for form in group):
        return trie_pattern(group)
    return "|".join(re.escape(form) for form in sorted(group, key=lambda f: (-len(f), f)))


def trie_pattern(forms: Iterable[str]) -> str:
    """A regex alternation of `forms` as a trie: at each branch, longer continuations first."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here
    return _trie_node(trie)


def _trie_node(node: dict[str, dict]) -> str:
    # A run of nodes with one child each is one literal: escaped at once, not char by char.
    run: list[str] = []
    while len(node) == 1 and "" not in node:
        ((char, node),) = node.items()
        run.append(char)
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append("")  # the form ending here, once every longer one has failed
    return re.escape("".join(run)) + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")


def _longest_first(candidates: list[Occurrence]) -> list[Occurrence]:
    """Longest first, then earliest: keep each candidate that overlaps none already kept."""
    chosen: list[Occurrence] = []
    starts: list[int] = []  # the kept ranges, disjoint, in order
    ends: list[int] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term)):
        i = bisect.bisect_right(starts, occ.start)
        # Kept ranges are disjoint: only the one before and the one after can overlap.
        if (i and ends[i - 1] > occ.start) or (i < len(starts) and starts[i] < occ.end):
            continue
        chosen.append(occ)
        starts.insert(i, occ.start)
        ends.insert(i, occ.end)
    return chosen


def never_occurs(term: Term) -> Problem:
    """The warning for a term found nowhere in the essay."""
    return Problem(
        term.where,
        f"the term '{term.term}' does not occur in the essay",
        hint="check its spelling, add the form the essay uses to 'aliases', or set case_sensitive: false",
        severity="warning",
    )


__all__ = ["Occurrence", "find_terms", "never_occurs"]
