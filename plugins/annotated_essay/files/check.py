"""Checking a file's YAML nodes against the field tables of `..fields`.

What each kind may contain is declared once, in `FIELDS` and `PARTS`: the
checks here are driven by those tables, one converter per field type. Two
rules shape the code. Every problem is collected, never raised, so a
contributor sees all of them at once. And every value kept is well-formed: a
bad date or URL is reported and replaced by its empty default, so the
renderers never have to check again.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..fields import DATE, FIELDS, MAX_NESTING, NOT_IN_HTML, PARTIAL_DATE, PARTS, PLACEHOLDER, PLACEHOLDER_LEFT, FieldSpec, id_ok, nesting, url_problem
from ..model import Location, Problem, Severity
from .yamlnodes import Map, Scalar, Seq, YamlNode, describe

__all__ = ["BOOLS", "AnnotationFile", "CheckedMapping", "check_root", "nearest"]


@dataclass
class AnnotationFile:
    """One file being read: where it is, its id, and what is wrong with it."""

    path: str
    id: str
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    """Set when something required is missing or unusable: no annotation can be built."""

    def report(self, where: YamlNode | Location, message: str, hint: str = "", *, fatal: bool = False, severity: Severity = "error") -> None:
        """Add a problem at `where` (a node of this file, or a location)."""
        location = where if isinstance(where, Location) else where.at(self.path)
        self.problems.append(Problem(location, message, hint, severity))
        self.fatal = self.fatal or fatal


@dataclass
class CheckedMapping:
    """The usable values of one mapping, with the node each value came from (for locations)."""

    path: str
    node: Map
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, YamlNode] = field(default_factory=dict)

    @property
    def start(self) -> Location:
        """Where the mapping starts."""
        return self.node.at(self.path)

    def where(self, name: str) -> Location:
        """Where the value of `name` stands; the mapping's start when it has none."""
        value = self.nodes.get(name)
        return self.start if value is None else value.at(self.path)


def nearest(word: str, choices: Sequence[str], what: str) -> str:
    """'did you mean ...?' for a near miss or a shortened word; else the list of choices."""
    close = difflib.get_close_matches(word, choices, n=1)
    # `partly` for `partly-supported`: too short for difflib's ratio, still clear.
    close = close or [choice for choice in choices if word and choice.startswith(word)][:1]
    return f"did you mean '{close[0]}'?" if close else f"{what}: {', '.join(choices)}"


def check_root(file: AnnotationFile, root: YamlNode | None, kind_folder: str) -> CheckedMapping | None:
    """The checked top-level mapping of a `kind_folder` file, or None when no annotation can be built."""
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
    checked = _check_mapping(file, root, table, "")
    # A tag or anchor on the whole file was reported by the parser: do not trust it.
    return None if file.fatal or root.flagged else checked


# --- Keys ----------------------------------------------------------------------


def _check_mapping(file: AnnotationFile, node: Map, table: dict[str, FieldSpec], parent: str) -> CheckedMapping:
    """Check every key of `node` against `table`; keep the values that are usable."""
    checked = CheckedMapping(file.path, node)
    seen: dict[str, Scalar] = {}
    unknown: list[Scalar] = []
    for key, value in node.pairs:
        if key.flagged:
            continue  # its anchor, tag or alias is reported already
        if not isinstance(key, Scalar):
            file.report(key, f"a key must be plain text, not {describe(key)}", "write `key: value`")
            continue
        name = key.value
        if name in seen:
            file.report(key, f"duplicate key '{name}' (first at line {seen[name].line})", "keep one of them")
            continue
        seen[name] = key
        spec = table.get(name)
        if spec is None:
            unknown.append(key)
            continue
        result = _CONVERTERS[spec.type](file, spec, key, value, f"{parent}.{name}" if parent else name)
        if result is _MISSING:
            file.fatal = file.fatal or spec.required
        else:
            checked.values[name] = result
            checked.nodes[name] = value
    if unknown:
        _report_unknown(file, unknown, table, seen, parent)
    _check_required(file, checked, table, seen, parent)
    return checked


def _report_unknown(
    file: AnnotationFile, unknown: list[Scalar], table: dict[str, FieldSpec], seen: dict[str, Scalar], parent: str
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
            file.report(key, f"unknown key '{key.value}'{inside}", nearest(key.value, list(table), "allowed keys"))


def _check_required(
    file: AnnotationFile, checked: CheckedMapping, table: dict[str, FieldSpec], seen: dict[str, Scalar], parent: str
) -> None:
    inside = f" in '{parent}'" if parent else ""
    for name, spec in table.items():
        if spec.required and name not in seen:
            message = f"missing required key '{name}'{inside}"
            file.report(checked.start, message, f"add a line like `{spec.example}`", fatal=True)
        if spec.required_unless:
            _check_required_unless(file, checked, name, spec, name in seen)


def _check_required_unless(file: AnnotationFile, checked: CheckedMapping, name: str, spec: FieldSpec, present: bool) -> None:
    other, exempt = spec.required_unless or ("", ())
    decider = checked.values.get(other)
    if decider is None or decider in exempt or checked.values.get(name):
        return
    if present and name not in checked.values:
        file.fatal = True  # there but wrong: reported already
        return
    message = f"'{name}' needs at least one entry when '{other}' is '{decider}'"
    hint = f"add `{spec.example}`, or set {other} to {' or '.join(exempt)}"
    file.report(checked.where(name), message, hint, fatal=True)


# --- Values: one converter per field type --------------------------------------


class _Missing:
    """No usable value: absent, or reported as wrong."""


_MISSING = _Missing()

# A converter checks one value: (file, spec, key, value, dotted name) -> value or _MISSING.
# _MISSING means "reported, or already reported"; the caller decides whether that is fatal.
Converter = Callable[[AnnotationFile, FieldSpec, Scalar, YamlNode, str], Any]


def _is_null(node: YamlNode) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _string(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str, label: str = ""
) -> str | _Missing:
    """Any scalar, as written (never resolved to a bool, number or date), stripped."""
    label = label or f"'{name}'"
    if value.flagged:
        return _MISSING
    if not isinstance(value, Scalar):
        file.report(value, f"{label} must be text, not {describe(value)}", f"write it like `{spec.example}`")
        return _MISSING
    if value.is_null:
        file.report(key, f"{label} has no value", f"write it like `{spec.example}`")
        return _MISSING
    text = value.value.strip()
    raw = value.value
    if len(text) != len(raw) and raw.strip(" \t\r\n") != text:
        # Spaces YAML would not trim (a no-break space...): removed, but not without a word.
        trimmed = raw[: len(raw) - len(raw.lstrip())] + raw[len(raw.rstrip()) :]
        odd = next(c for c in trimmed if c not in " \t\r\n")
        message = f"{label} starts or ends with U+{ord(odd):04X}, a space that is removed"
        file.report(value, message, "remove it, or use a plain space inside the text", severity="warning")
    # YAML refused them written as they are: in ASCII text only an escape (in double quotes) can write one.
    hidden = NOT_IN_HTML.search(text) if value.double_quoted or not text.isascii() else None
    if hidden:  # HTML forbids them, so they go
        message = f"{label} contains the control character U+{ord(hidden.group()):04X}, which HTML does not allow"
        file.report(value, message, "remove the escape sequence")
        text = NOT_IN_HTML.sub("", text).strip()
    if not text:
        file.report(value, f"{label} is empty", f"write it like `{spec.example}`")
        return _MISSING
    if spec.limit is not None and len(text) > spec.limit:
        file.report(value, f"{label} is {len(text)} characters long; the limit is {spec.limit}", "shorten it")
    if text.startswith(PLACEHOLDER):  # left from `annotated-essay new`, whose placeholder says what to write
        what = text[len(PLACEHOLDER) :].strip(" :") or f"a value like `{spec.example}`"
        file.report(value, f"{label} {PLACEHOLDER_LEFT}", f"replace it with your own words: {what}")
    return text


def _markdown(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    text = _string(file, spec, key, value, name)
    # Each level takes two characters at least (a marker and a space): most notes are too short to look at.
    depth = nesting(text) if isinstance(text, str) and len(text) > 2 * MAX_NESTING else 0
    if depth > MAX_NESTING:
        message = f"'{name}' nests lists or block quotes {depth} levels deep; the limit is {MAX_NESTING}: it is shown as plain text"
        file.report(value, message, "nest fewer lists or quotes inside each other")
    return text


def _enum(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing) or text in spec.choices:
        return text
    file.report(value, f"unknown {key.value} '{text}'", nearest(text, spec.choices, "use one of"))
    return _MISSING


def _date(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """A checked date; a wrong one is reported and left empty (or out, when optional)."""
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing):
        return text
    partial = spec.type == "partial-date"
    match = (PARTIAL_DATE if partial else DATE).fullmatch(text)
    if match is None:
        shape = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else "YYYY-MM-DD"
        message = f"'{name}' must be a date written {shape}, not '{text}'"
        file.report(value, message, f"write it like `{spec.example}`")
    elif not _real_date(*match.groups()):
        file.report(value, f"'{name}' is not a real date: '{text}'", "check the month and the day")
    else:
        return text
    return "" if spec.required else _MISSING


def _real_date(year: str, month: str | None, day: str | None) -> bool:
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _url(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """A checked http(s) URL; a wrong one is reported and left empty, so it never becomes a link."""
    text = _string(file, spec, key, value, name)
    if isinstance(text, _Missing):
        return text
    problem = url_problem(text)
    if problem is None:
        return text
    file.report(value, f"'{name}' {problem}", "write a full address starting with https://")
    return ""


BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _bool(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> bool | _Missing:
    if value.flagged:
        return _MISSING
    if isinstance(value, Scalar) and value.plain and value.value in BOOLS:
        return BOOLS[value.value]
    if isinstance(value, Scalar) and not value.is_null:
        file.report(value, f"'{name}' must be true or false, not '{value.value}'", "write true or false")
    else:
        where = key if _is_null(value) else value
        file.report(where, f"'{name}' must be true or false, not {describe(value)}", "write true or false")
    return _MISSING


_ID_HINT = "an id is a file name without .yml: lowercase letters, digits and hyphens"


def _id(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> str | _Missing:
    """An id as written; an ill-formed one is reported but kept (it will name nothing)."""
    text = _string(file, spec, key, value, name)
    if not isinstance(text, _Missing) and not id_ok(text):
        file.report(value, f"'{name}' is not a valid annotation id: '{text}'", _ID_HINT)
    return text


def _has_shape(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str, shape: type, what: str
) -> bool:
    """True if `value` is a `shape` node; otherwise report it (once) and say False."""
    if value.flagged:
        return False  # its anchor, tag or alias is reported already
    if isinstance(value, shape):
        return True
    where = key if _is_null(value) else value
    file.report(where, f"'{name}' must be {what}, not {describe(value)}", f"write it like `{spec.example}`")
    return False


def _list(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> list[YamlNode] | _Missing:
    if not _has_shape(file, spec, key, value, name, Seq, "a list"):
        return _MISSING
    return value.items  # type: ignore[attr-defined]


def _entries(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> list[tuple[str, YamlNode]] | _Missing:
    """The texts of a list, each with its node; a bad entry is reported (at the entry) and left out."""
    items = _list(file, spec, key, value, name)
    if isinstance(items, _Missing):
        return items
    entries: list[tuple[str, YamlNode]] = []
    for item in items:
        if _is_null(item):
            file.report(item, f"an entry of '{name}' is empty", "remove the empty entry")
            continue
        text = _string(file, spec, item, item, name, label=f"an entry of '{name}'")  # type: ignore[arg-type]
        if isinstance(text, str):
            entries.append((text, item))
    return entries


def _text_list(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[str, ...] | _Missing:
    entries = _entries(file, spec, key, value, name)
    return entries if isinstance(entries, _Missing) else tuple(text for text, _ in entries)


def _id_list(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[tuple[str, Location], ...] | _Missing:
    """Ids, each with where it stands; an ill-formed one is reported and left out."""
    entries = _entries(file, spec, key, value, name)
    if isinstance(entries, _Missing):
        return entries
    for text, item in entries:
        if not id_ok(text):
            file.report(item, f"an entry of '{name}' is not a valid annotation id: '{text}'", _ID_HINT)
    return tuple((text, item.at(file.path)) for text, item in entries if id_ok(text))


def _mapping(file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str) -> CheckedMapping | _Missing:
    if not _has_shape(file, spec, key, value, name, Map, "a mapping"):
        return _MISSING
    return _check_mapping(file, value, PARTS[spec.parts[0]], name)  # type: ignore[arg-type]


def _mapping_list(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[CheckedMapping, ...] | _Missing:
    """Mappings; a bad entry cannot be left out unnoticed (a source is not optional text), so it is fatal."""
    items = _list(file, spec, key, value, name)
    if isinstance(items, _Missing):
        return items
    mappings: list[CheckedMapping] = []
    for item in items:
        if item.flagged:
            file.fatal = True  # an alias or a tag: reported already
        elif not isinstance(item, Map):
            message = f"an entry of '{name}' must be a mapping, not {describe(item)}"
            file.report(item, message, f"write it like `{spec.example}`", fatal=True)
        else:
            mappings.append(_check_mapping(file, item, PARTS[spec.parts[0]], name))
    return tuple(mappings)


_TARGET_FORMS = "a passage (quote:), another annotation (annotation: <id>), or a page (url: and title:)"


def _target(
    file: AnnotationFile, spec: FieldSpec, key: Scalar, value: YamlNode, name: str
) -> tuple[str, CheckedMapping] | _Missing:
    """An xref's `to`: exactly one of the forms named in `spec.parts`, told apart by their keys."""
    if value.flagged:
        return _MISSING
    if not isinstance(value, Map):
        where = key if _is_null(value) else value
        file.report(where, f"'{name}' must be a mapping, not {describe(value)}", f"point it at {_TARGET_FORMS}")
        return _MISSING
    keys = {k.value for k, _ in value.pairs if isinstance(k, Scalar)}
    forms = [form for form in spec.parts if keys & PARTS[form].keys()]
    if len(forms) == 1:
        return forms[0], _check_mapping(file, value, PARTS[forms[0]], name)
    if forms:
        used = sorted(key for form in forms for key in keys & PARTS[form].keys())
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
