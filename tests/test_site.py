"""Site builds in tmp_path, asserting the promises of the contract's section 6."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from sitebuild import SEED, BuiltSite

ESSAY_TXT = """\
The first paragraph speaks of RLHF and of a Long-Term Benefit Trust.
The second paragraph has a claim about money: Anthropic plans on raising $5 billion over the next two years.
- a first item about the Trust
- a second item about frontier models
The last paragraph quotes someone at length, and mentions RLHF again.
"""

ESSAY_MD = """\
# A heading with RLHF

The first paragraph speaks of *emphasised words that a claim crosses* and of a
[linked phrase](https://example.org) inside a sentence.

> A quoted paragraph from someone else, about frontier models.

The second paragraph says RLHF *again*, and the claim "raising money" once.
"""

CLAIM = """\
quote: {quote}
claim: A claim.
speaker: the author
verdict: supported
checked: 2026-01-02
note: Because *reasons*.
sources:
  - title: A source
    url: https://example.org/source
"""

TERM = """\
term: {term}
definition: A definition of {term}.
"""

XREF = """\
from:
  quote: {quote}
to:
  quote: {target}
relation: restates
note: Said again.
"""

QUOTATION = """\
start:
  quote: {start}
source:
  title: Someone's book
  url: https://example.org/book
  author: Someone
"""


class Elements(HTMLParser):
    """Every element's tag, attributes and full text, and whether the HTML nests well."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.all: list[dict] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": [], "hidden": dict(attrs).get("aria-hidden") == "true"}
        self.all.append(el)
        if tag not in {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "base", "col", "embed", "track"}:
            self.stack.append(el)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1]["tag"] != tag:
            self.errors.append(f"unexpected </{tag}>")
            while self.stack and self.stack[-1]["tag"] != tag:
                self.stack.pop()
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        skip = False
        for el in self.stack:
            if el["hidden"] or "data-note-for" in el["attrs"]:
                skip = True
            if not skip:
                el["text"].append(data)

    def with_attr(self, name: str, value: str | None = None) -> list[dict]:
        return [e for e in self.all if name in e["attrs"] and (value is None or e["attrs"][name] == value)]


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def essay_body(html: str) -> str:
    start = html.index('<div class="ae-essay"')
    return html[start:]


def highlight_text(doc: Elements, annotation_id: str) -> str:
    return "".join("".join(e["text"]) for e in doc.with_attr("data-annotation", annotation_id))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def txt_site(build_site) -> BuiltSite:
    return build_site(
        ESSAY_TXT,
        {
            "claims/money.yml": CLAIM.format(quote="raising $5 billion over the next two years"),
            "claims/crossing.yml": CLAIM.format(quote="over the next two years. a first item"),
            "glossary/rlhf.yml": TERM.format(term="RLHF"),
            "glossary/ltbt.yml": TERM.format(term="Long-Term Benefit Trust"),
            "glossary/trust.yml": TERM.format(term="Trust"),
            "xrefs/again.yml": XREF.format(quote="mentions RLHF again", target="speaks of RLHF"),
            "quotations/last.yml": QUOTATION.format(start="quotes someone at length"),
        },
    )


def test_txt_site_builds_strict_with_every_annotation(txt_site: BuiltSite) -> None:
    assert not txt_site.aborted, txt_site.warnings
    doc = parse(txt_site.html())
    assert doc.errors == []
    for ident, kind in [("money", "claim"), ("crossing", "claim"), ("rlhf", "glossary"), ("ltbt", "glossary"), ("trust", "glossary"), ("again", "xref"), ("last", "quotation")]:
        highlights = doc.with_attr("data-annotation", ident)
        assert highlights, ident
        assert {h["attrs"]["data-kind"] for h in highlights} == {kind}
        assert len(doc.with_attr("data-note-for", ident)) == 1, ident
        first = [e for e in doc.all if e["attrs"].get("id") == ident]
        assert len(first) == 1 and first[0] is highlights[0], ident


def test_highlight_text_is_exactly_the_quote(txt_site: BuiltSite) -> None:
    doc = parse(txt_site.html())
    assert highlight_text(doc, "money") == "raising $5 billion over the next two years"
    # A quote across a paragraph break, crossing "money", is split where it must be.
    crossing = doc.with_attr("data-annotation", "crossing")
    assert len(crossing) == 3
    assert [("".join(e["text"])) for e in crossing] == ["over the next two years", ".", "a first item"]
    # Longest match first: the Trust inside "Long-Term Benefit Trust" is not the term "Trust".
    assert highlight_text(doc, "ltbt") == "Long-Term Benefit Trust"
    assert highlight_text(doc, "trust") == "Trust"
    assert "the Trust" in norm("".join(e["text"] and "".join(e["text"]) or "" for e in doc.all if e["tag"] == "li"))


def test_every_character_of_the_essay_appears_in_order(txt_site: BuiltSite) -> None:
    doc = parse(essay_body(txt_site.html()))
    visible = norm(" ".join("".join(e["text"]) for e in doc.all if e["tag"] in {"p", "li"} and "class" not in e["attrs"]))
    position = 0
    for line in ESSAY_TXT.splitlines():
        line = norm(line[2:] if line.startswith("- ") else line)
        found = visible.find(line, position)
        assert found >= 0, line
        position = found + len(line)


def test_a_quotation_inside_a_paragraph_marks_only_the_quoted_words(txt_site: BuiltSite) -> None:
    doc = parse(txt_site.html())
    (quote,) = doc.with_attr("data-annotation", "last")
    assert quote["tag"] == "q" and "".join(quote["text"]) == "quotes someone at length"
    assert not [e for e in doc.all if e["tag"] == "blockquote"], "the author's own words are not a block quotation"
    (note,) = doc.with_attr("data-note-for", "last")
    assert note["tag"] == "aside" and "Someone's book" in txt_site.html().split('data-note-for="last"')[1][:600]


def test_a_quotation_of_whole_paragraphs_is_a_block_quotation_with_its_citation(build_site) -> None:
    site = build_site(ESSAY_TXT, {"quotations/whole.yml": QUOTATION.format(start="The second paragraph") + "end:\n  quote: the next two years.\n"})
    doc = parse(site.html())
    (quote,) = doc.with_attr("data-annotation", "whole")
    assert quote["tag"] == "blockquote"
    assert norm("".join(quote["text"])) == norm(ESSAY_TXT.splitlines()[1])
    (note,) = doc.with_attr("data-note-for", "whole")
    assert note["tag"] == "figcaption" and "Someone's book" in site.html().split('data-note-for="whole"')[1][:600]


def test_words_with_a_speaker_and_no_source_are_credited_to_the_speaker(build_site) -> None:
    """A reader's reply kept in the essay file: a block quotation credited to who speaks, with no source."""
    reply = "start:\n  quote: The first paragraph\nend:\n  quote: a Long-Term Benefit Trust.\nspeaker: A reader replying to the essay\n"
    site = build_site(ESSAY_TXT, {"quotations/reply.yml": reply})
    assert not site.aborted, site.warnings
    doc = parse(site.html())
    (quote,) = doc.with_attr("data-annotation", "reply")
    assert quote["tag"] == "blockquote"
    assert len(doc.with_attr("data-note-for", "reply")) == 1
    caption = site.html().split('data-note-for="reply"')[1].split("</figcaption>")[0]
    assert "A reader replying to the essay" in caption and "<cite" not in caption
    export = json.loads((site.site / "annotations.jsonld").read_text())
    (item,) = [i for i in export["first"]["items"] if i["id"].endswith("#reply")]
    assert "A reader replying to the essay" in item["body"][0]["value"]


def test_a_quotation_with_neither_source_nor_speaker_is_an_error(build_site) -> None:
    site = build_site(ESSAY_TXT, {"quotations/orphan.yml": "start:\n  quote: The first paragraph\n"})
    assert site.aborted
    assert any(w.startswith("annotations/quotations/orphan.yml:1:1:") and "source, or at least a speaker" in w for w in site.warnings)


def test_claims_and_glossary_pages_have_one_entry_each(txt_site: BuiltSite) -> None:
    claims = parse(txt_site.html("claims"))
    glossary = parse(txt_site.html("glossary"))
    for ident in ("money", "crossing"):
        (entry,) = [e for e in claims.all if e["attrs"].get("id") == ident]
        assert any(f"#{ident}" in (e["attrs"].get("href") or "") for e in claims.all)
    for ident in ("rlhf", "ltbt", "trust"):
        (entry,) = [e for e in glossary.all if e["attrs"].get("id") == ident]
    # Both occurrences of RLHF are linked from its glossary entry.
    html = txt_site.html("glossary")
    assert 'href="../#rlhf"' in html and 'href="../#rlhf--2"' in html
    assert not txt_site.exists("unanchored")


def test_search_indexes_each_entry_with_a_deep_link(txt_site: BuiltSite) -> None:
    locations = {d["location"] for d in txt_site.search_index()["docs"]}
    for ident in ("money", "crossing"):
        assert f"claims/#{ident}" in locations
    for ident in ("rlhf", "ltbt", "trust"):
        assert f"glossary/#{ident}" in locations


def test_search_finds_the_essay_text_once_and_notes_in_their_entries(txt_site: BuiltSite) -> None:
    docs = txt_site.search_index()["docs"]
    essay = [d for d in docs if d["location"] == ""]
    assert len(essay) == 1
    assert "raising $5 billion over the next two years" in essay[0]["text"]
    # A note's text belongs to its own entry, not to the essay's.
    everywhere = " ".join(d["text"] for d in docs)
    assert everywhere.count("A definition of RLHF.") == 1
    (money,) = [d for d in docs if d["location"] == "claims/#money"]
    assert money["title"] == "A claim." and "Because reasons." in money["text"]


def test_md_essay_anchors_across_inline_markup(build_site) -> None:
    site = build_site(
        ESSAY_MD,
        {
            "claims/crosses.yml": CLAIM.format(quote="speaks of emphasised words that a claim"),
            "claims/link.yml": CLAIM.format(quote="a linked phrase inside"),
            "glossary/rlhf.yml": TERM.format(term="RLHF"),
            "quotations/quoted.yml": QUOTATION.format(start="A quoted paragraph") + "end:\n  quote: about frontier models.\n",
        },
        essay_name="essay.md",
        options={"glossary_marks": "all"},
    )
    assert not site.aborted, site.warnings
    doc = parse(site.html())
    assert doc.errors == []
    assert highlight_text(doc, "crosses") == "speaks of emphasised words that a claim"
    assert norm(highlight_text(doc, "link")) == "a linked phrase inside"
    assert len([e for e in doc.with_attr("data-annotation", "rlhf") if "id" in e["attrs"]]) == 2
    (quote,) = doc.with_attr("data-annotation", "quoted")
    assert quote["tag"] == "blockquote"
    assert "<em>" in site.html()  # the essay's own markup is kept
    assert len([e for e in doc.all if e["tag"] == "h1"]) == 1, "the essay's own heading is its only title"


def test_bad_file_is_located_and_the_rest_still_published(build_site) -> None:
    annotations = {
        "claims/good.yml": CLAIM.format(quote="raising $5 billion"),
        "claims/missing.yml": CLAIM.format(quote="words that are not in the essay"),
        "claims/broken.yml": "quote: [unclosed\n",
    }
    strict = build_site(ESSAY_TXT, annotations, name="strict")
    assert strict.aborted
    assert any(re.match(r"annotations/claims/missing\.yml:1:8: ", w) for w in strict.warnings), strict.warnings
    assert any(w.startswith("annotations/claims/broken.yml:") for w in strict.warnings), strict.warnings
    loose = build_site(ESSAY_TXT, annotations, strict=False, name="loose")
    assert not loose.aborted
    assert 'data-annotation="good"' in loose.html()
    unanchored = loose.html("unanchored")
    assert 'id="missing"' in unanchored and 'id="broken"' in unanchored
    assert 'id="missing"' in loose.html("claims")
    # The essay page tells the reader, and the nav reaches the page.
    assert 'href="unanchored/"' in loose.html()
    # Search finds each entry of the page, made from the model as the other pages' are: once each.
    docs = [d for d in loose.search_index()["docs"] if d["location"].startswith("unanchored/")]
    assert sorted(d["location"] for d in docs) == ["unanchored/", "unanchored/#broken", "unanchored/#missing"]
    (missing,) = [d for d in docs if d["location"] == "unanchored/#missing"]
    assert missing["title"] == "A claim." and "words that are not in the essay" in missing["text"]
    assert "annotations/claims/missing.yml:1:8: quote not found" in missing["text"]


def test_text_that_looks_like_a_character_reference_is_shown_as_written(build_site) -> None:
    """A `.txt` essay and plain fields are text: `&amp;` in them reads `&amp;`, not `&`."""
    essay = "Shares of AT&amp;T and &lt;b&gt; tags, written out.\n"
    claim = CLAIM.format(quote="AT&amp;T").replace("claim: A claim.", "claim: 'AT&amp;T, as written'")
    site = build_site(essay, {"claims/amp.yml": claim})
    assert not site.aborted, site.warnings
    doc = parse(site.html())
    assert highlight_text(doc, "amp") == "AT&amp;T"
    assert "Shares of AT&amp;T and &lt;b&gt; tags" in norm(" ".join("".join(e["text"]) for e in doc.all if e["tag"] == "p"))
    claims = parse(site.html("claims"))
    assert [("".join(e["text"])) for e in claims.all if e["tag"] == "h3"] == ["AT&amp;T, as written"]


HOOK = """\
import json, pathlib

def on_page_context(context, page, config, nav):
    seen = pathlib.Path(config.config_file_path).parent / "seen.json"
    found = json.loads(seen.read_text()) if seen.exists() else {}
    found[page.file.src_uri] = page.content
    seen.write_text(json.dumps(found))
    return context
"""


def test_other_plugins_see_each_pages_html_when_the_page_context_is_built(build_site, tmp_path) -> None:
    """The plugin holds its pages' HTML back from Material's search for a moment; never from anyone else."""
    (tmp_path / "hook.py").write_text(HOOK, encoding="utf-8")
    site = build_site(ESSAY_TXT, {"claims/money.yml": CLAIM.format(quote="raising $5 billion")}, extra_config={"hooks": [str(tmp_path / "hook.py")]})
    assert not site.aborted, site.warnings
    seen = json.loads((site.root / "seen.json").read_text())
    assert 'data-annotation="money"' in seen["index.md"]
    assert 'id="money"' in seen["claims.md"]
    # And Material's own handler did not strip or lose anything of the page.
    assert 'data-annotation="money"' in site.html()


def test_a_docs_page_at_the_essay_page_is_an_error(build_site) -> None:
    site = build_site(ESSAY_TXT, {}, docs={"index.md": "# Mine\n"})
    assert site.aborted


def test_our_own_site_builds_strict_and_keeps_every_paragraph(caplog: pytest.LogCaptureFixture) -> None:
    from sitebuild import build_at, copy_our_site

    import logging
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, caplog.at_level(logging.INFO, logger="mkdocs"):
        site = build_at(copy_our_site(__import__("pathlib").Path(tmp) / "ours"))
        assert not site.aborted, site.warnings
        # Every page of docs/ is in the nav: none is reported left out.
        assert not [r.getMessage() for r in caplog.records if "not included in the" in r.getMessage()]
        doc = parse(essay_body(site.html()))
        visible = norm(" ".join("".join(e["text"]) for e in doc.all if e["tag"] in {"p", "li"}))
        position = 0
        for line in SEED.read_text(encoding="utf-8").splitlines():
            line = norm(line[2:] if line.startswith("- ") else line)
            found = visible.find(line, position)
            assert found >= 0, line
            position = found + len(line)


def test_links_to_entries_and_highlights_from_other_pages_are_checked_against_them(build_site) -> None:
    """A page linking to `claims.md#<id>` or `index.md#<id>` is fine; a link to an id no page has is reported."""
    annotations = {"claims/money.yml": CLAIM.format(quote="raising $5 billion over the next two years"), "glossary/rlhf.yml": TERM.format(term="RLHF")}
    good = "[a](claims.md#money) [b](glossary.md#rlhf) [c](index.md#money) [d](glossary.md#rlhf--entry)\n"
    strict_anchors = {"validation": {"anchors": "warn"}}
    site = build_site(ESSAY_TXT, annotations, name="good", docs={"links.md": good}, extra_config=strict_anchors)
    assert not site.aborted, site.warnings
    site = build_site(ESSAY_TXT, annotations, name="bad", docs={"links.md": "[a](claims.md#no-such-claim)\n"}, extra_config=strict_anchors)
    assert site.aborted and any("no-such-claim" in w for w in site.warnings)


def test_without_a_title_the_page_and_its_heading_both_take_the_site_name(build_site) -> None:
    site = build_site(ESSAY_TXT, {})
    html = site.html()
    assert re.search(r"<h1[^>]*>Test essay</h1>", html)
    assert re.search(r"<title>Test essay\b", html)


def test_an_essay_that_opens_with_its_title_shows_it_above_its_byline_and_key(build_site) -> None:
    essay = "# On tides\n\nThe Moon pulls the oceans, and RLHF is not a tide.\n"
    site = build_site(essay, {"glossary/rlhf.yml": TERM.format(term="RLHF")}, essay_name="essay.md", options={"author": "A. Writer"})
    assert not site.aborted, site.warnings
    html = site.html()
    header = html[html.index('<header class="ae-first">') : html.index("</header>", html.index('<header class="ae-first">'))]
    assert header.index("On tides</h1>") < header.index("A. Writer") < header.index("Highlighted:")
    assert html.count("<h1") == 1


def test_a_title_with_a_highlight_stays_in_the_essay_where_highlights_show(build_site) -> None:
    site = build_site(ESSAY_MD, {"glossary/rlhf.yml": TERM.format(term="RLHF")}, essay_name="essay.md", options={"glossary_marks": "all"})
    assert not site.aborted, site.warnings
    html = site.html()
    assert html.count("<h1") == 1
    assert html.index('<div class="ae-essay"') < html.index("<h1") < html.index('data-annotation="rlhf"')
