"""The loader's shortcuts give exactly what its plain converters give.

`_string` returns the usual text value before building any message, and
`_date` looks a text's verdict up in one cached check instead of a regex and a
date per call. Both are compared here, on random values, with the plain way:
every value, every problem (message, place, hint) and whether the file became
unusable.
"""

from __future__ import annotations

import datetime
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.files import load
from annotated_essay.fields import FieldSpec
from annotated_essay.files.yamlnodes import Alias, Map, Scalar, Seq

# Text near the edges of the usual value: blanks, nulls, HTML's forbidden characters, the limits.
TEXTS = st.one_of(
    st.sampled_from(["", " ", "~", "null", "Null", "NULL", "a", " a ", "\x01", "a\x7fb", "\ufdd0", "x" * 10, "x" * 11]),
    st.text(alphabet="ab \x00\x0b\x85\ufffe~é", max_size=14),
)
SPECS = st.sampled_from(
    [
        FieldSpec("text", False, 10, example="k: v"),
        FieldSpec("text", True, 10, example="k: v"),
        FieldSpec("markdown", True, None, example="k: v"),
        FieldSpec("quote", False, 3, example="k: v"),
    ]
)


@st.composite
def values(draw: st.DrawFn) -> Scalar | Seq | Map | Alias:
    """A value node: mostly scalars (plain or not, sometimes flagged), sometimes a collection or an alias."""
    kind = draw(st.sampled_from(["scalar"] * 6 + ["seq", "map", "alias"]))
    if kind == "scalar":
        node: Scalar | Seq | Map | Alias = Scalar(3, 7, draw(TEXTS), draw(st.booleans()))
    elif kind == "seq":
        node = Seq(3, 7)
    elif kind == "map":
        node = Map(3, 7)
    else:
        node = Alias(3, 7)
    node.flagged = kind == "alias" or draw(st.integers(0, 9)) == 0
    return node


def _plain_read(file: load._File, spec: FieldSpec, key: Scalar, value: object) -> dict[str, object]:
    """What `_read_mapping` kept before its shortcut: `_string`'s result, unless missing."""
    result = load._string(file, spec, key, value, "k")  # type: ignore[arg-type]
    if result is load._MISSING:
        file.fatal = file.fatal or spec.required
        return {}
    return {"k": result}


@settings(max_examples=500, deadline=None)
@given(spec=SPECS, value=values(), plain_ascii=st.booleans())
def test_text_values_read_by_a_mapping_are_what_string_gives(spec: FieldSpec, value: object, plain_ascii: bool) -> None:
    if plain_ascii and isinstance(value, Scalar):
        # The file-wide flag is only set when no value can hold a forbidden character.
        plain_ascii = value.value.isascii() and load.NOT_IN_HTML.search(value.value) is None
    key = Scalar(3, 1, "k", True)
    node = Map(3, 1)
    node.pairs.append((key, value))  # type: ignore[arg-type]
    fast = load._File("x.yml", "x", plain_ascii=plain_ascii)
    read = load._read_mapping(fast, node, load._Table({"k": spec}), "")
    plain = load._File("x.yml", "x", plain_ascii=plain_ascii)
    expected = _plain_read(plain, spec, key, value)
    assert read.values == expected
    assert (read.nodes == {"k": value}) == bool(expected)
    assert (fast.problems, fast.fatal) == (plain.problems, plain.fatal)


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _plain_date_check(text: str, partial: bool) -> bool | None:
    """The check `_date` made on every call: the shape, then a real calendar date."""
    match = (_PARTIAL_DATE if partial else _DATE).fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="0123-9 x", max_size=12) | st.dates().map(str), partial=st.booleans())
def test_cached_date_check_is_the_plain_check(text: str, partial: bool) -> None:
    assert load._date_check(text, partial) == _plain_date_check(text, partial)
    assert load._date_check(text, partial) == _plain_date_check(text, partial)  # and again, from the cache


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="0123-9 x", min_size=1, max_size=14), spec=st.sampled_from(["date", "partial-date"]))
def test_dates_are_checked_as_the_plain_check_says(text: str, spec: str) -> None:
    """`_date` as a whole, long texts (never looked up) included."""
    file = load._File("x.yml", "x")
    value = Scalar(2, 5, text, False)
    result = load._date(file, FieldSpec(spec, True, example="d: 2024"), Scalar(2, 1, "d", True), value, "d")
    real = _plain_date_check(text.strip(), spec == "partial-date")
    assert (result == text.strip()) == bool(real) and bool(file.problems) == (not real)
