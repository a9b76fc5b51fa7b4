"""Finding glossary terms in the essay's normalized text.

Terms and aliases match whole words only (no letter or digit right before or
after); where candidates overlap, the longest wins, then the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..model import Problem, Term
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


def find_terms(text: str, terms: list[Term]) -> tuple[dict[str, list[Occurrence]], dict[str, list[Problem]]]:
    """Every occurrence of every term in `text`, by term id, and the problems of each term."""
    forms, problems = _forms(terms)
    # Where two terms' forms match the same words, the one that matches them exactly keeps them.
    exact = {term.id for term in terms if term.case_sensitive}
    chosen = _longest_first(_candidates(text, tuple(forms.items())), exact)
    found: dict[str, list[Occurrence]] = {term.id: [] for term in terms}
    for occ in sorted(chosen, key=lambda o: o.start):
        found[occ.term].append(occ)
    return found, problems


def _forms(terms: list[Term]) -> tuple[dict[tuple[str, bool], str], dict[str, list[Problem]]]:
    """Map each normalized form (and its case sensitivity) to the term that owns it, and
    report each form two terms share (ignoring case where either does) at both of them.

    One file must not quietly change what another means: the problem names the other
    term and its file, and says whose the words are. A term's own name is owned before
    another's alias, then the term with the smaller id owns it; where one term matches
    the words exactly and the other ignoring case, the exact one keeps them (find_terms).
    """
    owners: dict[tuple[str, bool], str] = {}
    problems: dict[str, list[Problem]] = {}
    folded: dict[str, list[tuple[Term, str, str]]] = {}  # casefolded form -> (term, form, normalized)
    listed = [(alias, term.id, term, form) for term in terms for alias, form in enumerate(term.forms)]
    for _, _, term, form in sorted(listed, key=lambda item: (item[0] > 0, item[1])):
        norm = normalize_selector_text(form)
        if not norm:
            continue
        key = (norm if term.case_sensitive else norm.casefold(), term.case_sensitive)
        owners.setdefault(key, term.id)
        for other, other_form, other_norm in folded.setdefault(norm.casefold(), []):
            shared = other.id != term.id and (norm == other_norm or not (term.case_sensitive and other.case_sensitive))
            if shared:
                keeps = owners[key] if term.case_sensitive == other.case_sensitive else (term if term.case_sensitive else other).id
                for one, mine, two, theirs in ((term, form, other, other_form), (other, other_form, term, form)):
                    message = f"the form '{mine}' matches the words of '{theirs}', a form of '{two.id}' ({two.where.path}): they are marked for '{keeps}'"
                    problems.setdefault(one.id, []).append(Problem(one.where, message, "remove the form from one of the two entries, or set case_sensitive: true"))
        folded[norm.casefold()].append((term, form, norm))
    return owners, problems


# A rebuild (`mkdocs serve`) searches the same essay for the same forms again.
@lru_cache(maxsize=4)
def _candidates(text: str, forms: tuple[tuple[tuple[str, bool], str], ...]) -> tuple[Occurrence, ...]:
    """At each place where a form starts as a whole word, the longest such form
    matching exactly and the longest ignoring case: the candidates to choose from."""
    if not forms:  # no glossary: nothing to look for in the essay
        return ()
    exact = {form: term for (form, sensitive), term in forms if sensitive}
    folded = {form: term for (form, sensitive), term in forms if not sensitive}
    found: list[Occurrence] = []
    for match in _pattern(tuple(exact), tuple(folded)).finditer(text):
        start = match.start()
        same, ignoring_case = match.groups()
        if same is not None:
            found.append(Occurrence(start, start + len(same), exact[same]))
        if ignoring_case is not None:
            term = folded.get(ignoring_case.casefold()) or folded[_folded_form(ignoring_case, folded)]
            found.append(Occurrence(start, start + len(ignoring_case), term))
    return tuple(found)


def _pattern(exact: tuple[str, ...], folded: tuple[str, ...]) -> re.Pattern[str]:
    """Matches, empty, where a form starts as a whole word; group 1 is the longest
    form there matching exactly, group 2 the longest ignoring case (None if none).
    (`re` keeps the patterns it compiled: a rebuild with the same forms reuses it.)"""
    same = f"(?=(?:({_alternatives(exact, True)}){_AFTER})?)"
    ignoring_case = f"(?=(?:(?i:({_alternatives(folded, False)})){_AFTER})?)"
    return re.compile(f"{_BEFORE}{same}{ignoring_case}(?(1)|(?(2)|(?!)))")


def _folded_form(text: str, folded: dict[str, str]) -> str:
    """The form that matched `text` ignoring case, where its case folding differs
    (the regex also equates "i" and dotless "ı"): the first one in the pattern's order."""
    return next(form for form in _by_length(folded) if re.fullmatch(re.escape(form), text, re.IGNORECASE))


def _by_length(forms: Iterable[str]) -> list[str]:
    return sorted(forms, key=lambda f: (-len(f), f))


def _alternatives(forms: Iterable[str], case_sensitive: bool) -> str:
    """A pattern matching any of `forms`, trying longer forms before shorter ones.

    A trie of the forms lets the regex engine reject most places at the first
    character instead of trying every form. It tries the longest first only
    where one character of the text can follow a single branch: always when
    matching exactly, and for ASCII forms ignoring case; other forms keep a
    plain alternation, longest first. No forms: a pattern that never matches.
    """
    forms = list(forms)
    if not forms:
        return "(?!)"
    if not (case_sensitive or all(form.isascii() for form in forms)):
        return "|".join(map(re.escape, _by_length(forms)))
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here
    return _trie_node(trie)


def _trie_node(node: dict[str, dict]) -> str:
    """The trie below `node` as a regex alternation: at each branch, longer continuations first."""
    # A run of nodes with one child each is one literal: escaped at once, not char by char.
    run: list[str] = []
    while len(node) == 1 and "" not in node:
        ((char, node),) = node.items()
        run.append(char)
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append("")  # the form ending here, once every longer one has failed
    return re.escape("".join(run)) + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")


def _longest_first(candidates: Iterable[Occurrence], exact: set[str]) -> list[Occurrence]:
    """Longest first, then earliest, then a term of `exact` (matching case): keep each
    candidate that overlaps none already kept."""
    chosen: list[Occurrence] = []
    taken: set[int] = set()  # the positions of the kept ones
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term not in exact, o.term)):
        if taken.isdisjoint(range(occ.start, occ.end)):
            chosen.append(occ)
            taken.update(range(occ.start, occ.end))
    return chosen


def never_occurs(term: Term) -> Problem:
    """The warning for a term found nowhere in the essay."""
    hint = "check its spelling, add the form the essay uses to 'aliases', or set case_sensitive: false"
    return Problem(term.where, f"the term '{term.term}' does not occur in the essay", hint, severity="warning")


__all__ = ["Occurrence", "find_terms", "never_occurs"]
