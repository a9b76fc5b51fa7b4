"""Property-based tests: whatever a contributor writes, nothing raises, every problem
is located, and nothing that could run or embed reaches the HTML.

Random YAML documents (built from random data, and from valid annotations with
one field replaced by a random value, at every place the field tables name)
go through the loader and then the core pipeline: the essay page (`.txt` and
`.md`) and the claims, glossary and unanchored pages. The tests of random
bytes and text against the loader alone are in test_annotation_files.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay.render.source import build_essay
from annotated_essay.fields import FIELDS, PARTS
from annotated_essay.files.load import load_text
from annotated_essay.model import KINDS, AnnotationSet, Claim, CrossRef, Problem, Quotation, Term, UrlTarget
from annotated_essay.render import pages
from annotated_essay.render.notes import Links
from annotated_essay.html.markdown import http_url, markdown_content, render_markdown
from hostile import scan

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ESSAY = """\
The company was founded in 2021 by people who left another lab.
They believe the safest path is to build the frontier models themselves.
- a first point about the Trust
- a second point, with *stars* and <tags> and & signs
The end of the essay says it all again: the company was founded in 2021.
"""

SOURCE = {"title": "A source", "url": "https://example.org/a", "author": "Someone", "publisher": "A paper", "date": "2024-05", "quote": "an excerpt"}

VALID: dict[str, dict[str, Any]] = {
    "claims": {
        "quote": "founded in 2021",
        "prefix": "The company was",
        "claim": "The company was founded in 2021.",
        "speaker": "the author",
        "verdict": "supported",
        "checked": "2024-05-01",
        "note": "Because *reasons*.",
        "sources": [SOURCE],
        "tags": ["history"],
        "contributors": ["Ada"],
        "updated": "2024-06-01",
    },
    "glossary": {
        "term": "Trust",
        "aliases": ["the Trust"],
        "definition": "A *body*.",
        "case_sensitive": "false",
        "see_also": ["a-claim"],
        "sources": [SOURCE],
    },
    "xrefs": {
        "from": {"quote": "says it all again"},
        "to": {"quote": "the safest path"},
        "relation": "restates",
        "note": "Said *again*.",
    },
    "quotations": {
        "start": {"quote": "They believe"},
        "end": {"quote": "the frontier models"},
        "source": SOURCE,
        "speaker": "the author",
    },
}
"""One valid annotation per kind, anchored in ESSAY."""

OTHER_TARGETS: list[dict[str, Any]] = [{"annotation": "a-claim"}, {"url": "https://example.org/x", "title": "Elsewhere"}]


def field_paths(kind: str) -> list[tuple[Any, ...]]:
    """Every place a value can stand in a file of `kind`, from the field tables."""
    found: list[tuple[Any, ...]] = []
    for key, spec in FIELDS[kind].items():
        if spec.type in ("mapping", "target"):
            found += [(key, part) for name in spec.parts for part in PARTS[name]]
        elif spec.type == "mapping-list":
            found += [(key, 0, part) for part in PARTS[spec.parts[0]]]
        elif spec.type in ("text-list", "id-list"):
            found += [(key, 0)]
        found.append((key,))
    return found


def put(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of `data` with `value` at `path` (missing mappings and lists are made)."""
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(data) if isinstance(data, list) and data else [{}]
        items[0] = put(items[0], rest, value) if rest else value
        return items
    mapping = dict(data) if isinstance(data, dict) else {}
    mapping[head] = put(mapping.get(head), rest, value) if rest else value
    return mapping


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
texts = st.text(max_size=400) | st.sampled_from(["", " ", "~", "null", "no", "on", "2024-02-30", "https://", "javascript:alert(1)", "<script>x</script>", "*a", "&a b"])


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def load(kind: str, data: bytes, id: str = "the-id") -> tuple[Any, list[Problem]]:
    path = f"annotations/{kind}/{id}.yml"
    annotation, problems = load_text(data, path, kind, id)
    for problem in problems:
        assert problem.where.path == path, problem
        assert problem.where.line >= 1 and problem.where.column >= 1, problem
        assert not problem.message.startswith("internal error"), problem
    return annotation, problems


def publish(annotations: list[Any], essay: str = ESSAY, name: str = "essay.txt") -> str:
    """Run the core pipeline and render every page; return all the HTML."""
    loaded = [a for a in annotations if a is not None]
    page = build_essay(essay, name, AnnotationSet(loaded))
    for problem in page.edition.problems:
        assert problem.where.path and problem.where.line >= 1 and problem.where.column >= 1, problem
    edition, links = page.edition, Links()
    by_id = {a.id: a for a in loaded}
    html = [
        page.html,
        pages.claims_page(edition, [a for a in loaded if isinstance(a, Claim)], links).html,
        pages.glossary_page(edition, [a for a in loaded if isinstance(a, Term)], by_id, links).html,
        pages.unanchored_page(edition, links).html,
    ]
    return "\n".join(html)


def assert_inert(html: str) -> None:
    """Nothing in `html` runs code or embeds content (there is no theme here: none at all)."""
    found = scan(html)
    assert not found.scripts and not found.handlers and not found.styles and not found.urls, found
    assert not found.embedding, found.embedding


def others() -> list[Any]:
    """The valid annotations of every kind, loaded (ids distinct from the one under test)."""
    return [load(kind, dump(data), f"a-{kind.rstrip('s')}")[0] for kind, data in VALID.items()]


OTHERS = others()


def test_the_valid_annotations_are_valid_and_anchored() -> None:
    """The baseline the properties mutate: every kind loads cleanly and is placed."""
    assert all(a is not None for a in OTHERS)
    page = build_essay(ESSAY, "essay.txt", AnnotationSet(OTHERS))
    assert page.edition.problems == []
    assert sorted(page.edition.placed) == sorted(a.id for a in OTHERS)


@PROPERTY
@given(kind=st.sampled_from(KINDS), data=st.dictionaries(st.text(max_size=12) | st.sampled_from(sorted({k for t in FIELDS.values() for k in t})), values, max_size=8))
def test_random_documents_never_raise(kind: str, data: dict[str, Any]) -> None:
    annotation, problems = load(kind, dump(data))
    assert annotation is not None or problems
    assert_inert(publish([annotation, *OTHERS]))


@PROPERTY
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_any_value_in_any_field_never_raises(data: st.DataObject, kind: str) -> None:
    path = data.draw(st.sampled_from(field_paths(kind)), label="field")
    value = data.draw(texts | values, label="value")
    annotation, _ = load(kind, dump(put(VALID[kind], path, value)))
    assert_inert(publish([annotation, *OTHERS]))


@PROPERTY
@given(kind=st.sampled_from(KINDS), text=texts, essay_name=st.sampled_from(["essay.txt", "essay.md"]))
def test_the_same_text_in_every_field_never_raises(kind: str, text: str, essay_name: str) -> None:
    data = VALID[kind]
    for path in field_paths(kind):
        data = put(data, path, text)
    annotation, _ = load(kind, dump(data))
    assert_inert(publish([annotation, *OTHERS], name=essay_name))


@PROPERTY
@given(essay=st.text(max_size=600), essay_name=st.sampled_from(["essay.txt", "essay.md"]))
def test_any_essay_text_never_raises(essay: str, essay_name: str) -> None:
    html = publish(OTHERS, essay=essay, name=essay_name)
    if essay_name == "essay.txt":
        assert_inert(html)  # a .txt essay is text, never markup


@PROPERTY
@given(url=st.text(max_size=60) | st.from_regex(r"[a-zA-Z:/&#;.\t \x00-\x1f]{0,30}", fullmatch=True), where=st.sampled_from([("claims", ("sources", 0, "url")), ("xrefs", ("to", "url"))]))
def test_a_url_is_either_safe_or_a_located_problem(url: str, where: tuple[str, tuple[Any, ...]]) -> None:
    """The loader and the renderer agree: a URL kept by the loader is one a link may use."""
    kind, path = where
    data = put(VALID[kind], ("to",), OTHER_TARGETS[1]) if kind == "xrefs" else VALID[kind]
    annotation, problems = load(kind, dump(put(data, path, url)))
    if annotation is None:
        return
    kept = annotation.sources[0].url if isinstance(annotation, Claim) else annotation.to.url
    if kept:
        assert http_url(kept) == kept
    else:
        assert any(".url'" in p.message and p.where.line > 1 for p in problems), problems
    assert_inert(publish([annotation, *OTHERS]))


@PROPERTY
@given(text=texts | st.text(alphabet="[]()<>!:&#;/\\\"'`*_ \n\tjavascripdt=onlickJS", max_size=200))
def test_markdown_fields_never_hold_markup_beyond_the_allowlist(text: str) -> None:
    assert_inert(render_markdown(text))
    assert_inert(markdown_content(text))


def test_the_kinds_are_the_tables_kinds() -> None:
    assert set(VALID) == set(FIELDS) == set(KINDS)
    assert isinstance(OTHERS[2], CrossRef) and isinstance(OTHERS[3], Quotation)
    assert not isinstance(OTHERS[2].to, UrlTarget)


def visible_text(html: str) -> str:
    """The text a reader sees in `html` (references decoded), whitespace collapsed."""
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return " ".join("".join(parts).split())


MARKDOWN_TOKENS = st.lists(
    st.sampled_from(["a", "b", " ", "\n", "\n\n", "&", "&amp;", "&lt;", "&amp;lt;", "&copy;", "&#42;", "\\*", "\\&", "\\\\", "*", "_", "`", "<", ">", "# ", "- ", "[x](https://e.org)"]),
    max_size=40,
).map("".join)


@PROPERTY
@given(source=MARKDOWN_TOKENS)
def test_a_markdown_essay_keeps_its_words(source: str) -> None:
    """Annotating a `.md` essay (nothing to place) shows the reader exactly what Markdown alone shows."""
    page = build_essay(source, "essay.md", AnnotationSet())
    assert visible_text(page.html) == visible_text(markdown.markdown(source))


def test_a_quote_matches_the_text_a_reader_sees() -> None:
    """Backslash escapes and references in a `.md` essay read as their characters."""
    claim = {k: v for k, v in VALID["claims"].items() if k != "prefix"} | {"quote": "*stars* & AT&lt;T"}
    annotation, problems = load("claims", dump(claim))
    page = build_essay("Some \\*stars\\* &amp; AT&amp;lt;T here.\n", "essay.md", AnnotationSet([annotation]))
    assert problems == [] and page.edition.problems == []
    assert "AT&amp;lt;T" in page.html
