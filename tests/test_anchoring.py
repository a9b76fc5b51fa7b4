"""Anchoring: normalizing text with a map back, finding quotes and glossary
terms, and wrapping the passages found in elements."""

from __future__ import annotations

import bisect
from xml.etree.ElementTree import Element

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import anchor
from annotated_essay.anchoring.normalize import normalize, normalize_with_map
from annotated_essay.html.tree import element, text_of

# --- normalization ----------------------------------------------------------------


def test_normalization_maps_each_character_back_to_the_characters_it_came_from() -> None:
    text = "Don\u2019t \n\t stop\u2026 cafe\u0301 \ufb01ne\u2014"
    norm = normalize_with_map(text)
    assert norm.text == "Don't stop... caf\u00e9 fine-"
    pieces = [text[slice(*norm.span(i))] for i in range(len(norm.text))]
    assert pieces[:12] == ["D", "o", "n", "\u2019", "t", " \n\t ", "s", "t", "o", "p", "\u2026", "\u2026"]
    assert pieces[17:] == ["e\u0301", " ", "\ufb01", "\ufb01", "n", "e", "\u2014"]
    assert text[slice(*norm.original_span(4, 10))] == "t \n\t stop"
    assert norm.position(text.index("stop")) == norm.text.index("stop")


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
    starts = [a for a, _ in spans]
    for raw in range(len(text) + 2):
        assert norm.position(raw) == bisect.bisect_left(starts, raw)
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            assert norm.original_span(start, end) == (spans[start][0], spans[end - 1][1])


# --- wrapping -------------------------------------------------------------------


def _essay() -> Element:
    """Two paragraphs, the first with an emphasis: four text nodes."""
    return element("div", None, element("p", None, "abcd", element("em", None, "efgh"), "ijkl"), element("p", None, "mnop"))


def _marker(i: int):
    return lambda first: element("mark", {"n": str(i), "first": str(first)})


def _inside(inner: Element, outer: Element) -> bool:
    return any(el is inner for el in outer.iter())


SPANS = st.lists(st.tuples(st.integers(0, 20), st.integers(1, 12), st.integers(0, 2)), min_size=1, max_size=8)


@settings(max_examples=500, deadline=None)
@given(spans=SPANS)
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
