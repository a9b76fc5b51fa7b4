"""`annotated-essay import` on JSON of any shape: each annotation that cannot be read
is reported with where it is in the file and why, a file that is not W3C
annotations at all is one located message, and the command exits with status 1;
never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay import cli
from annotated_essay.interop import w3c_import
from annotated_essay.interop.w3c_foreign import SHAPE
from annotated_essay.model import AnnotationSet
from annotated_essay.render.source import build_essay

from hostile import FOREIGN, MALFORMED_IMPORTS, nested as hostile_nested

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ESSAY = "The company was founded in 2021 by people who left another lab.\nThey believe the safest path is to build the frontier models themselves.\n"
TEXT_MAP = build_essay(ESSAY, "essay.txt", AnnotationSet()).edition.text_map

OWN_FIELDS = {"quote": "safest path", "claim": "It is safe.", "speaker": "the author", "verdict": "opinion", "checked": "2024-05-01", "note": "A note."}
OWN: dict[str, Any] = {**FOREIGN, "ae:annotation": json.dumps({"kind": "claim", "id": "safe", "fields": OWN_FIELDS})}
VALID = (FOREIGN, OWN)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | st.sampled_from(["https://example.org/x", "founded in 2021", "TextQuoteSelector", "Annotation"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from([*SHAPE, "exact", "selector", "value", "start", "end", "items", "first", "x"]), inner, max_size=4),
    max_leaves=10,
)


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `value` (objects' members and lists' items)."""
    found = [path]
    if isinstance(value, dict):
        found += [p for key, inner in value.items() for p in places(inner, (*path, key))]
    elif isinstance(value, list):
        found += [p for index, inner in enumerate(value) for p in places(inner, (*path, index))]
    return found


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(copy[path[0]], path[1:], new)
    return copy


def assert_planned_or_refused(data: Any) -> None:
    """`plan` maps or reports each annotation, or refuses the file: nothing else."""
    try:
        result = w3c_import.plan(data, TEXT_MAP)
    except w3c_import.ImportFormatError as error:
        assert str(error)
        return
    for planned in result.files:
        assert yaml.safe_load(planned.text)
    assert all(reason.strip() for reason in result.skipped)


@PROPERTY
@given(data=st.data(), which=st.sampled_from(VALID), new=json_values)
def test_any_value_at_any_place_is_mapped_or_reported(data: st.DataObject, which: dict[str, Any], new: Any) -> None:
    path = data.draw(st.sampled_from(places(which)), label="place")
    item = replaced(which, path, new)
    for container in (item, [item], {"type": "AnnotationPage", "items": [item]}, {"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [item]}}):
        assert_planned_or_refused(container)


@PROPERTY
@given(data=json_values)
def test_any_json_is_mapped_reported_or_refused(data: Any) -> None:
    assert_planned_or_refused(data)


@PROPERTY
@given(text=st.text(max_size=200) | json_values.map(json.dumps).map(lambda t: t[: len(t) // 2]))
def test_any_text_is_json_or_a_located_error(text: str) -> None:
    try:
        w3c_import.read_json(text)
    except w3c_import.ImportFormatError as error:
        line, column = map(int, error.at.split(":"))
        assert line >= 1 and column >= 1




@pytest.mark.parametrize("name", MALFORMED_IMPORTS)
def test_each_malformed_input_is_a_message_and_status_1(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, expected = MALFORMED_IMPORTS[name]
    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text(ESSAY, encoding="utf-8")
    config = {"site_name": "T", "plugins": [{"annotated-essay": {"essay": "essay.txt"}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    source = tmp_path / "in.jsonld"
    source.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    status = cli.main(["import", str(source), "-f", str(tmp_path / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"{source}:") and expected in err, err
    assert "Traceback" not in err


def test_json_that_cannot_be_read_is_located() -> None:
    with pytest.raises(w3c_import.ImportFormatError) as caught:
        w3c_import.read_json('{"type": "AnnotationPage",\n  "items": [1, 2,]}')
    assert caught.value.at == "2:18" and str(caught.value).startswith("not JSON")
    with pytest.raises(w3c_import.ImportFormatError) as caught:
        w3c_import.read_json('{"a":\n  ' + "[" * 100)
    assert caught.value.at == "2:66"  # the 64th "[" is at depth 65, in column 66


def test_own_fields_nested_deep_are_not_ours() -> None:
    """Fields no annotation file could hold are read as another tool's annotation."""
    deep = {**OWN, "ae:annotation": json.dumps({"kind": "claim", "id": "safe", "fields": {**OWN_FIELDS, "claim": hostile_nested(900)}})}
    result = w3c_import.plan(deep, TEXT_MAP)
    assert [f.relpath for f in result.files] == ["claims/abc.yml"] and result.skipped == []
