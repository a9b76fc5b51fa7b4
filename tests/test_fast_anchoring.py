"""The fast paths of anchoring give exactly what the plain scans give.

Quotes are found through an index of the essay's words instead of scanning the
whole text for each; prefixes and suffixes are compared in place instead of on
slices; the normalization map is stored sparsely. Each is compared, on random
inputs, with the simple way.
"""

from __future__ import annotations


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


def test_placeholders_become_opaque_and_plain_text_stays_itself() -> None:
    text = "raw \x02wzxhzdk:12\x03 html"
    assert anchor._opaque(text) == "raw " + "\x00" * len("\x02wzxhzdk:12\x03") + " html"
    assert anchor._opaque(text) == anchor._PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), text)  # the plain way
    plain = "no placeholder \x03 here"
    assert anchor._opaque(plain) is plain
