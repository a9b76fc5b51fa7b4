"""Annotation files -> the annotation model, with a located problem for every mistake.

`load_annotations` walks the annotations folder; `load_text` reads one file.
What each kind may contain is declared once, in the tables `FIELDS` and
`PARTS` (module `..fields`): the checks below are driven by those tables.

Two rules shape the code. Every problem is collected, never raised, so a
contributor sees all of them at once. And every value that reaches the model
is well-formed: a bad date or URL is reported and replaced by its empty
default, so the renderers never have to check again. When a file cannot be
understood at all (a syntax error, a missing required key) no annotation is
built, and `load_annotations` lists the file as `Rejected`.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Union
from urllib.parse import urlsplit

from ..fields import EXTENSION, FIELDS, ID_PATTERN, MAX_FILE_BYTES, MAX_ID_LENGTH, MAX_NESTING, NOT_IN_HTML, PARTS, FieldSpec, id_ok, nesting, url_problem
from ..model import (
    KIND_OF_FOLDER,
    KINDS,
    Annotation,
    AnnotationSet,
    AnnotationTarget,
    Claim,
    CrossRef,
    Location,
    Problem,
    Quotation,
    Rejected,
    Selector,
    Source,
    Term,
    UrlTarget,
)
from .yamlnodes import NULLS, YamlNode, Map, Scalar, Seq, decode, describe, parse

__all__ = [
    "load_annotations",
    "load_text",
]

# The keys that tell the three forms of an xref's `to` apart.
_TARGET_KEYS: dict[str, frozenset[str]] = {
    "selector": frozenset(PARTS["selector"]),
    "annotation-target": frozenset(PARTS["annotation-target"]),
    "url-target": frozenset(PARTS["url-target"]),
}
_TARGET_FORMS = "a passage (quote:), another annotation (annotation: <id>), or a page (url: and title:)"

_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


# --------------------------------------------------------------------------
# Reading one file
# --------------------------------------------------------------------------


class _Missing:
    """No usable value: absent, or reported as wrong."""


_MISSING = _Missing()


@dataclass
class _File:
    """The state of reading one file: where it is and what is wrong with it."""

    path: str
    id: str
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    """Set when something required is missing: no annotation can be built."""
    plain_ascii: bool = False
    """True for ASCII text without escapes: no value can then hold a character HTML forbids."""

    def report(self, where: YamlNode | Location, message: str, hint: str = "", *, fatal: bool = False) -> None:
        location = where if isinstance(where, Location) else where.at(self.path)
        self.problems.append(Problem(location, message, hint))
        self.fatal = self.fatal or fatal


class _Read:
    """The checked values of one mapping, with the node each value came from."""

    __slots__ = ("path", "node", "values", "nodes")

    def __init__(self, path: str, node: Map) -> None:
        self.path = path
        self.node = node
        self.values: dict[str, Any] = {}
        # Nodes, not Locations: most locations are never needed, so they are made on demand.
        self.nodes: dict[str, YamlNode] = {}

    @property
    def start(self) -> Location:
        """Where the mapping starts."""
        return self.node.at(self.path)

    def where(self, name: str) -> Location:
        """Where the value of `name` stands; the mapping's start when it has none."""
        value = self.nodes.get(name)
        return self.start if value is None else value.at(self.path)


def load_text(data: bytes, relpath: str, kind_folder: str, id: str) -> tuple[Annotation | None, list[Problem]]:
    """Parse one file's bytes.

    `relpath` is the file's path as problems should show it, `kind_folder`
    the folder it is in (`claims`, `glossary`, `xrefs` or `quotations`) and
    `id` its name without `.yml`. Returns the annotation (None when it cannot
    be understood) and its problems. Never raises.
    """
    try:
        annotation, problems = _load_text(data, relpath, kind_folder, id)
    except Exception as error:  # noqa: BLE001 - a bug here must not stop the build
        message = f"internal error while reading this file: {type(error).__name__}: {error}"
        return None, [Problem(Location(relpath), message, "please report this as a bug")]
    return annotation, sorted(problems, key=Problem.sort_key)


def _load_text(data: bytes, path: str, kind_folder: str, id: str) -> tuple[Annotation | None, list[Problem]]:
    if kind_folder not in FIELDS:
        return None, [_unknown_folder(kind_folder, path)]
    problems = _id_problems(id, path)
    if len(data) > MAX_FILE_BYTES:
        return None, [*problems, _too_big(len(data), path)]
    text, decode_problems = decode(data, path)
    if text is None:
        return None, [*problems, *decode_problems]
    root, fatal, parse_problems = parse(text, path)
    problems += parse_problems
    if fatal:
        return None, problems
    # The parser refused ASCII control characters; only a backslash escape could write one.
    file = _File(path, id, plain_ascii=text.isascii() and "\\" not in text)
    annotation = _build(file, root, kind_folder)
    # An ill-formed id is reported above; the rest of the file is still checked.
    return (annotation if id_ok(id) else None), problems + file.problems


def _build(file: _File, root: YamlNode | None, kind_folder: str) -> Annotation | None:
    """Check the top-level mapping and, if nothing required is missing, build the annotation."""
    table = FIELDS[kind_folder]
    if root is None or (isinstance(root, Scalar) and root.is_null):
        first = next(spec.example for spec in table.values() if spec.required)
        hint = f"write the annotation's keys, starting with `{first}`"
        file.report(Location(file.path), "the file is empty", hint, fatal=True)
        return None
    if not isinstance(root, Map):
        message = f"the file must be a mapping of keys to values, not {describe(root)}"
        file.report(root, message, "write one `key: value` per line", fatal=True)
        return None
    read = _read_mapping(file, root, _FIELD_TABLES[kind_folder], "")
    # A tag or anchor on the whole file was reported by the parser: do not trust it.
    if file.fatal or root.flagged:
        return None
    return _BUILDERS[kind_folder](file, read)


def _id_problems(id: str, path: str) -> list[Problem]:
    if id_ok(id):
        return []
    slug = re.sub(r"[^a-z0-9]+", "-", id.lower()).strip("-")[:MAX_ID_LENGTH].strip("-")
    hint = f"rename the file to {slug}{EXTENSION}" if slug else "name it with lowercase letters, digits and hyphens"
    if len(id) > MAX_ID_LENGTH:
        message = f"the id '{id}' is {len(id)} characters long; the limit is {MAX_ID_LENGTH}"
    else:
        message = f"invalid id '{id}': use lowercase letters a-z, digits and single hyphens between them"
    return [Problem(Location(path), message, hint)]


def _too_big(size: int, path: str) -> Problem:
    return Problem(
        Location(path),
        f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} (64 KiB)",
        "shorten the text: one annotation per file",
    )


def _unknown_folder(folder: str, path: str) -> Problem:
    return Problem(Location(path), f"unknown folder '{folder}'", _nearest(folder, KINDS, "folders"))


def _nearest(word: str, choices: tuple[str, ...] | list[str], what: str) -> str:
    """'did you mean ...?' for a near miss or a shortened word; else the list of choices."""
    close = difflib.get_close_matches(word, choices, n=1)
    # `partly` for `partly-supported`: too short for difflib's ratio, still clear.
    close = close or [choice for choice in choices if word and choice.startswith(word)][:1]
    return f"did you mean '{close[0]}'?" if close else f"{what}: {', '.join(choices)}"


# --------------------------------------------------------------------------
# Checking mappings against the tables
# --------------------------------------------------------------------------


class _Table:
    """A table of field specs, with what checking a mapping against it needs worked out once."""

    __slots__ = ("specs", "checks", "required", "conditional")

    def __init__(self, specs: dict[str, FieldSpec]) -> None:
        self.specs = specs
        self.checks = {name: (spec, _CONVERTERS[spec.type]) for name, spec in specs.items()}
        """Each key's spec and converter."""
        self.required = frozenset(name for name, spec in specs.items() if spec.required)
        self.conditional = tuple((name, spec) for name, spec in specs.items() if spec.required_unless)
        """The keys required unless another key has some value, in table order."""


def _read_mapping(file: _File, node: Map, table: _Table, parent: str) -> _Read:
    """Check every key of `node` against `table`; keep the values that are usable."""
    read = _Read(file.path, node)
    values, nodes, checks = read.values, read.nodes, table.checks
    seen: dict[str, Scalar] = {}
    unknown: list[Scalar] = []
    for key, value in node.pairs:
        # The usual key (new, plain text) is tested inline; _key_problem reports the others.
        if type(key) is not Scalar or key.flagged or key.value in seen:
            _key_problem(file, key, seen)
            continue
        name = key.value
        seen[name] = key
        check = checks.get(name)
        if check is None:
            unknown.append(key)
            continue
        spec, convert = check
        result = convert(file, spec, key, value, f"{parent}.{name}" if parent else name)
        if result is _MISSING:
            file.fatal = file.fatal or spec.required
            continue
        values[name] = result
        nodes[name] = value
    if unknown:
        _report_unknown(file, unknown, table.specs, seen, parent)
    _check_required(file, read, table, seen, parent)
    return read


def _report_unknown(
    file: _File, unknown: list[Scalar], table: dict[str, FieldSpec], seen: dict[str, Scalar], parent: str
) -> None:
    """Report unknown keys; a misspelt required key is one problem, at the misspelling."""
    inside = f" in '{parent}'" if parent else ""
    missing = [name for name, spec in table.items() if spec.required and name not in seen]
    for key in unknown:
        close = difflib.get_close_matches(key.value, missing, n=1)
        if close:
            missing.remove(close[0])
            # Counted as present, so it is not reported again as missing.
            seen[close[0]] = key
            message = f"unknown key '{key.value}'{inside}: the required key '{close[0]}' is missing"
            file.report(key, message, f"rename it to '{close[0]}'", fatal=True)
        else:
            file.report(key, f"unknown key '{key.value}'{inside}", _nearest(key.value, list(table), "allowed keys"))


def _key_problem(file: _File, key: YamlNode, seen: dict[str, Scalar]) -> None:
    """Report a key that is not usable or not new."""
    if key.flagged:
        return  # its anchor, tag or alias is reported already
    if not isinstance(key, Scalar):
        file.report(key, f"a key must be plain text, not {describe(key)}", "write `key: value`")
        return
    first = seen[key.value]
    file.report(key, f"duplicate key '{key.value}' (first at line {first.line})", "keep one of them")


def _check_required(file: _File, read: _Read, table: _Table, seen: dict[str, Scalar], parent: str) -> None:
    if seen.keys() >= table.required:
        # The usual case, nothing missing: only the conditional keys are looked at.
        for name, spec in table.conditional:
            _check_required_unless(file, read, name, spec, name in seen)
        return
    inside = f" in '{parent}'" if parent else ""
    for name, spec in table.specs.items():
        if spec.required and name not in seen:
            message = f"missing required key '{name}'{inside}"
            file.report(read.start, message, f"add a line like `{spec.example}`", fatal=True)
        if spec.required_unless:
            _check_required_unless(file, read, name, spec, name in seen)


def _check_required_unless(file: _File, read: _Read, name: str, spec: FieldSpec, present: bool) -> None:
    other, exempt = spec.required_unless or ("", ())
    decider = read.values.get(other)
    if decider is None or decider in exempt or read.values.get(name):
        return
    if present and name not in read.values:
        file.fatal = True  # there but wrong: reported already
        return
    message = f"'{name}' needs at least one entry when '{other}' is '{decider}'"
    hint = f"add `{spec.example}`, or set {other} to {' or '.join(exempt)}"
    file.report(read.where(name), message, hint, fatal=True)


# A converter checks one value: (file, spec, key, value, dotted name) -> value or _MISSING.
# _MISSING means "reported, or already reported"; the caller decides whether that is fatal.
Converter = Callable[[_File, FieldSpec, Scalar, YamlNode, str], Any]


def _is_null(node: YamlNode) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _string(
    file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str, label: str = ""
) -> str | _Missing:
    """Any scalar, as written (never resolved to a bool, number or date), stripped."""
    if value.flagged:
        return _MISSING
    # `Scalar.is_null` inline (as is `isinstance`: Scalar has no subclasses): most values are text.
    if type(value) is Scalar and not (value.plain and value.value in NULLS):
        text = value.value.strip()
        # The usual value, with nothing to report: no label or message is built.
        clean = file.plain_ascii or NOT_IN_HTML.search(text) is None
        if text and clean and (spec.limit is None or len(text) <= spec.limit):
            return text
    return _reported_string(file, spec, key, value, label or f"'{name}'")


def _reported_string(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, label: str) -> str | _Missing:
    """`_string` for a value that may need a report."""
    if not isinstance(value, Scalar):
        file.report(value, f"{label} must be text, not {describe(value)}", f"write it like `{spec.example}`")
        return _MISSING
    if value.is_null:
        file.report(key, f"{label} has no value", f"write it like `{spec.example}`")
        return _MISSING
    text = value.value.strip()
    hidden = None if file.plain_ascii else NOT_IN_HTML.search(text)
    if hidden:
        # Only an escape in quotes can write one; HTML forbids them, so they go.
        message = f"{label} contains the control character U+{ord(hidden.group()):04X}, which HTML does not allow"
        file.report(value, message, "remove the escape sequence")
        text = NOT_IN_HTML.sub("", text).strip()
    if not text:
        file.report(value, f"{label} is empty", f"write it like `{spec.example}`")
        return _MISSING
    if spec.limit is not None and len(text) > spec.limit:
        file.report(value, f"{label} is {len(text)} characters long; the limit is {spec.limit}", "shorten it")
    return text


def _markdown(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    text = _string(file, spec, key, value, name)
    # Each level takes two characters at least (a marker and a space): most notes are too short to look at.
    depth = nesting(text) if isinstance(text, str) and len(text) > 2 * MAX_NESTING else 0
    if depth > MAX_NESTING:
        message = f"'{name}' nests lists or block quotes {depth} levels deep; the limit is {MAX_NESTING}: it is shown as plain text"
        file.report(value, message, "nest fewer lists or quotes inside each other")
    return text


def _enum(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing) or text in spec.choices:
        return text
    file.report(value, f"unknown {key.value} '{text}'", _nearest(text, spec.choices, "use one of"))
    return _MISSING


def _date(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """A checked date; a wrong one is reported and left empty (or out, when optional)."""
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing):
        return text
    partial = spec.type == "partial-date"
    # A date is 10 characters at most: a longer text is none, and is kept out of the cache (a file may hold 64 KiB).
    real = _date_check(text, partial) if len(text) <= 10 else None
    if real:
        return text
    if real is None:
        shape = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else "YYYY-MM-DD"
        message = f"'{name}' must be a date written {shape}, not '{text}'"
        file.report(value, message, f"write it like `{spec.example}`")
    else:
        file.report(value, f"'{name}' is not a real date: '{text}'", "check the month and the day")
    return "" if spec.required else _MISSING


@functools.lru_cache(maxsize=4096)  # files repeat the same few hundred dates: each is checked once
def _date_check(text: str, partial: bool) -> bool | None:
    """None when `text` is not written as a date; else whether it is a real one.

    A date is written YYYY-MM-DD, or also YYYY or YYYY-MM when `partial`.
    """
    match = (_PARTIAL_DATE if partial else _DATE).fullmatch(text)
    return None if match is None else _real_date(*match.groups())


def _real_date(year: str, month: str | None, day: str | None) -> bool:
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _url(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """A checked http(s) URL; a wrong one is reported and left empty, so it never becomes a link."""
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing):
        return text
    problem = url_problem(text)
    if problem is None:
        return text
    file.report(value, f"'{name}' {problem}", "write a full address starting with https://")
    return ""


def _bool(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> bool | _Missing:
    if value.flagged:
        return _MISSING
    if isinstance(value, Scalar) and value.plain and value.value in _TRUE | _FALSE:
        return value.value in _TRUE
    if isinstance(value, Scalar) and not value.is_null:
        file.report(value, f"'{name}' must be true or false, not '{value.value}'", "write true or false")
    else:
        where = key if _is_null(value) else value
        file.report(where, f"'{name}' must be true or false, not {describe(value)}", "write true or false")
    return _MISSING


def _id(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """An id as written; an ill-formed one is reported but kept (it will name nothing)."""
    text = _string(file, spec, key, value, name)
    if not isinstance(text, _Missing) and not id_ok(text):
        file.report(value, f"'{name}' is not a valid annotation id: '{text}'", _ID_HINT)
    return text


_ID_HINT = "an id is a file name without .yml: lowercase letters, digits and hyphens"


def _has_shape(
    file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str, shape: type, what: str
) -> bool:
    """True if `value` is a `shape` node; otherwise report it (once) and say False."""
    if value.flagged:
        return False  # its anchor, tag or alias is reported already
    if isinstance(value, shape):
        return True
    where = key if _is_null(value) else value
    file.report(where, f"'{name}' must be {what}, not {describe(value)}", f"write it like `{spec.example}`")
    return False


def _list(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> list[YamlNode] | _Missing:
    if not _has_shape(file, spec, key, value, name, Seq, "a list"):
        return _MISSING
    return value.items  # type: ignore[union-attr]


def _entry(file: _File, spec: FieldSpec, item: YamlNode, name: str) -> str | _Missing:
    """One entry of a list of texts; problems point at the entry."""
    if _is_null(item):
        file.report(item, f"an entry of '{name}' is empty", "remove the empty entry")
        return _MISSING
    return _string(file, spec, item, item, name, label=f"an entry of '{name}'")  # type: ignore[arg-type]


def _text_list(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> tuple[str, ...] | _Missing:
    """Texts; a bad entry is reported and left out."""
    items = _list(file, spec, key, value, name)
    if isinstance(items, _Missing):
        return items
    texts = [_entry(file, spec, item, name) for item in items]
    return tuple(text for text in texts if isinstance(text, str))


def _id_list(
    file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[tuple[str, Location], ...] | _Missing:
    """Ids, each with where it stands; an ill-formed one is reported and left out."""
    items = _list(file, spec, key, value, name)
    if isinstance(items, _Missing):
        return items
    ids: list[tuple[str, Location]] = []
    for item in items:
        text = _entry(file, spec, item, name)
        if isinstance(text, _Missing):
            continue
        if id_ok(text):
            ids.append((text, item.at(file.path)))
        else:
            file.report(item, f"an entry of '{name}' is not a valid annotation id: '{text}'", _ID_HINT)
    return tuple(ids)


def _mapping(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> _Read | _Missing:
    if not _has_shape(file, spec, key, value, name, Map, "a mapping"):
        return _MISSING
    return _read_mapping(file, value, _PART_TABLES[spec.parts[0]], name)  # type: ignore[arg-type]


def _mapping_list(
    file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[_Read, ...] | _Missing:
    """Mappings; a bad entry cannot be left out unnoticed (a source is not optional text), so it is fatal."""
    items = _list(file, spec, key, value, name)
    if isinstance(items, _Missing):
        return items
    reads: list[_Read] = []
    for item in items:
        if item.flagged:
            file.fatal = True  # an alias or a tag: reported already
        elif not isinstance(item, Map):
            message = f"an entry of '{name}' must be a mapping, not {describe(item)}"
            file.report(item, message, f"write it like `{spec.example}`", fatal=True)
        else:
            reads.append(_read_mapping(file, item, _PART_TABLES[spec.parts[0]], name))
    return tuple(reads)


def _target(file: _File, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> tuple[str, _Read] | _Missing:
    """An xref's `to`: exactly one of the forms named in `spec.parts`, told apart by their keys."""
    if value.flagged:
        return _MISSING
    if not isinstance(value, Map):
        where = key if _is_null(value) else value
        file.report(where, f"'{name}' must be a mapping, not {describe(value)}", f"point it at {_TARGET_FORMS}")
        return _MISSING
    keys = {k.value for k, _ in value.pairs if isinstance(k, Scalar)}
    forms = [form for form in spec.parts if keys & _TARGET_KEYS[form]]
    if len(forms) == 1:
        return forms[0], _read_mapping(file, value, _PART_TABLES[forms[0]], name)
    if forms:
        used = sorted(key for form in forms for key in keys & _TARGET_KEYS[form])
        message = f"'{name}' mixes {', '.join(used)}: it can point at one thing only"
    else:
        message = f"'{name}' does not say what it points at"
    file.report(value, message, f"point it at {_TARGET_FORMS}")
    return _MISSING


_CONVERTERS: dict[str, Converter] = {
    "text": _string,
    "markdown": _markdown,
    "quote": _string,
    "enum": _enum,
    "date": _date,
    "partial-date": _date,
    "url": _url,
    "bool": _bool,
    "id": _id,
    "text-list": _text_list,
    "id-list": _id_list,
    "mapping": _mapping,
    "mapping-list": _mapping_list,
    "target": _target,
}

_FIELD_TABLES = {kind: _Table(table) for kind, table in FIELDS.items()}
_PART_TABLES = {part: _Table(table) for part, table in PARTS.items()}


# --------------------------------------------------------------------------
# Building the model from checked values
# --------------------------------------------------------------------------


def _common(file: _File, read: _Read) -> dict[str, Any]:
    values = read.values
    return {
        "id": file.id,
        "where": Location(file.path),
        "tags": values.get("tags", ()),
        "contributors": values.get("contributors", ()),
        "updated": values.get("updated"),
    }


def _selector(read: _Read) -> Selector:
    values = read.values
    return Selector(values["quote"], values.get("prefix", ""), values.get("suffix", ""), read.where("quote"))


def _source(read: _Read) -> Source:
    values = read.values
    get = values.get
    return Source(values["title"], values["url"], get("author"), get("publisher"), get("date"), get("quote"))


def _claim(file: _File, read: _Read) -> Claim:
    values = read.values
    return Claim(
        **_common(file, read),
        selector=_selector(read),
        claim=values["claim"],
        speaker=values["speaker"],
        verdict=values["verdict"],
        checked=values["checked"],
        note=values["note"],
        sources=tuple([_source(source) for source in values.get("sources", ())]),
    )


def _term(file: _File, read: _Read) -> Term:
    values = read.values
    see_also = values.get("see_also", ())
    for other, where in see_also:
        if other == file.id:
            file.report(where, f"'see_also' lists this term's own id '{other}'", "remove it")
    return Term(
        **_common(file, read),
        term=values["term"],
        aliases=values.get("aliases", ()),
        definition=values["definition"],
        case_sensitive=values.get("case_sensitive", True),
        see_also=tuple(other for other, _ in see_also),
        sources=tuple(_source(source) for source in values.get("sources", ())),
        see_also_where=tuple(where for _, where in see_also),
    )


def _xref(file: _File, read: _Read) -> CrossRef:
    values = read.values
    return CrossRef(
        **_common(file, read),
        from_=_selector(values["from"]),
        to=_to(file, *values["to"]),
        relation=values["relation"],
        note=values.get("note", ""),
    )


def _to(file: _File, form: str, read: _Read) -> Union[Selector, AnnotationTarget, UrlTarget]:
    if form == "selector":
        return _selector(read)
    if form == "url-target":
        return UrlTarget(read.values["url"], read.values["title"])
    target = AnnotationTarget(read.values["annotation"], read.where("annotation"))
    if target.annotation == file.id:
        file.report(target.where, f"the xref points at itself ('{file.id}')", "point it at another annotation")
    return target


def _quotation(file: _File, read: _Read) -> Quotation:
    values = read.values
    return Quotation(
        **_common(file, read),
        start=_selector(values["start"]),
        end=_selector(values["end"]) if "end" in values else None,
        source=_source(values["source"]),
        speaker=values.get("speaker"),
    )


_BUILDERS: dict[str, Callable[[_File, _Read], Annotation]] = {
    "claims": _claim,
    "glossary": _term,
    "xrefs": _xref,
    "quotations": _quotation,
}


# --------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------


def load_annotations(folder: Path, base: Path) -> AnnotationSet:
    """Load every file under `folder` (the annotations folder).

    Problem paths are relative to `base` (the folder of mkdocs.yml), POSIX
    style. Files are visited in sorted order so results are deterministic. A
    missing folder gives an empty set and no problem. Dotfiles and `*.md`
    files (READMEs) are ignored.
    """
    result = AnnotationSet()
    if not folder.is_dir():
        return result
    first_of: dict[str, str] = {}  # id -> path of the file that has it
    for parts, path, entry in _files(folder, base):
        _load_file(result, entry, parts, path, first_of)
    known = set(first_of)
    for annotation in result.annotations:
        result.problems += _dangling(annotation, known)
    result.problems.sort(key=Problem.sort_key)
    return result


def _files(folder: Path, base: Path) -> list[tuple[tuple[str, ...], str, os.DirEntry[str]]]:
    """(parts under `folder`, path relative to `base`, directory entry) of every file to look at, sorted."""
    found: list[tuple[tuple[str, ...], str, os.DirEntry[str]]] = []
    prefix = os.path.relpath(folder, base)
    # Strings are joined, not Paths (much cheaper); exact unless relpath has to climb out of `folder`.
    climbs = os.pardir in prefix.split(os.sep)
    lead = "" if prefix == os.curdir else Path(prefix).as_posix() + "/"
    for parts, entry in _walk(os.fspath(folder), ()):
        path = Path(os.path.relpath(entry.path, base)).as_posix() if climbs else lead + "/".join(parts)
        found.append((parts, path, entry))
    return sorted(found, key=lambda item: item[1])


def _walk(directory: str, under: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """What os.walk would list (its links to folders not followed), without dotfiles and *.md files.

    Directory entries, not names: they tell a regular file without a `stat` call.
    """
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except OSError:
        return  # an unreadable folder is skipped, as os.walk skips it
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if not _is_folder(entry):
            if not name.endswith(".md"):
                yield (*under, name), entry
        elif not entry.is_symlink():
            yield from _walk(entry.path, (*under, name))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _load_file(
    result: AnnotationSet, entry: os.DirEntry[str], parts: tuple[str, ...], path: str, first_of: dict[str, str]
) -> None:
    """Load one file into `result`; `first_of` maps each id seen so far to its file."""
    shown = _shown(path)
    if shown != path:
        # Its name cannot be written into a page or a log as it is.
        problem = Problem(Location(shown), "the file name has bytes that are not UTF-8, or control characters", _RENAME)
        _reject(result, Path(shown).stem, KIND_OF_FOLDER.get(_shown(parts[0]), ""), shown, [problem])
        return
    stem = _stem(parts[-1])
    folder = parts[0] if len(parts) > 1 else ""
    kind = KIND_OF_FOLDER.get(folder, folder)
    layout = _layout_problem(parts, path)
    if layout is not None:
        _reject(result, stem, kind, path, [layout])
        return
    problems: list[Problem] = []
    duplicate = stem in first_of
    if duplicate:
        message = f"the id '{stem}' is already used by {first_of[stem]}"
        hint = "rename one of the files: ids are unique across all kinds"
        problems.append(Problem(Location(path), message, hint))
    else:
        first_of[stem] = path
    annotation, more = _load_path(entry, path, folder, stem)
    problems += more
    if annotation is None or duplicate:
        _reject(result, stem, kind, path, problems)
    else:
        result.annotations.append(annotation)
        result.problems += problems


def _load_path(entry: os.DirEntry[str], path: str, folder: str, id: str) -> tuple[Annotation | None, list[Problem]]:
    """Read at most the size limit (and never a pipe or device, which could block), then load."""
    full = entry.path
    try:
        # The folder listing tells a plain regular file (the usual case) without a `stat` call.
        if not entry.is_file(follow_symlinks=False):
            status = os.stat(full)
            if not stat.S_ISREG(status.st_mode):
                return None, [Problem(Location(path), "not a regular file", "replace it with a .yml file")]
            if status.st_size > MAX_FILE_BYTES:
                return None, [_too_big(status.st_size, path)]
        data = _read_at_most(full, MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, [_too_big(os.stat(full).st_size, path)]
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        return None, [Problem(Location(path), message, "check that it exists and can be read")]
    return load_text(data, path, folder, id)


_READ_ONLY = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def _read_at_most(full: str, size: int) -> bytes:
    """The file's first `size` bytes, read with plain system calls (a buffered file object costs more)."""
    descriptor = os.open(full, _READ_ONLY)
    try:
        chunks: list[bytes] = []
        while size > 0 and (chunk := os.read(descriptor, size)):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_RENAME = "rename it with lowercase letters a-z, digits and hyphens"


def _shown(path: str) -> str:
    """`path` as it can be shown: undecodable bytes and control characters become U+FFFD."""
    if path.isascii() and path.isprintable():
        return path  # the usual name, which would come back unchanged: no encoding round trip or scan
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return NOT_IN_HTML.sub("\ufffd", text)


def _layout_problem(parts: tuple[str, ...], path: str) -> Problem | None:
    """What is wrong with where a file is, or None for annotations/<kind>/<id>.yml."""
    name = parts[-1]
    stem = _stem(name)
    if len(parts) == 1:
        return Problem(Location(path), "annotation files go in a kind folder", f"move it to {_kind_folders(stem)}")
    folder = parts[0]
    if folder not in KINDS:
        return _unknown_folder(folder, path)
    if len(parts) > 2:
        message = f"subfolders are not allowed in '{folder}'"
        return Problem(Location(path), message, f"move it to {folder}/{stem}{EXTENSION}")
    if not name.endswith(EXTENSION):
        message = f"annotation files must end in {EXTENSION}"
        return Problem(Location(path), message, f"rename it to {stem}{EXTENSION}")
    return None


def _stem(name: str) -> str:
    """A file name without its last suffix: pathlib's `stem`, without building a Path."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _kind_folders(stem: str) -> str:
    return " or ".join(f"{kind}/{stem}{EXTENSION}" for kind in KINDS)


def _reject(result: AnnotationSet, id: str, kind: str, path: str, problems: list[Problem]) -> None:
    problems = sorted(problems, key=Problem.sort_key)
    result.rejected.append(Rejected(id, kind, Location(path), tuple(problems)))
    result.problems += problems


def _dangling(annotation: Annotation, known: set[str]) -> list[Problem]:
    """Problems for ids this annotation refers to that name no annotation file."""
    references: list[tuple[str, Location]] = []
    if isinstance(annotation, Term):
        references += zip(annotation.see_also, annotation.see_also_where)
    elif isinstance(annotation, CrossRef) and isinstance(annotation.to, AnnotationTarget):
        references.append((annotation.to.annotation, annotation.to.where))
    return [
        Problem(where, f"no annotation has the id '{other}'", _nearest_id(other, known))
        for other, where in references
        if id_ok(other) and other not in known
    ]


_NO_SUCH_ID = "an id is the name of a file under annotations/<kind>/, without .yml"


def _nearest_id(id: str, known: set[str]) -> str:
    # Not the list of every id: a project may have hundreds.
    close = difflib.get_close_matches(id, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else _NO_SUCH_ID
