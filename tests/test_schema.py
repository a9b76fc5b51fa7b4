"""The editor schemas: generated from the loader's tables, committed, and in agreement with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from annotated_essay.files import schema, yamlnodes
from annotated_essay.fields import FIELDS
from annotated_essay.files.load import load_text
from sitebuild import ROOT
from test_annotation_files import BASE, RULES, row_id

SCHEMAS = schema.folder()
SCHEMA_LINE = "# yaml-language-server: $schema=../../plugins/annotated_essay/schemas/{}.schema.json"

# What a JSON Schema cannot say about a YAML file: the loader alone reports these.
LOADER_ONLY = (
    "duplicate key",  # a parsed mapping has kept one of the two already
    "is not a real date",  # 2023-02-30 has the right shape
    "points at itself",  # needs the file's name
    "lists this term's own id",
    "is not a valid URL",  # a port above 65535
    "is not allowed",  # anchors, aliases, tags: parsed away
    "more than one YAML document",
)


def instance(node: yamlnodes.YamlNode | None) -> Any:
    """A node tree as the loader reads it: every scalar is text as written, a plain true/false a boolean."""
    if isinstance(node, yamlnodes.Map):
        out: dict[str, Any] = {}
        for key, value in node.pairs:
            name = key.value if isinstance(key, yamlnodes.Scalar) else repr(key)  # a list as a key is never allowed
            out.setdefault(name, instance(value))
        return out
    if isinstance(node, yamlnodes.Seq):
        return [instance(item) for item in node.items]
    if isinstance(node, yamlnodes.Scalar):
        if node.is_null:
            return None
        if node.plain and node.value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return node.value.lower() == "true"
        return node.value
    return None  # an alias


def validator(folder: str) -> Draft7Validator:
    return Draft7Validator(schema.kind_schema(folder), format_checker=FormatChecker())


def schema_says_valid(folder: str, text: str | bytes) -> bool | None:
    """True or False, or None when the file is not YAML the schema could see at all."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    root, fatal, _ = yamlnodes.parse(decoded.removeprefix("\ufeff"), "x.yml")
    if fatal:
        return None
    return validator(folder).is_valid(instance(root))


@pytest.mark.parametrize("folder", sorted(FIELDS))
def test_committed_schemas_are_the_generated_ones(folder: str) -> None:
    path = SCHEMAS / f"{folder}.schema.json"
    assert path.read_text(encoding="utf-8") == schema.render(schema.kind_schema(folder)), "run `annotated-essay schema --write`"


@pytest.mark.parametrize("folder", sorted(FIELDS))
def test_schemas_are_valid_json_schema(folder: str) -> None:
    Draft7Validator.check_schema(json.loads((SCHEMAS / f"{folder}.schema.json").read_text(encoding="utf-8")))


def test_schema_check_command_sees_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(schema, "folder", lambda: tmp_path)
    assert schema.main(write=True) == 0
    assert schema.main(check=True) == 0
    (tmp_path / "claims.schema.json").write_text("{}\n", encoding="utf-8")
    assert schema.main(check=True) == 1
    assert "out of date: claims.schema.json" in capsys.readouterr().err


def every_annotation_file() -> list[Path]:
    return sorted((ROOT / "annotations").glob("*/*.yml"))


@pytest.mark.parametrize("path", every_annotation_file(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_annotation_file_names_its_schema_and_passes_it(path: Path) -> None:
    folder = path.parent.name
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE.format(folder)
    assert (path.parent / text.splitlines()[0].split("$schema=")[1]).resolve() == (SCHEMAS / f"{folder}.schema.json").resolve()
    annotation, problems = load_text(text.encode("utf-8"), "x.yml", folder, path.stem)
    assert schema_says_valid(folder, text) is (annotation is not None and not problems)


@pytest.mark.parametrize("folder", sorted(BASE))
def test_valid_fixtures_pass_both(folder: str) -> None:
    annotation, problems = load_text(BASE[folder].encode(), "x.yml", folder, "the-id")
    assert annotation is not None and problems == []
    assert schema_says_valid(folder, BASE[folder]) is True


@pytest.mark.parametrize(
    ("folder", "text"),
    [
        ("claims", BASE["claims"].replace("verdict: supported", "verdict: false")),  # a plain false: the verdict "false"
        ("claims", BASE["claims"].replace("claim: The company was founded in 2021.", "claim: 2021")),
        ("claims", BASE["claims"].replace("verdict: supported", "verdict: opinion").split("sources:")[0]),
        ("glossary", BASE["glossary"].replace("case_sensitive: false", "case_sensitive: True")),
        ("xrefs", BASE["xrefs"].replace("  quote: the first time", "  annotation: other-one")),
        ("xrefs", BASE["xrefs"].replace("  quote: the first time", "  url: https://example.org\n  title: A page")),
        ("quotations", BASE["quotations"].replace("date: 2023-06", "date: 2023")),
    ],
)
def test_more_valid_shapes_pass_both(folder: str, text: str) -> None:
    annotation, problems = load_text(text.encode(), "x.yml", folder, "the-id")
    assert annotation is not None and problems == []
    assert schema_says_valid(folder, text) is True


@pytest.mark.parametrize(("folder", "text", "line", "column", "fragment", "built"), RULES, ids=[row_id(r) for r in RULES])
def test_every_invalid_fixture_fails_both(folder: str, text: str | bytes, line: int, column: int, fragment: str, built: bool) -> None:
    """Each loader rule's fixture: the schema rejects it too, unless a schema cannot express the rule."""
    verdict = schema_says_valid(folder, text)
    if verdict is None or any(rule in fragment for rule in LOADER_ONLY):
        pytest.skip("only the loader can see this")
    assert verdict is False, f"the schema accepts a file the loader rejects: {fragment}"
