"""The search entries' fast paths give exactly what the plain ways give.

search.py skips the word split of an essay whose lines are already collapsed,
takes a plain field's text without parsing it into blocks (and ASCII prose
without splitting it into words), and escapes only text with something to
escape. Each is compared, on random inputs, with the simple way it stands for.
"""

from __future__ import annotations

import sys
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay import search
from annotated_essay.render.prose import simple_blocks

# Characters that exercise every branch: all kinds of white space, NULs, and what HTML escapes.
SPACES = " \n\t\x00\xa0\u2028\u3000\x1c"
ESSAY = st.text(alphabet=st.sampled_from([*SPACES, "a", "b", "é", "&", "<", ">", "’"]), max_size=40)
FIELD = st.text(alphabet=st.sampled_from([" ", "\n", "\xa0", "\u3000", "\t", "a", "b", "-", "*", "[", "]", "(", ")", "&", "<", "1", ".", "h", ":", "/"]), max_size=30)


def _plain_blocks(raw: str) -> list[str]:
    """The plain way: every line's words, joined by single spaces."""
    return [b for b in (" ".join(line.replace("\x00", "").split()) for line in raw.split("\n")) if b]


def _plain_paragraphs(parts: list[str]) -> str:
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in parts if p)


def test_other_spaces_are_every_separator_of_split_but_space_and_newline() -> None:
    spaces = {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
    assert set(search.OTHER_SPACES) == spaces - {" ", "\n"}
    assert len(search.OTHER_SPACES) == len(set(search.OTHER_SPACES))


@settings(max_examples=500, deadline=None)
@given(raw=ESSAY)
def test_essay_blocks_are_the_lines_words(raw: str) -> None:
    assert search._essay_blocks(raw) == _plain_blocks(raw)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(st.sampled_from(["a", "bé", "&x", "’"]), max_size=4).map(" ".join), max_size=6))
def test_collapsed_essays_take_the_fast_path_and_give_the_same_blocks(lines: list[str]) -> None:
    raw = "\n".join(lines)
    assert search._is_collapsed(raw)
    assert search._essay_blocks(raw) == _plain_blocks(raw)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.one_of(st.just(""), ESSAY), max_size=5))
def test_paragraphs_are_each_part_escaped(parts: list[str]) -> None:
    assert search._paragraphs(parts) == _plain_paragraphs(parts)


@settings(max_examples=300, deadline=None)
@given(value=ESSAY)
def test_text_is_escaped_text(value: str) -> None:
    assert search._text(value) == escape(value, quote=False)


@settings(max_examples=500, deadline=None)
@given(markdown=FIELD)
def test_plain_fields_give_what_their_blocks_give(markdown: str) -> None:
    blocks = simple_blocks(markdown)
    if blocks is not None:
        text = " ".join("".join(words for _, words, _ in spans) for _, parts in blocks for spans in parts)
        assert search._plain(markdown) == " ".join(text.split())
