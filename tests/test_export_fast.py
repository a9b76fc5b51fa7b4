"""The export's fast paths write exactly what the plain ways write.

The export writes most of an annotation's JSON as text and encodes the rest
with encoders made once (export.py). Each piece is compared, on random
inputs, with the plain way it stands for: mostly `json.dumps` of the mapping.
test_export.py compares every line of real exports with its own re-encoding.
"""

from __future__ import annotations

import html
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.interop import export
from annotated_essay.model import Claim, Location, Selector, Term

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
DATES = st.one_of(st.none(), st.just(""), st.sampled_from(["2024-01-02", "2025-12-31", "2023-06-30"]))
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=20,
)


def _dumps(value: Any, separators: tuple[str, str] = (", ", ": ")) -> str:
    return json.dumps(value, ensure_ascii=False, separators=separators)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES)
def test_encoders_made_once_write_what_json_dumps_writes(value: Any) -> None:
    assert export._ENCODE(value) == _dumps(value)
    assert export._ENCODE_COMPACT(value) == _dumps(value, (",", ":"))


@settings(max_examples=100, deadline=None)
@given(value=JSON_VALUES)
def test_an_encoder_made_once_can_be_used_again_after_a_failure(value: Any) -> None:
    try:
        export._ENCODE({"bad": object()})
    except TypeError:
        pass
    assert export._ENCODE(value) == _dumps(value)


def _members(mapping: dict[str, Any]) -> str:
    """The members of a mapping as json.dumps writes them, each after ', '."""
    return "".join(", " + _dumps({k: v})[1:-1] for k, v in mapping.items())


@settings(max_examples=300, deadline=None)
@given(updated=DATES, checked=DATES, claim=st.booleans())
def test_dates_member_is_what_the_mapping_encodes_to(updated: str | None, checked: str | None, claim: bool) -> None:
    selector = Selector(quote="q")
    if claim:
        a: Any = Claim(id="c", where=Location("c.yml"), selector=selector, claim="c", speaker="s", verdict="false", checked=checked or "", updated=updated)
    else:
        a = Term(id="t", where=Location("t.yml"), term="t", definition="d", updated=updated)
    dates = [d for d in (a.updated, a.checked if claim else None) if d]
    expected = {"modified": f"{max(dates)}T00:00:00Z"} if dates else {}
    assert export._dates(a) == _members(expected)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(TEXT, max_size=4).map(tuple))
def test_creator_member_is_what_the_mapping_encodes_to(names: tuple[str, ...]) -> None:
    expected = {"creator": [{"type": "Person", "name": n} for n in names]} if names else {}
    assert export._creators(names) == _members(expected)


@settings(max_examples=300, deadline=None)
@given(value=TEXT)
def test_json_string_of_json_text_is_what_the_encoder_writes(value: str) -> None:
    text = _dumps({"v": value, "w": [value]}, (",", ":"))
    assert export._json_string(text) == json.encoder.encode_basestring(text)



@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(["a", "é", "&", "<", ">", '"', "'", " "]), max_size=10))
def test_html_text_is_escaped_as_html_escape_does(value: str) -> None:
    assert export._e(value) == html.escape(value, quote=True)
