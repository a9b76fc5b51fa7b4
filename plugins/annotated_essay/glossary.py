"""Finding glossary terms in the essay's normalized text.

Terms and aliases match whole words only (no letter or digit right before or
after); where candidates overlap, the longest wins, then the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Location, Problem, Term
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
    if not group:
        return []
    # Longest first, so at each position the longest form is the one found.
    alternation = "|".join(re.escape(form) for form in sorted(group, key=lambda f: (-len(f), f)))
    flags = 0 if case_sensitive else re.IGNORECASE
    # The lookahead finds candidates at every position, overlapping ones included.
    pattern = re.compile(f"{_BEFORE}(?=({alternation}){_AFTER})", flags)
    found = []
    for match in pattern.finditer(text):
        form = match.group(1)
        key = form if case_sensitive else form.casefold()
        term = group.get(key)
        if term is None:  # a case-folded form whose key differs by more than case
            term = next(t for f, t in group.items() if f.casefold() == form.casefold())
        found.append(Occurrence(match.start(), match.start() + len(form), term))
    return found


def _longest_first(candidates: list[Occurrence]) -> list[Occurrence]:
    chosen: list[Occurrence] = []
    taken: list[tuple[int, int]] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term)):
        if all(occ.end <= a or occ.start >= b for a, b in taken):
            chosen.append(occ)
            taken.append((occ.start, occ.end))
    return chosen


def never_occurs(term: Term) -> Problem:
    """The warning for a term found nowhere in the essay."""
    return Problem(
        term.where,
        f"the term '{term.term}' does not occur in the essay",
        hint="check its spelling, add the form the essay uses to 'aliases', or set case_sensitive: false",
        severity="warning",
    )


__all__ = ["Occurrence", "find_terms", "never_occurs", "Location"]
