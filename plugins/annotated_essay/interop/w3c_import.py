"""The W3C Web Annotation import: annotations from this project or another tool
(Hypothesis, ...) back into annotation files.

An annotation this project exported carries its own fields (`ae:annotation`) and
comes back exactly; any other is mapped by `w3c_foreign`. Each file is checked with
the loader, and its selectors against the essay, so what is written passes `check`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..anchoring import anchor
from ..anchoring.anchor import TextMap
from .export import own_fields, too_deep
from ..fields import MAX_ID_LENGTH, id_ok
from ..files.write import FOLDER_OF_KIND, dump_fields
from ..render.iris import slug
from ..site import shown_path
from ..files.load import load_text
from ..model import Annotation, Claim, CrossRef, Quotation, Selector, one_line
from .w3c_foreign import SHAPE, NotMapped, foreign_fields, shape_problem

if TYPE_CHECKING:
    from ..site import SiteBuild


@dataclass(frozen=True)
class Planned:
    """One annotation file to write: `annotations/<folder>/<id>.yml`."""

    folder: str
    id: str
    text: str

    @property
    def relpath(self) -> str:
        return f"{self.folder}/{self.id}.yml"


@dataclass
class ImportPlan:
    """What an import would write, and each annotation it could not map, with why."""

    files: list[Planned] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class ImportFormatError(ValueError):
    """The input is not W3C annotations at all (not JSON, or not a collection, page, list or
    annotation); `at` is the line and column of JSON that cannot be read."""

    def __init__(self, message: str, at: str = "") -> None:
        super().__init__(message)
        self.at = at


def read_json(text: str) -> Any:
    """The JSON in `text`; ImportFormatError saying where, if it is not JSON or nests too deep to be annotations."""
    deep = too_deep(text, 64)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        column = deep - text.rfind("\n", 0, deep)
        raise ImportFormatError("the JSON nests more than 64 levels deep: W3C annotations never do", f"{line}:{column}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"not JSON: {error.msg}", f"{error.lineno}:{error.colno}") from error


def items_of(data: Any, path: str = "") -> list[tuple[str, Any]]:
    """The annotations of a collection (its embedded first page), a page, a list or one
    annotation, each with where it is in `data` (a path such as `first.items[2]`); an
    item given only by its IRI (a string) is kept, to be reported."""
    if isinstance(data, list) and not path:
        return [item for i, d in enumerate(data) for item in items_of(d, f"[{i}]")]
    if not isinstance(data, dict) and not path:
        raise ImportFormatError("expected a JSON object or list of W3C annotations")
    problem = shape_problem(data, {"type": [str], "@type": [str], "first": (str, dict), "items": list}, path)
    if problem:
        raise ImportFormatError(problem)
    kind = data.get("type", data.get("@type", ()))
    kind = {kind} if isinstance(kind, str) else set(kind)
    if "AnnotationCollection" in kind:
        first = data.get("first")
        if isinstance(first, str):
            raise ImportFormatError(f"the collection's first page is not embedded ({first}): download the page and import it")
        return items_of(first, f"{path}.first".lstrip(".")) if first is not None else []
    if "AnnotationPage" in kind:
        return [(f"{path}.items[{i}]".lstrip("."), item) for i, item in enumerate(data.get("items", []))]
    if "Annotation" in kind:
        return [(path, data)]
    raise ImportFormatError(f"{path + ': ' if path else ''}not a W3C annotation, page or collection (type: {data.get('type')!r})")


def plan(data: Any, text_map: TextMap, existing: Iterable[str] = ()) -> ImportPlan:
    """Map every annotation in `data`; `existing` are ids already used in the annotations folder."""
    result = ImportPlan()
    taken = set(existing)
    for path, item in items_of(data):
        if isinstance(item, str):
            result.skipped.append(f"{item}: only its address is in the file, not the annotation")
            continue
        label = item["id"] if isinstance(item, dict) and isinstance(item.get("id"), str) else f"the annotation at {path}" if path else "the annotation"
        try:
            planned = _plan_one(item, text_map, taken)
        except NotMapped as reason:
            result.skipped.append(f"{label}: {reason}")
            continue
        taken.add(planned.id)
        result.files.append(planned)
    return result


def _plan_one(item: Any, tm: TextMap, taken: set[str]) -> Planned:
    problem = shape_problem(item, SHAPE, "")
    if problem:
        raise NotMapped(problem)
    own = own_fields(item)
    if own is not None and own["kind"] in FOLDER_OF_KIND:
        kind, wanted, fields = own["kind"], str(own.get("id", "")), own["fields"]
    else:
        (kind, fields), wanted = foreign_fields(item, tm), ""
    folder = FOLDER_OF_KIND[kind]
    ident = wanted if id_ok(wanted) else _id_from(item, fields)
    if ident in taken:
        raise NotMapped(f"the id '{ident}' is already used: an existing file is never overwritten")
    text = dump_fields(fields)
    _check(text, folder, ident, tm)
    return Planned(folder, ident, text)


def _check(text: str, folder: str, ident: str, tm: TextMap) -> None:
    annotation, problems = load_text(text.encode("utf-8"), f"{folder}/{ident}.yml", folder, ident)
    errors = [p for p in problems if p.severity == "error"]
    if annotation is None or errors:
        raise NotMapped("; ".join(p.message for p in errors) or "the annotation cannot be read")
    for selector in _selectors(annotation):
        found = len(anchor.find_quote(tm, selector))
        if found != 1:
            where = "not found in the essay" if not found else f"matches {found} places in the essay"
            raise NotMapped(f'the quote "{selector.quote[:60]}" is {where}')


def _selectors(annotation: Annotation) -> list[Selector]:
    if isinstance(annotation, Claim):
        return [annotation.selector]
    if isinstance(annotation, CrossRef):
        return [annotation.from_, *([annotation.to] if isinstance(annotation.to, Selector) else [])]
    if isinstance(annotation, Quotation):
        return [annotation.start, *([annotation.end] if annotation.end else [])]
    return []


def _id_from(item: dict[str, Any], fields: dict[str, Any]) -> str:
    """An id from the annotation's IRI (its fragment or last segment), else from its words."""
    iri = str(item.get("id") or "")
    for candidate in (iri.rpartition("#")[2], iri.rstrip("/").rpartition("/")[2]):
        if id_ok(candidate.lower()):
            return candidate.lower()
    passage = fields.get("from") or fields.get("start")
    words = fields.get("term") or fields.get("quote") or (passage.get("quote") if isinstance(passage, dict) else "")
    return slug(words if isinstance(words, str) else "")[:MAX_ID_LENGTH].strip("-") or "imported"


def write(result: ImportPlan, folder: Path) -> None:
    """Write the planned files under the annotations `folder`."""
    for planned in result.files:
        (folder / planned.folder).mkdir(parents=True, exist_ok=True)
        (folder / planned.relpath).write_text(planned.text, encoding="utf-8")


def import_file(build: SiteBuild, path: Path, dry_run: bool = False) -> int:
    """`annotated-essay import`: read `path`, write what maps, report the rest.

    Returns 0 when every annotation was mapped, 1 when some were not or the
    file cannot be read as W3C annotations (the message says where and why).
    """
    try:
        data = read_json(path.read_text(encoding="utf-8"))
        in_use = [*(a.id for a in build.annotations.annotations), *(r.id for r in build.annotations.rejected)]
        result = plan(data, build.edition.text_map, in_use)
    except (OSError, UnicodeDecodeError, ImportFormatError) as error:
        at = f":{error.at}" if isinstance(error, ImportFormatError) and error.at else ""
        print(one_line(f"{path}{at}: error: {error}"), file=sys.stderr)
        return 1
    folder = build.settings.annotations
    verb = "would write" if dry_run else "wrote"
    if not dry_run:
        write(result, folder)
    for planned in result.files:
        print(f"{verb} {shown_path(folder, build.settings.base)}/{planned.relpath}")
    for reason in result.skipped:
        print(one_line(f"{path}: not imported: {reason}"), file=sys.stderr)
    print(f"{len(result.files)} imported, {len(result.skipped)} not imported")
    return 1 if result.skipped else 0
