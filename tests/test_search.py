"""The plugin's own search entries (plugin/search.py) say what the pages show.

The plugin indexes its pages from the model instead of having Material parse
their HTML: each entry's text is compared, on random inputs, with what the
plain way (escaping each paragraph, rendering each field into blocks) gives.
"""

from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.plugin import search
from annotated_essay.html.prose import simple_blocks

# Characters that exercise every branch: all kinds of white space, NULs, and what HTML escapes.
SPACES = " \n\t\x00\xa0\u2028\u3000\x1c"
ESSAY = st.text(alphabet=st.sampled_from([*SPACES, "a", "b", "é", "&", "<", ">", "’"]), max_size=40)
FIELD = st.text(alphabet=st.sampled_from([" ", "\n", "\xa0", "\u3000", "\t", "a", "b", "-", "*", "[", "]", "(", ")", "&", "<", "1", ".", "h", ":", "/"]), max_size=30)


def _plain_paragraphs(parts: list[str]) -> str:
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in parts if p)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.one_of(st.just(""), ESSAY), max_size=5))
def test_paragraphs_are_each_part_escaped(parts: list[str]) -> None:
    assert search._entry("", "", parts)["text"] == _plain_paragraphs(parts)


@settings(max_examples=500, deadline=None)
@given(markdown=FIELD)
def test_plain_fields_give_what_their_blocks_give(markdown: str) -> None:
    blocks = simple_blocks(markdown)
    if blocks is not None:
        text = " ".join("".join(words for _, words, _ in spans) for _, parts in blocks for spans in parts)
        assert search._plain(markdown) == " ".join(text.split())
