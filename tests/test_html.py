"""HTML: notes and pages written with h(), the essay's tree written and read back,
and contributors' Markdown made safe, with its shortcuts past the converter.

Each shortcut (plain prose, simple paragraphs and lists) is checked against the
converter and sanitizer it skips, on generated fields: they are its oracle.
"""

from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.html.markdown import markdown_content, render_markdown
from annotated_essay.html.markup import VOID, Html, escape_text, h, markup
from annotated_essay.html.prose import plain_text, simple_blocks
from annotated_essay.html.tree import element, fragment, inner_html, parse_fragment, raw, text_of

# --- writing notes and pages with h() ---------------------------------------------

TEXT = st.text(alphabet="ab <>&\"'=é\n", max_size=20)
NAMES = st.sampled_from(["class", "href", "id", "title", "data-x", "checked"])
TAGS = st.sampled_from(["p", "span", "a", "em", "li", "br", "input"])


def _pair(depth: int) -> Any:
    """(markup built with h(), the same element built for the tree) for random content."""
    leaf = TEXT.map(lambda t: (t, t))
    if depth == 0:
        return leaf

    def build(tag: str, attrs: dict[str, str], children: list[tuple[Any, Any]]) -> tuple[Html, Any]:
        children = [] if tag in VOID else children  # a void element has no content to write
        return h(tag, attrs, [c[0] for c in children]), element(tag, attrs, *[c[1] for c in children])

    return leaf | st.builds(build, TAGS, st.dictionaries(NAMES, TEXT, max_size=3), st.lists(_pair(depth - 1), max_size=3))


@settings(max_examples=400, deadline=None)
@given(pair=_pair(3))
def test_h_writes_what_the_tree_writer_writes_and_a_parser_reads_it_back(pair: tuple[Any, Any]) -> None:
    built, tree = pair
    holder = element("div", None, tree)
    assert markup([built]) == inner_html(holder)
    assert _shape(parse_fragment(markup([built]))) == _shape(holder)


def _shape(el: Any) -> tuple[Any, ...]:
    """What a browser would see of an element: tag, attributes, text, children, tail."""
    return (el.tag, dict(el.attrib), el.text or "", [_shape(child) for child in el], el.tail or "")


@given(text=TEXT)
def test_escaped_text_is_what_html_escape_writes_for_text(text: str) -> None:
    assert escape_text(text) == html.escape(text, quote=False)


def test_attributes_are_written_in_sorted_order() -> None:
    assert h("a", {"title": "t", "href": "x", "class": "c"}) == '<a class="c" href="x" title="t"></a>'
    assert h("input", {"type": "checkbox", "checked": "checked"}) == '<input checked type="checkbox">'


def test_plain_text_is_escaped_and_html_is_not() -> None:
    inner = h("em", None, "a < b")
    assert h("p", {"title": 'say "hi" & go'}, inner, " & more") == (
        '<p title="say &quot;hi&quot; &amp; go"><em>a &lt; b</em> &amp; more</p>'
    )


def test_h_takes_lists_as_their_items_and_none_as_nothing() -> None:
    assert h("p", {"data-x": 'a"'}, [h("em", None, "x"), " & ", None, ["y"]]) == '<p data-x="a&quot;"><em>x</em> &amp; y</p>'


def test_a_raw_element_is_written_as_its_html() -> None:
    holder = element("div", None, element("p", None, "one"))
    note = raw(h("aside", {"class": "n"}, "a & b"))
    note.tail = "\n<tail>"
    holder.append(note)
    assert inner_html(holder) == '<p>one</p><aside class="n">a &amp; b</aside>\n&lt;tail&gt;'


# --- writing the essay's tree -------------------------------------------------------

RAW = st.text(alphabet="ab <>&\"'\n;#x\u00a0é", max_size=8) | st.sampled_from(["&amp;", "&lt;b&gt;", "&#10;", "x&quot;"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Element:
    el = Element(draw(st.sampled_from(["div", "p", "mark", "a", "br", "input", "aside"])))
    for name, value in draw(st.dictionaries(st.sampled_from(["class", "href", "title", "checked", "data-x"]), RAW, max_size=3)).items():
        el.set(name, value)
    if el.tag not in VOID:
        el.text = draw(RAW)
        if depth < 3:
            el.extend(draw(st.lists(trees(depth + 1), max_size=3)))
    el.tail = draw(RAW)
    return el


def _holder(tree: Element) -> Element:
    holder = Element("div")
    holder.append(tree)
    return holder


def _canonical(el: Element) -> tuple:
    """A tree's content, attributes in sorted order (the order HTML is written in)."""
    return (el.tag, sorted(el.attrib.items()), el.text or "", el.tail or "", [_canonical(c) for c in el])


def _strings(el: Element) -> list[str]:
    return [s for node in el.iter() for s in (node.text or "", node.tail or "", *node.attrib.values())]


@settings(max_examples=300, deadline=None)
@given(tree=trees())
def test_written_html_parses_back_to_the_same_tree(tree: Element) -> None:
    """The writer keeps every character of text and attributes, however it looks."""
    holder = _holder(tree)
    assert _canonical(parse_fragment(inner_html(holder))) == _canonical(holder)


@settings(max_examples=300, deadline=None)
@given(tree=trees())
def test_written_html_is_what_markdowns_writer_makes_of_it(tree: Element) -> None:
    """The same bytes as Python-Markdown's serializer, which this replaced; they differ
    only where that one leaves an `&` as it is because it looks like a reference."""
    from markdown.serializers import to_html_string

    holder = _holder(tree)
    theirs = to_html_string(holder)
    if not any("&" in text for text in _strings(holder)):
        assert inner_html(holder) == theirs[len("<div>") : -len("</div>")]


# --- Markdown fields: the shortcuts give what the converter gives -------------------

PROSE = st.text(alphabet="ab Z.,;:'\"()-=+*_#>!&<[]`\\\n\t1)\u00a0\u2003é", max_size=40)


def _converted(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["sane_lists"], output_format="html")


@settings(max_examples=400, deadline=None)
@given(text=PROSE)
def test_plain_prose_is_what_the_converter_makes_of_it(text: str) -> None:
    body = plain_text(text)
    if body is not None:  # otherwise the converter runs
        assert f"<p>{body}</p>" == _converted(text)


_SIMPLE_TOKENS = ["word", "Two words", "*em*", "*two words*", "[t](https://e.org/p?q=1#f)", "[two w](http://e.org/)", "end.", "\n\n- ", "\n- ", "\n\n"]
_OTHER_TOKENS = ["[bad](https://e.org/a b)", "[js](javascript:x)", "**b**", "*a (b)*", "x*", "*y", "(", ")", "_", "&", "\u00a0", "-", "1.", "#"]
SIMPLE = st.lists(
    st.tuples(
        st.sampled_from(_SIMPLE_TOKENS) | st.sampled_from(_OTHER_TOKENS),
        st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "  "]),
    ),
    max_size=8,
).map(lambda pairs: "".join(token + sep for token, sep in pairs).strip(" "))


_ITEMS = st.sampled_from(["a", "b c", "*em* d", "[t](https://e.org/)", "", " x", "1. y", "- z", "c  ", "e *f*."])
_PARAGRAPHS = st.sampled_from(["Para one.", "Two *em* words", "x\ny", "- not", "[a](https://e.org) b", "p\n- q"])
BLOCKS = st.lists(
    st.tuples(
        _PARAGRAPHS | st.lists(_ITEMS, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
        st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n"]),
    ),
    min_size=1,
    max_size=4,
).map(lambda pairs: "".join(block + sep for block, sep in pairs))


@settings(max_examples=1500, deadline=None)
@given(text=PROSE | SIMPLE | BLOCKS)
def test_markdown_content_is_the_parsed_sanitized_html(text: str) -> None:
    """Plain prose and simple paragraphs skip the converter, sanitizer and parser, and give the same HTML."""

    assert markdown_content(text) == fragment(render_markdown(text))


@settings(max_examples=500, deadline=None)
@given(text=PROSE | SIMPLE | BLOCKS)
def test_search_reads_the_words_the_page_shows(text: str) -> None:
    from annotated_essay.plugin import search

    assert search._plain(text) == " ".join(text_of(parse_fragment(markdown_content(text))).split())


@pytest.mark.parametrize(
    "text",
    [
        "Some *emphasis* here.",
        "A [link](https://example.org/a?b=1#c), then more.",
        "*Start* and\nnext line [x y](http://e.org/).",
        "Ends *so*",
        "A paragraph.\n\n- first point\n- second *point*",
        "- a list first\n- [and a link](https://e.org/)\n\nThen a paragraph.\n\nAnd another.",
    ],
)
def test_simple_fields_take_the_fast_path(text: str) -> None:
    assert simple_blocks(text) is not None
    assert markdown_content(text) == fragment(render_markdown(text))


# The plain-prose rule as one regular expression: plain_text checks it line by line.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&!#\x00-\x09\x0b-\x1f\x7f]|^[\s=+\-]|^\d+[.)]|\s$", re.MULTILINE)


@settings(max_examples=1000, deadline=None)
@given(text=PROSE | st.text(alphabet="a1.)=+- \n\t\u00a0\u2003\u0663*", max_size=12))
def test_plain_text_checks_the_one_regular_expression(text: str) -> None:
    body = text.rstrip("\n")
    expected = body if body and not _NOT_PLAIN.search(body) else None
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["One plain sentence.", "Two lines\nof prose, (with) 'quotes' and \"more\".\n", "Ends; with: colon 3.14 and 1) inside."],
)
def test_plain_prose_takes_the_fast_path(text: str) -> None:
    assert f"<p>{plain_text(text)}</p>" == _converted(text)


@pytest.mark.parametrize("text", ["1. A list", "- item", "# Heading", "Line  \nbreak", "a\n\nb", "x *y*", "  indented", "\u00a0lead", "Title\n==="])
def test_markdown_goes_through_the_converter(text: str) -> None:
    assert plain_text(text) is None


