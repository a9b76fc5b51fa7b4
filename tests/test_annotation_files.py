"""One annotation file: what a valid file gives, and each mistake, located at its line and column.

Every rule has a row (a file, the place of the problem, the words of its
message); the same answers come under libyaml and under PyYAML's own parser.
"""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay.files import yamlnodes
from annotated_essay import fields
from annotated_essay.fields import FIELDS, PARTS, url_problem
from annotated_essay.files.load import load_text
from annotated_essay.model import (
    KINDS,
    AnnotationTarget,
    Claim,
    CrossRef,
    Location,
    Quotation,
    Selector,
    Source,
    Term,
    UrlTarget,
)

FOLDER_OF = {"claim": "claims", "glossary": "glossary", "xref": "xrefs", "quotation": "quotations"}

CLAIM = """\
quote: the exact words
claim: The company was founded in 2021.
speaker: the author
verdict: supported
checked: 2024-05-01
note: Because *reasons*.
sources:
  - title: A source
    url: https://example.org/a
"""

TERM = """\
term: Long-Term Benefit Trust
aliases: [LTBT, the Trust]
definition: A body that elects board members.
case_sensitive: false
see_also: [other-one]
"""

XREF = """\
from:
  quote: as I said
  prefix: "later, "
to:
  quote: the first time
relation: restates
note: See *above*.
"""

QUOTATION = """\
start:
  quote: We believe
end:
  quote: in the end.
source:
  title: A speech
  url: https://example.org/speech
  author: Jared Kaplan
  date: 2023-06
speaker: the host
"""

BASE = {"claims": CLAIM, "glossary": TERM, "xrefs": XREF, "quotations": QUOTATION}


def load(folder: str, text: str | bytes, id: str = "the-id") -> tuple[object, list]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_text(data, f"annotations/{folder}/{id}.yml", folder, id)


def swap(folder: str, old: str, new: str) -> str:
    base = BASE[folder]
    assert old in base, old
    return base.replace(old, new, 1)


@pytest.fixture(params=["CSafeLoader", "SafeLoader"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run under libyaml and under the pure-Python parser: both must give the same answers."""
    if not hasattr(yaml, request.param):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yamlnodes, "LOADER", getattr(yaml, request.param))
    return request.param


# --------------------------------------------------------------------------
# Valid files
# --------------------------------------------------------------------------


def test_valid_claim(loader: str) -> None:
    annotation, problems = load("claims", CLAIM)
    path = "annotations/claims/the-id.yml"
    assert problems == []
    assert annotation == Claim(
        id="the-id",
        where=Location(path, 1, 1),
        selector=Selector("the exact words", where=Location(path, 1, 8)),
        claim="The company was founded in 2021.",
        speaker="the author",
        verdict="supported",
        checked="2024-05-01",
        note="Because *reasons*.",
        sources=(Source("A source", "https://example.org/a"),),
    )


def test_valid_term(loader: str) -> None:
    annotation, problems = load("glossary", TERM)
    path = "annotations/glossary/the-id.yml"
    assert problems == []
    assert annotation == Term(
        id="the-id",
        where=Location(path, 1, 1),
        term="Long-Term Benefit Trust",
        aliases=("LTBT", "the Trust"),
        definition="A body that elects board members.",
        case_sensitive=False,
        see_also=("other-one",),
        see_also_where=(Location(path, 5, 12),),
    )


def test_valid_xref_to_passage(loader: str) -> None:
    annotation, problems = load("xrefs", XREF)
    path = "annotations/xrefs/the-id.yml"
    assert problems == []
    assert annotation == CrossRef(
        id="the-id",
        where=Location(path, 1, 1),
        from_=Selector("as I said", prefix="later,", where=Location(path, 2, 10)),
        to=Selector("the first time", where=Location(path, 5, 10)),
        relation="restates",
        note="See *above*.",
    )


@pytest.mark.parametrize(
    ("to", "target"),
    [
        ("to: {annotation: other}", AnnotationTarget("other", Location("annotations/xrefs/the-id.yml", 4, 18))),
        ("to:\n  url: https://example.org/x?a=1#b\n  title: A page", UrlTarget("https://example.org/x?a=1#b", "A page")),
        ("to: {quote: q, suffix: ' after'}", Selector("q", suffix="after", where=Location("annotations/xrefs/the-id.yml", 4, 13))),
    ],
)
def test_valid_xref_targets(to: str, target: object) -> None:
    annotation, problems = load("xrefs", f"from: {{quote: a}}\nrelation: cites\ntags: [x]\n{to}\n")
    assert problems == []
    assert isinstance(annotation, CrossRef)
    assert annotation.to == target
    assert annotation.note == ""


def test_valid_quotation(loader: str) -> None:
    annotation, problems = load("quotations", QUOTATION)
    path = "annotations/quotations/the-id.yml"
    assert problems == []
    assert annotation == Quotation(
        id="the-id",
        where=Location(path, 1, 1),
        start=Selector("We believe", where=Location(path, 2, 10)),
        end=Selector("in the end.", where=Location(path, 4, 10)),
        source=Source("A speech", "https://example.org/speech", author="Jared Kaplan", date="2023-06"),
        speaker="the host",
    )


def test_common_fields_and_defaults() -> None:
    text = "term: AI\ndefinition: |\n  Artificial\n  intelligence.\ntags: [a, b]\ncontributors:\n  - Ada\nupdated: 2024-02-29\n"
    annotation, problems = load("glossary", text)
    assert problems == []
    assert isinstance(annotation, Term)
    assert (annotation.tags, annotation.contributors, annotation.updated) == (("a", "b"), ("Ada",), "2024-02-29")
    assert annotation.definition == "Artificial\nintelligence."
    assert annotation.case_sensitive is True
    assert annotation.forms == ("AI",)


def test_values_are_text_as_written() -> None:
    """YAML 1.1 would turn these into booleans, numbers and dates: here they stay text."""
    text = CLAIM.replace("the exact words", "123").replace("The company was founded in 2021.", "no")
    text = text.replace("the author", "on") + "tags: [yes, off, 1.5, 2023-01-01, ~x]\n"
    text = text.replace("  - title: A source", "  - title: 0x1F\n    date: 2023")
    annotation, problems = load("claims", text)
    assert problems == []
    assert isinstance(annotation, Claim)
    assert (annotation.selector.quote, annotation.claim, annotation.speaker) == ("123", "no", "on")
    assert annotation.tags == ("yes", "off", "1.5", "2023-01-01", "~x")
    assert annotation.sources[0] == Source("0x1F", "https://example.org/a", date="2023")


@pytest.mark.parametrize("verdict", ["unverified", "opinion"])
def test_claim_without_sources_when_verdict_allows(verdict: str) -> None:
    text = CLAIM.split("sources:")[0].replace("supported", verdict)
    annotation, problems = load("claims", text)
    assert problems == []
    assert isinstance(annotation, Claim) and annotation.sources == ()


def test_byte_order_mark_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + CLAIM.replace("\n", "\r\n").encode()
    annotation, problems = load("claims", data)
    assert problems == []
    assert isinstance(annotation, Claim)
    assert annotation.selector.where == Location("annotations/claims/the-id.yml", 1, 8)
    assert annotation.note == "Because *reasons*."


def test_explicit_document_markers() -> None:
    annotation, problems = load("claims", "# comment\n---\n" + CLAIM + "...\n# trailing\n")
    assert problems == []
    assert isinstance(annotation, Claim) and annotation.selector.where.line == 3


def test_every_kind_has_a_table() -> None:
    assert set(FIELDS) == set(KINDS)
    for table in (*FIELDS.values(), *PARTS.values()):
        for spec in table.values():
            assert spec.example, spec
            assert all(part in PARTS for part in spec.parts)


# --------------------------------------------------------------------------
# One row per rule: (folder, text, line, column, message fragment, still built?)
# --------------------------------------------------------------------------

LONG = "x" * 5001

RULES = [
    # keys
    ("claims", CLAIM + "sorces: []\n", 10, 1, "unknown key 'sorces'", True),
    ("claims", CLAIM + "claim: again\n", 10, 1, "duplicate key 'claim' (first at line 2)", True),
    ("claims", swap("claims", "    url: https://example.org/a", "    url: https://example.org/a\n    title: B"), 10, 5, "duplicate key 'title' (first at line 8)", True),
    ("claims", CLAIM + "? [a, b]\n: c\n", 10, 3, "a key must be plain text, not a list", True),
    ("claims", swap("claims", "claim: The company was founded in 2021.\n", ""), 1, 1, "missing required key 'claim'", False),
    ("claims", swap("claims", "speaker: the author\n", ""), 1, 1, "missing required key 'speaker'", False),
    ("claims", swap("claims", "verdict: supported\n", ""), 1, 1, "missing required key 'verdict'", False),
    ("claims", swap("claims", "checked: 2024-05-01\n", ""), 1, 1, "missing required key 'checked'", False),
    ("claims", swap("claims", "note: Because *reasons*.\n", ""), 1, 1, "missing required key 'note'", False),
    ("claims", "# a comment first\n" + swap("claims", "note: Because *reasons*.\n", ""), 2, 1, "missing required key 'note'", False),
    # types
    ("claims", swap("claims", "claim: The company was founded in 2021.", "claim: [a, b]"), 2, 8, "'claim' must be text, not a list", False),
    ("claims", swap("claims", "claim: The company was founded in 2021.", "claim: {a: b}"), 2, 8, "'claim' must be text, not a mapping", False),
    ("claims", swap("claims", "claim: The company was founded in 2021.", "claim:"), 2, 1, "'claim' has no value", False),
    ("claims", swap("claims", "claim: The company was founded in 2021.", "claim: ~"), 2, 1, "'claim' has no value", False),
    ("claims", swap("claims", "claim: The company was founded in 2021.", 'claim: "  "'), 2, 8, "'claim' is empty", False),
    ("claims", CLAIM + "tags: ai\n", 10, 7, "'tags' must be a list, not text", True),
    ("claims", CLAIM + "tags: [a, {b: c}]\n", 10, 11, "an entry of 'tags' must be text, not a mapping", True),
    ("claims", CLAIM + "contributors:\n  - Ada\n  -\n", 12, 4, "an entry of 'contributors' is empty", True),
    ("claims", CLAIM + "tags: [a, '" + "t" * 301 + "']\n", 10, 11, "an entry of 'tags' is 301 characters long; the limit is 300", True),
    ("glossary", TERM + "aliases: the Trust\n", 6, 1, "duplicate key 'aliases'", True),
    ("glossary", swap("glossary", "aliases: [LTBT, the Trust]", "aliases: LTBT"), 2, 10, "'aliases' must be a list, not text", True),
    ("glossary", swap("glossary", "case_sensitive: false", "case_sensitive: no"), 4, 17, "'case_sensitive' must be true or false, not 'no'", True),
    ("glossary", swap("glossary", "case_sensitive: false", "case_sensitive: on"), 4, 17, "must be true or false, not 'on'", True),
    ("glossary", swap("glossary", "case_sensitive: false", "case_sensitive: 'true'"), 4, 17, "must be true or false, not 'true'", True),
    ("glossary", swap("glossary", "case_sensitive: false", "case_sensitive:"), 4, 1, "must be true or false, not nothing", True),
    ("glossary", swap("glossary", "case_sensitive: false", "case_sensitive: [true]"), 4, 17, "must be true or false, not a list", True),
    # lengths
    ("claims", swap("claims", "The company was founded in 2021.", "c" * 201), 2, 8, "'claim' is 201 characters long; the limit is 200", True),
    ("claims", swap("claims", "speaker: the author", "speaker: " + "s" * 301), 3, 10, "'speaker' is 301 characters long; the limit is 300", True),
    ("claims", swap("claims", "quote: the exact words", "quote: " + "q" * 1001), 1, 8, "'quote' is 1001 characters long; the limit is 1000", True),
    ("claims", swap("claims", "quote: the exact words", "quote: q\nprefix: " + "p" * 1001), 2, 9, "'prefix' is 1001 characters long", True),
    ("claims", swap("claims", "Because *reasons*.", LONG), 6, 7, "'note' is 5001 characters long; the limit is 5000", True),
    ("claims", swap("claims", "title: A source", "title: " + "t" * 301), 8, 12, "'sources.title' is 301 characters long", True),
    ("claims", swap("claims", "url: https://example.org/a", "url: https://e.org/" + "u" * 1990), 9, 10, "'sources.url' is 2004 characters long; the limit is 2000", True),
    ("glossary", swap("glossary", "term: Long-Term Benefit Trust", "term: " + "t" * 301), 1, 7, "'term' is 301 characters long", True),
    ("glossary", swap("glossary", "definition: A body that elects board members.", "definition: " + LONG), 3, 13, "'definition' is 5001 characters long", True),
    ("xrefs", swap("xrefs", "See *above*.", LONG), 7, 7, "'note' is 5001 characters long", True),
    ("quotations", swap("quotations", "speaker: the host", "speaker: " + "s" * 301), 10, 10, "'speaker' is 301 characters long", True),
    # enumerations
    ("claims", swap("claims", "verdict: supported", "verdict: supportd"), 4, 10, "unknown verdict 'supportd'", False),
    ("claims", swap("claims", "verdict: supported", "verdict: [supported]"), 4, 10, "'verdict' must be text, not a list", False),
    ("xrefs", swap("xrefs", "relation: restates", "relation: suports"), 6, 11, "unknown relation 'suports'", False),
    # dates
    ("claims", swap("claims", "checked: 2024-05-01", "checked: 2023-02-30"), 5, 10, "'checked' is not a real date: '2023-02-30'", True),
    ("claims", swap("claims", "checked: 2024-05-01", "checked: 1 May 2024"), 5, 10, "'checked' must be a date written YYYY-MM-DD", True),
    ("claims", swap("claims", "checked: 2024-05-01", "checked: 2024-05"), 5, 10, "must be a date written YYYY-MM-DD", True),
    ("claims", swap("claims", "checked: 2024-05-01", "checked: 2024-5-1"), 5, 10, "must be a date written YYYY-MM-DD", True),
    ("claims", CLAIM + "updated: 2023-13-01\n", 10, 10, "'updated' is not a real date", True),
    ("claims", CLAIM + "updated: yesterday\n", 10, 10, "'updated' must be a date written YYYY-MM-DD", True),
    ("quotations", swap("quotations", "date: 2023-06", "date: 2023-00"), 9, 9, "'source.date' is not a real date", True),
    ("quotations", swap("quotations", "date: 2023-06", "date: 2023/06"), 9, 9, "YYYY, YYYY-MM or YYYY-MM-DD", True),
    ("quotations", swap("quotations", "date: 2023-06", "date: 2023-02-29"), 9, 9, "is not a real date", True),
    # URLs
    ("claims", swap("claims", "https://example.org/a", "javascript:alert(1)"), 9, 10, "'sources.url' must be an http or https URL", True),
    ("claims", swap("claims", "https://example.org/a", "data:text/html,hi"), 9, 10, "must be an http or https URL", True),
    ("claims", swap("claims", "https://example.org/a", "ftp://example.org/a"), 9, 10, "must be an http or https URL", True),
    ("claims", swap("claims", "https://example.org/a", "example.org/a"), 9, 10, "must be an http or https URL", True),
    ("claims", swap("claims", "https://example.org/a", "https:///a"), 9, 10, "has no host name", True),
    ("claims", swap("claims", "https://example.org/a", "'https://exa mple.org/'"), 9, 10, "contains a space or a control character", True),
    ("claims", swap("claims", "https://example.org/a", '"https://example.org/\\ta"'), 9, 10, "contains a space or a control character", True),
    ("claims", swap("claims", "https://example.org/a", "https://example.org:99999/"), 9, 10, "is not a valid URL", True),
    ("xrefs", swap("xrefs", "  quote: the first time", "  url: javascript:x\n  title: T"), 5, 8, "'to.url' must be an http or https URL", True),
    # sources
    ("claims", swap("claims", "sources:\n  - title: A source\n    url: https://example.org/a\n", ""), 1, 1, "'sources' needs at least one entry when 'verdict' is 'supported'", False),
    ("claims", swap("claims", "sources:\n  - title: A source\n    url: https://example.org/a\n", "sources: []\n"), 7, 10, "'sources' needs at least one entry", False),
    ("claims", swap("claims", "  - title: A source\n", "  - author: X\n"), 8, 5, "missing required key 'title' in 'sources'", False),
    ("claims", swap("claims", "    url: https://example.org/a\n", ""), 8, 5, "missing required key 'url' in 'sources'", False),
    ("claims", swap("claims", "    url: https://example.org/a\n", "    url: https://example.org/a\n    auther: X\n"), 10, 5, "unknown key 'auther' in 'sources'", True),
    ("claims", swap("claims", "  - title: A source\n    url: https://example.org/a\n", "  title: A\n  url: https://e.org\n"), 8, 3, "'sources' must be a list, not a mapping", False),
    ("claims", swap("claims", "  - title: A source\n    url: https://example.org/a\n", "  - https://e.org\n"), 8, 5, "an entry of 'sources' must be a mapping, not text", False),
    ("glossary", TERM + "sources: [{title: T}]\n", 6, 11, "missing required key 'url' in 'sources'", False),
    ("quotations", swap("quotations", "  title: A speech\n", ""), 6, 3, "missing required key 'title' in 'source'", False),
    # With a speaker a quotation stands without a source: the misspelt key is still an error.
    ("quotations", swap("quotations", "source:\n", "sources:\n"), 5, 1, "unknown key 'sources'", True),
    ("quotations", swap("quotations", "source:\n", "source: https://example.org\nx:\n"), 5, 9, "'source' must be a mapping, not text", False),
    # selectors
    ("claims", swap("claims", "quote: the exact words\n", ""), 1, 1, "missing required key 'quote'", False),
    ("claims", swap("claims", "quote: the exact words\n", "prefix: before\n"), 1, 1, "missing required key 'quote'", False),
    ("claims", swap("claims", "quote: the exact words", "quote:"), 1, 1, "'quote' has no value", False),
    ("claims", swap("claims", "quote: the exact words", "quote: ''"), 1, 8, "'quote' is empty", False),
    ("claims", swap("claims", "quote: the exact words", "quote: [a]"), 1, 8, "'quote' must be text, not a list", False),
    ("xrefs", swap("xrefs", "  quote: as I said\n", ""), 2, 3, "missing required key 'quote' in 'from'", False),
    ("xrefs", swap("xrefs", "  quote: as I said\n", "  qoute: as I said\n"), 2, 3, "unknown key 'qoute' in 'from'", False),
    ("xrefs", swap("xrefs", 'from:\n  quote: as I said\n  prefix: "later, "\n', "from: as I said\n"), 1, 7, "'from' must be a mapping, not text", False),
    ("quotations", swap("quotations", "  quote: in the end.", "  prefix: in the end."), 4, 3, "missing required key 'quote' in 'end'", False),
    ("quotations", swap("quotations", "start:\n  quote: We believe\n", ""), 1, 1, "missing required key 'start'", False),
    # xref targets
    ("xrefs", swap("xrefs", "  quote: the first time", "  quote: the first time\n  annotation: other"), 5, 3, "'to' mixes annotation, quote", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  url: https://e.org\n  annotation: other"), 5, 3, "'to' mixes annotation, url", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  where: the first time"), 5, 3, "'to' does not say what it points at", False),
    ("xrefs", swap("xrefs", "to:\n  quote: the first time", "to: other-id"), 4, 5, "'to' must be a mapping, not text", False),
    ("xrefs", swap("xrefs", "to:\n  quote: the first time", "to:"), 4, 1, "'to' must be a mapping, not nothing", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  url: https://e.org"), 5, 3, "missing required key 'title' in 'to'", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  title: A page"), 5, 3, "missing required key 'url' in 'to'", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  prefix: just before"), 5, 3, "missing required key 'quote' in 'to'", False),
    ("xrefs", swap("xrefs", "  quote: the first time", "  annotation: the-id"), 5, 15, "the xref points at itself", True),
    ("xrefs", swap("xrefs", "  quote: the first time", "  annotation: Not_An_Id"), 5, 15, "'to.annotation' is not a valid annotation id", True),
    ("glossary", swap("glossary", "see_also: [other-one]", "see_also: [other-one, Bad Id]"), 5, 23, "an entry of 'see_also' is not a valid annotation id: 'Bad Id'", True),
    ("glossary", swap("glossary", "see_also: [other-one]", "see_also: [the-id]"), 5, 12, "'see_also' lists this term's own id", True),
    ("glossary", swap("glossary", "see_also: [other-one]", "see_also: other-one"), 5, 11, "'see_also' must be a list, not text", True),
    # the whole file
    ("claims", "", 1, 1, "the file is empty", False),
    ("claims", "# only a comment\n\n", 1, 1, "the file is empty", False),
    ("claims", "---\n...\n", 1, 1, "the file is empty", False),
    ("claims", "- quote: a\n", 1, 1, "the file must be a mapping of keys to values, not a list", False),
    ("claims", "just some words\n", 1, 1, "the file must be a mapping of keys to values, not text", False),
    ("claims", CLAIM + "---\nclaim: b\n", 10, 1, "more than one YAML document", False),
    ("claims", "quote: a\nclaim: b: c\n", 2, 9, "YAML syntax error: ': ' inside a value", False),
    ("claims", 'quote: a\nclaim: "never closed\nspeaker: x\n', 2, 8, "YAML syntax error: this quote is never closed", False),
    ("claims", "quote: a\nclaim: 'never closed\nspeaker: x\n", 2, 8, "YAML syntax error: this quote is never closed", False),
    ("claims", "quote: a\n  claim: b\n", 2, 8, "YAML syntax error: this line is not lined up", False),
    ("claims", "quote: a\nclaim:\n\t- b\n", 3, 1, "YAML syntax error", False),
    ("claims", "quote: a\nclaim: b\x01\n", 2, 9, "character U+0001 is not allowed in YAML", False),
    ("claims", "quote: a\nclaim: é\x7f\n", 2, 9, "character U+007F is not allowed in YAML", False),
    ("claims", b"quote: a\nclaim: \xff\n", 2, 8, "not valid UTF-8 (byte 0xff)", False),
    ("claims", "quote: a\nclaim: éé".encode() + b"\xc3(", 2, 10, "not valid UTF-8 (byte 0xc3)", False),
    ("claims", b"x" * (64 * 1024 + 1), 1, 1, "the file is 65537 bytes; the limit is 65536", False),
    ("claims", "a: " + "[" * 40 + "]" * 40 + "\n", 1, 35, "nested more than 32 levels deep", False),
    # anchors, aliases, tags
    ("claims", CLAIM + "tags: &t [a]\ncontributors: *t\n", 10, 7, "anchor '&t' is not allowed", True),
    ("claims", CLAIM + "tags: &t [a]\ncontributors: *t\n", 11, 15, "alias '*t' is not allowed", True),
    ("claims", "q: &a x\n" + CLAIM.replace("quote: the exact words", "quote: *a"), 2, 8, "alias '*a' is not allowed", False),
    ("claims", swap("claims", "claim: The", "claim: !!str The"), 2, 8, "tag '!!str' is not allowed", False),
    ("claims", CLAIM + "tags: !!python/object/apply:os.system [echo]\n", 10, 7, "tag '!!python/object/apply:os.system' is not allowed", True),
    ("claims", swap("claims", "quote: the exact words", "quote: !foo the exact words"), 1, 8, "tag '!foo' is not allowed", False),
    ("claims", "--- !!map\n" + CLAIM, 1, 5, "tag '!!map' is not allowed", False),
    ("glossary", TERM + "<<: {term: x}\n", 6, 1, "unknown key '<<'", True),
]


def row_id(row: tuple) -> str:
    """A readable test id: the folder and the message fragment (the texts are long)."""
    return f"{row[0]}: {row[4]}"


@pytest.mark.parametrize(("folder", "text", "line", "column", "fragment", "built"), RULES, ids=[row_id(r) for r in RULES])
def test_rule(loader: str, folder: str, text: str | bytes, line: int, column: int, fragment: str, built: bool) -> None:
    annotation, problems = load(folder, text)
    found = [(p.where.line, p.where.column) for p in problems if fragment in p.message]
    assert found == [(line, column)], "\n".join(map(str, problems))
    assert all(p.where.path == f"annotations/{folder}/the-id.yml" for p in problems)
    assert all(p.hint for p in problems)
    assert (annotation is not None) == built, "\n".join(map(str, problems))


# Every character YAML does not allow, wherever it stands, and the ones it does: the
# loader leaves the search for them to the parser, which refuses them as it reads,
# and searches the text itself only when the parse stopped early. The oracle is the
# search of the whole text, told at the first such character.
_CODE_POINTS = [
    c
    for lo, hi in ((0, 0x3000), (0xD700, 0xD800), (0xE000, 0xE100), (0xFDC0, 0x10100), (0x1FFF0, 0x20010), (0x10FFF0, 0x110000))
    for c in range(lo, hi)
    if chr(c) not in "\n\r\x85\u2028\u2029"  # line breaks change the file's shape: tested apart
]
_PLACES = ["quote: a{}b\n", "quote: 'a{}b'\n", 'quote: "a{}b"\n', "quote: |\n  a{}b\n", "quote: a # {}\n", "- [a, {}]\n"]


def test_a_character_yaml_does_not_allow_is_refused_where_it_stands(loader: str) -> None:
    for code in _CODE_POINTS:
        for place in _PLACES:
            text = place.format(chr(code))
            _, fatal, problems = yamlnodes.parse(text, "f.yml")
            refused = [p for p in problems if "is not allowed in YAML" in p.message]
            bad = yamlnodes._NOT_PRINTABLE.search(text)
            if bad is None:
                assert refused == [], (hex(code), place, problems)
                continue
            line, column = yamlnodes.position(text, bad.start())
            expected = f"character U+{code:04X} is not allowed in YAML"
            assert fatal and [(p.message, p.where.line, p.where.column) for p in problems] == [(expected, line, column)], (hex(code), place)


# In ASCII text only a double-quoted escape can write a character HTML does not allow
# (YAML refuses them written as they are), so the loader looks for them only in
# double-quoted or non-ASCII values. The oracle: what YAML reads, searched whole.
_STYLES = ["claim: a{}b", "claim: 'a{}b'", 'claim: "a{}b"', 'claim: "a{escaped}b"', "claim: |\n  a{}b"]


@pytest.mark.parametrize("code", [*range(0xA0), 0xFDD0, 0xFFFE])
def test_a_character_html_does_not_allow_is_reported_and_removed_however_it_is_written(code: int) -> None:
    for style in _STYLES:
        value = style.format(chr(code), escaped=f"\\u{code:04x}")
        annotation, problems = load("claims", CLAIM.replace("claim: The company was founded in 2021.", value))
        try:
            read = yaml.load(value, Loader=yamlnodes.LOADER)["claim"]
        except yaml.YAMLError:  # written as it is, YAML refuses it (or a quote or break ends the value)
            continue
        reported = [p for p in problems if "contains the control character" in p.message]
        assert len(reported) == (1 if fields.NOT_IN_HTML.search(read) else 0), (hex(code), style, problems)
        assert annotation is not None and not fields.NOT_IN_HTML.search(annotation.claim), (hex(code), style)


@pytest.mark.parametrize(
    ("folder", "text", "fragment", "hint"),
    [
        ("claims", CLAIM + "sorces: []\n", "unknown key 'sorces'", "did you mean 'sources'?"),
        ("claims", CLAIM + "zzzz: 1\n", "unknown key 'zzzz'", "allowed keys: quote, prefix, suffix, claim,"),
        ("claims", CLAIM + "claim: again\n", "duplicate key", "keep one of them"),
        ("claims", CLAIM.replace("verdict: supported", "verdict: partly"), "unknown verdict", "did you mean 'partly-supported'?"),
        ("claims", CLAIM.replace("verdict: supported", "verdict: wrong"), "unknown verdict", "use one of: supported, partly-supported,"),
        ("xrefs", XREF.replace("relation: restates", "relation: responds"), "unknown relation", "did you mean 'responds-to'?"),
        ("claims", CLAIM.replace("claim: The company was founded in 2021.\n", ""), "missing required key 'claim'", "add a line like `claim: "),
        ("glossary", TERM.replace("case_sensitive: false", "case_sensitive: yes"), "true or false", "write true or false"),
        ("claims", CLAIM.replace("https://example.org/a", "example.org"), "http or https", "https://"),
        ("claims", CLAIM.split("sources:")[0], "needs at least one entry", "or set verdict to opinion or unverified"),
        ("claims", "quote: a\nclaim:\n\t- b\n", "YAML syntax error", "indent with spaces"),
        ("claims", "quote: a\nclaim: It's true: it was\n", "': ' inside a value", "put the value in quotes"),
        ("claims", "quote: a\nclaim: 'It''s\n", "this quote is never closed", "end the value with ' (a ' inside single quotes is written twice"),
        ("claims", "quote: a\nclaim: [a, b\n", "the [ ] list that starts at line 2 is not closed", "put any item holding a comma"),
    ],
)
def test_hints(folder: str, text: str, fragment: str, hint: str) -> None:
    _, problems = load(folder, text)
    hints = [p.hint for p in problems if fragment in p.message]
    assert len(hints) == 1 and hint in hints[0], problems


@pytest.mark.parametrize(
    ("id", "fragment", "hint"),
    [
        ("Foo_Bar", "invalid id 'Foo_Bar'", "rename the file to foo-bar.yml"),
        ("a--b", "invalid id 'a--b'", "rename the file to a-b.yml"),
        ("-a", "invalid id '-a'", "rename the file to a.yml"),
        ("___", "invalid id '___'", "lowercase letters"),
        ("a" * 65, "is 65 characters long; the limit is 64", "rename the file to " + "a" * 64 + ".yml"),
    ],
)
def test_bad_ids(id: str, fragment: str, hint: str) -> None:
    annotation, problems = load("claims", CLAIM, id=id)
    assert annotation is None
    [problem] = [p for p in problems if fragment in p.message]
    assert (problem.where.line, problem.where.column) == (1, 1)
    assert hint in problem.hint


def test_longest_id_is_fine() -> None:
    annotation, problems = load("claims", CLAIM, id="a" * 64)
    assert problems == [] and annotation is not None


def test_unknown_kind_folder_in_load_text() -> None:
    annotation, problems = load_text(CLAIM.encode(), "annotations/claim/x.yml", "claim", "x")
    assert annotation is None
    assert [(str(p.where), p.message, p.hint) for p in problems] == [
        ("annotations/claim/x.yml:1:1", "unknown folder 'claim'", "did you mean 'claims'?")
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = CLAIM.replace("verdict: supported", "verdict: bad") + "sorces: []\nclaim: x\nupdated: 2020-02-30\n"
    _, problems = load("claims", text)
    assert [(p.where.line, p.where.column) for p in problems] == [(4, 10), (10, 1), (11, 1), (12, 10)]
    assert problems == sorted(problems, key=lambda p: p.sort_key())


def test_lenient_values_are_safe() -> None:
    """A value that fails its check is reported and left empty: it never reaches a link."""
    text = CLAIM.replace("https://example.org/a", "javascript:alert(1)").replace("2024-05-01", "2024-02-30")
    text += "updated: nope\n"
    annotation, problems = load("claims", text)
    assert isinstance(annotation, Claim) and len(problems) == 3
    assert (annotation.sources[0].url, annotation.checked, annotation.updated) == ("", "", None)


def test_duplicate_key_keeps_the_first() -> None:
    annotation, _ = load("claims", CLAIM + "claim: second\n")
    assert isinstance(annotation, Claim) and annotation.claim == "The company was founded in 2021."


def test_alias_bomb_is_not_expanded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    annotation, problems = load("claims", "\n".join(lines) + "\n")
    assert annotation is None
    assert sum("alias" in p.message for p in problems) == 81
    assert sum("anchor" in p.message for p in problems) == 10


def is_calendar_date(text: str, partial: bool) -> bool:
    """True for YYYY-MM-DD naming a real day (or, when `partial`, YYYY or YYYY-MM naming a real year or month)."""
    for form in [text, text + "-01", text + "-01-01"] if partial else [text]:
        try:
            if datetime.date.fromisoformat(form).isoformat() == form:
                return True
        except ValueError:
            pass
    return False


# Texts near a date: any shape, and the right shape with months and days a little out of range.
DATES = (
    st.text(alphabet="0123-9 x", max_size=14).filter(str.strip)
    | st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))
    | st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13))
)


@settings(max_examples=300, deadline=None)
@given(text=DATES, partial=st.booleans())
def test_a_date_is_kept_only_when_it_names_a_real_day(text: str, partial: bool) -> None:
    """A claim's `checked` is a full date; a source's `date` may leave out the day, or the month and day."""
    if partial:
        annotation, problems = load("quotations", swap("quotations", "date: 2023-06", f"date: '{text}'"))
        kept = annotation.source.date  # type: ignore[union-attr]
    else:
        annotation, problems = load("claims", swap("claims", "checked: 2024-05-01", f"checked: '{text}'"))
        kept = annotation.checked  # type: ignore[union-attr]
    real = is_calendar_date(text.strip(), partial)
    assert kept == (text.strip() if real else ("" if not partial else None))
    assert [p.message.startswith(f"'{'source.date' if partial else 'checked'}'") for p in problems] == ([] if real else [True])


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org", None),
        ("http://localhost:8000/a?b#c", None),
        ("HTTPS://EXAMPLE.ORG/", None),
        ("https://例え.jp/パス", None),
        ("https://[::1]/", None),
        ("https://[::1/", "is not a valid URL"),
        ("mailto:a@b.org", "must be an http or https URL"),
        ("//example.org/a", "must be an http or https URL"),
        ("/relative/path", "must be an http or https URL"),
        ("https://example.org/\u202egpj", "contains a space or a control character"),
        ("https://example.org/\x00", "contains a space or a control character"),
        ("https://exa\u00a0mple.org", "contains a space or a control character"),
        ("http://", "has no host name"),
    ],
)
def test_url_problem(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


# URLs near the plain shape: mostly plain pieces, some a character or two away from it.
URLS = st.builds(
    "{}://{}{}".format,
    st.sampled_from(["https", "https", "http", "HTTP", "ftp"]),
    st.text(alphabet="aZ09.-", min_size=1, max_size=6) | st.text(alphabet="aZ0.-:[]@_ \x00é", max_size=6),
    st.lists(st.sampled_from(["/", "a/b", "%20", "?q=1", "#f", "~_!$;", "[]", "(x)", ":@"] + list(" \"<>{}|\\^`\x00\x7fé\u202e")), max_size=4).map("".join).map("/".__add__),
)


@settings(max_examples=500, deadline=None)
@given(url=URLS)
def test_a_url_of_the_plain_shape_passes_the_full_checks(url: str) -> None:
    """`url_problem` lets the plain shape skip the checks: each would have passed it."""
    assert url_problem(url) == fields._url_problem_in_full(url)


# --------------------------------------------------------------------------
# Nothing raises
# --------------------------------------------------------------------------

YAMLISH = st.text(alphabet=st.sampled_from(list("quoteclaimsrcfv-_:[]{},&*!|>'\"#?% \n\t\\~.01é\x85\u2028")), max_size=120)
FRAGMENTS = st.lists(
    st.sampled_from([*CLAIM.splitlines(), *XREF.splitlines(), *QUOTATION.splitlines(), *TERM.splitlines(), "- x", "? a", "&a", "*a", "!t"]),
    max_size=12,
).map("\n".join)


def check_never_raises(data: bytes, folder: str) -> None:
    annotation, problems = load_text(data, f"annotations/{folder}/x.yml", folder, "x")
    assert annotation is not None or problems
    for problem in problems:
        assert problem.where.path == f"annotations/{folder}/x.yml"
        assert problem.where.line >= 1 and problem.where.column >= 1
        assert problem.message
        assert not problem.message.startswith("internal error"), problem


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=st.binary(max_size=200), folder=st.sampled_from(KINDS))
def test_random_bytes_never_raise(data: bytes, folder: str) -> None:
    check_never_raises(data, folder)


@FAST
@given(text=st.text(max_size=200) | YAMLISH, folder=st.sampled_from(KINDS))
def test_random_text_never_raises(text: str, folder: str) -> None:
    check_never_raises(text.encode("utf-8"), folder)


@FAST
@given(text=FRAGMENTS, folder=st.sampled_from(KINDS))
def test_shuffled_fragments_never_raise(text: str, folder: str) -> None:
    check_never_raises(text.encode("utf-8"), folder)


BROKEN_YAML = [
    'claim: "a',
    "claim: a: b",
    "quote: a\n  claim: b",
    "sources:\n  - title: x\n   url: y",
    "claim: [a, b\nx: y",
    "claim: {a: b\nx: y",
    "claim: @x",
    'claim: "\\d"',
    "claim: x\n\tspeaker: y",
    "a: b\n c\nd: e\n- x",
    "? [a\n: b",
    "- a\nb: c",
    "a: 'b'c",
]


@pytest.mark.parametrize("text", BROKEN_YAML)
def test_yaml_syntax_errors_are_in_plain_words(loader: str, text: str) -> None:
    _, problems = load("claims", text + "\n")
    errors = [p for p in problems if p.message.startswith("YAML syntax error")]
    assert len(errors) == 1, problems
    words = f"{errors[0].message} {errors[0].hint}"
    assert not re.search(r"scalar|stream|token|indicator|mapping values|block (mapping|collection)|while (scanning|parsing)", words), words


@pytest.mark.parametrize("code", range(0x80))
def test_a_url_with_a_space_or_control_character_anywhere_is_refused(code: int) -> None:
    import unicodedata

    url = f"https://example.org/a{chr(code)}b"
    flagged = any(c.isspace() or unicodedata.category(c).startswith("C") for c in url)
    assert (url_problem(url) == "contains a space or a control character") == flagged
