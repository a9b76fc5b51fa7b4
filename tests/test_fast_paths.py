"""The fast paths of the core give exactly what the plain algorithms give.

Each optimized algorithm is compared, on random inputs, with the simple one it
replaced: the alternation of all glossary forms, the quadratic longest-first
choice. The shortcuts past the Markdown converter are checked in test_html.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import glossary
from annotated_essay.anchoring.glossary import Occurrence

ROOT = Path(__file__).resolve().parent.parent

# --- glossary ---------------------------------------------------------------------

WORDS = st.text(alphabet="abAB -.é1_", min_size=1, max_size=6)


def _alternation_candidates(text: str, group: dict[str, str], case_sensitive: bool) -> list[tuple[int, int, str]]:
    """The plain way: one alternation of every form, longest first."""
    alternation = "|".join(re.escape(f) for f in sorted(group, key=lambda f: (-len(f), f)))
    pattern = re.compile(f"{glossary._BEFORE}(?=({alternation}){glossary._AFTER})", 0 if case_sensitive else re.IGNORECASE)
    return [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in pattern.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(forms=st.lists(WORDS, min_size=1, max_size=8, unique=True), text=st.text(alphabet="abAB -.é1_\n", max_size=60), sensitive=st.booleans())
def test_trie_finds_the_same_candidates_as_the_alternation(forms: list[str], text: str, sensitive: bool) -> None:
    group = {(f if sensitive else f.casefold()): f"t{i}" for i, f in enumerate(forms)}
    found = [(o.start, o.end, text[o.start : o.end]) for o in glossary._candidates(text, group, sensitive)]
    assert found == _alternation_candidates(text, group, sensitive)


@settings(max_examples=200, deadline=None)
@given(forms=st.lists(st.text(alphabet="abAB -.1_", min_size=1, max_size=6), min_size=1, max_size=8, unique=True), text=st.text(alphabet="abAB -.1_\n", max_size=60), sensitive=st.booleans())
def test_ascii_forms_in_ascii_text_are_the_alternations_candidates(forms: list[str], text: str, sensitive: bool) -> None:
    # Ignoring case, ASCII forms are searched in the lowered text.
    group = {(f if sensitive else f.casefold()): f"t{i}" for i, f in enumerate(forms)}
    found = [(o.start, o.end, text[o.start : o.end]) for o in glossary._candidates(text, group, sensitive)]
    assert found == _alternation_candidates(text, group, sensitive)


MANY_FIRSTS = "abcdefghijABé1_-. "


@settings(max_examples=200, deadline=None)
@given(forms=st.lists(st.text(alphabet=MANY_FIRSTS, min_size=1, max_size=5), min_size=9, max_size=20, unique=True), text=st.text(alphabet=MANY_FIRSTS, max_size=80))
def test_forms_with_many_first_characters_are_the_alternations_candidates(forms: list[str], text: str) -> None:
    # More first characters than literal scans: one pattern with a class instead.
    group = {f: f"t{i}" for i, f in enumerate(forms)}
    found = [(o.start, o.end, text[o.start : o.end]) for o in glossary._candidates(text, group, True)]
    assert found == _alternation_candidates(text, group, True)


def test_trie_tries_longer_forms_first() -> None:
    pattern = re.compile(glossary.trie_pattern(["Trust", "Trust Benefit", "Long-Term Benefit Trust", "Long"]))
    assert pattern.match("Long-Term Benefit Trust").group() == "Long-Term Benefit Trust"
    assert pattern.match("Trust Benefit plan").group() == "Trust Benefit"
    assert pattern.match("Trusty").group() == "Trust"


def _brute_longest_first(candidates: list[Occurrence], exact: set[str]) -> list[Occurrence]:
    chosen: list[Occurrence] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term not in exact, o.term)):
        if all(occ.end <= c.start or occ.start >= c.end for c in chosen):
            chosen.append(occ)
    return chosen


SPANS = st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from("xyz"))


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(SPANS, max_size=40))
def test_longest_first_matches_the_brute_force_choice(spans: list[tuple[int, int, str]]) -> None:
    candidates = [Occurrence(start, start + length, term) for start, length, term in spans]
    assert glossary._longest_first(candidates, {"y"}) == _brute_longest_first(candidates, {"y"})


def test_longest_term_wins_in_the_essay_text() -> None:
    from annotated_essay.model import Location, Term

    def term(id_: str, text: str) -> Term:
        return Term(id=id_, where=Location("t.yml", 1, 1), term=text, definition="d")

    text = "The Long-Term Benefit Trust and the Trust."
    found, problems = glossary.find_terms(text, [term("trust", "Trust"), term("ltbt", "Long-Term Benefit Trust")])
    assert problems == {}
    assert [(o.start, o.end) for o in found["ltbt"]] == [(4, 27)]
    assert [text[o.start : o.end] for o in found["trust"]] == ["Trust"]
    assert found["trust"][0].start == text.rindex("Trust")



# --- URLs ---------------------------------------------------------------------


@pytest.mark.parametrize("code", range(0x80))
def test_printable_ascii_shortcut_agrees_with_the_per_character_rule(code: int) -> None:
    import unicodedata

    from annotated_essay.fields import url_problem

    url = f"https://example.org/a{chr(code)}b"
    flagged = any(c.isspace() or unicodedata.category(c).startswith("C") for c in url)
    assert (url_problem(url) == "contains a space or a control character") == flagged


# --- check without notes --------------------------------------------------------


def test_check_finds_the_same_problems_and_places_without_rendering_notes(tmp_path: Path) -> None:
    from annotated_essay import cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text("The exact words are here.\n\nThe exact words again, and a quotation.\n", encoding="utf-8")
    claims = tmp_path / "annotations" / "claims"
    claims.mkdir(parents=True)
    body = "claim: C.\nspeaker: the author\nverdict: opinion\nchecked: 2026-01-01\nnote: Why *so*.\n"
    (claims / "unique.yml").write_text("quote: are here\n" + body, encoding="utf-8")
    (claims / "twice.yml").write_text("quote: The exact words\n" + body, encoding="utf-8")
    (claims / "missing.yml").write_text("quote: not in the essay\n" + body, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - annotated-essay:\n      essay: essay.txt\n", encoding="utf-8")
    for config in (tmp_path / "mkdocs.yml", ROOT / "mkdocs.yml"):
        full, _ = cli.load_site(config)
        lean, _ = cli.load_site(config, notes=False)
        assert [str(p) for p in lean.problems] == [str(p) for p in full.problems]
        assert sorted(lean.edition.placed) == sorted(full.edition.placed)
        assert cli.summary(lean) == cli.summary(full)
        assert "data-note-for" in full.essay.html and "data-note-for" not in lean.essay.html
        assert full.problems or config == ROOT / "mkdocs.yml"  # the small site has two broken claims
