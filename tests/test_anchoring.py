"""Anchoring: normalizing text with a map back, finding quotes and glossary
terms, and wrapping the passages found in elements."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import anchor, glossary
from annotated_essay.anchoring.glossary import Occurrence
from annotated_essay.anchoring.normalize import normalize, normalize_selector_text, normalize_with_map
from annotated_essay.html.tree import element, text_of
from annotated_essay.model import Location, Selector, Term

# --- normalization ----------------------------------------------------------------


def test_normalization_maps_each_character_back_to_the_characters_it_came_from() -> None:
    text = "Don\u2019t \n\t stop\u2026 cafe\u0301 \ufb01ne\u2014"
    norm = normalize_with_map(text)
    assert norm.text == "Don't stop... caf\u00e9 fine-"
    pieces = [text[slice(*norm.span(i))] for i in range(len(norm.text))]
    assert pieces[:12] == ["D", "o", "n", "\u2019", "t", " \n\t ", "s", "t", "o", "p", "\u2026", "\u2026"]
    assert pieces[17:] == ["e\u0301", " ", "\ufb01", "\ufb01", "n", "e", "\u2014"]
    assert text[slice(*norm.original_span(4, 10))] == "t \n\t stop"


# Runs of every kind of white space, characters outside printable ASCII (some
# combining, some that NFKC makes several characters, one a lone surrogate, one
# outside the BMP) and plain characters.
ODD_TEXT = st.text(alphabet=" \t\n\u00a0\u2003ab.\u00b4\u0301\u0308\u00e9\u2019\u2026\u00a8\ufb01\x01\x7f\ud800\U0001f600\u1100\u1161", max_size=20)


@settings(max_examples=500, deadline=None)
@given(text=ODD_TEXT)
def test_the_map_covers_the_original_text_in_order(text: str) -> None:
    norm = normalize_with_map(text)
    assert normalize(text) == norm.text
    spans = [norm.span(i) for i in range(len(norm.text))]
    # Spans come in the original's order; each is what its character came from.
    assert all(a < b for a, b in spans)
    assert all(a <= c and b <= d for (a, b), (c, d) in zip(spans, spans[1:]))
    for i, (a, b) in enumerate(spans):
        if b - a == 1 and norm.text[i] == text[a]:
            continue  # a plain copy
        assert norm.text[i] in normalize(text[a:b]) or norm.text[i] == " "
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            assert norm.original_span(start, end) == (spans[start][0], spans[end - 1][1])


# --- quotes -------------------------------------------------------------------------


def _text_map(text: str) -> anchor.TextMap:
    return anchor.build_text_map(element("div", None, element("p", None, text)))


def _plain_find(text: str, quote: str, prefix: str, suffix: str) -> list[anchor.Match]:
    """The plain way: scan the whole text, compare prefix and suffix on slices."""
    found = []
    pos = text.find(quote)
    while pos >= 0:
        end = pos + len(quote)
        before = not prefix or text[:pos].rstrip(" ").endswith(prefix.rstrip(" "))
        after = not suffix or text[end:].lstrip(" ").startswith(suffix.lstrip(" "))
        if before and after:
            found.append(anchor.Match(pos, end))
        pos = text.find(quote, pos + 1)
    return found


# Few words, many spaces and some punctuation: words repeat, quotes occur
# several times and overlap, and words touch other characters than spaces.
QUOTE_TEXT = st.lists(st.sampled_from(["a", "b", "ab", "ba", "bab", "_", ",", "-", "\u2019", " ", " ", "\n", "\u00a0"]), max_size=30).map("".join)
PIECE = st.text(alphabet="ab  ,-", max_size=12)


@settings(max_examples=500, deadline=None)
@given(text=QUOTE_TEXT, pieces=st.tuples(PIECE, PIECE, PIECE), data=st.data())
def test_quotes_found_through_the_word_index_are_the_scanned_ones(text: str, pieces: tuple[str, str, str], data: st.DataObject) -> None:
    tm = _text_map(text)
    a, b, c, d = sorted(data.draw(st.lists(st.integers(0, len(tm.text)), min_size=4, max_size=4)))
    # Random pieces, and a quote that occurs with the prefix and suffix around it.
    for quote, prefix, suffix in (pieces, (tm.text[b:c], tm.text[a:b], tm.text[c:d])):
        wanted = _plain_find(tm.text, *map(normalize_selector_text, (quote, prefix, suffix)))
        if normalize_selector_text(quote):
            assert anchor.find_quote(tm, Selector(quote, prefix, suffix)) == wanted


def test_a_quote_matches_wherever_its_words_stand_in_the_text() -> None:
    tm = _text_map("so the-the cat sat, and the-the cat sat. the the cat satin")
    assert tm.occurrences("the-the cat sat") == [4, 25]  # after the space the paragraph break leaves
    assert tm.occurrences("he-the cat sa") == [5, 26]
    assert tm.occurrences("the-the dog sat") == []


def test_raw_html_placeholders_match_no_quote() -> None:
    tm = _text_map("raw \x02wzxhzdk:12\x03 html")
    assert anchor.find_quote(tm, Selector("wzxhzdk")) == []
    assert anchor.find_quote(tm, Selector("raw")) == [anchor.Match(1, 4)]


# --- glossary ---------------------------------------------------------------------


def _term(id_: str, text: str, *aliases: str, case_sensitive: bool = True) -> Term:
    return Term(id=id_, where=Location(f"{id_}.yml", 1, 1), term=text, definition="d", aliases=aliases, case_sensitive=case_sensitive)


def _found(text: str, *terms: Term) -> dict[str, list[str]]:
    found, problems = glossary.find_terms(text, list(terms))
    assert problems == {}
    return {term: [f"{o.start}:{text[o.start : o.end]}" for o in occs] for term, occs in found.items()}


def test_the_longest_term_wins_where_terms_overlap() -> None:
    text = "The Long-Term Benefit Trust and the Trust."
    assert _found(text, _term("trust", "Trust"), _term("ltbt", "Long-Term Benefit Trust")) == {
        "trust": ["36:Trust"],
        "ltbt": ["4:Long-Term Benefit Trust"],
    }


def test_terms_match_whole_words_only() -> None:
    # No letter or digit may touch a term; an underscore may.
    text = "AI, AIs, RAI, AI_x, 2AI, AI."
    assert _found(text, _term("ai", "AI")) == {"ai": ["0:AI", "14:AI", "25:AI"]}


def test_case_is_kept_unless_a_term_ignores_it() -> None:
    text = "Trust, trust, TRUST; Model, model, MODEL."
    found = _found(text, _term("trust", "Trust"), _term("model", "model", case_sensitive=False))
    assert found == {"trust": ["0:Trust"], "model": ["21:Model", "28:model", "35:MODEL"]}


def test_a_term_ignoring_case_matches_letters_whose_folding_differs() -> None:
    # Capital I is the upper case of the Turkish dotless ı, which folds to itself.
    assert _found("Ilık su, ılık su.", _term("ilik", "ılık", case_sensitive=False)) == {"ilik": ["0:Ilık", "9:ılık"]}
    assert _found("In ın.", _term("in", "in", case_sensitive=False))["in"][0] == "0:In"
    # Where two forms start with letters that fold together, the longer one still wins.
    found = _found("ı-a", _term("i", "I", case_sensitive=False), _term("ia", "ı-a", case_sensitive=False))
    assert found == {"i": [], "ia": ["0:ı-a"]}


def test_a_form_of_two_terms_is_a_problem_at_both() -> None:
    _, problems = glossary.find_terms("x", [_term("a", "Trust"), _term("b", "Benefit", "Trust")])
    assert {id_: [p.message for p in ps] for id_, ps in problems.items()} == {
        "a": ["the form 'Trust' matches the words of 'Trust', a form of 'b' (b.yml): they are marked for 'a'"],
        "b": ["the form 'Trust' matches the words of 'Trust', a form of 'a' (a.yml): they are marked for 'a'"],
    }


def _alternation_candidates(text: str, group: dict[str, str], case_sensitive: bool) -> list[tuple[int, int, str]]:
    """The plain way: one alternation of every form, longest first, a group for each.

    Ignoring case, the form whose case folding is the text's owns it, else the
    one that matched (the regex also equates "i" and a dotless "ı")."""
    ordered = sorted(group, key=lambda f: (-len(f), f))
    alternation = "|".join(f"({re.escape(f)})" for f in ordered)
    pattern = re.compile(f"(?<![^\\W_])(?=(?:{alternation})(?![^\\W_]))", 0 if case_sensitive else re.IGNORECASE)
    found = []
    for m in pattern.finditer(text):
        matched = text[m.start() : m.end(m.lastindex)]
        form = ordered[m.lastindex - 1] if case_sensitive or matched.casefold() not in group else matched.casefold()
        found.append((m.start(), m.start() + len(form), group[form]))
    return found


# Texts of a few words with every kind of neighbour (letters of both cases,
# "ı" and "I", digits, "_", punctuation); forms cut from the text, in pairs
# where one starts the other.
WORD = st.sampled_from(["a", "b", "ab", "A", "B", "é", "É", "ı", "I", "1", "_"])
SEPARATOR = st.sampled_from(["", " ", " ", "-", ". "])
TEXT = st.lists(st.tuples(WORD, SEPARATOR), max_size=20).map(lambda ws: "".join(w + s for w, s in ws))
CUTS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.integers(1, 8), st.booleans(), st.booleans()), min_size=1, max_size=5)


@settings(max_examples=500, deadline=None)
@given(text=TEXT, cuts=CUTS)
def test_the_trie_finds_the_candidates_of_a_plain_alternation(text: str, cuts: list[tuple[int, int, int, bool, bool]]) -> None:
    sensitive_forms: dict[str, bool] = {}
    for start, short, longer, sensitive, longer_sensitive in cuts:
        sensitive_forms[text[start : start + short].strip(" ") or "a"] = sensitive
        sensitive_forms[text[start : start + short + longer].strip(" ") or "a"] = longer_sensitive
    keys = {(f if s else f.casefold(), s): f"t{i}" for i, (f, s) in enumerate(sensitive_forms.items())}
    wanted = []
    for sensitive in (True, False):
        group = {form: term for (form, s), term in keys.items() if s == sensitive}
        wanted += _alternation_candidates(text, group, sensitive) if group else []
    found = glossary._candidates(text, tuple(keys.items()))
    assert sorted((o.start, o.end, o.term) for o in found) == sorted(wanted)


def _brute_longest_first(candidates: list[Occurrence], exact: set[str]) -> list[Occurrence]:
    chosen: list[Occurrence] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term not in exact, o.term)):
        if all(occ.end <= c.start or occ.start >= c.end for c in chosen):
            chosen.append(occ)
    return chosen


SPANS = st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from("xyz"))


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(SPANS, max_size=40))
def test_longest_first_keeps_what_comparing_with_every_kept_one_keeps(spans: list[tuple[int, int, str]]) -> None:
    candidates = [Occurrence(start, start + length, term) for start, length, term in spans]
    assert glossary._longest_first(candidates, {"y"}) == _brute_longest_first(candidates, {"y"})


# --- wrapping -------------------------------------------------------------------


def _essay() -> Element:
    """Two paragraphs, the first with an emphasis: four text nodes."""
    return element("div", None, element("p", None, "abcd", element("em", None, "efgh"), "ijkl"), element("p", None, "mnop"))


def _marker(i: int):
    return lambda first: element("mark", {"n": str(i), "first": str(first)})


def _inside(inner: Element, outer: Element) -> bool:
    return any(el is inner for el in outer.iter())


RANGES = st.lists(st.tuples(st.integers(0, 20), st.integers(1, 12), st.integers(0, 2)), min_size=1, max_size=8)


@settings(max_examples=500, deadline=None)
@given(spans=RANGES)
def test_wrapped_ranges_keep_the_text_and_hold_exactly_their_characters(spans: list[tuple[int, int, int]]) -> None:
    # Side by side, nested, crossing, with equal extents, across element and block boundaries.
    root = _essay()
    before = text_of(root)
    tm = anchor.build_text_map(root)
    ranges = [anchor.Range(a, a + n, _marker(i), rank, f"r{i}") for i, (a, n, rank) in enumerate(spans)]
    anchor.wrap_ranges(tm, ranges)
    assert text_of(root) == before
    for i, rng in enumerate(ranges):
        wanted = tm.raw[rng.start : rng.end].replace("\n", "")  # block separators are no text
        assert "".join(text_of(el) for el in rng.elements) == wanted
        assert [el.get("first") for el in rng.elements] == ["True", *["False"] * (len(rng.elements) - 1)][: len(rng.elements)]
        assert all(el.get("n") == str(i) for el in rng.elements)
    # A range holding another, or with its extent and a lower rank, holds each of its elements.
    for outer in ranges:
        for inner in ranges:
            if inner is not outer and outer.order() < inner.order() and outer.start <= inner.start and inner.end <= outer.end:
                for el in inner.elements:
                    assert any(_inside(el, held) for held in outer.elements)


def test_a_range_in_one_text_node_crossing_no_other_gets_one_element() -> None:
    root = _essay()
    tm = anchor.build_text_map(root)
    start = tm.raw.index("efgh")
    outer = anchor.Range(start, start + 4, _marker(0), 1)
    inner = anchor.Range(start + 1, start + 3, _marker(1), 2)
    anchor.wrap_ranges(tm, [inner, outer])
    assert len(outer.elements) == len(inner.elements) == 1
    assert _inside(inner.elements[0], outer.elements[0])


def test_crossing_ranges_are_split_where_they_cross() -> None:
    root = _essay()
    tm = anchor.build_text_map(root)
    start = tm.raw.index("abcd")
    first = anchor.Range(start, start + 3, _marker(0))
    second = anchor.Range(start + 1, start + 4, _marker(1))
    anchor.wrap_ranges(tm, [first, second])
    assert [text_of(el) for el in first.elements] == ["abc"]
    assert [text_of(el) for el in second.elements] == ["bc", "d"]
    assert _inside(second.elements[0], first.elements[0]) and not _inside(second.elements[1], first.elements[0])
