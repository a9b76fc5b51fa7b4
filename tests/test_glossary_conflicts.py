"""One file never quietly changes what another means: where two glossary entries'
forms match the same words, both files are told, each naming the other and
saying whose the words are, and no entry loses its words without being told.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import glossary
from annotated_essay.model import AnnotationSet, Location, Term
from annotated_essay.render.source import build_essay

ESSAY = "The Trust elects the board. A trust is a legal body, and the Long-Term Benefit Trust is one."


def term(id_: str, text: str, *aliases: str, case_sensitive: bool = True) -> Term:
    return Term(id=id_, where=Location(f"annotations/glossary/{id_}.yml", 1, 1), term=text, aliases=aliases, definition="d", case_sensitive=case_sensitive)


def words(found: dict[str, list[glossary.Occurrence]], id_: str) -> list[str]:
    return [ESSAY[o.start : o.end] for o in found[id_]]


def test_a_new_entry_ignoring_case_does_not_take_an_existing_entrys_words() -> None:
    """The issue's example: `trust` is there; `a-trust` (sorted first) ignores case."""
    found, problems = glossary.find_terms(ESSAY, [term("trust", "Trust"), term("a-trust", "trust", case_sensitive=False)])
    assert words(found, "trust") == ["Trust", "Trust"]
    assert words(found, "a-trust") == ["trust"]
    assert [p.message for p in problems["a-trust"]] == ["the form 'trust' matches the words of 'Trust', a form of 'trust' (annotations/glossary/trust.yml): they are marked for 'trust'"]
    assert [str(p.where) for p in problems["trust"]] == ["annotations/glossary/trust.yml:1:1"]
    assert "'a-trust' (annotations/glossary/a-trust.yml)" in problems["trust"][0].message


def test_an_alias_never_takes_another_entrys_own_name() -> None:
    found, problems = glossary.find_terms(ESSAY, [term("trust", "Trust"), term("a-body", "legal body", "Trust")])
    assert words(found, "trust") == ["Trust", "Trust"] and words(found, "a-body") == ["legal body"]
    assert set(problems) == {"trust", "a-body"}


def test_an_entry_that_loses_every_word_is_told_why() -> None:
    """Two entries with the same name: the smaller id keeps it, and the other is listed, naming it."""
    page = build_essay(ESSAY + "\n", "essay.txt", AnnotationSet([term("trust", "Trust"), term("a-trust", "Trust")]))
    assert "a-trust" in page.edition.placed
    ((lost, problems),) = page.edition.unanchored
    assert lost.id == "trust"
    assert [p.message for p in problems] == ["the form 'Trust' matches the words of 'Trust', a form of 'a-trust' (annotations/glossary/a-trust.yml): they are marked for 'a-trust'"]
    assert any("a-trust.yml" in str(p.where) for p in page.edition.problems)


POOL = ["Trust", "trust", "TRUST", "board", "Board", "legal body", "Long-Term Benefit Trust", "Benefit"]


def matches(form: str, case_sensitive: bool) -> list[tuple[int, int]]:
    """Where `form` stands in the essay as whole words: the contract's rule, by regex."""
    pattern = re.compile(r"(?<![^\W_])" + re.escape(form) + r"(?![^\W_])", 0 if case_sensitive else re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(ESSAY)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique=True), st.booleans()), min_size=1, max_size=4))
def test_no_entry_loses_words_to_another_without_being_told(entries: list[tuple[list[str], bool]]) -> None:
    terms = [term(f"t{i}", forms[0], *forms[1:], case_sensitive=sensitive) for i, (forms, sensitive) in enumerate(entries)]
    found, problems = glossary.find_terms(ESSAY, terms)
    kept = {(o.start, o.end): o.term for occs in found.values() for o in occs}
    for t in terms:
        for form in t.forms:
            for start, end in matches(form, t.case_sensitive):
                overlapping = [(span, owner) for span, owner in kept.items() if span[0] < end and start < span[1]]
                assert overlapping, (t.id, form, start)  # something is marked there
                for (s, e), owner in overlapping:
                    if owner != t.id and e - s <= end - start:
                        # Its words went to another entry of the same length: both are told.
                        assert any(f"'{owner}'" in p.message for p in problems.get(t.id, [])), (t.id, owner, problems)
                        assert any(f"'{t.id}'" in p.message for p in problems.get(owner, [])), (owner, t.id, problems)
