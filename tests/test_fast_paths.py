"""The fast paths of the core give exactly what the plain algorithms give.

Each optimized algorithm is compared, on random inputs, with the simple one it
replaced: the alternation of all glossary forms, the quadratic longest-first
choice, the regex that stops at every space in normalization, the HTML
parser for rendered Markdown, and the converter for plain prose.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator
from xml.etree.ElementTree import Element, tostring

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import glossary, normalize
from annotated_essay.html import tree as htmltree
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


def _brute_longest_first(candidates: list[Occurrence]) -> list[Occurrence]:
    chosen: list[Occurrence] = []
    for occ in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start, o.term)):
        if all(occ.end <= c.start or occ.start >= c.end for c in chosen):
            chosen.append(occ)
    return chosen


SPANS = st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from("xyz"))


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(SPANS, max_size=40))
def test_longest_first_matches_the_brute_force_choice(spans: list[tuple[int, int, str]]) -> None:
    candidates = [Occurrence(start, start + length, term) for start, length, term in spans]
    assert glossary._longest_first(candidates) == _brute_longest_first(candidates)


def test_longest_term_wins_in_the_essay_text() -> None:
    from annotated_essay.model import Location, Term

    def term(id_: str, text: str) -> Term:
        return Term(id=id_, where=Location("t.yml", 1, 1), term=text, definition="d")

    text = "The Long-Term Benefit Trust and the Trust."
    found, problems = glossary.find_terms(text, [term("trust", "Trust"), term("ltbt", "Long-Term Benefit Trust")])
    assert problems == []
    assert [(o.start, o.end) for o in found["ltbt"]] == [(4, 27)]
    assert [text[o.start : o.end] for o in found["trust"]] == ["Trust"]
    assert found["trust"][0].start == text.rindex("Trust")


# --- normalization --------------------------------------------------------------

SPECIALS = " \t\n\u00a0\u2003\u3000ab.\u00b4\u0301\u0308\u00e9\u2019\u201c\u2026\u00a8\ufb01\u2014\x01\u1100\u1161"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=SPECIALS, max_size=16))
def test_normalization_with_lone_spaces_on_the_fast_path_is_unchanged(text: str, monkeypatch_special) -> None:
    fast = normalize.normalize_with_map(text)
    with monkeypatch_special(re.compile(r"\s+|[^\x21-\x7e]").finditer):  # stop at every space, as before
        plain = normalize.normalize_with_map(text)
    assert (fast.text, fast.starts, fast.ends) == (plain.text, plain.starts, plain.ends)


@pytest.fixture(scope="module")
def monkeypatch_special():
    from contextlib import contextmanager

    @contextmanager
    def use(finditer: Callable[[str], Iterator[re.Match[str]]]):
        saved = normalize._special_matches
        normalize._special_matches = finditer
        try:
            yield
        finally:
            normalize._special_matches = saved

    return use


# --- rendered HTML into elements ------------------------------------------------------


def _html_parser_tree(html: str) -> Element:
    builder = htmltree._FragmentBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


TEXT = st.text(alphabet="ab <>&\"'\n\t\r;#x", max_size=8).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
) | st.sampled_from(["&quot;", "&#39;", "&nbsp;", "&copy;", "&#10;", "a & b", "x < y"])
ATTRS = st.dictionaries(st.sampled_from(["class", "href", "title", "DATA-X", "id"]), TEXT, max_size=3)


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(["p", "em", "a", "ul", "li", "br", "B", "aside"]))
            attrs = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in draw(ATTRS).items())
            inner = draw(fragments(depth + 1))
            closing = draw(st.sampled_from(["full", "full", "void", "self"]))
            parts.append(f"<{tag}{attrs}>{inner}</{tag}>" if closing == "full" else f"<{tag}{attrs}>" if closing == "void" else f"<{tag}{attrs}/>")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(html=fragments())
def test_xml_fast_path_builds_the_html_parsers_tree(html: str) -> None:
    fast = htmltree._parse_as_xml(html)
    if fast is not None:  # otherwise parse_fragment uses the HTML parser itself
        assert tostring(fast) == tostring(_html_parser_tree(html))
    assert tostring(htmltree.parse_fragment(html)) == tostring(_html_parser_tree(html))


# --- writing elements as HTML ----------------------------------------------------------

RAW = st.text(alphabet="ab <>&\"'\n;#x\u00a0é", max_size=8) | st.sampled_from(["&amp;", "&lt;b&gt;", "&#10;", "x&quot;"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Element:
    el = Element(draw(st.sampled_from(["div", "p", "mark", "a", "br", "input", "aside"])))
    for name, value in draw(st.dictionaries(st.sampled_from(["class", "href", "title", "checked", "data-x"]), RAW, max_size=3)).items():
        el.set(name, value)
    if el.tag not in htmltree.VOID:
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
    assert _canonical(_html_parser_tree(htmltree.inner_html(holder))) == _canonical(holder)


@settings(max_examples=300, deadline=None)
@given(tree=trees())
def test_written_html_is_what_markdowns_writer_makes_of_it(tree: Element) -> None:
    """The same bytes as Python-Markdown's serializer, which this replaced; they differ
    only where that one leaves an `&` as it is because it looks like a reference."""
    from markdown.serializers import to_html_string

    holder = _holder(tree)
    theirs = to_html_string(holder)
    if not any("&" in text for text in _strings(holder)):
        assert htmltree.inner_html(holder) == theirs[len("<div>") : -len("</div>")]


# --- plain prose without the Markdown converter ------------------------------------

PROSE = st.text(alphabet="ab Z.,;:'\"()-=+*_#>!&<[]`\\\n\t1)\u00a0\u2003é", max_size=40)


def _converted(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["sane_lists"], output_format="html")


@settings(max_examples=400, deadline=None)
@given(text=PROSE)
def test_plain_prose_is_what_the_converter_makes_of_it(text: str) -> None:
    from annotated_essay.html.prose import plain_text

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
    from annotated_essay.html.fragments import fragment
    from annotated_essay.html.markdown import markdown_content, render_markdown

    assert markdown_content(text) == fragment(render_markdown(text))


@settings(max_examples=500, deadline=None)
@given(text=PROSE | SIMPLE | BLOCKS)
def test_search_reads_the_words_the_page_shows(text: str) -> None:
    from annotated_essay.plugin import search
    from annotated_essay.html.tree import parse_fragment, text_of
    from annotated_essay.html.markdown import markdown_content

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
    from annotated_essay.html.fragments import fragment
    from annotated_essay.html.markdown import markdown_content, render_markdown
    from annotated_essay.html.prose import simple_blocks

    assert simple_blocks(text) is not None
    assert markdown_content(text) == fragment(render_markdown(text))


# The rule as one regular expression, which plain_text checks faster in parts.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&!#\x00-\x09\x0b-\x1f\x7f]|^[\s=+\-]|^\d+[.)]|\s$", re.MULTILINE)


@settings(max_examples=1000, deadline=None)
@given(text=PROSE | st.text(alphabet="a1.)=+- \n\t\u00a0\u2003\u0663*", max_size=12))
def test_plain_text_checks_the_one_regular_expression(text: str) -> None:
    from annotated_essay.html.prose import plain_text

    body = text.rstrip("\n")
    expected = body if body and not _NOT_PLAIN.search(body) else None
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["One plain sentence.", "Two lines\nof prose, (with) 'quotes' and \"more\".\n", "Ends; with: colon 3.14 and 1) inside."],
)
def test_plain_prose_takes_the_fast_path(text: str) -> None:
    from annotated_essay.html.prose import plain_text

    assert f"<p>{plain_text(text)}</p>" == _converted(text)


@pytest.mark.parametrize("text", ["1. A list", "- item", "# Heading", "Line  \nbreak", "a\n\nb", "x *y*", "  indented", "\u00a0lead", "Title\n==="])
def test_markdown_goes_through_the_converter(text: str) -> None:
    from annotated_essay.html.prose import plain_text

    assert plain_text(text) is None


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
