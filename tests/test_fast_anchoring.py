"""The fast paths of anchoring give exactly what the plain scans give.

Quotes are found through an index of the essay's words instead of scanning the
whole text for each; prefixes and suffixes are compared in place instead of on
slices; the normalization map is stored sparsely. Each is compared, on random
inputs, with the simple way.
"""

from __future__ import annotations

import bisect
from xml.etree.ElementTree import tostring

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import anchor, normalize
from annotated_essay.html import tree as htmltree
from annotated_essay.html.tree import element
from annotated_essay.model import Selector

# Few words and many spaces: words repeat, quotes occur several times and overlap.
TEXT = st.lists(st.sampled_from(["a", "b", "ab", "ba", "bab", "\u2019", " ", " ", "\n", "\u00a0"]), max_size=30).map("".join)
PIECE = st.text(alphabet="ab  ", max_size=12)


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


@settings(max_examples=500, deadline=None)
@given(text=TEXT, pieces=st.tuples(PIECE, PIECE, PIECE), data=st.data())
def test_quotes_found_through_the_word_index_are_the_scanned_ones(
    text: str, pieces: tuple[str, str, str], data: st.DataObject
) -> None:
    tm = _text_map(text)
    a, b, c, d = sorted(data.draw(st.lists(st.integers(0, len(tm.text)), min_size=4, max_size=4)))
    # Random pieces, and a quote that occurs with the prefix and suffix around it.
    for quote, prefix, suffix in (pieces, (tm.text[b:c], tm.text[a:b], tm.text[c:d])):
        wanted = _plain_find(tm.text, *map(normalize.normalize_selector_text, (quote, prefix, suffix)))
        if normalize.normalize_selector_text(quote):
            assert anchor.find_quote(tm, Selector(quote, prefix, suffix)) == wanted


def test_a_quote_is_placed_by_its_rarest_inner_word() -> None:
    tm = _text_map("so the the cat sat, and the the cat sat.")
    assert tm.occurrences("the the cat sat") == [4, 25]
    assert tm.occurrences("the the dog sat") == []


def _text_map(text: str) -> anchor.TextMap:
    root = element("div")
    root.append(element("p"))
    root[0].text = text
    return anchor.build_text_map(root)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=" \t\nab.\u00a0\u0301\u00e9\u2026\u00a8\ufb01\x01", max_size=16))
def test_the_sparse_map_gives_every_characters_span(text: str) -> None:
    norm = normalize.normalize_with_map(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert [norm.span(i) for i in range(len(norm.text))] == list(zip(norm.starts, norm.ends))
    assert normalize.normalize(text) == norm.text
    for raw in range(len(text) + 2):
        assert norm.position(raw) == bisect.bisect_left(norm.starts, raw)
    for start in range(len(norm.text)):
        assert norm.start_of(start) == norm.starts[start]
        for end in range(start + 1, len(norm.text) + 1):
            assert norm.original_span(start, end) == (norm.starts[start], norm.ends[end - 1])


# Runs of every kind of white space, characters outside printable ASCII (some
# combining, one a lone surrogate, one outside the BMP) and plain characters.
ODD_TEXT = st.text(alphabet=" \t\n\u00a0\u2003ab.\u0301\u00e9\u2019\u2026\ufb01\x01\x7f\ud800\U0001f600", max_size=24)


@settings(max_examples=1000, deadline=None)
@given(text=ODD_TEXT)
def test_special_runs_found_by_string_search_are_the_regex_ones(text: str) -> None:
    fast = [m.span() for m in normalize._special_matches(text)]
    assert fast == [m.span() for m in normalize._SPECIAL.finditer(text)]  # the plain way


def _plain_plan(slot: anchor.Slot, inside: list[anchor.Range]) -> tuple[str, list]:
    """The plain way: cut the slot at every range's start and end, and for each
    stretch list the covering ranges anew; keep the open elements the two lists share."""
    end = slot.start + len(slot.text)
    cuts = sorted({slot.start, end} | {r.start for r in inside if r.start > slot.start} | {r.end for r in inside if r.end < end})
    lead, top, stack = "", [], []
    for a, b in zip(cuts, cuts[1:]):
        covering = [r for r in inside if r.start <= a and r.end >= b]
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep][0] is covering[keep]:
            keep += 1
        del stack[keep:]
        for rng in covering[keep:]:
            el = rng.make(not rng.elements)
            rng.elements.append(el)
            (stack[-1][1].append(el) if stack else top.append(el))
            stack.append((rng, el))
        piece = slot.text[a - slot.start : b - slot.start]
        if stack:
            htmltree.append_text(stack[-1][1], piece)
        elif top:
            top[-1].tail = (top[-1].tail or "") + piece
        else:
            lead += piece
    return lead, top


def _planned(plan: tuple[str, list] | None, ranges: list[anchor.Range]) -> tuple:
    """A plan and the elements each range got, as plain data."""
    assert plan is not None
    lead, top = plan
    return lead, [tostring(el, encoding="unicode") for el in top], [len(r.elements) for r in ranges]


SLOT_RANGES = st.lists(st.tuples(st.integers(-3, 25), st.integers(1, 12), st.integers(0, 2)), min_size=1, max_size=8)


@settings(max_examples=500, deadline=None)
@given(spans=SLOT_RANGES, base=st.integers(0, 10), length=st.integers(1, 30), first_made=st.booleans())
def test_slots_are_planned_as_the_plain_cut_and_cover_plans_them(
    spans: list[tuple[int, int, int]], base: int, length: int, first_made: bool
) -> None:
    # Side by side, nested, crossing, with equal extents, reaching out of the slot at either end;
    # ranges that never cross also take the stack's way.
    slot = anchor.Slot(element("p"), None, base, "".join(chr(ord("a") + i % 26) for i in range(length)))

    def ranges() -> list[anchor.Range]:
        made = [
            anchor.Range(base + a, base + a + n, lambda first, i=i: element("mark", {"n": str(i), "first": str(first)}), rank, f"r{i}")
            for i, (a, n, rank) in enumerate(spans)
        ]
        if first_made:
            made[0].elements.append(element("mark"))  # a range that began in an earlier slot
        inside = [r for r in made if r.start < slot.start + len(slot.text) and r.end > slot.start]
        return sorted(inside, key=anchor.Range.order)

    fast, plain, swept = ranges(), ranges(), ranges()
    if not fast:
        return
    wanted = _planned(_plain_plan(slot, plain), plain)
    assert _planned(anchor._plan_nested(slot, swept), swept) == wanted
    spans = anchor._laminar_spans(slot, fast)
    if spans is not None:
        assert _planned(anchor._plan_laminar(slot, fast, spans), fast) == wanted


def test_crossing_ranges_are_not_laminar() -> None:
    slot = anchor.Slot(element("p"), None, 0, "abcdefghij")
    ranges = [anchor.Range(0, 5, lambda first: element("mark")), anchor.Range(3, 8, lambda first: element("mark"))]
    assert anchor._laminar_spans(slot, ranges) is None
    assert anchor._laminar_spans(slot, [anchor.Range(0, 8, lambda first: element("mark")), ranges[1]]) == [(0, 8), (3, 8)]


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 2), st.sampled_from("xyz")), max_size=12))
def test_ranges_sorted_key_by_key_are_in_range_order(spans: list[tuple[int, int, int, str]]) -> None:
    ranges = [anchor.Range(a, b, lambda first: element("mark"), rank, key) for a, b, rank, key in spans]
    assert anchor._in_order(list(ranges)) == sorted(ranges, key=anchor.Range.order)  # the plain way


def test_placeholders_become_opaque_and_plain_text_stays_itself() -> None:
    text = "raw \x02wzxhzdk:12\x03 html"
    assert anchor._opaque(text) == "raw " + "\x00" * len("\x02wzxhzdk:12\x03") + " html"
    assert anchor._opaque(text) == anchor._PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), text)  # the plain way
    plain = "no placeholder \x03 here"
    assert anchor._opaque(plain) is plain
