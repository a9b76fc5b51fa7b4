"""HTML built as text (markup.py): escaped like the essay's own serializer, never twice."""

from __future__ import annotations

import html
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.html.tree import element, inner_html, parse_fragment, raw, text_of
from annotated_essay.html.markup import VOID, Html, Template, escape_text, h, markup

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


def test_a_template_escapes_each_field_for_where_it_stands() -> None:
    card = Template('<a href="{url}" title="{title}">{text}</a>{extra}{missing}')
    out = card(url='x" onclick="y', title="<b>", text='"quoted" <i>', extra=h("br"), missing=None)
    assert out == '<a href="x&quot; onclick=&quot;y" title="&lt;b&gt;">"quoted" &lt;i&gt;</a><br>'
    parsed = parse_fragment(out)
    assert parsed[0].get("href") == 'x" onclick="y'
    assert text_of(parsed) == '"quoted" <i>'


def test_one_field_in_an_attribute_and_in_text_is_escaped_for_each_place() -> None:
    both = Template('<abbr title="{term}">{term}</abbr> {{braces}}')
    assert both(term='"x" & y') == '<abbr title="&quot;x&quot; &amp; y">"x" &amp; y</abbr> {braces}'


def test_a_template_takes_lists_as_their_items() -> None:
    line = Template('<p data-x="{attr}">{items}</p>')
    assert line(attr=['a"', "b"], items=[h("em", None, "x"), " & ", None, "y"]) == '<p data-x="a&quot;b"><em>x</em> &amp; y</p>'


def test_a_template_with_a_missing_field_fails_loudly() -> None:
    try:
        Template("<p>{text}</p>")()
    except KeyError as error:
        assert "text" in str(error)
    else:
        raise AssertionError("a missing field must not pass silently")


def test_a_raw_element_is_written_as_its_html() -> None:
    holder = element("div", None, element("p", None, "one"))
    note = raw(h("aside", {"class": "n"}, "a & b"))
    note.tail = "\n<tail>"
    holder.append(note)
    assert inner_html(holder) == '<p>one</p><aside class="n">a &amp; b</aside>\n&lt;tail&gt;'
