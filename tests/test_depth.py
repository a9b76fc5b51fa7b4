"""Nothing a contributor writes nests deep enough to exhaust Python's stack.

A Markdown field's lists and block quotes nest at most MAX_NESTING levels:
deeper is a located problem from the loader (so `check` and the build agree)
and the field is shown as text. At most MAX_OVERLAP annotations cover the same
words: a further one is a located problem, listed as not anchored. Either way
the page is written, within a small part of the stack.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any, Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay.fields import MAX_NESTING, nesting
from annotated_essay.files.load import load_text
from annotated_essay.html.markdown import markdown_content
from annotated_essay.model import AnnotationSet, Claim, Location, Selector
from annotated_essay.render.edition import MAX_OVERLAP
from annotated_essay.render.source import build_essay

from hostile import DEEP_MARKDOWN

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAMES = 200
"""Stack frames the rendering of one field or one page may use beyond its caller's."""


def within_frames(run: Callable[[], Any], frames: int = FRAMES) -> Any:
    """`run()` with only `frames` frames of stack left (a build calls it from deep inside MkDocs)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        return run()
    finally:
        sys.setrecursionlimit(limit)


def claim_with_note(note: str) -> bytes:
    data = {"quote": "words", "claim": "c", "speaker": "s", "verdict": "opinion", "checked": "2024-01-01", "note": note}
    return yaml.safe_dump(data, allow_unicode=True, width=10_000).encode("utf-8")


containers = st.lists(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "> ", "    ", "\t", " ", "x", "*", "[", "](a)", "\n", "\n\n", "- x\n"]), max_size=1200).map("".join)


@PROPERTY
@given(note=containers.filter(lambda t: t.strip() and len(t) <= 5000))
def test_any_markdown_renders_or_is_a_located_problem(note: str) -> None:
    _, problems = load_text(claim_with_note(note), "annotations/claims/a.yml", "claims", "a")
    deep = [p for p in problems if "levels deep" in p.message]
    assert bool(deep) == (nesting(note.strip()) > MAX_NESTING)
    assert all(p.where.line == 6 for p in deep)
    markdown_content.cache_clear()  # a cached field would not be rendered again
    within_frames(lambda: markdown_content(note.strip()))


@pytest.mark.parametrize("note", DEEP_MARKDOWN)
def test_deep_markdown_is_reported_and_shown_as_text(note: str) -> None:
    annotation, problems = load_text(claim_with_note(note), "annotations/claims/a.yml", "claims", "a")
    assert annotation is not None
    assert [p.message.split(";")[0] for p in problems] == [f"'note' nests lists or block quotes {nesting(note)} levels deep"]
    markdown_content.cache_clear()  # a cached field would not be rendered again
    html = within_frames(lambda: markdown_content(annotation.note))
    assert html.startswith("<p>") and "<li>" not in html


def claim(number: int, quote: str) -> Claim:
    where = Location(f"annotations/claims/c{number:03}.yml", 1, 1)
    return Claim(id=f"c{number:03}", where=where, selector=Selector(quote, where=where), claim="c", speaker="s", verdict="opinion", checked="2024-01-01", note="n")


WORDS = [f"w{i:02}" for i in range(12)]  # no word in another


def depth(html: str) -> int:
    """How deep the elements of `html` nest."""
    deepest = level = 0
    for part in html.split("<")[1:]:
        if part.startswith("/"):
            level -= 1
        elif not part.startswith(("br", "hr", "img", "input", "wbr", "!")):
            level += 1
            deepest = max(deepest, level)
    return deepest


@PROPERTY
@given(spans=st.lists(st.tuples(st.integers(0, 11), st.integers(1, 4)), max_size=3 * MAX_OVERLAP), name=st.sampled_from(["essay.txt", "essay.md"]))
def test_crowded_words_refuse_the_annotations_beyond_the_limit(spans: list[tuple[int, int]], name: str) -> None:
    claims = [claim(i, " ".join(WORDS[start : start + length])) for i, (start, length) in enumerate(spans)]
    page = within_frames(lambda: build_essay(" ".join(WORDS) + "\n", name, AnnotationSet(claims), notes=False), 400)
    refused = {a.id for a, problems in page.edition.unanchored if any("annotations cover these words" in p.message for p in problems)}
    assert set(page.edition.placed) | refused == {c.id for c in claims}
    covering = [sum(1 for c, (s, n) in zip(claims, spans) if c.id in page.edition.placed and s <= w < s + n) for w in range(12)]
    assert max(covering, default=0) <= MAX_OVERLAP
    assert depth(page.html) <= MAX_OVERLAP + 2
    # Refused only where the limit is reached: each has MAX_OVERLAP placed ones on one of its words.
    for c, (s, n) in zip(claims, spans):
        if c.id in refused:
            assert max(covering[s : s + n]) == MAX_OVERLAP


@pytest.mark.parametrize("name", ["essay.txt", "essay.md"])
def test_a_thousand_annotations_on_the_same_words(name: str) -> None:
    claims = [claim(i, "some words") for i in range(1000)]
    page = within_frames(lambda: build_essay("Here are some words to annotate.\n", name, AnnotationSet(claims)), 400)
    assert sorted(page.edition.placed) == [f"c{i:03}" for i in range(MAX_OVERLAP)]
    problems = [p for _, ps in page.edition.unanchored for p in ps]
    assert len(problems) == 1000 - MAX_OVERLAP
    assert str(problems[0]).startswith(f"annotations/claims/c{MAX_OVERLAP:03}.yml:1:1: more than {MAX_OVERLAP} annotations cover these words ('c000', 'c001', 'c002' and 29 more)")

