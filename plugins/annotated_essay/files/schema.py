"""JSON Schemas for annotation files, generated from the loader's field tables.

Editors with a YAML language server read the schema named on each file's
first line (`# yaml-language-server: $schema=...`) and then complete keys,
list the verdicts and flag mistakes as you type. The schemas are generated
from `fields.FIELDS` and `fields.PARTS`, the tables the loader itself is
driven by, so the two cannot drift apart; a test proves they agree.

    annotated-essay schema --write

Values are described as the loader reads them: every scalar is text as
written, except that a plain `true`/`false` is a boolean (and an editor that
reads `2021` as a number is not wrong either, so text fields accept numbers).
What a schema cannot say (duplicate keys, real calendar dates, ids that name
other files, anchors and tags) only `annotated-essay check` reports.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..fields import FIELDS, ID_PATTERN, MAX_ID_LENGTH, PARTS, FieldSpec
from .check import BOOLS

DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft-07: the dialect every editor's YAML and JSON language servers understand."""

_DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_PARTIAL_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
# No space, and none of the characters the loader refuses raw (fields.URL_FORBIDDEN).
_URL = r'^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@"<>\\^`{|}]*@?[^\s/?#:@"<>\\^`{|}]+(:[0-9]*)?([/?#][^\s"<>\\^`{|}]*)?$'
_NOT_BLANK = r"\S"

_TITLES = {
    "claims": "A claim checked against sources",
    "glossary": "A glossary term",
    "xrefs": "A cross-reference from one passage to another",
    "quotations": "A passage quoted from someone else",
}
_PART_TITLES = {
    "selector": "A passage of the essay: its exact words, and words just before or after to tell it apart",
    "source": "Where it comes from",
    "annotation-target": "Another annotation",
    "url-target": "A page outside the essay",
}


def schemas() -> dict[str, dict[str, Any]]:
    """The schema of each kind, by folder name."""
    return {folder: kind_schema(folder) for folder in FIELDS}


def kind_schema(folder: str) -> dict[str, Any]:
    """The JSON Schema of one kind's files."""
    table = FIELDS[folder]
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": _TITLES.get(folder, folder),
        "description": f"One file of annotations/{folder}/: the file name (without .yml) is the annotation's id.",
        **_object(table),
    }
    if parts := sorted({part for spec in table.values() for part in spec.parts}):
        schema["definitions"] = {part: {"title": _PART_TITLES.get(part, part), **_object(PARTS[part])} for part in parts}
    for name, spec in table.items():
        if spec.required_unless:
            other, exempt = spec.required_unless
            unless = {"required": [other], "properties": {other: {"not": {"enum": list(exempt)}}}}
            schema.setdefault("allOf", []).append({"if": unless, "then": {"required": [name], "properties": {name: {"minItems": 1}}}})
    return schema


def _object(table: dict[str, FieldSpec]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: {**_value(spec), "description": _describe(spec)} for name, spec in table.items()},
        "required": [name for name, spec in table.items() if spec.required],
        "additionalProperties": False,
    }


def _describe(spec: FieldSpec) -> str:
    need = "Required." if spec.required else "Optional."
    if spec.required_unless:
        other, values = spec.required_unless
        need = f"Required, with at least one entry, unless {other} is {' or '.join(values)}."
    what = {"markdown": "Markdown.", "enum": f"One of: {', '.join(spec.choices)}."}.get(spec.type, "")
    limit = f"At most {spec.limit} characters." if spec.limit and spec.type not in ("id", "id-list") else ""
    example = f"Example: `{spec.example}`" if spec.example else ""
    return " ".join(part for part in (need, what, limit, example) if part)


def _text(limit: int | None) -> dict[str, Any]:
    text: dict[str, Any] = {"type": ["string", "number", "boolean"], "pattern": _NOT_BLANK}
    if limit is not None:
        text["maxLength"] = limit
    return text


def _value(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.type
    if kind in ("text", "markdown", "quote"):
        return _text(spec.limit)
    if kind == "enum":
        # A plain `false` is read as text by the loader ("false" is a verdict) and as a boolean by editors.
        return {"enum": [*spec.choices, *(BOOLS[c] for c in spec.choices if c in BOOLS)]}
    if kind == "date":
        return {"type": "string", "pattern": _DATE, "format": "date"}
    if kind == "partial-date":
        return {"anyOf": [{"type": "string", "pattern": _PARTIAL_DATE}, {"type": "integer", "minimum": 0, "maximum": 9999}]}
    if kind == "url":
        return {"type": "string", "pattern": _URL, "maxLength": spec.limit or 2000}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "id":
        return _id()
    if kind == "text-list":
        return {"type": "array", "items": _text(spec.limit)}
    if kind == "id-list":
        return {"type": "array", "items": _id()}
    if kind == "mapping":
        # In draft-07 the siblings of a $ref are ignored: allOf keeps the description.
        return {"allOf": [_ref(spec.parts[0])]}
    if kind == "mapping-list":
        return {"type": "array", "items": _ref(spec.parts[0])}
    if kind == "target":
        return {"oneOf": [_ref(part) for part in spec.parts]}
    raise ValueError(f"no schema for field type {kind!r}")  # a new type in fields.py needs a line here


def _ref(part: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{part}"}


def _id() -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$", "maxLength": MAX_ID_LENGTH}


def render(schema: dict[str, Any]) -> str:
    """The schema as the committed file: stable key order, two-space indent, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def folder() -> Path:
    """Where the schemas live: package data, next to this module."""
    return Path(str(resources.files("annotated_essay") / "schemas"))


def _stale(into: Path) -> dict[Path, str]:
    """The schema files under `into` that are missing or out of date, each with the text it should have."""
    files = {into / f"{name}.schema.json": render(schema) for name, schema in schemas().items()}
    return {path: text for path, text in files.items() if not path.is_file() or path.read_text(encoding="utf-8") != text}


def for_site(annotations: Path, base: Path) -> Path:
    """The folder a site's annotation files name on their schema line, the schemas written there if stale.

    The package's own folder when it lies inside the site (this project's
    repository, installed editable); otherwise `<annotations>/.schemas`, so
    that the line resolves for every install and in every clone of the site.
    """
    own = folder().resolve()
    if own.is_relative_to(base):
        return own
    for path, text in _stale(annotations / ".schemas").items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return annotations / ".schemas"


def main(write: bool = False, check: bool = False) -> int:
    """Print the schemas, write them (`write`), or fail if the written ones are stale (`check`)."""
    stale = _stale(folder()) if check else {}
    for name, schema in schemas().items():
        path, text = folder() / f"{name}.schema.json", render(schema)
        if write and path not in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
        elif not (write or check):
            print(f"// {name}.schema.json\n{text}")
    if stale:
        print(f"out of date: {', '.join(path.name for path in stale)}; run `annotated-essay schema --write`", file=sys.stderr)
    return 1 if stale else 0
