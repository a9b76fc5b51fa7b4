"""Finding glossary terms in the essay's normalized text.

Terms and aliases match whole words only (no letter or digit right before or
after); where candidates overlap, the longest wins, then the earliest.
"""

from __future__ import annotations

import bisect
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
    candidates: list[Occurrence] = []
    for case_sensitive in (True, False):
        group = {form: tid for (form, sensitive), tid in forms.items() if sensitive == case_sensitive}
        candidates.extend(_candidates(text, group, case_sensitive))
    # Where two terms' forms match the same words, the one that matches them exactly keeps them.
    exact = {term.id for term in terms if term.case_sensitive}
    chosen = _longest_first(candidates, exact)
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


def _candidates(text: str, group: dict[str, str], case_sensitive: bool) -> list[Occurrence]:
    """At each position where a form starts as a whole word, the longest such form."""
    if not group:
        return []
    return list(_candidates_of(text, tuple(group.items()), case_sensitive))


# A rebuild (`mkdocs serve`) searches the same essay for the same forms again.
@lru_cache(maxsize=4)
def _candidates_of(text: str, forms: tuple[tuple[str, str], ...], case_sensitive: bool) -> tuple[Occurrence, ...]:
    group = dict(forms)
    return tuple(_search(text, group, case_sensitive))


def _search(text: str, group: dict[str, str], case_sensitive: bool) -> list[Occurrence]:
    if not case_sensitive and text.isascii() and all(form.isascii() for form in group):
        # Ignoring case, the regex engine folds every character it tries; between
        # ASCII text and ASCII forms that is plain lower case, so an exact search
        # of the lowered text (same length, same positions) finds the same forms.
        return _exact_candidates(text.lower(), group)
    if case_sensitive:
        return _exact_candidates(text, group)
    found = []
    for match in _folded_pattern(group).finditer(text):
        form = match.group(1)
        term = group.get(form.casefold())
        if term is None:  # a case-folded form whose key differs by more than case
            term = next(t for f, t in group.items() if f.casefold() == form.casefold())
        found.append(Occurrence(match.start(), match.start() + len(form), term))
    return found


def _exact_candidates(text: str, group: dict[str, str]) -> list[Occurrence]:
    """`_candidates` for forms that match exactly (each form is its own key).

    A form that starts as a whole word at a position starts with the text's
    key there (see `_key`), so small patterns find the keys where a word
    starts with a form's first character, and only the forms with that key are
    compared, longest first. Compiling one pattern of every form cost more than
    all of the search.
    """
    buckets: dict[str, list[str]] = {}
    for form in sorted(group, key=len, reverse=True):
        buckets.setdefault(_key(form), []).append(form)
    found = []
    size = len(text)
    for pattern in _key_patterns(tuple(sorted({form[0] for form in group}))):
        for match in pattern.finditer(text):
            forms = buckets.get(match.group())
            if forms is None:
                continue
            start = match.start()
            for form in forms:
                end = start + len(form)
                # `isalnum` is the regex's `[^\W_]`: both are Py_UNICODE_ISALNUM.
                if text.startswith(form, start) and (end == size or not text[end].isalnum()):
                    found.append(Occurrence(start, end, group[form]))
                    break
    if len(found) > 1:
        found.sort(key=_start)  # one pattern after another: back in text order
    return found


def _start(occ: Occurrence) -> int:
    return occ.start


def _key(form: str) -> str:
    """The run of letters and digits a form starts with; or its first character, if not one."""
    return _ALNUM_RUN.match(form).group() or form[0]  # type: ignore[union-attr]


_WORD = r"[^\W_]"  # a letter or digit
_ALNUM_RUN = re.compile(f"{_WORD}*")

# Up to this many first characters, one pattern per first character: the regex
# engine finds a literal first character with a tight loop, some ten times
# faster than testing every character of the text against a class.
_LITERAL_SCANS = 8


@lru_cache(maxsize=64)
def _key_patterns(firsts: tuple[str, ...]) -> list[re.Pattern[str]]:
    """Patterns whose matches are the keys (`_key`) at whole-word starts with one of `firsts`."""
    # The first character, then no letter or digit right before it, then the
    # rest of its run of letters and digits if it is one.
    if len(firsts) > _LITERAL_SCANS:
        chars = "".join(re.escape(char) for char in firsts)
        return [re.compile(f"[{chars}](?<!{_WORD}.)(?:(?<={_WORD}){_WORD}*)?", re.DOTALL)]
    return [
        re.compile(f"{re.escape(char)}(?<!{_WORD}.)" + (f"{_WORD}*" if char.isalnum() else ""), re.DOTALL)
        for char in firsts
    ]


def _folded_pattern(group: dict[str, str]) -> re.Pattern[str]:
    """Candidates of `group`, ignoring case: each match takes just a form's first character."""
    # Each match takes just the form's first character, so candidates are found
    # at every position, overlapping ones included; testing that one character
    # first rejects most positions before any lookaround runs.
    firsts = "".join(sorted({re.escape(form[0]) for form in group}))
    whole = f"{_BEFORE}(?=({_alternatives(group, False)}){_AFTER})"
    return re.compile(f"[{firsts}](?<={whole}.)", re.DOTALL | re.IGNORECASE)


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


def _longest_first(candidates: list[Occurrence], exact: set[str]) -> list[Occurrence]:
    """Longest first, then earliest, then a term of `exact` (matching case): keep each
    candidate that overlaps none already kept."""
    chosen: list[Occurrence] = []
    starts: list[int] = []  # the kept ranges, disjoint, in order
    ends: list[int] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term not in exact, o.term)):
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
