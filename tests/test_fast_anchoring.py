"""The fast paths of anchoring give exactly what the plain scans give.

Quotes are found through an index of the essay's words instead of scanning the
whole text for each; prefixes and suffixes are compared in place instead of on
slices; the normalization map is stored sparsely. Each is compared, on random
inputs, with the simple way.
"""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import anchor, normalize
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


def test_placeholders_become_opaque_and_plain_text_stays_itself() -> None:
    text = "raw \x02wzxhzdk:12\x03 html"
    assert anchor._opaque(text) == "raw " + "\x00" * len("\x02wzxhzdk:12\x03") + " html"
    assert anchor._opaque(text) == anchor._PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), text)  # the plain way
    plain = "no placeholder \x03 here"
    assert anchor._opaque(plain) is plain
